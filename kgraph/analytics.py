"""networkx views of a built graph and the measures `kgraph stats` prints.

`load_networkx` gives the full typed multigraph (node id = IRI, attributes
`label`, `type` and the literal properties; edge key and `relation` = the
property's local name). The other views are derived from it:

- `coauthorship`: people, linked when they share papers (`weight` = how many);
- `paper_artifact`: the bipartite graph of papers and the artifacts they
  introduce or use (`bipartite` 0/1, edge `relation`);
- `artifact_dependencies`: artifact -> what it depends on, with
  `dependency_cycles` to find loops.

Every function is deterministic: same graph, same output, same order.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from itertools import combinations
from pathlib import Path

import networkx as nx

from kgraph.errors import GraphNotFound
from kgraph.rdfio import RDF_FILES
from kgraph.schema import ARTIFACT_CLASSES

__all__ = ["load_networkx", "coauthorship", "paper_artifact", "artifact_dependencies", "dependency_cycles",
           "ARTIFACT_TYPES", "Stats", "compute_stats", "pagerank"]

#: Node types that are artifacts (kg:Artifact and its subclasses).
ARTIFACT_TYPES = ARTIFACT_CLASSES

#: Edges and nodes that record where facts came from, not facts about the domain.
_PROVENANCE_RELATIONS = frozenset({"wasDerivedFrom"})
_PROVENANCE_TYPES = frozenset({"SourceDocument"})

#: Per type, what "top" means in `kgraph stats`: a name and the incoming relations counted.
_TOP_MEASURES: dict[str, tuple[str, frozenset[str]]] = {
    "Person": ("papers", frozenset({"creator"})),
    "Organization": ("papers, people and artifacts",
                     frozenset({"affiliation", "mentionsOrganization", "affiliatedWith", "developedBy"})),
    "Venue": ("papers", frozenset({"publishedIn"})),
    "Category": ("papers", frozenset({"category"})),
    **{t: ("papers using it and artifacts built on it", frozenset({"uses", "dependsOn"})) for t in ARTIFACT_TYPES},
}


def load_networkx(target: str | os.PathLike[str]) -> nx.MultiDiGraph:
    """The typed multigraph of a build: DIR/graph.graphml, a .graphml file, or the
    graph.graphml beside a build's graph.ttl / graph.trig."""
    path = Path(target)
    if path.is_dir():
        path = path / "graph.graphml"
    elif path.suffix in RDF_FILES:
        path = path.with_name("graph.graphml")
    if not path.is_file() or path.suffix != ".graphml":
        raise GraphNotFound(f"{target}: no graph.graphml here (give a build folder or its graph.graphml; "
                            "run `kgraph build` first)")
    from kgraph.export.graphml import read_graphml

    return read_graphml(path)


def _relation(key: object, data: dict) -> str:
    return str(data.get("relation", key))


def _nodes_of(g: nx.MultiDiGraph, types: frozenset[str] | set[str]) -> list[str]:
    return sorted(n for n, d in g.nodes(data=True) if d.get("type") in types)


def _edges_of(g: nx.MultiDiGraph, relations: set[str]) -> list[tuple[str, str, str]]:
    """(source, target, relation) for the given relations, sorted."""
    return sorted((u, v, _relation(k, d)) for u, v, k, d in g.edges(keys=True, data=True)
                  if _relation(k, d) in relations)


def _label(g: nx.MultiDiGraph, n: str) -> str:
    return str(g.nodes[n].get("label", n))


def coauthorship(g: nx.MultiDiGraph) -> nx.Graph:
    """People linked when they wrote a paper together; `weight` = papers shared.

    Every person is a node (attributes `label`, `papers`), so authors who
    wrote alone still count in components and degree measures.
    """
    authors: dict[str, list[str]] = {}
    for paper, person, _ in _edges_of(g, {"creator"}):
        authors.setdefault(paper, []).append(person)
    co = nx.Graph()
    for person in _nodes_of(g, {"Person"}):
        co.add_node(person, label=_label(g, person), papers=0)
    for paper in sorted(authors):
        people = sorted(set(authors[paper]))
        for person in people:
            if person not in co:
                co.add_node(person, label=_label(g, person), papers=0)
            co.nodes[person]["papers"] += 1
        for a, b in combinations(people, 2):
            co.add_edge(a, b, weight=co.edges[a, b]["weight"] + 1 if co.has_edge(a, b) else 1)
    return co


