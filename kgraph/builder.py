"""Turn records plus their resolution into triples, each filed under its source document.

This is the only module that knows how records map onto the vocabulary of SPEC.md.
Where sources disagree on a single-valued fact (two titles, two dates) one value is
chosen by a fixed rule and attributed to the documents that gave exactly that value.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
import json
import os

from kgraph.graph import IRI, BNode, KnowledgeGraph, Literal, safe_iri
from kgraph.iris import category_iri, repository_iri, venue_iri
from kgraph.models import DocumentRecords, Mention, PaperRecord, PartialDate, Venue
from kgraph.resolve import PaperCluster, Resolution
from kgraph.text import clean_space, short_hash
from kgraph.urls import clean_url, repository_key
from kgraph.vocab import NS

__all__ = ["SourceInfo", "Evidence", "build_graph", "paper_label"]

KG = NS["kg"]
RDF_TYPE = NS["rdf"] + "type"
RDFS_LABEL = NS["rdfs"] + "label"
ALT_LABEL = NS["skos"] + "altLabel"
NOTATION = NS["skos"] + "notation"
DERIVED = NS["prov"] + "wasDerivedFrom"
DCT = NS["dcterms"]
FOAF = NS["foaf"]
RDF = NS["rdf"]


@dataclass(frozen=True)
class SourceInfo:
    """A document as the builder needs it: identity, path, reader and what it said."""

    iri: str
    path: str
    content_hash: str
    records: DocumentRecords


@dataclass(frozen=True)
class Evidence:
    """Where an extracted fact came from: document, extractor, confidence and text span."""

    subject: str
    predicate: str
    object: str
    source: str
    extractor: str
    confidence: float
    field: str
    start: int
    end: int
    text: str


@dataclass
class _Emitter:
    graph: KnowledgeGraph
    evidence: list[Evidence] = field(default_factory=list)

    def node(self, iri: IRI, cls: str, label: str, sources: Iterable[str], alt: Iterable[str] = ()) -> None:
        """Type, the one label, other spellings and provenance, in every contributing document."""
        alt = sorted({a for a in alt if a and a != label})
        for src in sorted(set(sources)):
            self.graph.add(iri, RDF_TYPE, IRI(KG + cls), src)
            self.graph.add(iri, RDFS_LABEL, Literal(label), src)
            for a in alt:
                self.graph.add(iri, ALT_LABEL, Literal(a), src)
            self.graph.add(iri, DERIVED, IRI(src), src)

    def fact(self, s: IRI | BNode, p: str, o, sources: Iterable[str]) -> None:
        for src in sources:
            self.graph.add(s, p, o, src)


@lru_cache(maxsize=1)
def _category_names() -> dict[str, str]:
    try:
        raw = json.loads(files("kgraph.data").joinpath("arxiv_categories.json").read_text("utf-8"))
    except FileNotFoundError:
        return {}
    return {k: v for k, v in raw.items() if not k.startswith("_") and isinstance(v, str)}


def paper_label(title: str | None, arxiv_id: str | None, abstract: str | None) -> str:
    """Title, else "arXiv:ID", else the abstract's first words: every paper gets a name."""
    if title:
        return clean_space(title)
    if arxiv_id:
        return f"arXiv:{arxiv_id}"
    words = clean_space(abstract or "").split(" ")
    return " ".join(words[:10]) + (" …" if len(words) > 10 else "")


def _date_literal(d: PartialDate | None) -> Literal | None:
    lex = d.lexical() if d else None
    return Literal.typed(lex[0], lex[1]) if lex else None


def _precision(d: PartialDate) -> int:
    return (d.year is not None) * 4 + (d.month is not None) * 2 + (d.day is not None)


def _choose(values: list[tuple[object, str]], key=None) -> tuple[object | None, list[str]]:
    """The value most sources give (ties: the first by `key`), and those sources."""
    if not values:
        return None, []
    counts = Counter(v for v, _ in values)
    best = sorted(counts, key=lambda v: (-counts[v], key(v) if key else str(v)))[0]
    return best, sorted({s for v, s in values if v == best})


