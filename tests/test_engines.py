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


def test_parallel_writing_gives_the_files_one_process_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kgraph import writing

    inputs = [EXAMPLES / "pages", EXAMPLES / "structured", _snapshot(tmp_path / "snap.jsonl", 400, repeat_every=29)]
    kgraph.build(inputs, tmp_path / "one", jobs=1)
    monkeypatch.setattr(writing, "PARALLEL_THRESHOLD", 0)  # every build is "large"
    processes: list[int] = []
    share_out = writing._share_out
    monkeypatch.setattr(writing, "_share_out",
                        lambda count, jobs, *rest: processes.append(jobs) or share_out(count, jobs, *rest))
    kgraph.build(inputs, tmp_path / "three", jobs=3)
    assert processes == [3, 3]  # the papers, then the entities
    for name in OUTPUT_FILES + ("provenance.trig",):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "three" / name).read_bytes(), name
    assert not [p.name for p in (tmp_path / "three").iterdir() if ".part" in p.name or p.suffix == ".body"]


def test_workers_that_take_every_part_write_what_one_process_writes(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from kgraph import writing

    inputs = [EXAMPLES / "structured", _snapshot(tmp_path / "snap.jsonl", 300, repeat_every=23)]
    kgraph.build(inputs, tmp_path / "one", jobs=1)
    monkeypatch.setattr(writing, "PARALLEL_THRESHOLD", 0)
    monkeypatch.setattr(writing._Claims, "front", lambda self: None)  # the building process never gets a part
    kgraph.build(inputs, tmp_path / "workers", jobs=2)
    for name in OUTPUT_FILES + ("provenance.trig",):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "workers" / name).read_bytes(), name


def test_a_very_large_build_writes_in_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kgraph import writing

    monkeypatch.setattr(writing, "PARALLEL_THRESHOLD", 0)
    monkeypatch.setattr(writing, "PARALLEL_MAX_RECORDS", 100)  # "very large": memory over speed
    parts: list[int] = []
    plan = writing._plan_parts
    monkeypatch.setattr(writing, "_plan_parts",
                        lambda sources, count, **kw: parts.append(count) or plan(sources, count, **kw))
    kgraph.build([_snapshot(tmp_path / "snap.jsonl", 150)], tmp_path / "out", jobs=2)
    assert parts == [1]


def test_claims_hand_out_every_part_once_from_both_ends() -> None:
    import multiprocessing

    from kgraph.writing import _Claims

    for context in (None, multiprocessing.get_context()):
        claims = _Claims(7, context)
        taken = [claims.front(), claims.back(), claims.back(), claims.front(), claims.back(), claims.back(),
                 claims.front(), claims.front(), claims.back()]
        assert taken == [0, 6, 5, 1, 4, 3, 2, None, None]


def test_parts_split_the_spools_in_order() -> None:
    from kgraph.cache import SpooledSource
    from kgraph.writing import _plan_parts

    import os
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        spools = []
        for i, size in enumerate([100, 100, 100, 100, 400]):
            path = os.path.join(tmp, f"{i}.jsonl")
            with open(path, "w") as fh:
                fh.write("x" * size)
            spools.append(path)
        a = SpooledSource("a", "a" * 64, "f", tuple(spools[:2]), papers=(3, 4))
        b = SpooledSource("b", "b" * 64, "f", tuple(spools[2:]), papers=(5, 6, 7))
        parts = _plan_parts([a, b], 2)
    assert [p.spools for p in parts] == [[(0, 0), (0, 1), (1, 0), (1, 1)], [(1, 2)]]
    assert [p.first_ref for p in parts] == [0, 18]


def test_a_task_result_keeps_its_keys_across_processes() -> None:
    """Keys travel as plain tuples and come back as the named tuples they were, in order."""
    import pickle

    from kgraph.resolve_keys import ArtifactKeys, PaperKeys
    from kgraph.workers import TaskResult

    paper = PaperKeys(3, "2301.00001", None, "a title", "abc", bytes(range(12)), (("Ana Smith", None),), (), (),
                      (("MMLU", "benchmark"),))
    asset = ArtifactKeys("Llama 2", "model", ("Meta",), ("The Pile",))
    result = TaskResult(keys=[paper, asset, paper], papers=2, artifacts=1, warnings=["w"], format="f")
    assert {type(k) for k in result.__getstate__()["keys"]} == {tuple}  # unpickled without a Python call
    back = pickle.loads(pickle.dumps(result))
    assert back == result
    assert [type(k) for k in back.keys] == [PaperKeys, ArtifactKeys, PaperKeys]
    assert back.keys[0].arxiv == "2301.00001" and back.keys[1].dependencies == ("The Pile",)


