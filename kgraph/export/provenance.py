"""provenance.trig: the evidence behind every extracted fact, in the named graph of its document.

Each extracted fact (paper kg:uses artifact, ...) is described by a reified
statement: rdf:subject / rdf:predicate / rdf:object, the extractor that found it,
its confidence, and the text span (field, offsets, text) it came from. It is a
separate file so that graph.ttl stays the graph itself; load both into one store
to ask "which sentence says this paper uses MNIST?". A fact an asset file explains
(`{value, explanation}`) is reified the same way, with kg:explanation.

TriG rather than N-Quads: with prefixed names and the statement as one ``[]``
blank node, a statement takes about a fifth of the bytes of its ten N-Quads
lines, and needs no label (an N-Quads blank node had to be named, by a hash of
what it describes, for parallel parts to agree).
"""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

from kgraph.builder import Evidence
from kgraph.export.base import TextExporter
from kgraph.export.rdf import PREFIXES, Abbreviator, quote, turtle_header
from kgraph.graph import Block

__all__ = ["ProvenanceExporter"]


class ProvenanceExporter(TextExporter):
    """Writes Evidence records as reified statements in TriG, one graph section each.

    A section per statement keeps the file the same whichever part of a build
    wrote which statement. The blocks themselves are graph.ttl's.
    """

    files: ClassVar[tuple[str, ...]] = ("provenance.trig",)

    def __init__(self) -> None:
        super().__init__()
        self.term = Abbreviator(PREFIXES)  # any term: an explained fact's object may be a literal
        self.short = self.term.iri

    def header(self) -> str:
        return turtle_header()

    def write(self, block: Block) -> None:
        """Blocks hold no evidence."""

    def evidence(self, e: Evidence) -> None:
        """One reified statement, formatted as one string (this runs for every
        extracted fact, so it builds no terms and no lists)."""
        if e.explanation is not None:
            self._write_explained(e)
            return
        short = self.short
        text = (f"\n{short(e.source)} {{\n[] a rdf:Statement ;\n"
                f"    rdf:subject {short(e.subject)} ;\n"
                f"    rdf:predicate {short(e.predicate)} ;\n"
                f"    rdf:object {short(e.object)} ;\n"
                f"    kg:extractor {_quoted(e.extractor or 'unknown')} ;\n"
                f"    kg:confidence {e.confidence:.3f} ;\n"
                f"    kg:textField {_quoted(e.field)}")
        if e.start >= 0:
            text += f" ;\n    kg:spanStart {e.start} ;\n    kg:spanEnd {e.end}"
        if e.text:
            text += f" ;\n    kg:spanText {quote(e.text)}"
        self.out[0].write(text + " .\n}\n")

    def _write_explained(self, e: Evidence) -> None:
        """A fact a source explains (Ecosystem Graphs `{value, explanation}`): the statement with
        kg:explanation, and no rdf:object when the source gives the value as unknown or none."""
        short = self.short
        text = (f"\n{short(e.source)} {{\n[] a rdf:Statement ;\n"
                f"    rdf:subject {short(e.subject)} ;\n"
                f"    rdf:predicate {short(e.predicate)} ;\n")
        if e.object is not None:
            text += f"    rdf:object {self.term(e.object)} ;\n"
        text += (f"    kg:extractor {_quoted(e.extractor or 'unknown')} ;\n"
                 f"    kg:confidence {e.confidence:.3f} ;\n"
                 f"    kg:textField {_quoted(e.field)} ;\n"
                 f"    kg:explanation {quote(e.explanation or '')} .\n}}\n")
        self.out[0].write(text)


@lru_cache(maxsize=256)
def _quoted(value: str) -> str:
    """quote() for the few extractor and field names, remembered."""
    return quote(value)