def _venue_label(v: Venue) -> str:
    base = f"{v.series} {v.year}" if v.year else v.series
    if v.kind == "workshop":
        return f"{base} Workshop: {v.event_name}" if v.event_name else f"{base} Workshop"
    if v.track:
        return f"{base} ({v.track})"
    return base


def build_graph(sources: Sequence[SourceInfo], resolution: Resolution) -> tuple[KnowledgeGraph, list[Evidence]]:
    """The whole graph, with one named graph per source document."""
    out = _Emitter(KnowledgeGraph())
    for src in sorted(sources, key=lambda s: s.iri):
        _emit_document(out, src)
    for cluster in resolution.papers:
        members = [(ref.doc, resolution.records[ref]) for ref in cluster.members]
        _emit_paper(out, cluster, members, resolution)
    _emit_entities(out, resolution)
    for src in sorted(sources, key=lambda s: s.iri):
        for art in src.records.artifacts:
            _emit_artifact_record(out, src.iri, art, resolution)
    return out.graph, out.evidence


def _emit_document(out: _Emitter, src: SourceInfo) -> None:
    doc = IRI(src.iri)
    g = out.graph
    g.add(doc, RDF_TYPE, IRI(KG + "SourceDocument"), src.iri)
    g.add(doc, RDFS_LABEL, Literal(os.path.basename(src.path) or src.path), src.iri)
    g.add(doc, KG + "path", Literal(src.path), src.iri)
    g.add(doc, KG + "format", Literal(src.records.format), src.iri)
    g.add(doc, KG + "contentHash", Literal(src.content_hash), src.iri)


def _emit_paper(out: _Emitter, cluster: PaperCluster, members: list[tuple[str, PaperRecord]],
                res: Resolution) -> None:
    p = cluster.iri
    docs = sorted({d for d, _ in members})

    title, title_docs = _choose([(clean_space(r.title), d) for d, r in members if r.title],
                                key=lambda t: (-len(t), t))
    arxiv, arxiv_docs = _choose([(r.arxiv_id, d) for d, r in members if r.arxiv_id])
    abstracts = [(clean_space(r.abstract), d, r.truncated) for d, r in members if r.abstract]
    abstract = None
    if abstracts:
        abstract = sorted(abstracts, key=lambda a: (a[2], -len(a[0]), a[0]))[0][0]
    label = paper_label(title, arxiv, abstract)
    out.node(p, "Paper", label, docs)
    if title:
        out.fact(p, DCT + "title", Literal(title), title_docs)
    if abstract:
        out.fact(p, DCT + "abstract", Literal(abstract), sorted({d for a, d, _ in abstracts if a == abstract}))
    if arxiv:
        out.fact(p, KG + "arxivId", Literal(arxiv), arxiv_docs)
    doi, doi_docs = _choose([(r.doi, d) for d, r in members if r.doi])
    if doi:
        out.fact(p, KG + "doi", Literal(doi), doi_docs)

    issued = [(r.issued, d) for d, r in members if r.issued and r.issued.lexical()]
    if issued:
        best = sorted((i for i, _ in issued), key=lambda x: (-_precision(x), x.lexical()[0]))[0]
        out.fact(p, DCT + "issued", _date_literal(best), sorted({d for i, d in issued if i == best}))
    updated = [(r.updated, d) for d, r in members if r.updated and r.updated.lexical()]
    if updated:
        best = sorted((i for i, _ in updated), key=lambda x: (-_precision(x), x.lexical()[0]))[-1]
        out.fact(p, KG + "updated", _date_literal(best), sorted({d for i, d in updated if i == best}))

    for d, r in members:
        for code in r.categories:
            out.fact(p, KG + "category", category_iri(code), [d])
        for inst in r.institutions:
            org = res.organization(inst.name)
            if org:
                out.fact(p, KG + "affiliation", org.iri, [d])
        for url in r.code_urls:
            out.fact(p, KG + "hasCode", repository_iri(url), [d])
        for url in r.homepage_urls:
            out.fact(p, FOAF + "homepage", safe_iri(clean_url(url)), [d])
        if r.venue:
            out.fact(p, KG + "publishedIn", _venue_iri(r.venue), [d])
        if r.truncated:
            out.fact(p, KG + "truncatedRecord", Literal.typed(True, "boolean"), [d])
    flags = [(r.has_code_flag, d) for d, r in members if r.has_code_flag is not None]
    if flags:
        any_true = any(f for f, _ in flags)
        out.fact(p, KG + "hasCodeFlag", Literal.typed(any_true, "boolean"),
                 sorted({d for f, d in flags if f == any_true}))
    votes = [(r.upvotes, d) for d, r in members if r.upvotes is not None]
    if votes:
        top = max(v for v, _ in votes)
        out.fact(p, KG + "upvotes", Literal.typed(top, "integer"), sorted({d for v, d in votes if v == top}))

    _emit_authors(out, p, members, res)
    _emit_mentions(out, p, members, res)


