"""SPARQL over a built graph, through pyoxigraph (a Rust RDF store: ~15x rdflib's speed).

A target is a build folder (its on-disk store, made by the first query, else its
graph.ttl) or a .ttl/.nt/.nq/.trig file. The store's default graph holds the merged graph, each
triple once, exactly as graph.ttl; each source document's triples also sit in a
named graph (reach them with ``GRAPH ?doc { ... }``). The vocabulary prefixes
are predeclared, so queries can say kg:Paper directly; a query may redeclare any
of them.

Results render as an aligned table, SPARQL 1.1 CSV or SPARQL 1.1 JSON.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kgraph.errors import GraphNotFound, QueryError
from kgraph.generations import current_generation, in_use, link_store
from kgraph.rdfio import rdf_format
from kgraph.sparql_form import check_no_service, check_query_form
from kgraph.vocab import NS

__all__ = ["QueryResult", "STORE_DIR", "PREFIXES", "FORMATS", "graph_file", "open_store", "write_store",
           "merge_default_graph", "run_query"]

#: The on-disk SPARQL store in a build folder (a RocksDB database), made by the first
#: query or by `kgraph build --store`, and removed by the next build.
STORE_DIR = "store"

#: Prefixes every query may use without declaring them.
PREFIXES: dict[str, str] = dict(NS)

#: Output formats of `QueryResult.render`.
FORMATS = ("table", "csv", "json")


#: Fills the default graph with every triple of every named graph, once.
_MERGE_NAMED_GRAPHS = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_MAX_CELL = 60  # widest table column, in terminal cells


def graph_file(target: str | os.PathLike[str]) -> Path:
    """The RDF file behind `target`: DIR/graph.ttl, or the file itself."""
    path = Path(target)
    if path.is_dir():
        path = path / "graph.ttl"
    if not path.is_file():
        raise GraphNotFound(f"{target}: no built graph here (expected a folder with graph.ttl, or an RDF file)")
    rdf_format(path)  # refuses any other file, naming it
    return path


def write_store(out_dir: str | os.PathLike[str], quads: str | os.PathLike[str],
                turtle: str | os.PathLike[str] | None = None) -> Path:
    """Bulk-load graph.trig (named graphs; a .nq file is read as N-Quads) and graph.ttl
    (the default graph, each triple once) into DIR/store, replacing any earlier store
    only once it is complete.

    Loading the Turtle file is about three times faster than copying the named
    graphs into the default graph with a SPARQL update."""
    import shutil
    import tempfile

    out = Path(out_dir)
    tmp = Path(tempfile.mkdtemp(prefix=".store.", dir=out))
    try:
        with in_use(tmp):  # a later build removes it only once this process is gone
            _load(tmp, quads, turtle)
        final = out / STORE_DIR
        old = _set_aside(out)
        try:
            tmp.rename(final)
        except OSError:  # another process made it meanwhile (two first queries at once): keep theirs
            shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
        return final
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _load(tmp: Path, quads, turtle) -> None:
    """Bulk-load the files into a new store at `tmp`."""
    import pyoxigraph as ox

    store = ox.Store(str(tmp))
    if turtle is not None:
        store.bulk_load(path=str(turtle), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    store.bulk_load(path=str(quads), format=_quad_format(Path(quads)))
    if turtle is None:
        merge_default_graph(store)
    store.flush()
    del store


def _set_aside(out: Path) -> Path:
    """Move DIR/store, if there is one, into a new hidden folder of DIR and return that
    folder: a query never opens a store that is half deleted or half replaced."""
    import tempfile

    aside = Path(tempfile.mkdtemp(prefix=f".{STORE_DIR}.old.", dir=out))
    if (out / STORE_DIR).exists():
        (out / STORE_DIR).rename(aside / STORE_DIR)
    return aside


def open_store(target: str | os.PathLike[str]):
    """A pyoxigraph Store for `target`.

    A build folder is answered from its on-disk store, which the first query makes
    from graph.ttl and graph.trig (a build does not spend time on it unless asked
    with --store) and later queries reuse until the next build replaces the graph.
    A file, or a folder that cannot be written, is loaded into memory (named
    graphs kept, and merged into the default graph).
    """
    folder = Path(target)
    if folder.is_dir():
        # Everything from the current generation, resolved once: its own store (made in it
        # by the first query) always answers for its own graph.ttl, never for another build's.
        gen = current_generation(folder) or folder
        store = _built_store(gen)
        if store is not None:
            if gen != folder:
                link_store(folder)
            return store
        return _memory_store(graph_file(gen))
    return _memory_store(graph_file(target))


def _built_store(folder: Path):
    """DIR/store, made first if it is missing; None when it cannot be made or read."""
    turtle, quads = folder / "graph.ttl", folder / "graph.trig"
    if not (folder / STORE_DIR).is_dir():
        if not (turtle.is_file() and quads.is_file() and _writable(folder)):
            return None
        from kgraph.progress import Step

        try:
            with Step(f"making the SPARQL store for {folder} (first query; later queries reuse it) ..."):
                write_store(folder, quads, turtle)
        except (OSError, SyntaxError):
            return None  # a damaged graph.trig, a full disk: answer from graph.ttl in memory
    return _open_built_store(folder / STORE_DIR)


def _quad_format(path: Path):
    """pyoxigraph's format for a file of named graphs, by its suffix."""
    import pyoxigraph as ox

    return ox.RdfFormat.N_QUADS if path.suffix == ".nq" else ox.RdfFormat.TRIG


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK)


