"""Compressed inputs: gzip, bz2, xz and zip, known by their first bytes, read as a stream,
each zip member its own document, a damaged file skipped with one line, and --update
seeing a change inside a compressed file."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import kgraph
from kgraph import reading
from kgraph.pipeline import OUTPUT_FILES

OUTPUTS = (*OUTPUT_FILES, "provenance.trig")


def snapshot_line(n: int, title: str) -> str:
    return json.dumps({
        "id": f"2401.{n:05d}", "title": title, "abstract": f"We study {title.lower()}.",
        "authors": "Ada Obi and Wen Zhao", "authors_parsed": [["Obi", "Ada", ""], ["Zhao", "Wen", ""]],
        "categories": "cs.LG", "versions": [{"version": "v1", "created": "Mon, 1 Jan 2024 10:00:00 GMT"}],
        "update_date": "2024-01-02"})


def snapshot(titles: list[str], first: int = 1) -> bytes:
    return "".join(snapshot_line(first + i, t) + "\n" for i, t in enumerate(titles)).encode()


BIBTEX = b"@article{obi2020, title = {Bees in Bibliographies}, author = {Obi, Ada}, year = {2020}, journal = {Apiology}}\n"

COMPRESS = {"gzip": lambda b: gzip.compress(b, mtime=0), "bz2": bz2.compress, "xz": lzma.compress}


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _ttl(out: Path) -> str:
    return (out / "graph.ttl").read_text(encoding="utf-8")


def _paths(out: Path) -> list[str]:
    return sorted(line.split('"')[1] for line in _ttl(out).splitlines() if "kg:path" in line)


@pytest.mark.parametrize("kind", sorted(COMPRESS))
def test_each_compression_is_read_by_its_first_bytes(tmp_path: Path, kind: str) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "dump.data").write_bytes(COMPRESS[kind](snapshot(["Tiny Agents", "Small Models"])))
    (tmp_path / "in" / "refs").write_bytes(COMPRESS[kind](BIBTEX))
    report = kgraph.build([tmp_path / "in"], tmp_path / "out")
    assert not report.skipped and not report.ignored
    assert report.documents_by_format == {"arxiv_snapshot": 1, "bibtex": 1}
    text = _ttl(tmp_path / "out")
    for title in ("Tiny Agents", "Small Models", "Bees in Bibliographies"):
        assert f'"{title}"' in text
    assert _paths(tmp_path / "out") == [str(tmp_path / "in" / "dump.data"), str(tmp_path / "in" / "refs")]


def test_a_plain_file_named_like_an_archive_is_read_as_plain(tmp_path: Path) -> None:
    (tmp_path / "refs.bib.gz").write_bytes(BIBTEX)
    report = kgraph.build([tmp_path / "refs.bib.gz"], tmp_path / "out")
    assert report.documents_by_format == {"bibtex": 1} and not report.skipped


def test_every_member_of_a_zip_is_its_own_document(tmp_path: Path) -> None:
    archive = tmp_path / "arxiv.zip"
    archive.write_bytes(_zip({"arxiv-metadata-oai-snapshot.json": snapshot(["Tiny Agents"]),
                              "refs/more.bib": BIBTEX, "__MACOSX/._refs": b"\0\0", "notes/": b""}))
    report = kgraph.build([archive], tmp_path / "out")
    assert not report.skipped
    assert report.documents_by_format == {"arxiv_snapshot": 1, "bibtex": 1}
    assert _paths(tmp_path / "out") == [f"{archive}!arxiv-metadata-oai-snapshot.json", f"{archive}!refs/more.bib"]
    assert '"Tiny Agents"' in _ttl(tmp_path / "out") and '"Bees in Bibliographies"' in _ttl(tmp_path / "out")
    assert [(i.path, i.reason) for i in report.ignored] == [(f"{archive}!__MACOSX/._refs", "macOS resource data (under __MACOSX/)")]


def test_a_damaged_gzip_is_one_line_and_the_others_are_built(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    whole = gzip.compress(snapshot([f"Paper {i}" for i in range(200)]), mtime=0)
    (tmp_path / "in" / "cut.json.gz").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "in" / "refs.bib").write_bytes(BIBTEX)
    run = subprocess.run([sys.executable, "-m", "kgraph.cli", "build", str(tmp_path / "in"), "--out",
                          str(tmp_path / "out")], capture_output=True, text=True, timeout=300)
    assert run.returncode == 3, run.stderr
    assert "Traceback" not in run.stderr
    lines = [line for line in run.stderr.splitlines() if "cut.json.gz" in line]
    assert len(lines) == 1 and lines[0].startswith(f"skipped: {tmp_path / 'in' / 'cut.json.gz'}: cannot decompress (gzip: ")
    assert '"Bees in Bibliographies"' in _ttl(tmp_path / "out")
    assert not list((tmp_path / "out").rglob("*.plain"))  # the decompressed copies are gone


def test_a_compressed_dump_and_its_plain_file_are_one_document(tmp_path: Path) -> None:
    data = snapshot(["Tiny Agents"])
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.json").write_bytes(data)
    (tmp_path / "in" / "a.json.gz").write_bytes(gzip.compress(data))
    report = kgraph.build([tmp_path / "in"], tmp_path / "out")
    assert sum(report.documents_by_format.values()) == 1
    assert any("same content as" in w for w in report.warnings)


def test_the_same_compressed_inputs_give_the_same_bytes(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.zip").write_bytes(_zip({"one.json": snapshot(["Tiny Agents"]),
                                                  "two.json": snapshot(["Small Models"], first=7)}))
    (tmp_path / "in" / "b.json.bz2").write_bytes(bz2.compress(snapshot(["Third Paper"], first=20)))
    kgraph.build([tmp_path / "in"], tmp_path / "one")
    kgraph.build([tmp_path / "in"], tmp_path / "two")
    for name in OUTPUTS:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_update_sees_a_change_inside_a_compressed_file(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    dump = tmp_path / "in" / "dump.json.xz"
    dump.write_bytes(lzma.compress(snapshot(["Old Title"])))
    (tmp_path / "in" / "refs.bib").write_bytes(BIBTEX)
    kgraph.build([tmp_path / "in"], tmp_path / "out")
    dump.write_bytes(lzma.compress(snapshot(["New Title"])))
    report = kgraph.build([tmp_path / "in"], tmp_path / "out", update=True)
    assert report.unchanged == 1  # the BibTeX file
    assert '"New Title"' in _ttl(tmp_path / "out") and '"Old Title"' not in _ttl(tmp_path / "out")
    kgraph.build([tmp_path / "in"], tmp_path / "full")
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == (tmp_path / "full" / "graph.ttl").read_bytes()


def test_update_drops_a_member_gone_from_its_zip(tmp_path: Path) -> None:
    archive = tmp_path / "a.zip"
    archive.write_bytes(_zip({"one.json": snapshot(["Tiny Agents"]), "two.bib": BIBTEX}))
    kgraph.build([archive], tmp_path / "out")
    archive.write_bytes(_zip({"one.json": snapshot(["Tiny Agents"])}))
    report = kgraph.build([archive], tmp_path / "out", update=True)
    assert report.removed == [f"{archive}!two.bib (no longer in a.zip)"]
    assert "Bees in Bibliographies" not in _ttl(tmp_path / "out")


def test_a_large_compressed_snapshot_is_still_read_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = snapshot([f"Paper number {i}" for i in range(3000)])
    (tmp_path / "plain").mkdir()
    (tmp_path / "gz").mkdir()
    (tmp_path / "plain" / "s.json").write_bytes(data)
    (tmp_path / "gz" / "s.json").write_bytes(gzip.compress(data, mtime=0))
    monkeypatch.setattr(reading, "CHUNK_THRESHOLD", 1000)
    monkeypatch.setattr(reading, "chunk_bytes", lambda size: 64 << 10)
    planned = []
    real_plan = reading._plan_file

    def spy(*args, **kwargs):
        planned.append(real_plan(*args, **kwargs))
        return planned[-1]

    monkeypatch.setattr(reading, "_plan_file", spy)
    kgraph.build([tmp_path / "gz"], tmp_path / "out-gz", jobs=2)
    kgraph.build([tmp_path / "plain"], tmp_path / "out-plain", jobs=2)
    assert all(p.chunks is not None and len(p.chunks) > 1 for p in planned)
    strip = lambda t: [line for line in t.splitlines() if "kg:path" not in line]  # noqa: E731
    assert strip(_ttl(tmp_path / "out-gz")) == strip(_ttl(tmp_path / "out-plain"))


def test_a_compressed_file_inside_a_zip_is_unpacked_again(tmp_path: Path) -> None:
    archive = tmp_path / "dumps.zip"
    archive.write_bytes(_zip({"snap.json.gz": gzip.compress(snapshot(["Tiny Agents"])),
                              "cut.json.gz": gzip.compress(BIBTEX)[:20]}))
    report = kgraph.build([archive], tmp_path / "out")
    assert _paths(tmp_path / "out") == [f"{archive}!snap.json.gz"]
    assert [s.path for s in report.skipped] == [f"{archive}!cut.json.gz"]
    assert report.skipped[0].reason.startswith("cannot decompress (gzip: ")
