"""provenance.nq: the evidence behind every extracted fact, one named graph per document.

Each extracted fact (paper kg:uses artifact, ...) is described by a reified
statement: rdf:subject / rdf:predicate / rdf:object, the extractor that found it,
its confidence, and the text span (field, offsets, text) it came from. It is a
separate file so that graph.ttl stays the graph itself; load both into one store
to ask "which sentence says this paper uses MNIST?".
"""

from __future__ import annotations

from functools import lru_cache
from typing import TextIO

from kgraph.builder import Evidence
from kgraph.export.rdf import quote
from kgraph.text import short_hash
from kgraph.vocab import NS

__all__ = ["EvidenceWriter"]

_RDF = NS["rdf"]
_KG = NS["kg"]
_XSD = NS["xsd"]
_TYPE_STATEMENT = f"{_RDF}type> <{_RDF}Statement"


class EvidenceWriter:
    """Writes Evidence records as reified statements in N-Quads.

    A statement's blank node is named after what it describes (fact, document,
    span), not after a running count, so parts of a build written in parallel
    name them exactly as one writer would.
    """

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.count = 0

    def write(self, e: Evidence) -> None:
        """One reified statement: nine or ten N-Quads lines, formatted as one string
        (this runs for every extracted fact, so it builds no terms and no lists)."""
        self.count += 1
        key = f"{e.subject} {e.predicate} {e.object} {e.source} {e.field} {e.start} {e.end} {e.extractor}"
        h = f"_:ev{short_hash(key, 20)} <"
        g = f" <{e.source}> .\n"
        t = f">{g}"
        text = (f"{h}{_TYPE_STATEMENT}{t}"
                f"{h}{_RDF}subject> <{e.subject}{t}"
                f"{h}{_RDF}predicate> <{e.predicate}{t}"
                f"{h}{_RDF}object> <{e.object}{t}"
                f"{h}{_KG}extractor> {_quoted(e.extractor or 'unknown')}{g}"
                f'{h}{_KG}confidence> "{e.confidence:.3f}"^^<{_XSD}decimal{t}'
                f"{h}{_KG}textField> {_quoted(e.field)}{g}")
        if e.start >= 0:
            text += (f'{h}{_KG}spanStart> "{e.start}"^^<{_XSD}integer{t}'
                     f'{h}{_KG}spanEnd> "{e.end}"^^<{_XSD}integer{t}')
        if e.text:
            text += f"{h}{_KG}spanText> {quote(e.text)}{g}"
        self.out.write(text)


@lru_cache(maxsize=256)
def _quoted(value: str) -> str:
    """quote() for the few extractor and field names, remembered."""
    return quote(value)
