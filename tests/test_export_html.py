"""The HTML view: self-contained, safe with hostile text, deterministic, and bounded."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest
from lxml import html as lxml_html

from kgraph.errors import KgraphError
from kgraph.export.html import (
    LAYOUT_THRESHOLD,
    HtmlSummary,
    render_html,
    select_subgraph,
    write_html,
)

KG = "https://w3id.org/kgraph/id/"
XSS_LABEL = "<script>alert(1)</script>"
XSS_TITLE = "<img src=x onerror=alert(1)>"


def small_graph(*, xss: bool = False, reverse: bool = False) -> nx.MultiDiGraph:
    """Three papers, their people, organisations, datasets; optionally one hostile paper."""
    nodes = [
        ("paper/1", "Scaling Laws for Retrieval", "Paper",
         {"arxivId": "2412.06966", "issued": "2024-12", "abstract": "word " * 200,
          "sources": "seeds/a.html | seeds/b.html"}),
        ("paper/2", "A Long-Context Benchmark", "Paper", {"issued": "2024"}),
        ("paper/3", "Tiny Models Teach", "Paper", {}),
        ("person/ada", "Ada Lovelace", "Person", {"name": "Ada Lovelace"}),
        ("person/alan", "Alan Turing", "Person", {}),
        ("person/grace", "Grace Hopper", "Person", {}),
        ("org/dm", "Google DeepMind", "Organization", {}),
        ("org/su", "Stanford University", "Organization", {}),
        ("data/mmlu", "MMLU", "Benchmark", {}),
        ("data/c4", "C4", "Dataset", {}),
        ("model/llama", "Llama 3", "Model", {}),
        ("src/a", "seeds/a.html", "SourceDocument", {}),
    ]
    edges = [
        ("paper/1", "person/ada", "creator"), ("paper/1", "person/alan", "creator"),
        ("paper/2", "person/grace", "creator"), ("paper/3", "person/ada", "creator"),
        ("paper/1", "org/dm", "affiliation"), ("paper/2", "org/su", "affiliation"),
        ("person/ada", "org/dm", "affiliatedWith"), ("paper/1", "data/mmlu", "uses"),
        ("paper/2", "data/mmlu", "introduces"), ("paper/1", "data/c4", "uses"),
        ("paper/3", "model/llama", "uses"), ("model/llama", "data/c4", "dependsOn"),
        ("paper/1", "src/a", "wasDerivedFrom"), ("paper/2", "src/a", "wasDerivedFrom"),
        ("paper/1", "model/llama", "uses"), ("paper/1", "model/llama", "introduces"),
    ]
    if xss:
        nodes.append(("paper/evil", XSS_LABEL, "Paper",
                      {"title": XSS_TITLE, "abstract": "</script><script>alert(2)</script>\u2028",
                       "sources": "<b>x</b> | a&b"}))
        edges.append(("paper/evil", "person/ada", "creator"))
    if reverse:
        nodes, edges = nodes[::-1], edges[::-1]
    g = nx.MultiDiGraph()
    for key, label, type_, attrs in nodes:
        g.add_node(KG + key, label=label, type=type_, **attrs)
    for u, v, rel in edges:
        g.add_edge(KG + u, KG + v, relation=rel)
    return g


def page_data(page: str) -> dict:
    blob = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert blob
    return json.loads(blob.group(1))


def without_data(page: str) -> str:
    return re.sub(r'(<script type="application/json" id="kg-data">).*?(</script>)', r"\1\2",
                  page, flags=re.S)


# --------------------------------------------------------------------------- the page

def test_page_is_self_contained():
    page = render_html(small_graph())
    doc = lxml_html.fromstring(page)
    assert not doc.xpath("//script[@src]"), "scripts must be inlined"
    assert not doc.xpath("//link"), "no stylesheet or other links"
    assert not doc.xpath("//*[@href]")
    for el in doc.xpath("//*[@src]"):
        pytest.fail(f"element with src: {lxml_html.tostring(el)[:80]!r}")
    assert "node_modules" not in page
    assert not re.search(r"""<[^>]+\b(src|href)\s*=\s*["']?(https?:|//|\.\.?/)""", page)
    assert "vis.Network" in page and len(page) > 300_000  # vis-network itself is inlined


