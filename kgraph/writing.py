"""Pass 2 of a build: spooled records -> graph blocks -> graph.ttl, graph.nq, graph.graphml, provenance.nq.

Papers are most of the work and each needs only the settled resolution, so the
spools are shared out, in order, among forked worker processes (which inherit
the resolution instead of receiving a copy). Each part writes its own piece of
every file and sends back what needs all the parts: its counts, its page
candidates, the entity facts it saw and the records of papers merged from
several records. The building process joins the pieces in part order and appends the
remaining papers and then the entities, so the files are the same whatever
the number of processes.
"""

from __future__ import annotations

import heapq
import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kgraph.builder import Evidence, GraphEmitter
from kgraph.cache import SpooledSource
from kgraph.export.graphml import GraphMLWriter
from kgraph.export.nxgraph import local_name
from kgraph.export.provenance import EvidenceWriter
from kgraph.export.rdf import NQuadsWriter, TurtleWriter, turtle_header
from kgraph.fileio import splice
from kgraph.graph import IRI, Block, Collection, KnowledgeGraph
from kgraph.iris import ID_BASE
from kgraph.models import PaperRecord
from kgraph.report import BuildReport
from kgraph.resolve import Resolution
from kgraph.vocab import NS

__all__ = ["write_graph", "stream_records", "Tally", "PARALLEL_THRESHOLD"]

_RDF_TYPE = NS["rdf"] + "type"
_DERIVED = NS["prov"] + "wasDerivedFrom"

#: Below this many bytes of spooled records, pass 2 runs in the building process:
#: starting workers would cost more than it saves.
PARALLEL_THRESHOLD = 4 << 20


class Tally:
    """Counts for the report, and the blocks the HTML page may show.

    A block's degree is final when it is emitted (papers come first and nothing
    points at them; entities come last, after every edge into them), so the page
    candidates are kept in a bounded heap: the most connected `budget` subjects,
    plus every source document for the hover cards.
    """

    def __init__(self, page_budget: int) -> None:
        self.triples = 0
        self.types: Counter = Counter()
        self.relations: Counter = Counter()
        self.degree: Counter = Counter()
        self.budget = page_budget
        self.heap: list[tuple[int, _Rev, Block]] = []
        self.documents: list[Block] = []

    def block(self, block: Block) -> None:
        kind = ""
        out_degree = 0
        for p, o, _ in block.facts:
            self.triples += 2 * len(o.items) + 1 if isinstance(o, Collection) else 1
            if p == _RDF_TYPE:
                kind = local_name(o)
                self.types[kind] += 1
            elif isinstance(o, IRI) and o.startswith(ID_BASE):
                self.relations[local_name(p)] += 1
                if p != _DERIVED:
                    out_degree += 1
                    self.degree[o] += 1  # in-degree of an entity emitted later
        if kind == "SourceDocument":
            self.documents.append(block)
        elif kind:
            self._offer((out_degree + self.degree.pop(block.subject, 0), _Rev(block.subject), block))

    def _offer(self, item: tuple[int, _Rev, Block]) -> None:
        if len(self.heap) < self.budget:
            heapq.heappush(self.heap, item)
        elif item[:2] > self.heap[0][:2]:
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

    def page_view(self):
        """The candidates as a networkx view, edges to nodes outside them dropped."""
        from kgraph.export.nxgraph import to_networkx

        candidates = [b for _, _, b in sorted(self.heap, key=lambda item: item[1])] + self.documents
        keep = {b.subject for b in candidates}
        graph = KnowledgeGraph()
        for block in candidates:
            facts = [(p, o, srcs) for p, o, srcs in block.facts
                     if not (isinstance(o, IRI) and o.startswith(ID_BASE) and o not in keep)]
            graph.add_block(Block(block.subject, facts))
        return to_networkx(graph)


class _Rev(str):
    """A string that sorts in reverse, so that among equal degrees the smaller IRI wins."""

    __slots__ = ()

    def __lt__(self, other: str) -> bool:
        return str.__gt__(self, other)

    def __gt__(self, other: str) -> bool:
        return str.__lt__(self, other)


