"""naseigraph: the knowledge graph of artificial SEI layers on sodium-metal anodes.

Everything is read from one review (doi:10.20944/preprints202305.1544.v1); every fact carries
its section, figure and reference numbers. The API is imported lazily, so the command line
loads rdflib, pySHACL and friends only for the commands that use them.
"""

from importlib import import_module

_API = {
    "NaseigraphError": "naseigraph.graph",
    "load": "naseigraph.store",
    "load_store": "naseigraph.store",
    "list_queries": "naseigraph.queries",
    "run_query": "naseigraph.queries",
    "sparql": "naseigraph.queries",
    "Report": "naseigraph.validation",
    "validate": "naseigraph.validation",
    "qc": "naseigraph.quality",
    "reason": "naseigraph.inference",
    "to_networkx": "naseigraph.network",
    "export": "naseigraph.exports",
    "plot": "naseigraph.plots",
    "show": "naseigraph.cards",
    "search": "naseigraph.find",
    "coverage": "naseigraph.sentence_coverage",
    "add": "naseigraph.curation",
    "diff": "naseigraph.changes",
    "release": "naseigraph.release",
}
__all__ = ["__version__", *_API]


def __dir__() -> list[str]:
    return sorted(__all__)


def __getattr__(name: str):
    if name == "__version__":  # read when asked: importlib.metadata adds ~30 ms to every command
        from importlib.metadata import version

        return version("naseigraph")
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'naseigraph' has no attribute {name!r}")
