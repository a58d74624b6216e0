"""Pass 2 of a build: spooled records -> graph blocks -> graph.ttl, graph.trig, graph.graphml, provenance.trig.

Papers are most of the work and each needs only the settled resolution, so the
spools are cut, in order, into parts that the building process and forked
workers (which inherit the resolution instead of receiving a copy) claim as
they go: the building process from the front, writing straight into the files,
the workers from the back, each part into its own pieces (see _Claims). A
worker sends back what needs all the parts: its counts, its page candidates,
the entity facts each part saw and the records of papers merged from several
records. The building process joins the pieces in part order and writes the
merged papers; then the entities, in IRI order, are cut into slices that are
claimed and written the same way. The files are the same whatever the number
of processes and whoever took which part.
"""

from __future__ import annotations

import heapq
import os
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kgraph import shapes as shape_checks
from kgraph.builder import EntityFacts, Evidence, GraphEmitter
from kgraph.cache import SpooledSource
from kgraph.explain_index import NODE_ROWS, node_row
from kgraph.export.graphml import GraphMLWriter
from kgraph.export.nxgraph import blocks_to_page_graph
from kgraph.export.pagegraph import PageGraph
from kgraph.export.provenance import EvidenceWriter
from kgraph.export.rdf import BlockWriter
from kgraph.fileio import open_text, splice
from kgraph.graph import IRI, Block
from kgraph.iris import ID_BASE
from kgraph.models import PaperRecord
from kgraph.report import BuildReport
from kgraph.resolve import Resolution
from kgraph.shapes import Findings, check_block
from kgraph.vocab import PROV, RDF

__all__ = ["write_graph", "stream_records", "in_background", "Tally", "PARALLEL_THRESHOLD", "PARALLEL_MAX_RECORDS"]

_RDF_TYPE = RDF.type
_DERIVED = PROV.wasDerivedFrom
_DERIVED_NAME = "wasDerivedFrom"

#: Below this many bytes of spooled records, pass 2 runs in the building process:
#: starting workers would cost more than it saves.
PARALLEL_THRESHOLD = 4 << 20

#: Parts of pass 2 per process: the processes claim them as they go (see _Claims), so
#: that one finishing early takes more, and a part is small enough that neither waits long.
#: At 20k papers 6 parts rather than 4 took the building process's wait for the worker's
#: last part from 0.21 to 0.16 s (means of 8 builds), but each new part's writers started
#: with cold caches and ate the gain; a worker's parts now share their writers' caches,
#: and writing took 0.08 s less (means of 10 alternating builds).
PARTS_PER_PROCESS = 6

#: Papers between two reports to the writing bar.
PROGRESS_STEP = 500

#: Above this many paper records pass 2 also runs in the building process alone. Each
#: worker touches most of the resolution it inherits, and every object it touches
#: gets its page copied: at 1M papers two workers took the build from about 5 GB to
#: 8.3 GB (proportional set size of all processes), past what a large build may use.
PARALLEL_MAX_RECORDS = 400_000


