"""The Turtle and TriG exporter: escaping, lists, named graphs."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kgraph.export.base import ExportContext
from kgraph.export.rdf import RDFExporter
from kgraph.graph import IRI, Block, Collection, Literal, fact_sort_key, safe_iri

EX = "https://w3id.org/kgraph/id/paper/"
DOC_A = "https://w3id.org/kgraph/id/doc/aaaa"
DOC_B = "https://w3id.org/kgraph/id/doc/bbbb"
TITLE = "http://purl.org/dc/terms/title"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NS_XSD = "http://www.w3.org/2001/XMLSchema#"
PAPER = IRI("https://w3id.org/kgraph/ontology#Paper")

HOSTILE = [
    'quote " and triple """ quotes',
    "back\\slash \\n not a newline",
    "new\nline\r\ttab",
    "<script>alert(1)</script>",
    "unicode: Zürich 東京 \u2028 \U0001F600",
    "control \x01\x1f\x7f chars",
    "ends with a quote\"",
    "ends with backslash\\",
    "",
]


def _block(subject: str, facts: list) -> Block:
    return Block(IRI(subject), sorted(facts, key=fact_sort_key))


def _papers(values: list[str]) -> list[Block]:
    return [_block(f"{EX}p{i}", [(RDF + "type", PAPER, (DOC_A,)), (TITLE, Literal(v), (DOC_A if i % 2 else DOC_B,))])
            for i, v in enumerate(values)]


def _write_blocks(blocks: list[Block]) -> tuple[str, str]:
    """graph.ttl and graph.trig as the build's exporter writes them."""
    with tempfile.TemporaryDirectory() as tmp:
        writer = RDFExporter()
        writer.open(ExportContext(Path(tmp), {}))
        for block in blocks:
            writer.write(block)
        writer.close()
        return tuple(Path(tmp, name).read_text(encoding="utf-8") for name in RDFExporter.files)


def _turtle(blocks: list[Block]) -> str:
    return _write_blocks(blocks)[0]


@pytest.mark.parametrize("value", HOSTILE)
def test_literal_round_trips_through_turtle_in_rdflib_and_pyoxigraph(value: str) -> None:
    text = _turtle(_papers([value]))
    parsed = rdflib.Graph().parse(data=text, format="turtle")
    got = {str(o) for o in parsed.objects(rdflib.URIRef(EX + "p0"), rdflib.URIRef(TITLE))}
    assert got == {value}
    store = ox.Store()
    store.load(text.encode(), format=ox.RdfFormat.TURTLE)
    assert {q.object.value for q in store.quads_for_pattern(ox.NamedNode(EX + "p0"), ox.NamedNode(TITLE), None)} == {value}


def test_the_trig_union_equals_the_turtle() -> None:
    ttl, trig = _write_blocks(_papers(HOSTILE))
    union = rdflib.Graph()
    for g in _graphs(trig).values():
        for t in g:
            union.add(t)
    assert isomorphic(rdflib.Graph().parse(data=ttl, format="turtle"), union)
    assert set(_graphs(trig)) == {DOC_A, DOC_B}


def test_a_fact_from_two_documents_is_in_both_named_graphs() -> None:
    _, trig = _write_blocks([_block(EX + "x", [(TITLE, Literal("same"), (DOC_A, DOC_B))])])
    graphs = _graphs(trig)
    for doc in (DOC_A, DOC_B):
        assert [str(o) for o in graphs[doc].objects(rdflib.URIRef(EX + "x"), rdflib.URIRef(TITLE))] == ["same"]


def test_rdf_list_is_written_inline_and_reads_back_in_order() -> None:
    people = tuple(IRI(f"https://w3id.org/kgraph/id/person/p{i}") for i in range(3))
    text = _turtle([_block(EX + "x", [("https://w3id.org/kgraph/ontology#authorList",
                                       Collection("l", people, ("0", "1", "2")), (DOC_A,))])])
    assert "( person:p0 person:p1 person:p2 )" in text
    parsed = rdflib.Graph().parse(data=text, format="turtle")
    head = parsed.value(rdflib.URIRef(EX + "x"), rdflib.URIRef("https://w3id.org/kgraph/ontology#authorList"))
    assert [str(x) for x in rdflib.collection.Collection(parsed, head)] == [str(p) for p in people]


