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

import re
import sys
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from kgraph.aliases import AliasTable, default_aliases
from kgraph.graph import IRI
from kgraph.iris import artifact_iri, organization_iri, paper_iri, person_iri
from kgraph.models import ArtifactRecord, PaperRecord
from kgraph.text import NAME_PARTICLES, clean_space, fold, name_key, short_hash

__all__ = [
    "PaperKeys",
    "ArtifactKeys",
    "paper_keys",
    "artifact_keys",
    "RecordRef",
    "Merge",
    "PaperCluster",
    "Entity",
    "Resolution",
    "ResolutionIndex",
    "resolve",
    "sketch",
    "sketch_similarity",
    "person_tokens",
    "ABSTRACT_THRESHOLD",
]

#: Two abstracts whose sketch similarity reaches this describe one paper. Chosen on
#: the sample pages: the five papers shown on two sites (one reworded) score 0.94-1.0,
#: while the closest of the 1,100+ pairs of different papers scores 0.04. The
#: threshold sits well inside that gap, leaving room for heavier rewording and for
#: the sketch's estimation error (about ±0.09 at k=32).
ABSTRACT_THRESHOLD = 0.4
#: Values kept per abstract: the k smallest hashes of its word 3-grams (a bottom-k sketch).
SKETCH_SIZE = 32
#: Minimum number of 3-grams an abstract needs before its similarity is trusted.
MIN_SHINGLES = 25
#: A sketch value shared by more weak records than this is a stock phrase: ignored.
MAX_BUCKET = 500
#: Titles shorter than this (as letters and digits) are too generic to merge on alone.
MIN_TITLE_KEY = 12

#: For each joining rule, how many of a cluster's (arXiv id, DOI, title) must not differ.
_CONFLICTS = {"arxiv-id": 0, "doi": 1, "title": 2}

_WORD = re.compile(r"[a-z0-9]+")  # what a word is; _words() finds these faster
_NO_HASH = 0xFFFFFFFF
_PADDING = array("I", [_NO_HASH]) * SKETCH_SIZE  # fills the slots a short sketch leaves


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


# ---------------------------------------------------------------- abstracts


def sketch(text: str) -> tuple[int, ...]:
    """The SKETCH_SIZE smallest hashes of the folded word 3-grams of `text` (sorted)."""
    return _sketch_words(_words(text))


#: Every byte but [a-z0-9] as a space: UTF-8 writes each non-ASCII character as bytes >= 0x80.
_WORD_BYTES = bytes(c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256))


def _words(text: str) -> list[bytes]:
    """`_WORD.findall(fold(text))`, UTF-8 encoded: one byte-table pass and a split, 3x cheaper.

    The words are bytes because that is what their CRC32 hashes are taken of.
    """
    return fold(text).encode("utf-8", "surrogatepass").translate(_WORD_BYTES).split()


def _sketch_words(words: list[bytes]) -> tuple[int, ...]:
    """Bottom-k sketch of a word list's 3-grams.

    Each word is hashed once with CRC32 (Python's str hash changes from run to
    run, and merges must not) and a 3-gram's hash is mixed from its words'
    hashes with integer arithmetic, which is several times cheaper than hashing
    every 3-gram's text.
    """
    if len(words) < 3:
        return ()
    hashes = _trigram_hashes(array("Q", _word_hashes(words)))
    # The k smallest distinct values are nearly always among the first k + 8 sorted ones (3-grams
    # rarely repeat); dict.fromkeys drops repeats and keeps the order, so no set is built and sorted.
    # The hashes are near uniform, so those few are nearly always below `bound`, which about
    # _SORTED of them are: only those are sorted (each sorted value is an int object made).
    if len(hashes) > 2 * _SORTED:
        bound = (_SORTED << 32) // len(hashes)
        head = list(dict.fromkeys(sorted(filter(bound.__gt__, hashes))[: SKETCH_SIZE + 8]))
        if len(head) >= SKETCH_SIZE:
            return tuple(head[:SKETCH_SIZE])
    ordered = sorted(hashes)
    head = list(dict.fromkeys(ordered[: SKETCH_SIZE + 8]))
    if len(head) >= SKETCH_SIZE:
        return tuple(head[:SKETCH_SIZE])
    distinct = list(dict.fromkeys(ordered))
    if len(distinct) < MIN_SHINGLES:
        return ()
    return tuple(distinct[:SKETCH_SIZE])


