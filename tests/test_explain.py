"""`kgraph explain`: by folder or file, author lists as names, merged spellings, did-you-mean, its index."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import kgraph
from kgraph.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [ROOT / "examples" / "pages", ROOT / "examples" / "structured"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("explain") / "out"
    kgraph.build(EXAMPLES, out)
    return out


def _explain(*args: str):
    return CliRunner().invoke(main, ["explain", *args])


def test_a_folder_and_its_graph_ttl_give_the_same_explanation(built: Path) -> None:
    by_folder = _explain(str(built), "Li Wei")
    by_file = _explain(str(built / "graph.ttl"), "Li Wei")
    assert by_folder.exit_code == 0, by_folder.output
    assert by_file.output == by_folder.output


def test_a_person_merged_from_spellings_shows_the_merge(built: Path) -> None:
    text = _explain(str(built), "Li Wei").output
    assert "also written: Wei, Li" in text
    merges = text.split("  merges:", 1)[1].split("  facts:", 1)[0]
    assert "'Wei, Li'" in merges and "'Li Wei'" in merges and "mention" in merges


def test_no_rdf_list_internals_and_authors_in_order(built: Path) -> None:
    person = _explain(str(built), "Sara Müller").output
    assert "first" not in person and "rest" not in person and "_:" not in person
    assert "author 2 of 2" in person  # her place on CalibBench's author list
    paper = _explain(str(built), "CalibBench: Measuring Calibration of Free-Form Answers").output
    assert "authors in order -> 1. Li Wei; 2. Sara Müller" in paper
    assert "_:" not in paper


def test_a_merged_paper_lists_its_records_and_the_rule(built: Path) -> None:
    text = _explain(str(built), "CalibBench: Measuring Calibration of Free-Form Answers").output
    assert "2 records:" in text and "arxiv-id (2402.11111)" in text


def test_an_unknown_label_gets_deterministic_suggestions(built: Path) -> None:
    first = _explain(str(built), "Li Wie")
    assert first.exit_code == 1
    lines = first.output.strip().splitlines()
    assert len(lines) == 1 and "did you mean: 'Li Wei'" in lines[0]
    assert _explain(str(built), "Li Wie").output == first.output


def test_part_of_a_label_matches_only_as_whole_words(built: Path) -> None:
    whole = _explain(str(built), "müller")
    assert whole.exit_code == 0 and whole.output.startswith("Sara Müller"), whole.output
    inside = _explain(str(built), "ller")  # inside "Müller", not a word of it
    assert inside.exit_code == 1 and "no node has the label" in inside.output


def test_nothing_close_gets_no_suggestion(built: Path) -> None:
    result = _explain(str(built), "zzzzqqqq xxxx")
    assert result.exit_code == 1 and "did you mean" not in result.output


def test_the_index_is_made_once_and_again_after_a_rebuild(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(built, out)
    (out / ".kgraph" / "explain.sqlite").unlink(missing_ok=True)
    assert _explain(str(out), "Li Wei").exit_code == 0
    index = out / ".kgraph" / "explain.sqlite"
    assert index.is_file()
    stamp = index.stat().st_mtime_ns
    assert _explain(str(out), "Li Wei").exit_code == 0
    assert index.stat().st_mtime_ns == stamp  # reused
    kgraph.build([EXAMPLES[0]], out)  # a different graph: Li Wei is gone
    assert index.is_file()  # the build wrote its own node index in place of the old one
    assert _explain(str(out), "Li Wei").exit_code == 1


def test_the_build_writes_the_index_and_it_answers_as_the_full_one(built: Path, tmp_path: Path) -> None:
    """The node index the build writes (paragraphs looked up by node) gives the same
    explanation as the fact index a first explain makes when it is missing."""
    index = built / ".kgraph" / "explain.sqlite"
    assert index.is_file()
    with sqlite3.connect(index) as conn:
        assert dict(conn.execute("SELECT key, value FROM meta"))["layout"] == "nodes"
        (paper,) = conn.execute("SELECT s FROM labels WHERE s LIKE '%/paper/%' ORDER BY s LIMIT 1").fetchone()
    out = tmp_path / "out"
    shutil.copytree(built, out, symlinks=True)
    target = out / ".kgraph" / "explain.sqlite"
    for node in ("Li Wei", paper):
        from_nodes = _explain(str(out), node)
        target.unlink()
        from_facts = _explain(str(out), node)
        assert from_nodes.exit_code == from_facts.exit_code
        assert from_nodes.output == from_facts.output
        shutil.copy(index, target)


def test_a_lone_rdf_file_is_explained_without_merges(built: Path, tmp_path: Path) -> None:
    lone = tmp_path / "copy.trig"
    shutil.copy(built / "graph.trig", lone)
    result = _explain(str(lone), "Li Wei")
    assert result.exit_code == 0, result.output
    assert "merges: not recorded" in result.output
    assert "from: " in result.output and "snapshot.jsonl" in result.output  # named graphs name the documents
    assert not list(tmp_path.glob("*.sqlite"))


def test_build_outputs_do_not_change_when_explained(built: Path) -> None:
    before = {f: (built / f).read_bytes() for f in ("graph.ttl", "graph.trig", "provenance.trig")}
    _explain(str(built), "Li Wei")
    assert before == {f: (built / f).read_bytes() for f in before}


def test_api_explain_returns_the_explanation(built: Path) -> None:
    from kgraph import api

    got = api.explain(built, "Li Wei")
    assert got.label == "Li Wei" and "Person" in got.types and got.merges
