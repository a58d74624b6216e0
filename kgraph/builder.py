"""Turn records plus their resolution into blocks of facts, each filed under its documents.

This is the only module that knows how records map onto the vocabulary of SPEC.md.
Records arrive one at a time (the second pass of a build); each paper's facts are
emitted as one block as soon as all of its records have been seen, and the people,
organizations, artifacts, categories, venues, repositories and documents follow at
the end, sorted by IRI. Where sources disagree on a single-valued fact (two titles,
two dates) one value is chosen by a fixed rule and attributed to the documents
that gave exactly that value.
"""

from __future__ import annotations

import heapq
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from kgraph.data import table
from kgraph.graph import IRI, Block, Collection, Literal, fact_sort_key, safe_iri
from kgraph.iris import category_iri, repository_iri, venue_iri
from kgraph.models import ArtifactRecord, Mention, PaperRecord, PartialDate, Venue
from kgraph.resolve import Resolution
from kgraph.text import clean_space, short_hash
from kgraph.urls import clean_url, repository_key, web_url
from kgraph.vocab import NS

__all__ = ["Evidence", "EntityFacts", "GraphEmitter", "paper_label", "ASSET_PROPERTIES"]

KG = NS["kg"]
RDF_TYPE = NS["rdf"] + "type"
RDFS_LABEL = NS["rdfs"] + "label"
ALT_LABEL = NS["skos"] + "altLabel"
NOTATION = NS["skos"] + "notation"
DERIVED = NS["prov"] + "wasDerivedFrom"
DCT = NS["dcterms"]
FOAF = NS["foaf"]

#: Ecosystem Graphs fields kept as literal properties (each is a kg: term, named as the
#: reader names the field: "intended_uses" -> kg:intendedUses).
ASSET_PROPERTIES = ("license", "access", "modality", "size",
                    "intendedUses", "prohibitedUses", "monitoring", "feedback", "analysis", "modelCard",
                    "trainingEmissions", "trainingTime", "trainingHardware", "qualityControl", "adaptation",
                    "outputSpace", "termsOfService", "userDistribution", "failures", "monthlyActiveUsers")
#: Where the explanation of an asset's record-level field goes: the property of its facts.
_EXPLAINED_FIELDS = {"organization": KG + "developedBy", "dependencies": KG + "dependsOn",
                     "description": DCT + "description", "createdDate": KG + "created", "url": FOAF + "homepage"}
#: kg:extractor of the statements that carry an asset file's explanations.
ASSET_EXTRACTOR = "ecosystem-graphs"


class Evidence(NamedTuple):
    """Where an extracted fact came from: document, extractor, confidence and text span.

    A named tuple: one is made for every extracted fact, several per paper.
    """

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
    explanation: str | None = None  # the source's own reason for the fact (Ecosystem Graphs)


def _snake(key: str) -> str:
    """"createdDate" -> "created_date": the field as the asset file names it."""
    return "".join("_" + c.lower() if c.isupper() else c for c in key)


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


def _choose(values: list[tuple[object, str]], key=None) -> tuple[object | None, tuple[str, ...]]:
    """The value most sources give (ties: the first by `key`), and those sources."""
    if not values:
        return None, ()
    if len(values) == 1:
        return values[0][0], (values[0][1],)
    counts = Counter(v for v, _ in values)
    best = sorted(counts, key=lambda v: (-counts[v], key(v) if key else str(v)))[0]
    return best, tuple(sorted({s for v, s in values if v == best}))


def _chosen_asset_facts(records: list[tuple[tuple, str, list]]) -> Iterator[tuple[str, object, str, str | None, str]]:
    """(predicate, object, document, explanation, field) of the single-valued facts an asset
    keeps when several records describe it (the same name and organization in two files):
    each property's value comes from the record with the earliest created date (a name's
    first release; a later record usually describes an update), ties broken by document
    IRI and position; a record without a date comes last. A property the first record
    lacks is taken from the next one that has it."""
    taken: set[str] = set()
    for _, doc, facts in sorted(records, key=lambda r: r[0]):
        got = set()
        for p, o, why, key in facts:
            if p not in taken:
                yield p, o, doc, why, key
                got.add(p)
        taken |= got


def _venue_label(v: Venue) -> str:
    base = f"{v.series} {v.year}" if v.year else v.series
    if v.kind == "workshop":
        return f"{base} Workshop: {v.event_name}" if v.event_name else f"{base} Workshop"
    if v.track:
        return f"{base} ({v.track})"
    return base


