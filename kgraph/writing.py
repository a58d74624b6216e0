"""Pass 2 of a build: spooled records -> graph blocks -> every exporter's files.

The settled resolution turns the spooled records, in document order, into blocks
(kgraph.builder), one per subject: the papers, then the papers merged from several
records, then the entities in IRI order. Each block goes to every exporter of the
build (kgraph.export) and to a Tally, which counts it for the report and the page.
One process writes them all: on a busy two-core machine, two rounds of 20k-paper
builds wrote serially in 6.1 and 6.7 s against 9.3 and 10.7 s in forked parts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from kgraph import shapes as shape_checks
from kgraph.builder import Evidence, GraphEmitter
from kgraph.cache import SpooledSource
from kgraph.explain_index import NODE_ROWS, node_row
from kgraph.export import exporters_for_build
from kgraph.export.base import ExportContext, Exporter
from kgraph.export.nxgraph import blocks_to_page_graph, local_name
from kgraph.export.pagegraph import PageGraph
from kgraph.fileio import open_text
from kgraph.graph import IRI, Block, Collection, Literal
from kgraph.iris import ID_BASE
from kgraph.models import PaperRecord
from kgraph.report import BuildReport
from kgraph.resolved import Resolution
from kgraph.shapes import Findings, check_block
from kgraph.vocab import PROV, RDF

__all__ = ["write_graph", "stream_records", "in_background", "Tally", "assemble"]

_RDF_TYPE = RDF.type
_DERIVED = PROV.wasDerivedFrom
_DERIVED_NAME = "wasDerivedFrom"

#: Papers between two reports to the writing bar.
PROGRESS_STEP = 500


class Tally:
    """Counts for the report, the blocks the HTML page may show, and what the shapes found,
    all from the blocks themselves.

    A block's degree is known when it is emitted: nothing points at papers, and
    the entities come after every paper, with the edges between entities counted
    up front (count_edges is then off). So the page keeps only candidates: the
    most connected `budget` subjects seen so far (ties by IRI), plus every source
    document for the hover cards.
    """

    def __init__(self, page_budget: int, *, check: bool = True) -> None:
        """`check`: run the SHACL shapes on each block (kgraph.shapes), into `findings`."""
        self.findings = Findings() if check else None
        self.shapes = shape_checks.default_shapes() if check else None
        self.triples = 0
        self.types: Counter = Counter()
        self.relations: Counter = Counter()
        self.degree: Counter = Counter()
        self.budget = page_budget
        self.candidates: list[tuple[int, str, Block]] = []  # (degree, subject, block)
        self.floor = 0  # the least degree that can still win a place among the candidates
        self.documents: list[Block] = []
        self.count_edges = True  # count edges into the in-degree of subjects still to come

    def block(self, block: Block) -> tuple[list[str], list[tuple[str, str]]]:
        """Count one block; return its types and its (target, relation) edges to other
        nodes and to its documents, by local name (GraphML's node types and edges)."""
        types: list[str] = []
        edges: list[tuple[str, str]] = []
        triples = len(block.facts)
        for p, o, _ in block.facts:
            kind = type(o)
            if p == _RDF_TYPE:
                types.append(local_name(o))
            elif kind is Literal:
                continue
            elif kind is Collection:
                triples += 2 * len(o.items)
            elif p == _DERIVED:
                edges.append((o, _DERIVED_NAME))
            elif o.startswith(ID_BASE):
                edges.append((o, local_name(p)))
        self.triples += triples
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
        if types:
            edges.sort()
            if types[-1] == "SourceDocument":
                self.documents.append(block)
            else:
                self._offer(out_degree + self.degree.pop(block.subject, 0), block)
        if self.findings is not None:
            check_block(block, self.shapes, self.findings)
        return types, edges

    def _offer(self, degree: int, block: Block) -> None:
        """Keep `block` while it may be among the `budget` best (degree, then least IRI):
        the list is cut back to the best `budget` each time it doubles."""
        if degree < self.floor:
            return
        self.candidates.append((degree, block.subject, block))
        if len(self.candidates) >= 2 * self.budget:
            self.candidates = self._best(self.budget)
            self.floor = self.candidates[-1][0] if self.candidates else 0

    def _best(self, count: int) -> list[tuple[int, str, Block]]:
        return sorted(self.candidates, key=lambda c: (-c[0], c[1]))[:count]

    def page_view(self, limit: int) -> PageGraph:
        """The `limit` best candidates (most edges in the whole graph, provenance left out,
        ties by IRI: the order in which `kgraph view` ranks them) and the source documents,
        as the page's view, edges to nodes outside them dropped."""
        candidates = [b for _, _, b in self._best(limit)] + self.documents
        keep = {b.subject for b in candidates}
        return blocks_to_page_graph(
            Block(block.subject, [(p, o, srcs) for p, o, srcs in block.facts
                                  if not (isinstance(o, IRI) and o.startswith(ID_BASE) and o not in keep)])
            for block in candidates)


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


class _Stage:
    """The writing stage's outputs: every exporter, the tally, and the rows of the explain index."""

    def __init__(self, work: Path, exporters: list[Exporter], tally: Tally) -> None:
        self.exporters = exporters
        self.tally = tally
        self.nodes = open_text(work / NODE_ROWS)  # for the explain index

    def emit(self, block: Block) -> None:
        types, edges = self.tally.block(block)
        self.nodes.write(node_row(block, len(types), edges))
        for exporter in self.exporters:
            exporter.write(block)

    def evidence(self, e: Evidence) -> None:
        for exporter in self.exporters:
            exporter.evidence(e)


def write_graph(work: Path, sources: list[SpooledSource], resolution: Resolution, report: BuildReport, *,
                max_nodes: int, progress: Callable[[int], None] | None = None, check: bool = True,
                exporters: list[Exporter] | None = None) -> Tally:
    """Pass 2 into the files of every exporter (default: exporters_for_build()) in `work`.

    `progress` is told how many papers each written stretch held. `check`: run the
    SHACL shapes on every block as it is written, into the returned tally's findings.
    """
    exporters = exporters_for_build() if exporters is None else exporters
    context = ExportContext(work, {s.iri: s.path for s in sources})
    tally = Tally(2 * max_nodes, check=check)
    opened: list[Exporter] = []
    stage: _Stage | None = None
    try:
        for exporter in exporters:
            exporter.open(context)
            opened.append(exporter)
        stage = _Stage(work, exporters, tally)
        emitter = GraphEmitter(resolution, stage.emit, stage.evidence)
        for src in sources:
            emitter.document(src)
        stream_records(sources, emitter, progress=progress)
        emitter.emit_merged_papers()
        tally.degree.update(emitter.entity_edge_targets())
        tally.count_edges = False  # every in-degree is known now
        emitter.emit_entities(emitter.entity_rows())
        stage.nodes.close()
        for exporter in exporters:
            exporter.close()
    except BaseException:
        if stage is not None:
            stage.nodes.close()
        for exporter in opened:
            exporter.abort()
        raise
    report.triples = tally.triples
    report.nodes_by_type = tally.types
    report.edges_by_relation = tally.relations
    tally.degree.clear()  # only the page candidates are needed from here on
    return tally


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


def assemble(sources: Sequence[SpooledSource], emit: Callable[[Block], None], *,
             evidence: Callable[[Evidence], None] | None = None, resolution: Resolution | None = None,
             vocab: Sequence[str] = ()) -> Resolution:
    """Pass 2 in this process, into `emit` (an in-memory graph: notebooks, tests, explain).

    Without a `resolution`, one is first computed from the spools.
    """
    if resolution is None:
        from kgraph.aliases import default_aliases
        from kgraph.resolve_keys import index_records
        from kgraph.resolve import ResolutionIndex

        index = ResolutionIndex(default_aliases(vocab))
        for src in sources:
            index_records(index, src.iri, src.records())
        resolution = index.finish()
    emitter = GraphEmitter(resolution, emit, evidence)
    for src in sources:
        emitter.document(src)
    stream_records(sources, emitter)
    emitter.finish()
    return resolution
