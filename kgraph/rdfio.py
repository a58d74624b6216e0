"""RDF files and rdflib graphs read into kgraph's own terms (kgraph.graph), for the checks
of kgraph.shapes. Files are parsed by pyoxigraph (about 25 times rdflib's speed); an
rdflib graph a notebook hands in is converted term by term."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kgraph.errors import GraphNotFound
from kgraph.graph import BNode, IRI, Literal, Term

__all__ = ["RDF_FILES", "from_rdflib", "rdf_format", "read_triples"]

RDF_FILES = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".nq": "N_QUADS", ".trig": "TRIG"}
"""Suffix -> pyoxigraph format name of the RDF files every kgraph command reads."""

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

Triple = tuple[Term, str, Term]


def rdf_format(path: Path):
    """The pyoxigraph format of an RDF file, by its suffix; GraphNotFound for any other file."""
    import pyoxigraph as ox

    name = RDF_FILES.get(path.suffix.lower())
    if name is None:
        raise GraphNotFound(f"{path}: not an RDF file kgraph reads; use a {', '.join(sorted(RDF_FILES))} file")
    return getattr(ox.RdfFormat, name)


def read_triples(path: Path) -> Iterator[Triple]:
    """Every triple of an RDF file (named graphs merged into one), as kgraph terms.

    Raises GraphNotFound with one line naming the file, and the line and column of a
    syntax error."""
    import pyoxigraph as ox

    fmt = rdf_format(path)
    name = RDF_FILES[path.suffix.lower()]
    try:
        for quad in ox.parse(path=str(path), format=fmt):
            yield _term(quad.subject), quad.predicate.value, _term(quad.object)
    except SyntaxError as exc:
        raise GraphNotFound(f"{path}: not readable as {name.lower().replace('_', '-')}: "
                            f"{_where(exc)}") from exc
    except (OSError, ValueError) as exc:
        raise GraphNotFound(f"{path}: could not be read: {' '.join(str(exc).split())}") from exc


def _where(exc: SyntaxError) -> str:
    """pyoxigraph's "Parser error at line 4 between columns 13 and 16: why" as
    "line 4, column 13: why"."""
    why = str(exc.msg).split(": ", 1)[-1] if exc.msg else "bad syntax"
    if exc.lineno:
        return f"line {exc.lineno}, column {exc.offset or 1}: {' '.join(why.split())}"
    return " ".join(str(exc).split())


def _term(term) -> Term:
    import pyoxigraph as ox

    kind = type(term)
    if kind is ox.NamedNode:
        return IRI(term.value)
    if kind is ox.BlankNode:
        return BNode(term.value)
    if kind is ox.Literal:
        datatype = term.datatype.value
        if term.language:
            return Literal(term.value, None, term.language)
        return Literal(term.value, None if datatype == _XSD_STRING else datatype)
    raise GraphNotFound(f"an RDF term kgraph does not check: {term}")  # RDF 1.2 triple terms


def from_rdflib(graph) -> Iterator[Triple]:
    """The triples of an rdflib Graph (a Dataset: of all its graphs), as kgraph terms."""
    from rdflib import BNode as RBNode
    from rdflib import Literal as RLiteral

    triples = ((s, p, o) for s, p, o, _ in graph.quads((None, None, None, None))) \
        if graph.context_aware else graph.triples((None, None, None))

    def term(t) -> Term:
        if isinstance(t, RLiteral):
            if t.language:
                return Literal(str(t), None, t.language)
            datatype = str(t.datatype) if t.datatype is not None else None
            return Literal(str(t), None if datatype in (None, _XSD_STRING, _LANG_STRING) else datatype)
        if isinstance(t, RBNode):
            return BNode(str(t))
        return IRI(str(t))

    for s, p, o in triples:
        yield term(s), str(p), term(o)
