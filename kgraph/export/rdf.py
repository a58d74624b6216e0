"""RDF writers: Turtle (graph.ttl) and N-Quads (graph.nq), streamed line by line.

Written by hand rather than through rdflib because rdflib holds ~1.3 KB per triple
and writes ~27k triples/s (PERF-NOTES.md); these writers stream sorted triples
with no extra memory, and escaping follows the RDF 1.1 grammars exactly so the
output parses in rdflib, pyoxigraph and any other conforming parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import TextIO

from kgraph.graph import IRI, Block, BNode, Collection, KnowledgeGraph, Literal, Term, Triple
from kgraph.iris import ID_PREFIXES
from kgraph.vocab import NS

__all__ = [
    "turtle_lines",
    "nquads_lines",
    "write_turtle",
    "write_nquads",
    "nt_term",
    "quote",
    "PREFIXES",
    "BlockWriter",
    "turtle_header",
]

RDF = NS["rdf"]
_RDF_TYPE = RDF + "type"
XSD_STRING = NS["xsd"] + "string"

#: Prefixes used in Turtle output: the vocabulary's, then one per kind of instance.
PREFIXES: dict[str, str] = {**NS, **ID_PREFIXES}

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r\t\b\f\x00-\x1f\x7f]')
_LOCAL_NAME = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")
_LANG = re.compile(r"^[a-zA-Z]+(-[a-zA-Z0-9]+)*$")


def _escape_char(m: re.Match[str]) -> str:
    ch = m.group(0)
    return _ESCAPES.get(ch) or f"\\u{ord(ch):04X}"


def quote(value: str) -> str:
    """A string literal's quoted, escaped lexical form (N-Triples and Turtle)."""
    if value.isprintable() and '"' not in value and "\\" not in value:
        return '"' + value + '"'  # nothing to escape (isprintable() is False for controls and surrogates)
    # Lone surrogates (from broken input) cannot be encoded as UTF-8: replace them.
    value = value.encode("utf-8", "replace").decode("utf-8")
    return '"' + _NEEDS_ESCAPE.sub(_escape_char, value) + '"'


def nt_term(term: Term) -> str:
    """A term in N-Triples form (also valid Turtle)."""
    kind = type(term)
    if kind is IRI or kind is str:
        return f"<{term}>"
    if kind is Literal:
        text = quote(term.value)
        if term.lang and _LANG.match(term.lang):
            return f"{text}@{term.lang}"
        if term.datatype and term.datatype != XSD_STRING:
            return f"{text}^^<{term.datatype}>"
        return text
    if kind is BNode:
        return f"_:{term}"
    return f"<{term}>"


