"""The build, end to end: sources -> records -> extraction -> resolution -> graph -> files.

Two passes keep memory flat however many papers come in:

1. every document is read (sniffed by content), its records run through the
   extractors and spooled to disk, while a ResolutionIndex keeps only identifiers,
   abstract sketches and names;
2. resolution is settled, then the spooled records stream back through the graph
   emitter, whose blocks go straight to every exporter of the build: Turtle, TriG,
   GraphML and provenance by default (kgraph.writing, kgraph.export).

Outputs are written into a new generation folder inside DIR, which one rename makes
current at the end (kgraph.generations), so a failed or interrupted build leaves the
previous outputs intact, and never a mix of two builds. A
document that cannot be used is reported (file and reason) and skipped; it never
stops the others.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from kgraph.builder import Evidence
from kgraph.cache import CACHE_DIR, BuildOptions, CachedBuild, load_build, save_manifest
from kgraph.errors import KgraphError
from kgraph.explain_index import save_merges, write_node_index
from kgraph.export import exporters_for_build
from kgraph.fingerprint import build_settings, changes, reading_changed
from kgraph.generations import build_lock, new_generation, remove_leftovers, switch_to
from kgraph.graph import KnowledgeGraph
from kgraph.plugins import DEFAULT_EXTRACTORS, EXTRACTORS
from kgraph.progress import BuildProgress
from kgraph.reading import read_all
from kgraph.report import BuildReport, Skipped
from kgraph.resolve import ResolutionIndex
from kgraph.resolved import Resolution
from kgraph.workers import ENGINES
from kgraph.shapes import Findings
from kgraph.writing import Tally, assemble, in_background, write_graph

__all__ = ["BuildReport", "Skipped", "build", "build_in_memory", "assemble", "OUTPUT_FILES"]

OUTPUT_FILES = ("graph.ttl", "graph.trig", "graph.graphml", "graph.html")

#: What DIR/<name> links to in the current generation (kgraph.generations), besides the
#: files of the build's exporters.
LINKED_FILES = OUTPUT_FILES + ("provenance.trig", "store", CACHE_DIR)


def _aliases(vocab: Sequence[str]):
    from kgraph.aliases import default_aliases

    return default_aliases(vocab)


class _Clock:
    """Wall time per build phase, into report.timings."""

    def __init__(self, report: BuildReport) -> None:
        self.report = report
        self.last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.report.timings[phase] = self.report.timings.get(phase, 0.0) + now - self.last
        self.last = now


# ---------------------------------------------------------------- entry points


def build_in_memory(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    vocab: Sequence[str] = (),
    extract: bool = True,
    extractors: Sequence[str] = (),
    debug: bool = False,
) -> tuple[KnowledgeGraph, Resolution, list[Evidence], BuildReport]:
    """The whole build into a KnowledgeGraph, for notebooks and tests (small inputs)."""
    report = BuildReport()
    work = Path(tempfile.mkdtemp(prefix="kgraph-"))
    try:
        index = ResolutionIndex(_aliases(vocab))
        sources = read_all(inputs, work, index, report, previous=(), vocab=vocab, extract=extract,
                           extractors=_known(extractors or DEFAULT_EXTRACTORS), debug=debug)
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
    extractors: Sequence[str] = (),
    html: bool = True,
    max_nodes: int = 500,
    update: bool = False,
    remove: Sequence[str] = (),
    engine: str = "local",
    jobs: int | None = None,
    scheduler: str | None = None,
    validate: bool = True,
    store: bool = False,
    progress: bool | None = None,
    debug: bool = False,
) -> BuildReport:
    """Build the graph of `inputs` and write graph.ttl, graph.trig, graph.graphml, graph.html
    and provenance.trig into `out`, checking every block against the SHACL shapes as it is
    written (unless `validate` is false).

    The SPARQL store (DIR/store) is made by the first `kgraph query`, or here with
    `store`; a build always removes the store of the graph it replaces.

    With `update`, the documents of the earlier build in `out` are kept: unchanged
    inputs are skipped by content hash, a changed one replaces its own facts, and the
    result equals a full build of the same documents (records made under other
    settings are read or extracted again); the earlier build's `vocab` files and
    `extractors` are used again unless others are given. A document is the file at its resolved
    path; `remove` drops documents (files, or every document under a folder), and a
    file gone from a folder given again is dropped too.
    `extractors` names the extractors to run (kgraph.plugins.EXTRACTORS; default:
    the built-ins). `engine` runs pass 1 (reading and extraction) in local worker processes
    ("local", used for large chunkable files) or on a Dask cluster ("dask", at
    `scheduler`, or a 2-worker LocalCluster when none is given). A progress bar is
    shown on stderr when it is a terminal (`progress` forces it on or off).
    """
    if engine not in ENGINES:
        raise KgraphError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if remove and not update:
        raise KgraphError("--remove drops documents from an earlier build: use it with --update")
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    with build_lock(out_dir):  # one build per folder at a time
        remove_leftovers(out_dir)
        return _build_locked(inputs, out_dir, vocab=vocab, extract=extract, extractors=extractors, html=html,
                             max_nodes=max_nodes, update=update, remove=remove, engine=engine, jobs=jobs,
                             scheduler=scheduler, validate=validate, store=store, progress=progress, debug=debug)


def _build_locked(inputs, out_dir: Path, *, vocab, extract, extractors, html, max_nodes, update, remove, engine,
                  jobs, scheduler, validate, store, progress, debug) -> BuildReport:
    """The build, with DIR's lock held: everything is written into a new generation folder,
    which becomes current in one rename once complete (kgraph.generations)."""
    earlier = load_build(out_dir) if update else None
    vocab, extractors = _replayed(vocab, extractors, earlier)
    settings = build_settings(vocab, extract, extractors)
    report = BuildReport()
    previous, reuse = _previous(earlier, settings, report) if earlier is not None else ([], "records")
    clock = _Clock(report)
    work = new_generation(out_dir)
    done = False
    try:
        with BuildProgress(progress) as bar:
            index = ResolutionIndex(_aliases(vocab))
            spool_dir = work / CACHE_DIR / "records"
            spool_dir.mkdir(parents=True)
            sources = read_all(inputs, spool_dir, index, report, previous=previous, reuse=reuse,
                               changed=report.refresh_reason, remove=remove, vocab=vocab, extract=extract,
                               extractors=extractors, engine=engine, jobs=jobs, scheduler=scheduler, progress=bar,
                               meanwhile=_import_page_modules if html else None, debug=debug)
            if not sources:
                return report  # nothing usable: leave any earlier outputs in `out` untouched
            clock.lap("read and extract")
            resolution = index.finish()
            del index  # the names and sketches are no longer needed: free them before pass 2
            clock.lap("resolve")
            bar.writing(sum(sum(s.paper_counts()) for s in sources))
            exporters = exporters_for_build()
            tally = write_graph(work, sources, resolution, report, max_nodes=max_nodes, progress=bar.wrote,
                                check=validate, exporters=exporters)
            exported = [name for exporter in exporters for name in exporter.files]
            bar.finishing("writing the page" if html else "finishing")
            save_merges(work / CACHE_DIR, resolution)  # for `kgraph explain`, moved into place with the cache
            del resolution  # and the entity tables before the store's bulk load
            clock.lap("write graph")
            # The node index `kgraph explain` answers from, made while the page is drawn.
            indexed = in_background(lambda: write_node_index(work, work / CACHE_DIR))
            try:
                written = _finish_outputs(work, tally, exported, html=html, max_nodes=max_nodes, store=store)
            finally:
                indexed()
            clock.lap("page, explain index and store" if store else "page and explain index")
        if tally.findings is not None:
            _validate(work / "graph.ttl", tally.findings, report)
            clock.lap("validate")
        save_manifest(work / CACHE_DIR, sources, settings,
                      BuildOptions(tuple(os.path.abspath(v) for v in vocab), extractors))
        # One rename switches every output, the records and the store (none yet unless `store`:
        # the first query makes it inside this generation) to this build.
        switch_to(out_dir, work, LINKED_FILES + tuple(name for name in exported if name not in LINKED_FILES))
        done = True
        remove_leftovers(out_dir)
        clock.lap("move into place")
        report.outputs = [str(out_dir / f) for f in written if f != "store"]
        return report
    finally:
        if not done:
            shutil.rmtree(work, ignore_errors=True)


def _known(extractors: Sequence[str]) -> tuple[str, ...]:
    """The extractor names, checked: an unknown one is an error listing the registered ones."""
    for name in extractors:
        if name not in EXTRACTORS:
            raise KgraphError(f"unknown extractor {name!r}; registered: {', '.join(EXTRACTORS.names())}")
    return tuple(extractors)


def _replayed(vocab: Sequence[str], extractors: Sequence[str],
              earlier: CachedBuild | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """This build's --vocab files and extractors: those given, else (with --update) the
    earlier build's, else none and the built-ins."""
    if not vocab and earlier is not None:
        gone = [v for v in earlier.options.vocab if not os.path.isfile(v)]
        if gone:
            raise KgraphError(f"--update: the vocabulary file {gone[0]} of the earlier build is gone; "
                              "give --vocab FILE again (or rebuild without --update)")
        vocab = earlier.options.vocab
    if not extractors and earlier is not None:
        extractors = earlier.options.extractors
        missing = [name for name in extractors if name not in EXTRACTORS]
        if missing:
            raise KgraphError(f"--update: the extractor {missing[0]!r} of the earlier build is not registered "
                              f"(registered: {', '.join(EXTRACTORS.names())}); give --extractor NAME again "
                              "(or rebuild without --update)")
    return tuple(vocab), _known(extractors or DEFAULT_EXTRACTORS)


