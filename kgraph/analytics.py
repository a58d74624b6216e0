"""networkx views of a built graph and the measures `kgraph stats` prints."""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import networkx as nx

from kgraph.errors import GraphNotFound

__all__ = ["load_networkx", "Stats", "compute_stats", "pagerank"]


def load_networkx(target: str | os.PathLike[str]) -> nx.MultiDiGraph:
    """The typed multigraph of a build: DIR/graph.graphml, or a .graphml file."""
    path = Path(target)
    if path.is_dir():
        path = path / "graph.graphml"
    if not path.is_file() or path.suffix != ".graphml":
        raise GraphNotFound(f"{target}: no graph.graphml here (run `kgraph build` first)")
    g = nx.read_graphml(path, force_multigraph=True)
    return g if g.is_directed() else nx.MultiDiGraph(g)


def pagerank(g: nx.MultiDiGraph, *, damping: float = 0.85, iterations: int = 100, tol: float = 1e-10) -> dict[str, float]:
    """Plain power-iteration PageRank (networkx's needs SciPy, which kgraph does not)."""
    nodes = sorted(g.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    out_deg = {u: g.out_degree(u) for u in nodes}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(iterations):
        dangling = damping * sum(rank[u] for u in nodes if out_deg[u] == 0) / n
        new = dict.fromkeys(nodes, (1.0 - damping) / n + dangling)
        for u, v in g.edges():
            new[v] += damping * rank[u] / out_deg[u]
        delta = sum(abs(new[u] - rank[u]) for u in nodes)
        rank = new
        if delta < tol * n:
            break
    return rank


@dataclass
class Stats:
    nodes: int = 0
    edges: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    by_relation: dict[str, int] = field(default_factory=dict)
    top_degree: list[tuple[str, str, int]] = field(default_factory=list)
    top_pagerank: list[tuple[str, str, float]] = field(default_factory=list)
    components: int = 0
    largest_component: int = 0
    communities: int = 0

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, ensure_ascii=False)

    def text(self) -> str:
        lines = [f"nodes {self.nodes}  edges {self.edges}", "", "nodes by type:"]
        lines += [f"  {t:16s} {n}" for t, n in self.by_type.items()]
        lines += ["", "edges by relation:"]
        lines += [f"  {r:22s} {n}" for r, n in self.by_relation.items()]
        lines += ["", "most connected:"]
        lines += [f"  {d:5d}  {label} ({t})" for label, t, d in self.top_degree]
        lines += ["", "highest PageRank:"]
        lines += [f"  {r:.4f}  {label} ({t})" for label, t, r in self.top_pagerank]
        lines += ["", f"connected components {self.components} (largest {self.largest_component} nodes), "
                      f"communities {self.communities}"]
        return "\n".join(lines)


def compute_stats(g: nx.MultiDiGraph, *, top: int = 10) -> Stats:
    """Counts, top entities by degree and PageRank, components and communities.

    SourceDocument nodes and provenance edges are left out: they would top every list.
    """
    core = g.subgraph(n for n, d in g.nodes(data=True) if d.get("type") != "SourceDocument").copy()
    core.remove_edges_from([(u, v, k) for u, v, k in core.edges(keys=True) if k == "wasDerivedFrom"])
    s = Stats(nodes=core.number_of_nodes(), edges=core.number_of_edges())
    s.by_type = dict(sorted(Counter(d.get("type", "?") for _, d in core.nodes(data=True)).items()))
    s.by_relation = dict(sorted(Counter(d.get("relation", k) for _, _, k, d in core.edges(keys=True, data=True)).items()))

    def describe(n: str) -> tuple[str, str]:
        d = core.nodes[n]
        return str(d.get("label", n)), str(d.get("type", "?"))

    degree = sorted(core.degree, key=lambda nd: (-nd[1], nd[0]))[:top]
    s.top_degree = [(*describe(n), d) for n, d in degree]
    pr = pagerank(core)
    s.top_pagerank = [(*describe(n), round(r, 6)) for n, r in sorted(pr.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
    undirected = nx.Graph(core)
    comps = list(nx.connected_components(undirected))
    s.components = len(comps)
    s.largest_component = max((len(c) for c in comps), default=0)
    if undirected.number_of_edges():
        s.communities = len(nx.community.louvain_communities(undirected, seed=42))
    return s