def paper_artifact(g: nx.MultiDiGraph) -> nx.Graph:
    """Papers (`bipartite=0`) and artifacts (`bipartite=1`), linked by `introduces` or `uses`.

    A paper that both introduces and uses an artifact keeps `introduces`: its
    own contribution says more than its use of it.
    """
    b = nx.Graph()
    for n in _nodes_of(g, {"Paper"}):
        b.add_node(n, label=_label(g, n), type="Paper", bipartite=0)
    for n in _nodes_of(g, ARTIFACT_TYPES):
        b.add_node(n, label=_label(g, n), type=g.nodes[n]["type"], bipartite=1)
    for paper, artifact, relation in _edges_of(g, {"introduces", "uses"}):
        if paper in b and artifact in b and b.nodes[paper]["bipartite"] == 0 and b.nodes[artifact]["bipartite"] == 1:
            if b.has_edge(paper, artifact) and relation == "uses":
                continue
            b.add_edge(paper, artifact, relation=relation)
    return b


def artifact_dependencies(g: nx.MultiDiGraph) -> nx.DiGraph:
    """Artifacts, with an edge A -> B when A depends on B (trained on, built on)."""
    dg = nx.DiGraph()
    for n in _nodes_of(g, ARTIFACT_TYPES):
        dg.add_node(n, label=_label(g, n), type=g.nodes[n]["type"])
    for a, b, _ in _edges_of(g, {"dependsOn"}):
        if a in dg and b in dg:
            dg.add_edge(a, b)
    return dg


def dependency_cycles(dg: nx.DiGraph, *, max_length: int = 8) -> list[list[str]]:
    """Loops in a dependency graph (A depends on B depends on A), up to `max_length` artifacts.

    A loop usually means two assets were merged wrongly or a source is wrong; the
    bound keeps the search cheap on big graphs. Each cycle starts at its smallest
    node and the list is sorted, so the answer is the same on every run.
    """
    cycles = []
    for cycle in nx.simple_cycles(dg, length_bound=max_length):
        i = cycle.index(min(cycle))
        cycles.append(cycle[i:] + cycle[:i])
    return sorted(cycles, key=lambda c: (len(c), c))


def pagerank(g: nx.MultiDiGraph, *, damping: float = 0.85, iterations: int = 100,
             tol: float = 1e-10) -> dict[str, float]:
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
    """What `kgraph stats` reports; `to_json` for machines, `text` for people."""

    nodes: int = 0  # without provenance (SourceDocument nodes, wasDerivedFrom edges): what the measures use
    edges: int = 0
    graph_nodes: int = 0  # the whole graph, as `kgraph build` and graph.html count it
    graph_edges: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    by_relation: dict[str, int] = field(default_factory=dict)
    top_degree: list[tuple[str, str, int]] = field(default_factory=list)
    top_pagerank: list[tuple[str, str, float]] = field(default_factory=list)
    top_by_type: dict[str, dict] = field(default_factory=dict)
    components: int = 0
    largest_component: int = 0
    component_sizes: list[int] = field(default_factory=list)
    communities: int = 0
    largest_communities: list[dict] = field(default_factory=list)
    dependency_cycles: list[list[str]] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, ensure_ascii=False)

    def text(self) -> str:
        lines = [f"nodes {self.graph_nodes}  edges {self.graph_edges} (the whole graph, as `kgraph build` counts it)",
                 f"nodes {self.nodes}  edges {self.edges} without provenance ({self.graph_nodes - self.nodes} "
                 f"SourceDocument nodes, {self.graph_edges - self.edges} wasDerivedFrom edges left out): "
                 "everything below counts these",
                 "", "nodes by type:"]
        lines += [f"  {t:16s} {n}" for t, n in self.by_type.items()]
        lines += ["", "edges by relation:"]
        lines += [f"  {r:22s} {n}" for r, n in self.by_relation.items()]
        lines += ["", "most connected:"]
        lines += [f"  {d:5d}  {label} ({t})" for label, t, d in self.top_degree]
        lines += ["", "highest PageRank:"]
        lines += [f"  {r:.4f}  {label} ({t})" for label, t, r in self.top_pagerank]
        for t, top in self.top_by_type.items():
            lines += ["", f"top {t} by {top['measure']}:"]
            lines += [f"  {n:5d}  {label}" for label, n in top["entities"]]
        lines += ["", f"connected components {self.components} (largest {self.largest_component} nodes; "
                      f"sizes {', '.join(map(str, self.component_sizes))})",
                  f"communities {self.communities}" + self._communities_shown()]
        lines += [f"  {c['size']:5d}  {', '.join(c['members'])}" for c in self.largest_communities]
        if self.dependency_cycles:
            lines += ["", "dependency cycles (artifacts that depend on themselves):"]
            lines += ["  " + " -> ".join(c + c[:1]) for c in self.dependency_cycles]
        return "\n".join(lines)


    def _communities_shown(self) -> str:
        """Which communities the lines under the count are: all of them, or the largest few."""
        shown = len(self.largest_communities)
        if not shown:
            return ""
        if shown == self.communities:
            return ", each with its best-connected members:"
        return f" (the largest {shown} of {self.communities}, each with its best-connected members):"