#: About how many of an abstract's 3-gram hashes _sketch_words sorts (see there).
_SORTED = 2 * SKETCH_SIZE

#: Word -> its CRC32, for the words seen first (most of any abstract's words are common ones).
_WORD_HASHES: dict[bytes, int] = {}
_WORD_HASHES_LIMIT = 200_000


def _word_hashes(words: list[bytes]) -> list[int]:
    """zlib.crc32 of each word, looked up for the words seen before: a lookup through map()
    costs half a call of crc32."""
    known = _WORD_HASHES
    ids = list(map(known.get, words))
    if None in ids:
        for i, h in enumerate(ids):
            if h is None:
                word = words[i]
                ids[i] = h = zlib.crc32(word)
                if len(known) < _WORD_HASHES_LIMIT:
                    known[word] = h
    return ids


#: The 3-gram mix: (a * A ^ b * B ^ c * C) & 0xFFFFFFFF for consecutive word hashes a, b, c.
_MIX_A, _MIX_B, _MIX_C = 0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D
_BIG_ENDIAN = sys.byteorder == "big"


def _trigram_hashes(ids: array) -> array:
    """The mixed hashes of every 3 consecutive ids (with repeats), without a Python-level loop over them.

    The ids (32-bit) go into 64-bit lanes of one big integer. Multiplying it by a
    32-bit constant multiplies every lane at once with no carry between lanes (a
    32 x 32-bit product fits in 64 bits), and shifting it by one lane lines each
    id up with its successor; the low 32 bits of lane i of the XOR are then
    exactly the mix of ids i, i+1, i+2. About 3x faster than the comprehension.
    """
    n = len(ids)
    if _BIG_ENDIAN:
        ids.byteswap()
    packed = int.from_bytes(ids.tobytes(), "little")
    mixed = packed * _MIX_A ^ (packed >> 64) * _MIX_B ^ (packed >> 128) * _MIX_C
    halves = array("I", mixed.to_bytes(8 * n, "little"))  # lane i: low half at 2i, high half at 2i + 1
    if _BIG_ENDIAN:
        halves.byteswap()
    return halves[0 : 2 * (n - 2) : 2]


def _sketch_bytes(values: tuple[int, ...]) -> bytes:
    """A sketch as one bytes object, little-endian 32-bit words: the keys of every record
    travel from the workers to the building process, and 32 int objects took 8 of the
    10 µs a record's keys took to unpickle."""
    packed = array("I", values)
    if _BIG_ENDIAN:
        packed.byteswap()
    return packed.tobytes()


def _append_sketch(column: array, packed: bytes) -> int:
    """Append a _sketch_bytes value to an array("I") column; returns how many values it holds."""
    start = len(column)
    column.frombytes(packed)
    if _BIG_ENDIAN:
        tail = column[start:]
        tail.byteswap()
        column[start:] = tail
    return len(column) - start


