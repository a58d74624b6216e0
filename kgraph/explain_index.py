"""The index `kgraph explain` answers from: every fact by subject and by object, with its documents.

Replaying a build (reading every record, resolving, building the graph in memory)
took 32 s and 1.3 GB at 20k papers to explain one node. Instead:

* the build writes DIR/.kgraph/merges.json (which records and names were merged into
  each node, and by which rule) while its resolution is in memory, beside the manifest,
  so it moves into place with the rest of the build's generation;
* the build also writes DIR/.kgraph/explain.sqlite, a *node index*: every node's label,
  the nodes that point at it, and where its paragraphs lie in graph.trig (each fact in
  the graph of its document) and provenance.trig (the evidence of extracted facts). The
  writers hand over one row per node as they write it (node_row), so the build pays a
  scan of the two files' section headers and a few hundred thousand SQLite rows, not a
  parse of the graph; `explain` then parses only the paragraphs of the node and of its
  neighbours (load_around).
* An index that does not match the files (it records their sizes and a hash of their
  ends), or a build
  made before the node index, gets a *fact index* instead: the first `explain` loads
  every quad into explain.sqlite (slow: 14 s at 20k papers), later ones look rows up.

A plain RDF file (or a folder that cannot be written) gets a fact index in memory.
"""

from __future__ import annotations

import json
import mmap
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from pathlib import Path

from kgraph.rdfio import rdf_format
from kgraph.vocab import KG, RDF, RDFS

__all__ = ["INDEX_FILE", "MERGES_FILE", "NODE_ROWS", "save_merges", "load_merges", "node_row", "write_node_index",
           "open_index", "load_around"]

INDEX_FILE = "explain.sqlite"
MERGES_FILE = "merges.json"
#: The rows the graph writers hand to the node index, beside the graph files while a build writes.
NODE_ROWS = "explain.rows"
_SCHEMA_VERSION = "2"
_NODE_INDEX_VERSION = "node-1"
_LABEL_IRI = RDFS.label
_DERIVED_NAME = "wasDerivedFrom"
#: Files of the node index's chunks table.
_GRAPH_FILE, _PROVENANCE_FILE = 0, 1

#: Term kinds in the quads table.
IRI_TERM, LITERAL, BLANK = 0, 1, 2

_EVIDENCE_KEYS = {
    RDF.subject: "s", RDF.predicate: "p", RDF.object: "o",
    KG.extractor: "extractor", KG.confidence: "confidence",
    KG.textField: "field", KG.spanText: "text",
    KG.explanation: "text",  # an asset file's explanation stands where a text span would
}


# ------------------------------------------------------------------ merges (build time)


