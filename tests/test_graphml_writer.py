"""GraphMLWriter's header room: the header goes in front of the body without copying it,
and a header too large for the room still gives a valid file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.export import graphml
from kgraph.export.graphml import GraphMLWriter, read_graphml
from kgraph.graph import IRI, Block, Literal

DOC = "https://w3id.org/kgraph/id/doc/0123456789abcdef"
KG = "https://w3id.org/kgraph/ontology#"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _paper(i: int, extra: str = "title") -> Block:
    subject = IRI(f"https://w3id.org/kgraph/id/paper/p{i}")
    return Block(subject, [(TYPE, IRI(KG + "Paper"), (DOC,)), (KG + extra, Literal(f"value {i}"), (DOC,))])


def _write(path: Path, blocks: list[Block]) -> None:
    writer = GraphMLWriter(path, {DOC: "page.txt"})
    part = GraphMLWriter(path, {DOC: "page.txt"}, mode="in place")  # another writer of this process
    piece = GraphMLWriter(path, {DOC: "page.txt"}, mode="piece")  # as a worker process writes one
    writer.block(blocks[0])
    writer.flush()
    part.block(blocks[1])
    writer.insert(*part.detach())
    piece.block(blocks[2])
    writer.insert(*piece.detach())
    for block in blocks[3:]:
        writer.block(block)
    writer.close()


def test_parts_land_in_order_after_a_header_written_in_place(tmp_path: Path) -> None:
    path = tmp_path / "graph.graphml"
    _write(path, [_paper(i) for i in range(5)])
    text = path.read_text(encoding="utf-8")
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<graphml ')
    assert text.index('attr.name="title"') < text.index("<node ")
    g = read_graphml(path)
    assert list(g.nodes) == [f"https://w3id.org/kgraph/id/paper/p{i}" for i in range(5)]
    assert g.nodes["https://w3id.org/kgraph/id/paper/p2"]["title"] == "value 2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.graphml"]  # no body or .tmp left


def test_a_header_larger_than_its_room_is_written_in_front_of_a_copy(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(graphml, "HEADER_ROOM", 300)  # smaller than any header
    path = tmp_path / "graph.graphml"
    _write(path, [_paper(i, extra=f"property{i}") for i in range(5)])
    g = read_graphml(path)
    assert len(g) == 5 and g.nodes["https://w3id.org/kgraph/id/paper/p4"]["property4"] == "value 4"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.graphml"]
