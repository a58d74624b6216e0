"""The in-memory graph: RDF terms, and triples that remember which documents assert them.

Terms are tiny immutable Python values (no rdflib objects) so that building a
graph of many papers stays cheap; exporters turn them into Turtle, TriG,
GraphML and HTML. No I/O happens here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from kgraph.vocab import NS

__all__ = [
    "IRI",
    "BNode",
    "Literal",
    "Collection",
    "Block",
    "Term",
    "Triple",
    "KnowledgeGraph",
    "safe_iri",
    "term_sort_key",
    "fact_sort_key",
]

RDF_TYPE = NS["rdf"] + "type"
XSD = NS["xsd"]


class IRI(str):
    """An IRI; a `str` so it sorts, hashes and prints as itself."""

    __slots__ = ()


class BNode(str):
    """A blank node, named deterministically by the builder (never random)."""

    __slots__ = ()


class Literal(NamedTuple):
    """A literal: lexical form, datatype IRI (None for xsd:string) and language tag."""

    value: str
    datatype: str | None = None
    lang: str | None = None

    @classmethod
    def typed(cls, value: object, xsd_local: str) -> Literal:
        """A literal of an XSD datatype: Literal.typed(3, "integer")."""
        if isinstance(value, bool):
            value = "true" if value else "false"
        return cls(str(value), XSD + xsd_local)


Term = IRI | BNode | Literal
Triple = tuple[IRI | BNode, IRI, Term]


class Collection(NamedTuple):
    """An rdf:List object (an author list): ( a b c ) in Turtle, blank nodes elsewhere.

    `stem` names the blank nodes deterministically; `labels` are the members'
    display names, for formats that flatten the list into a string.
    """

    stem: str
    items: tuple[IRI, ...]
    labels: tuple[str, ...]

    def nodes(self) -> list[BNode]:
        return [BNode(f"{self.stem}n{i}") for i in range(len(self.items))]

    def triples(self) -> list[Triple]:
        """The list as rdf:first / rdf:rest triples; the head is nodes()[0]."""
        nodes = self.nodes()
        out: list[Triple] = []
        for i, (node, item) in enumerate(zip(nodes, self.items)):
            out.append((node, IRI(NS["rdf"] + "first"), item))
            out.append((node, IRI(NS["rdf"] + "rest"), nodes[i + 1] if i + 1 < len(nodes) else IRI(NS["rdf"] + "nil")))
        return out


Fact = tuple[str, "Term | Collection", tuple[str, ...]]


class Block(NamedTuple):
    """Everything said about one subject, emitted at once: (predicate, object, sources) facts,
    in fact_sort_key order.

    The builder emits each subject in exactly one block, which lets the Turtle,
    TriG and GraphML writers stream without holding the graph.
    """

    subject: IRI
    facts: list[Fact]

def safe_iri(text: str) -> IRI:
    """An IRI from a URL found in a page (see kgraph.urls.iri_from_url): always parseable."""
    from kgraph.urls import iri_from_url

    return IRI(iri_from_url(text))


def term_sort_key(term: Term) -> tuple:
    """A total order over mixed terms, so every output is written in one fixed order."""
    if isinstance(term, Literal):
        return (2, term.value, term.datatype or "", term.lang or "")
    if isinstance(term, BNode):
        return (1, str(term), "", "")
    return (0, str(term), "", "")


_RDF_TYPE_IRI = NS["rdf"] + "type"
_RDFS_LABEL_IRI = NS["rdfs"] + "label"


def fact_sort_key(fact: tuple) -> tuple:
    """The order of a block's facts in every output: rdf:type, rdfs:label, then by
    predicate and object (objects as in term_sort_key, lists last).

    One flat tuple, made without calls: this runs for every fact of every block.
    """
    p, o = fact[0], fact[1]
    kind = type(o)
    if p == _RDF_TYPE_IRI:
        rank, p = 0, ""
    elif p == _RDFS_LABEL_IRI:
        rank, p = 1, ""
    else:
        rank = 2
    if kind is Literal:
        return (rank, p, 2, o.value, o.datatype or "", o.lang or "")
    if kind is Collection:
        return (rank, p, 3, o.stem, "", "")
    if kind is BNode:
        return (rank, p, 1, str(o), "", "")
    return (rank, p, 0, str(o), "", "")


def _triple_key(t: Triple) -> tuple:
    return (term_sort_key(t[0]), t[1], term_sort_key(t[2]))


class KnowledgeGraph:
    """A set of triples, each tagged with the IRIs of the documents that assert it.

    The union over documents is the graph written to graph.ttl; each document's
    share is its named graph in graph.trig.
    """

    def __init__(self) -> None:
        self._facts: dict[Triple, set[str]] = {}

    def add(self, s: IRI | BNode, p: str, o: Term, source: str) -> None:
        """Assert (s, p, o) on behalf of the document `source`."""
        key = (s, IRI(p), o)
        sources = self._facts.get(key)
        if sources is None:
            self._facts[key] = {source}
        else:
            sources.add(source)

    def add_all(self, triples: Iterable[Triple], source: str) -> None:
        for s, p, o in triples:
            self.add(s, p, o, source)

    def add_block(self, block: Block) -> None:
        """Add a builder block; an rdf:List object becomes its blank-node triples."""
        for p, o, sources in block.facts:
            for src in sources:
                if isinstance(o, Collection):
                    self.add(block.subject, p, o.nodes()[0], src)
                    self.add_all(o.triples(), src)
                else:
                    self.add(block.subject, p, o, src)

    def __len__(self) -> int:
        return len(self._facts)

    def __contains__(self, triple: Triple) -> bool:
        return triple in self._facts

    def sources(self, triple: Triple) -> frozenset[str]:
        return frozenset(self._facts.get(triple, ()))

    def triples(self) -> Iterator[Triple]:
        """Every triple once, in a fixed order (subject, predicate, object)."""
        return iter(sorted(self._facts, key=_triple_key))

    def quads(self) -> Iterator[tuple[IRI | BNode, IRI, Term, str]]:
        """Every (triple, source) pair, ordered by source then triple."""
        rows = [(t, g) for t, gs in self._facts.items() for g in gs]
        rows.sort(key=lambda r: (r[1], _triple_key(r[0])))
        for (s, p, o), g in rows:
            yield s, p, o, g

    def types(self) -> dict[IRI | BNode, set[str]]:
        """rdf:type objects by subject."""
        out: dict[IRI | BNode, set[str]] = {}
        for s, p, o in self._facts:
            if p == RDF_TYPE:
                out.setdefault(s, set()).add(str(o))
        return out
