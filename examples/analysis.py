"""A tour of a kgraph build with networkx: read it top to bottom, then run it.

    kgraph build examples/pages examples/structured --out out
    python examples/analysis.py out

(Without an argument the script builds the examples into a temporary folder,
never into the current one.)

Every node of the graph is an IRI with a `label` and a `type` (Paper, Person,
Organization, Dataset, Benchmark, Model, Application, Venue, ...); every edge
has a `relation` (creator, affiliation, introduces, uses, dependsOn, ...).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import networkx as nx

import kgraph

HERE = Path(__file__).resolve().parent


def section(title: str) -> None:
    print(f"\n== {title} ==")


def label(g: nx.Graph, node: str) -> str:
    return g.nodes[node].get("label", node)


def main(out: Path) -> None:
    if not (out / "graph.graphml").is_file():
        inputs = [p for p in (HERE / "pages", HERE / "structured") if p.is_dir()]
        print(f"building {', '.join(p.name for p in inputs)} into {out}")
        kgraph.build(inputs, out)

    # 1. The whole graph: a networkx MultiDiGraph, one node per RDF resource.
    g = kgraph.load_networkx(out)
    section("the graph")
    print(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    for node_type, n in sorted(Counter(d["type"] for _, d in g.nodes(data=True)).items()):
        print(f"  {node_type:16s} {n}")

    # 2. Who writes with whom: people linked by shared papers (weight = how many).
    co = kgraph.coauthorship(g)
    section("co-authorship")
    print(f"{co.number_of_nodes()} people, {co.number_of_edges()} co-author pairs")
    pairs = sorted(co.edges(data="weight"), key=lambda e: (-e[2], label(co, e[0]), label(co, e[1])))
    for a, b, weight in pairs[:5]:
        print(f"  {label(co, a)} & {label(co, b)}: {weight} paper(s)")
    groups = sorted(nx.connected_components(co), key=lambda c: (-len(c), min(c)))
    if groups:
        print("largest group of collaborators:", ", ".join(sorted(label(co, n) for n in groups[0])))
    else:
        print("largest group of collaborators: none (no paper has authors in this build)")
    prolific = sorted(co.nodes(data=True), key=lambda nd: (-nd[1]["papers"], nd[1]["label"]))[:3]
    print("most papers:", ", ".join(f"{d['label']} ({d['papers']})" for _, d in prolific))

    # 3. Papers and the artifacts they introduce or use: a bipartite graph.
    bp = kgraph.paper_artifact(g)
    section("paper -> artifact")
    for paper, artifact, relation in sorted(bp.edges(data="relation"), key=lambda e: (e[2], label(bp, e[0]))):
        if bp.nodes[paper]["bipartite"] == 1:
            paper, artifact = artifact, paper
        print(f"  {label(bp, paper)[:60]} --{relation}--> {label(bp, artifact)} ({bp.nodes[artifact]['type']})")
    unused = [label(bp, n) for n, d in bp.nodes(data=True) if d["bipartite"] == 1 and bp.degree(n) == 0]
    print("artifacts no paper mentions:", ", ".join(sorted(unused)) or "none")

    # 4. What depends on what, and whether anything depends on itself.
    dg = kgraph.artifact_dependencies(g)
    section("artifact dependencies")
    for node in sorted(dg, key=lambda n: label(dg, n)):
        below = sorted(label(dg, n) for n in nx.descendants(dg, node))
        if below:
            print(f"  {label(dg, node)} depends on {', '.join(below)}")
    cycles = kgraph.dependency_cycles(dg)
    print("dependency cycles:", cycles or "none")
    if nx.is_directed_acyclic_graph(dg):
        order = [label(dg, n) for n in nx.lexicographical_topological_sort(dg.reverse(copy=True))]
        print("build order (foundations first):", " -> ".join(order))

    # 5. The same summary `kgraph stats` prints, as an object: PageRank and friends.
    stats = kgraph.stats(out, top=5)
    section("PageRank (who is central)")
    for name, node_type, rank in stats.top_pagerank:
        print(f"  {rank:.4f}  {name} ({node_type})")
    print(f"{stats.components} connected components, {stats.communities} communities")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]))
    else:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="kgraph-analysis-") as scratch:
            main(Path(scratch) / "out")
