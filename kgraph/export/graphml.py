"""GraphML output (graph.graphml), for networkx, igraph and Gephi."""

from __future__ import annotations

import os

import networkx as nx

__all__ = ["write_graphml"]


def write_graphml(g: nx.MultiDiGraph, path: str | os.PathLike[str]) -> None:
    """Write `g` (from to_networkx) as GraphML; every attribute is already a scalar."""
    for _, data in g.nodes(data=True):
        for key, value in data.items():
            if value is None or isinstance(value, (list, dict, set, tuple)):
                raise TypeError(f"GraphML cannot hold {type(value).__name__} in node attribute {key!r}")
    nx.write_graphml(g, path, encoding="utf-8", prettyprint=True, named_key_ids=True)