class Tally:
    """Counts for the report, the blocks the HTML page may show, and what the shapes found.

    A block's degree is known when it is emitted: nothing points at papers, and
    the entities come after every paper, with the edges between entities counted
    up front (count_edges is then off). So the page candidates are kept in a
    bounded heap: the most connected `budget` subjects, plus every source
    document for the hover cards.
    """

    def __init__(self, page_budget: int, *, check: bool = True) -> None:
        """`check`: run the SHACL shapes on each block (kgraph.shapes), into `findings`."""
        self.findings = Findings() if check else None
        self.triples = 0
        self.types: Counter = Counter()
        self.relations: Counter = Counter()
        self.degree: Counter = Counter()
        self.budget = page_budget
        self.heap: list[tuple[int, bytes, Block]] = []  # (degree, _reverse_key(subject), block)
        self.documents: list[Block] = []
        self.count_edges = True  # count edges into the in-degree of subjects still to come

    def block(self, block: Block, triples: int, types: list[str], edges: list[tuple[str, str]]) -> None:
        """Count one block, from what the writers found in it: the triples written,
        the node's types and its (target, relation) edges (kgraph.export.graphml),
        so that the block's facts are not gone through once more."""
        self.triples += triples
        kind = ""
        counts = self.types
        for kind in types:
            counts[kind] = counts.get(kind, 0) + 1
        out_degree = 0
        relations = self.relations
        degree = self.degree if self.count_edges else None  # in-degree of entities emitted later
        for target, relation in edges:
            relations[relation] = relations.get(relation, 0) + 1
            if relation != _DERIVED_NAME:
                out_degree += 1
                if degree is not None:
                    degree[target] = degree.get(target, 0) + 1
        if kind == "SourceDocument":
            self.documents.append(block)
        elif kind:
            degree = out_degree + self.degree.pop(block.subject, 0)
            heap = self.heap
            if len(heap) < self.budget or degree >= heap[0][0]:  # else it cannot win a place
                self._offer((degree, _reverse_key(block.subject), block))

    def __getstate__(self) -> dict:
        """A worker's tally goes back to the building process while that process waits:
        its in-degree counts travel as one string of IRIs and an array of counts, which
        pickle and unpickle in a few milliseconds (a dict of 23k strings took 0.04 s at 20k papers)."""
        state = self.__dict__.copy()
        state["degree"] = (_SEPARATOR.join(self.degree), array("q", self.degree.values()))
        return state

    def __setstate__(self, state: dict) -> None:
        names, counts = state["degree"]
        state["degree"] = Counter(dict(zip(names.split(_SEPARATOR), counts))) if counts else Counter()
        self.__dict__.update(state)

    def _offer(self, item: tuple[int, bytes, Block]) -> None:
        """Keep `item` if it is among the `budget` best (degree, then reverse IRI) seen; the
        keys are unique (a subject is emitted once), so blocks are never compared."""
        if len(self.heap) < self.budget:
            heapq.heappush(self.heap, item)
        elif item > self.heap[0]:
            heapq.heapreplace(self.heap, item)

    def absorb(self, other: Tally) -> None:
        """Add a part's counts and candidates (subjects are never shared between parts)."""
        self.triples += other.triples
        self.types.update(other.types)
        self.relations.update(other.relations)
        self.degree.update(other.degree)
        for item in other.heap:
            self._offer(item)
        self.documents.extend(other.documents)
        if self.findings is not None and other.findings is not None:
            self.findings.absorb(other.findings)

    def page_view(self, limit: int) -> PageGraph:
        """The `limit` best candidates (most edges in the whole graph, provenance left out,
        ties by IRI: the order in which `kgraph view` ranks them) and the source documents,
        as the page's view, edges to nodes outside them dropped."""
        candidates = [b for _, _, b in heapq.nlargest(limit, self.heap)] + self.documents
        keep = {b.subject for b in candidates}
        return blocks_to_page_graph(
            Block(block.subject, [(p, o, srcs) for p, o, srcs in block.facts
                                  if not (isinstance(o, IRI) and o.startswith(ID_BASE) and o not in keep)])
            for block in candidates)


#: Between the IRIs of a tally's in-degree counts in transit (no IRI holds a NUL).
_SEPARATOR = "\0"

#: Every byte complemented: UTF-8 bytes compare in code-point order, so complemented ones
#: compare in the reverse order.
_COMPLEMENT = bytes(255 - b for b in range(256))


def _reverse_key(iri: str) -> bytes:
    """A key that sorts in the reverse of `iri`'s order, so that among equal degrees the
    smaller IRI wins. Bytes compare in C: a str subclass with Python-level comparisons made
    the heap a tenth of the work of writing a paper. The closing 0xFF puts an IRI after the
    longer ones it starts (no complemented byte of an IRI is 0xFF: an IRI holds no NUL)."""
    return iri.encode("utf-8", "surrogatepass").translate(_COMPLEMENT) + b"\xff"


def stream_records(sources: Sequence[SpooledSource], emitter: GraphEmitter,
                   spools: Sequence[tuple[int, int]] | None = None,
                   progress: Callable[[int], None] | None = None) -> None:
    """Feed spooled records to `emitter`: every spool of `sources`, or the (source, spool) pairs given.
    `progress` is told, every PROGRESS_STEP papers and at the end, how many were written."""
    pairs = spools if spools is not None else [(i, k) for i, s in enumerate(sources) for k in range(len(s.spools))]
    papers = 0
    for i, k in pairs:
        src = sources[i]
        doc = src.iri
        for rec in src.records_of(k):
            if isinstance(rec, PaperRecord):
                emitter.paper(doc, rec)
                papers += 1
                if papers == PROGRESS_STEP and progress is not None:
                    progress(papers)
                    papers = 0
            else:
                emitter.artifact(doc, rec)
    if progress is not None and papers:
        progress(papers)


# ---------------------------------------------------------------- the files


