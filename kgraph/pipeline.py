"""The build, end to end: sources -> records -> extraction -> resolution -> graph -> files.

Two passes keep memory flat however many papers come in:

1. every document is read (sniffed by content), its records run through the
   extractors and spooled to disk, while a ResolutionIndex keeps only identifiers,
   abstract sketches and names;
2. resolution is settled, then the spooled records stream back through the graph
   emitter, whose blocks go straight to the Turtle, N-Quads and GraphML writers.

Outputs are written into a work folder inside DIR and renamed into place at the
end, so a failed or interrupted build leaves the previous outputs intact. A
document that cannot be used is reported (file and reason) and skipped; it never
stops the others.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kgraph.builder import Evidence, GraphEmitter
from kgraph.cache import CACHE_DIR, SpooledSource, SpoolWriter, load_sources, save_manifest
from kgraph.errors import InputError, KgraphError, UnsupportedInput
from kgraph.export.graphml import GraphMLWriter
from kgraph.export.nxgraph import local_name
from kgraph.export.rdf import NQuadsWriter, TurtleWriter
from kgraph.graph import IRI, Block, Collection, KnowledgeGraph
from kgraph.iris import ID_BASE
from kgraph.models import ArtifactRecord, PaperRecord
from kgraph.resolve import Resolution, ResolutionIndex
from kgraph.sources.base import detect
from kgraph.sources.loading import discover, load_document
from kgraph.vocab import NS

__all__ = ["BuildReport", "Skipped", "build", "build_in_memory", "assemble", "OUTPUT_FILES"]

OUTPUT_FILES = ("graph.ttl", "graph.nq", "graph.graphml", "graph.html")
_RDF_TYPE = NS["rdf"] + "type"
_DERIVED = NS["prov"] + "wasDerivedFrom"


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


# ---------------------------------------------------------------- pass 1


def _records_of(path: str, report: BuildReport, debug: bool):
    """(content hash, format, owner, warnings, record iterator) of one input, or None if skipped."""
    try:
        doc = load_document(path)
        reader, _score = detect(doc.text)
        if reader is None:
            raise UnsupportedInput(path, "not in any supported layout or format (see `kgraph formats`)")
        try:
            records = reader.read(doc.text)
        except (ValueError, KgraphError) as exc:
            raise InputError(path, f"{reader.name}: {exc}") from None
    except InputError as exc:
        report.skipped.append(Skipped(exc.path, exc.reason))
        return None
    except Exception as exc:  # a reader bug must not cost the user the other documents
        if debug:
            raise
        report.skipped.append(Skipped(path, f"internal error while reading ({type(exc).__name__}: {exc})"))
        return None
    if not records.papers and not records.artifacts:
        report.skipped.append(Skipped(path, f"{reader.name}: no records found"))
        return None
    stream: Iterable[PaperRecord | ArtifactRecord] = [*records.papers, *records.artifacts]
    return doc.content_hash, records.format, records.owner, records.warnings, stream


def _extractor(vocab: Sequence[str], enabled: bool) -> Callable[[PaperRecord], None]:
    """A function that fills a record's mentions and relations (or does nothing)."""
    if not enabled:
        return lambda rec: None
    try:
        from kgraph.extract import extract_record, load_vocabulary
    except ImportError:
        return lambda rec: None
    vocabulary = load_vocabulary(paths=tuple(vocab))

    def run(rec: PaperRecord) -> None:
        mentions, relations = extract_record(rec, vocabulary=vocabulary)
        rec.mentions = list(mentions)
        rec.relations = list(relations)

    return run


def _index(index: ResolutionIndex, doc: str, rec: PaperRecord | ArtifactRecord) -> None:
    if isinstance(rec, PaperRecord):
        index.add_paper(doc, rec)
    else:
        index.add_artifact(doc, rec)


