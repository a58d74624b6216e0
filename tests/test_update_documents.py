"""Which documents an `--update` keeps: a document is the file at its resolved path, a file gone
from a folder given again leaves the graph, `--remove` drops one, and files with the same bytes
give the same graph in any order. Each result is compared with a full build of the same inputs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import kgraph
from kgraph.cli import main
from kgraph.pipeline import OUTPUT_FILES

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
OUTPUTS = (*OUTPUT_FILES, "provenance.trig")


@pytest.fixture()
def pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """examples/pages copied to tmp_path/in, with tmp_path the working folder (for relative paths)."""
    shutil.copytree(EXAMPLES / "pages", tmp_path / "in")
    monkeypatch.chdir(tmp_path)
    return Path("in")


def _same_outputs(a: Path, b: Path) -> None:
    for name in OUTPUTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def _paths_in_graph(out: Path) -> list[str]:
    text = (out / "graph.ttl").read_text(encoding="utf-8")
    return [line.split('"')[1] for line in text.splitlines() if "kg:path" in line]


def test_a_file_given_by_another_spelling_is_the_same_document(tmp_path: Path, pages: Path) -> None:
    kgraph.build([pages], "inc")
    changed = sorted(pages.iterdir())[-1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    absolute = tmp_path / changed
    kgraph.build([absolute], "inc", update=True)
    others = [p for p in sorted(pages.iterdir()) if p != changed]
    kgraph.build([*others, absolute], "full")
    _same_outputs(Path("inc"), Path("full"))
    assert str(changed) not in _paths_in_graph(Path("inc"))  # the old version is not kept beside the new


def test_a_file_reached_through_a_link_is_the_same_document(tmp_path: Path, pages: Path) -> None:
    os.symlink(pages.resolve(), "link")
    kgraph.build([pages], "inc")
    name = sorted(pages.iterdir())[0].name
    report = kgraph.build([Path("link") / name], "inc", update=True)
    assert report.records == 0 and report.unchanged == len(os.listdir(pages))
    assert str(Path("link") / name) in _paths_in_graph(Path("inc"))
    assert str(pages / name) not in _paths_in_graph(Path("inc"))
    kgraph.build([Path("link") / name, *[p for p in sorted(pages.iterdir()) if p.name != name]], "full")
    _same_outputs(Path("inc"), Path("full"))


def test_a_file_gone_from_a_folder_given_again_leaves_the_graph(pages: Path) -> None:
    kgraph.build([pages], "inc")
    gone = sorted(pages.iterdir())[1]
    gone.unlink()
    result = CliRunner().invoke(main, ["build", str(pages), "--out", "inc", "--update"])
    assert result.exit_code == 0, result.output
    assert f"removed: {gone} (its file is gone from {pages})" in result.output
    kgraph.build([pages], "full")
    _same_outputs(Path("inc"), Path("full"))


def test_a_file_gone_but_not_in_a_folder_given_again_stays(pages: Path) -> None:
    files = sorted(pages.iterdir())
    kgraph.build(files, "inc")
    kgraph.build(files, "full")
    shutil.move(str(files[0]), "elsewhere.txt")
    report = kgraph.build([files[1]], "inc", update=True)
    assert not report.removed
    _same_outputs(Path("inc"), Path("full"))


def test_remove_drops_a_document_by_path(tmp_path: Path, pages: Path) -> None:
    kgraph.build([pages], "inc")
    files = sorted(pages.iterdir())
    result = CliRunner().invoke(main, ["build", "--update", "--out", "inc", "--remove", str(tmp_path / files[0]),
                                       "--remove", str(files[1])])
    assert result.exit_code == 0, result.output
    assert f"removed: {files[0]} (--remove)" in result.output and f"removed: {files[1]} (--remove)" in result.output
    kgraph.build(files[2:], "full")
    _same_outputs(Path("inc"), Path("full"))


def test_remove_drops_every_document_under_a_folder(pages: Path) -> None:
    shutil.copytree(EXAMPLES / "structured", "more")
    kgraph.build([pages, "more"], "inc")
    report = kgraph.build([], "inc", update=True, remove=["more"])
    assert len(report.removed) == len(os.listdir("more"))
    kgraph.build([pages], "full")
    _same_outputs(Path("inc"), Path("full"))


def test_remove_of_a_path_the_build_does_not_hold_is_a_one_line_error(pages: Path) -> None:
    kgraph.build([pages], "inc")
    before = Path("inc/graph.ttl").read_bytes()
    result = CliRunner().invoke(main, ["build", "--update", "--out", "inc", "--remove", "in/no-such.txt"])
    assert result.exit_code == 1
    assert result.output.strip() == ("kgraph: error: --remove in/no-such.txt: no document of the earlier build "
                                     "has this path")
    assert Path("inc/graph.ttl").read_bytes() == before


def test_remove_needs_update(pages: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(pages), "--out", "inc", "--remove", str(pages)])
    assert result.exit_code == 1 and "--remove" in result.output and "--update" in result.output


def test_build_without_inputs_is_a_usage_error(pages: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--out", "inc"])
    assert result.exit_code == 2 and "INPUT" in result.output


def _twins(tmp_path: Path) -> tuple[Path, Path]:
    text = (EXAMPLES / "pages" / "listing-safety.txt").read_bytes()
    a, b = tmp_path / "twins" / "a.txt", tmp_path / "twins" / "b.txt"
    a.parent.mkdir()
    a.write_bytes(text)
    b.write_bytes(text)
    return a, b


def test_files_with_the_same_bytes_give_the_same_graph_in_either_order(tmp_path: Path, pages: Path) -> None:
    a, b = _twins(tmp_path)
    kgraph.build([a, b, pages], "ab")
    report = kgraph.build([pages, b, a], "ba")
    assert report.warnings.count(f"{b}: same content as {a}; read once") == 1
    _same_outputs(Path("ab"), Path("ba"))


def test_update_with_the_twin_of_a_document_equals_a_full_build(tmp_path: Path, pages: Path) -> None:
    a, b = _twins(tmp_path)
    kgraph.build([b, pages], "inc")
    kgraph.build([a], "inc", update=True)
    kgraph.build([a, b, pages], "full")
    _same_outputs(Path("inc"), Path("full"))


def test_a_changed_twin_leaves_the_other_in_the_graph(tmp_path: Path, pages: Path) -> None:
    a, b = _twins(tmp_path)
    kgraph.build([a, b, pages], "inc")
    a.write_bytes(a.read_bytes() + b"\n")
    kgraph.build([a], "inc", update=True)
    kgraph.build([a, b, pages], "full")
    _same_outputs(Path("inc"), Path("full"))
    assert str(b) in _paths_in_graph(Path("inc"))
