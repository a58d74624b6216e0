"""Exporters: a format added as one class and one registration gets every block of a
build; the tally counts from the blocks; pieces join in order; page candidates rank by
degree, then by the smaller IRI."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
import rdflib

import kgraph
import kgraph.export
from kgraph.export.base import ExportContext, Exporter, TextExporter
from kgraph.export.graphml import GraphMLExporter, read_graphml
from kgraph.export.rdf import RDFExporter, nt_term
from kgraph.graph import IRI, Block, Collection, Literal
from kgraph.plugins import EXPORTERS
from kgraph.writing import Tally

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DOC = "https://w3id.org/kgraph/id/doc/0123456789abcdef"
KG = "https://w3id.org/kgraph/ontology#"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PERSON = "https://w3id.org/kgraph/id/person/"


class NTriplesCount(TextExporter):
    """A tiny format: one N-Triples line per triple of every block, lists as their members."""

    files: ClassVar[tuple[str, ...]] = ("graph.nt",)
    seen: ClassVar[list[IRI]] = []

    def write(self, block: Block) -> None:
        NTriplesCount.seen.append(block.subject)
        for p, o, _ in block.facts:
            items = o.items if isinstance(o, Collection) else (o,)
            for item in items:
                self.out[0].write(f"{nt_term(block.subject)} <{p}> {nt_term(item)} .\n")


@pytest.fixture(autouse=True)
def _forget_registrations():
    yield
    EXPORTERS.reset()


def test_a_registered_exporter_gets_every_block_of_a_build(tmp_path: Path) -> None:
    EXPORTERS.register("ntriples", NTriplesCount)
    NTriplesCount.seen.clear()
    out = tmp_path / "out"
    report = kgraph.build([EXAMPLES / "pages", EXAMPLES / "structured"], out, validate=False)
    turtle = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    assert len(NTriplesCount.seen) == len(set(NTriplesCount.seen))  # each block once
    assert set(NTriplesCount.seen) == {str(s) for s in turtle.subjects() if isinstance(s, rdflib.URIRef)}
    written = rdflib.Graph().parse(out / "graph.nt", format="nt")
    assert set(written.subjects()) <= set(turtle.subjects()) and 0 < len(written) <= report.triples
    assert str(out / "graph.nt") in report.outputs and (out / "graph.nt").is_symlink()


def test_every_builtin_exporter_follows_the_protocol() -> None:
    exporters = kgraph.export.exporters_for_build()
    assert all(isinstance(e, Exporter) for e in exporters)
    assert [name for e in exporters for name in e.files] == ["graph.ttl", "graph.trig", "graph.graphml",
                                                            "provenance.trig"]
    assert kgraph.export.exporter_names() == ["rdf", "graphml", "provenance"]


def test_a_registered_exporter_is_written_after_the_built_ins() -> None:
    EXPORTERS.register("ntriples", NTriplesCount)
    EXPORTERS.register("aaa", NTriplesCount)
    assert kgraph.export.exporter_names() == ["rdf", "graphml", "provenance", "aaa", "ntriples"]
    first, second = kgraph.export.exporters_for_build()[-1], kgraph.export.exporters_for_build()[-1]
    assert isinstance(first, NTriplesCount) and first is not second  # a new exporter for every build


def _paper(i: int, extra: str = "title") -> Block:
    subject = IRI(f"https://w3id.org/kgraph/id/paper/p{i}")
    return Block(subject, [(TYPE, IRI(KG + "Paper"), (DOC,)), (KG + extra, Literal(f"value {i}"), (DOC,))])


@pytest.mark.parametrize("exporter", [RDFExporter, GraphMLExporter])
def test_pieces_join_in_part_order(tmp_path: Path, exporter: type) -> None:
    blocks = [_paper(i, extra=f"p{i % 2}") for i in range(5)]
    context = ExportContext(tmp_path, {DOC: "page.txt"})
    whole = exporter()
    whole.open(context)
    whole.write(blocks[0])
    for k, block in enumerate(blocks[1:4]):
        piece = exporter()
        piece.open(context, f".part{k}")
        piece.write(block)
        piece.close()
        whole.join(f".part{k}")
    whole.write(blocks[4])
    whole.close()
    one = tmp_path / "one"
    one.mkdir()
    serial = exporter()
    serial.open(ExportContext(one, {DOC: "page.txt"}))
    for block in blocks:
        serial.write(block)
    serial.close()
    for name in exporter.files:
        assert (tmp_path / name).read_bytes() == (one / name).read_bytes(), name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*exporter.files, "one"])


def test_a_graphml_header_larger_than_its_room_is_written_in_front_of_a_copy(tmp_path: Path) -> None:
    exporter = GraphMLExporter()
    exporter.open(ExportContext(tmp_path, {DOC: "page.txt"}))
    for i in range(300):  # some 300 <key> lines: more than the room kept for the header
        exporter.write(_paper(i, extra=f"property{i}"))
    exporter.close()
    g = read_graphml(tmp_path / "graph.graphml")
    assert len(g) == 300 and g.nodes["https://w3id.org/kgraph/id/paper/p299"]["property299"] == "value 299"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.graphml"]


def test_an_aborted_exporter_leaves_no_files(tmp_path: Path) -> None:
    for exporter in kgraph.export.exporters_for_build():
        exporter.open(ExportContext(tmp_path, {}))
        exporter.write(_paper(1))
        exporter.abort()
    assert list(tmp_path.iterdir()) == []


def _person(name: str, knows: list[str]) -> Block:
    return Block(IRI(PERSON + name), [(TYPE, IRI(KG + "Person"), (DOC,))]
                 + [(KG + "knows", IRI(PERSON + other), (DOC,)) for other in knows])


def test_the_tally_counts_types_edges_and_triples_from_the_blocks() -> None:
    tally = Tally(10, check=False)
    authors = Collection("_:l", (IRI(PERSON + "a"), IRI(PERSON + "b")), ("A", "B"))
    block = Block(IRI("https://w3id.org/kgraph/id/paper/p1"), [
        (TYPE, IRI(KG + "Paper"), (DOC,)), (KG + "authorList", authors, (DOC,)),
        (KG + "uses", IRI("https://w3id.org/kgraph/id/artifact/mmlu"), (DOC,)),
        ("http://www.w3.org/ns/prov#wasDerivedFrom", IRI(DOC), (DOC,)),
        (KG + "codeUrl", IRI("https://github.com/a/b"), (DOC,))])
    types, edges = tally.block(block)
    assert types == ["Paper"]
    assert edges == [("https://w3id.org/kgraph/id/artifact/mmlu", "uses"), (DOC, "wasDerivedFrom")]
    assert tally.triples == 5 + 4  # a list of two members is four more triples
    assert tally.types == {"Paper": 1} and tally.relations == {"uses": 1, "wasDerivedFrom": 1}
    assert tally.degree == {"https://w3id.org/kgraph/id/artifact/mmlu": 1}  # provenance is not a degree


def test_page_candidates_rank_equal_degrees_by_the_smaller_iri() -> None:
    """Prefixes and non-ASCII included, whatever the order the blocks come in, and
    however often the candidates are cut back to the budget."""
    names = ["zoë", "ana", "zoe", "an", "\U0001f600", "ana-smith", "b", "a"]
    tally = Tally(4, check=False)
    for name in names:
        tally.block(_person(name, ["x"]))  # every one of degree 1
    tally.block(_person("y", ["x", "z"]))  # degree 2: first
    chosen = {PERSON + n for n in ("y", "a", "an", "ana")}
    assert chosen <= set(tally.page_view(4).nodes)
    assert {PERSON + "y", PERSON + "a"} <= set(tally.page_view(2).nodes)
    assert not ({PERSON + n for n in names} - chosen) & set(tally.page_view(4).nodes)
