"""Entity resolution: decide which records and names denote the same real-world thing.

Every merge keeps its evidence (the shared key, or the similarity score) so that
`kgraph explain` can show why two mentions became one node. The rules are
deliberately conservative: a wrong merge (two people fused into one) costs a
user's trust more than a missed one.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from kgraph.aliases import AliasTable, default_aliases
from kgraph.graph import IRI
from kgraph.iris import artifact_iri, organization_iri, paper_iri, person_iri
from kgraph.models import PaperRecord
from kgraph.text import clean_space, fold, name_key

__all__ = [
    "RecordRef",
    "Merge",
    "PaperCluster",
    "Entity",
    "Resolution",
    "resolve",
    "shingles",
    "abstract_similarity",
    "person_tokens",
    "ABSTRACT_THRESHOLD",
]

#: Two abstracts at or above this shingle containment describe one paper. Chosen on
#: the sample pages: the five papers shown on two sites (one reworded) score 0.94-1.0,
#: while the closest of the 1,100+ pairs of different papers scores 0.04. The
#: threshold sits well inside that gap, leaving room for heavier rewording.
ABSTRACT_THRESHOLD = 0.4
#: Size of the bottom-k sketch that proposes candidate pairs, and the most records
#: one sketch value may gather before it counts as a stock phrase and is ignored.
SKETCH_SIZE = 24
MAX_BUCKET = 500
#: Minimum number of shingles an abstract needs before its similarity is trusted.
MIN_SHINGLES = 25
#: Titles shorter than this (as letters and digits) are too generic to merge on alone.
MIN_TITLE_KEY = 12


@dataclass(frozen=True, order=True)
class RecordRef:
    """A record's address: the document's IRI and its index there."""

    doc: str
    index: int


@dataclass(frozen=True)
class Merge:
    """Why two things were merged: the rule, the key or score, and the two members."""

    rule: str
    evidence: str
    left: str
    right: str


@dataclass
class PaperCluster:
    iri: IRI
    members: list[RecordRef]
    merges: list[Merge] = field(default_factory=list)


@dataclass
class Entity:
    """A resolved person, organization or artifact."""

    iri: IRI
    kind: str
    label: str
    spellings: Counter = field(default_factory=Counter)
    sources: set[str] = field(default_factory=set)
    merges: list[Merge] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)

    @property
    def alt_labels(self) -> list[str]:
        return sorted(s for s in self.spellings if s != self.label)


# ---------------------------------------------------------------- papers


_WORD = re.compile(r"[a-z0-9]+")


def shingles(text: str, n: int = 3) -> set[int]:
    """Hashed word n-grams of the folded text: robust to punctuation and case."""
    words = _WORD.findall(fold(text))
    return {zlib.crc32(" ".join(words[i:i + n]).encode()) for i in range(max(0, len(words) - n + 1))}


def abstract_similarity(a: set[int], b: set[int]) -> float:
    """Overlap relative to the smaller set (containment), so a cut-off abstract still matches."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


class _UnionFind:
    def __init__(self, items: Iterable[RecordRef]) -> None:
        self.parent = {i: i for i in items}

    def find(self, x: RecordRef) -> RecordRef:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: RecordRef, b: RecordRef) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        lo, hi = sorted((ra, rb))
        self.parent[hi] = lo
        return True


def _compatible(a: PaperRecord, b: PaperRecord) -> bool:
    """Records that state different identities can never be one paper."""
    if a.arxiv_id and b.arxiv_id and a.arxiv_id != b.arxiv_id:
        return False
    if a.doi and b.doi and a.doi.casefold() != b.doi.casefold():
        return False
    if a.title and b.title and name_key(a.title) != name_key(b.title):
        return False
    return True


