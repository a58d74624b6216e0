"""`kgraph explain`: one node, the merges that made it, and where each of its facts came from.

Answered from an index (kgraph.explain_index), not by replaying the build: the
merges the build recorded in DIR/.kgraph/merges.json, and every fact of graph.trig
with its documents and the evidence of provenance.trig, looked up by subject and
by object through DIR/.kgraph/explain.sqlite, which the build writes.

TARGET is a build folder, or a file in one (DIR/graph.ttl or DIR/graph.trig: the
folder's build is explained, merges and evidence included), or any other RDF file,
explained from that file alone (its named graphs, if any, as the sources; no merges).
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from kgraph.cache import CACHE_DIR, load_build
from kgraph.errors import GraphNotFound, KgraphError
from kgraph.explain_index import BLANK, LITERAL, load_around, load_merges, open_index
from kgraph.export.nxgraph import local_name
from kgraph.text import fold
from kgraph.vocab import DCT, KG, PROV, RDF, RDFS, SKOS

__all__ = ["Fact", "Explanation", "explain", "NodeNotFound", "EXIT_NOT_FOUND"]

_LABEL = RDFS.label
_ALT = SKOS.altLabel
_TYPE = RDF.type
_DERIVED = PROV.wasDerivedFrom
_AUTHOR_LIST = KG.authorList
_CREATOR = DCT.creator
_FIRST, _REST, _NIL = RDF.first, RDF.rest, RDF.nil

#: Exit code of `kgraph explain` when no node (or more than one) has the label given.
EXIT_NOT_FOUND = 1
#: Suggestions offered for a label that matches no node.
SUGGESTIONS = 5


class NodeNotFound(KgraphError):
    """No node, or several, have the label or IRI given; the message lists candidates."""

    exit_code = EXIT_NOT_FOUND


@dataclass(frozen=True)
class Fact:
    direction: str  # "out" (node -> value) or "in" (other -> node)
    predicate: str
    value: str
    sources: tuple[str, ...]
    evidence: tuple[str, ...] = ()
    note: str = ""


@dataclass
class Explanation:
    iri: str
    types: list[str]
    label: str
    alt_labels: list[str]
    merges: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    merges_known: bool = True

    def text(self) -> str:
        lines = [f"{self.label}  <{self.iri}>", f"  type: {', '.join(self.types)}"]
        if self.alt_labels:
            lines.append(f"  also written: {'; '.join(self.alt_labels)}")
        lines.append("  sources:")
        lines += [f"    {s}" for s in self.sources]
        if not self.merges_known:
            lines.append("  merges: not recorded in a lone RDF file (explain the build folder to see them)")
        else:
            lines.append("  merges:" if self.merges else "  merges: none (a single mention)")
        lines += [f"    {m}" for m in self.merges]
        lines.append("  facts:")
        for f in self.facts:
            arrow = f"{f.predicate} -> {f.value}" if f.direction == "out" else f"{f.value} -> {f.predicate} -> this"
            lines.append(f"    {arrow}{'  (' + f.note + ')' if f.note else ''}")
            if f.sources:
                lines.append(f"        from: {', '.join(f.sources)}")
            lines += [f"        {e}" for e in f.evidence]
        return "\n".join(lines)


@dataclass
class _Target:
    graph: Path
    provenance: Path | None
    cache: Path | None
    build: Path | None  # the build folder, when there is one


def _target(target: str | os.PathLike[str]) -> _Target:
    """Where the facts, the evidence and the index are for `target` (see the module doc)."""
    path = Path(target)
    folder = path if path.is_dir() else path.parent
    is_build = (folder / CACHE_DIR / "manifest.json").is_file() and (
        path.is_dir() or path.name in ("graph.ttl", "graph.trig"))
    if is_build:
        graph = folder / "graph.trig"
        if not graph.is_file():
            raise GraphNotFound(f"{folder}: the build has no graph.trig; rebuild it (kgraph build INPUTS --out DIR)")
        return _Target(graph, folder / "provenance.trig", folder / CACHE_DIR, folder)
    if path.is_dir():
        if (path / "graph.ttl").is_file():
            return _Target(path / "graph.ttl", None, None, None)
        raise GraphNotFound(f"{target}: no kgraph build here (no {CACHE_DIR}/manifest.json); run `kgraph build` first")
    if not path.is_file():
        raise GraphNotFound(f"{target}: no such file or folder")
    return _Target(path, None, None, None)


def explain(target: str | os.PathLike[str], node: str, *, progress: bool | None = None) -> Explanation:
    """Explain the node whose IRI or label is `node` in the build (or RDF file) at `target`."""
    from kgraph.progress import Step

    where = _target(target)
    path_of: dict[str, str] = {}
    merges = {"papers": {}, "entities": {}}
    if where.build is not None:
        path_of = {s.iri: s.path for s in load_build(where.build).sources}
        merges = load_merges(where.cache)
    what = (f"making the explain index for {where.build} (first explain; later ones reuse it) ..."
            if where.build is not None else f"indexing {where.graph} ...")
    conn = open_index(where.graph, where.provenance, where.cache, on_build=lambda: Step(what, progress))
    try:
        return _explain(conn, node, path_of, merges, where, merges_known=where.build is not None)
    finally:
        conn.close()


def _explain(conn, target: str, path_of: dict[str, str], merges: dict, where: _Target, *,
             merges_known: bool) -> Explanation:
    node = _find(conn, target)
    load_around(conn, node, where.graph, where.provenance)
    labels = _Labels(conn)

    def doc_name(doc: str | None) -> str:
        return path_of.get(doc, "") or labels.get(doc) if doc else ""

    rows = conn.execute("SELECT p, o, kind, group_concat(g, ' ') FROM quads WHERE s = ? GROUP BY p, o, kind "
                        "ORDER BY p, o", (node,)).fetchall()
    types, alts, docs, facts = [], [], set(), []
    label = node
    for p, o, kind, graphs in rows:
        sources = _names(graphs, doc_name)
        if p == _TYPE:
            types.append(local_name(o))
        elif p == _LABEL:
            label = o
        elif p == _ALT:
            alts.append(o)
        elif p == _DERIVED:
            docs.add(doc_name(o) or o)
        elif p == _AUTHOR_LIST and kind == BLANK:
            names = [labels.get(m) or m for m in _list_members(conn, o)]
            facts.append(Fact("out", "authors in order", "; ".join(f"{i}. {n}" for i, n in enumerate(names, 1)),
                              sources))
        else:
            value = o if kind == LITERAL else labels.get(o) or o
            if kind == LITERAL and len(value) > 160:
                value = value[:159] + "…"
            facts.append(Fact("out", local_name(p), value, sources, _evidence(conn, node, p, o, doc_name)))
    positions = _author_positions(conn, node)
    rows = conn.execute("SELECT s, p, group_concat(g, ' ') FROM quads WHERE o = ? AND kind != 1 "
                        "AND p NOT IN (?, ?, ?) GROUP BY s, p ORDER BY p, s", (node, _DERIVED, _FIRST, _REST)).fetchall()
    seen_lists = set()
    for s, p, graphs in rows:
        note = ""
        if p == _CREATOR and s in positions:
            note = positions[s]
            seen_lists.add(s)
        facts.append(Fact("in", local_name(p), labels.get(s) or s, _names(graphs, doc_name),
                          _evidence(conn, s, p, node, doc_name), note))
    for paper, note in sorted(positions.items()):
        if paper not in seen_lists:
            facts.append(Fact("in", "authorList", labels.get(paper) or paper, (), (), note))
    return Explanation(iri=node, types=types, label=label, alt_labels=alts,
                       merges=_merges(node, merges, path_of, labels) if merges_known else [],
                       sources=sorted(docs), facts=facts, merges_known=merges_known)


class _Labels:
    """rdfs:label of a node, looked up when asked."""

    def __init__(self, conn) -> None:
        self.conn = conn
        self.cache: dict[str, str] = {}

    def get(self, iri: str) -> str:
        if iri not in self.cache:
            row = self.conn.execute("SELECT label FROM labels WHERE s = ?", (iri,)).fetchone()
            self.cache[iri] = row[0] if row else ""
        return self.cache[iri]


def _names(graphs: str | None, doc_name) -> tuple[str, ...]:
    if not graphs:
        return ()
    return tuple(sorted({doc_name(g) or g for g in graphs.split(" ")}))


def _list_members(conn, head: str) -> list[str]:
    """The items of an rdf:List, in order (a cycle or a broken list ends the walk)."""
    items, node, seen = [], head, set()
    while node and node != _NIL and node not in seen:
        seen.add(node)
        cells = dict(conn.execute("SELECT p, o FROM quads WHERE s = ? AND p IN (?, ?)", (node, _FIRST, _REST)))
        if _FIRST not in cells:
            break
        items.append(cells[_FIRST])
        node = cells.get(_REST)
    return items


def _author_positions(conn, person: str) -> dict[str, str]:
    """paper IRI -> "author k of n" for every author list that holds `person`."""
    out: dict[str, str] = {}
    for (cell,) in conn.execute("SELECT DISTINCT s FROM quads WHERE o = ? AND kind != 1 AND p = ?", (person, _FIRST)).fetchall():
        head, steps, seen = cell, 0, {cell}
        while True:
            row = conn.execute("SELECT s FROM quads WHERE o = ? AND kind != 1 AND p = ? LIMIT 1", (head, _REST)).fetchone()
            if row is None or row[0] in seen:
                break
            head, steps = row[0], steps + 1
            seen.add(head)
        for (paper,) in conn.execute("SELECT DISTINCT s FROM quads WHERE o = ? AND kind != 1 AND p = ?", (head, _AUTHOR_LIST)):
            out[paper] = f"author {steps + 1} of {len(_list_members(conn, head))}"
    return out


#: kgraph.builder.ASSET_EXTRACTOR (not imported: explain starts without the build's modules)
_ASSET_EXTRACTOR = "ecosystem-graphs"


def _evidence(conn, s: str, p: str, o: str, doc_name) -> tuple[str, ...]:
    rows = conn.execute("SELECT extractor, confidence, field, g, text FROM evidence WHERE s = ? AND p = ? AND o = ? "
                        "ORDER BY g, field, text", (s, p, o)).fetchall()
    return tuple(f"explained in {fld} of {doc_name(g) or g}: \"{text}\"" if ext == _ASSET_EXTRACTOR else
                 f"extracted by {ext or '?'} (confidence {conf:.2f}) from {fld} of {doc_name(g) or g}: \"{text}\""
                 for ext, conf, fld, g, text in rows)


def _find(conn, target: str) -> str:
    """The node whose IRI or label is `target`: exact IRI, then one label equal up to case
    and accents, then one label containing it as whole words ("bert" is not in "Alberti");
    else NodeNotFound with candidates."""
    if conn.execute("SELECT 1 FROM labels WHERE s = ? LIMIT 1", (target,)).fetchone():
        return target
    want = fold(target.strip())
    labels = conn.execute("SELECT s, label FROM labels").fetchall()
    folded = [(fold(label), label, iri) for iri, label in labels]
    exact = sorted((iri, label) for f, label, iri in folded if f == want)
    if len(exact) == 1:
        return exact[0][0]
    words = re.compile(rf"(?<!\w){re.escape(want)}(?!\w)") if want else None
    candidates = exact or sorted((iri, label) for f, label, iri in folded if words and words.search(f))
    if len(candidates) == 1:
        return candidates[0][0]
    if candidates:
        shown = "; ".join(f"{label} <{iri}>" for iri, label in candidates[:8])
        more = f" (and {len(candidates) - 8} more)" if len(candidates) > 8 else ""
        raise NodeNotFound(f"{len(candidates)} nodes match {target!r}: {shown}{more} — give the IRI")
    suggestions = _did_you_mean(want, folded)
    hint = ("; did you mean: " + "; ".join(f"{label!r}" for label in suggestions)) if suggestions else ""
    raise NodeNotFound(f"no node has the label or IRI {target!r}{hint}")


def _did_you_mean(want: str, folded: list[tuple[str, str, str]]) -> list[str]:
    """The closest labels (difflib ratio over case- and accent-folded labels), best first;
    ties broken by label so the list is the same on every run."""
    scored = []
    for f, label, _ in folded:
        m = difflib.SequenceMatcher(None, want, f, autojunk=False)
        if m.real_quick_ratio() >= 0.6 and m.quick_ratio() >= 0.6:
            ratio = m.ratio()
            if ratio >= 0.6:
                scored.append((-ratio, label))
    out: list[str] = []
    for _, label in sorted(set(scored)):
        if label not in out:
            out.append(label)
        if len(out) == SUGGESTIONS:
            break
    return out


def _merges(node: str, merges: dict, path_of: dict[str, str], labels: _Labels) -> list[str]:
    def where(ref: str) -> str:
        doc, _, index = ref.rpartition("#")
        return f"{path_of.get(doc, doc)} record {index}"

    paper = merges["papers"].get(node)
    if paper:
        records = paper.get("records", [])
        out = [f"{len(records)} records: " + "; ".join(where(r) for r in records)]
        out += [f"{rule} ({evidence}): {where(left)} = {where(right)}"
                for rule, evidence, left, right in paper.get("merges", [])]
        return out
    ent = merges["entities"].get(node)
    if not ent:
        return []
    spellings = ent.get("spellings", [])
    out = []
    if len(spellings) > 1:
        out.append(f"{len(spellings)} spellings merged: " + "; ".join(
            f"{name!r} ({count} mention{'s' if count != 1 else ''})" if count else f"{name!r} (as printed)"
            for name, count in spellings))
    out += [f"{rule} (key {evidence!r}): {right} -> {left}" for rule, evidence, left, right in ent.get("merges", [])]
    return out