class _Files:
    """The streaming writers over one set of files (the whole graph, or one part)."""

    def __init__(self, folder: Path, doc_paths: dict[str, str], tally: Tally, *, suffix: str = "",
                 header: bool = True, append: bool = False, like: _Files | None = None) -> None:
        """`append` continues the whole graph's files where they end (the first part of
        a parallel run, which needs no joining), instead of writing a piece. `like`: the
        files of this process's previous part, whose writers' caches are warm."""
        self.folder = folder
        self.append = append
        mode = "a" if append else "w"
        self.ttl = open_text(folder / f"graph.ttl{suffix}", mode)
        self.trig = open_text(folder / f"graph.trig{suffix}", mode)
        self.prov = open_text(folder / f"provenance.trig{suffix}", mode)
        self.nodes = open_text(folder / f"{NODE_ROWS}{suffix}", mode)  # for the explain index
        self.texts = ((self.ttl, "graph.ttl"), (self.trig, "graph.trig"), (self.prov, "provenance.trig"),
                      (self.nodes, NODE_ROWS))
        self.rdf = BlockWriter(self.ttl, self.trig, header=header, like=like.rdf if like else None)
        self.graphml = GraphMLWriter(folder / "graph.graphml", doc_paths,
                                     mode="in place" if append else "piece" if suffix else "whole",
                                     like=like.graphml if like else None)
        self.evidence = EvidenceWriter(self.prov, self.rdf, header=header)
        self.tally = tally
        self.shapes = shape_checks.default_shapes() if tally.findings is not None else None

    def emit(self, block: Block) -> None:
        triples = self.rdf.block(block)
        types, edges = self.graphml.block(block)
        tally = self.tally
        tally.block(block, triples, types, edges)
        self.nodes.write(node_row(block, len(types), edges))
        if tally.findings is not None:
            check_block(block, self.shapes, tally.findings)

    def flush(self) -> None:
        """Before a run of parts: the first parts append to these files themselves."""
        for fh, _ in self.texts:
            fh.flush()
        self.graphml.flush()

    def join(self, piece: _Piece) -> None:
        """Append a worker's piece of every file (and its counts) after what is written so far."""
        for fh, name in self.texts:
            if not piece.suffix:  # written in place as the run's first part: move past it
                fh.seek(0, os.SEEK_END)
                continue
            path = self.folder / f"{name}{piece.suffix}"
            fh.flush()
            with open(path, "rb") as src:
                splice(src, fh)
            os.unlink(path)
        self.graphml.insert(piece.graphml_body, piece.graphml_keys)
        if piece.tally is not None:
            self.tally.absorb(piece.tally)

    def close(self) -> None:
        for fh, _ in self.texts:
            fh.close()

    def abort(self) -> None:
        self.close()
        self.graphml.abort()


@dataclass
class _Part:
    """A run of consecutive spools, written by whichever process claims it."""

    number: int
    spools: list[tuple[int, int]]  # (source index, spool index)
    first_ref: int  # index of its first paper record among all paper records


@dataclass
class _Piece:
    """What one process wrote of one or more parts: its piece of each file, and what the
    building process needs of it."""

    suffix: str  # of its graph.ttl / graph.trig / provenance.trig pieces ("": appended in place)
    graphml_body: str
    graphml_keys: dict[str, str]
    tally: Tally | None  # None: counted in the tally of another piece of the same process
    entities: EntityFacts | None = None  # paper parts: what their papers said about entities
    merged: dict = field(default_factory=dict)  # paper parts: IRI -> [(doc, record)], papers of several records
    number: int = 0  # of its (first) part


def _plan_parts(sources: Sequence[SpooledSource], count: int, meet: float = 0.5) -> list[_Part]:
    """Split the spools, in order, into at most `count` runs, largest at the ends and
    smallest around `meet`, the share of the work the building process (taking parts
    from the front) is expected to do while the workers take them from the back. Where
    the two meet, whichever finishes first waits for the other's last part: small parts
    there keep that wait short, large ones elsewhere keep the parts few."""
    spools = [(i, k, os.path.getsize(path), papers)
              for i, s in enumerate(sources) for k, (path, papers) in enumerate(zip(s.spools, s.paper_counts()))]
    total = sum(size for _, _, size, _ in spools) or 1
    bounds = [total * b for b in _part_bounds(count, meet)]
    parts: list[_Part] = []
    ref = done = 0
    for i, k, size, papers in spools:
        if not parts or (len(parts) < count and done >= bounds[len(parts) - 1]):
            parts.append(_Part(len(parts), [], ref))
        parts[-1].spools.append((i, k))
        done += size
        ref += papers
    return parts