def stream_records(sources: Sequence[SpooledSource], emitter: GraphEmitter,
                   spools: Sequence[tuple[int, int]] | None = None,
                   on_record: Callable[[], None] | None = None) -> None:
    """Feed spooled records to `emitter`: every spool of `sources`, or the (source, spool) pairs given."""
    pairs = spools if spools is not None else [(i, k) for i, s in enumerate(sources) for k in range(len(s.spools))]
    for i, k in pairs:
        src = sources[i]
        doc = src.iri
        for rec in src.records_of(k):
            if isinstance(rec, PaperRecord):
                emitter.paper(doc, rec)
            else:
                emitter.artifact(doc, rec)
            if on_record is not None:
                on_record()


# ---------------------------------------------------------------- the files


class _Files:
    """The four streaming writers over one set of files (the whole graph, or one part)."""

    def __init__(self, folder: Path, doc_paths: dict[str, str], tally: Tally, *, suffix: str = "",
                 header: bool = True, mode: str = "w") -> None:
        self.folder = folder
        self.ttl = open(folder / f"graph.ttl{suffix}", mode, encoding="utf-8", newline="\n")
        self.nq = open(folder / f"graph.nq{suffix}", mode, encoding="utf-8", newline="\n")
        self.prov = open(folder / f"provenance.nq{suffix}", mode, encoding="utf-8", newline="\n")
        self.turtle = TurtleWriter(self.ttl, header=header)
        self.nquads = NQuadsWriter(self.nq)
        self.graphml = GraphMLWriter(folder / "graph.graphml", doc_paths)
        self.evidence = EvidenceWriter(self.prov)
        self.tally = tally

    def emit(self, block: Block) -> None:
        self.turtle.block(block)
        self.nquads.block(block)
        self.graphml.block(block)
        self.tally.block(block)

    def close(self) -> None:
        for fh in (self.ttl, self.nq, self.prov):
            fh.close()

    def abort(self) -> None:
        self.close()
        self.graphml.abort()


@dataclass
class _Part:
    """A run of consecutive spools, written by one process."""

    number: int
    spools: list[tuple[int, int]]  # (source index, spool index)
    first_ref: int  # index of its first paper record among all paper records


@dataclass
class _PartResult:
    number: int
    graphml_body: str = ""
    graphml_keys: dict[str, str] = field(default_factory=dict)
    tally: Tally | None = None
    entities: object = None  # builder.EntityFacts
    merged: dict = field(default_factory=dict)  # IRI -> [(doc, record)], papers of several records


def _plan_parts(sources: Sequence[SpooledSource], jobs: int) -> list[_Part]:
    """Split the spools, in order, into at most `jobs` runs of about equal size."""
    spools = [(i, k, os.path.getsize(path), papers)
              for i, s in enumerate(sources) for k, (path, papers) in enumerate(zip(s.spools, s.paper_counts()))]
    total = sum(size for _, _, size, _ in spools) or 1
    parts: list[_Part] = []
    ref = done = 0
    for i, k, size, papers in spools:
        if not parts or (done >= total * len(parts) / jobs and len(parts) < jobs):
            parts.append(_Part(len(parts), [], ref))
        parts[-1].spools.append((i, k))
        done += size
        ref += papers
    return parts


# What forked part writers inherit: set just before the pool starts, cleared after.
_SHARED: dict[str, object] = {}


def _write_part(part: _Part) -> _PartResult:
    """Write one part's pieces of the files; runs in a forked worker."""
    sources: list[SpooledSource] = _SHARED["sources"]  # type: ignore[assignment]
    work: Path = _SHARED["work"]  # type: ignore[assignment]
    files = _Files(work, _SHARED["doc_paths"], Tally(_SHARED["budget"]), suffix=f".part{part.number}",  # type: ignore[arg-type]
                   header=False)
    try:
        emitter = GraphEmitter(_SHARED["resolution"], files.emit, files.evidence.write,  # type: ignore[arg-type]
                               first_ref=part.first_ref)
        stream_records(sources, emitter, part.spools)
        merged = emitter.merged_papers()
    except BaseException:
        files.abort()
        raise
    files.close()
    body, keys = files.graphml.detach()
    return _PartResult(part.number, body, keys, files.tally, emitter.entities, merged)


