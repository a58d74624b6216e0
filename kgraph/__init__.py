"""kgraph: a knowledge graph of the AI research ecosystem, from pages and dumps.

    import kgraph
    report = kgraph.build(["examples/pages"], "out")
    kgraph.query("out", "SELECT ?t WHERE { ?p dcterms:title ?t }").rows
    g = kgraph.load_networkx("out")
"""

from kgraph.analytics import load_networkx
from kgraph.api import build, formats, load_rdflib, query, stats, validate, view

__all__ = ["build", "formats", "query", "stats", "view", "validate", "load_rdflib", "load_networkx"]
__version__ = "0.1.0"