#: Each part is this much the size of the one before it, going towards where the processes meet.
PART_TAPER = 0.6


def _part_bounds(count: int, meet: float) -> list[float]:
    """Where parts 2..count start, as shares of the work (see _plan_parts)."""
    if count < 2:
        return []
    front = min(count - 1, max(1, round(count * meet)))
    weights = [PART_TAPER ** i for i in range(front)]
    sizes = [meet * w / sum(weights) for w in weights]
    weights = [PART_TAPER ** i for i in range(count - front)]
    sizes += [(1 - meet) * w / sum(weights) for w in reversed(weights)]
    bounds, done = [], 0.0
    for size in sizes[:-1]:
        done += size
        bounds.append(done)
    return bounds


# What the parts read (forked workers inherit it): set just before a run of parts, cleared after.
_SHARED: dict[str, object] = {}


def _piece_files(suffix: str, tally: Tally, like: _Files | None = None) -> _Files:
    """The files a part is written into: pieces to be joined, or for the parts the building
    process takes (suffix ""), the whole graph's files, appended to in place: nothing to copy."""
    return _Files(_SHARED["work"], _SHARED["doc_paths"], tally, suffix=suffix, header=False,  # type: ignore[arg-type]
                  append=not suffix, like=like)


def _finish_piece(files: _Files, suffix: str, number: int, tally: Tally | None, **extra) -> _Piece:
    files.close()
    body, keys = files.graphml.detach()
    return _Piece(suffix, body, keys, tally, number=number, **extra)


class _Claims:
    """Which parts are taken. The building process takes them from the front, so the run
    it writes in place is always the first parts; forked workers take them from the
    back. However fast each process turns out to be, they meet within a part of each
    other, instead of one waiting while the other finishes a fixed half."""

    def __init__(self, count: int, context=None) -> None:
        """`context`: the multiprocessing context the workers will be forked from (the
        counters then live in shared memory); None when this process writes every part."""
        if context is None:
            import threading

            self._lock = threading.Lock()
            self._ends = [0, count - 1]
        else:
            self._lock = context.Lock()
            self._ends = context.RawArray("l", [0, count - 1])  # next from the front, next from the back

    def front(self) -> int | None:
        with self._lock:
            k = self._ends[0]
            if k > self._ends[1]:
                return None
            self._ends[0] = k + 1
            return k

    def back(self) -> int | None:
        with self._lock:
            k = self._ends[1]
            if k < self._ends[0]:
                return None
            self._ends[1] = k - 1
            return k


def _write_front(write_part: Callable[[int, _Files], dict], tally: Tally) -> _Piece:
    """The building process: the parts it claims from the front, all into the files in place."""
    claims: _Claims = _SHARED["claims"]  # type: ignore[assignment]
    files = _piece_files("", tally)
    extra: dict = {}
    try:
        while (number := claims.front()) is not None:
            extra = write_part(number, files)
    except BaseException:
        files.abort()
        raise
    return _finish_piece(files, "", 0, tally, **extra)


def _write_back(write_part: Callable[[int, _Files], dict], tally: Tally) -> list[_Piece]:
    """A forked worker: the parts it claims from the back, each into its own pieces; its
    tally (one for all its parts) travels with the first piece."""
    claims: _Claims = _SHARED["claims"]  # type: ignore[assignment]
    pieces: list[_Piece] = []
    previous: _Files | None = None  # its last part's files, whose writers' caches are warm
    while (number := claims.back()) is not None:
        suffix = f".part{number}"
        files = previous = _piece_files(suffix, tally, like=previous)
        try:
            extra = write_part(number, files)
        except BaseException:
            files.abort()
            raise
        pieces.append(_finish_piece(files, suffix, number, None, **extra))
    pieces.reverse()  # claimed from the back: now in part order
    if pieces:
        pieces[0].tally = tally
    return pieces


def _paper_part(number: int, files: _Files) -> dict:
    """Write one paper part into `files`. The building process takes its parts in order
    and keeps one emitter for them, which gathers for all of them; a worker's part gets its
    own, started at the part's first record, and sends back what it gathered."""
    part: _Part = _SHARED["parts"][number]  # type: ignore[index]
    emitter: GraphEmitter | None = _SHARED.get("front_emitter")  # type: ignore[assignment]
    if files.append and emitter is not None:
        emitter.emit, emitter.evidence = files.emit, files.evidence.write
    else:
        emitter = GraphEmitter(_SHARED["resolution"], files.emit, files.evidence.write,  # type: ignore[arg-type]
                               first_ref=part.first_ref)
        if files.append:
            _SHARED["front_emitter"] = emitter
    progress = _SHARED.get("progress") if files.append else None  # only the building process draws the bar
    stream_records(_SHARED["sources"], emitter, part.spools, progress)  # type: ignore[arg-type]
    return {"entities": emitter.entities, "merged": emitter.merged_papers()}


