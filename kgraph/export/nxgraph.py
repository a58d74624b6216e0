"""The graph as networkx sees it: one node per typed resource, one edge per object property.

This single view feeds GraphML, the HTML page and the analytics, so the three
agree. Attributes are scalars only (GraphML cannot hold lists or None): several
values are joined with " | ", an author list becomes the names in order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from kgraph.export.pagegraph import PageGraph
from kgraph.graph import IRI, Block, BNode, Collection, KnowledgeGraph, Literal
from kgraph.vocab import NS

if TYPE_CHECKING:  # imported by to_networkx: the GraphML writer uses this module's names
    import networkx as nx  # without networkx, which takes 0.1 s to import

__all__ = ["to_networkx", "blocks_to_networkx", "blocks_to_page_graph", "local_name", "JOIN"]

JOIN = " | "
RDF = NS["rdf"]
_INTEGER = {NS["xsd"] + "integer", NS["xsd"] + "int", NS["xsd"] + "long"}
_BOOLEAN = NS["xsd"] + "boolean"
_RDF_TYPE = RDF + "type"


@lru_cache(maxsize=4096)
def local_name(iri: str) -> str:
    """The part after the last '#' or '/': "https://w3id.org/kgraph/ontology#uses" -> "uses"."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[cut + 1:] if cut >= 0 else iri


def _scalar(lit: Literal) -> str | int | bool:
    if lit.datatype in _INTEGER:
        try:
            return int(lit.value)
        except ValueError:
            return lit.value
    if lit.datatype == _BOOLEAN:
        return lit.value == "true"
    return lit.value


def to_networkx(graph: KnowledgeGraph) -> nx.MultiDiGraph:
    """A MultiDiGraph keyed by IRI with `label`, `type`, literal attributes and `sources`."""
    return _networkx(_view(graph.triples(), graph.types()))


def blocks_to_networkx(blocks: Iterable[Block]) -> nx.MultiDiGraph:
    """to_networkx of the graph holding `blocks` (one per subject), without building
    that graph and sorting its triples."""
    return _networkx(_blocks_view(blocks))


def blocks_to_page_graph(blocks: Iterable[Block]) -> PageGraph:
    """The same view of `blocks` for the HTML page, with no networkx graph made (or imported)."""
    nodes, edges = _blocks_view(blocks)
    return PageGraph(nodes, [(s, o, name, name) for s, o, name in edges])


class _View(NamedTuple):
    nodes: dict[str, dict[str, object]]  # sorted by IRI, attributes in the order written
    edges: list[tuple[str, str, str]]  # (source, target, relation), each once, in the order found


def _networkx(view: _View) -> nx.MultiDiGraph:
    import networkx as nx

    g = nx.MultiDiGraph()
    for node, attrs in view.nodes.items():
        g.add_node(node, **attrs)
    for s, o, name in view.edges:
        g.add_edge(s, o, key=name, relation=name)
    return g


def _blocks_view(blocks: Iterable[Block]) -> _View:
    """_view of the graph holding `blocks`. A block's facts come in fact order, which the
    view cannot tell from the graph's triple order; the blocks may come in any order, as
    nodes are taken sorted and a node's edges all come from its own block. An author list
    is named by the labels it carries, so it reads the same whether or not its members
    are among the blocks."""
    ordered = list(blocks)
    types: dict[IRI | BNode, set[str]] = {}
    for block in ordered:
        for p, o, _ in block.facts:
            if p == _RDF_TYPE:
                types.setdefault(block.subject, set()).add(str(o))
    return _view(((block.subject, p, o) for block in ordered for p, o, _ in block.facts), types)


def _view(triples: Iterable[tuple], types: dict[IRI | BNode, set[str]]) -> _View:
    """The view of `triples`, each subject's taken in predicate, object order."""
    labels: dict[str, str] = {}
    literals: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    edges: list[tuple[str, str, str]] = []
    lists: dict[BNode, dict[str, object]] = defaultdict(dict)
    list_heads: list[tuple[str, str, BNode | Collection]] = []
    for s, p, o in triples:
        if isinstance(s, BNode):
            lists[s][p] = o
            continue
        name = local_name(p)
        if p == _RDF_TYPE:
            continue
        if isinstance(o, Literal):
            if name == "label":
                labels[s] = o.value
            else:
                literals[s][name].append(_scalar(o))
        elif isinstance(o, (BNode, Collection)):
            list_heads.append((s, name, o))
        elif o in types:
            edges.append((s, o, name))
        else:
            literals[s][name].append(str(o))

    nodes: dict[str, dict[str, object]] = {}
    for node in sorted(types):
        if isinstance(node, BNode):
            continue
        attrs: dict[str, object] = {
            "label": labels.get(node, local_name(node)),
            "type": "|".join(sorted(local_name(t) for t in types[node])),
        }
        for name, values in sorted(literals[node].items()):
            attrs[name] = values[0] if len(values) == 1 else JOIN.join(str(v) for v in values)
        nodes[str(node)] = attrs
    for s, name, head in list_heads:
        if isinstance(head, Collection):
            items = list(head.labels)
        else:
            items = []
            item: object = head
            while isinstance(item, BNode) and item in lists:
                first = lists[item].get(RDF + "first")
                items.append(labels.get(first, str(first)))
                item = lists[item].get(RDF + "rest")
        if s in nodes:
            nodes[s][name] = JOIN.join(items)
    kept: dict[tuple[str, str, str], None] = {}  # each (source, target, relation) once: one networkx edge
    derived_from: dict[str, set[str]] = defaultdict(set)  # node -> its wasDerivedFrom edges' targets
    for s, o, name in edges:
        if s in nodes and o in nodes:
            kept[(str(s), str(o), name)] = None
            if name == "wasDerivedFrom":
                derived_from[str(s)].add(str(o))
    for node, data in nodes.items():
        derived = data.pop("wasDerivedFrom", None)
        sources = [nodes[d].get("path", nodes[d]["label"]) for d in derived_from.get(node, ())]
        if sources:
            data["sources"] = JOIN.join(sorted(sources))
        elif derived:
            data["sources"] = str(derived)
    return _View(nodes, list(kept))
