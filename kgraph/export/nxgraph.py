"""The view of a build's blocks the HTML page draws: one node per typed resource, one edge per object property.

Attributes are the scalars graph.graphml holds (GraphML cannot hold lists or None):
several values are joined with " | ", an author list becomes the names in order, so
the page and the GraphML file, which shares `local_name` and `JOIN`, agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from kgraph.export.pagegraph import PageGraph
from kgraph.graph import IRI, Block, BNode, Collection, Literal
from kgraph.vocab import NS

__all__ = ["blocks_to_page_graph", "local_name", "JOIN"]

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


def blocks_to_page_graph(blocks: Iterable[Block]) -> PageGraph:
    """The view of the graph holding `blocks` (one per subject), without building that graph
    or making (and importing) a networkx one."""
    nodes, edges = _blocks_view(blocks)
    return PageGraph(nodes, [(s, o, name, name) for s, o, name in edges])


class _View(NamedTuple):
    nodes: dict[str, dict[str, object]]  # sorted by IRI, attributes in the order written
    edges: list[tuple[str, str, str]]  # (source, target, relation), each once, in the order found


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