def _cluster_papers(records: dict[RecordRef, PaperRecord]) -> list[PaperCluster]:
    uf = _UnionFind(records)
    merges: list[Merge] = []

    def join(rule: str, evidence: str, a: RecordRef, b: RecordRef) -> None:
        if _compatible(records[a], records[b]) and uf.union(a, b):
            merges.append(Merge(rule, evidence, f"{a.doc}#{a.index}", f"{b.doc}#{b.index}"))

    by_key: dict[tuple[str, str], list[RecordRef]] = defaultdict(list)
    for ref, rec in records.items():
        if rec.arxiv_id:
            by_key[("arxiv-id", rec.arxiv_id)].append(ref)
        if rec.doi:
            by_key[("doi", rec.doi.casefold())].append(ref)
        if rec.title and len(name_key(rec.title)) >= MIN_TITLE_KEY:
            by_key[("title", name_key(rec.title))].append(ref)
    for (rule, key), refs in sorted(by_key.items()):
        for other in refs[1:]:
            join(rule, key, refs[0], other)

    _join_similar_abstracts(records, join)

    groups: dict[RecordRef, list[RecordRef]] = defaultdict(list)
    for ref in records:
        groups[uf.find(ref)].append(ref)
    clusters = []
    for members in groups.values():
        members.sort()
        member_set = set(members)
        own = [m for m in merges if _ref_of(m.left) in member_set]
        clusters.append(PaperCluster(_paper_cluster_iri([records[m] for m in members]), members, own))
    clusters.sort(key=lambda c: c.iri)
    return clusters


def _ref_of(text: str) -> RecordRef:
    doc, _, index = text.rpartition("#")
    return RecordRef(doc, int(index))


def _join_similar_abstracts(records: dict[RecordRef, PaperRecord], join) -> None:
    """Candidate pairs share one of their few smallest shingle hashes (a bottom-k sketch);
    only candidates are compared in full, so the cost stays near-linear."""
    sets: dict[RecordRef, set[int]] = {}
    buckets: dict[int, list[RecordRef]] = defaultdict(list)
    for ref in sorted(records):
        abstract = records[ref].abstract
        if not abstract:
            continue
        sh = shingles(abstract)
        if len(sh) < MIN_SHINGLES:
            continue
        sets[ref] = sh
        for h in sorted(sh)[:SKETCH_SIZE]:
            buckets[h].append(ref)
    seen: set[tuple[RecordRef, RecordRef]] = set()
    for refs in buckets.values():
        if len(refs) > MAX_BUCKET:
            continue
        for i, a in enumerate(refs):
            for b in refs[i + 1:]:
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                score = abstract_similarity(sets[a], sets[b])
                if score >= ABSTRACT_THRESHOLD:
                    join("abstract-similarity", f"{score:.2f}", a, b)


def _paper_cluster_iri(recs: list[PaperRecord]) -> IRI:
    arxiv = sorted({r.arxiv_id for r in recs if r.arxiv_id})
    if arxiv:
        return paper_iri(arxiv_id=arxiv[0])
    dois = sorted({r.doi.casefold() for r in recs if r.doi})
    if dois:
        return paper_iri(doi=dois[0])
    titles = sorted({name_key(r.title) for r in recs if r.title})
    if titles:
        return paper_iri(title=titles[0])
    abstracts = sorted(" ".join(_WORD.findall(fold(r.abstract or ""))[:40]) for r in recs)
    return paper_iri(abstract=abstracts[0])


# ---------------------------------------------------------------- people

_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "del", "la", "le", "du", "dos", "bin", "al"}


def person_tokens(name: str) -> list[str]:
    """Folded name tokens in First ... Last order ("Alberti, Silas" -> [silas, alberti])."""
    name = clean_space(name)
    if "," in name:
        last, _, first = name.partition(",")
        name = f"{first} {last}"
    return re.findall(r"[a-z0-9']+", fold(name).replace("'", ""))


def _first_last(name: str) -> str:
    """ "Alberti, Silas" -> "Silas Alberti"; other names unchanged."""
    if "," in name:
        last, _, first = name.partition(",")
        if first.strip() and last.strip():
            return clean_space(f"{first} {last}")
    return clean_space(name)


