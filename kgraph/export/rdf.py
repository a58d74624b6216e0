"""RDF writers: Turtle (graph.ttl) and TriG (graph.trig), streamed block by block.

Written by hand rather than through rdflib because rdflib holds ~1.3 KB per triple
and writes ~27k triples/s (PERF-NOTES.md); these writers stream sorted triples
with no extra memory, and escaping follows the RDF 1.1 grammars exactly so the
output parses in rdflib, pyoxigraph and any other conforming parser.
"""

from __future__ import annotations

import re
from typing import ClassVar

from kgraph.export.base import TextExporter
from kgraph.graph import IRI, Block, BNode, Collection, Literal, Term
from kgraph.iris import ID_PREFIXES
from kgraph.vocab import NS

__all__ = ["nt_term", "quote", "PREFIXES", "Abbreviator", "RDFExporter", "turtle_header"]

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


class Abbreviator:
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


def turtle_header(prefixes: dict[str, str] | None = None) -> str:
    """The @prefix lines that start graph.ttl."""
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in (PREFIXES if prefixes is None else prefixes).items())


class RDFExporter(TextExporter):
    """Streams builder blocks into graph.ttl and graph.trig at once.

    Turtle: one paragraph per subject, lists inline. TriG: the same paragraph in
    the named graph of the document that said it, ``doc:... { ... }``, one graph
    section per subject. A subject whose facts all come from one document (nearly
    every one) reuses its Turtle text, so the quads cost one more write rather
    than a second rendering, and graph.trig is about the size of graph.ttl (N-Quads
    spelled every IRI out in full on every line: 3.3 times the bytes). A subject
    said by several documents gets one section per document holding the facts
    that document said. One exporter for both files, so that TriG reuses the Turtle text.
    """

    files: ClassVar[tuple[str, ...]] = ("graph.ttl", "graph.trig")

    def __init__(self) -> None:
        super().__init__()
        self.short = Abbreviator(PREFIXES)

    def header(self) -> str:
        return turtle_header()

    def write(self, block: Block) -> None:
        """Write one block; its facts are already in fact_sort_key order, so a
        predicate's objects are adjacent."""
        short = self.short
        short_iri = short.iri
        known = short.cache  # IRI -> its Turtle form; looked up here to save a call per object
        facts = block.facts
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
        turtle, trig = self.out
        turtle.write("\n" + paragraph)
        if shared:
            trig.write(f"\n{short_iri(graph[0])} {{\n{paragraph}}}\n")
        elif facts:
            trig.write(self._sections(block, texts))

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