def _entity_part(number: int, files: _Files) -> dict:
    """Write one slice of the entity rows into `files` with the emitter every process
    inherited."""
    emitter: GraphEmitter = _SHARED["emitter"]  # type: ignore[assignment]
    emitter.emit, emitter.evidence = files.emit, files.evidence.write  # entities carry evidence too (explanations)
    emitter.emit_entities(_SHARED["slices"][number])  # type: ignore[index]
    return {}


def _entity_tally() -> Tally:
    tally = Tally(_SHARED["budget"], check=_SHARED["check"])  # type: ignore[arg-type]
    # Every in-degree, known now. Each process pops its own subjects' counts: the slices
    # are disjoint, and the workers were forked with the counter whole.
    tally.degree = _SHARED["degree"]  # type: ignore[assignment]
    tally.count_edges = False
    return tally


def _paper_worker(_: int) -> list[_Piece]:
    return _write_back(_paper_part, Tally(_SHARED["budget"], check=_SHARED["check"]))  # type: ignore[arg-type]


def _entity_worker(_: int) -> list[_Piece]:
    tally = _entity_tally()
    pieces = _write_back(_entity_part, tally)
    tally.degree = Counter()  # the shared counter need not travel back
    return pieces


def _share_out(count: int, jobs: int, front: Callable[[], _Piece], worker: Callable[[int], list[_Piece]],
               shared: dict[str, object]) -> list[_Piece]:
    """Write `count` parts with this process (`front`) and jobs - 1 forked workers
    (`worker`), all claiming parts until none is left; the pieces come back in part order.
    Without fork, or with one job, this process writes them all."""
    import gc
    import multiprocessing

    _SHARED.update(shared)
    try:
        if jobs < 2 or count < 2 or "fork" not in multiprocessing.get_all_start_methods():
            _SHARED["claims"] = _Claims(count)
            return [front()]
        from concurrent.futures import ProcessPoolExecutor

        from kgraph.workers import die_with_parent

        context = multiprocessing.get_context("fork")
        _SHARED["claims"] = _Claims(count, context)

        # Everything inherited (the resolution above all) leaves the garbage collector's
        # view: a collection in a worker would otherwise walk it all and copy every page.
        gc.freeze()
        try:
            with ProcessPoolExecutor(max_workers=jobs - 1, mp_context=context,
                                     initializer=die_with_parent) as pool:
                others = [pool.submit(worker, i) for i in range(jobs - 1)]  # forked before we start
                pieces = [front()]
                for future in others:
                    pieces += future.result()
        finally:
            gc.unfreeze()
        pieces.sort(key=lambda piece: piece.number)  # stable: this process's piece (number 0) stays first
        return pieces
    finally:
        _SHARED.clear()


