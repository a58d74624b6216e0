"""SPARQL over a built graph, through pyoxigraph (a Rust RDF store: ~15x rdflib's speed).

A target is a build folder (its graph.ttl) or a .ttl/.nt/.nq/.trig file. The
vocabulary prefixes are predeclared, so queries can say kg:Paper directly.
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

from kgraph.errors import GraphNotFound, QueryError
from kgraph.vocab import sparql_prefixes

__all__ = ["QueryResult", "STORE_DIR", "graph_file", "open_store", "write_store", "run_query"]

#: The on-disk SPARQL store a build leaves in its folder (a RocksDB database).
STORE_DIR = "store"

_FORMATS = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".nq": "N_QUADS", ".trig": "TRIG"}


def graph_file(target: str | os.PathLike[str]) -> Path:
    """The RDF file behind `target`: DIR/graph.ttl, or the file itself."""
    path = Path(target)
    if path.is_dir():
        path = path / "graph.ttl"
    if not path.is_file():
        raise GraphNotFound(f"{target}: no built graph here (expected a folder with graph.ttl, or an RDF file)")
    if path.suffix not in _FORMATS:
        raise GraphNotFound(f"{path}: not an RDF file kgraph can read ({', '.join(sorted(_FORMATS))})")
    return path


def write_store(out_dir: str | os.PathLike[str], nquads: str | os.PathLike[str]) -> Path:
    """Bulk-load graph.nq into DIR/store, replacing any earlier store only once it is complete."""
    import shutil
    import tempfile

    import pyoxigraph as ox

    out = Path(out_dir)
    tmp = Path(tempfile.mkdtemp(prefix=".store.", dir=out))
    try:
        store = ox.Store(str(tmp))
        store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        store.flush()
        del store
        final = out / STORE_DIR
        old = out / f".{STORE_DIR}.old"
        if final.exists():
            final.rename(old)
        tmp.rename(final)
        shutil.rmtree(old, ignore_errors=True)
        return final
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def open_store(target: str | os.PathLike[str]):
    """A pyoxigraph Store for `target`: the build's on-disk store when there is one,
    else an in-memory store loaded from the RDF file (named graphs kept)."""
    import pyoxigraph as ox

    folder = Path(target)
    if folder.is_dir() and (folder / STORE_DIR).is_dir():
        try:
            return ox.Store.read_only(str(folder / STORE_DIR))
        except OSError:
            pass  # an unreadable store: fall back to the RDF file beside it
    path = graph_file(target)
    store = ox.Store()
    fmt = getattr(ox.RdfFormat, _FORMATS[path.suffix])
    try:
        store.bulk_load(path=str(path), format=fmt, to_graph=ox.DefaultGraph()
                        if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES) else None)
    except SyntaxError as exc:
        raise GraphNotFound(f"{path}: not valid RDF ({exc})") from None
    return store


def _cell(term) -> str | None:
    if term is None:
        return None
    return str(term.value) if hasattr(term, "value") else str(term)


@dataclass(frozen=True)
class QueryResult:
    """SELECT rows, an ASK answer, or CONSTRUCT/DESCRIBE triples (as N-Triples lines)."""

    variables: tuple[str, ...] = ()
    rows: tuple[tuple[str | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[str, ...] = ()
    _terms: tuple = ()

    def render(self, fmt: str = "table") -> str:
        if self.boolean is not None:
            return json.dumps({"head": {}, "boolean": self.boolean}) + "\n" if fmt == "json" else f"{str(self.boolean).lower()}\n"
        if self.triples:
            return "".join(t + "\n" for t in self.triples)
        if fmt == "csv":
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\n")
            writer.writerow(self.variables)
            writer.writerows([["" if c is None else c for c in row] for row in self.rows])
            return buf.getvalue()
        if fmt == "json":
            return json.dumps(self._sparql_json(), ensure_ascii=False, indent=1) + "\n"
        return self._table()

    def _table(self) -> str:
        cells = [[("" if c is None else c).replace("\n", " ") for c in row] for row in self.rows]
        widths = [min(60, max([len(v)] + [len(r[i]) for r in cells])) for i, v in enumerate(self.variables)]

        def fit(text: str, w: int) -> str:
            return (text[: w - 1] + "…") if len(text) > w else text.ljust(w)

        lines = ["  ".join(fit(v, w) for v, w in zip(self.variables, widths)).rstrip(),
                 "  ".join("-" * w for w in widths)]
        lines += ["  ".join(fit(c, w) for c, w in zip(r, widths)).rstrip() for r in cells]
        lines.append(f"({len(self.rows)} row{'s' if len(self.rows) != 1 else ''})")
        return "\n".join(lines) + "\n"

    def _sparql_json(self) -> dict:
        bindings = []
        for row in self._terms:
            b = {}
            for var, term in zip(self.variables, row):
                if term is None:
                    continue
                b[var] = _json_term(term)
            bindings.append(b)
        return {"head": {"vars": list(self.variables)}, "results": {"bindings": bindings}}


def _json_term(term) -> dict:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def run_query(target: str | os.PathLike[str], sparql: str, store=None) -> QueryResult:
    """Answer `sparql` over the graph at `target`; a malformed query raises QueryError."""
    import pyoxigraph as ox

    store = store if store is not None else open_store(target)
    prologue = sparql_prefixes()
    try:
        result = store.query(prologue + "\n" + sparql, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"malformed query: {_shift_position(str(exc), prologue)}") from None
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from None
    if isinstance(result, bool):
        return QueryResult(boolean=result)
    if isinstance(result, ox.QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        terms = tuple(tuple(sol[v] for v in variables) for sol in result)
        rows = tuple(tuple(_cell(t) for t in row) for row in terms)
        return QueryResult(variables=variables, rows=rows, _terms=terms)
    return QueryResult(triples=tuple(f"{t.subject} {t.predicate} {t.object} ." for t in result))


def _shift_position(message: str, prologue: str) -> str:
    """Report line numbers as the user wrote the query, not after our prefix lines."""
    import re

    offset = prologue.count("\n") + 1

    def fix(m: re.Match[str]) -> str:
        return f"at line {max(1, int(m.group(1)) - offset)}, column {m.group(2)}"

    return re.sub(r"at (\d+):(\d+)", fix, message)
