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
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from kgraph.cache import SpooledSource
from kgraph.errors import DocumentError, InputError, KgraphError, UnsupportedInput
from kgraph.iris import document_iri
from kgraph.models import DocumentRecords, PaperRecord
from kgraph.plugins import READERS
from kgraph.progress import BuildProgress
from kgraph.report import BuildReport, Skipped
from kgraph.resolve_keys import add_keys, record_keys
from kgraph.resolve import ResolutionIndex
from kgraph.sources.base import detect
from kgraph.sources.compressed import MEMBER_SEP, container_of, unpack
from kgraph.sources.latex import unknown_commands_warning
from kgraph.sources.loading import discover, is_unicode, load_document, peek_document, peek_head
from kgraph.workers import Task, run_records, run_tasks

__all__ = ["read_all", "CHUNK_THRESHOLD"]

#: Files at least this large are hashed in a stream and, when their reader can,
#: read in chunks by worker processes instead of being loaded whole.
CHUNK_THRESHOLD = 8 << 20

#: A chunked document is cut into about this many tasks (of 0.5 to 8 MB each): enough
#: that the workers finish together (a pool of two given four uneven chunks idled
#: one core for a tenth of pass 1; 16 chunks still left 0.1 s of one core idle at 20k
#: papers, and 32 made a 20k build about 5% faster), few enough that each task's fixed
#: cost is small.
CHUNKS_PER_DOCUMENT = 32


