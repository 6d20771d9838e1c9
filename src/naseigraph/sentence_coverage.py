"""`naseigraph coverage`: how much of the review's text the graph accounts for.

From the graph alone (the sentence inventory, nsg:readFrom links and the curator's reasons):
per section and caption, how many sentences carry a fact; the sentences that carry none, with
their reason or flagged uncovered; and the references no fact cites.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pyoxigraph as ox

from naseigraph.queries import execute, rows, view
from naseigraph.store import load_store


@dataclass
class Coverage:
    sentences: list[dict]  # sentence, part, ordinal, label, facts, reason
    orphans: list[dict]  # number, label, reason: references no fact cites

    @property
    def uncovered(self) -> list[dict]:
        return [s for s in self.sentences if not s["facts"] and not s["reason"]]

    @property
    def uncited(self) -> list[dict]:
        """References that no fact cites and no reason explains."""
        return [r for r in self.orphans if not r["reason"]]

    @property
    def complete(self) -> bool:
        """No sentence without a fact or a reason, no reference uncited without a reason."""
        return not self.uncovered and not self.uncited

    def parts(self) -> list[dict]:
        """One row per section or caption: sentences, with a fact, with a reason, uncovered."""
        table: dict[str, dict] = {}
        for s in self.sentences:
            row = table.setdefault(
                s["part"], {"part": s["part"], "sentences": 0, "with_fact": 0, "reason": 0}
            )
            row["sentences"] += 1
            row["with_fact"] += bool(s["facts"])
            row["reason"] += bool(not s["facts"] and s["reason"])
        for row in table.values():
            row["uncovered"] = row["sentences"] - row["with_fact"] - row["reason"]
        return sorted(table.values(), key=lambda r: (r["part"].startswith("Figure"), _key(r)))

    def to_text(self, *, summary: bool = False) -> str:
        """The table by part; then (unless `summary`, which lists only the uncovered ones) every
        sentence that carries no fact with its reason; then the references no fact cites."""
        from naseigraph.tables import table

        names = ["part", "sentences", "with_fact", "reason", "uncovered"]
        parts = self.parts()
        total = {n: sum(r[n] for r in parts) for n in names[1:]}
        cells = [[str(r[n]) for n in names] for r in [*parts, {"part": "all", **total}]]
        listed = self.uncovered if summary else [s for s in self.sentences if not s["facts"]]
        heading = (
            "Sentences with no fact and no reason:" if summary else "Sentences that carry no fact:"
        )
        out = [table(names, cells), "", heading]
        for s in listed:
            out.append(f"  {s['label']}: {s['reason'] or 'UNCOVERED (no fact, no reason)'}")
        if summary and not listed:
            out.append("  none")
        out += ["", "References that no fact cites:"]
        out += [
            f"  {r['label']}: {r['reason'] or 'UNCITED (no fact, no reason)'}" for r in self.orphans
        ] or ["  none"]
        return "\n".join(_fitted(line) for line in out)

    def to_json(self) -> str:
        data = {"parts": self.parts(), "sentences": self.sentences, "orphans": self.orphans}
        return json.dumps(data, indent=2, ensure_ascii=False)


def _fitted(line: str, width: int = 80) -> str:
    """A listed line wrapped to the width of a terminal that is not one (80)."""
    import textwrap

    if len(line) <= width or not line.startswith("  "):
        return line
    return "\n".join(textwrap.wrap(line, width, initial_indent="", subsequent_indent="    "))


def _key(row: dict) -> tuple:
    return tuple(int(n) for n in row["part"].removeprefix("Figure ").split("."))


def coverage(*, store: ox.Store | None = None) -> Coverage:
    """The review's sentences and references, and which of them the graph accounts for.

    >>> report = coverage()
    >>> len(report.sentences) > 250
    True
    """
    store = load_store() if store is None else store
    sentences = rows(execute(view("coverage"), store, source="coverage"))
    orphans = rows(execute(view("orphan-references"), store, source="coverage"))
    return Coverage(sentences, orphans)
