"""`kgraph stats` and the build report count nodes and edges the same way, and stats says
which communities it lists."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("out")
    return out, _run("build", str(EXAMPLES / "pages"), str(EXAMPLES / "structured"), "--out", str(out))


def test_stats_gives_the_build_reports_totals_and_says_what_its_measures_count(built: tuple[Path, str]) -> None:
    out, report = built
    nodes = int(re.search(r"^nodes: (\d+)", report, re.M).group(1))
    edges = int(re.search(r"^edges: (\d+)", report, re.M).group(1))
    documents = int(re.search(r"^  SourceDocument: (\d+)", report, re.M).group(1))
    derived = int(re.search(r"^  wasDerivedFrom: (\d+)", report, re.M).group(1))
    text = _run("stats", str(out)).splitlines()
    assert text[0].startswith(f"nodes {nodes}  edges {edges} (the whole graph")
    assert text[1].startswith(f"nodes {nodes - documents}  edges {edges - derived} without provenance "
                              f"({documents} SourceDocument nodes, {derived} wasDerivedFrom edges")
    data = json.loads(_run("stats", str(out), "--json"))
    assert (data["graph_nodes"], data["graph_edges"]) == (nodes, edges)
    assert data["nodes"] == sum(data["by_type"].values()) == nodes - documents
    assert data["edges"] == sum(data["by_relation"].values()) == edges - derived


def test_stats_says_how_many_communities_it_lists(built: tuple[Path, str]) -> None:
    out, _ = built
    data = json.loads(_run("stats", str(out), "--json"))
    text = _run("stats", str(out))
    line = next(li for li in text.splitlines() if li.startswith("communities "))
    shown = len(data["largest_communities"])
    assert data["communities"] > shown > 0  # the examples have more communities than are listed
    assert line == (f"communities {data['communities']} (the largest {shown} of {data['communities']}, "
                    "each with its best-connected members):")
    listed = text.split(line, 1)[1].splitlines()[1:]
    assert len([li for li in listed if re.match(r"^\s+\d+  ", li)][:shown]) == shown