def _memory_store(path: Path):
    import pyoxigraph as ox

    store = ox.Store()
    fmt = rdf_format(path)
    quads = fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)
    try:
        store.bulk_load(path=str(path), format=fmt, to_graph=None if quads else ox.DefaultGraph())
    except SyntaxError as exc:
        raise GraphNotFound(f"{path}: not valid RDF ({exc})") from None
    if quads:
        merge_default_graph(store)
    return store


def merge_default_graph(store) -> None:
    """Put every triple of every named graph into the default graph, once.

    Queries then count a fact stated by three documents once, as graph.ttl holds it;
    pyoxigraph's union-of-graphs mode would count it three times.
    """
    store.update(_MERGE_NAMED_GRAPHS)


def _open_built_store(path: Path):
    """The on-disk store, read-only; None when it cannot be read or has no default graph
    (a store from an older build), so the caller falls back to graph.ttl. A query never
    writes to the store."""
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(str(path))
    except OSError:
        return None
    if _has_default_graph(store) or next(iter(store), None) is None:
        return store
    return None


def _has_default_graph(store) -> bool:
    import pyoxigraph as ox

    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None


# --- running a query -------------------------------------------------------------------


def run_query(target: str | os.PathLike[str], sparql: str, *, store=None, timeout: float | None = None,
              max_rows: int | None = None, allow_service: bool = False) -> QueryResult:
    """Answer `sparql` over the graph at `target`.

    `timeout` (seconds) stops waiting for a runaway query; `max_rows` keeps the
    first rows of a huge answer and marks the result `truncated`. A malformed
    query raises QueryError with the parser's message and position; so does a
    SERVICE clause unless `allow_service` (it would send HTTP requests).
    """
    check_query_form(sparql)  # an update or a misspelt form is named before the store is opened
    if not allow_service:
        check_no_service(sparql)
    store = store if store is not None else open_store(target)
    if not timeout:
        return _evaluate(store, sparql, max_rows)
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["result"] = _evaluate(store, sparql, max_rows)
        except BaseException as exc:  # handed to the caller's thread below
            box["error"] = exc

    # pyoxigraph releases the GIL while it evaluates, so a daemon thread can be abandoned.
    worker = threading.Thread(target=work, name="kgraph-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryError(f"the query was still running after {timeout:g} s and was abandoned: add a LIMIT "
                         "(e.g. LIMIT 100), narrow its patterns (a type, a label), or allow more time (--timeout)")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["result"]  # type: ignore[return-value]


def _evaluate(store, sparql: str, max_rows: int | None) -> QueryResult:
    import pyoxigraph as ox

    try:
        result = store.query(sparql, prefixes=PREFIXES)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult(kind="ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            variables = tuple(v.value for v in result.variables)
            terms, truncated = _take(result, max_rows, lambda sol: tuple(sol[v] for v in variables))
            return QueryResult(kind="select", variables=variables, rows=tuple(tuple(map(_cell, r)) for r in terms),
                               truncated=truncated, terms=terms)
        triples, truncated = _take(result, max_rows, lambda t: t)
        return QueryResult(kind="graph", triples=tuple(f"{t.subject} {t.predicate} {t.object} ." for t in triples),
                           truncated=truncated, graph=triples)
    except SyntaxError as exc:
        raise QueryError(_syntax_message(str(exc), sparql)) from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"the query failed: {exc}") from None


def _take(items: Iterable, limit: int | None, convert: Callable) -> tuple[tuple, bool]:
    """The first `limit` items (all when None or 0), and whether more were left."""
    out = []
    for item in items:
        if limit and len(out) == limit:
            return tuple(out), True
        out.append(convert(item))
    return tuple(out), False


def _syntax_message(message: str, sparql: str) -> str:
    """The parser's message made readable: position as line/column, the line with a caret,
    character-class noise dropped, and an unknown prefix named."""
    m = re.match(r"error at (\d+):(\d+):\s*(.*)", message, re.S)
    if not m:
        return f"malformed query: {message}"
    line_no, col, detail = int(m.group(1)), int(m.group(2)), m.group(3)
    detail = re.sub(r",?\s*\[(?:'(?:\\.|[^'\\])*'|[^\]'])*\]", "", detail).strip().rstrip(",")
    lines = sparql.split("\n")
    text = lines[line_no - 1].rstrip("\r") if 0 < line_no <= len(lines) else ""
    if "Prefix not found" in detail:
        name = re.search(r"([^\s{}()<>;,.?$]*):[^\s:]*$", text[: col - 1])
        prefix = name.group(1) if name else ""
        detail = (f"unknown prefix '{prefix}:' (declare it with PREFIX {prefix}: <...>; predeclared: "
                  + ", ".join(f"{p}:" for p in PREFIXES) + ")")
    caret = "".join("\t" if ch == "\t" else " " for ch in text[: col - 1]) + "^"
    return f"malformed query at line {line_no}, column {col}: {detail}\n  {text}\n  {caret}"