def test_hostile_strings_stay_data():
    page = render_html(small_graph(xss=True), title="<script>alert('t')</script>")
    outside = without_data(page)
    assert "<script>alert" not in outside
    assert "onerror=alert" not in outside
    assert "alert(1)" not in outside and "alert(2)" not in outside
    doc = lxml_html.fromstring(page)
    assert not doc.xpath("//img"), "a label must never become an element"
    assert doc.findtext(".//title") == "<script>alert('t')</script>"
    assert len(doc.xpath("//script")) == 4  # error hook, data, vis-network, app
    blob = re.search(r'id="kg-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in blob and ">" not in blob and "&" not in blob and "\u2028" not in blob
    labels = {n["label"] for n in page_data(page)["nodes"]}
    assert XSS_LABEL in labels  # escaped in transit, exact once parsed


def test_page_builds_cards_without_innerhtml():
    page = render_html(small_graph())
    script = page.rsplit("<script>", 1)[1]
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
    assert "document.write" not in script
    assert "textContent" in script


def test_same_graph_gives_same_bytes():
    assert render_html(small_graph()) == render_html(small_graph())
    assert render_html(small_graph()) == render_html(small_graph(reverse=True))


def test_legend_lists_present_types_with_counts():
    data = page_data(render_html(small_graph()))
    counts = {t["name"]: t["count"] for t in data["types"]}
    assert counts == {"Paper": 3, "Person": 3, "Organization": 2, "Dataset": 1, "Benchmark": 1,
                      "Model": 1}
    assert [t["name"] for t in data["types"]][0] == "Paper"
    styles = {(t["color"], t["shape"]) for t in data["types"]}
    assert len(styles) == len(data["types"]), "each type looks different"


def test_cards_carry_properties_and_sources():
    data = page_data(render_html(small_graph()))
    paper = next(n for n in data["nodes"] if n["id"] == KG + "paper/1")
    props = dict(paper["props"])
    assert props["arxivId"] == "2412.06966"
    assert len(props["abstract"]) <= 300 and props["abstract"].endswith("\u2026")
    assert paper["sources"] == ["seeds/a.html", "seeds/b.html"]
    rels = {(data["nodes"][e[0]]["label"], e[2], e[3]) for e in data["edges"]}
    assert ("Scaling Laws for Retrieval", "uses", 0) in rels
    assert any(curve == 1 for _, _, curve in rels), "parallel edges are curved apart"


def test_test_hooks_are_present():
    page = render_html(small_graph())
    for hook in ("window.kgraphReady", "dataset.nodeCount", "window.kgraphSearch", "kg-errors",
                 "#search=", "stabilizationIterationsDone", "physics: false"):
        assert hook in page


def test_large_selection_gets_a_precomputed_layout():
    g = nx.MultiDiGraph()
    n = LAYOUT_THRESHOLD + 50
    for i in range(n):
        g.add_node(f"{KG}n/{i:05d}", label=f"Node {i}", type="Paper" if i % 3 else "Person")
    for i in range(1, n):
        g.add_edge(f"{KG}n/{i:05d}", f"{KG}n/{(i * 7) % i:05d}", relation="creator")
    data = page_data(render_html(g, max_nodes=None))
    assert data["layout"] == "fixed"
    xy = {(node["x"], node["y"]) for node in data["nodes"]}
    assert len(xy) > 0.95 * n, "nodes are spread out, not piled up"
    small = page_data(render_html(small_graph()))
    assert small["layout"] == "physics" and "x" not in small["nodes"][0]


def test_write_html_reports_counts(tmp_path):
    summary = write_html(small_graph(), tmp_path / "out" / "graph.html", max_nodes=4)
    assert isinstance(summary, HtmlSummary)
    assert (summary.nodes_total, summary.nodes_shown) == (12, 4)
    assert summary.path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# --------------------------------------------------------------------------- selection

def test_source_documents_left_out_by_default():
    sub = select_subgraph(small_graph())
    assert KG + "src/a" not in sub and sub.number_of_nodes() == 11
    assert KG + "src/a" in select_subgraph(small_graph(), types=["SourceDocument", "Paper"])


def test_max_nodes_keeps_the_most_connected():
    sub = select_subgraph(small_graph(), max_nodes=3)
    # degrees 7 and 4, then a tie at 3 (paper/2, person/ada) broken by node id
    assert set(sub) == {KG + "paper/1", KG + "model/llama", KG + "paper/2"}
    assert set(select_subgraph(small_graph(reverse=True), max_nodes=3)) == set(sub)


def test_types_filter_is_case_insensitive_and_checked():
    sub = select_subgraph(small_graph(), types=["paper", "Person"])
    assert {d["type"] for _, d in sub.nodes(data=True)} == {"Paper", "Person"}
    with pytest.raises(KgraphError, match="choose from"):
        select_subgraph(small_graph(), types=["Papr"])


def test_focus_by_label_iri_and_substring():
    one_hop = select_subgraph(small_graph(), focus="mmlu", hops=1)
    assert set(one_hop) == {KG + "data/mmlu", KG + "paper/1", KG + "paper/2"}
    assert set(select_subgraph(small_graph(), focus=KG + "data/mmlu", hops=1)) == set(one_hop)
    by_substring = select_subgraph(small_graph(), focus="lovel", hops=0)
    assert set(by_substring) == {KG + "person/ada"}
    two_hops = select_subgraph(small_graph(), focus="MMLU", hops=2)
    assert KG + "person/grace" in two_hops and KG + "model/llama" in two_hops
    assert KG + "src/a" not in two_hops  # no path through excluded source documents


def test_focus_survives_the_cap():
    sub = select_subgraph(small_graph(), focus="Grace Hopper", hops=3, max_nodes=2)
    assert KG + "person/grace" in sub and sub.number_of_nodes() == 2


def test_focus_miss_suggests_labels():
    with pytest.raises(KgraphError, match="did you mean.*Ada Lovelace"):
        select_subgraph(small_graph(), focus="Ada Lovelance")
    with pytest.raises(KgraphError, match="leaves out"):
        select_subgraph(small_graph(), focus=KG + "src/a")


def test_bad_limits_are_errors():
    with pytest.raises(KgraphError):
        select_subgraph(small_graph(), max_nodes=0)
    with pytest.raises(KgraphError):
        select_subgraph(small_graph(), hops=-1)


def test_empty_selection_still_renders():
    data = page_data(render_html(nx.MultiDiGraph()))
    assert data["nodes"] == [] and data["types"] == []


def test_missing_vis_bundle_is_a_clear_error(monkeypatch):
    import kgraph.export.html as page_module

    monkeypatch.setattr(page_module, "_VIS_JS", ("templates", "no-such-bundle.js"))
    page_module._vis_js.cache_clear()
    try:
        with pytest.raises(KgraphError, match="vis-network"):
            render_html(small_graph())
    finally:
        page_module._vis_js.cache_clear()


def test_force_layout_is_deterministic_and_keeps_nodes_apart():
    from kgraph.export.force_layout import force_layout

    edges = [(i, (i * 7) % i) for i in range(1, 300)]
    first = force_layout(300, edges)
    assert first == force_layout(300, edges)
    assert len(set(first)) > 0.95 * 300


def test_every_page_file_ships_as_package_data():
    """The page's skeleton, stylesheet and scripts are read from the installed package."""
    import fnmatch
    import tomllib
    from importlib.resources import files
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    globs = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["kgraph.export"]
    page = files("kgraph.export").joinpath("page")
    names = sorted(p.name for p in page.iterdir() if p.is_file())
    assert {"page.html", "page.css", "page.js", "error_hook.js"} <= set(names)
    assert all(any(fnmatch.fnmatch(f"page/{name}", g) for g in globs) for name in names)
