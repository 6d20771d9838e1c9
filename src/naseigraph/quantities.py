"""A value typed as printed ("~0.12 mS cm-1", "over 2800h", "0.5-1 mA cm-2") read into its
qualifier, number or range (digits as printed, never rounded) and unit: the unit text is parsed
by pint and matched to the QUDT or local unit of the quantity kind whose symbol pint reads as the
same unit (ontology/naseigraph.ttl: qudt:applicableUnit, qudt:symbol)."""

from __future__ import annotations

import math
import re
from functools import cache
from typing import NamedTuple

NUMBER = r"[-\u2212]?\d+(?:\.\d+)?"
PRINTED = re.compile(
    rf"^\s*(?P<low>{NUMBER})(?:\s*[-\u2013]\s*(?P<high>\d+(?:\.\d+)?))?\s*(?P<unit>.*?)\s*$"
)


class Quantity(NamedTuple):
    qualifier: str | None  # a local name of nsg:valueQualifiers, from the opening words
    value: str | None  # digits as printed
    low: str | None
    high: str | None
    unit: str  # the unit's text as printed ("mS cm-1"), "" where there is none


class UnreadableError(ValueError):
    """The printed text is not a number and a unit this module can read: say what to write."""


def read(printed: str, qualifiers: dict[str, str]) -> Quantity:
    """`printed` read into its qualifier, number or range, and unit text.

    >>> read("over 2800h", {"over": "MoreThan"})
    Quantity(qualifier='MoreThan', value='2800', low=None, high=None, unit='h')
    """
    qualifier, rest = _qualifier(printed, qualifiers)
    match = PRINTED.match(rest)
    if match is None:
        raise UnreadableError(f"{printed!r} does not start with a number: give value: and unit:")
    low, high, text = match["low"].replace("\u2212", "-"), match["high"], match["unit"]
    if high is None:
        return Quantity(qualifier, low, None, None, text)
    return Quantity(qualifier, None, low, high, text)


def _qualifier(printed: str, qualifiers: dict[str, str]) -> tuple[str | None, str]:
    for words in sorted(qualifiers, key=len, reverse=True):  # "more than" before "more"
        if printed.lower().startswith(words) and (words == "~" or printed[len(words) :][:1] == " "):
            return qualifiers[words], printed[len(words) :].strip()
    return None, printed


def match_unit(text: str, units: dict[str, str]) -> str:
    """The IRI among `units` whose symbol pint reads as the unit `text` is; a count's words
    ("cycles", "MLD cycles") are its unit where the kind counts."""
    counts = [iri for iri, symbol in units.items() if symbol == "#"]
    if counts and re.fullmatch(r"[A-Za-z ]*", text):
        return counts[0]
    if not text:
        names = ", ".join(_named(units))
        raise UnreadableError(f"the printed text gives no unit: give unit: ({names})")
    registry = _registry()
    try:
        printed = registry.parse_units(_pint_text(text))
    except Exception:  # pint raises several kinds for text it cannot read
        said = f"pint cannot read the unit {text!r}: give unit: (its IRI name)"
        raise UnreadableError(said) from None
    for iri, symbol in units.items():
        if symbol != "#" and _same(registry, printed, symbol):
            return iri
    names = ", ".join(_named(units)) or "none"
    raise UnreadableError(
        f"the unit {text!r} is none of this kind's units ({names}): correct the kind or the"
        " printed text"
    )


def _named(units: dict[str, str]) -> list[str]:
    """Each unit as a curator writes it in `unit:`: "mS/cm (MilliS-PER-CentiM)"."""
    return [
        f"{symbol} ({iri.rsplit('/', 1)[-1].rsplit('#', 1)[-1]})" for iri, symbol in units.items()
    ]


def _same(registry, printed, symbol: str) -> bool:
    try:
        known = registry.parse_units(_pint_text(symbol))
    except Exception:
        return False
    if printed.dimensionality != known.dimensionality:
        return False
    if "degree_Celsius" in (str(printed), str(known)):  # an offset unit: only itself
        return str(printed) == str(known)
    return math.isclose(registry.Quantity(1, printed).to(known).magnitude, 1.0, rel_tol=1e-9)


def _pint_text(text: str) -> str:
    """Printed unit text as pint's parser reads it: "mAh cm-2" as "mA*h*cm**-2"."""
    text = text.replace("²", "2").replace("³", "3").replace("·", " ").replace("\u2212", "-")
    text = re.sub(r"(?<![A-Za-z])([munkMG]?)Ah", r"\1A*h", text)  # mAh: milliampere hour
    text = re.sub(r"([A-Za-zµ])(-?\d)", r"\1**\2", text)  # cm-2, cm2
    text = re.sub(r"\s*/\s*", "/", text.strip())
    return re.sub(r"\s+", "*", text).replace("%", "percent")


@cache
def _registry():
    import pint

    return pint.UnitRegistry()