def _read_all(
    inputs: Iterable[str | os.PathLike[str]],
    spool_dir: Path,
    index: ResolutionIndex,
    report: BuildReport,
    *,
    previous: Sequence[SpooledSource],
    vocab: Sequence[str],
    extract: bool,
    debug: bool,
) -> list[SpooledSource]:
    """Pass 1: read, extract and spool every input; index what resolution needs.

    Documents are taken in content-hash order, so the input order never matters.
    A document whose hash an earlier build (`previous`) already read is reused as is.
    """
    known = {s.content_hash: s for s in previous}
    found: dict[str, tuple[str, tuple | SpooledSource]] = {}
    for path, error in discover(inputs):
        if error is not None:
            report.skipped.append(Skipped(error.path, error.reason))
            continue
        loaded = _records_of(path, report, debug)
        if loaded is None:
            continue
        content_hash = loaded[0]
        if content_hash in found:
            report.warnings.append(f"{path}: same content as {found[content_hash][0]}; read once")
            continue
        found[content_hash] = (path, known.get(content_hash) or loaded)
    read_paths = set(p for p, _ in found.values()) | {s.path for s in report.skipped}
    for old in previous:  # documents of the earlier build that were not read again
        if old.content_hash not in found and old.path not in read_paths:
            found[old.content_hash] = (old.path, old)

    run_extractors = _extractor(vocab, extract)
    sources: list[SpooledSource] = []
    for content_hash in sorted(found):
        path, item = found[content_hash]
        spool = spool_dir / f"{content_hash}.jsonl"
        if isinstance(item, SpooledSource):
            shutil.copyfile(item.spool, spool)
            src = SpooledSource(path, content_hash, item.format, str(spool), item.owner)
            for rec in src.records():
                _index(index, src.iri, rec)
            report.unchanged += 1
            sources.append(src)
            continue
        _, fmt, owner, warnings, records = item
        src = SpooledSource(path, content_hash, fmt, str(spool), owner)
        writer = SpoolWriter(spool)
        try:
            for rec in records:
                if isinstance(rec, PaperRecord):
                    run_extractors(rec)
                _index(index, src.iri, rec)
                writer.write(rec)
        finally:
            writer.close()
        report.warnings.extend(f"{path}: {w}" for w in warnings)
        report.documents_by_format[fmt] += 1
        report.records += writer.papers + writer.artifacts
        sources.append(src)
    return sources


# ---------------------------------------------------------------- pass 2


def assemble(
    sources: Sequence[SpooledSource],
    emit: Callable[[Block], None],
    *,
    evidence: Callable[[Evidence], None] | None = None,
    resolution: Resolution | None = None,
    vocab: Sequence[str] = (),
) -> Resolution:
    """Pass 2: stream the spooled records through the graph emitter into `emit`.

    Without a `resolution`, one is first computed from the spools (explain uses this).
    """
    if resolution is None:
        index = ResolutionIndex(_aliases(vocab))
        for src in sources:
            for rec in src.records():
                _index(index, src.iri, rec)
        resolution = index.finish()
    emitter = GraphEmitter(resolution, emit, evidence)
    for src in sources:
        emitter.document(src)
        for rec in src.records():
            if isinstance(rec, PaperRecord):
                emitter.paper(src.iri, rec)
            else:
                emitter.artifact(src.iri, rec)
    emitter.finish()
    return resolution


def _aliases(vocab: Sequence[str]):
    from kgraph.aliases import default_aliases

    return default_aliases(vocab)


class _Tally:
    """Counts for the report, and node degrees for choosing what the HTML page shows."""

    def __init__(self) -> None:
        self.triples = 0
        self.types: Counter = Counter()
        self.relations: Counter = Counter()
        self.degree: Counter = Counter()
        self.node_type: dict[str, str] = {}

    def block(self, block: Block) -> None:
        for p, o, _ in block.facts:
            self.triples += 2 * len(o.items) + 1 if isinstance(o, Collection) else 1
            if p == _RDF_TYPE:
                t = local_name(o)
                self.types[t] += 1
                self.node_type[block.subject] = t
            elif isinstance(o, IRI) and o.startswith(ID_BASE):
                self.relations[local_name(p)] += 1
                if p != _DERIVED:
                    self.degree[block.subject] += 1
                    self.degree[o] += 1


# ---------------------------------------------------------------- entry points


