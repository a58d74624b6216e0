"""The SPARQL store: opening targets, running queries, and the three result formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kgraph.errors import GraphNotFound, QueryError
from kgraph.store import _width, open_store, run_query, write_store

KG = "https://w3id.org/kgraph/ontology#"
EX = "https://w3id.org/kgraph/id/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

NQUADS = f"""\
<{EX}paper/p1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{KG}Paper> <{EX}doc/a> .
<{EX}paper/p1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{KG}Paper> <{EX}doc/b> .
<{EX}paper/p1> <{RDFS_LABEL}> "Attention, \\"quoted\\"\\nand more" <{EX}doc/a> .
<{EX}paper/p2> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{KG}Paper> <{EX}doc/b> .
<{EX}paper/p2> <{RDFS_LABEL}> "深層学習の論文" <{EX}doc/b> .
<{EX}paper/p2> <{KG}authorCount> "12"^^<http://www.w3.org/2001/XMLSchema#integer> <{EX}doc/b> .
<{EX}paper/p2> <{KG}authorList> _:list <{EX}doc/b> .
<{EX}person/x> <{RDFS_LABEL}> "Zoë"@de <{EX}doc/b> .
"""


@pytest.fixture()
def nq(tmp_path: Path) -> Path:
    path = tmp_path / "graph.nq"
    path.write_text(NQUADS, encoding="utf-8")
    return path


@pytest.fixture()
def store(nq: Path):
    return open_store(nq)


def _select(store, sparql: str, **kw):
    return run_query(None, sparql, store=store, **kw)


# --- targets ----------------------------------------------------------------------------


def test_a_fact_stated_by_two_documents_counts_once(store) -> None:
    result = _select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?p a kg:Paper }")
    assert result.rows == (("2",),)


def test_named_graphs_keep_each_documents_statements(store) -> None:
    result = _select(store, "SELECT ?g WHERE { GRAPH ?g { <%spaper/p1> a kg:Paper } } ORDER BY ?g" % EX)
    assert [r[0] for r in result.rows] == [f"{EX}doc/a", f"{EX}doc/b"]


def test_a_build_folder_store_answers_like_its_turtle(tmp_path: Path, nq: Path) -> None:
    (tmp_path / "graph.ttl").write_text("", encoding="utf-8")  # present, but the store wins
    write_store(tmp_path, nq)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert run_query(tmp_path, count).rows == (("7",),)  # 8 quads, one triple in two graphs
    assert run_query(tmp_path, count).rows == (("7",),)  # and again, once the store is merged


def test_a_turtle_file_is_a_target(tmp_path: Path) -> None:
    ttl = tmp_path / "g.ttl"
    ttl.write_text(f"<{EX}paper/p1> a <{KG}Paper> .\n", encoding="utf-8")
    assert run_query(ttl, "ASK { ?p a kg:Paper }").boolean is True


def test_missing_and_foreign_targets_say_what_is_expected(tmp_path: Path) -> None:
    with pytest.raises(GraphNotFound, match="no built graph"):
        open_store(tmp_path)
    (tmp_path / "notes.txt").write_text("hi", encoding="utf-8")
    with pytest.raises(GraphNotFound, match="not an RDF file"):
        open_store(tmp_path / "notes.txt")
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(GraphNotFound, match="not valid RDF"):
        open_store(bad)


# --- prefixes and errors ---------------------------------------------------------------


def test_a_query_may_redeclare_a_predeclared_prefix(store) -> None:
    same = f"PREFIX kg: <{KG}>\nSELECT (COUNT(*) AS ?n) WHERE {{ ?p a kg:Paper }}"
    assert _select(store, same).rows == (("2",),)
    other = "PREFIX kg: <http://example.org/other#>\nSELECT (COUNT(*) AS ?n) WHERE { ?p a kg:Paper }"
    assert _select(store, other).rows == (("0",),)


def test_a_malformed_query_reports_line_column_and_the_line(store) -> None:
    with pytest.raises(QueryError) as err:
        _select(store, "SELECT ?p\nWHERE { ?p a kg:Paper ")
    message = str(err.value)
    assert "line 2, column 23" in message  # just past the end, where "}" was due
    assert "WHERE { ?p a kg:Paper" in message and message.rstrip().endswith("^")
    assert "\\u{" not in message  # the parser's character classes are dropped


def test_an_unknown_prefix_is_named(store) -> None:
    with pytest.raises(QueryError, match=r"unknown prefix 'schema:'"):
        _select(store, "SELECT ?p WHERE { ?p a schema:Thing }")


def test_a_slow_query_times_out_with_limit_advice(store) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(9)) + " }"
    with pytest.raises(QueryError, match="LIMIT"):
        _select(store, slow, timeout=0.2)


def test_max_rows_keeps_the_first_rows_and_says_so(store) -> None:
    result = _select(store, "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o", max_rows=3)
    assert len(result.rows) == 3 and result.truncated
    assert "the answer has more" in result.render("table")
    whole = _select(store, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", max_rows=7)
    assert len(whole.rows) == 7 and not whole.truncated


# --- SELECT formats ---------------------------------------------------------------------

TRICKY = "SELECT ?s ?label ?n ?missing WHERE { ?s rdfs:label ?label OPTIONAL { ?s kg:authorCount ?n } } ORDER BY ?s"


def test_csv_is_sparql_csv(store) -> None:
    ours = _select(store, TRICKY).render("csv")
    reference = store.query(TRICKY, prefixes={"kg": KG, "rdfs": "http://www.w3.org/2000/01/rdf-schema#"})
    assert ours == reference.serialize(format=ox.QueryResultsFormat.CSV).decode("utf-8")
    assert ours.startswith("s,label,n,missing\r\n")
    rows = list(csv.reader(io.StringIO(ours, newline="")))
    assert rows[1][1] == 'Attention, "quoted"\nand more' and rows[2][1:3] == ["深層学習の論文", "12"]


def test_csv_writes_blank_nodes_with_their_prefix(store) -> None:
    text = _select(store, "SELECT ?l WHERE { ?p kg:authorList ?l }").render("csv")
    assert text.splitlines()[1].startswith("_:")


def test_json_is_sparql_json_with_typed_terms(store) -> None:
    ours = json.loads(_select(store, TRICKY).render("json"))
    reference = store.query(TRICKY, prefixes={"kg": KG, "rdfs": "http://www.w3.org/2000/01/rdf-schema#"})
    assert ours == json.loads(reference.serialize(format=ox.QueryResultsFormat.JSON))
    assert ours["head"]["vars"] == ["s", "label", "n", "missing"]
    p2 = ours["results"]["bindings"][1]
    assert p2["s"]["type"] == "uri" and p2["n"] == {
        "type": "literal", "value": "12", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    assert ours["results"]["bindings"][2]["label"] == {"type": "literal", "value": "Zoë", "xml:lang": "de"}
    assert "missing" not in p2


def test_json_types_blank_nodes(store) -> None:
    data = json.loads(_select(store, "SELECT ?l WHERE { ?p kg:authorList ?l }").render("json"))
    assert data["results"]["bindings"][0]["l"]["type"] == "bnode"


def test_table_columns_line_up_in_terminal_cells(store) -> None:
    lines = _select(store, "SELECT ?label ?s WHERE { ?s rdfs:label ?label } ORDER BY ?s").render("table").splitlines()
    header, rule, *rows, footer = lines
    column = header.index(" s")  # where the second column starts, in cells
    assert all(_width(row[: row.index("https://")]) == column + 1 for row in rows)
    assert "Attention, \"quoted\" and more" in rows[0]  # newlines flattened
    assert footer == "(3 rows)"


def test_table_cuts_long_cells_by_width_not_characters() -> None:
    from kgraph.store import _fit

    cut = _fit("漢" * 40, 11)
    assert _width(cut) == 11 and cut.rstrip().endswith("…")
    assert _width(_fit("e\u0301", 3)) == 3  # a combining accent takes no cell


# --- ASK and CONSTRUCT ------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "text"), [("table", "true\n"), ("csv", "true\r\n"),
                                           ("json", '{"head": {}, "boolean": true}\n')])
def test_ask_renders_in_every_format(store, fmt: str, text: str) -> None:
    result = _select(store, "ASK { ?p a kg:Paper }")
    assert result.boolean is True and result.render(fmt) == text


CONSTRUCT = "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a kg:Paper ; rdfs:label ?l }"


def _expected_graph() -> rdflib.Graph:
    g = rdflib.Graph()
    label = rdflib.RDFS.label
    g.add((rdflib.URIRef(f"{EX}paper/p1"), label, rdflib.Literal('Attention, "quoted"\nand more')))
    g.add((rdflib.URIRef(f"{EX}paper/p2"), label, rdflib.Literal("深層学習の論文")))
    return g


def test_construct_table_is_turtle_with_our_prefixes(store) -> None:
    text = _select(store, CONSTRUCT).render("table")
    assert "@prefix rdfs:" in text
    assert isomorphic(rdflib.Graph().parse(data=text, format="turtle"), _expected_graph())


def test_construct_json_is_json_ld(store) -> None:
    text = _select(store, CONSTRUCT).render("json")
    assert isomorphic(rdflib.Graph().parse(data=text, format="json-ld"), _expected_graph())


def test_construct_csv_has_subject_predicate_object(store) -> None:
    rows = list(csv.reader(io.StringIO(_select(store, CONSTRUCT + " ORDER BY ?p").render("csv"), newline="")))
    assert rows[0] == ["subject", "predicate", "object"] and len(rows) == 3


def test_an_empty_construct_is_an_empty_graph(store) -> None:
    result = _select(store, "CONSTRUCT { ?s ?p ?o } WHERE { ?s a kg:Venue ; ?p ?o }")
    assert result.kind == "graph" and result.triples == ()
    assert rdflib.Graph().parse(data=result.render("table"), format="turtle").__len__() == 0
    assert result.render("csv") == "subject,predicate,object\r\n"


def test_unknown_format_is_refused(store) -> None:
    with pytest.raises(QueryError, match="table, csv, json"):
        _select(store, "ASK {}").render("xml")
