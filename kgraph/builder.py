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
from typing import Any, NamedTuple

from kgraph.data import table
from kgraph.graph import IRI, Block, Collection, Literal, fact_sort_key, safe_iri
from kgraph.iris import category_iri, repository_iri, venue_iri
from kgraph.models import ArtifactRecord, Mention, PaperRecord, PartialDate, Venue
from kgraph.resolved import Resolution
from kgraph.text import clean_space, short_hash
from kgraph.urls import clean_url, repository_key, web_url
from kgraph.schema import CARD_FIELDS
from kgraph.vocab import DCT, FOAF, KG, PROV, RDF, RDFS, SKOS

__all__ = ["Evidence", "EntityFacts", "GraphEmitter", "paper_label"]

RDF_TYPE = RDF.type
RDFS_LABEL = RDFS.label
ALT_LABEL = SKOS.altLabel
NOTATION = SKOS.notation
DERIVED = PROV.wasDerivedFrom

#: Where the explanation of an asset's record-level field goes: the property of its facts.
_EXPLAINED_FIELDS = {"organization": KG.developedBy, "dependencies": KG.dependsOn,
                     "description": DCT.description, "createdDate": KG.created, "url": FOAF.homepage}
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


def _date_rank(dated: tuple[PartialDate, tuple[str, str]]) -> tuple[int, str]:
    """More precise dates first, then in lexical order: (date, its lexical form)."""
    return -_precision(dated[0]), dated[1][0]


def _first_date(dates: list) -> tuple:
    return min(dates, key=_date_rank)


def _last_date(dates: list) -> tuple:
    """The most precise latest date, the last of equal ranks."""
    return max(reversed(dates), key=_date_rank)


def _title_rank(title: str) -> tuple[int, str]:
    """Between titles given equally often: the longest (not cut short), then the first."""
    return -len(title), title


def _best_abstract(abstracts: list[tuple[str, bool]]) -> tuple[str, bool]:
    """(text, from a truncated record): an untruncated one, the longest, the first."""
    return min(abstracts, key=lambda a: (a[1], -len(a[0]), a[0]))


def _text_of(abstract: tuple[str, bool]) -> str:
    return abstract[0]


