"""`kgraph build --update` equals a full build when the settings that shape the records change:
the --vocab files (by content), the packaged vocabulary, extraction on or off, the extractors
and the code that reads documents."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import kgraph
from kgraph.cli import main
from kgraph.plugins import EXTRACTORS
from kgraph.pipeline import OUTPUT_FILES

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "pages"
OUTPUTS = (*OUTPUT_FILES, "provenance.trig")
VOCAB = "personal offset\tmodel\nminority preferences\tdataset\n"


@pytest.fixture()
def pages(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "in")
    return tmp_path / "in"


def _same_outputs(a: Path, b: Path) -> None:
    for name in OUTPUTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def _differ(a: Path, b: Path) -> bool:
    return (a / "graph.ttl").read_bytes() != (b / "graph.ttl").read_bytes()


def _vocab(tmp_path: Path, text: str = VOCAB, name: str = "vocab.tsv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_update_with_a_new_vocab_file_equals_a_full_build(tmp_path: Path, pages: Path) -> None:
    vocab = _vocab(tmp_path)
    kgraph.build([pages], tmp_path / "inc")
    report = kgraph.build([pages], tmp_path / "inc", vocab=[str(vocab)], update=True)
    assert report.refreshed == len(list(pages.iterdir())) and report.unchanged == 0
    kgraph.build([pages], tmp_path / "full", vocab=[str(vocab)])
    kgraph.build([pages], tmp_path / "plain")
    assert _differ(tmp_path / "full", tmp_path / "plain")  # the vocabulary does change the graph
    _same_outputs(tmp_path / "inc", tmp_path / "full")


def test_a_vocab_file_edited_in_place_is_seen_by_its_content(tmp_path: Path, pages: Path) -> None:
    vocab = _vocab(tmp_path, "personal offset\tmodel\n")
    kgraph.build([pages], tmp_path / "inc", vocab=[str(vocab)])
    vocab.write_text(VOCAB, encoding="utf-8")  # same path, more names
    report = kgraph.build([pages], tmp_path / "inc", vocab=[str(vocab)], update=True)
    assert "vocabularies" in "\n".join(report.lines())
    kgraph.build([pages], tmp_path / "full", vocab=[str(vocab)])
    _same_outputs(tmp_path / "inc", tmp_path / "full")


def test_documents_not_given_again_are_extracted_again(tmp_path: Path, pages: Path) -> None:
    vocab = _vocab(tmp_path)
    kgraph.build([pages], tmp_path / "inc")
    one = sorted(pages.iterdir())[0]
    kgraph.build([one], tmp_path / "inc", vocab=[str(vocab)], update=True)
    kgraph.build([pages], tmp_path / "full", vocab=[str(vocab)])
    _same_outputs(tmp_path / "inc", tmp_path / "full")


def test_documents_whose_files_are_gone_are_extracted_again_from_the_cache(tmp_path: Path, pages: Path) -> None:
    vocab = _vocab(tmp_path)
    kgraph.build([pages], tmp_path / "full", vocab=[str(vocab)])
    files = sorted(pages.iterdir())
    kgraph.build(files, tmp_path / "inc")
    keep = tmp_path / "kept"
    shutil.move(str(pages), keep)  # every file gone; none was given in a folder
    report = kgraph.build([], tmp_path / "inc", vocab=[str(vocab)], update=True)
    assert report.refreshed == len(files) and not report.removed
    _same_outputs(tmp_path / "inc", tmp_path / "full")


@pytest.mark.parametrize("first, then", [(True, False), (False, True)])
def test_turning_extraction_off_or_on_equals_a_full_build(tmp_path: Path, pages: Path, first: bool,
                                                          then: bool) -> None:
    files, vocab = sorted(pages.iterdir()), [str(_vocab(tmp_path))]  # names the example pages hold
    kgraph.build(files, tmp_path / "inc", extract=first, vocab=vocab)
    kgraph.build(files[:2], tmp_path / "inc", extract=then, vocab=vocab, update=True)  # the rest from the cache
    kgraph.build(files, tmp_path / "full", extract=then, vocab=vocab)
    kgraph.build(files, tmp_path / "other", extract=first, vocab=vocab)
    assert _differ(tmp_path / "full", tmp_path / "other")
    _same_outputs(tmp_path / "inc", tmp_path / "full")


def test_without_extraction_the_vocabulary_does_not_matter(tmp_path: Path, pages: Path) -> None:
    kgraph.build([pages], tmp_path / "inc", extract=False)
    report = kgraph.build([pages], tmp_path / "inc", extract=False, vocab=[str(_vocab(tmp_path))], update=True)
    assert report.refreshed == 0 and report.unchanged == len(list(pages.iterdir()))


def _nothing_found(record, vocabulary):
    return []


def test_another_extractor_equals_a_full_build(tmp_path: Path, pages: Path) -> None:
    vocab = [str(_vocab(tmp_path))]
    kgraph.build([pages], tmp_path / "inc", vocab=vocab)
    EXTRACTORS.register("artifacts", _nothing_found)
    try:
        report = kgraph.build([sorted(pages.iterdir())[0]], tmp_path / "inc", vocab=vocab, update=True)
        assert "extractors" in report.refresh_reason
        kgraph.build([pages], tmp_path / "full", vocab=vocab)
    finally:
        EXTRACTORS.reset()
    kgraph.build([pages], tmp_path / "usual", vocab=vocab)
    assert _differ(tmp_path / "full", tmp_path / "usual")
    _same_outputs(tmp_path / "inc", tmp_path / "full")


def test_a_build_made_with_another_packaged_vocabulary_is_extracted_again(tmp_path: Path, pages: Path) -> None:
    from kgraph.catalogue import PACKAGED_VOCABULARY

    data = json.loads(PACKAGED_VOCABULARY.read_text(encoding="utf-8"))
    entries = data["entries"] if isinstance(data, dict) else data
    entries.append({"name": "personal offset", "kind": "model"})
    other = tmp_path / "other-vocabulary.json"
    other.write_text(json.dumps(data), encoding="utf-8")
    script = ("import sys, kgraph.catalogue as v; from pathlib import Path; "
              "v.PACKAGED_VOCABULARY = Path(sys.argv[1]); import kgraph; kgraph.build([sys.argv[2]], sys.argv[3])")
    subprocess.run([sys.executable, "-c", script, str(other), str(pages), str(tmp_path / "inc")], check=True)
    kgraph.build([pages], tmp_path / "full")
    assert _differ(tmp_path / "inc", tmp_path / "full")  # the other catalogue made another graph
    report = kgraph.build([sorted(pages.iterdir())[0]], tmp_path / "inc", update=True)
    assert report.refresh_reason == "the vocabularies"
    _same_outputs(tmp_path / "inc", tmp_path / "full")


def _edit_settings(out: Path, **changes) -> None:
    path = out / ".kgraph" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["settings"].update(changes)
    path.write_text(json.dumps(manifest), encoding="utf-8")


def test_records_read_by_other_code_are_read_again(tmp_path: Path, pages: Path) -> None:
    kgraph.build([pages], tmp_path / "inc")
    _edit_settings(tmp_path / "inc", kgraph="0.0.1", reading_code="0" * 64)  # as an older kgraph wrote it
    report = kgraph.build([pages], tmp_path / "inc", update=True)
    assert report.unchanged == 0 and report.records > 0
    assert "kgraph version" in report.refresh_reason
    kgraph.build([pages], tmp_path / "full")
    _same_outputs(tmp_path / "inc", tmp_path / "full")


def test_records_read_by_other_code_and_not_given_again_are_a_one_line_error(tmp_path: Path, pages: Path) -> None:
    out = tmp_path / "inc"
    kgraph.build([pages], out)
    before = (out / "graph.ttl").read_bytes()
    _edit_settings(out, reading_code="0" * 64)
    one = sorted(pages.iterdir())[0]
    result = CliRunner().invoke(main, ["build", str(one), "--out", str(out), "--update"])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "give them again" in lines[0] and "rebuild without --update" in lines[0]
    assert (out / "graph.ttl").read_bytes() == before  # nothing written
