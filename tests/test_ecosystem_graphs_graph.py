"""The Ecosystem Graphs corpus as a graph: every asset a node, dependencies as edges."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from kgraph.pipeline import build_in_memory

ASSETS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ecosystem-graphs" / "assets"
KG = "https://w3id.org/kgraph/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

pytestmark = pytest.mark.skipif(not ASSETS.is_dir(), reason="Ecosystem Graphs corpus ../shared/corpus not present")


@pytest.fixture(scope="module")
def graph():
    g, _, _, report = build_in_memory([ASSETS])
    assert not report.skipped, report.skipped
    return g


def _source_names() -> dict[str, set[str]]:
    """Distinct asset names per type in the source, compared as letters and digits."""
    names: dict[str, set[str]] = {}
    for f in ASSETS.glob("*.yaml"):
        for asset in yaml.safe_load(f.read_text(encoding="utf-8")) or []:
            if isinstance(asset, dict) and asset.get("type") in ("model", "dataset", "application"):
                names.setdefault(asset["type"], set()).add(re.sub(r"[^0-9a-z]", "", str(asset["name"]).lower()))
    return names


def test_every_asset_is_one_node_of_its_type(graph) -> None:
    by_type: dict[str, int] = {}
    for s, p, o in graph.triples():
        if p == RDF_TYPE:
            by_type[o[len(KG):]] = by_type.get(o[len(KG):], 0) + 1
    expected = {t: len(v) for t, v in _source_names().items()}
    assert by_type["Model"] == expected["model"]
    assert by_type["Dataset"] + by_type.get("Benchmark", 0) == expected["dataset"]
    assert by_type["Application"] == expected["application"]


def test_dependencies_become_edges_and_unknown_names_are_flagged(graph) -> None:
    depends = [t for t in graph.triples() if t[1] == KG + "dependsOn"]
    assert len(depends) >= 780
    typed = {s: o for s, p, o in graph.triples() if p == RDF_TYPE}
    unresolved = {s for s, p, o in graph.triples() if p == KG + "unresolved"}
    assert unresolved and all(typed[s] == KG + "Artifact" for s in unresolved)


def test_assets_have_their_developers_unless_the_source_says_unknown(graph) -> None:
    typed = {s: o for s, p, o in graph.triples() if p == RDF_TYPE}
    developed = {s for s, p, o in graph.triples() if p == KG + "developedBy"}
    assets = [s for s, t in typed.items() if t in {KG + "Model", KG + "Dataset", KG + "Application", KG + "Benchmark"}]
    missing = [s for s in assets if s not in developed]
    assert len(missing) <= 2  # the two assets whose organization the source gives as "Unknown"