def sketch_similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated overlap of two abstracts from their bottom-k sketches.

    The larger of the Jaccard estimate and each containment estimate, so an
    abstract cut off at the end of a page still matches its full version.
    """
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    union = sorted(sa | sb)[:SKETCH_SIZE]
    jaccard = sum(1 for h in union if h in sa and h in sb) / len(union)
    return max(jaccard, _containment(a, sb, b), _containment(b, sa, a))


def _containment(small: tuple[int, ...], big_set: set[int], big: tuple[int, ...]) -> float:
    """Share of `small`'s sketch values, within the range `big`'s sketch covers, found in `big`."""
    limit = big[-1] if len(big) >= SKETCH_SIZE else _NO_HASH
    window = [h for h in small if h <= limit]
    if len(window) < SKETCH_SIZE // 4:
        return 0.0
    return sum(1 for h in window if h in big_set) / len(window)


# ---------------------------------------------------------------- people

_TOKEN = re.compile(r"[a-z0-9]+")


def person_tokens(name: str) -> list[str]:
    """Folded name tokens in First ... Last order ("Alberti, Silas" -> [silas, alberti])."""
    return _tokens(_first_last(name))


def _tokens(name: str) -> list[str]:
    return _TOKEN.findall(fold(name).replace("'", ""))


def _first_last(name: str) -> str:
    """ "Alberti, Silas" -> "Silas Alberti"; other names unchanged."""
    if "," in name:
        last, _, first = name.partition(",")
        if first.strip() and last.strip():
            return clean_space(f"{first} {last}")
    return clean_space(name)


def _person_key(name: str) -> tuple[str, str, str] | None:
    """(first, middle initials, last) of a name in First ... Last order; None for one word."""
    tokens = _tokens(name)
    if len(tokens) < 2:
        return None
    first, last = tokens[0], tokens[-1]
    if len(tokens) == 2:
        return first, "", last
    middle = "".join([t[0] for t in tokens[1:-1] if t not in NAME_PARTICLES])
    return first, middle, last


def _choose_label(spellings: dict[str, int]) -> str:
    """Most frequent spelling; ties go to the longest, then alphabetical (deterministic)."""
    if len(spellings) == 1:
        return next(iter(spellings))
    return sorted(spellings.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]


# ---------------------------------------------------------------- keys


class PaperKeys(NamedTuple):
    """What resolution needs from one paper record: small, picklable, computed anywhere.

    Workers (local processes or a Dask cluster) compute these next to the text,
    so only identifiers, a sketch and names travel back to the resolving process.
    A named tuple, so that it can travel as a plain tuple (see TaskResult):
    every key is unpickled by the building process while the workers go on.
    """

    index: int
    arxiv: str | None
    doi: str | None
    title: str | None
    abstract_key: str
    sketch: bytes  # the sketch's values as little-endian 32-bit words (see _sketch_bytes)
    people: tuple[tuple[str, str | None], ...]  # (name, printed form)
    affiliations: tuple[tuple[str, str], ...]  # (person name, organization name)
    orgs: tuple[tuple[str, str | None], ...]  # (name, short form such as a slug)
    artifacts: tuple[tuple[str, str], ...]  # (name, kind)


class ArtifactKeys(NamedTuple):
    """What resolution needs from one structured asset record."""

    name: str
    kind: str
    orgs: tuple[str, ...]
    dependencies: tuple[str, ...]


def paper_keys(rec: PaperRecord) -> PaperKeys:
    """The keys of one record (computed once, by whichever process read it)."""
    words = _words(rec.abstract) if rec.abstract else []
    authors = rec.all_authors
    people = tuple([(clean_space(a.name), clean_space(a.as_printed) if a.as_printed else None) for a in authors])
    orgs = [(clean_space(i.name), i.slug if i.slug and i.slug != i.name else None) for i in rec.institutions]
    artifacts = []
    for m in rec.mentions:
        if m.kind == "organization":
            orgs.append((clean_space(m.name), None))
        else:
            artifacts.append((clean_space(m.name), m.kind))
    for r in rec.relations:
        artifacts.append((clean_space(r.subject), r.subject_kind))
        if r.object_kind == "organization":
            orgs.append((clean_space(r.object), None))
        else:
            artifacts.append((clean_space(r.object), r.object_kind))
    return PaperKeys(
        index=rec.index,
        arxiv=rec.arxiv_id,
        doi=rec.doi.casefold() if rec.doi else None,
        title=name_key(rec.title) if rec.title else None,
        abstract_key=short_hash(b" ".join(words[:40]).decode("ascii"), 16),
        sketch=_sketch_bytes(_sketch_words(words)),
        people=people,
        affiliations=tuple((clean_space(a.name), clean_space(o)) for a in authors for o in a.affiliations),
        orgs=tuple(orgs), artifacts=tuple(artifacts))


def artifact_keys(art: ArtifactRecord) -> ArtifactKeys:
    return ArtifactKeys(clean_space(art.name), art.kind, tuple(clean_space(o) for o in art.organizations),
                        tuple(clean_space(d) for d in art.dependencies))


# ---------------------------------------------------------------- the index


class _Names:
    """Spellings seen for one family of names: how often, and in which documents (a bit mask)."""

    def __init__(self) -> None:
        self.count: dict = {}
        self.docs: dict = {}
        self.extra: dict[str, set[str]] = defaultdict(set)  # spelling -> other spellings (not counted)

    def add(self, key, doc_bit: int) -> None:
        self.count[key] = self.count.get(key, 0) + 1
        self.docs[key] = self.docs.get(key, 0) | doc_bit


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
        self.people = _Names()
        self.orgs = _Names()
        self.artifacts = _Names()
        self._assets: list[tuple[str, str, tuple[str, ...], int]] = []  # (name, kind, organizations, doc bit)
        self._asset_deps: list[tuple[str, tuple[str, ...], int]] = []  # (dependency, its asset's organizations, doc bit)

    # -- papers -------------------------------------------------------------

    def add_paper(self, doc: str, rec: PaperRecord) -> int:
        """Register one record; identical identifiers join at once, abstracts at the end."""
        return self.add_keys(doc, paper_keys(rec))

    def add_keys(self, doc: str, keys: PaperKeys) -> int:
        """Register one record's keys (see paper_keys); returns its ref number."""
        ref = len(self._refs)
        self._refs.append(RecordRef(doc, keys.index))
        title = keys.title if keys.title and len(keys.title) >= MIN_TITLE_KEY else None
        self._arxiv.append(keys.arxiv)
        self._doi.append(keys.doi)
        self._title.append(keys.title)
        self._abstract_key.append(keys.abstract_key)
        n = _append_sketch(self._sketches, keys.sketch)
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

    def add_artifact(self, doc: str, art: ArtifactRecord) -> None:
        """An asset from a structured source, its makers and its dependencies."""
        self.add_artifact_keys(doc, artifact_keys(art))

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
            picked = _pick_group(ambiguous.get(key, ()), {k for k in map(org_key, orgs) if k})
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
        people, person_index = _resolve_people(self.people, self._documents)
        orgs, org_index = _resolve_names(self.orgs, self.aliases.organization, organization_iri, "Organization",
                                         self._documents)
        ambiguous = self._place_assets()
        arts, art_index = _resolve_names(self.artifacts, self.aliases.artifact, artifact_iri, "Artifact",
                                         self._documents)
        for ent in arts.values():
            ent.kind = _artifact_class(ent.kinds)
        variants: dict[str, list[tuple[frozenset[str], str]]] = {}
        for key, groups in sorted(ambiguous.items()):
            bare = arts.get(art_index.get(key, ""))
            if bare is not None and not self._declared_bare(key):
                bare.kind = "Artifact"  # a name several organizations' assets share: no single one is meant
            for org_keys, qualified, members in groups:
                ent = _group_entity(qualified, members, self._documents)
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


