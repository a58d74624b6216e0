"""The build gives the same graph whichever engine runs pass 1, and chunked reads match whole ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kgraph
from kgraph import reading
from kgraph.errors import KgraphError
from kgraph.pipeline import OUTPUT_FILES

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _snapshot(path: Path, n: int, repeat_every: int = 0) -> Path:
    """n small snapshot lines whose abstracts name datasets and models; with `repeat_every`,
    every so many lines repeat an early paper (a version listed twice), far from the first."""
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            paper = i % 10 if repeat_every and i % repeat_every == repeat_every - 1 else i
            fh.write(json.dumps({
                "id": f"2301.{paper:05d}", "title": f"Paper number {i} about scaling and data",
                "abstract": f"We introduce Bench-{i}, a new benchmark. We evaluate GPT-4 and Llama 2 on MMLU "
                            "and report results across many settings and model sizes for this study.",
                "authors": "A B", "authors_parsed": [[f"Author{i % 7}", "Ana", ""], ["Smith", "John", ""]],
                "categories": "cs.CL cs.LG", "versions": [{"version": "v1", "created": "Mon, 2 Jan 2023 10:00:00 GMT"}],
                "update_date": "2023-01-02", "comments": "Accepted at ACL 2023" if i % 3 == 0 else None,
            }) + "\n")
    return path


def _same(a: Path, b: Path) -> None:
    for name in OUTPUT_FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_chunked_parallel_read_equals_a_whole_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _snapshot(tmp_path / "snap.jsonl", 300, repeat_every=37)
    kgraph.build([data], tmp_path / "whole", jobs=1)
    monkeypatch.setattr(reading, "CHUNK_THRESHOLD", 1)  # every file is "large"
    from kgraph.sources.arxiv_snapshot import ArxivSnapshotReader

    chunks = ArxivSnapshotReader.chunks
    monkeypatch.setattr(ArxivSnapshotReader, "chunks", lambda self, path, target_bytes=0: chunks(self, path, 20_000))
    kgraph.build([data], tmp_path / "chunked", jobs=2)
    _same(tmp_path / "whole", tmp_path / "chunked")
    manifest = json.loads((tmp_path / "chunked" / ".kgraph" / "manifest.json").read_text())
    assert len(manifest["documents"][0]["spools"]) > 3


def test_dask_build_on_a_local_cluster_gives_the_same_triples(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed", reason="dask[distributed] is not installed (pip install 'kgraph[dask]')")
    inputs = [EXAMPLES / "pages", EXAMPLES / "structured", _snapshot(tmp_path / "snap.jsonl", 40)]
    kgraph.build(inputs, tmp_path / "plain")
    kgraph.build(inputs, tmp_path / "dask", engine="dask")
    _same(tmp_path / "plain", tmp_path / "dask")


def test_an_unknown_engine_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KgraphError, match="unknown engine"):
        kgraph.build([EXAMPLES / "pages"], tmp_path / "out", engine="spark")