# --- results ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryResult:
    """A query's answer: SELECT rows, an ASK boolean, or CONSTRUCT/DESCRIBE triples.

    `rows` holds plain strings (IRIs, literals' lexical forms, ``_:id`` blank
    nodes, None when unbound); `terms` and `graph` keep the typed pyoxigraph terms
    that the JSON and Turtle renderings need. `truncated` says `max_rows` cut it.
    """

    variables: tuple[str, ...] = ()
    rows: tuple[tuple[str | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[str, ...] = ()
    kind: str = "select"
    truncated: bool = False
    terms: tuple = field(default=(), repr=False, compare=False)
    graph: tuple = field(default=(), repr=False, compare=False)

    def render(self, fmt: str = "table") -> str:
        """The result as text: `table` for people, `csv` and `json` as SPARQL 1.1 results."""
        if fmt not in FORMATS:
            raise QueryError(f"unknown output format {fmt!r}: use one of {', '.join(FORMATS)}")
        if self.kind == "ask":
            return _render_ask(bool(self.boolean), fmt)
        if self.kind == "graph":
            return _render_graph(self.graph, fmt)
        if fmt == "csv":
            return _csv(self.variables, self.rows)
        if fmt == "json":
            return json.dumps(self.to_json(), ensure_ascii=False, indent=1) + "\n"
        return _table(self.variables, self.rows, truncated=self.truncated)

    def to_json(self) -> dict:
        """SPARQL 1.1 Query Results JSON: every bound value with its term type."""
        if self.kind == "ask":
            return {"head": {}, "boolean": bool(self.boolean)}
        bindings = [{v: _json_term(t) for v, t in zip(self.variables, row) if t is not None} for row in self.terms]
        return {"head": {"vars": list(self.variables)}, "results": {"bindings": bindings}}


def _render_ask(answer: bool, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": answer}) + "\n"
    return ("true" if answer else "false") + ("\r\n" if fmt == "csv" else "\n")


def _render_graph(triples: tuple, fmt: str) -> str:
    """CONSTRUCT/DESCRIBE: Turtle with our prefixes (table), subject/predicate/object
    rows (csv), JSON-LD (json)."""
    import pyoxigraph as ox

    if fmt == "csv":
        rows = [tuple(_cell(t) for t in (x.subject, x.predicate, x.object)) for x in triples]
        return _csv(("subject", "predicate", "object"), rows)
    if fmt == "json":
        return ox.serialize(triples, format=ox.RdfFormat.JSON_LD).decode("utf-8") + "\n"
    used = {p: iri for p, iri in PREFIXES.items() if any(iri in str(t) for t in triples)}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used).decode("utf-8")


def _cell(term) -> str | None:
    """A term as SPARQL CSV writes it: IRI, lexical form, or _:label."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term.value) if hasattr(term, "value") else str(term)


def _json_term(term) -> dict:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _csv(variables: Iterable[str], rows: Iterable[Iterable[str | None]]) -> str:
    """SPARQL 1.1 CSV results: a header of variable names, CRLF line ends, RFC 4180 quoting."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows(["" if c is None else c for c in row] for row in rows)
    return buf.getvalue()


def _width(text: str) -> int:
    """Terminal cells `text` takes: wide East Asian characters 2, combining marks 0."""
    return sum(_char_width(ch) for ch in text)


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _fit(text: str, width: int) -> str:
    """`text` cut (with an ellipsis) or padded to exactly `width` terminal cells."""
    if _width(text) > width:
        out, used = [], 0
        for ch in text:
            w = _char_width(ch)
            if used + w > width - 1:
                break
            out.append(ch)
            used += w
        text = "".join(out) + "…"
    return text + " " * (width - _width(text))


def _flat(value: str | None) -> str:
    """One table line per row: newlines, tabs and other control characters become spaces."""
    return "" if value is None else "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in value)


def _table(variables: tuple[str, ...], rows: Iterable[Iterable[str | None]], *, truncated: bool = False) -> str:
    cells = [[_flat(c) for c in row] for row in rows]
    widths = [min(_MAX_CELL, max([_width(v)] + [_width(r[i]) for r in cells])) for i, v in enumerate(variables)]
    lines = ["  ".join(_fit(v, w) for v, w in zip(variables, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_fit(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
    n = len(cells)
    lines.append(f"(first {n} rows: the answer has more)" if truncated else f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(lines) + "\n"

