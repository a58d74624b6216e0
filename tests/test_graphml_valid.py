"""graph.graphml is GraphML 1.0: it validates against the schema, node ids are NMTOKENs
with the IRI kept as `iri`, edge ids are unique (parallel edges survive in tools that
key edges by id), and kgraph.load_networkx still gives the graph keyed by IRI."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import kgraph
from kgraph.export.base import ExportContext
from kgraph.export.graphml import GraphMLExporter, read_graphml
from kgraph.graph import IRI, Block, Literal

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCHEMA = ROOT.parent / "shared" / "tools" / "graphml" / "graphml.xsd"
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
G = "{http://graphml.graphdrawing.org/xmlns}"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
KG = "https://w3id.org/kgraph/ontology#"

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <title type="html">ArXiv Query</title>
  <id>http://arxiv.org/api/x</id>
  <updated>2024-12-01T00:00:00-05:00</updated>
  <entry>
    <id>http://arxiv.org/abs/2401.00001v1</id>
    <updated>2024-01-08T16:20:31Z</updated>
    <published>2024-01-08T16:20:31Z</published>
    <title>Parallel Edges in Practice</title>
    <summary>We report work done at Stanford University on GPT-4 and the MMLU benchmark.</summary>
    <author>
      <name>Nadia Rahman</name>
      <arxiv:affiliation>Stanford University</arxiv:affiliation>
    </author>
    <arxiv:primary_category term="cs.AI" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.AI" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
</feed>
"""


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    if not SCHEMA.is_file():
        pytest.skip(f"GraphML schema {SCHEMA} not present (../shared/tools/graphml)")
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def _assert_valid(schema: etree.XMLSchema, path: Path) -> None:
    """Valid for lxml's schema check (libxml2, as xmllint), and for xmllint itself where installed."""
    doc = etree.parse(str(path))
    assert schema.validate(doc), [str(e) for e in schema.error_log][:5]
    if shutil.which("xmllint"):
        run = subprocess.run(["xmllint", "--noout", "--schema", str(SCHEMA), str(path)],
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr


def _ids(path: Path, tag: str) -> list[str]:
    return [el.get("id") for el in etree.parse(str(path)).iter(G + tag)]


@pytest.fixture(scope="module")
def examples_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("examples")
    kgraph.build([EXAMPLES / "pages", EXAMPLES / "structured"], out)
    return out


def test_the_examples_build_is_valid_graphml(schema: etree.XMLSchema, examples_build: Path) -> None:
    path = examples_build / "graph.graphml"
    _assert_valid(schema, path)
    nodes, edges = _ids(path, "node"), _ids(path, "edge")
    assert len(set(nodes)) == len(nodes) == 74 and len(set(edges)) == len(edges) == 191
    assert "paper:arxiv-2310.01234" in nodes  # the CURIE graph.ttl writes, not an opaque number


def test_the_seeds_build_is_valid_graphml(schema: etree.XMLSchema, tmp_path: Path) -> None:
    if not SEEDS.is_dir():
        pytest.skip("sample corpus ../shared/corpus/seeds not present")
    kgraph.build([SEEDS], tmp_path / "out")
    path = tmp_path / "out" / "graph.graphml"
    _assert_valid(schema, path)
    edges = _ids(path, "edge")
    assert len(edges) == len(set(edges)) > 0


def test_parallel_edges_keep_distinct_ids(schema: etree.XMLSchema, tmp_path: Path) -> None:
    """A paper both affiliated with an organization and naming it in its abstract: two edges
    between the same two nodes, which Gephi keeps only when their ids differ."""
    feed = tmp_path / "feed.atom"
    feed.write_text(FEED, encoding="utf-8")
    kgraph.build([feed], tmp_path / "out")
    path = tmp_path / "out" / "graph.graphml"
    _assert_valid(schema, path)
    edges = list(etree.parse(str(path)).iter(G + "edge"))
    pairs = Counter((e.get("source"), e.get("target")) for e in edges)
    (source, target), count = pairs.most_common(1)[0]
    assert count == 2
    between = [e for e in edges if (e.get("source"), e.get("target")) == (source, target)]
    assert len({e.get("id") for e in between}) == 2
    assert {e.findtext(G + "data") for e in between} == {"affiliation", "mentionsOrganization"}
    g = kgraph.load_networkx(tmp_path / "out")
    paper = "https://w3id.org/kgraph/id/paper/arxiv-2401.00001"
    org = next(n for n in g.successors(paper) if g.nodes[n]["type"] == "Organization")
    assert sorted(g[paper][org]) == ["affiliation", "mentionsOrganization"]


def test_load_networkx_keys_nodes_by_iri_and_holds_the_turtle_graph(examples_build: Path) -> None:
    g = kgraph.load_networkx(examples_build)
    ttl = rdflib.Graph().parse(str(examples_build / "graph.ttl"))
    typed = {str(s) for s in ttl.subjects(rdflib.RDF.type, None) if isinstance(s, rdflib.URIRef)}
    assert set(g.nodes) == typed
    assert all("iri" not in data for _, data in g.nodes(data=True))  # the IRI is the key, not repeated
    links = {(str(s), str(o), str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1]) for s, p, o in ttl
             if str(s) in typed and str(o) in typed and p != rdflib.RDF.type}
    assert {(u, v, k) for u, v, k in g.edges(keys=True)} == links
    assert all(d["relation"] == k for _, _, k, d in g.edges(keys=True, data=True))


_IRI_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20)


@settings(max_examples=60, deadline=None)
@given(tails=st.lists(_IRI_TEXT, min_size=2, max_size=5, unique=True), outside=st.booleans())
def test_any_iris_give_valid_distinct_ids_and_come_back(tails: list[str], outside: bool,
                                                        tmp_path_factory: pytest.TempPathFactory) -> None:
    """IRIs with '_', ':', '%', spaces or non-ASCII letters, inside or outside the id base."""
    if not SCHEMA.is_file():
        pytest.skip(f"GraphML schema {SCHEMA} not present (../shared/tools/graphml)")
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    base = "urn:x:" if outside else "https://w3id.org/kgraph/id/"
    iris = [IRI(base + tail) for tail in tails]
    path = tmp_path_factory.mktemp("odd") / "graph.graphml"
    writer = GraphMLExporter()
    writer.open(ExportContext(path.parent, {}))
    for i, iri in enumerate(iris):
        facts = [(RDF_TYPE, IRI(KG + "Dataset"), ()), (KG + "name", Literal(f"n{i}"), ())]
        facts += [(KG + "dependsOn", other, ()) for other in iris if other != iri and base.startswith("https")]
        writer.write(Block(iri, facts))
    writer.close()
    assert schema.validate(etree.parse(str(path))), [str(e) for e in schema.error_log][:3]
    nodes = _ids(path, "node")
    assert len(set(nodes)) == len(iris)
    g = read_graphml(path)
    assert sorted(g.nodes) == sorted(iris)