def _run_parts(parts: list[_Part], shared: dict[str, object], jobs: int) -> list[_PartResult]:
    """Each part in a forked process (or here, when there is one part or no fork)."""
    import multiprocessing

    _SHARED.update(shared)
    try:
        if len(parts) == 1 or "fork" not in multiprocessing.get_all_start_methods():
            return [_write_part(p) for p in parts]
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(jobs, len(parts)),
                                 mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_write_part, parts))
    finally:
        _SHARED.clear()


def _append(dest, pieces: Sequence[Path]) -> None:
    """Copy the part files onto the end of the open file `dest`, in order, and delete them."""
    dest.flush()
    for piece in pieces:
        with open(piece, "rb") as fh:
            splice(fh, dest)
        os.unlink(piece)


def write_graph(work: Path, sources: list[SpooledSource], resolution: Resolution, report: BuildReport, *,
                max_nodes: int, jobs: int | None = None) -> Tally:
    """Pass 2 into graph.ttl, graph.nq, graph.graphml and provenance.nq in `work`.

    `jobs` processes write the papers (default: one per core, and just this one
    for small builds).
    """
    doc_paths = {s.iri: s.path for s in sources}
    spooled = sum(os.path.getsize(p) for s in sources for p in s.spools)
    jobs = jobs or os.cpu_count() or 1
    parts = _plan_parts(sources, jobs if spooled >= PARALLEL_THRESHOLD else 1)
    shared = {"sources": sources, "work": work, "doc_paths": doc_paths, "budget": 2 * max_nodes,
              "resolution": resolution}
    try:
        results = _run_parts(parts, shared, jobs)
    except BaseException:
        _remove_pieces(work, len(parts))
        raise

    tally = Tally(2 * max_nodes)
    with open(work / "graph.ttl", "w", encoding="utf-8", newline="\n") as ttl:
        ttl.write(turtle_header())
        _append(ttl, [work / f"graph.ttl.part{p.number}" for p in parts])
    for name in ("graph.nq", "provenance.nq"):
        with open(work / name, "wb") as fh:
            _append(fh, [work / f"{name}.part{p.number}" for p in parts])
    files = _Files(work, doc_paths, tally, header=False, mode="a")
    try:
        emitter = GraphEmitter(resolution, files.emit, files.evidence.write)
        for result in results:
            files.graphml.include(result.graphml_body, result.graphml_keys)
            tally.absorb(result.tally)  # type: ignore[arg-type]
            emitter.entities.absorb(result.entities)  # type: ignore[arg-type]
            emitter.add_merged(result.merged)
        for src in sources:
            emitter.document(src)
        emitter.finish()
    except BaseException:
        files.abort()
        raise
    files.close()
    files.graphml.close()
    report.triples = tally.triples
    report.nodes_by_type = tally.types
    report.edges_by_relation = tally.relations
    tally.degree.clear()  # only the page candidates are needed from here on
    return tally


def _remove_pieces(work: Path, parts: int) -> None:
    for n in range(parts):
        for name in ("graph.ttl", "graph.nq", "provenance.nq"):
            try:
                os.unlink(work / f"{name}.part{n}")
            except FileNotFoundError:
                pass


def assemble(sources: Sequence[SpooledSource], emit: Callable[[Block], None], *,
             evidence: Callable[[Evidence], None] | None = None, resolution: Resolution | None = None,
             vocab: Sequence[str] = (), on_record: Callable[[], None] | None = None) -> Resolution:
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
    stream_records(sources, emitter, on_record=on_record)
    emitter.finish()
    return resolution
