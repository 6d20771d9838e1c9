"""naseigraph: the knowledge graph of artificial SEI layers on sodium-metal anodes.

Everything is read from one review (doi:10.20944/preprints202305.1544.v1); every fact carries
its section, figure and reference numbers.
"""

from importlib.metadata import version

from naseigraph.graph import NaseigraphError, load, load_store
from naseigraph.queries import list_queries, run_query, sparql
from naseigraph.validation import Report, validate

__version__ = version("naseigraph")
__all__ = [
    "NaseigraphError",
    "Report",
    "__version__",
    "list_queries",
    "load",
    "load_store",
    "run_query",
    "sparql",
    "validate",
]