def _previous(earlier: CachedBuild, settings: dict, report: BuildReport) -> tuple[list, str]:
    """The earlier build's documents, and how much of their records can be reused
    ("records", "extraction" or "nothing"; see read_all)."""
    changed = changes(earlier.settings, settings)
    if not changed:
        return earlier.sources, "records"
    report.refresh_reason = " and ".join(changed)
    return earlier.sources, "nothing" if reading_changed(earlier.settings, settings) else "extraction"


def _import_page_modules() -> None:
    """Import what drawing the page needs while pass 1's workers read, instead of at the
    end, when nothing else runs."""
    import kgraph.export.html  # noqa: F401


def _finish_outputs(work: Path, tally: Tally, exported: list[str], *, html: bool, max_nodes: int,
                    store: bool) -> list[str]:
    """Draw the page; with `store`, bulk-load the SPARQL store meanwhile in a background
    thread (pyoxigraph releases the GIL)."""
    from kgraph.store import write_store

    loaded = in_background(lambda: write_store(work, work / "graph.trig", work / "graph.ttl")) if store else None
    written = exported + (["store"] if store else [])
    try:
        if html:
            from kgraph.export.html import render_html

            # the most connected nodes of the whole graph, as `kgraph view` picks them, and its true totals
            page = render_html(tally.page_view(max_nodes), title="kgraph", max_nodes=max_nodes,
                               totals=(sum(tally.types.values()), sum(tally.relations.values())))
            (work / "graph.html").write_text(page, encoding="utf-8", newline="\n")
            written.append("graph.html")
    finally:
        if loaded is not None:
            loaded()  # waits for the store, and re-raises what went wrong there
    return written


def _validate(turtle: Path, findings: Findings, report: BuildReport) -> None:
    """The shapes' results on what the build wrote, checked block by block as it was
    written; into the report. When a node turns out not to have the class that another
    node's property needs, graph.ttl is checked whole, to name every node pointing at it."""
    from kgraph.validate import result_of, validate

    result = validate(turtle) if findings.unmet() else result_of(findings.violations)
    report.conforms = result.conforms
    report.validation = "the graph conforms to the kgraph shapes" if result.conforms else result.text()