def test_typed_literals_and_prefixed_names() -> None:
    s = EX + "arxiv-2412.06966"
    text = _turtle([_block(s, [("http://purl.org/dc/terms/issued", Literal.typed("2024-12-09", "date"), (DOC_A,)),
                               ("https://w3id.org/kgraph/ontology#authorsTruncated", Literal.typed(True, "boolean"),
                                (DOC_A,))])])
    assert "paper:arxiv-2412.06966" in text
    assert '"2024-12-09"^^xsd:date' in text and '"true"^^xsd:boolean' in text
    parsed = rdflib.Graph().parse(data=text, format="turtle")
    assert parsed.value(rdflib.URIRef(str(s)), rdflib.URIRef("http://purl.org/dc/terms/issued")).toPython().year == 2024


def test_urls_with_spaces_and_angle_brackets_stay_one_iri() -> None:
    url = safe_iri('https://example.org/a b>"c{d}')
    ttl, trig = _write_blocks([_block(EX + "x", [("http://xmlns.com/foaf/0.1/homepage", url, (DOC_A,))])])
    parsed = rdflib.Graph().parse(data=ttl, format="turtle")
    (o,) = list(parsed.objects())
    assert " " not in str(o) and ">" not in str(o)
    ox.Store().load(trig.encode(), format=ox.RdfFormat.TRIG)


def _graphs(trig: str) -> dict[str, rdflib.Graph]:
    ds = rdflib.Dataset().parse(data=trig, format="trig")
    out: dict[str, rdflib.Graph] = {}
    for s, p, o, g in ds.quads((None, None, None, None)):
        out.setdefault(str(g), rdflib.Graph()).add((s, p, o))
    return out


def test_trig_sections_hold_what_each_document_said() -> None:
    """A subject said by two documents: one section each, the list named alike in both."""
    people = (IRI("https://w3id.org/kgraph/id/person/a"), IRI("https://w3id.org/kgraph/id/person/b"))
    both, only_a = (DOC_A, DOC_B), (DOC_A,)
    facts = [
        (RDF + "type", IRI("https://w3id.org/kgraph/ontology#Paper"), both),
        (TITLE, Literal('Said by "A" only\n'), only_a),
        ("https://w3id.org/kgraph/ontology#authorList", Collection("alx", people, ("A", "B")), both),
        ("http://purl.org/dc/terms/creator", people[0], both),
        ("https://w3id.org/kgraph/ontology#authorCount", Literal("2", NS_XSD + "integer"), (DOC_B,)),
    ]
    single = Block(IRI(f"{EX}one"), sorted([(RDF + "type", IRI("https://w3id.org/kgraph/ontology#Paper"), only_a),
                                            (TITLE, Literal("one"), only_a)], key=fact_sort_key))
    ttl, trig = _write_blocks([Block(IRI(f"{EX}two"), sorted(facts, key=fact_sort_key)), single])
    merged = rdflib.Graph().parse(data=ttl, format="turtle")
    graphs = _graphs(trig)
    assert set(graphs) == {DOC_A, DOC_B}
    union = rdflib.Graph()
    for g in graphs.values():
        for t in g:
            union.add(t)
    assert isomorphic(union, merged)
    two = rdflib.URIRef(f"{EX}two")
    assert {str(o) for o in graphs[DOC_A].objects(two, rdflib.URIRef(TITLE))} == {'Said by "A" only\n'}
    assert not list(graphs[DOC_B].objects(two, rdflib.URIRef(TITLE)))
    assert list(graphs[DOC_B].objects(two, rdflib.URIRef("https://w3id.org/kgraph/ontology#authorCount")))
    for doc in (DOC_A, DOC_B):  # the list, in order, in both documents' graphs
        head = graphs[doc].value(two, rdflib.URIRef("https://w3id.org/kgraph/ontology#authorList"))
        assert [str(x) for x in rdflib.collection.Collection(graphs[doc], head)] == [str(p) for p in people]
    # pyoxigraph reads it too: in DOC_A 4 facts and 4 list statements of `two` and the 2 of `one`; in DOC_B 4 + 4
    assert len(list(ox.parse(input=trig.encode("utf-8"), format=ox.RdfFormat.TRIG))) == 18


def test_trig_of_a_one_document_subject_is_its_turtle_paragraph() -> None:
    block = Block(IRI(f"{EX}p"), [(RDF + "type", IRI("https://w3id.org/kgraph/ontology#Paper"), (DOC_A,)),
                                  (TITLE, Literal("t"), (DOC_A,))])
    ttl, trig = _write_blocks([block])
    paragraph = ttl.split("\n\n", 1)[1]
    assert trig.endswith(f"\ndoc:aaaa {{\n{paragraph}}}\n")
