"""Pass 1 of a build: find the inputs, sniff and read them, extract, spool, index.

Each document is hashed and sniffed here; small ones are read in this process,
large chunkable ones (the arXiv snapshot) become worker tasks (kgraph.workers).
Every record is spooled to disk and only its resolution keys are kept, in
document order, so the result depends neither on the input order nor on the engine.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kgraph.cache import SpooledSource
from kgraph.errors import InputError, KgraphError, UnsupportedInput
from kgraph.iris import document_iri
from kgraph.models import DocumentRecords, PaperRecord
from kgraph.progress import BuildProgress
from kgraph.report import BuildReport, Skipped
from kgraph.resolve import PaperKeys, ResolutionIndex, artifact_keys, paper_keys
from kgraph.sources.base import detect
from kgraph.sources.loading import discover, load_document, peek_document
from kgraph.workers import Task, run_records, run_tasks

__all__ = ["read_all", "index_keys", "CHUNK_THRESHOLD"]

#: Files at least this large are hashed in a stream and, when their reader can,
#: read in chunks by worker processes instead of being loaded whole.
CHUNK_THRESHOLD = 8 << 20

#: A chunked document is cut into about this many tasks (of 0.5 to 8 MB each): enough
#: that the workers finish together (a pool of two given four uneven chunks idled
#: one core for a tenth of pass 1; 16 chunks still left 0.1 s of one core idle at 20k
#: papers, and 32 made a 20k build about 5% faster), few enough that each task's fixed
#: cost is small.
CHUNKS_PER_DOCUMENT = 32


#: The last chunks of a document are this many times smaller: the pool's processes then
#: finish within a small chunk of each other (whichever ends first waits for the other).
TAPER = 4


def chunk_bytes(size: int) -> int:
    """The chunk size for a document of `size` bytes (it does not depend on the number
    of processes, so neither do the spools)."""
    return min(8 << 20, max(512 << 10, size // CHUNKS_PER_DOCUMENT))


def _tapered(fine: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Byte ranges cut TAPER times finer than chunk_bytes, joined TAPER at a time but for
    the last 2 * TAPER, which stay small."""
    head = max(0, len(fine) - 2 * TAPER)
    joined = [(fine[i][0], fine[min(i + TAPER, head) - 1][1], fine[i][2]) for i in range(0, head, TAPER)]
    return joined + fine[head:]


@dataclass
class _Planned:
    """One input document and how pass 1 will read it."""

    path: str
    content_hash: str
    reader: str = ""
    records: DocumentRecords | None = None  # already read in this process
    chunks: list[tuple[int, int, int]] | None = None  # read by tasks, in byte ranges
    cached: SpooledSource | None = None  # unchanged since the earlier build