def chunk_bytes(size: int) -> int:
    """The chunk size for a document of `size` bytes (it does not depend on the number
    of processes, so neither do the spools)."""
    return min(8 << 20, max(512 << 10, size // CHUNKS_PER_DOCUMENT))


@dataclass
class _Planned:
    """One input document and how pass 1 will read it."""

    path: str
    content_hash: str
    reader: str = ""
    records: DocumentRecords | None = None  # already read in this process
    chunks: list[tuple[int, int, int]] | None = None  # read by tasks, in byte ranges
    cached: SpooledSource | None = None  # unchanged since the earlier build
    reextract: bool = False  # the cached records, extracted anew (the extraction settings changed)
    paths: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (path, resolved) of these bytes
    file: str = ""  # where the bytes are read from: the path, or a compressed input's decompressed copy
    # BibTeX, read once the build's @string macros are known (kgraph.sources.bibtex.read_shared):
    text: str | None = None  # the text, until it is read
    defines: dict[str, str] | None = None  # the macros it defines
    used: dict[str, str | None] | None = None  # the macros of other files it used
    macros: tuple[tuple[str, str], ...] | None = None  # the other files' macros, for its worker task

    def __post_init__(self) -> None:
        self.file = self.file or self.path


def _plan(path: str, file: str, known_hash: str, report: BuildReport, known: dict[str, SpooledSource], *,
          whole_in_tasks: bool, named: bool, debug: bool) -> _Planned | None:
    """Hash and sniff one input; read it now unless it is large or going to a worker.
    `path` names the document, `file` holds its bytes (a decompressed copy of a compressed
    input, whose hash `known_hash` is then known already); `named`: the file was named
    on the command line (not found in a folder)."""
    try:
        try:
            return _plan_file(path, file, known_hash, report, known, whole_in_tasks=whole_in_tasks)
        except InputError as exc:
            raise _renamed(exc, file, path) from None
    except InputError as exc:
        note_unused(report, exc, named=named)
        return None
    except Exception as exc:  # a reader bug must not cost the user the other documents
        if debug or isinstance(exc, MemoryError):  # no memory is the machine's, not this document's
            raise
        report.skipped.append(Skipped(path, f"internal error while reading ({type(exc).__name__}: {exc})"))
        return None


def _plan_file(path: str, file: str, known_hash: str, report: BuildReport, known: dict[str, SpooledSource], *,
               whole_in_tasks: bool) -> _Planned | None:
    if os.path.isfile(file) and os.path.getsize(file) >= CHUNK_THRESHOLD:
        content_hash, head = (known_hash, peek_head(file)) if known_hash else peek_document(file)
        if content_hash in known:
            return _Planned(path, content_hash, cached=known[content_hash])
        reader, _ = detect(head)
        if reader is None:
            raise UnsupportedInput(path, "not in any supported layout or format (see `kgraph formats`)")
        if hasattr(reader, "chunks"):
            chunks = reader.chunks(file, chunk_bytes(os.path.getsize(file)))
            return _Planned(path, content_hash, reader.name, chunks=chunks, file=file)
    doc = load_document(file)
    if doc.content_hash in known:
        return _Planned(path, doc.content_hash, cached=known[doc.content_hash])
    reader, _ = detect(doc.text)
    if reader is None:
        raise UnsupportedInput(path, "not in any supported layout or format (see `kgraph formats`)")
    if not is_unicode(doc.encoding):  # once per file: the text may be wrong where the guess is
        report.warnings.append(f"{path}: not UTF-8; read as {doc.encoding}, the encoding its bytes suggest "
                               "(save it as UTF-8 to be sure)")
    if hasattr(reader, "read_shared"):  # read once every file's @string macros are known
        return _Planned(path, doc.content_hash, reader.name, text=doc.text, defines=reader.macros_of(doc.text),
                        file=file)
    if whole_in_tasks:
        return _Planned(path, doc.content_hash, reader.name, file=file)
    try:
        records = reader.read(doc.text)
    except DocumentError as exc:  # a reason complete in itself
        raise InputError(path, str(exc)) from None
    except (ValueError, KgraphError) as exc:
        raise InputError(path, f"{reader.name}: {exc}") from None
    if not records.papers and not records.artifacts and not records.stated_empty:
        report.skipped.append(Skipped(path, f"{reader.name}: no records found"))
        return None
    return _Planned(path, doc.content_hash, reader.name, records=records, file=file)


def _renamed(exc: InputError, file: str, path: str) -> InputError:
    """An error about the decompressed copy `file`, said of the document `path`."""
    if exc.path != file or file == path:
        return exc
    if isinstance(exc, UnsupportedInput):
        return UnsupportedInput(path, exc.reason, exc.summary)
    return InputError(path, exc.reason)


def note_unused(report: BuildReport, error: InputError, *, named: bool) -> None:
    """A file found in a folder that is in no supported format (a README, an image, a
    named pipe, a hidden file) is listed as ignored; one named on the command line, or
    one that looks like a supported format but could not be read, is skipped (exit 3)."""
    if isinstance(error, UnsupportedInput) and not named:
        report.ignored.append(Skipped(error.path, error.summary))
    else:
        report.skipped.append(Skipped(error.path, error.reason))


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def read_all(
    inputs: Iterable[str | os.PathLike[str]],
    spool_dir: Path,
    index: ResolutionIndex,
    report: BuildReport,
    *,
    previous: Sequence[SpooledSource],
    reuse: str = "records",
    changed: str = "",
    remove: Sequence[str] = (),
    vocab: Sequence[str],
    extract: bool,
    extractors: Sequence[str] = (),
    engine: str = "local",
    jobs: int | None = None,
    scheduler: str | None = None,
    progress: BuildProgress | None = None,
    meanwhile: Callable[[], None] | None = None,
    debug: bool,
) -> list[SpooledSource]:
    """Pass 1: read, extract and spool every input; index what resolution needs.

    Documents are taken in content-hash order, so the input order never matters;
    of files with the same bytes, the least path names the document. The documents
    of an earlier build (`previous`) stay unless a file at their resolved path is
    given again, they are named in `remove`, or their file is gone from a folder
    given again. Their records are reused as they are when `reuse` is "records";
    with "extraction" (the extraction settings changed: `changed` says which) they
    are extracted again, and documents given again are read again; with "nothing"
    (the reading changed) every document must be given again. Large chunkable
    documents (and, with the Dask engine, every document) are read by worker tasks;
    the keys come back and are indexed in document order. `meanwhile` is run by
    this process while local workers read (see run_tasks).
    """
    unpacked = spool_dir / "unpacked"  # decompressed copies of compressed inputs, for pass 1 only
    try:
        return _read_all(inputs, spool_dir, unpacked, index, report, previous=previous, reuse=reuse, changed=changed,
                         remove=remove, vocab=vocab, extract=extract, extractors=extractors, engine=engine, jobs=jobs,
                         scheduler=scheduler, progress=progress, meanwhile=meanwhile, debug=debug)
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)


def _read_all(inputs, spool_dir: Path, unpacked: Path, index: ResolutionIndex, report: BuildReport, *, previous,
              reuse, changed, remove, vocab, extract, extractors, engine, jobs, scheduler, progress, meanwhile,
              debug) -> list[SpooledSource]:
    inputs = list(inputs)
    removing = _removals(remove, previous)
    folders = {os.path.realpath(raw): str(raw) for raw in inputs if os.path.isdir(raw)}
    known = {s.content_hash: s for s in previous} if reuse == "records" else {}
    earlier = {s.content_hash for s in previous}
    planned: dict[str, _Planned] = {}
    given: set[str] = set()  # the resolved path of every file given, used or not
    seen: set[str] = set()
    named = {os.path.realpath(raw) for raw in inputs if not os.path.isdir(raw)}
    for path, error in discover(inputs):
        if path in seen:  # the same file named twice alike (a folder and a file in it)
            continue
        seen.add(path)
        real = os.path.realpath(path)
        given.add(real)
        if error is not None:
            note_unused(report, error, named=real in named)
            continue
        for doc in unpack(path, unpacked):
            doc_real = real + doc.name[len(path):]  # "!member" for a zip's member
            given.add(doc_real)
            if doc.error is not None:  # a member of a zip is like a file in a folder
                note_unused(report, doc.error, named=real in named and doc.name == path)
                continue
            plan = _plan(doc.name, doc.file, doc.content_hash, report, known, whole_in_tasks=engine == "dask",
                         named=real in named and doc.name == path, debug=debug)
            if plan is None:
                continue
            if plan.content_hash not in planned:
                planned[plan.content_hash] = plan
                report.refreshed += plan.content_hash in earlier and reuse != "records"
            planned[plan.content_hash].paths.append((doc.name, doc_real))
    for plan in planned.values():  # of files with the same bytes, the first path is read and named
        plan.paths.sort()
        plan.path = plan.paths[0][0]
        report.warnings.extend(f"{p}: same content as {plan.path}; read once" for p, _ in plan.paths[1:])
    for old in previous:  # the documents of the earlier build, unless given again or removed
        kept = []
        for path, real in ((old.path, old.real or os.path.realpath(old.path)), *old.also):
            if real in given:
                continue
            why = _removed(real, removing, folders, given)
            if why:
                report.removed.append(f"{path} ({why})")
            else:
                kept.append((path, real))
        if not kept:
            continue
        if old.content_hash in planned:  # the same bytes as a file given now
            planned[old.content_hash].paths.extend(kept)
            continue
        planned[old.content_hash] = _Planned(kept[0][0], old.content_hash, cached=old,
                                             reextract=reuse != "records", paths=kept)
        report.refreshed += reuse != "records"
    stuck = sorted(p.paths[0][0] for p in planned.values() if p.cached is not None and reuse == "nothing")
    if stuck:
        raise KgraphError(f"--update: {changed or 'the reading settings'} changed since the earlier build, so its "
                          f"records cannot be reused; {len(stuck)} of its documents were not given again ({', '.join(stuck[:3])}"
                          f"{', …' if len(stuck) > 3 else ''}): give them again, drop them with --remove, "
                          "or rebuild without --update")

    _share_macros(planned, report, in_tasks=engine == "dask", debug=debug)

    order = sorted(planned)
    tasks: list[Task] = []
    for content_hash in order:
        plan = planned[content_hash]
        if plan.cached is None and plan.records is None:
            ranges = plan.chunks if plan.chunks is not None else [None]
            for i, chunk in enumerate(ranges):
                tasks.append(Task(plan.file, plan.reader, str(spool_dir / f"{content_hash}.{i:05d}.jsonl"),
                                  tuple(vocab), extract, chunk, plan.macros, tuple(extractors)))
    progress = progress or BuildProgress(enabled=False)
    progress.reading(sum(_size(planned[h].file) for h in order if planned[h].cached is None))
    results = run_tasks(tasks, engine=engine, jobs=jobs, scheduler=scheduler, meanwhile=meanwhile)
    sources: list[SpooledSource] = []
    unknown_latex: Counter[str] = Counter()
    unknown_in = 0  # documents with unknown LaTeX commands
    for content_hash in order:
        plan = planned[content_hash]
        doc_iri = document_iri(content_hash)
        if plan.cached is not None:
            spools, counts = [], []
            for i, old_spool in enumerate(plan.cached.spools):
                spools.append(str(spool_dir / f"{content_hash}.{i:05d}.jsonl"))
                if plan.reextract:
                    part = _reextract(plan.cached, i, spools[-1], vocab, extract, extractors)
                    for keys in part.keys:
                        add_keys(index, doc_iri, keys)
                    counts.append(part.papers)
                    report.records += part.papers + part.artifacts
                    continue
                shutil.copyfile(old_spool, spools[-1])
                counts.append(0)
                for rec in plan.cached.records_of(i):
                    add_keys(index, doc_iri, record_keys(rec))
                    counts[-1] += isinstance(rec, PaperRecord)
                    report.reused_records += 1
            report.unchanged += not plan.reextract
            sources.append(_source(plan.paths, content_hash, plan.cached.format, spools, plan.cached.owner, counts,
                                   dict(plan.cached.macros), plan.cached.macros_used))
            continue
        size = _size(plan.file)
        if plan.records is not None:
            spool = str(spool_dir / f"{content_hash}.00000.jsonl")
            parts = [run_records(plan.records, spool, vocab, extract, extractors)]
            spools = [spool]
            progress.read(size, 1, parts[0].papers + parts[0].artifacts)
        else:
            ranges = plan.chunks if plan.chunks is not None else [(0, size, 0)]
            parts = []
            for start, end, _ in ranges:
                parts.append(next(results))
                for keys in parts[-1].keys:  # index while the workers go on with the next chunks
                    add_keys(index, doc_iri, keys)
                parts[-1].keys = []
                progress.read(end - start, 0, parts[-1].papers + parts[-1].artifacts)
            progress.read(0, 1, 0)
            spools = [str(spool_dir / f"{content_hash}.{i:05d}.jsonl") for i in range(len(ranges))]
        if all(p.error for p in parts):  # the reader refused the document in its task
            report.skipped.append(Skipped(plan.path, parts[0].error))
            continue
        for k, part in enumerate(parts):  # a chunk refused, the others read: say which part is missing
            if part.error:
                part.warnings.append(f"bytes {ranges[k][0]}-{ranges[k][1]} not read ({part.error})")
        fmt = parts[0].format or plan.reader
        owner = next((p.owner for p in parts if p.owner), None)
        records = sum(p.papers + p.artifacts for p in parts)
        warnings = [w for p in parts for w in p.warnings]
        used = plan.used if plan.records is not None else parts[0].macros_used
        # A file of @string macros is used (by the other .bib files), and so is an answer of no results.
        if records == 0 and not plan.defines and not any(p.stated_empty for p in parts):
            report.skipped.append(Skipped(plan.path, f"{plan.reader}: no records found"
                                          + (f" ({warnings[0]})" if warnings else "")))
            continue
        for part in parts:
            for keys in part.keys:  # a document read in this process
                add_keys(index, doc_iri, keys)
        report.warnings.extend(f"{plan.path}: {w}" for w in warnings[:20])
        if len(warnings) > 20:
            report.warnings.append(f"{plan.path}: … and {len(warnings) - 20} more warnings like these")
        report.documents_by_format[fmt] += 1
        report.records += records
        unknown = sum((Counter(p.unknown_latex) for p in parts), Counter())
        unknown_latex.update(unknown)
        unknown_in += bool(unknown)
        sources.append(_source(plan.paths, content_hash, fmt, spools, owner, [p.papers for p in parts],
                               plan.defines or {}, None if used is None else tuple(sorted(used.items()))))
    if (note := unknown_commands_warning(unknown_latex, unknown_in)) is not None:
        report.warnings.append(note)
    return sources


def _source(paths: list[tuple[str, str]], content_hash: str, fmt: str, spools: list[str],
            owner, papers: list[int], macros: dict[str, str] | None = None,
            macros_used: tuple[tuple[str, str | None], ...] | None = None) -> SpooledSource:
    """A document named by the least of its paths, whatever order they were given in."""
    (path, real), *also = sorted(paths)
    return SpooledSource(path, content_hash, fmt, tuple(spools), owner, tuple(papers), real, tuple(also),
                         tuple(sorted((macros or {}).items())), macros_used)


def _shares_macros(fmt: str) -> bool:
    try:
        return hasattr(READERS.get(fmt), "read_shared")
    except KeyError:
        return False


class _FellowMacros(Mapping[str, str]):
    """The build's @string macros as one document sees them: of a name several files
    define, the value of the file whose path sorts first, not counting the document
    itself. A view, not a copy: a build of many .bib files costs no table per file."""

    def __init__(self, first: dict[str, tuple[str, str]], second: dict[str, str], own: str) -> None:
        self._first, self._second, self._own = first, second, own

    def __getitem__(self, name: str) -> str:
        owner, value = self._first[name]
        return value if owner != self._own else self._second[name]

    def __iter__(self) -> Iterator[str]:
        return (name for name in self._first if name in self)

    def __contains__(self, name: object) -> bool:
        hit = self._first.get(name)  # type: ignore[call-overload]
        return hit is not None and (hit[0] != self._own or name in self._second)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _fellow_macros(planned: dict[str, _Planned]) -> Callable[[str], _FellowMacros]:
    """For a document (by content hash), the @string macros of the build's other
    BibTeX files (its own definitions win anyway, in the reader)."""
    table = []
    for content_hash, plan in planned.items():
        if plan.cached is not None and _shares_macros(plan.cached.format):
            table.append((min(plan.paths)[0] if plan.paths else plan.path, content_hash, dict(plan.cached.macros)))
        elif plan.cached is None and plan.defines is not None:
            table.append((min(plan.paths)[0] if plan.paths else plan.path, content_hash, plan.defines))
    table.sort()
    first: dict[str, tuple[str, str]] = {}  # name -> (content hash, value) of the first file defining it
    second: dict[str, str] = {}  # name -> the value of the next file defining it
    for _, content_hash, defines in table:
        for name, value in defines.items():
            if name not in first:
                first[name] = (content_hash, value)
            elif name not in second and first[name][0] != content_hash:
                second[name] = value
    return lambda content_hash: _FellowMacros(first, second, content_hash)


def _share_macros(planned: dict[str, _Planned], report: BuildReport, *, in_tasks: bool, debug: bool) -> None:
    """Read the BibTeX documents with the @string macros of their fellow files.

    A cached one is read again when a macro it took from another file has changed
    value (or become defined or undefined) since; with the Dask engine the macros go
    with its task. A document that fails is skipped, as in _plan.
    """
    fellow = _fellow_macros(planned)
    for content_hash, plan in planned.items():
        if plan.cached is None or not _shares_macros(plan.cached.format):
            continue
        used = plan.cached.macros_used
        shared = fellow(content_hash)
        if used is not None and all(shared.get(name) == value for name, value in used):
            continue
        try:
            doc = load_document(plan.file)
        except InputError:
            continue  # the file is gone: its records stay as they were
        if doc.content_hash != content_hash:
            continue
        plan.reader, plan.cached, plan.reextract = plan.cached.format, None, False
        plan.text, plan.defines = doc.text, dict(READERS.get(plan.reader).macros_of(doc.text))
    for content_hash in sorted(planned):
        plan = planned[content_hash]
        if plan.text is None:
            continue
        shared = fellow(content_hash)
        if in_tasks:
            plan.text, plan.macros = None, tuple(sorted(shared.items()))  # a task takes plain data
            continue
        reader = READERS.get(plan.reader)
        try:
            plan.records, plan.used = reader.read_shared(plan.text, shared)
        except (ValueError, KgraphError) as exc:
            report.skipped.append(Skipped(plan.path, f"{reader.name}: {exc}"))
            del planned[content_hash]
            continue
        except Exception as exc:  # a reader bug must not cost the user the other documents
            if debug or isinstance(exc, MemoryError):
                raise
            report.skipped.append(Skipped(plan.path, f"internal error while reading ({type(exc).__name__}: {exc})"))
            del planned[content_hash]
            continue
        plan.text = None
        if not plan.records.papers and not plan.records.artifacts and not plan.defines:
            report.skipped.append(Skipped(plan.path, f"{reader.name}: no records found"))
            del planned[content_hash]


def _removals(remove: Sequence[str], previous: Sequence[SpooledSource]) -> list[str]:
    """The resolved --remove paths; each must name a document (or a folder of documents) of the earlier build."""
    out = []
    for raw in remove:
        real = os.path.realpath(raw)
        reals = [r for s in previous for r in (s.real or os.path.realpath(s.path), *(a[1] for a in s.also))]
        if not any(r == real or r.startswith(real.rstrip(os.sep) + os.sep) or r.startswith(real + MEMBER_SEP)
                   for r in reals):
            raise KgraphError(f"--remove {raw}: no document of the earlier build has this path")
        out.append(real)
    return out


def _removed(real: str, removing: Sequence[str], folders: dict[str, str], given: set[str]) -> str:
    """Why the earlier build's document at `real` leaves the graph ("" when it stays)."""
    archive = container_of(real)
    for r in removing:
        if archive == r or real.startswith(r.rstrip(os.sep) + os.sep):
            return "--remove"
    if archive != real and archive in given:
        return f"no longer in {os.path.basename(archive)}"
    for folder, given_as in folders.items():
        if real.startswith(folder.rstrip(os.sep) + os.sep) and not os.path.lexists(real):
            return f"its file is gone from {given_as}"
    return ""


def _reextract(src: SpooledSource, k: int, spool: str, vocab: Sequence[str], extract: bool,
               extractors: Sequence[str]):
    """The k-th spool of an earlier build, its extraction done again under this build's settings.

    Readers set no mentions or relations, so a cached record without them is what the
    reader made (the reading settings are unchanged when this runs).
    """
    papers, artifacts = [], []
    for rec in src.records_of(k):
        if isinstance(rec, PaperRecord):
            rec.mentions, rec.relations = [], []
            papers.append(rec)
        else:
            artifacts.append(rec)
    records = DocumentRecords.model_construct(format=src.format, owner=src.owner, papers=papers,
                                              artifacts=artifacts, warnings=[])
    return run_records(records, spool, vocab, extract, extractors)