def _pick(values: list[tuple[Any, str]], best: Callable[[list], Any],
          same: Callable[[Any], Any] | None = None) -> tuple[Any, Iterable[str]]:
    """The value `best` chooses among (value, document) pairs, and the documents that gave
    it (or a value equal to it under `same`); (None, ()) when there are none."""
    if len(values) == 1:
        return values[0][0], (values[0][1],)
    if not values:
        return None, ()
    chosen = best([v for v, _ in values])
    if same is None:
        return chosen, {d for v, d in values if v == chosen}
    key = same(chosen)
    return chosen, {d for v, d in values if same(v) == key}


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
        """rdf:type `cls` (a class IRI), the label, other spellings and the documents."""
        sources = set(sources)
        self.add(RDF_TYPE, IRI(cls), sources)
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
            self._emit_paper(iri, [(doc, rec)])
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
                links.append((KG.developedBy, org.iri, "organization"))
        for dep in art.dependencies:
            target = self.res.artifact(dep, art.organizations)
            if target and target.iri != ent.iri:
                links.append((KG.dependsOn, target.iri, "dependencies"))
        for p, o, key in links:
            b.add(p, o, (doc,))
            if (why := props.get(key + "Explanation")) is not None:
                self._explained(ent.iri, p, o, doc, key, why)
        facts: list[tuple[str, object, str | None, str]] = []
        if art.description:
            facts.append((DCT.description, Literal(clean_space(art.description)), "description"))
        created = _date_literal(art.created)
        if created:
            facts.append((KG.created, created, "createdDate"))
        url = web_url(art.url) if art.url else None
        if url:  # only web addresses become links: never javascript:, file:, data:
            facts.append((FOAF.homepage, safe_iri(url), "url"))
        for key in CARD_FIELDS:
            value = props.get(key)
            if value:
                facts.append((KG[key], Literal(value), key))
        # an explanation of a value the source gives as unknown or none: a statement with no object
        stated = {key for _, _, key in facts} | {key for _, _, key in links}
        for key in (*_EXPLAINED_FIELDS, *CARD_FIELDS):
            why = props.get(key + "Explanation")
            if why is not None and key not in stated:
                self._explained(ent.iri, _EXPLAINED_FIELDS.get(key) or KG[key], None, doc, key, why)
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
        """The paper's block from its records; where they disagree on a single-valued
        fact, one value is chosen by a fixed rule (nothing to choose from one record)."""
        b = _OneSourceBlock(p, members[0][0]) if len(members) == 1 else _BlockBuilder(p)
        titles, arxivs, abstracts, dois, issued, updated, flags, votes, stated, counts = ([] for _ in range(10))
        for d, r in members:
            if r.title:
                titles.append((clean_space(r.title), d))
            if r.arxiv_id:
                arxivs.append((r.arxiv_id, d))
            if r.abstract:
                abstracts.append(((clean_space(r.abstract), r.truncated), d))
            if r.doi:
                dois.append((r.doi, d))
            if r.issued and (lex := r.issued.lexical()):
                issued.append(((r.issued, lex), d))
            if r.updated and (lex := r.updated.lexical()):
                updated.append(((r.updated, lex), d))
            if r.has_code_flag is not None:
                flags.append((r.has_code_flag, d))
            if r.upvotes is not None:
                votes.append((r.upvotes, d))
            if r.authors or r.author_count or r.authors_truncated:
                stated.append((r.authors_truncated, d))
            if r.author_count:
                counts.append((r.author_count, d))
            self._links(b, d, r)
        title, title_docs = _choose(titles, key=_title_rank)
        arxiv, arxiv_docs = _choose(arxivs)
        abstract, abstract_docs = _pick(abstracts, _best_abstract, same=_text_of)
        b.node(KG.Paper, paper_label(title, arxiv, abstract and abstract[0]), {d for d, _ in members})
        if title:
            b.add(DCT.title, Literal(title), title_docs)
        if abstract:
            b.add(DCT.abstract, Literal(abstract[0]), abstract_docs)
        if arxiv:
            b.add(KG.arxivId, Literal(arxiv), arxiv_docs)
        doi, doi_docs = _choose(dois)
        if doi:
            b.add(KG.doi, Literal(doi), doi_docs)
        first, first_docs = _pick(issued, _first_date)
        if first:
            b.add(DCT.issued, Literal.typed(*first[1]), first_docs)
        last, last_docs = _pick(updated, _last_date)
        if last:
            b.add(KG.updated, Literal.typed(*last[1]), last_docs)
        flag, flag_docs = _pick(flags, any)
        if flag is not None:
            b.add(KG.hasCodeFlag, Literal.typed(flag, "boolean"), flag_docs)
        top, top_docs = _pick(votes, max)
        if top is not None:
            b.add(KG.upvotes, Literal.typed(top, "integer"), top_docs)
        self._authors(b, members)
        truncated, truncated_docs = _pick(stated, all)  # truncated only when no source gives the full list
        if truncated is not None:
            b.add(KG.authorsTruncated, Literal.typed(truncated, "boolean"), truncated_docs)
        count, count_docs = _pick(counts, max)
        if count:
            b.add(KG.authorCount, Literal.typed(count, "integer"), count_docs)
        self._mentions(b, members)
        self.emit(b.block())

    def _links(self, b: _BlockBuilder, d: str, r: PaperRecord) -> None:
        """The facts one record gives that need no choosing: categories, affiliations,
        code, homepages, venue, truncation."""
        for code in r.categories:
            b.add(KG.category, category_iri(code), (d,))
        for inst in r.institutions:
            org = self.res.organization(inst.name)
            if org:
                b.add(KG.affiliation, org.iri, (d,))
        for url in r.code_urls:
            if web_url(url):
                b.add(KG.hasCode, repository_iri(url), (d,))
        for url in r.homepage_urls:
            if (link := web_url(url)):  # only web addresses become links
                b.add(FOAF.homepage, safe_iri(link), (d,))
        if r.venue:
            b.add(KG.publishedIn, _venue_iri(r.venue), (d,))
        if r.truncated:
            b.add(KG.truncatedRecord, Literal.typed(True, "boolean"), (d,))

    def _authors(self, b: _BlockBuilder, members: list[tuple[str, PaperRecord]]) -> None:
        """Creators from every record; the ordered list from the most complete one."""
        person_of = self.res.person
        resolved = [(d, r, [person_of(a.name) for a in r.all_authors]) for d, r in members]
        for d, _, people in resolved:
            for person in people:
                if person:
                    b.add(DCT.creator, person.iri, (d,))
        with_authors = [item for item in resolved if item[1].authors]
        if with_authors:
            _, best, people = min(with_authors, key=lambda item: (item[1].authors_truncated, -len(item[1].authors),
                                                                  item[0]))
            if len(with_authors) == 1:
                list_docs = {with_authors[0][0]}
            else:
                names = tuple(a.name for a in best.all_authors)
                list_docs = {d for d, r, _ in with_authors if tuple(a.name for a in r.all_authors) == names}
            people = [p for p in people if p is not None]
            if people:
                coll = Collection(f"al{short_hash(b.subject, 10)}", tuple(p.iri for p in people),
                                  tuple(p.label for p in people))
                b.add(KG.authorList, coll, list_docs)
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
                        self._extracted(b, KG.mentionsOrganization, org.iri, d, r, m)
                    continue
                art = res.artifact(m.name)
                if art is None:
                    continue
                if m.role == "introduces":
                    self._extracted(b, KG.introduces, art.iri, d, r, m)
                elif art.iri not in introduced:
                    self._extracted(b, KG.uses, art.iri, d, r, m)
            for rel in r.relations:
                subj = res.artifact(rel.subject)
                obj = res.organization(rel.object) if rel.object_kind == "organization" else res.artifact(rel.object)
                if subj and obj and subj.iri != obj.iri:
                    self._facts_of(subj.iri).add(KG[rel.predicate], obj.iri, (d,))
                    self.evidence(Evidence(subj.iri, KG[rel.predicate], obj.iri, d, rel.extractor, rel.confidence,
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
        b.node(KG.Person, ent.label, sources, ent.spellings)
        b.add(FOAF.name, Literal(ent.label), sources)
        for org_iri, mask in affiliations:
            docs = [d for i, d in enumerate(ent.documents) if mask >> i & 1]
            b.add(KG.affiliatedWith, IRI(org_iri), docs)

    @staticmethod
    def _entity_block(b: _BlockBuilder, ent) -> None:
        sources = ent.sources
        b.node(KG[ent.kind], ent.label, sources, ent.spellings)
        if ent.kind == "Artifact":  # named (e.g. as a dependency) but matching no known asset
            b.add(KG.unresolved, Literal.typed(True, "boolean"), sources)

    @staticmethod
    def _category_block(b: _BlockBuilder, item) -> None:
        code, docs = item
        names = table("arxiv_categories.json")
        b.node(KG.Category, f"{names[code]} ({code})" if code in names else code, docs)
        b.add(NOTATION, Literal(code), docs)

    @staticmethod
    def _venue_block(b: _BlockBuilder, item) -> None:
        v, docs = item
        b.node(KG.Venue, _venue_label(v), docs)
        b.add(KG.venueSeries, Literal(v.series), docs)
        if v.year:
            b.add(KG.year, Literal.typed(v.year, "gYear"), docs)
        if v.kind:
            b.add(KG.venueKind, Literal(v.kind), docs)
        if v.track:
            b.add(KG.track, Literal(v.track), docs)

    @staticmethod
    def _repo_block(b: _BlockBuilder, item) -> None:
        url, docs = item
        key = repository_key(url)
        b.node(KG.CodeRepository, key.split("/", 1)[1] if "/" in key else key, docs)
        b.add(KG.url, safe_iri(url if "://" in url else "https://" + url), docs)

    @staticmethod
    def _document_block(b: _BlockBuilder, src) -> None:
        only = (src.iri,)
        b.add(RDF_TYPE, IRI(KG.SourceDocument), only)
        b.add(RDFS_LABEL, Literal(os.path.basename(src.path) or src.path), only)
        b.add(KG.path, Literal(src.path), only)
        b.add(KG.format, Literal(src.format), only)
        b.add(KG.contentHash, Literal(src.content_hash), only)


def _first(item: tuple) -> str:
    return item[0]


def _span(r: PaperRecord, field_name: str, start: int, end: int) -> str:
    text = (r.abstract if field_name == "abstract" else r.title if field_name == "title" else None) or ""
    return text[start:end] if 0 <= start < end <= len(text) else ""