class _Abbreviator:
    """Shortens IRIs to prefixed names where the local part is a safe PN_LOCAL."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        # Every namespace ends in '/' or '#': split an IRI there and look the start up.
        self._prefix_of = {ns: p for p, ns in prefixes.items()}
        self.cache: dict[str, str] = {}  # IRI -> its Turtle form, for the most recent 200,000

    def __call__(self, term: Term) -> str:
        kind = type(term)
        if kind is Literal:
            if term.datatype and term.datatype != XSD_STRING and not term.lang:
                return f"{quote(term.value)}^^{self.iri(term.datatype)}"
            return nt_term(term)
        if kind is BNode:
            return f"_:{term}"
        return self.iri(term)

    def iri(self, value: str) -> str:
        cached = self.cache.get(value)
        if cached is not None:
            return cached
        cut = max(value.rfind("/"), value.rfind("#")) + 1
        prefix = self._prefix_of.get(value[:cut])
        local = value[cut:]
        text = f"{prefix}:{local}" if prefix is not None and _LOCAL_NAME.match(local) else f"<{value}>"
        if len(self.cache) < 200_000:
            self.cache[value] = text
        return text


def _list_items(head: BNode, by_subject: dict, referenced: dict) -> list[Term] | None:
    """The members of a well-formed rdf:List starting at `head`, or None."""
    items: list[Term] = []
    node: Term = head
    seen: set[str] = set()
    while node != IRI(RDF + "nil"):
        if not isinstance(node, BNode) or node in seen or referenced.get(node, 0) != 1:
            return None
        seen.add(node)
        props = by_subject.get(node)
        if not props or set(props) != {RDF + "first", RDF + "rest"}:
            return None
        if len(props[RDF + "first"]) != 1 or len(props[RDF + "rest"]) != 1:
            return None
        items.append(props[RDF + "first"][0])
        node = props[RDF + "rest"][0]
    return items


def _predicate_order(p: str) -> tuple[int, str]:
    if p == RDF + "type":
        return (0, "")
    if p == NS["rdfs"] + "label":
        return (1, "")
    return (2, p)


def turtle_lines(triples: Iterable[Triple], prefixes: dict[str, str] | None = None) -> Iterator[str]:
    """Turtle text, one line at a time: prefixes, then each subject with its predicates.

    `triples` must already be sorted by subject (KnowledgeGraph.triples() is).
    Blank nodes that form rdf:Lists used once are written inline as ( ... ).
    """
    prefixes = PREFIXES if prefixes is None else prefixes
    short = _Abbreviator(prefixes)
    for prefix, ns in prefixes.items():
        yield f"@prefix {prefix}: <{ns}> ."
    # Blank nodes are few (author lists); keep theirs aside to inline lists.
    named: list[Triple] = []
    by_bnode: dict[BNode, dict[str, list[Term]]] = {}
    referenced: dict[BNode, int] = {}
    for s, p, o in triples:
        if isinstance(o, BNode):
            referenced[o] = referenced.get(o, 0) + 1
        if isinstance(s, BNode):
            by_bnode.setdefault(s, {}).setdefault(p, []).append(o)
        else:
            named.append((s, p, o))
    inlined: dict[BNode, list[Term]] = {}
    for node in by_bnode:
        items = _list_items(node, by_bnode, referenced)
        if items is not None:
            inlined[node] = items

    def obj(o: Term) -> str:
        if isinstance(o, BNode) and o in inlined:
            return "( " + " ".join(short(i) for i in inlined[o]) + " )"
        return short(o)

    def block(subject: Term, pairs: list[tuple[str, Term]]) -> Iterator[str]:
        pairs = sorted(pairs, key=lambda po: _predicate_order(po[0]))
        yield ""
        yield short(subject)
        groups = [(p, [o for _, o in grp]) for p, grp in groupby(pairs, key=lambda po: po[0])]
        for i, (p, objs) in enumerate(groups):
            verb = "a" if p == RDF + "type" else short(IRI(p))
            end = " ." if i == len(groups) - 1 else " ;"
            yield f"    {verb} " + " ,\n        ".join(obj(o) for o in objs) + end

    for subject, grp in groupby(named, key=lambda t: t[0]):
        yield from block(subject, [(p, o) for _, p, o in grp])
    in_lists = {n for head in inlined for n in _chain(head, by_bnode)}
    for node in sorted(by_bnode):
        if node not in in_lists:
            yield from block(node, [(p, o) for p, objs in by_bnode[node].items() for o in objs])


def _chain(head: BNode, by_bnode: dict) -> Iterator[BNode]:
    node: Term = head
    while isinstance(node, BNode):
        yield node
        node = by_bnode[node][RDF + "rest"][0]


def nquads_lines(quads: Iterable[tuple[Term, str, Term, str]]) -> Iterator[str]:
    """N-Quads text, one statement a line; the fourth term names the source document."""
    for s, p, o, g in quads:
        yield f"{nt_term(s)} <{p}> {nt_term(o)} <{g}> ."


def _write(lines: Iterable[str], out: TextIO) -> None:
    for line in lines:
        out.write(line)
        out.write("\n")


def write_turtle(graph: KnowledgeGraph, out: TextIO) -> None:
    _write(turtle_lines(graph.triples()), out)


def write_nquads(graph: KnowledgeGraph, out: TextIO) -> None:
    _write(nquads_lines(graph.quads()), out)


def turtle_header(prefixes: dict[str, str] | None = None) -> str:
    """The @prefix lines that start graph.ttl."""
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in (PREFIXES if prefixes is None else prefixes).items())


class BlockWriter:
    """Streams builder blocks into graph.ttl and graph.nq at once.

    Turtle: one paragraph per subject, lists inline. N-Quads: each fact once per
    source document. Both come from one pass over a block's facts, so each object
    is classified and quoted once (an abstract is the longest text of a build and
    would otherwise be scanned twice).
    """

    def __init__(self, turtle: TextIO, nquads: TextIO, prefixes: dict[str, str] | None = None, *,
                 header: bool = True) -> None:
        """`header=False` continues a Turtle document whose @prefix lines are already
        written (a part of a parallel build, or the blocks after the parts)."""
        self.turtle = turtle
        self.nquads = nquads
        self.short = _Abbreviator(PREFIXES if prefixes is None else prefixes)
        if header:
            turtle.write(turtle_header(prefixes))

    def block(self, block: Block) -> int:
        """Write one block and return the number of triples in it (an rdf:List of n
        members is 2n of them); its facts are already in fact_sort_key order, so a
        predicate's objects are adjacent."""
        short = self.short
        short_iri = short.iri
        known = short.cache  # IRI -> its Turtle form; looked up here to save a call per object
        subject = block.subject
        s = nt_term(subject)
        ttl = ["\n", short(subject)]
        nq: list[str] = []
        last = None
        triples = len(block.facts)
        for p, o, sources in block.facts:
            kind = type(o)
            if kind is IRI or kind is str:
                nt = f"<{o}>"
                text = known.get(o) or short_iri(o)
            elif kind is Literal:
                nt = quote(o.value)
                lang, datatype = o.lang, o.datatype
                if lang and _LANG.match(lang):
                    nt = text = f"{nt}@{lang}"
                elif datatype and datatype != XSD_STRING:
                    text = f"{nt}^^<{datatype}>" if lang else f"{nt}^^{short_iri(datatype)}"
                    nt = f"{nt}^^<{datatype}>"
                else:
                    text = nt
            elif kind is Collection:
                text = "( " + " ".join(short(i) for i in o.items) + " )"
                list_lines = _list_lines(o)
                triples += len(list_lines)
                for g in sources:
                    nq.append(f"{s} <{p}> _:{o.stem}n0 <{g}> .")
                    nq.extend(f"{line}<{g}> ." for line in list_lines)
                nt = ""
            else:
                nt = nt_term(o)
                text = short(o)
            if nt:
                if len(sources) == 1:
                    nq.append(f"{s} <{p}> {nt} <{sources[0]}> .")
                else:
                    head = f"{s} <{p}> {nt} <"
                    for g in sources:
                        nq.append(f"{head}{g}> .")
            if p == last:
                ttl.append(f" ,\n        {text}")
            else:
                if p == _RDF_TYPE:
                    verb = "\n    a " if last is None else " ;\n    a "
                else:
                    verb = f"\n    {known.get(p) or short_iri(p)} " if last is None \
                        else f" ;\n    {known.get(p) or short_iri(p)} "
                ttl.append(verb + text)
                last = p
        ttl.append(" .\n" if last is not None else "\n")
        self.turtle.write("".join(ttl))
        if nq:
            nq.append("")
            self.nquads.write("\n".join(nq))
        return triples


_FIRST, _REST, _NIL = f"<{RDF}first>", f"<{RDF}rest>", f"<{RDF}nil>"


def _list_lines(coll: Collection) -> list[str]:
    """Collection.triples() in N-Triples form, each line short of its graph and final dot."""
    stem, items = coll.stem, coll.items
    lines = []
    last = len(items) - 1
    for i, item in enumerate(items):
        node = f"_:{stem}n{i}"
        lines.append(f"{node} {_FIRST} {nt_term(item)} ")
        lines.append(f"{node} {_REST} {_NIL if i == last else f'_:{stem}n{i + 1}'} ")
    return lines
