"""The build, end to end: sources -> records -> extraction -> resolution -> graph -> files.

`build()` is what `kgraph build` runs and what a notebook calls. A document that
cannot be used is reported (file and reason) and skipped; it never stops the others.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kgraph.builder import Evidence, SourceInfo, build_graph
from kgraph.cache import load_sources, save_sources
from kgraph.errors import InputError, KgraphError, UnsupportedInput
from kgraph.export.graphml import write_graphml
from kgraph.export.nxgraph import local_name, to_networkx
from kgraph.export.rdf import write_nquads, write_turtle
from kgraph.graph import KnowledgeGraph
from kgraph.resolve import Resolution, resolve
from kgraph.sources.base import detect
from kgraph.sources.loading import discover, load_document
from kgraph.store import write_store

__all__ = ["BuildReport", "Skipped", "read_documents", "build", "build_in_memory", "OUTPUT_FILES"]

OUTPUT_FILES = ("graph.ttl", "graph.nq", "graph.graphml", "graph.html")


@dataclass(frozen=True)
class Skipped:
    """A document that contributed nothing, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class BuildReport:
    """What a build read, made and skipped: printed by the CLI, returned to notebooks."""

    documents_by_format: Counter = field(default_factory=Counter)
    records: int = 0
    nodes_by_type: Counter = field(default_factory=Counter)
    edges_by_relation: Counter = field(default_factory=Counter)
    triples: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"documents read: {sum(self.documents_by_format.values())}"
               + "".join(f"\n  {fmt}: {n}" for fmt, n in sorted(self.documents_by_format.items())),
               f"records: {self.records}",
               *([f"unchanged documents (skipped by content hash): {self.unchanged}"] if self.unchanged else []),
               f"triples: {self.triples}",
               f"nodes: {sum(self.nodes_by_type.values())}"
               + "".join(f"\n  {t}: {n}" for t, n in sorted(self.nodes_by_type.items())),
               f"edges: {sum(self.edges_by_relation.values())}"
               + "".join(f"\n  {r}: {n}" for r, n in sorted(self.edges_by_relation.items()))]
        if self.outputs:
            out.append("wrote: " + ", ".join(self.outputs))
        for w in self.warnings:
            out.append(f"warning: {w}")
        for s in self.skipped:
            out.append(f"skipped: {s}")
        return out


def read_documents(
    inputs: Iterable[str | os.PathLike[str]],
    report: BuildReport,
    *,
    known: dict[str, SourceInfo] | None = None,
    debug: bool = False,
) -> list[SourceInfo]:
    """Load, sniff and read every input; failures go to `report.skipped`.

    A document whose content hash is in `known` is not read again: its earlier
    records (extraction included) are reused.
    """
    sources: dict[str, SourceInfo] = {}
    known = known or {}
    for path, error in discover(inputs):
        if error is not None:
            report.skipped.append(Skipped(error.path, error.reason))
            continue
        try:
            doc = load_document(path)
            if doc.content_hash in known:
                cached = known[doc.content_hash]
                sources.setdefault(doc.iri, SourceInfo(cached.iri, path, cached.content_hash, cached.records))
                report.unchanged += 1
                continue
            reader, _score = detect(doc.text)
            if reader is None:
                raise UnsupportedInput(path, "not in any supported layout or format (see `kgraph formats`)")
            try:
                records = reader.read(doc.text)
            except (ValueError, KgraphError) as exc:
                raise InputError(path, f"{reader.name}: {exc}") from None
        except InputError as exc:
            report.skipped.append(Skipped(exc.path, exc.reason))
            continue
        except Exception as exc:  # a reader bug must not cost the user the other documents
            if debug:
                raise
            report.skipped.append(Skipped(path, f"internal error while reading ({type(exc).__name__}: {exc})"))
            continue
        if not records.papers and not records.artifacts:
            report.skipped.append(Skipped(path, f"{reader.name}: no records found"))
            continue
        for w in records.warnings:
            report.warnings.append(f"{path}: {w}")
        if doc.iri in sources:
            report.warnings.append(f"{path}: same content as {sources[doc.iri].path}; read once")
            continue
        sources[doc.iri] = SourceInfo(doc.iri, path, doc.content_hash, records)
        report.documents_by_format[records.format] += 1
        report.records += len(records.papers) + len(records.artifacts)
    return [sources[k] for k in sorted(sources)]