def _venue_iri(v: Venue) -> IRI:
    workshop = v.kind == "workshop"
    return venue_iri(v.series, v.year, "workshop" if workshop else None, v.event_name if workshop else v.track)


class _BlockBuilder:
    """Facts about one subject, gathered before the block is emitted."""

    def __init__(self, subject: IRI) -> None:
        self.subject = subject
        self.facts: dict[tuple[str, object], set[str]] = {}

    def add(self, p: str, o, sources: Iterable[str]) -> None:
        self.facts.setdefault((p, o), set()).update(sources)

    def node(self, cls: str, label: str, sources: Iterable[str], alt: Iterable[str] = ()) -> None:
        sources = set(sources)
        self.add(RDF_TYPE, IRI(KG + cls), sources)
        self.add(RDFS_LABEL, Literal(label), sources)
        for a in sorted({a for a in alt if a and a != label}):
            self.add(ALT_LABEL, Literal(a), sources)
        for src in sources:
            self.add(DERIVED, IRI(src), (src,))

    def block(self) -> Block:
        facts = [(p, o, tuple(sorted(srcs))) for (p, o), srcs in self.facts.items()]
        facts.sort(key=fact_sort_key)
        return Block(self.subject, facts)


class _OneSourceBlock(_BlockBuilder):
    """A block whose every fact comes from one document (a paper known from one
    record: nearly all of them), without a set of sources per fact."""

    def __init__(self, subject: IRI, doc: str) -> None:
        super().__init__(subject)
        self.only = (doc,)

    def add(self, p: str, o, sources: Iterable[str] = ()) -> None:
        self.facts[(p, o)] = None  # type: ignore[assignment]

    def block(self) -> Block:
        only = self.only
        facts = [(p, o, only) for p, o in self.facts]
        facts.sort(key=fact_sort_key)
        return Block(self.subject, facts)


class EntityFacts:
    """What the paper records say about entities, gathered while the papers stream by."""

    def __init__(self) -> None:
        self.categories: dict[str, set[str]] = defaultdict(set)
        self.venues: dict[IRI, tuple[Venue, set[str]]] = {}
        self.repos: dict[IRI, tuple[str, set[str]]] = {}
        self.blocks: dict[str, _BlockBuilder] = {}  # facts with an entity as subject (dependsOn, ...)
        #: artifact IRI -> its asset records' single-valued facts: (rank, document, facts)
        self.assets: dict[str, list[tuple[tuple, str, list]]] = {}


