"""The networkx view made straight from blocks (the build's page) equals the one made from a graph."""

from __future__ import annotations

import random
from pathlib import Path

from kgraph.export.nxgraph import blocks_to_networkx, to_networkx
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
    assert _as_lists(view) == _as_lists(to_networkx(graph))
    assert all(s in view and o in view for s, o in view.edges())
