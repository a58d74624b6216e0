"""The index `kgraph explain` answers from: every fact by subject and by object, with its documents.

Replaying a build (reading every record, resolving, building the graph in memory)
took 32 s and 1.3 GB at 20k papers to explain one node. Instead:

* the build writes DIR/.kgraph/merges.json (which records and names were merged into
  each node, and by which rule) while its resolution is in memory, beside the manifest,
  so it moves into place with the rest of the build's generation;
* the first `explain` loads graph.trig (each fact in the graph of its document) and
  provenance.trig (the evidence of extracted facts) into DIR/.kgraph/explain.sqlite, an
  SQLite file indexed by subject and object, and later ones only look rows up. The file
  records the size and time of the graph it was made from and is made again when they
  change; a build replaces the whole .kgraph folder, index included.

A plain RDF file (or a folder that cannot be written) is indexed in memory.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable
from contextlib import nullcontext
from pathlib import Path

from kgraph.vocab import NS

__all__ = ["INDEX_FILE", "MERGES_FILE", "save_merges", "load_merges", "open_index"]

INDEX_FILE = "explain.sqlite"
MERGES_FILE = "merges.json"
_SCHEMA_VERSION = "2"

#: Term kinds in the quads table.
IRI_TERM, LITERAL, BLANK = 0, 1, 2

_EVIDENCE_KEYS = {
    NS["rdf"] + "subject": "s", NS["rdf"] + "predicate": "p", NS["rdf"] + "object": "o",
    NS["kg"] + "extractor": "extractor", NS["kg"] + "confidence": "confidence",
    NS["kg"] + "textField": "field", NS["kg"] + "spanText": "text",
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


# ------------------------------------------------------------------ the fact index


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
    fmt = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
           ".trig": ox.RdfFormat.TRIG}.get(graph.suffix)
    if fmt is None:
        raise GraphNotFound(f"{graph}: not an RDF file kgraph can read (.nq, .nt, .trig, .ttl)")
    try:
        conn.executemany("INSERT INTO quads VALUES (?, ?, ?, ?, ?)", _quad_rows(ox.parse(path=str(graph), format=fmt)))
        if provenance is not None and provenance.is_file():
            conn.executemany("INSERT INTO evidence VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             _evidence_rows(ox.parse(path=str(provenance), format=ox.RdfFormat.TRIG)))
    except SyntaxError as exc:
        raise GraphNotFound(f"{graph}: not valid RDF ({exc})") from None
    # Labels apart (for lookups and did-you-mean); no index over literal objects (abstracts).
    conn.execute("CREATE TABLE labels AS SELECT DISTINCT s, o AS label FROM quads WHERE p = ? AND kind = ? "
                 "AND substr(s, 1, 2) != '_:' ORDER BY s", (NS["rdfs"] + "label", LITERAL))
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