# ---------------------------------------------------------------- resolution


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


def _resolve_people(names: _Names, documents: list[str]) -> tuple[dict[str, Entity], dict[str, str]]:
    """Group person names; a name without middle initials joins the one variant that has them."""
    by_key: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    reordered: dict[str, str] = {}  # name -> its First Last form, where that differs
    for name in sorted(names.count):
        shown = _first_last(name)
        if shown != name:
            reordered[name] = shown
        key = _person_key(shown)
        by_key[key if key else ("", "", fold(name))].append(name)
    middled: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for key in by_key:
        if key[0] and key[1]:
            middled[(key[0], key[2])].append(key)
    groups: dict[tuple[str, str, str], list[str]] = {}
    evidence: dict[tuple[str, str, str], list[Merge]] = {}
    for key, members in sorted(by_key.items()):
        dest = key
        if key[0] and not key[1] and len(middled.get((key[0], key[2]), [])) == 1:
            dest = middled[(key[0], key[2])][0]
            evidence.setdefault(dest, []).append(
                Merge("person-middle-initial", " ".join(dest), " ".join(key), " ".join(dest)))
        groups.setdefault(dest, []).extend(members)
    del by_key, middled

    entities: dict[str, Entity] = {}
    index: dict[str, str] = {}
    for key, members in sorted(groups.items()):
        spellings = {m: names.count[m] for m in members}
        if len(members) == 1:
            label = reordered.get(members[0], members[0])
        else:
            display: Counter = Counter()
            for n, c in spellings.items():
                display[reordered.get(n, n)] += c
            label = _choose_label(display)
        iri = person_iri(label)
        while iri in entities:  # two people whose labels slug alike: keep them apart
            iri = IRI(iri + "-x")
        mask = 0
        for m in members:
            mask |= names.docs[m]
        ent = Entity(iri, "Person", label, spellings, mask, documents, evidence.get(key, []))
        if len(spellings) > 1:
            ent.merges.append(Merge("person-name-key", " ".join(k for k in key if k), label,
                                    ", ".join(sorted(spellings))))
        for m in members:
            for extra in names.extra.get(m, ()):
                ent.spellings.setdefault(extra, 0)  # the printed form, kept as skos:altLabel
                index.setdefault(extra, iri)
            index[m] = iri
        entities[iri] = ent
    return entities, index


