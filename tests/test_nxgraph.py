"""The page graph a build draws from its blocks: independent of block order, and the graph GraphML holds."""

from __future__ import annotations

import random
from pathlib import Path

from kgraph.export.graphml import read_graphml
from kgraph.export.nxgraph import blocks_to_page_graph
from kgraph.reading import read_all
from kgraph.report import BuildReport
from kgraph.resolve import ResolutionIndex
from kgraph.writing import assemble

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _blocks(tmp_path: Path) -> list:
    index = ResolutionIndex()
    sources = read_all([EXAMPLES / "pages", EXAMPLES / "structured"], tmp_path, index, BuildReport(),
                       previous=(), vocab=(), extract=True, debug=True)
    blocks: list = []
    assemble(sources, blocks.append, resolution=index.finish())
    return blocks


def test_blocks_in_any_order_give_one_page_graph(tmp_path: Path) -> None:
    blocks = _blocks(tmp_path)
    assert len(blocks) > 50
    page = blocks_to_page_graph(blocks)
    assert any("authorList" in attrs for attrs in page.nodes.values())  # lists are part of what is compared
    assert any(attrs.get("sources") for attrs in page.nodes.values())
    random.Random(7).shuffle(blocks)
    again = blocks_to_page_graph(blocks)
    assert [(n, list(a.items())) for n, a in again.nodes.items()] == [(n, list(a.items())) for n, a in page.nodes.items()]
    assert sorted(again.edges) == sorted(page.edges)  # the page sorts them


def test_the_page_graph_has_the_nodes_and_edges_of_graphml(tmp_path: Path, examples_out: Path) -> None:
    page = blocks_to_page_graph(_blocks(tmp_path))
    stored = read_graphml(examples_out / "graph.graphml")
    assert set(page.nodes) == set(stored.nodes)
    assert sorted((s, o, r) for s, o, _, r in page.edges) == sorted((s, o, k) for s, o, k in stored.edges(keys=True))
    for node, attrs in page.nodes.items():
        assert attrs["label"] == stored.nodes[node]["label"]


def test_a_subset_of_blocks_keeps_only_edges_between_its_nodes(tmp_path: Path) -> None:
    page = blocks_to_page_graph(_blocks(tmp_path)[::3])
    assert page.number_of_edges() > 0
    assert all(s in page and o in page for s, o, _, _ in page.edges)
    lists = [attrs["authorList"] for attrs in page.nodes.values() if "authorList" in attrs]
    assert lists and all("https://" not in names for names in lists)  # members named even when not among the nodes
