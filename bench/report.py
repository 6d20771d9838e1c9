"""bench/RESULTS.md from the figures bench/run.py collected (bench/graphs/results.json).

python bench/report.py      # rewrite RESULTS.md from the last run's figures
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAMES = {"10k": "10k", "100k": "100k", "1m": "1M"}


def write_report(results: dict, path: Path) -> None:
    text = "\n".join(report(results)) + "\n"
    handle, temporary = tempfile.mkstemp(prefix=".RESULTS.", dir=path.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)


# ---- numbers as people read them ---------------------------------------------------------------


def spread(seconds: list[float]) -> tuple[float, float, float, int] | None:
    if not seconds:
        return None
    return statistics.median(seconds), min(seconds), max(seconds), len(seconds)


def duration(seconds: float) -> str:
    if seconds < 0.001:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1000:.3g} ms" if seconds < 0.1 else f"{seconds * 1000:.0f} ms"
    return f"{seconds:.3g} s"


def timing(entry: dict | None) -> str:
    """'12.3 ms (11.9-13.0, n=5)', or what stopped it."""
    if not entry:
        return "-"
    if entry.get("timeout"):
        limit = entry["timeout"]
        return "killed (stuck)" if limit == "killed" else f"timeout (> {limit:g} s)"
    found = spread(entry.get("seconds", []))
    if found is None:
        return entry.get("error", entry.get("skipped", "-"))
    median, low, high, n = found
    if n == 1:
        return f"{duration(median)} (n=1)"
    return f"{duration(median)} ({duration(low)}-{duration(high)}, n={n})"


def median_of(entry: dict | None) -> float | None:
    found = spread((entry or {}).get("seconds", []))
    return found[0] if found and not (entry or {}).get("timeout") else None


def ratio(slow: dict | None, fast: dict | None) -> str:
    """How many times faster `fast` is; a lower bound when `slow` timed out."""
    quick = median_of(fast)
    if not quick:
        return "-"
    if slow and slow.get("timeout") and slow["timeout"] != "killed":
        return f"> {slow['timeout'] / quick:,.0f}x"
    other = median_of(slow)
    return f"{other / quick:,.0f}x" if other else "-"


def speedup(slow: dict | None, fast: dict | None) -> float | None:
    quick = median_of(fast)
    if not quick:
        return None
    if slow and slow.get("timeout") and slow["timeout"] != "killed":
        return slow["timeout"] / quick
    other = median_of(slow)
    return other / quick if other else None


def mib(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f} MiB"


# ---- the report --------------------------------------------------------------------------------


def report(results: dict) -> list[str]:
    m = results["machine"]
    lines = [
        "# Benchmark results",
        "",
        "Produced by `python bench/run.py` (graphs from `bench/generate.py`, seed "
        f"{results['seed']}); the whole matrix took {results.get('minutes', 0):.0f} minutes. "
        "Every figure is from that one run: medians over repeated runs, with min-max and the "
        "number of runs n; a query's first run warms up and is not counted unless it takes over "
        "a second. Each engine runs in a process of its own, so its peak resident memory "
        "(the kernel's high-water mark, VmHWM) is its own, Python and libraries included.",
        "",
        f"**Machine.** {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB RAM, {m['system']}, "
        f"Python {m['python']}; run {m['date']}. Packages: "
        + ", ".join(f"{k} {v}" for k, v in m["packages"].items())
        + ".",
        "",
    ]
    lines += targets(results)
    lines += cold(results)
    for size, data in results["sizes"].items():
        lines += one_size(size, data)
    lines += notes(results)
    return lines


def _triples(data: dict) -> int:
    return (data.get("oxigraph", {}).get("load") or {}).get("triples", 0)


def targets(results: dict) -> list[str]:
    rows = []
    cli = results.get("cli", {})
    query = spread([r["seconds"] for r in cli.get("query precursors-yielding", [])])
    if query:
        rows.append(
            _target(
                "cold `naseigraph query precursors-yielding`, shipped graph",
                "< 0.3 s wall",
                query[0],
                0.3,
                duration,
            )
        )
    validate = spread([r["seconds"] for r in cli.get("validate", [])])
    if validate:
        rows.append(
            _target(
                "`naseigraph validate`, shipped graph", "< 0.5 s wall", validate[0], 0.5, duration
            )
        )
    big = results["sizes"].get("1m")
    if big:
        ox = big["oxigraph"]
        medians = {n: median_of(e) for n, e in ox["queries"].items()}
        over = {n: t for n, t in medians.items() if t is None or t >= 0.2}
        worst = max((t for t in medians.values() if t), default=0)
        verdict = (
            "met"
            if not over
            else (
                f"missed: {len(over)} of {len(medians)} over 200 ms, the slowest "
                f"{duration(worst)} ({worst / 0.2:.1f}x the target)"
            )
        )
        rows.append(
            (
                "1M triples: every canned query (Oxigraph)",
                "< 200 ms median",
                f"{len(medians) - len(over)} of {len(medians)} under",
                verdict,
            )
        )
        load = median_of(ox.get("load"))
        if load:
            rows.append(
                _target("1M triples: load (Oxigraph, Turtle)", "< 5 s", load, 5.0, duration)
            )
        peak = (ox.get("end") or {}).get("memory", {}).get("HWM")
        if peak:
            rows.append(
                _target(
                    "1M triples: peak resident memory (Oxigraph)",
                    "< 1 GB",
                    peak * 2**20 / 1e9,
                    1.0,
                    lambda v: f"{v:.2f} GB",
                )
            )
    mid = results["sizes"].get("100k")
    if mid:
        ups = {
            n: speedup(mid["rdflib"]["queries"].get(n), e)
            for n, e in mid["oxigraph"]["queries"].items()
        }
        slow = {n: u for n, u in ups.items() if u is None or u < 20}
        lowest = min((u for u in ups.values() if u), default=0)
        verdict = (
            "met"
            if not slow
            else (
                f"missed for {len(slow)}: "
                + ", ".join(f"{n} ({u:.0f}x)" if u else f"{n} (?)" for n, u in sorted(slow.items()))
            )
        )
        rows.append(
            (
                "100k triples: every canned query vs rdflib",
                "≥ 20x faster",
                f"lowest {lowest:,.0f}x",
                verdict,
            )
        )
        seconds = median_of(
            {"seconds": [mid["validation"].get("seconds")]}
            if mid["validation"].get("seconds")
            else None
        )
        if seconds:
            rows.append(
                _target("100k triples: validation (`validate()`)", "< 5 s", seconds, 5.0, duration)
            )
        elif mid["validation"].get("timeout"):
            rows.append(
                (
                    "100k triples: validation",
                    "< 5 s",
                    f"> {mid['validation']['timeout']} s",
                    "missed (timed out)",
                )
            )
    lines = ["## Targets", "", "| target | goal | measured | verdict |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return [*lines, "", "Where a target is missed, the notes at the end say why.", ""]


def _target(what, goal, value, limit, shown) -> tuple:
    verdict = (
        "met"
        if value < limit
        else (f"missed by {shown(value - limit)} ({value / limit:.1f}x the target)")
    )
    return (what, goal, shown(value), verdict)


def cold(results: dict) -> list[str]:
    lines = [
        "## The command line, cold, on the shipped graph",
        "",
        "Whole processes as a user starts them (`naseigraph ...`, output discarded); the "
        "operating system's file cache is warm.",
        "",
        "| command | wall time | peak memory |",
        "|---|---|---|",
    ]
    for label, runs in results.get("cli", {}).items():
        entry = {"seconds": [r["seconds"] for r in runs]}
        peak = max(r["peak_mib"] for r in runs)
        lines.append(f"| `naseigraph {label}` | {timing(entry)} | {mib(peak)} |")
    return [*lines, ""]


def one_size(size: str, data: dict) -> list[str]:
    name = NAMES.get(size, size)
    ox, disk, rd = data["oxigraph"], data["oxigraph-disk"], data["rdflib"]
    lines = [
        f"## {name}: {_triples(data):,} triples",
        "",
        f"The ontology, the review's data and synthetic papers "
        f"({data['file_mib']:.1f} MiB of Turtle for the synthetic part).",
        "",
        "### Load and memory",
        "",
        "| engine | load | after load | peak |",
        "|---|---|---|---|",
    ]
    for label, entry in (("Oxigraph, in memory", ox), ("rdflib, in memory", rd)):
        memory = (entry.get("load") or {}).get("memory", {})
        peak = (entry.get("end") or {}).get("memory", {}).get("HWM")
        lines.append(
            f"| {label} | {timing(entry.get('load'))} | {mib(memory.get('RSS'))} | {mib(peak)} |"
        )
    build = disk.get("load")
    peak = (disk.get("end") or {}).get("memory", {}).get("HWM")
    lines.append(
        f"| Oxigraph on disk (`--store`): build once | {timing(build)} | "
        f"{mib((build or {}).get('memory', {}).get('RSS'))} | {mib(peak)} |"
    )
    lines.append(
        f"| Oxigraph on disk: open again (every later command) | {timing(disk.get('reopen'))} | | |"
    )
    lines.append(f"| load ratio rdflib / Oxigraph | {ratio(rd.get('load'), ox.get('load'))} | | |")
    lines += [
        "",
        "### Canned queries",
        "",
        "Rows as `run_query` returns them (Python values), default parameters.",
        "",
        "| query | rows | Oxigraph | Oxigraph on disk | rdflib | rdflib / Oxigraph |",
        "|---|---|---|---|---|---|",
    ]
    for query, entry in ox["queries"].items():
        other = rd["queries"].get(query)
        lines.append(
            f"| {query} | {entry.get('rows', '-')} | {timing(entry)} | "
            f"{timing(disk['queries'].get(query))} | {timing(other)} | "
            f"{ratio(other, entry)} |"
        )
    disagree = [
        q
        for q, e in ox["queries"].items()
        if rd["queries"].get(q, {}).get("rows") not in (None, e.get("rows"))
    ]
    lines += [
        "",
        "Row counts agree between the engines for every query that finished on both"
        + (f", except {', '.join(disagree)}." if disagree else "."),
    ]
    if "inferred-oxigraph" in data:
        lines += [
            "",
            "### Queries over inferred classes",
            "",
            "The canned queries written over the reasoner's classes (`reason: true`), run "
            "over the OWL 2 RL closure that the reasoning row below computes (HermiT, their "
            "default, does not scale to these sizes).",
            "",
            "| query | rows | Oxigraph | rdflib | rdflib / Oxigraph |",
            "|---|---|---|---|---|",
        ]
        for query, entry in data["inferred-oxigraph"]["queries"].items():
            other = data["inferred-rdflib"]["queries"].get(query)
            lines.append(
                f"| {query} | {entry.get('rows', '-')} | {timing(entry)} | "
                f"{timing(other)} | {ratio(other, entry)} |"
            )
    if "binding" in data:
        lines += [
            "",
            "### Binding parameters: pyoxigraph's substitutions or terms in the text",
            "",
            "The parameterised canned queries with their defaults, bound by pyoxigraph's "
            "`substitutions` (SEP-0007) or written into the query text as naseigraph does "
            "(`src/naseigraph/substitution.py`; the same text goes to remote endpoints). "
            "Oxigraph, in memory; `timeout` is 60 s for the whole process.",
            "",
            "| query | substitutions | terms in the text | ratio |",
            "|---|---|---|---|",
        ]
        for query, modes in data["binding"].items():
            lines.append(
                f"| {query} | {timing(modes['substitutions'])} | "
                f"{timing(modes['text'])} | "
                f"{ratio(modes['substitutions'], modes['text'])} |"
            )
    lines += [
        "",
        "### Validation, reasoning and export",
        "",
        "| task | time | peak memory | result |",
        "|---|---|---|---|",
    ]
    lines += tasks(data)
    return [*lines, ""]


def tasks(data: dict) -> list[str]:
    rows = []
    v = data["validation"]
    result = (
        f"conforms: {v['conforms']}, {v['violations']} violations, {v['warnings']} warnings"
        if "conforms" in v
        else v.get("error", "")
    )
    rows.append(
        f"| validation (`naseigraph.validate`: pyrudof and Oxigraph) | {_task_time(v)} | "
        f"{mib(v.get('peak_mib'))} | {result} |"
    )
    r = data["reasoning"]
    if "missing" in r:
        rows.append(f"| reasoning, OWL 2 RL | GAP: {r['missing']} | | |")
    else:
        result = (
            f"consistent: {r['consistent']}, {r['inferred']:,} inferred triples"
            if "consistent" in r
            else r.get("error", "")
        )
        rows.append(
            f'| reasoning, OWL 2 RL (`reason(reasoner="rl")`) | {_task_time(r)} | '
            f"{mib(r.get('peak_mib'))} | {result} |"
        )
    exports = data["exports"]
    if "missing" in exports:
        rows.append(f"| export | GAP: {exports['missing']} | | |")
    else:
        for fmt, e in exports.items():
            size = f"{e['mib']:.1f} MiB written" if "mib" in e else e.get("error", "")
            rows.append(
                f"| export {fmt} (full view) | {_task_time(e)} | {mib(e.get('peak_mib'))} "
                f"| {size} |"
            )
    return rows


def _task_time(entry: dict) -> str:
    if entry.get("timeout"):
        return f"timeout (> {entry['timeout']} s)"
    if entry.get("skipped"):
        return entry["skipped"]
    if "seconds" in entry:
        return f"{duration(entry['seconds'])} (n=1)"
    return entry.get("error", "-")


def notes(results: dict) -> list[str]:
    path = HERE / "NOTES.md"
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


if __name__ == "__main__":
    figures = json.loads((HERE / "graphs" / "results.json").read_text())
    write_report(figures, HERE / "RESULTS.md")
    sys.stdout.write("wrote bench/RESULTS.md\n")
