"""provenance.nq: the evidence behind every extracted fact, one named graph per document.

Each extracted fact (paper kg:uses artifact, ...) is described by a reified
statement: rdf:subject / rdf:predicate / rdf:object, the extractor that found it,
its confidence, and the text span (field, offsets, text) it came from. It is a
separate file so that graph.ttl stays the graph itself; load both into one store
to ask "which sentence says this paper uses MNIST?".
"""

from __future__ import annotations

from typing import TextIO

from kgraph.builder import Evidence
from kgraph.export.rdf import quote
from kgraph.text import short_hash
from kgraph.vocab import NS

__all__ = ["EvidenceWriter"]

_RDF = NS["rdf"]
_KG = NS["kg"]
_XSD = NS["xsd"]


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
        """One reified statement: nine or ten N-Quads lines, formatted directly (this
        runs for every extracted fact, so it avoids building terms)."""
        self.count += 1
        key = f"{e.subject} {e.predicate} {e.object} {e.source} {e.field} {e.start} {e.end} {e.extractor}"
        head = f"_:ev{short_hash(key, 20)} <"
        tail = f"> <{e.source}> .\n"
        parts = [
            f"{head}{_RDF}type> <{_RDF}Statement{tail}",
            f"{head}{_RDF}subject> <{e.subject}{tail}",
            f"{head}{_RDF}predicate> <{e.predicate}{tail}",
            f"{head}{_RDF}object> <{e.object}{tail}",
            f"{head}{_KG}extractor> {quote(e.extractor or 'unknown')} <{e.source}> .\n",
            f'{head}{_KG}confidence> "{e.confidence:.3f}"^^<{_XSD}decimal{tail}',
            f"{head}{_KG}textField> {quote(e.field)} <{e.source}> .\n",
        ]
        if e.start >= 0:
            parts.append(f'{head}{_KG}spanStart> "{e.start}"^^<{_XSD}integer{tail}')
            parts.append(f'{head}{_KG}spanEnd> "{e.end}"^^<{_XSD}integer{tail}')
        if e.text:
            parts.append(f"{head}{_KG}spanText> {quote(e.text)} <{e.source}> .\n")
        self.out.write("".join(parts))
