"""The networkx view made straight from blocks (the build's page) equals the one made from a graph."""

from __future__ import annotations

import random
from pathlib import Path

from kgraph.export.nxgraph import blocks_to_networkx, blocks_to_page_graph, to_networkx
from kgraph.export.pagegraph import PageGraph
from kgraph.graph import KnowledgeGraph
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


def _as_lists(g) -> tuple[list, list]:
    """Nodes and edges in the view's own order, attributes in theirs: what a writer iterates."""
    return ([(n, list(d.items())) for n, d in g.nodes(data=True)],
            list(g.edges(keys=True, data=True)))


def test_blocks_give_the_view_of_the_graph_that_holds_them(tmp_path: Path) -> None:
    blocks = _blocks(tmp_path)
    assert len(blocks) > 50
    graph = KnowledgeGraph()
    for block in blocks:
        graph.add_block(block)
    expected = _as_lists(to_networkx(graph))
    assert any("authorList" in dict(attrs) for _, attrs in expected[0])  # lists are part of what is compared
    assert any(dict(attrs).get("sources") for _, attrs in expected[0])
    random.Random(7).shuffle(blocks)  # the order blocks come in does not matter
    assert _as_lists(blocks_to_networkx(blocks)) == expected


def test_a_subset_of_blocks_keeps_only_edges_between_its_nodes(tmp_path: Path) -> None:
    blocks = _blocks(tmp_path)[::3]
    graph = KnowledgeGraph()
    for block in blocks:
        graph.add_block(block)
    view = blocks_to_networkx(blocks)
    nodes, edges = _as_lists(view)
    expected_nodes, expected_edges = _as_lists(to_networkx(graph))
    assert edges == expected_edges
    assert all(s in view and o in view for s, o in view.edges())
    # Author lists read the same; the graph alone can only name members that are among
    # its nodes, the blocks carry every member's name.
    lists = 0
    for (node, attrs), (expected_node, expected_attrs) in zip(nodes, expected_nodes, strict=True):
        assert node == expected_node
        assert [k for k, _ in attrs] == [k for k, _ in expected_attrs]
        for (key, value), (_, expected_value) in zip(attrs, expected_attrs):
            if key == "authorList":
                lists += 1
                assert len(value.split(" | ")) == len(expected_value.split(" | "))
                assert "https://" not in value
            else:
                assert value == expected_value
    assert lists


def test_the_page_graph_of_blocks_is_their_networkx_view(tmp_path: Path) -> None:
    blocks = _blocks(tmp_path)[::2]
    page = blocks_to_page_graph(blocks)
    view = PageGraph.from_networkx(blocks_to_networkx(blocks))
    assert page.nodes == view.nodes
    assert sorted(page.edges) == sorted(view.edges)  # the page sorts them
    assert page.number_of_edges() > 0
