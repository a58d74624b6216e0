"""The page's own graph counts and cuts as networkx does, so the page is the same either way."""

from __future__ import annotations

import networkx as nx

from kgraph.export.html import render_html, select_subgraph
from kgraph.export.pagegraph import PageGraph


def _multigraph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for n, kind in (("p1", "Paper"), ("p2", "Paper"), ("ada", "Person"), ("m", "Model")):
        g.add_node(n, label=n.upper(), type=kind)
    g.add_edge("p1", "ada", key="creator", relation="creator")
    g.add_edge("p2", "ada", key="creator", relation="creator")
    g.add_edge("p1", "m", key="uses", relation="uses")
    g.add_edge("p1", "m", key="introduces", relation="introduces")  # parallel edges count twice
    g.add_edge("m", "m", key="dependsOn", relation="dependsOn")  # a self-loop counts at both ends
    return g


def test_degrees_and_neighbours_are_networkx_ones() -> None:
    g = _multigraph()
    page = PageGraph.from_networkx(g)
    assert page.number_of_nodes() == 4 and page.number_of_edges() == 5
    assert {n: page.degree(n) for n in page} == dict(g.degree())
    assert page.neighbours("ada") == {"p1", "p2"}
    assert page.neighbours("m") == {"p1", "m"}
    assert page.neighbours("nobody") == set()


def test_degrees_within_count_only_edges_inside() -> None:
    page = PageGraph.from_networkx(_multigraph())
    within = page.degrees_within({"p1", "m"})
    assert within == {"p1": 2, "m": 4}


def test_subgraph_keeps_order_and_inner_edges() -> None:
    page = PageGraph.from_networkx(_multigraph())
    sub = page.subgraph({"ada", "p2", "p1"})
    assert list(sub) == ["p1", "p2", "ada"]
    assert sorted(sub.edges) == [("p1", "ada", "creator", "creator"), ("p2", "ada", "creator", "creator")]
    assert "m" not in sub


def test_selection_and_page_do_not_depend_on_the_kind_of_graph() -> None:
    g = _multigraph()
    page = PageGraph.from_networkx(g)
    picked = select_subgraph(page, max_nodes=2)
    assert isinstance(picked, PageGraph)
    assert set(picked) == set(select_subgraph(g, max_nodes=2)) == {"p1", "m"}
    assert isinstance(select_subgraph(g, max_nodes=2), nx.MultiDiGraph)
    assert render_html(page, max_nodes=3) == render_html(g, max_nodes=3)
