"""RDF writers: Turtle (graph.ttl), TriG (graph.trig) and N-Quads, streamed block by block.

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
    """Streams builder blocks into graph.ttl and graph.trig at once.

    Turtle: one paragraph per subject, lists inline. TriG: the same paragraph in
    the named graph of the document that said it, ``doc:... { ... }``, one graph
    section per subject. A subject whose facts all come from one document (nearly
    every one) reuses its Turtle text, so the quads cost one more write rather
    than a second rendering, and graph.trig is about the size of graph.ttl (N-Quads
    spelled every IRI out in full on every line: 3.3 times the bytes). A subject
    said by several documents gets one section per document holding the facts
    that document said.
    """

    def __init__(self, turtle: TextIO, trig: TextIO, prefixes: dict[str, str] | None = None, *,
                 header: bool = True, like: BlockWriter | None = None) -> None:
        """`header=False` continues documents whose @prefix lines are already written
        (a part of a parallel build, or the blocks after the parts). `like`: a writer
        with the same prefixes whose abbreviations to reuse (a process's earlier part)."""
        self.turtle = turtle
        self.trig = trig
        self.short = like.short if like is not None else _Abbreviator(PREFIXES if prefixes is None else prefixes)
        self.header = turtle_header(prefixes)  # the @prefix lines self.short abbreviates to
        if header:
            turtle.write(self.header)
            trig.write(self.header)

    def block(self, block: Block) -> int:
        """Write one block and return the number of triples in it (an rdf:List of n
        members is 2n of them); its facts are already in fact_sort_key order, so a
        predicate's objects are adjacent."""
        short = self.short
        short_iri = short.iri
        known = short.cache  # IRI -> its Turtle form; looked up here to save a call per object
        facts = block.facts
        triples = len(facts)
        ttl = [short(block.subject)]
        texts: list[str] = []  # each fact's object as written, for a subject said by several documents
        graph = facts[0][2] if facts else ()
        shared = len(graph) == 1  # every fact so far comes from this one document
        last = None
        for p, o, sources in facts:
            kind = type(o)
            if kind is IRI or kind is str:
                text = known.get(o) or short_iri(o)
            elif kind is Literal:
                text = quote(o.value)
                lang, datatype = o.lang, o.datatype
                if lang and _LANG.match(lang):
                    text = f"{text}@{lang}"
                elif datatype and datatype != XSD_STRING:
                    text = f"{text}^^<{datatype}>" if lang else f"{text}^^{short_iri(datatype)}"
            elif kind is Collection:
                text = "( " + " ".join(short(i) for i in o.items) + " )"
                triples += 2 * len(o.items)
            else:
                text = short(o)
            texts.append(text)
            if shared and sources != graph:
                shared = False
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
        paragraph = "".join(ttl)
        self.turtle.write("\n" + paragraph)
        if shared:
            self.trig.write(f"\n{short_iri(graph[0])} {{\n{paragraph}}}\n")
        elif facts:
            self.trig.write(self._sections(block, texts))
        return triples

    def _sections(self, block: Block, texts: list[str]) -> str:
        """The TriG of a subject said by several documents: a section per document with
        the facts it said. Lists are written with their blank-node labels (as
        rdf:first / rdf:rest triples), so that every section names the same list."""
        short, short_iri = self.short, self.short.iri
        subject = short(block.subject)
        out = []
        by_graph: dict[str, list[int]] = {}  # one pass over the facts, not one per document
        for index, (_, _, sources) in enumerate(block.facts):
            for g in sources:
                by_graph.setdefault(g, []).append(index)
        facts = block.facts
        for g in sorted(by_graph):
            lines = []
            lists = []
            for index in by_graph[g]:
                p, o, _ = facts[index]
                text = texts[index]
                if type(o) is Collection:
                    text = f"_:{o.stem}n0"
                    lists.append(o)
                lines.append(f"    {'a' if p == _RDF_TYPE else short_iri(p)} {text}")
            body = " ;\n".join(lines)
            out.append(f"\n{short_iri(g)} {{\n{subject}\n{body} .\n")
            for coll in lists:
                last = len(coll.items) - 1
                out.extend(f"_:{coll.stem}n{i} rdf:first {short(item)} ; rdf:rest "
                           f"{'rdf:nil' if i == last else f'_:{coll.stem}n{i + 1}'} .\n"
                           for i, item in enumerate(coll.items))
            out.append("}\n")
        return "".join(out)