def _person_key(name: str) -> tuple[str, str, str] | None:
    """(first, middle initials, last) or None for a one-word name."""
    tokens = person_tokens(name)
    if len(tokens) < 2:
        return None
    first, last = tokens[0], tokens[-1]
    middle = "".join(t[0] for t in tokens[1:-1] if t not in _PARTICLES)
    return first, middle, last


# ---------------------------------------------------------------- resolution


@dataclass
class Resolution:
    """The outcome: paper clusters and entity tables, with lookups for the graph builder."""

    papers: list[PaperCluster]
    records: dict[RecordRef, PaperRecord]
    paper_of: dict[RecordRef, PaperCluster]
    people: dict[str, Entity]
    organizations: dict[str, Entity]
    artifacts: dict[str, Entity]
    person_index: dict[str, str]
    organization_index: dict[str, str]
    artifact_index: dict[str, str]
    aliases: AliasTable

    def person(self, name: str) -> Entity | None:
        return self.people.get(self.person_index.get(clean_space(name), ""))

    def organization(self, name: str) -> Entity | None:
        return self.organizations.get(self.organization_index.get(name_key(name), ""))

    def artifact(self, name: str) -> Entity | None:
        return self.artifacts.get(self.artifact_index.get(self.aliases.artifact_key(name), ""))


def _choose_label(spellings: Counter) -> str:
    """Most frequent spelling; ties go to the longest, then alphabetical (deterministic)."""
    return sorted(spellings.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]


def _resolve_people(names: list[tuple[str, str]]) -> tuple[dict[str, Entity], dict[str, str]]:
    """Group person names; a name without middle initials joins the one variant that has them."""
    by_key: dict[tuple[str, str, str], list[tuple[str, str]]] = defaultdict(list)
    loose: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for name, source in names:
        key = _person_key(name)
        if key is None:
            loose[fold(clean_space(name))].append((name, source))
        else:
            by_key[key].append((name, source))
    # Attach "First Last" to "First M. Last" when exactly one middled variant exists.
    middled: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for key in by_key:
        if key[1]:
            middled[(key[0], key[2])].append(key)
    target: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    for key in by_key:
        if not key[1] and len(middled.get((key[0], key[2]), [])) == 1:
            target[key] = middled[(key[0], key[2])][0]
    groups: dict[tuple[str, str, str], list[tuple[str, str]]] = defaultdict(list)
    evidence: dict[tuple[str, str, str], list[Merge]] = defaultdict(list)
    for key, members in by_key.items():
        dest = target.get(key, key)
        groups[dest].extend(members)
        if dest != key:
            evidence[dest].append(Merge("person-middle-initial", " ".join(dest), " ".join(key), " ".join(dest)))
    for folded, members in loose.items():
        groups[("", "", folded)].extend(members)

    entities: dict[str, Entity] = {}
    index: dict[str, str] = {}
    for key, members in groups.items():
        spellings = Counter(clean_space(n) for n, _ in members)
        display: Counter = Counter()
        for n, c in spellings.items():
            display[_first_last(n)] += c
        label = _choose_label(display)
        ent = Entity(iri=person_iri(label), kind="Person", label=label, spellings=spellings,
                     sources={s for _, s in members}, merges=evidence.get(key, []))
        if len(spellings) > 1:
            ent.merges.append(Merge("person-name-key", " ".join(k for k in key if k), label, ", ".join(sorted(spellings))))
        entities[ent.iri] = ent
        for n in spellings:
            index[n] = ent.iri
    return entities, index


def _resolve_names(
    names: list[tuple[str, str, str]],
    canonical,
    make_iri,
    default_kind: str,
) -> tuple[dict[str, Entity], dict[str, str]]:
    """Group names by canonical key; `names` holds (spelling, kind, source)."""
    groups: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for spelling, kind, source in names:
        key, _ = canonical(spelling)
        if key:
            groups[key].append((clean_space(spelling), kind, source))
    entities: dict[str, Entity] = {}
    index: dict[str, str] = {}
    for key, members in sorted(groups.items()):
        spellings = Counter(s for s, _, _ in members)
        known = canonical(members[0][0])[1]
        label = known or _choose_label(spellings)
        if known:
            spellings[known] += 0  # keep the table's name among the spellings
        kinds = Counter(k for _, k, _ in members)
        ent = Entity(iri=make_iri(key), kind=default_kind, label=label, spellings=spellings,
                     sources={s for _, _, s in members}, kinds=kinds)
        if len(spellings) > 1:
            ent.merges.append(Merge("name-key" if not known else "alias-table", key, label,
                                    ", ".join(sorted(spellings))))
        entities[ent.iri] = ent
        index[key] = ent.iri
    return entities, index


