"""The Python API behind every CLI command, for scripts and notebooks."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from kgraph.pipeline import BuildReport
from kgraph.pipeline import build as _build

__all__ = ["build", "formats", "query", "stats", "view", "validate", "explain", "load_rdflib"]


def build(inputs: Iterable[str | os.PathLike[str]], out: str | os.PathLike[str], *,
          vocab: Sequence[str] = (), extract: bool = True, extractors: Sequence[str] = (), max_nodes: int = 500,
          update: bool = False, remove: Sequence[str] = (), engine: str = "local", jobs: int | None = None,
          scheduler: str | None = None, validate: bool = True, store: bool = False,
          progress: bool | None = None, debug: bool = False) -> BuildReport:
    """Read `inputs`, write graph.ttl, graph.trig, graph.graphml and graph.html into `out`.

    With `update=True` the graph already in `out` is extended instead of replaced;
    with `store=True` the SPARQL store is made now rather than by the first query.
    `remove` (with `update`) drops documents of the earlier build by path (file or folder).
    `extractors` names the extractors to run (kgraph.plugins.EXTRACTORS; default: the
    built-ins); with `update`, the earlier build's `vocab` and `extractors` are used
    again unless others are given.
    """
    return _build(inputs, out, vocab=vocab, extract=extract, extractors=extractors, max_nodes=max_nodes,
                  update=update, remove=remove, engine=engine, jobs=jobs, scheduler=scheduler, validate=validate,
                  store=store, progress=progress, debug=debug)


def formats() -> list[tuple[str, str]]:
    """(name, description) of every registered reader."""
    from kgraph.plugins import READERS

    return [(r.name, r.description) for r in READERS.loaded()]


def query(target: str | os.PathLike[str], sparql: str, *, timeout: float | None = None,
          max_rows: int | None = None, allow_service: bool = False):
    """Answer a SPARQL query over a built graph (a build folder or an RDF file).

    `timeout` (seconds) gives up on a runaway query; `max_rows` keeps only the first
    rows of a huge answer (the result says `truncated`). A SERVICE clause is refused
    unless `allow_service`: it sends HTTP requests, and kgraph runs offline.
    """
    from kgraph.store import run_query

    return run_query(target, sparql, timeout=timeout, max_rows=max_rows, allow_service=allow_service)


def stats(target: str | os.PathLike[str], *, top: int = 10):
    """Counts, top entities, components and communities of a built graph (`kgraph stats`)."""
    from kgraph.analytics import compute_stats, load_networkx
    from kgraph.progress import Step

    with Step(f"reading the graph of {target} ..."):
        graph = load_networkx(target)
    with Step("counting: degrees, PageRank, components, communities ..."):
        return compute_stats(graph, top=top)


def view(target: str | os.PathLike[str], out: str | os.PathLike[str], *, focus: str | None = None,
         hops: int = 2, max_nodes: int = 500, types: Sequence[str] | None = None):
    """Write a self-contained HTML page of a built graph (or of part of it)."""
    from kgraph.analytics import load_networkx
    from kgraph.export.html import write_html
    from kgraph.progress import Step

    with Step(f"reading the graph of {target} ..."):
        graph = load_networkx(target)
    with Step(f"drawing {out} ..."):
        return write_html(graph, out, focus=focus, hops=hops, max_nodes=max_nodes,
                          types=list(types) if types else None)


def explain(target: str | os.PathLike[str], node: str):
    """Why a node (label or IRI) looks as it does: merges, and the sources of each fact."""
    from kgraph.explain import explain as _explain

    return _explain(target, node)


def validate(target):
    """SHACL-validate a built graph against the packaged shapes."""
    from kgraph.validate import validate as _validate

    return _validate(target)


def load_rdflib(target: str | os.PathLike[str]):
    """The graph as an rdflib.Graph, for users who know rdflib's API."""
    import rdflib

    from kgraph.store import graph_file

    path = graph_file(target)
    g = rdflib.Dataset() if path.suffix in (".nq", ".trig") else rdflib.Graph()
    g.parse(str(path))
    return g
