"""graph.html gives the graph's true totals, and `kgraph build` and `kgraph view` at the same
--max-nodes draw the same page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
ECOSYSTEM = ROOT.parent / "shared" / "corpus" / "ecosystem-graphs" / "assets"


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _page_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', text, re.S).group(1))


def _reported(report: str) -> tuple[int, int]:
    return (int(re.search(r"^nodes: (\d+)", report, re.M).group(1)),
            int(re.search(r"^edges: (\d+)", report, re.M).group(1)))


@pytest.mark.parametrize("max_nodes", ["7", "30", "500"])
def test_build_and_view_draw_the_same_page_with_the_true_totals(tmp_path: Path, max_nodes: str) -> None:
    out = tmp_path / "out"
    report = _run("build", str(EXAMPLES / "pages"), str(EXAMPLES / "structured"), "--out", str(out),
                  "--max-nodes", max_nodes)
    nodes, edges = _reported(report)
    built = _page_data(out / "graph.html")
    assert built["totals"] == {"nodes": nodes, "edges": edges} == {"nodes": 74, "edges": 191}
    assert len(built["nodes"]) == min(int(max_nodes), 65)  # the 9 source documents are not drawn
    said = _run("view", str(out), "--out", str(tmp_path / "view.html"), "--max-nodes", max_nodes)
    assert f"of {nodes} nodes" in said
    assert (tmp_path / "view.html").read_bytes() == (out / "graph.html").read_bytes()


def test_a_page_of_part_of_a_larger_graph_names_the_whole_graph(tmp_path: Path) -> None:
    if not ECOSYSTEM.is_dir():
        pytest.skip("sample corpus ../shared/corpus/ecosystem-graphs/assets not present")
    out = tmp_path / "out"
    nodes, edges = _reported(_run("build", str(ECOSYSTEM), "--out", str(out), "--max-nodes", "40"))
    built = _page_data(out / "graph.html")
    assert built["totals"] == {"nodes": nodes, "edges": edges} and nodes > 1000
    assert len(built["nodes"]) == 40
    _run("view", str(out), "--out", str(tmp_path / "view.html"), "--max-nodes", "40")
    assert (tmp_path / "view.html").read_bytes() == (out / "graph.html").read_bytes()
