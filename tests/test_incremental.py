"""`kgraph build --update` equals a full build, and `kgraph explain` names its sources."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import kgraph
from kgraph.cli import main
from kgraph.pipeline import OUTPUT_FILES

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "pages"


@pytest.fixture()
def pages(tmp_path: Path) -> list[Path]:
    src = tmp_path / "pages"
    shutil.copytree(EXAMPLES, src)
    return sorted(src.iterdir())


def _same_outputs(a: Path, b: Path) -> None:
    for name in OUTPUT_FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_update_with_new_documents_equals_a_full_build(tmp_path: Path, pages: list[Path]) -> None:
    first, rest = pages[:2], pages[2:]
    kgraph.build(first, tmp_path / "inc")
    report = kgraph.build(rest, tmp_path / "inc", update=True)
    assert report.records > 0
    kgraph.build(pages, tmp_path / "full")
    _same_outputs(tmp_path / "inc", tmp_path / "full")


def test_unchanged_documents_are_skipped_by_hash(tmp_path: Path, pages: list[Path]) -> None:
    kgraph.build(pages, tmp_path / "out")
    report = kgraph.build(pages, tmp_path / "out", update=True)
    assert report.unchanged == len(pages) and report.records == 0


def test_a_changed_document_replaces_only_its_own_facts(tmp_path: Path, pages: list[Path]) -> None:
    kgraph.build(pages, tmp_path / "inc")
    changed = pages[-1]
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text + "\n", encoding="utf-8")  # same records, new content hash
    before = (tmp_path / "inc" / "graph.ttl").read_text(encoding="utf-8")
    kgraph.build([changed], tmp_path / "inc", update=True)
    kgraph.build(pages, tmp_path / "full")
    _same_outputs(tmp_path / "inc", tmp_path / "full")
    after = (tmp_path / "inc" / "graph.ttl").read_text(encoding="utf-8")
    assert before != after  # the document node's content hash moved with the content


def test_explain_a_merged_paper_names_both_source_documents(tmp_path: Path) -> None:
    abstract = ("We present a method for aligning speech and text representations using a shared "
                "codebook, evaluate it on four spoken language understanding tasks, and show that it "
                "halves the gap to text-only models while needing no parallel data at all.")
    a = tmp_path / "in" / "listing.txt"
    b = tmp_path / "in" / "abstracts.txt"
    a.parent.mkdir()
    a.write_text(f"{abstract}\n\narXiv:2403.01234\nCreated: 2024-03-02\n", encoding="utf-8")
    b.write_text(f"Some Reader\nAbstract:{abstract.replace('at all', 'whatsoever')}\n", encoding="utf-8")
    kgraph.build([tmp_path / "in"], tmp_path / "out")
    result = CliRunner().invoke(main, ["explain", str(tmp_path / "out"), "arXiv:2403.01234"])
    assert result.exit_code == 0, result.output
    assert "listing.txt" in result.output and "abstracts.txt" in result.output
    assert "abstract-similarity" in result.output


def test_explain_an_unknown_label_is_a_one_line_error(tmp_path: Path) -> None:
    kgraph.build([EXAMPLES], tmp_path / "out")
    result = CliRunner().invoke(main, ["explain", str(tmp_path / "out"), "No Such Thing At All"])
    assert result.exit_code == 1
    assert "no node has the label" in result.output
