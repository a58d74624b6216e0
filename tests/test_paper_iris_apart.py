"""Papers that resolution keeps apart never share a node, even when their IRI would be made
from the same title (biber's example database has ten entries titled "A title")."""

from __future__ import annotations

import json
from pathlib import Path

import kgraph

BIB = """@article{one, title = {A title}, author = {Aaa, Anna and Bbb, Bob}, year = {1990}, journal = {J. One}}
@article{two, title = {A title}, author = {Ccc, Carl}, year = {2005}, journal = {J. Two}}
@article{three, title = {Another title}, author = {Ddd, Dora}, year = {2001}}
"""


def _paper_blocks(ttl: str) -> list[str]:
    lines = ttl.splitlines()
    return [lines[i - 1] for i, line in enumerate(lines) if line.strip() == "a kg:Paper ;"]


def test_same_title_papers_kept_apart_get_their_own_iris(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    kgraph.build([tmp_path / "refs.bib"], tmp_path / "out")
    blocks = _paper_blocks((tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8"))
    merges = json.loads((tmp_path / "out" / ".kgraph" / "merges.json").read_text(encoding="utf-8"))
    assert not merges["papers"]  # resolution keeps the two "A title" papers apart ...
    assert len(blocks) == 3 and len(set(blocks)) == 3  # ... and so does the graph
    kgraph.build([tmp_path / "refs.bib"], tmp_path / "again")
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == (tmp_path / "again" / "graph.ttl").read_bytes()
