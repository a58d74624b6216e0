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
from kgraph.export.rdf import nt_term
from kgraph.graph import IRI, BNode, Literal
from kgraph.vocab import NS

__all__ = ["EvidenceWriter"]

_RDF = NS["rdf"]
_KG = NS["kg"]


class EvidenceWriter:
    """Writes Evidence records as reified statements in N-Quads."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.count = 0

    def write(self, e: Evidence) -> None:
        self.count += 1
        node = nt_term(BNode(f"ev{self.count}"))
        g = f"<{e.source}>"
        rows = [
            (_RDF + "type", IRI(_RDF + "Statement")),
            (_RDF + "subject", IRI(e.subject)),
            (_RDF + "predicate", IRI(e.predicate)),
            (_RDF + "object", IRI(e.object)),
            (_KG + "extractor", Literal(e.extractor or "unknown")),
            (_KG + "confidence", Literal.typed(f"{e.confidence:.3f}", "decimal")),
            (_KG + "textField", Literal(e.field)),
        ]
        if e.start >= 0:
            rows += [(_KG + "spanStart", Literal.typed(e.start, "integer")),
                     (_KG + "spanEnd", Literal.typed(e.end, "integer"))]
        if e.text:
            rows.append((_KG + "spanText", Literal(e.text)))
        self.out.write("".join(f"{node} <{p}> {nt_term(o)} {g} .\n" for p, o in rows))
