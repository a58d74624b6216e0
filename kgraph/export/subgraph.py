"""The part of a large graph that the HTML page shows, fetched back from the store.

The build streams its blocks and keeps only node degrees; once the store is
loaded, the most connected nodes (and the documents, for hover cards) are read
back from it into a small networkx view. For graphs of up to twice the page's
node budget every node is a candidate, so small builds show exactly what a full
in-memory view would.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kgraph.export.nxgraph import to_networkx
from kgraph.graph import IRI, BNode, KnowledgeGraph, Literal
from kgraph.iris import ID_BASE

__all__ = ["view_from_store"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _term(t):
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return IRI(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    dt = t.datatype.value if t.datatype is not None else None
    return Literal(t.value, None if dt in (None, _XSD_STRING) or t.language else dt, t.language)


def view_from_store(store_path: Path, tally, doc_paths: dict[str, str], *, max_nodes: int) -> nx.MultiDiGraph:
    """A networkx view of the candidate nodes for the page, read from the on-disk store."""
    import pyoxigraph as ox

    typed = [n for n, t in tally.node_type.items() if t != "SourceDocument"]
    if len(typed) > 2 * max_nodes:
        typed = sorted(typed, key=lambda n: (-tally.degree.get(n, 0), n))[: 2 * max_nodes]
    keep = set(typed) | set(doc_paths)
    store = ox.Store.read_only(str(store_path))
    kg = KnowledgeGraph()
    todo = [ox.NamedNode(n) for n in sorted(keep, reverse=True)]
    seen: set[str] = set()
    while todo:
        subject = todo.pop()
        if str(subject) in seen:
            continue
        seen.add(str(subject))
        s = _term(subject)
        for q in store.quads_for_pattern(subject, None, None, None):
            if not isinstance(q.graph_name, ox.NamedNode):
                continue  # the store's merged default graph repeats the named graphs
            o = _term(q.object)
            if isinstance(o, IRI) and o.startswith(ID_BASE) and o not in keep:
                continue  # an edge to a node the page will not show
            if isinstance(o, BNode):
                todo.append(q.object)  # an author list: follow it
            kg.add(s, q.predicate.value, o, q.graph_name.value)
    del store
    return to_networkx(kg)