def test_a_worker_tally_comes_back_whole() -> None:
    """A tally crosses processes with its in-degree counts packed; nothing is lost on the way."""
    import pickle
    from collections import Counter

    from kgraph.graph import IRI, Block, Literal
    from kgraph.writing import Tally

    tally = Tally(4)
    tally.degree = Counter({IRI("https://w3id.org/kgraph/id/person/ana-smith"): 3,
                            IRI("https://w3id.org/kgraph/id/category/cs.CL"): 12})
    block = Block(IRI("https://w3id.org/kgraph/id/paper/arxiv-2301.00001"),
                  [("http://www.w3.org/2000/01/rdf-schema#label", Literal("A paper"), ("doc",))])
    tally.heap.append((5, b"key", block))
    tally.triples, tally.types["Paper"] = 7, 1
    back = pickle.loads(pickle.dumps(tally))
    assert back.degree == tally.degree and back.heap == tally.heap
    assert (back.triples, back.types, back.budget) == (7, {"Paper": 1}, 4)
    tally.degree = Counter()
    assert pickle.loads(pickle.dumps(tally)).degree == Counter()


def test_dask_build_on_a_local_cluster_gives_the_same_triples(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed", reason="dask[distributed] is not installed (pip install 'kgraph[dask]')")
    inputs = [EXAMPLES / "pages", EXAMPLES / "structured", _snapshot(tmp_path / "snap.jsonl", 40)]
    kgraph.build(inputs, tmp_path / "plain")
    kgraph.build(inputs, tmp_path / "dask", engine="dask")
    _same(tmp_path / "plain", tmp_path / "dask")


def test_an_unknown_engine_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KgraphError, match="unknown engine"):
        kgraph.build([EXAMPLES / "pages"], tmp_path / "out", engine="spark")


def test_page_candidates_rank_equal_degrees_by_the_smaller_iri() -> None:
    """The heap's key sorts IRIs in reverse, prefixes and non-ASCII included."""
    from kgraph.writing import _reverse_key

    iris = ["https://w3id.org/kgraph/id/person/ana", "https://w3id.org/kgraph/id/person/ana-smith",
            "https://w3id.org/kgraph/id/person/an", "https://w3id.org/kgraph/id/person/zoë",
            "https://w3id.org/kgraph/id/person/zoe", "https://w3id.org/kgraph/id/person/\U0001f600", "b", "a"]
    assert sorted(iris, key=_reverse_key) == sorted(iris, reverse=True)


def test_a_document_is_cut_into_chunks_that_end_small() -> None:
    """Chunks cover the document without gaps; the last ones are the small ones."""
    fine = [(i * 100, i * 100 + 100, i * 3) for i in range(23)]
    chunks = reading._tapered(fine)
    assert [c[0] for c in chunks[1:]] == [c[1] for c in chunks[:-1]]  # contiguous
    assert chunks[0][0] == 0 and chunks[-1][1] == 2300
    assert [c[2] for c in chunks] == [fine[c[0] // 100][2] for c in chunks]  # first line numbers kept
    sizes = [c[1] - c[0] for c in chunks]
    assert sizes[-2 * reading.TAPER:] == [100] * 2 * reading.TAPER
    assert sizes[:-2 * reading.TAPER] == [400, 400, 400, 300]
    assert reading._tapered(fine[:5]) == fine[:5]


def test_paper_parts_are_smallest_where_the_processes_meet() -> None:
    from kgraph.writing import _part_bounds

    for count, meet in ((8, 0.5), (12, 1 / 3), (2, 0.5)):
        bounds = _part_bounds(count, meet)
        assert len(bounds) == count - 1 and bounds == sorted(bounds) and 0 < bounds[0] and bounds[-1] < 1
        sizes = [b - a for a, b in zip([0.0, *bounds], [*bounds, 1.0])]
        front = round(count * meet)
        assert abs(sum(sizes[:front]) - meet) < 1e-9  # the building process's share
        assert sizes[front - 1] == min(sizes[:front]) and sizes[front] == min(sizes[front:])
        assert sizes[0] == max(sizes[:front]) and sizes[-1] == max(sizes[front:])
    assert _part_bounds(1, 1.0) == []
