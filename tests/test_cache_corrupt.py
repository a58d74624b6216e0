"""The build cache (DIR/.kgraph) cannot reach outside DIR, and a corrupt one is a one-line error.

`kgraph build --update` and `kgraph explain` read DIR/.kgraph/manifest.json and the spool files it
names. A crafted or damaged cache gives exit 5 and one line naming DIR/.kgraph and the reason,
never an internal error, never a read of a file outside DIR, and the earlier outputs stay.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import kgraph
from kgraph.cli import main
from kgraph.pipeline import OUTPUT_FILES

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "pages"
OUTPUTS = (*OUTPUT_FILES, "provenance.trig")
CORRUPT = 5


@pytest.fixture()
def built(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "in")
    kgraph.build([tmp_path / "in"], tmp_path / "out")
    return tmp_path / "out"


def _manifest(out: Path) -> dict:
    return json.loads((out / ".kgraph" / "manifest.json").read_text(encoding="utf-8"))


def _write_manifest(out: Path, manifest: dict) -> None:
    (out / ".kgraph" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def _outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def _first_spool(out: Path) -> Path:
    return out / ".kgraph" / "records" / _manifest(out)["documents"][0]["spools"][0]


def _update(out: Path, tmp_path: Path):
    return CliRunner().invoke(main, ["build", str(tmp_path / "in"), "--out", str(out), "--update"])


def _explain(out: Path):
    return CliRunner().invoke(main, ["explain", str(out), "Tomasz"])


def _assert_corrupt(result, out: Path, reason: str) -> None:
    assert result.exit_code == CORRUPT, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"kgraph: error: {out / '.kgraph'}: corrupt cache (")
    assert reason in lines[0] and "rebuild without --update" in lines[0]
    assert "internal error" not in lines[0]


def _outside_file(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text("P{\"index\": 0, \"title\": \"a secret outside the build folder\"}\n", encoding="utf-8")
    return secret


@pytest.mark.parametrize("name", ["/etc/passwd", "../../secret.txt", "../manifest.json", "..", "", "a/b.jsonl"])
def test_a_spool_name_that_leaves_the_records_folder_is_refused(tmp_path: Path, built: Path, name: str) -> None:
    _outside_file(tmp_path)
    manifest = _manifest(built)
    manifest["documents"][0]["spools"] = [name]
    _write_manifest(built, manifest)
    before = _outputs(built)
    for result in (_update(built, tmp_path), _explain(built)):
        _assert_corrupt(result, built, "")
    assert _outputs(built) == before
    assert "a secret outside" not in (built / "graph.ttl").read_text(encoding="utf-8")
    assert not list(built.glob(".kgraph-build-*"))  # no work folder left behind


def test_a_spool_that_links_outside_is_refused(tmp_path: Path, built: Path) -> None:
    spool = _first_spool(built)
    spool.unlink()
    os.symlink(_outside_file(tmp_path), spool)
    before = _outputs(built)
    result = _update(built, tmp_path)
    _assert_corrupt(result, built, "is a link to")
    assert _outputs(built) == before


def test_a_records_folder_that_links_outside_is_refused(tmp_path: Path, built: Path) -> None:
    records = built / ".kgraph" / "records"
    shutil.move(str(records), tmp_path / "elsewhere")
    os.symlink(tmp_path / "elsewhere", records)
    _assert_corrupt(_update(built, tmp_path), built, "records is a link to")
    _assert_corrupt(_explain(built), built, "records is a link to")


def test_a_cache_folder_that_links_outside_is_refused(tmp_path: Path, built: Path) -> None:
    cache = built / ".kgraph"
    shutil.move(str(cache), tmp_path / "other-cache")
    os.symlink(tmp_path / "other-cache", cache)
    _assert_corrupt(_update(built, tmp_path), built, ".kgraph is a link to")


@pytest.mark.parametrize("text, reason", [
    ('{"version": 4, "documents": [', "not valid JSON"),
    ("\xff\xfe garbage", "not valid JSON"),
    ("[1, 2]", "does not hold an object"),
    ('{"version": 4, "settings": {}, "documents": {"a": 1}}', "lacks its settings or documents"),
    ('{"version": 4, "settings": {}, "documents": [{"path": "x"}]}', "document 0 of manifest.json is malformed"),
])
def test_a_broken_manifest_is_a_one_line_error(tmp_path: Path, built: Path, text: str, reason: str) -> None:
    (built / ".kgraph" / "manifest.json").write_text(text, encoding="utf-8", errors="surrogateescape")
    before = _outputs(built)
    _assert_corrupt(_update(built, tmp_path), built, reason)
    _assert_corrupt(_explain(built), built, reason)
    assert _outputs(built) == before


def test_a_truncated_manifest_is_a_one_line_error(tmp_path: Path, built: Path) -> None:
    path = built / ".kgraph" / "manifest.json"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    _assert_corrupt(_update(built, tmp_path), built, "not valid JSON")
    _assert_corrupt(_explain(built), built, "not valid JSON")


@pytest.mark.parametrize("field, value", [("hash", "../../etc"), ("owner", {"nom": 1}), ("papers", [-1]),
                                          ("path", 7), ("also", "x")])
def test_a_malformed_document_entry_is_a_one_line_error(tmp_path: Path, built: Path, field: str, value) -> None:
    manifest = _manifest(built)
    manifest["documents"][0][field] = value
    _write_manifest(built, manifest)
    _assert_corrupt(_update(built, tmp_path), built, "document 0 of manifest.json is malformed")


def test_a_missing_spool_is_a_one_line_error(tmp_path: Path, built: Path) -> None:
    spool = _first_spool(built)
    spool.unlink()
    before = _outputs(built)
    _assert_corrupt(_update(built, tmp_path), built, f"records/{spool.name} is missing")
    _assert_corrupt(_explain(built), built, f"records/{spool.name} is missing")
    assert _outputs(built) == before


@pytest.mark.parametrize("garbage", [b"P{not json}\n", b"Xsomething\n", b"\n", b'P{"index": "one"}\n'])
def test_garbage_spool_lines_are_a_one_line_error(tmp_path: Path, built: Path, garbage: bytes) -> None:
    spool = _first_spool(built)
    spool.write_bytes(spool.read_bytes() + garbage)
    before = _outputs(built)
    # not given again, so the update reads the spool
    result = CliRunner().invoke(main, ["build", str(tmp_path / "extra.txt"), "--out", str(built), "--update"])
    _assert_corrupt(result, built, f"records/{spool.name} holds a line that is not a record")
    # explain answers from its index and merges.json, not from the records: it does not read them
    assert "internal error" not in _explain(built).output
    assert _outputs(built) == before


def test_a_truncated_spool_is_a_one_line_error(tmp_path: Path, built: Path) -> None:
    spool = _first_spool(built)
    spool.write_bytes(spool.read_bytes()[:-7])
    result = CliRunner().invoke(main, ["build", str(tmp_path / "extra.txt"), "--out", str(built), "--update"])
    _assert_corrupt(result, built, "holds a line that is not a record")


def test_an_intact_cache_still_updates(tmp_path: Path, built: Path) -> None:
    result = _update(built, tmp_path)
    assert result.exit_code == 0, result.output