def _core(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph without SourceDocument nodes and provenance edges: they would top every list."""
    core = nx.MultiDiGraph()
    core.add_nodes_from(sorted((n, d) for n, d in g.nodes(data=True) if d.get("type") not in _PROVENANCE_TYPES))
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]):
        if u in core and v in core and _relation(k, d) not in _PROVENANCE_RELATIONS:
            core.add_edge(u, v, key=k, **d)
    return core


def top_by_type(g: nx.MultiDiGraph, *, top: int = 10) -> dict[str, dict]:
    """Per node type, the entities with the most incoming links of the type's measure
    (authors by papers, artifacts by papers using them...), ties broken by label."""
    counts: dict[str, Counter[str]] = {}
    for u, v, k, d in g.edges(keys=True, data=True):
        t = g.nodes[v].get("type", "?")
        if t in _TOP_MEASURES and _relation(k, d) in _TOP_MEASURES[t][1]:
            counts.setdefault(t, Counter())[v] += 1
    out = {}
    for t in sorted(counts):
        ranked = sorted(counts[t].items(), key=lambda kv: (-kv[1], _label(g, kv[0]), kv[0]))[:top]
        out[t] = {"measure": _TOP_MEASURES[t][0], "entities": [(_label(g, n), c) for n, c in ranked]}
    return out


def compute_stats(g: nx.MultiDiGraph, *, top: int = 10) -> Stats:
    """Counts, top entities by degree, PageRank and per type, components, communities
    and dependency cycles of a built graph (provenance left out)."""
    core = _core(g)
    s = Stats(nodes=core.number_of_nodes(), edges=core.number_of_edges(),
              graph_nodes=g.number_of_nodes(), graph_edges=g.number_of_edges())
    s.by_type = dict(sorted(Counter(d.get("type", "?") for _, d in core.nodes(data=True)).items()))
    s.by_relation = dict(sorted(Counter(_relation(k, d) for _, _, k, d in core.edges(keys=True, data=True)).items()))

    def describe(n: str) -> tuple[str, str]:
        return _label(core, n), str(core.nodes[n].get("type", "?"))

    degree = sorted(core.degree, key=lambda nd: (-nd[1], nd[0]))[:top]
    s.top_degree = [(*describe(n), d) for n, d in degree]
    pr = pagerank(core)
    s.top_pagerank = [(*describe(n), round(r, 6)) for n, r in sorted(pr.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
    s.top_by_type = top_by_type(core, top=top)
    undirected = nx.Graph()
    undirected.add_nodes_from(core.nodes)
    undirected.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in core.edges() if u != v}))
    sizes = sorted((len(c) for c in nx.connected_components(undirected)), reverse=True)
    s.components, s.largest_component, s.component_sizes = len(sizes), max(sizes, default=0), sizes[:top]
    if undirected.number_of_edges():
        communities = nx.community.louvain_communities(undirected, seed=42)
        s.communities = len(communities)
        s.largest_communities = _describe_communities(undirected, communities, core, top=min(top, 5))
    s.dependency_cycles = dependency_cycles(artifact_dependencies(core))
    return s


def _describe_communities(ug: nx.Graph, communities: list[set[str]], g: nx.MultiDiGraph, *, top: int) -> list[dict]:
    """The biggest communities, each named by its three best-connected members."""
    ranked = sorted(communities, key=lambda c: (-len(c), min(c)))[:top]
    out = []
    for c in ranked:
        members = sorted(c, key=lambda n: (-ug.degree(n), _label(g, n), n))[:3]
        out.append({"size": len(c), "members": [_label(g, n) for n in members]})
    return out