def build_in_memory(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    vocab: Sequence[str] = (),
    extract: bool = True,
    debug: bool = False,
) -> tuple[KnowledgeGraph, Resolution, list[Evidence], BuildReport]:
    """The whole build into a KnowledgeGraph, for notebooks and tests (small inputs)."""
    report = BuildReport()
    work = Path(tempfile.mkdtemp(prefix="kgraph-"))
    try:
        index = ResolutionIndex(_aliases(vocab))
        sources = _read_all(inputs, work, index, report, previous=(), vocab=vocab, extract=extract, debug=debug)
        graph = KnowledgeGraph()
        evidence: list[Evidence] = []
        resolution = assemble(sources, graph.add_block, evidence=evidence.append, resolution=index.finish())
        report.triples = len(graph)
        return graph, resolution, evidence, report
    finally:
        shutil.rmtree(work, ignore_errors=True)


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
    """Build the graph of `inputs` and write graph.ttl, graph.nq, graph.graphml, graph.html
    and the SPARQL store into `out`.

    With `update`, the documents of the earlier build in `out` are kept: unchanged
    inputs are skipped by content hash and a changed one replaces its own facts.
    """
    out_dir = Path(out)
    previous = load_sources(out_dir) if update else []
    report = BuildReport()
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".kgraph-build-", dir=out_dir))
    try:
        index = ResolutionIndex(_aliases(vocab))
        spool_dir = work / CACHE_DIR / "records"
        spool_dir.mkdir(parents=True)
        sources = _read_all(inputs, spool_dir, index, report, previous=previous, vocab=vocab,
                            extract=extract, debug=debug)
        if not sources:
            return report  # nothing usable: leave any earlier outputs in `out` untouched
        written = _write_outputs(work, sources, index.finish(), report, html=html, max_nodes=max_nodes)
        save_manifest(work / CACHE_DIR, sources)
        _move_into_place(work, out_dir, written + [CACHE_DIR])
        report.outputs = [str(out_dir / f) for f in written if f != "store"]
        return report
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _write_outputs(work: Path, sources: list[SpooledSource], resolution: Resolution, report: BuildReport,
                   *, html: bool, max_nodes: int) -> list[str]:
    """Pass 2 into the three streaming writers, then the store and the HTML page."""
    from kgraph.export.provenance import EvidenceWriter
    from kgraph.store import write_store

    doc_paths = {s.iri: s.path for s in sources}
    tally = _Tally()
    with open(work / "graph.ttl", "w", encoding="utf-8", newline="\n") as ttl, \
            open(work / "graph.nq", "w", encoding="utf-8", newline="\n") as nq, \
            open(work / "provenance.nq", "w", encoding="utf-8", newline="\n") as prov:
        turtle, nquads = TurtleWriter(ttl), NQuadsWriter(nq)
        graphml = GraphMLWriter(work / "graph.graphml", doc_paths)
        evidence = EvidenceWriter(prov)

        def emit(block: Block) -> None:
            turtle.block(block)
            nquads.block(block)
            graphml.block(block)
            tally.block(block)

        try:
            assemble(sources, emit, evidence=evidence.write, resolution=resolution)
        except BaseException:
            graphml.abort()
            raise
        graphml.close()
    report.triples = tally.triples
    report.nodes_by_type = tally.types
    report.edges_by_relation = tally.relations
    write_store(work, work / "graph.nq")
    written = ["graph.ttl", "graph.nq", "graph.graphml", "provenance.nq", "store"]
    if html:
        from kgraph.export.html import render_html
        from kgraph.export.subgraph import view_from_store

        view = view_from_store(work / "store", tally, doc_paths, max_nodes=max_nodes)
        (work / "graph.html").write_text(render_html(view, title="kgraph", max_nodes=max_nodes),
                                         encoding="utf-8", newline="\n")
        written.append("graph.html")
    return written


def _move_into_place(work: Path, out_dir: Path, names: Sequence[str]) -> None:
    """Rename each finished output over its predecessor (folders are swapped whole)."""
    for name in names:
        src, dst = work / name, out_dir / name
        if src.is_dir():
            old = out_dir / f".{name}.old"
            shutil.rmtree(old, ignore_errors=True)
            if dst.exists():
                dst.rename(old)
            src.rename(dst)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(src, dst)
