"""`kgraph explain`: one node, the merges that made it, and where each of its facts came from.

The build folder's record cache is replayed through resolution and graph building,
so the explanation is exactly what the build did, without storing it twice.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kgraph.builder import Evidence
from kgraph.cache import load_sources
from kgraph.errors import KgraphError
from kgraph.export.nxgraph import local_name
from kgraph.graph import IRI, Literal
from kgraph.text import fold
from kgraph.vocab import NS

__all__ = ["Fact", "Explanation", "explain"]

_LABEL = NS["rdfs"] + "label"
_ALT = NS["skos"] + "altLabel"
_TYPE = NS["rdf"] + "type"
_DERIVED = NS["prov"] + "wasDerivedFrom"
_AUTHOR_LIST = NS["kg"] + "authorList"
_FIRST, _REST = NS["rdf"] + "first", NS["rdf"] + "rest"


def _list_members(graph, head) -> list[str]:
    """The items of an rdf:List, in order."""
    by_node = {}
    for s, p, o in graph.triples():
        if p in (_FIRST, _REST):
            by_node.setdefault(s, {})[p] = o
    items, node = [], head
    while node in by_node:
        items.append(by_node[node].get(_FIRST))
        node = by_node[node].get(_REST)
    return items


@dataclass(frozen=True)
class Fact:
    direction: str  # "out" (node -> value) or "in" (other -> node)
    predicate: str
    value: str
    sources: tuple[str, ...]
    evidence: tuple[str, ...] = ()


@dataclass
class Explanation:
    iri: str
    types: list[str]
    label: str
    alt_labels: list[str]
    merges: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)

    def text(self) -> str:
        lines = [f"{self.label}  <{self.iri}>", f"  type: {', '.join(self.types)}"]
        if self.alt_labels:
            lines.append(f"  also written: {'; '.join(self.alt_labels)}")
        lines.append("  sources:")
        lines += [f"    {s}" for s in self.sources]
        lines.append("  merges:" if self.merges else "  merges: none (a single mention)")
        lines += [f"    {m}" for m in self.merges]
        lines.append("  facts:")
        for f in self.facts:
            arrow = f"{f.predicate} -> {f.value}" if f.direction == "out" else f"{f.value} -> {f.predicate} -> this"
            lines.append(f"    {arrow}")
            lines.append(f"        from: {', '.join(f.sources)}")
            lines += [f"        {e}" for e in f.evidence]
        return "\n".join(lines)


def explain(out_dir: str | os.PathLike[str], target: str, *, vocab=()) -> Explanation:
    """Explain the node whose IRI or label is `target` in the build at `out_dir`."""
    from kgraph.graph import KnowledgeGraph
    from kgraph.pipeline import assemble

    sources = load_sources(Path(out_dir))
    graph = KnowledgeGraph()
    evidence: list[Evidence] = []
    resolution = assemble(sources, graph.add_block, evidence=evidence.append, vocab=vocab)
    path_of = {s.iri: s.path for s in sources}
    labels: dict[str, str] = {}
    for s, p, o in graph.triples():
        if p == _LABEL and isinstance(o, Literal):
            labels[s] = o.value
    node = _find(target, labels)

    types, alts, facts, docs = [], [], [], set()
    ev_by_fact: dict[tuple[str, str, str], list[Evidence]] = {}
    for e in evidence:
        ev_by_fact.setdefault((e.subject, e.predicate, e.object), []).append(e)
    for s, p, o in graph.triples():
        if s == node:
            if p == _TYPE:
                types.append(local_name(o))
            elif p == _ALT:
                alts.append(o.value)
            elif p == _DERIVED:
                docs.add(path_of.get(str(o), str(o)))
            elif p != _LABEL:
                facts.append(_fact("out", s, p, o, graph, labels, path_of, ev_by_fact))
        elif o == node and p != _DERIVED:
            facts.append(_fact("in", s, p, s, graph, labels, path_of, ev_by_fact, obj=o))
    return Explanation(iri=node, types=types, label=labels[node], alt_labels=alts,
                       merges=_merges(node, resolution, path_of), sources=sorted(docs), facts=facts)


def _find(target: str, labels: dict[str, str]) -> str:
    if target in labels:
        return target
    want = fold(target.strip())
    exact = sorted(n for n, label in labels.items() if fold(label) == want)
    if len(exact) == 1:
        return exact[0]
    partial = sorted(n for n, label in labels.items() if want in fold(label))
    candidates = exact or partial
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise KgraphError(f"no node has the label or IRI {target!r}")
    shown = "; ".join(f"{labels[n]} <{n}>" for n in candidates[:8])
    raise KgraphError(f"{len(candidates)} nodes match {target!r}: {shown} — give the IRI")


def _fact(direction, s, p, o, graph, labels, path_of, ev_by_fact, obj=None) -> Fact:
    triple = (s, p, obj if obj is not None else o)
    docs = tuple(sorted(path_of.get(d, d) for d in graph.sources(triple)))
    if isinstance(o, Literal):
        value = o.value if len(o.value) <= 160 else o.value[:159] + "…"
    elif p == _AUTHOR_LIST:
        value = "(" + ", ".join(labels.get(m, m) for m in _list_members(graph, o)) + ")"
    else:
        value = labels.get(o, str(o))
    ev = tuple(
        f"extracted by {e.extractor or '?'} (confidence {e.confidence:.2f}) from {e.field} "
        f"of {path_of.get(e.source, e.source)}: \"{e.text}\""
        for e in ev_by_fact.get((str(triple[0]), str(p), str(triple[2])), []))
    return Fact(direction, local_name(p), value, docs, ev)


def _merges(node: str, resolution, path_of: dict[str, str]) -> list[str]:
    def where(ref: str) -> str:
        doc, _, index = ref.rpartition("#")
        return f"{path_of.get(doc, doc)} record {index}"

    clusters = [c for c in resolution.papers if c.iri == node]
    for cluster in clusters:
        if cluster.iri == node:
            out = [f"{len(cluster.members)} records: " + "; ".join(where(f"{m.doc}#{m.index}") for m in cluster.members)]
            out += [f"{m.rule} ({m.evidence}): {where(m.left)} = {where(m.right)}" for m in cluster.merges]
            return out
    for table in (resolution.people, resolution.organizations, resolution.artifacts):
        ent = table.get(IRI(node))
        if ent is not None:
            return [f"{m.rule} ({m.evidence}): {m.right}" for m in ent.merges]
    return []