def _emit_authors(out: _Emitter, p: IRI, members: list[tuple[str, PaperRecord]], res: Resolution) -> None:
    """Creators from every record; the ordered list from the most complete one."""
    for d, r in members:
        for a in r.all_authors:
            person = res.person(a.name)
            if person:
                out.fact(p, NS["dcterms"] + "creator", person.iri, [d])
    with_authors = [(d, r) for d, r in members if r.authors]
    if with_authors:
        def completeness(item: tuple[str, PaperRecord]) -> tuple:
            d, r = item
            return (r.authors_truncated, -len(r.authors), d)

        best_doc, best = sorted(with_authors, key=completeness)[0]
        names = tuple(a.name for a in best.all_authors)
        list_docs = sorted({d for d, r in with_authors if tuple(a.name for a in r.all_authors) == names})
        iris = [res.person(n).iri for n in names if res.person(n)]
        if iris:
            head = _rdf_list(out, f"al{short_hash(p, 10)}", iris, list_docs)
            out.fact(p, KG + "authorList", head, list_docs)
    truncated = [(r.authors_truncated, d) for d, r in members if r.authors or r.author_count or r.authors_truncated]
    if truncated:
        # Truncated only when no source gives the full list.
        full = any(not t for t, _ in truncated)
        out.fact(p, KG + "authorsTruncated", Literal.typed(not full, "boolean"),
                 sorted({d for t, d in truncated if t == (not full)}))
    counts = [(r.author_count, d) for d, r in members if r.author_count]
    if counts:
        top = max(c for c, _ in counts)
        out.fact(p, KG + "authorCount", Literal.typed(top, "integer"), sorted({d for c, d in counts if c == top}))


def _rdf_list(out: _Emitter, stem: str, items: list[IRI], docs: list[str]) -> BNode:
    nodes = [BNode(f"{stem}n{i}") for i in range(len(items))]
    for i, (node, item) in enumerate(zip(nodes, items)):
        out.fact(node, RDF + "first", item, docs)
        out.fact(node, RDF + "rest", nodes[i + 1] if i + 1 < len(nodes) else IRI(RDF + "nil"), docs)
    return nodes[0]


def _emit_mentions(out: _Emitter, p: IRI, members: list[tuple[str, PaperRecord]], res: Resolution) -> None:
    """introduces / uses / mentionsOrganization; introducing an artifact outranks using it."""
    introduced = {res.artifact(m.name).iri for _, r in members for m in r.mentions
                  if m.role == "introduces" and m.kind != "organization" and res.artifact(m.name)}
    for d, r in members:
        for m in r.mentions:
            if m.kind == "organization":
                org = res.organization(m.name)
                if org:
                    _extracted(out, p, KG + "mentionsOrganization", org.iri, d, r, m)
                continue
            art = res.artifact(m.name)
            if art is None:
                continue
            if m.role == "introduces":
                _extracted(out, p, KG + "introduces", art.iri, d, r, m)
            elif art.iri not in introduced:
                _extracted(out, p, KG + "uses", art.iri, d, r, m)
        for rel in r.relations:
            subj = res.artifact(rel.subject)
            obj = res.organization(rel.object) if rel.object_kind == "organization" else res.artifact(rel.object)
            if subj and obj and subj.iri != obj.iri:
                out.fact(subj.iri, KG + rel.predicate, obj.iri, [d])
                text = _span(r, rel.field, rel.start, rel.end)
                out.evidence.append(Evidence(subj.iri, KG + rel.predicate, obj.iri, d, rel.extractor,
                                             rel.confidence, rel.field, rel.start, rel.end, text))