def _extract(sources: Sequence[SourceInfo], vocab: Sequence[str]) -> None:
    """Run the registered extractors over the paper records of `sources`, in place."""
    try:
        from kgraph.extract import extract_record, load_vocabulary
    except ImportError:
        return
    vocabulary = load_vocabulary(paths=tuple(vocab))
    for src in sources:
        for rec in src.records.papers:
            mentions, relations = extract_record(rec, vocabulary=vocabulary)
            rec.mentions = list(mentions)
            rec.relations = list(relations)


def build_in_memory(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    vocab: Sequence[str] = (),
    extract: bool = True,
    previous: Sequence[SourceInfo] = (),
    debug: bool = False,
) -> tuple[KnowledgeGraph, Resolution, list[Evidence], BuildReport, list[SourceInfo]]:
    """Everything `build` does short of writing files.

    `previous` are the sources of an earlier build (for --update): they are kept,
    except those whose path is read again with new content, which are replaced.
    """
    report = BuildReport()
    known = {s.content_hash: s for s in previous}
    fresh = read_documents(inputs, report, known=known, debug=debug)
    if extract:
        _extract([s for s in fresh if s.content_hash not in known], vocab)
    fresh_paths = {s.path for s in fresh} | {k.path for k in report.skipped}
    kept = [s for s in previous if s.path not in fresh_paths and s.iri not in {f.iri for f in fresh}]
    sources = sorted(fresh + kept, key=lambda s: s.iri)
    return (*_assemble(sources, vocab, report), sources)


def _assemble(sources: Sequence[SourceInfo], vocab: Sequence[str], report: BuildReport
              ) -> tuple[KnowledgeGraph, Resolution, list[Evidence], BuildReport]:
    """Resolution and graph building over records already read."""
    from kgraph.aliases import default_aliases

    resolution = resolve(
        ((s.iri, s.records.papers) for s in sources),
        organizations=[(o, s.iri) for s in sources for a in s.records.artifacts for o in a.organizations],
        artifacts=[(n, k, s.iri) for s in sources for a in s.records.artifacts
                   for n, k in [(a.name, a.kind)] + [(d, "artifact") for d in a.dependencies]],
        aliases=default_aliases(vocab),
    )
    graph, evidence = build_graph(sources, resolution)
    report.triples = len(graph)
    return graph, resolution, evidence, report


@contextmanager
def _atomic(path: Path, mode: str = "w"):
    """Write to a temporary file beside `path`, then rename: a failed build keeps the old file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        text_options = {} if "b" in mode else {"encoding": "utf-8", "newline": "\n"}
        with os.fdopen(fd, mode, **text_options) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def build(
    inputs: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    vocab: Sequence[str] = (),
    extract: bool = True,
    html: bool = True,
    max_nodes: int = 500,
    update: bool = False,
    debug: bool = False,
) -> BuildReport:
    """Build the graph of `inputs` and write graph.ttl, graph.nq, graph.graphml, graph.html.

    With `update`, the documents of the earlier build in `out` are kept: unchanged
    inputs are skipped by content hash and a changed one replaces its own facts.
    """
    out_dir = Path(out)
    previous = load_sources(out_dir) if update else []
    graph, _resolution, _evidence, report, sources = build_in_memory(
        inputs, vocab=vocab, extract=extract, previous=previous, debug=debug)
    if not sources:
        return report  # nothing usable: leave any earlier outputs in `out` untouched
    out_dir.mkdir(parents=True, exist_ok=True)
    with _atomic(out_dir / "graph.ttl") as fh:
        write_turtle(graph, fh)
    with _atomic(out_dir / "graph.nq") as fh:
        write_nquads(graph, fh)
    view = to_networkx(graph)
    with _atomic(out_dir / "graph.graphml", "wb") as fh:
        write_graphml(view, fh)
    written = ["graph.ttl", "graph.nq", "graph.graphml"]
    if html:
        from kgraph.export.html import render_html

        page = render_html(view, title="kgraph", max_nodes=max_nodes)
        with _atomic(out_dir / "graph.html") as fh:
            fh.write(page)
        written.append("graph.html")
    write_store(out_dir, out_dir / "graph.nq")
    save_sources(out_dir, sources)
    report.outputs = [str(out_dir / f) for f in written]
    for _, data in view.nodes(data=True):
        report.nodes_by_type[data["type"]] += 1
    for _, _, k in view.edges(keys=True):
        report.edges_by_relation[local_name(k)] += 1
    return report