class GraphEmitter:
    """Receives records in a fixed order and hands finished blocks to `emit`.

    A paper known from one record is emitted at once; a paper merged from
    several records waits for the end and is emitted then, in IRI order. So the
    output is the same however the records are split into spools.
    """

    def __init__(self, resolution: Resolution, emit: Callable[[Block], None],
                 evidence: Callable[[Evidence], None] | None = None) -> None:
        self.res = resolution
        self.emit = emit
        self.evidence = evidence or (lambda e: None)
        self.entities = EntityFacts()
        self._ref = 0  # the next paper record, among all of them
        self._merged: dict[IRI, list[tuple[str, PaperRecord]]] = {}  # papers of several records
        self._documents: list = []

    # -- input ----------------------------------------------------------------

    def document(self, src) -> None:
        """A source document (anything with iri, path, content_hash and format)."""
        self._documents.append(src)

    def paper(self, doc: str, rec: PaperRecord) -> None:
        """The next paper record, in the order the records were given to the index."""
        iri, size = self.res.paper_of(self._ref)
        self._ref += 1
        self._note_entities(doc, rec)
        if size == 1:
            self._emit_single(iri, doc, rec)
        else:
            self._merged.setdefault(iri, []).append((doc, rec))

    def artifact(self, doc: str, art: ArtifactRecord) -> None:
        """Facts an asset file states about an artifact (Ecosystem Graphs).

        Links (developedBy, dependsOn) from every record of the node are kept; the
        single-valued facts (description, created date, homepage, the card's literals)
        come from one record, chosen in `_asset_facts` when all records are in.
        """
        ent = self.res.artifact(art.name, art.organizations)
        if ent is None:
            return
        props = art.properties
        b = self._facts_of(ent.iri)
        links: list[tuple[str, IRI, str]] = []
        for org_name in art.organizations:
            org = self.res.organization(org_name)
            if org:
                links.append((KG + "developedBy", org.iri, "organization"))
        for dep in art.dependencies:
            target = self.res.artifact(dep, art.organizations)
            if target and target.iri != ent.iri:
                links.append((KG + "dependsOn", target.iri, "dependencies"))
        for p, o, key in links:
            b.add(p, o, (doc,))
            if (why := props.get(key + "Explanation")) is not None:
                self._explained(ent.iri, p, o, doc, key, why)
        facts: list[tuple[str, object, str | None, str]] = []
        if art.description:
            facts.append((DCT + "description", Literal(clean_space(art.description)), "description"))
        created = _date_literal(art.created)
        if created:
            facts.append((KG + "created", created, "createdDate"))
        url = web_url(art.url) if art.url else None
        if url:  # only web addresses become links: never javascript:, file:, data:
            facts.append((FOAF + "homepage", safe_iri(url), "url"))
        for key in ASSET_PROPERTIES:
            value = props.get(key)
            if value:
                facts.append((KG + key, Literal(value), key))
        # an explanation of a value the source gives as unknown or none: a statement with no object
        stated = {key for _, _, key in facts} | {key for _, _, key in links}
        for key in (*_EXPLAINED_FIELDS, *ASSET_PROPERTIES):
            why = props.get(key + "Explanation")
            if why is not None and key not in stated:
                self._explained(ent.iri, _EXPLAINED_FIELDS.get(key) or KG + key, None, doc, key, why)
        rank = (created.value if created else "~", doc, art.index)
        chosen = [(p, o, props.get(key + "Explanation"), key) for p, o, key in facts]
        self.entities.assets.setdefault(ent.iri, []).append((rank, doc, chosen))

    def _explained(self, subject: str, p: str, o, doc: str, key: str, why: str) -> None:
        """The asset file's explanation of one fact, as provenance (a reified statement)."""
        self.evidence(Evidence(subject, p, o, doc, ASSET_EXTRACTOR, 1.0, _snake(key), -1, -1, "", why))

    def finish(self) -> None:
        """Emit the papers merged from several records, then every entity, each sorted by IRI."""
        self.emit_merged_papers()
        self.emit_entities(self.entity_rows())

    def emit_merged_papers(self) -> None:
        """The papers merged from several records, in IRI order."""
        merged = self._merged
        for iri in sorted(merged):
            self._emit_paper(iri, merged.pop(iri))

    # -- papers ---------------------------------------------------------------

    def _facts_of(self, iri: str) -> _BlockBuilder:
        blocks = self.entities.blocks
        if iri not in blocks:
            blocks[iri] = _BlockBuilder(IRI(iri))
        return blocks[iri]

    def _note_entities(self, doc: str, rec: PaperRecord) -> None:
        ent = self.entities
        for code in rec.categories:
            ent.categories[code].add(doc)
        if rec.venue:
            ent.venues.setdefault(_venue_iri(rec.venue), (rec.venue, set()))[1].add(doc)
        for url in filter(web_url, rec.code_urls):
            ent.repos.setdefault(repository_iri(url), (clean_url(url), set()))[1].add(doc)

    def _emit_paper(self, p: IRI, members: list[tuple[str, PaperRecord]]) -> None:
        b = _BlockBuilder(p)
        docs = sorted({d for d, _ in members})
        title, title_docs = _choose([(clean_space(r.title), d) for d, r in members if r.title],
                                    key=lambda t: (-len(t), t))
        arxiv, arxiv_docs = _choose([(r.arxiv_id, d) for d, r in members if r.arxiv_id])
        abstracts = [(clean_space(r.abstract), d, r.truncated) for d, r in members if r.abstract]
        abstract = sorted(abstracts, key=lambda a: (a[2], -len(a[0]), a[0]))[0][0] if abstracts else None
        b.node("Paper", paper_label(title, arxiv, abstract), docs)
        if title:
            b.add(DCT + "title", Literal(title), title_docs)
        if abstract:
            b.add(DCT + "abstract", Literal(abstract), {d for a, d, _ in abstracts if a == abstract})
        if arxiv:
            b.add(KG + "arxivId", Literal(arxiv), arxiv_docs)
        doi, doi_docs = _choose([(r.doi, d) for d, r in members if r.doi])
        if doi:
            b.add(KG + "doi", Literal(doi), doi_docs)
        self._dates(b, members)
        for d, r in members:
            self._links(b, d, r)
        flags = [(r.has_code_flag, d) for d, r in members if r.has_code_flag is not None]
        if flags:
            any_true = any(f for f, _ in flags)
            b.add(KG + "hasCodeFlag", Literal.typed(any_true, "boolean"), {d for f, d in flags if f == any_true})
        votes = [(r.upvotes, d) for d, r in members if r.upvotes is not None]
        if votes:
            top = max(v for v, _ in votes)
            b.add(KG + "upvotes", Literal.typed(top, "integer"), {d for v, d in votes if v == top})
        self._authors(b, members)
        self._mentions(b, members)
        self.emit(b.block())

    def _emit_single(self, p: IRI, d: str, r: PaperRecord) -> None:
        """_emit_paper for a paper known from one record (the same block, made with
        none of the choosing between records)."""
        b = _OneSourceBlock(p, d)
        only = b.only
        title = clean_space(r.title) if r.title else None
        abstract = clean_space(r.abstract) if r.abstract else None
        b.node("Paper", paper_label(title, r.arxiv_id, abstract), only)
        if title:
            b.add(DCT + "title", Literal(title))
        if abstract:
            b.add(DCT + "abstract", Literal(abstract))
        if r.arxiv_id:
            b.add(KG + "arxivId", Literal(r.arxiv_id))
        if r.doi:
            b.add(KG + "doi", Literal(r.doi))
        issued, updated = _date_literal(r.issued), _date_literal(r.updated)
        if issued:
            b.add(DCT + "issued", issued)
        if updated:
            b.add(KG + "updated", updated)
        self._links(b, d, r)
        if r.has_code_flag is not None:
            b.add(KG + "hasCodeFlag", Literal.typed(r.has_code_flag, "boolean"))
        if r.upvotes is not None:
            b.add(KG + "upvotes", Literal.typed(r.upvotes, "integer"))
        self._authors_of_one(b, d, r)
        self._mentions(b, [(d, r)])
        self.emit(b.block())

    def _links(self, b: _BlockBuilder, d: str, r: PaperRecord) -> None:
        """The facts one record gives that need no choosing: categories, affiliations,
        code, homepages, venue, truncation."""
        for code in r.categories:
            b.add(KG + "category", category_iri(code), (d,))
        for inst in r.institutions:
            org = self.res.organization(inst.name)
            if org:
                b.add(KG + "affiliation", org.iri, (d,))
        for url in r.code_urls:
            if web_url(url):
                b.add(KG + "hasCode", repository_iri(url), (d,))
        for url in r.homepage_urls:
            if (link := web_url(url)):  # only web addresses become links
                b.add(FOAF + "homepage", safe_iri(link), (d,))
        if r.venue:
            b.add(KG + "publishedIn", _venue_iri(r.venue), (d,))
        if r.truncated:
            b.add(KG + "truncatedRecord", Literal.typed(True, "boolean"), (d,))

    def _authors_of_one(self, b: _BlockBuilder, d: str, r: PaperRecord) -> None:
        """_authors for a paper known from one record."""
        person_of = self.res.person
        people = [p for p in map(person_of, (a.name for a in r.all_authors)) if p is not None]
        for person in people:
            b.add(DCT + "creator", person.iri, (d,))
        if r.authors and people:
            coll = Collection(f"al{short_hash(b.subject, 10)}", tuple(p.iri for p in people),
                              tuple(p.label for p in people))
            b.add(KG + "authorList", coll, (d,))
        if r.authors or r.author_count or r.authors_truncated:
            b.add(KG + "authorsTruncated", Literal.typed(r.authors_truncated, "boolean"), (d,))
        if r.author_count:
            b.add(KG + "authorCount", Literal.typed(r.author_count, "integer"), (d,))

    def _dates(self, b: _BlockBuilder, members: list[tuple[str, PaperRecord]]) -> None:
        issued = [(r.issued, d) for d, r in members if r.issued and r.issued.lexical()]
        if issued:
            best = sorted((i for i, _ in issued), key=lambda x: (-_precision(x), x.lexical()[0]))[0]
            b.add(DCT + "issued", _date_literal(best), {d for i, d in issued if i == best})
        updated = [(r.updated, d) for d, r in members if r.updated and r.updated.lexical()]
        if updated:
            best = sorted((i for i, _ in updated), key=lambda x: (-_precision(x), x.lexical()[0]))[-1]
            b.add(KG + "updated", _date_literal(best), {d for i, d in updated if i == best})

    def _authors(self, b: _BlockBuilder, members: list[tuple[str, PaperRecord]]) -> None:
        """Creators from every record; the ordered list from the most complete one."""
        res = self.res
        for d, r in members:
            for a in r.all_authors:
                person = res.person(a.name)
                if person:
                    b.add(DCT + "creator", person.iri, (d,))
        with_authors = [(d, r) for d, r in members if r.authors]
        if with_authors:
            _, best = sorted(with_authors, key=lambda item: (item[1].authors_truncated, -len(item[1].authors), item[0]))[0]
            names = tuple(a.name for a in best.all_authors)
            list_docs = {d for d, r in with_authors if tuple(a.name for a in r.all_authors) == names}
            people = [res.person(n) for n in names]
            people = [p for p in people if p is not None]
            if people:
                coll = Collection(f"al{short_hash(b.subject, 10)}", tuple(p.iri for p in people),
                                  tuple(p.label for p in people))
                b.add(KG + "authorList", coll, list_docs)
        stated = [(r.authors_truncated, d) for d, r in members if r.authors or r.author_count or r.authors_truncated]
        if stated:
            full = any(not t for t, _ in stated)  # truncated only when no source gives the full list
            b.add(KG + "authorsTruncated", Literal.typed(not full, "boolean"), {d for t, d in stated if t == (not full)})
        counts = [(r.author_count, d) for d, r in members if r.author_count]
        if counts:
            top = max(c for c, _ in counts)
            b.add(KG + "authorCount", Literal.typed(top, "integer"), {d for c, d in counts if c == top})

    def _mentions(self, b: _BlockBuilder, members: list[tuple[str, PaperRecord]]) -> None:
        """introduces / uses / mentionsOrganization; introducing an artifact outranks using it."""
        res = self.res
        introduced = {a.iri for _, r in members for m in r.mentions
                      if m.role == "introduces" and m.kind != "organization" and (a := res.artifact(m.name))}
        for d, r in members:
            for m in r.mentions:
                if m.kind == "organization":
                    org = res.organization(m.name)
                    if org:
                        self._extracted(b, KG + "mentionsOrganization", org.iri, d, r, m)
                    continue
                art = res.artifact(m.name)
                if art is None:
                    continue
                if m.role == "introduces":
                    self._extracted(b, KG + "introduces", art.iri, d, r, m)
                elif art.iri not in introduced:
                    self._extracted(b, KG + "uses", art.iri, d, r, m)
            for rel in r.relations:
                subj = res.artifact(rel.subject)
                obj = res.organization(rel.object) if rel.object_kind == "organization" else res.artifact(rel.object)
                if subj and obj and subj.iri != obj.iri:
                    self._facts_of(subj.iri).add(KG + rel.predicate, obj.iri, (d,))
                    self.evidence(Evidence(subj.iri, KG + rel.predicate, obj.iri, d, rel.extractor, rel.confidence,
                                           rel.field, rel.start, rel.end, _span(r, rel.field, rel.start, rel.end)))

    def _extracted(self, b: _BlockBuilder, p: str, o: IRI, doc: str, r: PaperRecord, m: Mention) -> None:
        b.add(p, o, (doc,))
        self.evidence(Evidence(b.subject, p, o, doc, m.extractor, m.confidence, m.field, m.start, m.end,
                               _span(r, m.field, m.start, m.end)))

    # -- entities -------------------------------------------------------------

    def entity_rows(self) -> list[tuple[str, Callable, object]]:
        """Every entity as (IRI, block maker, item), in IRI order: people, organizations,
        artifacts, categories, venues, repositories and documents. Rows are small; the
        blocks are made one at a time by emit_entities, so millions of people never sit
        in memory as blocks at once."""
        res, ent = self.res, self.entities
        tables = [
            [(e.iri, self._person_block, (e, res.affiliations.get(e.iri, ()))) for e in res.people.values()],
            [(e.iri, self._entity_block, e) for e in res.organizations.values()],
            [(e.iri, self._entity_block, e) for e in res.artifacts.values()],
            [(category_iri(code), self._category_block, (code, docs)) for code, docs in ent.categories.items()],
            [(vi, self._venue_block, item) for vi, item in ent.venues.items()],
            [(ri, self._repo_block, item) for ri, item in ent.repos.items()],
            [(IRI(src.iri), self._document_block, src) for src in self._documents],
        ]
        for rows in tables:
            rows.sort(key=_first)
        return list(heapq.merge(*tables, key=_first))

    def entity_edge_targets(self) -> Iterator[str]:
        """The object of every edge from one entity to another (affiliatedWith, developedBy,
        dependsOn, ...), one per edge: with the papers' edges, each entity's in-degree is
        known before any entity block is made."""
        for b in self.entities.blocks.values():
            for p, o in b.facts:
                if isinstance(o, IRI) and p != DERIVED:
                    yield o
        for records in self.entities.assets.values():
            seen = set()  # one edge per distinct fact, as a block holds it
            for p, o, *_ in _chosen_asset_facts(records):
                if isinstance(o, IRI) and (p, o) not in seen:
                    seen.add((p, o))
                    yield o
        affiliations = self.res.affiliations
        for person in self.res.people.values():
            yield from sorted({org_iri for org_iri, _ in affiliations.get(person.iri, ())})

    def emit_entities(self, rows: Iterable[tuple[str, Callable, object]]) -> None:
        """One block per row (rows from entity_rows), with the facts the papers gave it."""
        blocks, assets = self.entities.blocks, self.entities.assets
        for iri, make, item in rows:
            b = blocks.pop(iri, None) or _BlockBuilder(IRI(iri))
            records = assets.pop(iri, None)
            if records:
                for p, o, doc, _, _ in _chosen_asset_facts(records):
                    b.add(p, o, (doc,))
                # every record's explanations, the values not chosen too: what each document said
                for _, doc, facts in sorted(records, key=lambda r: r[0]):
                    for p, o, why, key in facts:
                        if why is not None:
                            self._explained(iri, p, o, doc, key, why)
            make(b, item)
            self.emit(b.block())

    @staticmethod
    def _person_block(b: _BlockBuilder, item) -> None:
        ent, affiliations = item
        sources = ent.sources
        b.node("Person", ent.label, sources, ent.spellings)
        b.add(FOAF + "name", Literal(ent.label), sources)
        for org_iri, mask in affiliations:
            docs = [d for i, d in enumerate(ent.documents) if mask >> i & 1]
            b.add(KG + "affiliatedWith", IRI(org_iri), docs)

    @staticmethod
    def _entity_block(b: _BlockBuilder, ent) -> None:
        sources = ent.sources
        b.node(ent.kind, ent.label, sources, ent.spellings)
        if ent.kind == "Artifact":  # named (e.g. as a dependency) but matching no known asset
            b.add(KG + "unresolved", Literal.typed(True, "boolean"), sources)

    @staticmethod
    def _category_block(b: _BlockBuilder, item) -> None:
        code, docs = item
        names = table("arxiv_categories.json")
        b.node("Category", f"{names[code]} ({code})" if code in names else code, docs)
        b.add(NOTATION, Literal(code), docs)

    @staticmethod
    def _venue_block(b: _BlockBuilder, item) -> None:
        v, docs = item
        b.node("Venue", _venue_label(v), docs)
        b.add(KG + "venueSeries", Literal(v.series), docs)
        if v.year:
            b.add(KG + "year", Literal.typed(v.year, "gYear"), docs)
        if v.kind:
            b.add(KG + "venueKind", Literal(v.kind), docs)
        if v.track:
            b.add(KG + "track", Literal(v.track), docs)

    @staticmethod
    def _repo_block(b: _BlockBuilder, item) -> None:
        url, docs = item
        key = repository_key(url)
        b.node("CodeRepository", key.split("/", 1)[1] if "/" in key else key, docs)
        b.add(KG + "url", safe_iri(url if "://" in url else "https://" + url), docs)

    @staticmethod
    def _document_block(b: _BlockBuilder, src) -> None:
        only = (src.iri,)
        b.add(RDF_TYPE, IRI(KG + "SourceDocument"), only)
        b.add(RDFS_LABEL, Literal(os.path.basename(src.path) or src.path), only)
        b.add(KG + "path", Literal(src.path), only)
        b.add(KG + "format", Literal(src.format), only)
        b.add(KG + "contentHash", Literal(src.content_hash), only)


def _first(item: tuple) -> str:
    return item[0]


def _span(r: PaperRecord, field_name: str, start: int, end: int) -> str:
    text = (r.abstract if field_name == "abstract" else r.title if field_name == "title" else None) or ""
    return text[start:end] if 0 <= start < end <= len(text) else ""