def save_merges(root: Path, resolution) -> None:
    """Write root/merges.json: for every node made of several records or spellings, the
    records or spellings and the merges (rule, evidence) that joined them."""
    members: dict[int, list[str]] = {}
    sizes = resolution.sizes
    if sizes:
        for i, r in enumerate(resolution.roots):
            if r in sizes:
                ref = resolution.refs[i]
                members.setdefault(r, []).append(f"{ref.doc}#{ref.index}")
    papers = {}
    for r, refs in members.items():
        papers[str(resolution.cluster_iri[r])] = {
            "records": sorted(refs, key=_ref_order),
            "merges": [[m.rule, m.evidence, m.left, m.right] for m in resolution.merges.get(r, [])]}
    entities = {}
    for table in (resolution.people, resolution.organizations, resolution.artifacts):
        for iri, ent in table.items():
            if ent.merges or len(ent.spellings) > 1:
                entities[str(iri)] = {
                    "spellings": sorted([name, count] for name, count in ent.spellings.items()),
                    "merges": [[m.rule, m.evidence, m.left, m.right] for m in ent.merges]}
    data = {"papers": dict(sorted(papers.items())), "entities": dict(sorted(entities.items()))}
    tmp = root / (MERGES_FILE + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(tmp, root / MERGES_FILE)


def _ref_order(ref: str) -> tuple[str, int]:
    doc, _, index = ref.rpartition("#")
    return doc, int(index) if index.isdigit() else 0


def load_merges(root: Path) -> dict:
    """root/merges.json, or empty tables when the build predates it or it cannot be read."""
    try:
        data = json.loads((root / MERGES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"papers": {}, "entities": {}}
    if not isinstance(data, dict):
        return {"papers": {}, "entities": {}}
    return {"papers": data.get("papers") or {}, "entities": data.get("entities") or {}}


# ------------------------------------------------------------------ the node index (build time)


def node_row(block, types: int, edges: list[tuple[str, str]]) -> str:
    """One line for the node index: the block's subject, its label and the nodes it points
    at, tab-separated. `types` is how many rdf:type facts open the block (its label comes
    next, see kgraph.graph.fact_sort_key); `edges` are the GraphML writer's (target, relation)."""
    facts = block.facts
    label = ""
    if len(facts) > types and facts[types][0] == _LABEL_IRI:
        label = facts[types][1].value.replace("\t", " ").replace("\n", " ").replace("\r", " ")
    targets = " ".join(dict.fromkeys(t for t, relation in edges if relation != _DERIVED_NAME))
    return f"{block.subject}\t{label}\t{targets}\n"


#: A section of graph.trig: "GRAPH {" then its subject on the next line (kgraph.export.rdf writes them so).
_GRAPH_SECTION = re.compile(rb"\n\n(\S+) \{\n(\S+)")
#: A reified statement of provenance.trig (kgraph.export.provenance), by the subject of its fact.
_EVIDENCE_SECTION = re.compile(rb"\n\n\S+ \{\n\[\] a rdf:Statement ;\n    rdf:subject (\S+) ;")
_PREFIX_LINE = re.compile(rb"^@prefix (\w*): <([^>]*)> \.$", re.M)


def write_node_index(work: Path, cache: Path) -> None:
    """Make cache/explain.sqlite from the rows the writers left in work/NODE_ROWS and the
    section headers of work/graph.trig and work/provenance.trig, then drop the rows."""
    rows_file = work / NODE_ROWS
    graph, provenance = work / "graph.trig", work / "provenance.trig"
    tmp = cache / (INDEX_FILE + ".tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    try:
        conn.executescript("""
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE labels (s TEXT, label TEXT);
            CREATE TABLE refs (o TEXT, s TEXT);
            CREATE TABLE chunks (s TEXT, file INTEGER, start INTEGER, end INTEGER);
        """)
        conn.executemany("INSERT INTO labels VALUES (?, ?)", ((s, label) for s, label, _ in _node_rows(rows_file) if label))
        conn.executemany("INSERT INTO refs VALUES (?, ?)",
                         ((o, s) for s, _, targets in _node_rows(rows_file) if targets for o in targets.split(" ")))
        conn.executemany("INSERT INTO chunks VALUES (?, ?, ?, ?)", _sections(graph, _GRAPH_SECTION, 2, _GRAPH_FILE))
        if provenance.is_file():
            conn.executemany("INSERT INTO chunks VALUES (?, ?, ?, ?)",
                             _sections(provenance, _EVIDENCE_SECTION, 1, _PROVENANCE_FILE))
        conn.executescript("""
            CREATE INDEX labels_s ON labels (s);
            CREATE INDEX refs_o ON refs (o);
            CREATE INDEX chunks_s ON chunks (s, file);
        """)
        conn.executemany("INSERT INTO meta VALUES (?, ?)",
                         [("stamp", _content_stamp([graph, provenance])), ("layout", "nodes")])
        conn.commit()
    finally:
        conn.close()
    os.replace(tmp, cache / INDEX_FILE)
    rows_file.unlink()


def _node_rows(path: Path) -> Iterator[list[str]]:
    """The [subject, label, targets] rows node_row wrote, streamed."""
    with open(path, encoding="utf-8", newline="\n") as fh:
        for line in fh:
            yield line.rstrip("\n").split("\t")


def _sections(path: Path, pattern: re.Pattern, group: int, file: int) -> Iterator[tuple[str, int, int, int]]:
    """(subject IRI, file, start, end) of each run of consecutive sections about one subject;
    the file is mapped, not read, so a graph of any size costs no memory here."""
    if path.stat().st_size == 0:
        return
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        prefixes = {p.decode(): ns.decode() for p, ns in _PREFIX_LINE.findall(_header(data))}
        subject, start = None, 0
        for m in pattern.finditer(data):
            here = m.start() + 1
            name = m.group(group)
            if name != subject:
                if subject is not None:
                    yield _expand(subject, prefixes), file, start, here
                subject, start = name, here
        if subject is not None:
            yield _expand(subject, prefixes), file, start, len(data)


def _expand(name: bytes, prefixes: dict[str, str]) -> str:
    """A Turtle name as a kgraph file writes it (prefix:local, <iri> or _:label) -> the index's key."""
    text = name.decode("utf-8")
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    prefix, colon, local = text.partition(":")
    return prefixes[prefix] + local if colon and prefix in prefixes else text


def _header(data) -> bytes:
    """The @prefix lines that open a kgraph TriG file (its bytes, or a prefix of them)."""
    end = data.find(b"\n\n")
    return bytes(data[:end + 1] if end >= 0 else data)


#: Facts of the neighbours that explain reads besides those about the node: the author lists.
_LIST_PREDICATES = frozenset({RDF.first, RDF.rest, KG.authorList})


def load_around(conn: sqlite3.Connection, node: str, graph: Path, provenance: Path | None) -> None:
    """Fill a node-index connection's quads and evidence tables from the paragraphs of `node`
    and of every node that points at it; a fact index already holds every fact.

    Of the neighbours' quads only those explain reads are kept: the ones about `node` or
    pointing at it, and the author-list cells that may hold it (never an abstract)."""
    if not _is_node_index(conn):
        return
    quads = _paragraphs(conn, node, graph, _GRAPH_FILE)
    if quads is not None:
        conn.executemany("INSERT INTO quads VALUES (?, ?, ?, ?, ?)",
                         (row for row in _quad_rows(quads)
                          if row[0] == node or row[2] == node or row[1] in _LIST_PREDICATES))
    evidence = _paragraphs(conn, node, provenance, _PROVENANCE_FILE) if provenance is not None else None
    if evidence is not None:
        conn.executemany("INSERT INTO evidence VALUES (?, ?, ?, ?, ?, ?, ?, ?)", _evidence_rows(evidence))


def _paragraphs(conn: sqlite3.Connection, node: str, path: Path, file: int):
    """The quads of the paragraphs of `path` about `node` and the nodes pointing at it
    (parsed together, under the file's @prefix lines), or None when there are none."""
    ranges = conn.execute(
        "SELECT DISTINCT start, end FROM nodes.chunks WHERE file = ? AND s IN "
        "(SELECT ? UNION SELECT s FROM nodes.refs WHERE o = ?) ORDER BY start", (file, node, node)).fetchall()
    if not ranges or not path.is_file():
        return None
    import pyoxigraph as ox

    with open(path, "rb") as fh:
        parts = [_header(fh.read(1 << 16))]
        for start, end in ranges:
            fh.seek(start)
            parts.append(fh.read(end - start))
    return ox.parse(input=b"".join(parts), format=ox.RdfFormat.TRIG)


def _is_node_index(conn: sqlite3.Connection) -> bool:
    return any(name == "nodes" for _, name, _ in conn.execute("PRAGMA database_list"))


def _open_node_index(path: Path, graph: Path, provenance: Path | None) -> sqlite3.Connection | None:
    """An in-memory connection over the build's node index (attached as `nodes`), with
    empty quads and evidence tables for load_around; None when there is no such index
    or it does not match the files."""
    if not path.is_file() or provenance is None:
        return None
    try:
        conn = sqlite3.connect("file::memory:", uri=True)
        conn.execute("ATTACH DATABASE ? AS nodes", (f"file:{path}?mode=ro",))
        meta = dict(conn.execute("SELECT key, value FROM nodes.meta"))
    except sqlite3.Error:
        return None
    if meta.get("layout") != "nodes" or meta.get("stamp") != _content_stamp([graph, provenance]):
        conn.close()
        return None
    conn.executescript("""
        CREATE TABLE quads (s TEXT, p TEXT, o TEXT, kind INTEGER, g TEXT);
        CREATE TABLE evidence (s TEXT, p TEXT, o TEXT, g TEXT, extractor TEXT, confidence REAL,
                               field TEXT, text TEXT);
        CREATE INDEX quads_s ON quads (s, p);
        CREATE INDEX quads_o ON quads (o);
        CREATE INDEX evidence_s ON evidence (s, p, o);
        CREATE TEMP VIEW labels AS SELECT s, label FROM nodes.labels;
    """)
    return conn


# ------------------------------------------------------------------ the fact index


def _content_stamp(files: Iterable[Path]) -> str:
    """What identifies the files a node index was made from, the same for the same bytes
    (the index is part of a build's output, which is deterministic): each file's size and
    a hash of its first and last 64 KiB. A build replaces graph, provenance and index together."""
    import hashlib

    parts = [_NODE_INDEX_VERSION]
    for f in files:
        try:
            with open(f, "rb") as fh:
                size = os.fstat(fh.fileno()).st_size
                digest = hashlib.blake2b(fh.read(1 << 16), digest_size=16)
                fh.seek(max(0, size - (1 << 16)))
                digest.update(fh.read())
            parts.append(f"{f.name}:{size}:{digest.hexdigest()}")
        except OSError:
            parts.append(f"{f.name}:-")
    return "|".join(parts)


def _stamp(files: Iterable[Path]) -> str:
    """What identifies the graph an index was made from: each file's size and mtime."""
    parts = [_SCHEMA_VERSION]
    for f in files:
        try:
            st = f.stat()
            parts.append(f"{f.name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{f.name}:-")
    return "|".join(parts)


def open_index(graph: Path, provenance: Path | None, cache: Path | None, on_build=None) -> sqlite3.Connection:
    """An SQLite connection over the facts of `graph` (and the evidence of `provenance`).

    With `cache` (a folder), the index is kept there as explain.sqlite and reused while
    its stamp matches the files; otherwise it is made in memory. `on_build` is a context
    manager factory called around the (slow) making of the index.
    """
    sources = [graph] + ([provenance] if provenance is not None else [])
    stamp = _stamp(sources)
    if cache is not None:
        path = cache / INDEX_FILE
        conn = _open_node_index(path, graph, provenance)
        if conn is not None:
            return conn
        conn = _open_existing(path, stamp)
        if conn is not None:
            return conn
        if os.access(cache, os.W_OK):
            fd, tmp = tempfile.mkstemp(prefix=".explain.", suffix=".sqlite", dir=cache)
            os.close(fd)
            try:
                with _maybe(on_build):
                    conn = sqlite3.connect(tmp)
                    try:
                        _fill(conn, graph, provenance, stamp)
                    finally:
                        conn.close()
                os.chmod(tmp, 0o644)  # readable like the build's other files (mkstemp makes it private)
                os.replace(tmp, path)
            except (OSError, sqlite3.Error):  # a full disk, say: answer from an index in memory
                Path(tmp).unlink(missing_ok=True)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            conn = _open_existing(path, stamp)
            if conn is not None:
                return conn
    conn = sqlite3.connect(":memory:")
    with _maybe(on_build):
        _fill(conn, graph, provenance, stamp)
    return conn


def _maybe(factory):
    return factory() if factory is not None else nullcontext()


def _open_existing(path: Path, stamp: str) -> sqlite3.Connection | None:
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        row = conn.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
    except sqlite3.Error:
        return None
    if row is None or row[0] != stamp:
        conn.close()
        return None
    return conn


def _fill(conn: sqlite3.Connection, graph: Path, provenance: Path | None, stamp: str) -> None:
    import pyoxigraph as ox

    from kgraph.errors import GraphNotFound

    conn.executescript("""
        PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE quads (s TEXT, p TEXT, o TEXT, kind INTEGER, g TEXT);
        CREATE TABLE evidence (s TEXT, p TEXT, o TEXT, g TEXT, extractor TEXT, confidence REAL,
                               field TEXT, text TEXT);
    """)
    fmt = rdf_format(graph)
    try:
        conn.executemany("INSERT INTO quads VALUES (?, ?, ?, ?, ?)", _quad_rows(ox.parse(path=str(graph), format=fmt)))
        if provenance is not None and provenance.is_file():
            conn.executemany("INSERT INTO evidence VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             _evidence_rows(ox.parse(path=str(provenance), format=ox.RdfFormat.TRIG)))
    except SyntaxError as exc:
        raise GraphNotFound(f"{graph}: not valid RDF ({exc})") from None
    # Labels apart (for lookups and did-you-mean); no index over literal objects (abstracts).
    conn.execute("CREATE TABLE labels AS SELECT DISTINCT s, o AS label FROM quads WHERE p = ? AND kind = ? "
                 "AND substr(s, 1, 2) != '_:' ORDER BY s", (RDFS.label, LITERAL))
    conn.executescript("""
        CREATE INDEX labels_s ON labels (s);
        CREATE INDEX quads_s ON quads (s, p);
        CREATE INDEX quads_o ON quads (o) WHERE kind != 1;
        CREATE INDEX evidence_s ON evidence (s, p, o);
        CREATE INDEX evidence_o ON evidence (o);
    """)
    conn.execute("INSERT INTO meta VALUES ('stamp', ?)", (stamp,))
    conn.commit()


def _term(term) -> tuple[str, int]:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return term.value, IRI_TERM
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value, BLANK
    return term.value, LITERAL


def _quad_rows(quads):
    import pyoxigraph as ox

    for q in quads:
        s, _ = _term(q.subject)
        o, kind = _term(q.object)
        g = q.graph_name
        yield s, q.predicate.value, o, kind, (None if isinstance(g, ox.DefaultGraph) else g.value)


def _evidence_rows(quads):
    """One row per reified statement (its triples are consecutive in provenance.trig, but
    they are gathered by blank node so the order does not matter)."""
    statements: dict[str, dict] = {}
    for q in quads:
        key = _EVIDENCE_KEYS.get(q.predicate.value)
        if key is None:
            continue
        s, _ = _term(q.subject)
        row = statements.setdefault(s, {"g": getattr(q.graph_name, "value", None)})
        row[key] = _term(q.object)[0]
    for row in statements.values():
        try:
            confidence = float(row.get("confidence", "nan"))
        except ValueError:
            confidence = float("nan")
        yield (row.get("s"), row.get("p"), row.get("o"), row.get("g"), row.get("extractor"), confidence,
               row.get("field"), row.get("text", ""))