def resolve(
    documents: Iterable[tuple[str, list[PaperRecord]]],
    *,
    organizations: Iterable[tuple[str, str]] = (),
    artifacts: Iterable[tuple[str, str, str]] = (),
    aliases: AliasTable | None = None,
) -> Resolution:
    """Resolve the papers of `documents` ((doc IRI, records) pairs) and every name in them.

    `organizations` and `artifacts` add names from structured sources:
    (name, doc) and (name, kind, doc).
    """
    aliases = aliases or default_aliases()
    records: dict[RecordRef, PaperRecord] = {}
    person_names: list[tuple[str, str]] = []
    printed: set[tuple[str, str]] = set()
    slugs: set[tuple[str, str]] = set()
    org_names: list[tuple[str, str, str]] = [(n, "organization", d) for n, d in organizations]
    art_names: list[tuple[str, str, str]] = list(artifacts)
    for doc, recs in documents:
        for rec in recs:
            records[RecordRef(doc, rec.index)] = rec
            person_names.extend((a.name, doc) for a in rec.all_authors)
            printed.update((a.name, a.as_printed) for a in rec.all_authors if a.as_printed and a.as_printed != a.name)
            org_names.extend((i.name, "organization", doc) for i in rec.institutions)
            slugs.update((i.name, i.slug) for i in rec.institutions if i.slug and i.slug != i.name)
            for m in rec.mentions:
                if m.kind == "organization":
                    org_names.append((m.name, "organization", doc))
                else:
                    art_names.append((m.name, m.kind, doc))
            for r in rec.relations:
                art_names.append((r.subject, r.subject_kind, doc))
                if r.object_kind == "organization":
                    org_names.append((r.object, "organization", doc))
                else:
                    art_names.append((r.object, r.object_kind, doc))

    clusters = _cluster_papers(records)
    paper_of = {ref: c for c in clusters for ref in c.members}
    people, person_index = _resolve_people(person_names)
    for name, as_printed in sorted(printed):
        ent = people.get(person_index.get(clean_space(name), ""))
        if ent is not None:
            ent.spellings[clean_space(as_printed)] += 0  # kept as skos:altLabel, not counted
            person_index.setdefault(clean_space(as_printed), ent.iri)
    orgs, org_index = _resolve_names(org_names, aliases.organization, organization_iri, "Organization")
    for name, slug in sorted(slugs):
        ent = orgs.get(org_index.get(aliases.organization_key(name), ""))
        if ent is not None:
            ent.spellings[slug] += 0  # the page's short form, kept as skos:altLabel
    arts, art_index = _resolve_names(art_names, aliases.artifact, artifact_iri, "Artifact")
    for ent in arts.values():
        ent.kind = _artifact_class(ent.kinds)
    return Resolution(clusters, records, paper_of, people, orgs, arts, person_index, org_index, art_index, aliases)


_KIND_CLASS = {"dataset": "Dataset", "benchmark": "Benchmark", "model": "Model",
               "application": "Application", "artifact": "Artifact"}


def _artifact_class(kinds: Counter) -> str:
    """One class from the kinds its mentions gave: a benchmark vote beats a dataset one,
    specific kinds beat the generic 'artifact', and the majority wins between the rest."""
    specific = Counter({k: v for k, v in kinds.items() if k != "artifact"})
    if not specific:
        return "Artifact"
    if "benchmark" in specific and set(specific) <= {"benchmark", "dataset"}:
        return "Benchmark"
    best = sorted(specific.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return _KIND_CLASS[best]
