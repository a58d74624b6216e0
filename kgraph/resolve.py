"""Entity resolution: decide which records and names denote the same real-world thing.

Records stream past a `ResolutionIndex`, which keeps only what resolution needs
(identifiers, a small abstract sketch, names), so memory grows with the number of
distinct identifiers, not with the text. `finish()` returns a `Resolution`.

Every merge keeps its evidence (the shared key, or the similarity score) so that
`kgraph explain` can show why two mentions became one node. The rules are
deliberately conservative: a wrong merge (two people fused into one) costs a
user's trust more than a missed one.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict

from kgraph.aliases import AliasTable, default_aliases
from kgraph.graph import IRI
from kgraph.iris import artifact_iri, organization_iri, paper_iri
from kgraph.name_groups import NameCounts, group_entity, pick_group, resolve_names, resolve_people
from kgraph.resolve_keys import ArtifactKeys, PaperKeys
from kgraph.resolved import Merge, RecordRef, Resolution
from kgraph.schema import ARTIFACT_TYPES
from kgraph.sketches import NO_HASH, SKETCH_SIZE, append_sketch, sketch_similarity
from kgraph.text import short_hash


__all__ = ["ResolutionIndex", "ABSTRACT_THRESHOLD"]

#: Two abstracts whose sketch similarity reaches this describe one paper. Chosen on
#: the sample pages: the five papers shown on two sites (one reworded) score 0.94-1.0,
#: while the closest of the 1,100+ pairs of different papers scores 0.04. The
#: threshold sits well inside that gap, leaving room for heavier rewording and for
#: the sketch's estimation error (about ±0.09 at k=32).
ABSTRACT_THRESHOLD = 0.4
#: A sketch value shared by more weak records than this is a stock phrase: ignored.
MAX_BUCKET = 500
#: Titles shorter than this (as letters and digits) are too generic to merge on alone.
MIN_TITLE_KEY = 12

#: For each joining rule, how many of a cluster's (arXiv id, DOI, title) must not differ.
_CONFLICTS = {"arxiv-id": 0, "doi": 1, "title": 2}

_PADDING = array("I", [NO_HASH]) * SKETCH_SIZE  # fills the slots a short sketch leaves


class ResolutionIndex:
    """Collects, record by record, everything resolution needs, and nothing more."""

    def __init__(self, aliases: AliasTable | None = None) -> None:
        self.aliases = aliases or default_aliases()
        self._refs: list[RecordRef] = []
        self._arxiv: list[str | None] = []
        self._doi: list[str | None] = []
        self._title: list[str | None] = []
        self._abstract_key: list[str] = []
        self._sketches = array("I")
        self._sketch_len = array("B")
        self._parent = array("l")
        self._root_ids: dict[int, tuple[str | None, str | None, str | None]] = {}
        self._first_with: dict[int, int] = {}
        self._documents: list[str] = []
        self._doc_bit: dict[str, int] = {}
        self._affiliations: dict[tuple[str, str], int] = {}  # (person, organization) -> documents
        self._merges: dict[int, list[Merge]] = defaultdict(list)
        self.people = NameCounts()
        self.orgs = NameCounts()
        self.artifacts = NameCounts()
        self._assets: list[tuple[str, str, tuple[str, ...], int]] = []  # (name, kind, organizations, doc bit)
        self._asset_deps: list[tuple[str, tuple[str, ...], int]] = []  # (dependency, its asset's organizations, doc bit)

    # -- papers -------------------------------------------------------------

    def add_keys(self, doc: str, keys: PaperKeys) -> int:
        """Register one record's keys (see paper_keys); returns its ref number."""
        ref = len(self._refs)
        self._refs.append(RecordRef(doc, keys.index))
        title = keys.title if keys.title and len(keys.title) >= MIN_TITLE_KEY else None
        self._arxiv.append(keys.arxiv)
        self._doi.append(keys.doi)
        self._title.append(keys.title)
        self._abstract_key.append(keys.abstract_key)
        n = append_sketch(self._sketches, keys.sketch)
        if n < SKETCH_SIZE:
            self._sketches.extend(_PADDING[: SKETCH_SIZE - n])
        self._sketch_len.append(n)
        self._parent.append(ref)
        self._root_ids[ref] = (keys.arxiv, keys.doi, title)
        for rule, key in (("arxiv-id", keys.arxiv), ("doi", keys.doi), ("title", title)):
            if key:
                # A 64-bit hash stands for the key: equal keys always meet; a false
                # meeting of two of a million keys has odds near 1e-7.
                first = self._first_with.setdefault(hash((rule, key)), ref)
                if first != ref and self._same_key(rule, first, ref):
                    self._join(rule, key, first, ref)
        bit = self._bit(doc)
        for name, printed in keys.people:
            self.people.add(name, bit)
            if printed and printed != name:
                self.people.extra[name].add(printed)
        for name, short in keys.orgs:
            self.orgs.add((name, "organization"), bit)
            if short:
                self.orgs.extra[name].add(short)
        for person, org in keys.affiliations:
            self.orgs.add((org, "organization"), bit)
            self._affiliations[(person, org)] = self._affiliations.get((person, org), 0) | bit
        for name, kind in keys.artifacts:
            self.artifacts.add((name, kind), bit)
        return ref

    def _same_key(self, rule: str, a: int, b: int) -> bool:
        """Guard against a hash collision: the two records really share the key."""
        column = {"arxiv-id": self._arxiv, "doi": self._doi, "title": self._title}[rule]
        return column[a] == column[b]

    def _bit(self, doc: str) -> int:
        bit = self._doc_bit.get(doc)
        if bit is None:
            bit = self._doc_bit[doc] = 1 << len(self._documents)
            self._documents.append(doc)
        return bit

    def _find(self, x: int) -> int:
        parent = self._parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def _join(self, rule: str, evidence: str, a: int, b: int) -> bool:
        """Union two records' clusters unless they state different identities.

        Only identities weaker than the rule's own key can stand in the way: one arXiv
        id is one paper whatever titles its versions carry, and the same DOI without
        different arXiv ids is one too. (Kept apart, the two would still be named by
        that id: two blocks for one subject.)
        """
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return False
        ia, ib = self._root_ids[ra], self._root_ids[rb]
        checked = _CONFLICTS.get(rule, 3)  # how many of (arXiv id, DOI, title) may conflict
        if any(x and y and x != y for x, y in zip(ia[:checked], ib[:checked])):
            return False
        lo, hi = (ra, rb) if ra < rb else (rb, ra)
        self._parent[hi] = lo
        self._root_ids[lo] = tuple(x or y for x, y in zip(ia, ib))
        del self._root_ids[hi]
        merges = self._merges.pop(hi, [])
        left, right = self._refs[a], self._refs[b]
        merges.append(Merge(rule, evidence, f"{left.doc}#{left.index}", f"{right.doc}#{right.index}"))
        self._merges[lo].extend(merges)
        return True

    def _sketch(self, ref: int) -> tuple[int, ...]:
        n = self._sketch_len[ref]
        start = ref * SKETCH_SIZE
        return tuple(self._sketches[start:start + n])

    def _join_similar_abstracts(self) -> None:
        """Records without an arXiv id or DOI ("weak") are compared with every record
        sharing a sketch value; records that both carry identifiers never need it."""
        weak = [r for r in range(len(self._refs))
                if not self._arxiv[r] and not self._doi[r] and self._sketch_len[r]]
        if not weak:
            return
        buckets: dict[int, list[int]] = defaultdict(list)
        for r in weak:
            for h in self._sketch(r):
                buckets[h].append(r)
        shared = buckets.keys()
        candidates: set[tuple[int, int]] = set()
        for r in range(len(self._refs)):
            if not self._sketch_len[r]:
                continue
            sketch = self._sketch(r)
            if shared.isdisjoint(sketch):  # most records, when few are weak
                continue
            for h in sketch:
                members = buckets.get(h)
                if not members or len(members) > MAX_BUCKET:
                    continue
                for w in members:
                    if w != r:
                        candidates.add((min(w, r), max(w, r)))
        for a, b in sorted(candidates):
            score = sketch_similarity(self._sketch(a), self._sketch(b))
            if score >= ABSTRACT_THRESHOLD:
                self._join("abstract-similarity", f"{score:.2f}", a, b)

    # -- names --------------------------------------------------------------

    def add_artifact_keys(self, doc: str, keys: ArtifactKeys) -> None:
        """The asset and its dependencies wait for `finish`: which node a name is depends
        on every asset of that name and their organizations (see _place_assets)."""
        bit = self._bit(doc)
        self._assets.append((keys.name, keys.kind, keys.orgs, bit))
        for org in keys.orgs:
            self.orgs.add((org, "organization"), bit)
        for dep in keys.dependencies:
            self._asset_deps.append((dep, keys.orgs, bit))

    def _place_assets(self) -> dict[str, list[tuple[frozenset[str], str, list[tuple[str, str, int]]]]]:
        """Assets of one name are one node when their organizations agree.

        Assets whose folded names match (`artifact_key`) are grouped by organization:
        two join when they share an organization (by organization key), transitively.
        An asset without an organization agrees with any group, so with one group it
        joins it. With two or more groups the name is ambiguous: each group becomes a
        node of its own, its key qualified by the group's first organization key; an
        asset without an organization, a dependency no group's organization picks, and
        a paper's mention stay with the bare name. Returns bare key -> groups
        (organization keys, qualified key, the group's (name, kind, doc bit) entries).
        """
        org_key = self.aliases.organization_key
        by_key: dict[str, list[tuple[str, str, frozenset[str], int]]] = defaultdict(list)
        for name, kind, orgs, bit in self._assets:
            key = self.aliases.artifact_key(name)
            if key:
                by_key[key].append((name, kind, frozenset(k for k in map(org_key, orgs) if k), bit))
        ambiguous: dict[str, list[tuple[frozenset[str], str, list[tuple[str, str, int]]]]] = {}
        for key, decls in by_key.items():
            groups: list[tuple[set[str], list[tuple[str, str, int]]]] = []
            for name, kind, orgs, bit in decls:
                if not orgs:
                    continue
                touching = [g for g in groups if g[0] & orgs]
                merged: tuple[set[str], list[tuple[str, str, int]]] = (set(orgs), [(name, kind, bit)])
                for g in touching:
                    merged[0].update(g[0])
                    merged[1].extend(g[1])
                    groups.remove(g)
                groups.append(merged)
            if len(groups) < 2:
                for name, kind, _, bit in decls:
                    self.artifacts.add((name, kind), bit)
                continue
            for name, kind, orgs, bit in decls:
                if not orgs:
                    self.artifacts.add((name, kind), bit)
            ambiguous[key] = sorted((frozenset(o), f"{key}-{min(o)}", members) for o, members in groups)
        for dep, orgs, bit in self._asset_deps:
            key = self.aliases.artifact_key(dep)
            picked = pick_group(ambiguous.get(key, ()), {k for k in map(org_key, orgs) if k})
            if picked is None:
                self.artifacts.add((dep, "artifact"), bit)
            else:
                picked[2].append((dep, "artifact", bit))
        return ambiguous

    # -- the result ---------------------------------------------------------

    def finish(self) -> Resolution:
        self._join_similar_abstracts()
        n = len(self._refs)
        roots = array("l", (self._find(r) for r in range(n)))
        sizes = {root: count for root, count in Counter(roots).items() if count > 1}
        members: dict[int, list[int]] = defaultdict(list)
        cluster_iri: list[IRI | None] = [None] * n  # indexed by a cluster's root record
        for r in range(n):
            root = roots[r]
            if root in sizes:
                members[root].append(r)
            else:
                cluster_iri[root] = self._record_iri(r)
        first = {root: min(refs) for root, refs in members.items()}
        for root, refs in members.items():
            cluster_iri[root] = self._cluster_iri(refs)
        del members
        self._set_apart(cluster_iri, roots, first)
        people, person_index = resolve_people(self.people, self._documents)
        orgs, org_index = resolve_names(self.orgs, self.aliases.organization, organization_iri, "Organization",
                                         self._documents)
        ambiguous = self._place_assets()
        arts, art_index = resolve_names(self.artifacts, self.aliases.artifact, artifact_iri, "Artifact",
                                         self._documents)
        for ent in arts.values():
            ent.kind = _artifact_class(ent.kinds)
        variants: dict[str, list[tuple[frozenset[str], str]]] = {}
        for key, groups in sorted(ambiguous.items()):
            bare = arts.get(art_index.get(key, ""))
            if bare is not None and not self._declared_bare(key):
                bare.kind = "Artifact"  # a name several organizations' assets share: no single one is meant
            for org_keys, qualified, members in groups:
                ent = group_entity(qualified, members, self._documents)
                ent.kind = _artifact_class(ent.kinds)
                arts[ent.iri] = ent
                variants.setdefault(key, []).append((org_keys, ent.iri))
        affiliations: dict[str, list[tuple[str, int]]] = {}
        for (person, org), mask in sorted(self._affiliations.items()):
            pid = person_index.get(person)
            oid = org_index.get(self.aliases.organization_key(org))
            if pid and oid:
                affiliations.setdefault(pid, []).append((oid, mask))
        return Resolution(
            affiliations=affiliations,
            refs=self._refs, roots=roots, sizes=sizes, cluster_iri=cluster_iri, merges=dict(self._merges),
            people=people, organizations=orgs, artifacts=arts, person_index=person_index,
            organization_index=org_index, artifact_index=art_index, aliases=self.aliases,
            artifact_variants=variants)

    def _declared_bare(self, key: str) -> bool:
        """Whether an asset of this ambiguous name has no organization (so it is the bare node)."""
        return any(not orgs and self.aliases.artifact_key(name) == key for name, _, orgs, _ in self._assets)

    def _set_apart(self, cluster_iri: list[IRI | None], roots: array, first: dict[int, int]) -> None:
        """Papers that resolution kept apart but whose IRI, made from a title or an abstract, is
        the same (ten entries titled "A title" by different authors) each get that IRI with a
        suffix from their first record's address, so one node never holds two papers' facts.
        arXiv ids and DOIs always join their records, so only title and abstract IRIs are looked at."""
        owners: dict[IRI, list[int]] = defaultdict(list)
        weak = (paper_iri(title="x").rsplit("/", 1)[0] + "/t-", paper_iri(abstract_digest="0" * 12)[:-12])
        for r, root in enumerate(roots):
            if r == root:  # once per paper
                iri = cluster_iri[root]
                if iri is not None and iri.startswith(weak):
                    owners[iri].append(root)
        for iri, shared in owners.items():
            if len(shared) > 1:
                for root in shared:
                    ref = self._refs[first.get(root, root)]
                    cluster_iri[root] = IRI(f"{iri}-{short_hash(f'{ref.doc}#{ref.index}')}")

    def _record_iri(self, r: int) -> IRI:
        """_cluster_iri([r]), for the many papers known from one record."""
        if self._arxiv[r]:
            return paper_iri(arxiv_id=self._arxiv[r])
        if self._doi[r]:
            return paper_iri(doi=self._doi[r])
        if self._title[r]:
            return paper_iri(title=self._title[r])
        return paper_iri(abstract_digest=self._abstract_key[r])

    def _cluster_iri(self, refs: list[int]) -> IRI:
        arxiv = sorted({self._arxiv[r] for r in refs if self._arxiv[r]})
        if arxiv:
            return paper_iri(arxiv_id=arxiv[0])
        dois = sorted({self._doi[r] for r in refs if self._doi[r]})
        if dois:
            return paper_iri(doi=dois[0])
        titles = sorted({self._title[r] for r in refs if self._title[r]})
        if titles:
            return paper_iri(title=titles[0])
        return paper_iri(abstract_digest=sorted(self._abstract_key[r] for r in refs)[0])


_KIND_CLASS = {t.kind: t.cls for t in ARTIFACT_TYPES}


def _artifact_class(kinds: dict[str, int]) -> str:
    """One class from the kinds its mentions gave: a benchmark vote beats a dataset one,
    specific kinds beat the generic 'artifact', and the majority wins between the rest."""
    specific = {k: v for k, v in (kinds or {}).items() if k != "artifact" and v}
    if not specific:
        return "Artifact"
    if "benchmark" in specific and set(specific) <= {"benchmark", "dataset"}:
        return "Benchmark"
    best = sorted(specific.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return _KIND_CLASS.get(best, "Artifact")

