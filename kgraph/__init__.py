"""kgraph: a knowledge graph of the AI research ecosystem, from pages and dumps.

    import kgraph
    report = kgraph.build(["examples/pages"], "out")
    kgraph.query("out", "SELECT ?t WHERE { ?p dcterms:title ?t }").rows
    g = kgraph.load_networkx("out")

Names are imported on first use, so `import kgraph` stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_ANALYTICS = ["load_networkx", "coauthorship", "paper_artifact", "artifact_dependencies", "dependency_cycles"]
_PLUGIN_TYPES = ["Mention", "Relation"]  # what an extractor plugin returns
__all__ = ["build", "formats", "query", "stats", "view", "validate", "explain", "load_rdflib", *_ANALYTICS,
           *_PLUGIN_TYPES]
__version__ = "0.1.0"

_HOME = {name: "kgraph.api" for name in __all__}
_HOME.update(dict.fromkeys(_ANALYTICS, "kgraph.analytics"))
_HOME.update(dict.fromkeys(_PLUGIN_TYPES, "kgraph.models"))


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(import_module(_HOME[name]), name)
    raise AttributeError(f"module 'kgraph' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