def _plan(path: str, report: BuildReport, known: dict[str, SpooledSource], *, whole_in_tasks: bool,
          debug: bool) -> _Planned | None:
    """Hash and sniff one input; read it now unless it is large or going to a worker."""
    try:
        if os.path.isfile(path) and os.path.getsize(path) >= CHUNK_THRESHOLD:
            content_hash, head = peek_document(path)
            if content_hash in known:
                return _Planned(path, content_hash, cached=known[content_hash])
            reader, _ = detect(head)
            if reader is None:
                raise UnsupportedInput(path, "not in any supported layout or format (see `kgraph formats`)")
            if hasattr(reader, "chunks"):
                chunks = _tapered(reader.chunks(path, chunk_bytes(os.path.getsize(path)) // TAPER))
                return _Planned(path, content_hash, reader.name, chunks=chunks)
        doc = load_document(path)
        if doc.content_hash in known:
            return _Planned(path, doc.content_hash, cached=known[doc.content_hash])
        reader, _ = detect(doc.text)
        if reader is None:
            raise UnsupportedInput(path, "not in any supported layout or format (see `kgraph formats`)")
        if whole_in_tasks:
            return _Planned(path, doc.content_hash, reader.name)
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
    return _Planned(path, doc.content_hash, reader.name, records=records)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def index_keys(index: ResolutionIndex, doc: str, keys) -> None:
    if isinstance(keys, PaperKeys):
        index.add_keys(doc, keys)
    else:
        index.add_artifact_keys(doc, keys)


def read_all(
    inputs: Iterable[str | os.PathLike[str]],
    spool_dir: Path,
    index: ResolutionIndex,
    report: BuildReport,
    *,
    previous: Sequence[SpooledSource],
    vocab: Sequence[str],
    extract: bool,
    engine: str = "local",
    jobs: int | None = None,
    scheduler: str | None = None,
    progress: BuildProgress | None = None,
    meanwhile: Callable[[], None] | None = None,
    debug: bool,
) -> list[SpooledSource]:
    """Pass 1: read, extract and spool every input; index what resolution needs.

    Documents are taken in content-hash order, so the input order never matters.
    A document whose hash an earlier build (`previous`) already read is reused as
    is. Large chunkable documents (and, with the Dask engine, every document) are
    read by worker tasks; the keys come back and are indexed in document order.
    `meanwhile` is run by this process while local workers read (see run_tasks).
    """
    known = {s.content_hash: s for s in previous}
    planned: dict[str, _Planned] = {}
    for path, error in discover(inputs):
        if error is not None:
            report.skipped.append(Skipped(error.path, error.reason))
            continue
        plan = _plan(path, report, known, whole_in_tasks=engine == "dask", debug=debug)
        if plan is None:
            continue
        if plan.content_hash in planned:
            report.warnings.append(f"{path}: same content as {planned[plan.content_hash].path}; read once")
            continue
        planned[plan.content_hash] = plan
    read_paths = {p.path for p in planned.values()} | {s.path for s in report.skipped}
    for old in previous:  # documents of the earlier build that were not given again
        if old.content_hash not in planned and old.path not in read_paths:
            planned[old.content_hash] = _Planned(old.path, old.content_hash, cached=old)

    order = sorted(planned)
    tasks: list[Task] = []
    for content_hash in order:
        plan = planned[content_hash]
        if plan.cached is None and plan.records is None:
            ranges = plan.chunks if plan.chunks is not None else [None]
            for i, chunk in enumerate(ranges):
                tasks.append(Task(plan.path, plan.reader, str(spool_dir / f"{content_hash}.{i:05d}.jsonl"),
                                  tuple(vocab), extract, chunk))
    progress = progress or BuildProgress(enabled=False)
    progress.reading(sum(_size(planned[h].path) for h in order if planned[h].cached is None))
    results = run_tasks(tasks, engine=engine, jobs=jobs, scheduler=scheduler, meanwhile=meanwhile)
    sources: list[SpooledSource] = []
    for content_hash in order:
        plan = planned[content_hash]
        doc_iri = document_iri(content_hash)
        if plan.cached is not None:
            spools = []
            for i, old_spool in enumerate(plan.cached.spools):
                spools.append(str(spool_dir / f"{content_hash}.{i:05d}.jsonl"))
                shutil.copyfile(old_spool, spools[-1])
            src = SpooledSource(plan.path, content_hash, plan.cached.format, tuple(spools), plan.cached.owner)
            counts = []
            for k in range(len(spools)):
                counts.append(0)
                for rec in src.records_of(k):
                    paper = isinstance(rec, PaperRecord)
                    index_keys(index, doc_iri, paper_keys(rec) if paper else artifact_keys(rec))
                    counts[-1] += paper
                    report.reused_records += 1
            report.unchanged += 1
            sources.append(dataclasses.replace(src, papers=tuple(counts)))
            continue
        size = _size(plan.path)
        if plan.records is not None:
            spool = str(spool_dir / f"{content_hash}.00000.jsonl")
            parts = [run_records(plan.records, spool, vocab, extract)]
            spools = [spool]
            progress.read(size, 1, parts[0].papers + parts[0].artifacts)
        else:
            ranges = plan.chunks if plan.chunks is not None else [(0, size, 0)]
            parts = []
            for start, end, _ in ranges:
                parts.append(next(results))
                for keys in parts[-1].keys:  # index while the workers go on with the next chunks
                    index_keys(index, doc_iri, keys)
                parts[-1].keys = []
                progress.read(end - start, 0, parts[-1].papers + parts[-1].artifacts)
            progress.read(0, 1, 0)
            spools = [str(spool_dir / f"{content_hash}.{i:05d}.jsonl") for i in range(len(ranges))]
        fmt = parts[0].format or plan.reader
        owner = next((p.owner for p in parts if p.owner), None)
        records = sum(p.papers + p.artifacts for p in parts)
        warnings = [w for p in parts for w in p.warnings]
        if records == 0:
            report.skipped.append(Skipped(plan.path, f"{plan.reader}: no records found"
                                          + (f" ({warnings[0]})" if warnings else "")))
            continue
        for part in parts:
            for keys in part.keys:  # a document read in this process
                index_keys(index, doc_iri, keys)
        report.warnings.extend(f"{plan.path}: {w}" for w in warnings[:20])
        if len(warnings) > 20:
            report.warnings.append(f"{plan.path}: … and {len(warnings) - 20} more warnings like these")
        report.documents_by_format[fmt] += 1
        report.records += records
        sources.append(SpooledSource(plan.path, content_hash, fmt, tuple(spools), owner, tuple(p.papers for p in parts)))
    return sources
