"""`kgraph build` end to end: outputs, read-back, determinism, bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

import kgraph
from kgraph.cli import EXIT_SKIPPED, main
from kgraph.pipeline import OUTPUT_FILES, build_in_memory

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "pages"
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    report = kgraph.build([EXAMPLES], out)
    assert not report.skipped, report.skipped
    return out


def test_every_output_is_written(built: Path) -> None:
    for name in OUTPUT_FILES:
        assert (built / name).stat().st_size > 0, name


def test_turtle_and_trig_hold_the_same_triples(built: Path) -> None:
    ttl = rdflib.Graph().parse(built / "graph.ttl", format="turtle")
    ds = rdflib.Dataset()
    ds.parse(built / "graph.trig", format="trig")
    union = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    assert len(ttl) > 50
    assert isomorphic(ttl, union)


def test_every_named_graph_is_a_source_document(built: Path) -> None:
    ds = rdflib.Dataset()
    ds.parse(built / "graph.trig", format="trig")
    ttl = rdflib.Graph().parse(built / "graph.ttl", format="turtle")
    kg = rdflib.Namespace("https://w3id.org/kgraph/ontology#")
    docs = set(ttl.subjects(rdflib.RDF.type, kg.SourceDocument))
    graphs = {c for _, _, _, c in ds.quads((None, None, None, None))}
    assert graphs == docs and len(docs) == len(list(EXAMPLES.iterdir()))


def test_provenance_describes_facts_of_the_graph_in_their_documents(tmp_path: Path) -> None:
    import pyoxigraph as ox

    built = tmp_path / "out"
    kgraph.build([EXAMPLES, EXAMPLES.parent / "structured"], built)
    store = ox.Store()
    store.bulk_load(path=str(built / "provenance.trig"), format=ox.RdfFormat.TRIG)
    store.bulk_load(path=str(built / "graph.ttl"), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    rows = list(store.query("""
        PREFIX kg: <https://w3id.org/kgraph/ontology#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?doc ?s ?p ?o ?confidence ?text WHERE {
          GRAPH ?doc { ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                           kg:confidence ?confidence ; kg:extractor ?by . OPTIONAL { ?st kg:spanText ?text } }
        }"""))
    assert len(rows) >= 8
    for doc, s, p, o, confidence, text in rows:
        assert store.query("ASK { ?s ?p ?o . ?s <http://www.w3.org/ns/prov#wasDerivedFrom> ?doc }",
                           substitutions={ox.Variable("s"): s, ox.Variable("p"): p, ox.Variable("o"): o,
                                          ox.Variable("doc"): doc}), (s, p, o, doc)
        assert confidence.datatype.value.endswith("#decimal") and 0 <= float(confidence.value) <= 1
        assert text is None or text.value.strip()


def test_graphml_reads_back_with_type_and_label_on_every_node(built: Path) -> None:
    g = nx.read_graphml(built / "graph.graphml")
    assert g.number_of_nodes() > 10
    for node, data in g.nodes(data=True):
        assert data.get("type") and data.get("label"), node
    relations = {d["relation"] for _, _, d in g.edges(data=True)}
    assert {"creator", "wasDerivedFrom"} <= relations


def test_two_builds_are_byte_identical_whatever_the_input_order(tmp_path: Path) -> None:
    files = sorted(EXAMPLES.iterdir())
    kgraph.build(files, tmp_path / "a")
    kgraph.build(list(reversed(files)), tmp_path / "b")
    for name in OUTPUT_FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def _unsupported_files(src: Path) -> list[Path]:
    (src / "notes.txt").write_text("Shopping list:\n- eggs\n- milk\n", encoding="utf-8")
    (src / "empty.txt").write_text("", encoding="utf-8")
    (src / "blob.bin").write_bytes(bytes(range(256)) * 8)
    return [src / "notes.txt", src / "empty.txt", src / "blob.bin"]


def test_unsupported_files_in_a_folder_are_listed_as_ignored_and_the_build_succeeds(tmp_path: Path) -> None:
    src = tmp_path / "in"
    shutil.copytree(EXAMPLES, src)
    _unsupported_files(src)
    result = CliRunner().invoke(main, ["build", str(src), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    ignored = [line for line in result.stderr.splitlines() if line.startswith("ignored in ")]
    assert len(ignored) == 1, result.stderr
    for name, reason in [("notes.txt", "no supported format"), ("empty.txt", "empty"), ("blob.bin", "binary data")]:
        group = next(part for part in ignored[0].split("; ") if name in part)
        assert reason in group, (name, group)
    assert "skipped:" not in result.stderr
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 0


def test_unsupported_files_named_on_the_command_line_are_skipped_with_exit_3(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    bad = _unsupported_files(src)
    result = CliRunner().invoke(main, ["build", str(EXAMPLES), *map(str, bad), "--out", str(tmp_path / "out")])
    assert result.exit_code == EXIT_SKIPPED, result.output
    for path, reason in zip(bad, ["not in any supported layout", "empty document", "binary data"]):
        assert any(line.startswith(f"skipped: {path}: {reason}") for line in result.stderr.splitlines()), (path, reason)
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 0


def test_nothing_usable_fails_and_keeps_earlier_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    kgraph.build([EXAMPLES], out)
    before = (out / "graph.ttl").read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_text("nothing to see here\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(bad), "--out", str(out)])
    assert result.exit_code == 1
    assert "no usable input" in result.output
    assert (out / "graph.ttl").read_bytes() == before


def test_formats_lists_the_five_page_layouts() -> None:
    result = CliRunner().invoke(main, ["formats"])
    assert result.exit_code == 0
    for name in ("arxiv_listing", "aggregator_author", "abstract_list", "author_profile", "daily_papers"):
        assert name in result.output


@pytest.mark.skipif(not SEEDS.is_dir(), reason="sample corpus ../shared/corpus not present")
def test_sample_pages_build_into_one_node_per_shared_paper(tmp_path: Path) -> None:
    _graph, resolution, _, report = build_in_memory([SEEDS], extract=False)
    assert sum(report.documents_by_format.values()) == 5 and not report.skipped
    merged = [c for c in resolution.papers if len(c.members) > 1]
    assert len(merged) == 5
    assert all({m.rule for m in c.merges} == {"abstract-similarity"} for c in merged)
    people = {e.label for e in resolution.people.values()}
    assert "Silas Alberti" in people and "Percy Liang" in people


@pytest.mark.skipif(not SEEDS.is_dir(), reason="sample corpus ../shared/corpus not present")
def test_no_two_entities_of_a_kind_share_a_folded_label(tmp_path: Path) -> None:
    from kgraph.text import fold

    graph, _, _, _ = build_in_memory([SEEDS, EXAMPLES, EXAMPLES.parent / "structured"])
    kg = "https://w3id.org/kgraph/ontology#"
    labels: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for s, p, o in graph.triples():
        if p == "http://www.w3.org/2000/01/rdf-schema#label":
            labels[s] = o.value
        elif p == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type":
            kinds[s] = o[len(kg):]
    seen: dict[tuple[str, str], str] = {}
    for node, kind in kinds.items():
        if kind in {"Person", "Organization", "Dataset", "Benchmark", "Model", "Application"}:
            key = (kind, fold(labels[node]))
            assert key not in seen, f"{kind} {labels[node]!r} is both {seen[key]} and {node}"
            seen[key] = node
    people = [labels[n] for n, k in kinds.items() if k == "Person"]
    assert people.count("Percy Liang") == 1 and people.count("Silas Alberti") == 1
    orgs = [labels[n] for n, k in kinds.items() if k == "Organization"]
    assert orgs.count("Stanford University") == 1
