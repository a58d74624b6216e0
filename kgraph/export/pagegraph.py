"""The little of a graph the HTML page needs: nodes with scalar attributes, and typed edges.

A build draws its page from a thousand candidate blocks. Making a networkx graph of
them, and importing networkx to do it (0.2 s of CPU), cost more than drawing the
page, so the page works on this plain structure. A networkx graph (`kgraph view`, a
notebook) is read into one with `PageGraph.from_networkx`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["PageGraph"]


@dataclass
class PageGraph:
    """Nodes (id -> attributes) and directed edges (source, target, key, relation).

    The same reading of a graph as a networkx MultiDiGraph: an edge is counted once
    at each end (a self-loop twice), and parallel edges are distinct edges.
    """

    nodes: dict[Any, dict[str, Any]] = field(default_factory=dict)
    edges: list[tuple[Any, Any, str, str]] = field(default_factory=list)

    @classmethod
    def from_networkx(cls, g: nx.MultiDiGraph) -> PageGraph:
        """The nodes and edges of a networkx (multi)graph; the relation is the edge's `relation` attribute."""
        return cls({n: dict(attrs) for n, attrs in g.nodes(data=True)},
                   [(u, v, str(k), str(d.get("relation", ""))) for u, v, k, d in g.edges(keys=True, data=True)])

    def __contains__(self, node: object) -> bool:
        return node in self.nodes

    def __iter__(self) -> Iterator[Any]:
        return iter(self.nodes)

    def number_of_nodes(self) -> int:
        return len(self.nodes)

    def number_of_edges(self) -> int:
        return len(self.edges)

    @cached_property
    def _degrees(self) -> Counter:
        degrees: Counter = Counter()
        for u, v, _, _ in self.edges:
            degrees[u] += 1
            degrees[v] += 1
        return degrees

    def degree(self, node: Any) -> int:
        """Edges in and out of `node`."""
        return self._degrees[node]

    @cached_property
    def _neighbours(self) -> dict[Any, set[Any]]:
        adjacent: dict[Any, set[Any]] = defaultdict(set)
        for u, v, _, _ in self.edges:
            adjacent[u].add(v)
            adjacent[v].add(u)
        return adjacent

    def neighbours(self, node: Any) -> set[Any]:
        """The nodes one edge away from `node`, in either direction."""
        return self._neighbours.get(node, set())

    def degrees_within(self, keep: set[Any]) -> Counter:
        """Each node's edges to and from nodes of `keep`, counted for the nodes of `keep`."""
        degrees: Counter = Counter()
        for u, v, _, _ in self.edges:
            if u in keep and v in keep:
                degrees[u] += 1
                degrees[v] += 1
        return degrees

    def subgraph(self, keep: set[Any]) -> PageGraph:
        """The nodes of `keep` (in this graph's order) and the edges between them."""
        return PageGraph({n: attrs for n, attrs in self.nodes.items() if n in keep},
                         [e for e in self.edges if e[0] in keep and e[1] in keep])
