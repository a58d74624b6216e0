"""`kgraph query` on a build of the example pages: answers, formats, errors, limits."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

import kgraph
from kgraph.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
COUNT_PAPERS = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a kg:Paper }"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    kgraph.build([p for p in (EXAMPLES / "pages", EXAMPLES / "structured") if p.is_dir()], out)
    return out


def _run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, ["query", *args], input=input)


def _papers_by_rdflib(ttl: Path) -> int:
    g = rdflib.Graph().parse(ttl, format="turtle")
    kg = rdflib.Namespace("https://w3id.org/kgraph/ontology#")
    return len(set(g.subjects(rdflib.RDF.type, kg.Paper)))


def test_query_counts_the_same_papers_as_rdflib(built: Path) -> None:
    result = _run(str(built), COUNT_PAPERS, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert int(result.stdout.splitlines()[1]) == _papers_by_rdflib(built / "graph.ttl") > 10


def test_query_counts_every_triple_once(built: Path) -> None:
    result = _run(str(built), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv")
    assert int(result.stdout.splitlines()[1]) == len(rdflib.Graph().parse(built / "graph.ttl"))


def test_the_turtle_file_answers_like_the_folder(built: Path) -> None:
    folder = _run(str(built), COUNT_PAPERS, "--format", "csv").stdout
    assert _run(str(built / "graph.ttl"), COUNT_PAPERS, "--format", "csv").stdout == folder
    assert _run(str(built / "graph.trig"), COUNT_PAPERS, "--format", "csv").stdout == folder


def test_table_is_aligned_with_a_row_count(built: Path) -> None:
    result = _run(str(built), "SELECT ?name WHERE { ?p a kg:Person ; foaf:name ?name } ORDER BY ?name LIMIT 3")
    lines = result.stdout.splitlines()
    assert lines[0] == "name" and set(lines[1]) == {"-"} and lines[-1] == "(3 rows)"


def test_csv_and_json_are_sparql_results(built: Path) -> None:
    q = "SELECT ?t ?id WHERE { ?p kg:arxivId ?id ; dcterms:title ?t } ORDER BY ?id"
    rows = list(csv.reader(io.StringIO(_run(str(built), q, "--format", "csv").stdout, newline="")))
    data = json.loads(_run(str(built), q, "--format", "json").stdout)
    assert rows[0] == ["t", "id"] == data["head"]["vars"]
    assert [r[1] for r in rows[1:]] == [b["id"]["value"] for b in data["results"]["bindings"]]


def test_query_from_a_file_and_from_stdin(built: Path, tmp_path: Path) -> None:
    rq = tmp_path / "q.rq"
    rq.write_text("# papers\n" + COUNT_PAPERS + "\n", encoding="utf-8")
    from_file = _run(str(built), "-f", str(rq), "--format", "csv")
    from_stdin = _run(str(built), "-f", "-", "--format", "csv", input=COUNT_PAPERS)
    assert from_file.exit_code == from_stdin.exit_code == 0
    assert from_file.stdout == from_stdin.stdout


def test_a_query_must_come_from_exactly_one_place(built: Path, tmp_path: Path) -> None:
    assert _run(str(built)).exit_code == 2
    rq = tmp_path / "q.rq"
    rq.write_text(COUNT_PAPERS, encoding="utf-8")
    assert _run(str(built), COUNT_PAPERS, "-f", str(rq)).exit_code == 2


def test_a_malformed_query_is_one_message_not_a_traceback(built: Path) -> None:
    result = _run(str(built), "SELECT ?p WHERE {\n  ?p a kg:Paper ;\n  dcterms:title }")
    assert result.exit_code == 1
    assert "malformed query at line 3, column" in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


def test_an_undeclared_prefix_is_named(built: Path) -> None:
    result = _run(str(built), "SELECT ?p WHERE { ?p a schema:ScholarlyArticle }")
    assert result.exit_code == 1 and "unknown prefix 'schema:'" in result.stderr


def test_a_user_prefix_declaration_overrides_ours(built: Path) -> None:
    q = "PREFIX kg: <https://w3id.org/kgraph/ontology#>\nPREFIX dcterms: <http://purl.org/dc/terms/>\n" + COUNT_PAPERS
    with_decl = _run(str(built), q, "--format", "csv")
    assert with_decl.exit_code == 0, with_decl.output
    assert with_decl.stdout == _run(str(built), COUNT_PAPERS, "--format", "csv").stdout


def test_ask_and_construct(built: Path) -> None:
    assert _run(str(built), "ASK { ?p a kg:Paper }").stdout == "true\n"
    assert json.loads(_run(str(built), "ASK { ?p a kg:Nothing }", "--format", "json").stdout)["boolean"] is False
    ttl = _run(str(built), "CONSTRUCT { ?p dcterms:title ?t } WHERE { ?p dcterms:title ?t }").stdout
    assert len(rdflib.Graph().parse(data=ttl, format="turtle")) > 5


def test_a_huge_answer_is_cut_with_advice(built: Path) -> None:
    result = _run(str(built), "SELECT * WHERE { ?s ?p ?o }", "--max-rows", "5", "--format", "csv")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 6
    assert "LIMIT" in result.stderr and "--max-rows 0" in result.stderr
    everything = _run(str(built), "SELECT * WHERE { ?s ?p ?o }", "--max-rows", "0", "--format", "csv")
    assert everything.stderr == "" and len(everything.stdout.splitlines()) > 100


def test_a_slow_query_stops_with_advice(built: Path) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    result = _run(str(built), slow, "--timeout", "0.3")
    assert result.exit_code == 1
    assert "LIMIT" in result.stderr and "--timeout" in result.stderr


def test_a_folder_without_a_graph_is_a_one_line_error(tmp_path: Path) -> None:
    result = _run(str(tmp_path), COUNT_PAPERS)
    assert result.exit_code == 1 and "no built graph" in result.stderr


def test_the_first_query_makes_the_store_and_a_rebuild_drops_it(tmp_path: Path) -> None:
    pages = EXAMPLES / "pages"
    kgraph.build([pages], tmp_path)
    assert not (tmp_path / "store").exists()  # a build does not spend time on the store
    first = _run(str(tmp_path), COUNT_PAPERS, "--format", "csv")
    assert first.exit_code == 0, first.output
    assert (tmp_path / "store").is_dir()
    assert _run(str(tmp_path), COUNT_PAPERS, "--format", "csv").stdout == first.stdout  # reused
    kgraph.build([pages, EXAMPLES / "structured"], tmp_path)
    assert not (tmp_path / "store").exists()  # it answered for the old graph
    after = _run(str(tmp_path), COUNT_PAPERS, "--format", "csv")
    assert int(after.stdout.splitlines()[1]) == _papers_by_rdflib(tmp_path / "graph.ttl") > int(first.stdout.splitlines()[1])


def test_build_with_store_makes_it_up_front(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(EXAMPLES / "pages"), "--out", str(tmp_path), "--store"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "store").is_dir()
    assert _run(str(tmp_path), COUNT_PAPERS, "--format", "csv").exit_code == 0


def test_a_read_only_build_folder_is_answered_from_its_turtle(tmp_path: Path, monkeypatch) -> None:
    kgraph.build([EXAMPLES / "pages"], tmp_path)
    from kgraph import store as store_module

    monkeypatch.setattr(store_module, "_writable", lambda folder: False)  # root may write anywhere
    result = _run(str(tmp_path), COUNT_PAPERS, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "store").exists()
    assert int(result.stdout.splitlines()[1]) == _papers_by_rdflib(tmp_path / "graph.ttl")