def _pick_group(groups, orgs: set[str]):
    """The one group of an ambiguous name sharing an organization with `orgs`, else None."""
    hits = [g for g in groups if g[0] & orgs]
    return hits[0] if len(hits) == 1 else None


def _group_entity(key: str, members: list[tuple[str, str, int]], documents: list[str]) -> Entity:
    """The node of one organization's asset of an ambiguous name (see _place_assets)."""
    spellings: dict[str, int] = {}
    kinds: dict[str, int] = {}
    mask = 0
    for name, kind, bit in members:
        spellings[name] = spellings.get(name, 0) + 1
        kinds[kind] = kinds.get(kind, 0) + 1
        mask |= bit
    declared = {name: n for name, n in spellings.items() if any(m[0] == name and m[1] != "artifact" for m in members)}
    ent = Entity(artifact_iri(key), "Artifact", _choose_label(declared or spellings), spellings, mask, documents, [], kinds)
    ent.kind = _artifact_class(kinds)
    return ent


def _resolve_names(names: _Names, canonical, make_iri, default_kind: str,
                   documents: list[str]) -> tuple[dict[str, Entity], dict[str, str]]:
    """Group (spelling, kind) entries by their canonical key."""
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    table_names: dict[str, str | None] = {}  # key -> the alias table's name for it
    for spelling, kind in sorted(names.count):
        key, known = canonical(spelling)
        if key:
            groups[key].append((spelling, kind))
            table_names.setdefault(key, known)
    entities: dict[str, Entity] = {}
    index: dict[str, str] = {}
    for key, members in sorted(groups.items()):
        spellings: dict[str, int] = {}
        kinds: dict[str, int] = {}
        mask = 0
        for spelling, kind in members:
            n = names.count[(spelling, kind)]
            spellings[spelling] = spellings.get(spelling, 0) + n
            kinds[kind] = kinds.get(kind, 0) + n
            mask |= names.docs[(spelling, kind)]
        known = table_names[key]
        label = known or _choose_label(spellings)
        if known:
            spellings.setdefault(known, 0)  # keep the table's name among the spellings
        for spelling, _ in members:
            for extra in names.extra.get(spelling, ()):
                spellings.setdefault(extra, 0)
        ent = Entity(make_iri(key), default_kind, label, spellings, mask, documents, [], kinds)
        if len(spellings) > 1:
            ent.merges.append(Merge("alias-table" if known else "name-key", key, label, ", ".join(sorted(spellings))))
        entities[ent.iri] = ent
        index[key] = ent.iri
    return entities, index


_KIND_CLASS = {"dataset": "Dataset", "benchmark": "Benchmark", "model": "Model",
               "application": "Application", "artifact": "Artifact"}


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


def resolve(
    documents: Iterable[tuple[str, list[PaperRecord]]],
    *,
    artifacts: Iterable[tuple[str, ArtifactRecord]] = (),
    aliases: AliasTable | None = None,
) -> Resolution:
    """Resolve the papers of `documents` ((doc IRI, records) pairs) and every name in them."""
    index = ResolutionIndex(aliases)
    for doc, recs in documents:
        for rec in recs:
            index.add_paper(doc, rec)
    for doc, art in artifacts:
        index.add_artifact(doc, art)
    return index.finish()
