"""The Turtle, TriG and N-Quads writers: escaping, lists, named graphs, determinism."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kgraph.export.rdf import nquads_lines, turtle_lines, write_nquads, write_turtle
from kgraph.graph import IRI, BNode, KnowledgeGraph, Literal, safe_iri

EX = "https://w3id.org/kgraph/id/paper/"
DOC_A = "https://w3id.org/kgraph/id/doc/aaaa"
DOC_B = "https://w3id.org/kgraph/id/doc/bbbb"
TITLE = "http://purl.org/dc/terms/title"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NS_XSD = "http://www.w3.org/2001/XMLSchema#"

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


def _graph(values: list[str]) -> KnowledgeGraph:
    g = KnowledgeGraph()
    for i, v in enumerate(values):
        s = IRI(f"{EX}p{i}")
        g.add(s, RDF + "type", IRI("https://w3id.org/kgraph/ontology#Paper"), DOC_A)
        g.add(s, TITLE, Literal(v), DOC_A if i % 2 else DOC_B)
    return g


def _turtle(g: KnowledgeGraph) -> str:
    buf = io.StringIO()
    write_turtle(g, buf)
    return buf.getvalue()


def _nquads(g: KnowledgeGraph) -> str:
    buf = io.StringIO()
    write_nquads(g, buf)
    return buf.getvalue()


@pytest.mark.parametrize("value", HOSTILE)
def test_literal_round_trips_through_turtle_in_rdflib_and_pyoxigraph(value: str) -> None:
    text = _turtle(_graph([value]))
    parsed = rdflib.Graph().parse(data=text, format="turtle")
    got = {str(o) for o in parsed.objects(rdflib.URIRef(EX + "p0"), rdflib.URIRef(TITLE))}
    assert got == {value}
    store = ox.Store()
    store.load(text.encode(), format=ox.RdfFormat.TURTLE)
    assert {q.object.value for q in store.quads_for_pattern(ox.NamedNode(EX + "p0"), ox.NamedNode(TITLE), None)} == {value}


def test_nquads_union_equals_turtle() -> None:
    g = _graph(HOSTILE)
    ttl = rdflib.Graph().parse(data=_turtle(g), format="turtle")
    ds = rdflib.Dataset()
    ds.parse(data=_nquads(g), format="nquads")
    union = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    assert isomorphic(ttl, union)
    graphs = {str(c) for _, _, _, c in ds.quads((None, None, None, None))}
    assert graphs == {DOC_A, DOC_B}


def test_a_triple_from_two_documents_is_in_both_named_graphs() -> None:
    g = KnowledgeGraph()
    g.add(IRI(EX + "x"), TITLE, Literal("same"), DOC_A)
    g.add(IRI(EX + "x"), TITLE, Literal("same"), DOC_B)
    assert len(g) == 1
    lines = list(nquads_lines(g.quads()))
    assert len(lines) == 2 and lines[0].endswith(f"<{DOC_A}> .") and lines[1].endswith(f"<{DOC_B}> .")


def test_rdf_list_is_written_inline_and_reads_back_in_order() -> None:
    g = KnowledgeGraph()
    people = [IRI(f"https://w3id.org/kgraph/id/person/p{i}") for i in range(3)]
    nodes = [BNode(f"l{i}") for i in range(3)]
    for i, node in enumerate(nodes):
        g.add(node, RDF + "first", people[i], DOC_A)
        g.add(node, RDF + "rest", nodes[i + 1] if i < 2 else IRI(RDF + "nil"), DOC_A)
    g.add(IRI(EX + "x"), "https://w3id.org/kgraph/ontology#authorList", nodes[0], DOC_A)
    text = _turtle(g)
    assert "( person:p0 person:p1 person:p2 )" in text
    parsed = rdflib.Graph().parse(data=text, format="turtle")
    head = parsed.value(rdflib.URIRef(EX + "x"), rdflib.URIRef("https://w3id.org/kgraph/ontology#authorList"))
    assert [str(x) for x in rdflib.collection.Collection(parsed, head)] == [str(p) for p in people]


def test_typed_literals_and_prefixed_names() -> None:
    g = KnowledgeGraph()
    s = IRI(EX + "arxiv-2412.06966")
    g.add(s, "http://purl.org/dc/terms/issued", Literal.typed("2024-12-09", "date"), DOC_A)
    g.add(s, "https://w3id.org/kgraph/ontology#authorsTruncated", Literal.typed(True, "boolean"), DOC_A)
    text = _turtle(g)
    assert "paper:arxiv-2412.06966" in text
    assert '"2024-12-09"^^xsd:date' in text and '"true"^^xsd:boolean' in text
    parsed = rdflib.Graph().parse(data=text, format="turtle")
    assert parsed.value(rdflib.URIRef(str(s)), rdflib.URIRef("http://purl.org/dc/terms/issued")).toPython().year == 2024


def test_urls_with_spaces_and_angle_brackets_stay_one_iri() -> None:
    url = safe_iri('https://example.org/a b>"c{d}')
    g = KnowledgeGraph()
    g.add(IRI(EX + "x"), "http://xmlns.com/foaf/0.1/homepage", url, DOC_A)
    text = _turtle(g) + "\n"
    parsed = rdflib.Graph().parse(data=text, format="turtle")
    (o,) = list(parsed.objects())
    assert " " not in str(o) and ">" not in str(o)
    ox.Store().load(_nquads(g).encode(), format=ox.RdfFormat.N_QUADS)


def test_output_order_is_independent_of_insertion_order() -> None:
    values = HOSTILE[:5]
    g1, g2 = _graph(values), KnowledgeGraph()
    for t in reversed(list(g1.triples())):
        for src in sorted(g1.sources(t), reverse=True):
            g2.add(*t, src)
    assert _turtle(g1) == _turtle(g2)
    assert _nquads(g1) == _nquads(g2)
    assert list(turtle_lines(g1.triples()))[0].startswith("@prefix")


# --------------------------------------------------------------------------- BlockWriter (graph.ttl + graph.trig)


def _write_blocks(blocks: list) -> tuple[str, str]:
    from kgraph.export.rdf import BlockWriter

    ttl, trig = io.StringIO(), io.StringIO()
    writer = BlockWriter(ttl, trig)
    for block in blocks:
        writer.block(block)
    return ttl.getvalue(), trig.getvalue()


def _graphs(trig: str) -> dict[str, rdflib.Graph]:
    ds = rdflib.Dataset().parse(data=trig, format="trig")
    out: dict[str, rdflib.Graph] = {}
    for s, p, o, g in ds.quads((None, None, None, None)):
        out.setdefault(str(g), rdflib.Graph()).add((s, p, o))
    return out


def test_trig_sections_hold_what_each_document_said() -> None:
    """A subject said by two documents: one section each, the list named alike in both."""
    from kgraph.graph import Block, Collection, fact_sort_key

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
    from kgraph.graph import Block

    block = Block(IRI(f"{EX}p"), [(RDF + "type", IRI("https://w3id.org/kgraph/ontology#Paper"), (DOC_A,)),
                                  (TITLE, Literal("t"), (DOC_A,))])
    ttl, trig = _write_blocks([block])
    paragraph = ttl.split("\n\n", 1)[1]
    assert trig.endswith(f"\ndoc:aaaa {{\n{paragraph}}}\n")
