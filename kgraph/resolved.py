"""The outcome of resolution: which records are one paper, the entities, their merges, and lookups by name."""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from kgraph.aliases import AliasTable
from kgraph.graph import IRI
from kgraph.text import clean_space

__all__ = ["RecordRef", "Merge", "PaperCluster", "Entity", "Resolution"]


@dataclass(frozen=True, order=True, slots=True)
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


@dataclass(slots=True)
class Entity:
    """A resolved person, organization or artifact.

    Slotted, with its documents as a bit mask over the index's document list:
    a million-paper build holds a few million of these.
    """

    iri: IRI
    kind: str
    label: str
    spellings: dict[str, int]
    docmask: int
    documents: list[str]
    merges: list[Merge] = field(default_factory=list)
    kinds: dict[str, int] | None = None

    @property
    def sources(self) -> set[str]:
        """The IRIs of the documents that mention this entity."""
        # One step per set bit, not per bit: shifting a 20,000-bit mask one bit at a
        # time made this quadratic in the number of documents.
        mask, docs, out = self.docmask, self.documents, set()
        while mask:
            low = mask & -mask
            out.add(docs[low.bit_length() - 1])
            mask ^= low
        return out

    @property
    def alt_labels(self) -> list[str]:
        return sorted(s for s in self.spellings if s != self.label)


_UNSEEN = object()
_SEEN_LIMIT = 200_000


@dataclass
class Resolution:
    """The outcome: which records form one paper, and the entity tables with lookups."""

    refs: list[RecordRef]
    roots: array
    sizes: dict[int, int]  # records per cluster, for clusters of more than one
    cluster_iri: list[IRI | None]  # by root record
    merges: dict[int, list[Merge]]
    people: dict[str, Entity]
    organizations: dict[str, Entity]
    artifacts: dict[str, Entity]
    person_index: dict[str, str]
    organization_index: dict[str, str]
    artifact_index: dict[str, str]
    aliases: AliasTable
    affiliations: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # person -> (org, docs)
    #: artifact key -> (organization keys, IRI) of the assets of a name several organizations use
    artifact_variants: dict[str, list[tuple[frozenset[str], str]]] = field(default_factory=dict)
    # Lookups by spelling, remembered: the same names come back in paper after paper.
    _seen: dict[tuple[str, str], Entity | None] = field(default_factory=dict, repr=False, compare=False)

    def paper_of(self, ref: int) -> tuple[IRI, int]:
        """(paper IRI, number of records in its cluster) for the ref-th record registered."""
        root = self.roots[ref]
        return self.cluster_iri[root], self.sizes.get(root, 1)

    @property
    def papers(self) -> list[PaperCluster]:
        """Every paper with its member records and merges (built on demand)."""
        groups: dict[int, list[RecordRef]] = defaultdict(list)
        for i, root in enumerate(self.roots):
            groups[root].append(self.refs[i])
        clusters = [PaperCluster(self.cluster_iri[root], sorted(m), self.merges.get(root, []))
                    for root, m in groups.items()]
        return sorted(clusters, key=lambda c: c.iri)

    def person(self, name: str) -> Entity | None:
        found = self._seen.get(("p", name), _UNSEEN)
        if found is _UNSEEN:
            found = self._remember(("p", name), self.people.get(self.person_index.get(clean_space(name), "")))
        return found

    def organization(self, name: str) -> Entity | None:
        found = self._seen.get(("o", name), _UNSEEN)
        if found is _UNSEEN:
            key = self.aliases.organization_key(name)
            found = self._remember(("o", name), self.organizations.get(self.organization_index.get(key, "")))
        return found

    def artifact(self, name: str, organizations: Iterable[str] = ()) -> Entity | None:
        """The node `name` names; for a name several organizations' assets share, the one of
        `organizations` (an asset's own, or those of the asset depending on it)."""
        if organizations and self.artifact_variants:
            variants = self.artifact_variants.get(self.aliases.artifact_key(name))
            if variants:
                orgs = {self.aliases.organization_key(o) for o in organizations}
                hits = [iri for keys, iri in variants if keys & orgs]
                if len(hits) == 1:
                    return self.artifacts.get(hits[0])
        found = self._seen.get(("a", name), _UNSEEN)
        if found is _UNSEEN:
            key = self.aliases.artifact_key(name)
            found = self._remember(("a", name), self.artifacts.get(self.artifact_index.get(key, "")))
        return found

    def _remember(self, key: tuple[str, str], entity: Entity | None) -> Entity | None:
        if len(self._seen) >= _SEEN_LIMIT:
            self._seen.clear()
        self._seen[key] = entity
        return entity