def write_graph(work: Path, sources: list[SpooledSource], resolution: Resolution, report: BuildReport, *,
                max_nodes: int, jobs: int | None = None, progress: Callable[[int], None] | None = None,
                check: bool = True) -> Tally:
    """Pass 2 into graph.ttl, graph.trig, graph.graphml and provenance.trig in `work`.

    `jobs` processes (default: one per core; just this one for small builds and,
    to bound memory, for very large ones) write the papers, then the entities; this
    process writes the papers merged from several records in between, and joins the
    pieces in order. `progress` is told how many papers each written stretch held:
    as this process writes them, and for a worker's part when it is joined. `check`: run
    the SHACL shapes on every block as it is written, into the returned tally's findings.
    """
    doc_paths = {s.iri: s.path for s in sources}
    spooled = sum(os.path.getsize(p) for s in sources for p in s.spools)
    large = len(resolution.roots) > PARALLEL_MAX_RECORDS
    jobs = (jobs or os.cpu_count() or 1) if PARALLEL_THRESHOLD <= spooled and not large else 1
    budget = 2 * max_nodes
    shared = {"work": work, "doc_paths": doc_paths, "budget": budget, "check": check}
    tally = Tally(budget, check=check)
    files = _Files(work, doc_paths, tally)
    try:
        emitter = GraphEmitter(resolution, files.emit, files.evidence.write)
        for src in sources:
            emitter.document(src)
        parts = _plan_parts(sources, jobs * PARTS_PER_PROCESS if jobs > 1 else 1, meet=1 / jobs)
        files.flush()
        front_tally = Tally(budget, check=check)
        shared_papers = {**shared, "parts": parts, "sources": sources, "resolution": resolution,
                         "progress": progress}
        for piece in _share_out(len(parts), jobs, lambda: _write_front(_paper_part, front_tally), _paper_worker,
                                shared_papers):
            files.join(piece)
            if piece.suffix and progress is not None:  # a worker's part: its papers are written now
                progress(_papers_of(sources, parts[piece.number]))
            if piece.entities is not None:  # None: the building process found no part left to take
                emitter.entities.absorb(piece.entities)
            emitter.add_merged(piece.merged)
        emitter.emit_merged_papers()
        tally.degree.update(emitter.entity_edge_targets())
        tally.count_edges = False  # every in-degree is known now
        rows = emitter.entity_rows()
        if jobs > 1:
            slices = _cut(rows, [emitter.row_weight(row) for row in rows], jobs * PARTS_PER_PROCESS)
            files.flush()
            shared_entities = {**shared, "emitter": emitter, "slices": slices, "degree": tally.degree}

            def entity_front() -> _Piece:
                entity_tally = _entity_tally()
                piece = _write_front(_entity_part, entity_tally)
                entity_tally.degree = Counter()
                return piece

            for piece in _share_out(len(slices), jobs, entity_front, _entity_worker, shared_entities):
                files.join(piece)
        else:
            emitter.emit_entities(rows)
    except BaseException:
        files.abort()
        _remove_pieces(work)
        raise
    files.close()
    files.graphml.close()  # the header into the room kept for it: no copy of the body
    report.triples = tally.triples
    report.nodes_by_type = tally.types
    report.edges_by_relation = tally.relations
    tally.degree.clear()  # only the page candidates are needed from here on
    return tally


def _papers_of(sources: Sequence[SpooledSource], part: _Part) -> int:
    return sum(sources[i].paper_counts()[k] for i, k in part.spools)


def _cut(rows: list, weights: list[int], parts: int) -> list[list]:
    """`rows` cut, in order, into `parts` slices of about equal total weight."""
    total = sum(weights) or 1
    slices: list[list] = [[] for _ in range(parts)]
    done = 0
    for row, weight in zip(rows, weights):
        slices[min(parts - 1, done * parts // total)].append(row)
        done += weight
    return slices


def in_background(job: Callable[[], None]) -> Callable[[], None]:
    """Start `job` in a thread; the function returned waits for it and re-raises its error.

    For work that releases the GIL (copying files with sendfile, a store's bulk
    load), so that the building thread can go on meanwhile.
    """
    import threading

    error: list[BaseException] = []

    def run() -> None:
        try:
            job()
        except BaseException as exc:  # re-raised by the waiting thread
            error.append(exc)

    thread = threading.Thread(target=run, name="kgraph-background")
    thread.start()

    def wait() -> None:
        thread.join()
        if error:
            raise error[0]

    return wait


def _remove_pieces(work: Path) -> None:
    for piece in work.glob("*.trig.*"):
        piece.unlink()
    for piece in work.glob("graph.ttl.*"):
        piece.unlink()
    for piece in work.glob("*.body"):
        piece.unlink()
    for piece in work.glob(f"{NODE_ROWS}*"):
        piece.unlink()


def assemble(sources: Sequence[SpooledSource], emit: Callable[[Block], None], *,
             evidence: Callable[[Evidence], None] | None = None, resolution: Resolution | None = None,
             vocab: Sequence[str] = ()) -> Resolution:
    """Pass 2 in this process, into `emit` (an in-memory graph: notebooks, tests, explain).

    Without a `resolution`, one is first computed from the spools.
    """
    if resolution is None:
        from kgraph.aliases import default_aliases
        from kgraph.reading import index_keys
        from kgraph.resolve import ResolutionIndex, artifact_keys, paper_keys

        index = ResolutionIndex(default_aliases(vocab))
        for src in sources:
            for rec in src.records():
                index_keys(index, src.iri, paper_keys(rec) if isinstance(rec, PaperRecord) else artifact_keys(rec))
        resolution = index.finish()
    emitter = GraphEmitter(resolution, emit, evidence)
    for src in sources:
        emitter.document(src)
    stream_records(sources, emitter)
    emitter.finish()
    return resolution