def _span(r: PaperRecord, field_name: str, start: int, end: int) -> str:
    text = {"title": r.title, "abstract": r.abstract}.get(field_name) or ""
    return text[start:end] if 0 <= start < end <= len(text) else ""


def _extracted(out: _Emitter, s: IRI, p: str, o: IRI, doc: str, r: PaperRecord, m: Mention) -> None:
    out.fact(s, p, o, [doc])
    out.evidence.append(Evidence(s, p, o, doc, m.extractor, m.confidence, m.field, m.start, m.end,
                                 _span(r, m.field, m.start, m.end)))


def _venue_iri(v: Venue) -> IRI:
    return venue_iri(v.series, v.year, v.kind if v.kind == "workshop" else None, v.event_name if v.kind == "workshop" else v.track)


def _emit_entities(out: _Emitter, res: Resolution) -> None:
    """Nodes for everything the papers point at: people, organizations, artifacts,
    categories, venues and repositories (the last three straight from the records)."""
    for ent in res.people.values():
        out.node(ent.iri, "Person", ent.label, ent.sources, ent.spellings)
        out.fact(ent.iri, FOAF + "name", Literal(ent.label), sorted(ent.sources))
    for ent in res.organizations.values():
        out.node(ent.iri, "Organization", ent.label, ent.sources, ent.spellings)
    for ent in res.artifacts.values():
        out.node(ent.iri, ent.kind, ent.label, ent.sources, ent.spellings)
    names = _category_names()
    cats: dict[str, set[str]] = {}
    venues: dict[IRI, tuple[Venue, set[str]]] = {}
    repos: dict[IRI, tuple[str, set[str]]] = {}
    for cluster in res.papers:
        for ref in cluster.members:
            rec = res.records[ref]
            for code in rec.categories:
                cats.setdefault(code, set()).add(ref.doc)
            if rec.venue:
                vi = _venue_iri(rec.venue)
                venues.setdefault(vi, (rec.venue, set()))[1].add(ref.doc)
            for url in rec.code_urls:
                ri = repository_iri(url)
                repos.setdefault(ri, (clean_url(url), set()))[1].add(ref.doc)
    for code, docs in sorted(cats.items()):
        ci = category_iri(code)
        label = f"{names[code]} ({code})" if code in names else code
        out.node(ci, "Category", label, docs)
        out.fact(ci, NOTATION, Literal(code), sorted(docs))
    for vi, (v, docs) in sorted(venues.items()):
        out.node(vi, "Venue", _venue_label(v), docs)
        out.fact(vi, KG + "venueSeries", Literal(v.series), sorted(docs))
        if v.year:
            out.fact(vi, KG + "year", Literal.typed(v.year, "gYear"), sorted(docs))
        if v.kind:
            out.fact(vi, KG + "venueKind", Literal(v.kind), sorted(docs))
        if v.track:
            out.fact(vi, KG + "track", Literal(v.track), sorted(docs))
    for ri, (url, docs) in sorted(repos.items()):
        key = repository_key(url)
        label = key.split("/", 1)[1] if "/" in key else key
        out.node(ri, "CodeRepository", label, docs)
        out.fact(ri, KG + "url", safe_iri(url if "://" in url else "https://" + url), sorted(docs))


def _emit_artifact_record(out: _Emitter, doc: str, art, res: Resolution) -> None:
    """Facts an asset file states about an artifact (Ecosystem Graphs)."""
    ent = res.artifact(art.name)
    if ent is None:
        return
    for org_name in art.organizations:
        org = res.organization(org_name)
        if org:
            out.fact(ent.iri, KG + "developedBy", org.iri, [doc])
    for dep in art.dependencies:
        target = res.artifact(dep)
        if target and target.iri != ent.iri:
            out.fact(ent.iri, KG + "dependsOn", target.iri, [doc])
    if art.description:
        out.fact(ent.iri, DCT + "description", Literal(art.description), [doc])
    created = _date_literal(art.created)
    if created:
        out.fact(ent.iri, KG + "created", created, [doc])
    if art.url:
        out.fact(ent.iri, FOAF + "homepage", safe_iri(art.url), [doc])
    for key, value in sorted(art.properties.items()):
        out.fact(ent.iri, KG + key, Literal(value), [doc])
