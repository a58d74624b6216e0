"""networkx views (co-authorship, paper-artifact, dependencies) and `kgraph stats`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import kgraph
from kgraph.analytics import (
    artifact_dependencies,
    compute_stats,
    coauthorship,
    dependency_cycles,
    pagerank,
    paper_artifact,
)
from kgraph.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"


def _graph() -> nx.MultiDiGraph:
    """Two papers by A and B (one with C), a solo paper by D, artifacts in a loop."""
    g = nx.MultiDiGraph()
    nodes = {"p1": "Paper", "p2": "Paper", "p3": "Paper", "a": "Person", "b": "Person", "c": "Person",
             "d": "Person", "x": "Dataset", "y": "Model", "z": "Application", "doc": "SourceDocument"}
    for n, t in nodes.items():
        g.add_node(n, type=t, label=n.upper())
    edges = [("p1", "a", "creator"), ("p1", "b", "creator"), ("p1", "c", "creator"), ("p2", "a", "creator"),
             ("p2", "b", "creator"), ("p3", "d", "creator"), ("p1", "x", "introduces"), ("p1", "x", "uses"),
             ("p2", "x", "uses"), ("p3", "y", "uses"), ("y", "x", "dependsOn"), ("x", "y", "dependsOn"),
             ("z", "y", "dependsOn"), ("p1", "doc", "wasDerivedFrom"), ("a", "doc", "wasDerivedFrom")]
    for u, v, rel in edges:
        g.add_edge(u, v, key=rel, relation=rel)
    return g


def test_coauthorship_weights_are_shared_papers() -> None:
    co = coauthorship(_graph())
    assert co.edges["a", "b"]["weight"] == 2 and co.edges["a", "c"]["weight"] == 1
    assert co.nodes["d"] == {"label": "D", "papers": 1} and co.degree("d") == 0
    assert set(co.nodes) == {"a", "b", "c", "d"}


def test_paper_artifact_is_bipartite_and_prefers_introduces() -> None:
    b = paper_artifact(_graph())
    assert nx.is_bipartite(b)
    assert {n for n, d in b.nodes(data=True) if d["bipartite"] == 0} == {"p1", "p2", "p3"}
    assert {n for n, d in b.nodes(data=True) if d["bipartite"] == 1} == {"x", "y", "z"}
    assert b.edges["p1", "x"]["relation"] == "introduces" and b.edges["p2", "x"]["relation"] == "uses"


def test_dependencies_and_their_cycles() -> None:
    dg = artifact_dependencies(_graph())
    assert set(dg.edges) == {("x", "y"), ("y", "x"), ("z", "y")}
    assert dependency_cycles(dg) == [["x", "y"]]
    assert dependency_cycles(dg, max_length=1) == []


def test_pagerank_is_a_distribution() -> None:
    ranks = pagerank(_graph())
    assert abs(sum(ranks.values()) - 1.0) < 1e-9 and min(ranks.values()) > 0


def test_stats_leave_provenance_out_and_rank_per_type() -> None:
    s = compute_stats(_graph())
    assert "SourceDocument" not in s.by_type and "wasDerivedFrom" not in s.by_relation
    assert s.top_by_type["Person"]["entities"][:2] == [("A", 2), ("B", 2)]
    assert s.top_by_type["Model"]["entities"] == [("Y", 3)]  # used by p3, built on by x and z
    assert s.dependency_cycles == [["x", "y"]]


def test_stats_are_deterministic() -> None:
    g = _graph()
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(g.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(g.edges(keys=True, data=True))))
    assert compute_stats(g).to_json() == compute_stats(shuffled).to_json()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    kgraph.build([p for p in (EXAMPLES / "pages", EXAMPLES / "structured") if p.is_dir()], out)
    return out


def test_views_of_the_examples(built: Path) -> None:
    g = kgraph.load_networkx(built)
    co = kgraph.coauthorship(g)
    by_label = {d["label"]: n for n, d in co.nodes(data=True)}
    assert co.nodes[by_label["Mei-Ling Hoffmann"]]["papers"] == 4
    assert co.has_edge(by_label["Mei-Ling Hoffmann"], by_label["Ravi Prakash"])
    dg = kgraph.artifact_dependencies(g)
    assert kgraph.dependency_cycles(dg) == []
    assistant = next(n for n, d in dg.nodes(data=True) if d["label"] == "Lantern Assistant")
    assert {dg.nodes[n]["label"] for n in nx.descendants(dg, assistant)} == {
        "Lantern-7B-Chat", "Lantern-7B", "Open-Ended QA Pool", "Common Crawl"}
    bp = kgraph.paper_artifact(g)
    assert any(d["relation"] == "introduces" for _, _, d in bp.edges(data=True))


def test_stats_command_text_and_json(built: Path) -> None:
    text = CliRunner().invoke(main, ["stats", str(built)])
    assert text.exit_code == 0, text.output
    assert "top Person by papers:" in text.stdout and "Mei-Ling Hoffmann" in text.stdout
    data = json.loads(CliRunner().invoke(main, ["stats", str(built), "--json"]).stdout)
    assert data["by_type"]["Paper"] == 20 and data["components"] >= 1
    again = CliRunner().invoke(main, ["stats", str(built), "--json"]).stdout
    assert json.loads(again) == data
    beside_turtle = CliRunner().invoke(main, ["stats", str(built / "graph.ttl"), "--json"]).stdout
    assert json.loads(beside_turtle) == data


def test_analysis_tutorial_runs_top_to_bottom(built: Path) -> None:
    # The repository first on the path: a stale editable install can shadow kgraph/__init__.py.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    run = subprocess.run([sys.executable, str(EXAMPLES / "analysis.py"), str(built)],
                         capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
    assert run.returncode == 0, run.stderr
    for heading in ("co-authorship", "paper", "depend", "PageRank"):
        assert heading in run.stdout


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"sample pages not found at {SEEDS} (shared corpus absent)")
def test_stats_on_the_sample_pages(tmp_path: Path) -> None:
    kgraph.build([SEEDS], tmp_path)
    result = CliRunner().invoke(main, ["stats", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["by_type"].get("Paper", 0) > 10 and data["top_by_type"]["Person"]["entities"]
