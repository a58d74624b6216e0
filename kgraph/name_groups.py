"""Names grouped into entities: people by name key and middle initials, organizations and artifacts by alias key."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from kgraph.graph import IRI
from kgraph.iris import artifact_iri, person_iri
from kgraph.resolved import Entity, Merge
from kgraph.text import NAME_PARTICLES, clean_space, fold

__all__ = ["NameCounts", "choose_label", "resolve_people", "pick_group", "group_entity", "resolve_names"]


class NameCounts:
    """Spellings seen for one family of names: how often, and in which documents (a bit mask)."""

    def __init__(self) -> None:
        self.count: dict = {}
        self.docs: dict = {}
        self.extra: dict[str, set[str]] = defaultdict(set)  # spelling -> other spellings (not counted)

    def add(self, key, doc_bit: int) -> None:
        self.count[key] = self.count.get(key, 0) + 1
        self.docs[key] = self.docs.get(key, 0) | doc_bit


_TOKEN = re.compile(r"[a-z0-9]+")


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


def choose_label(spellings: dict[str, int]) -> str:
    """Most frequent spelling; ties go to the longest, then alphabetical (deterministic)."""
    if len(spellings) == 1:
        return next(iter(spellings))
    return sorted(spellings.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]


def resolve_people(names: NameCounts, documents: list[str]) -> tuple[dict[str, Entity], dict[str, str]]:
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
            label = choose_label(display)
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


def pick_group(groups, orgs: set[str]):
    """The one group of an ambiguous name sharing an organization with `orgs`, else None."""
    hits = [g for g in groups if g[0] & orgs]
    return hits[0] if len(hits) == 1 else None


def group_entity(key: str, members: list[tuple[str, str, int]], documents: list[str]) -> Entity:
    """The node of one organization's asset of an ambiguous name (see _place_assets)."""
    spellings: dict[str, int] = {}
    kinds: dict[str, int] = {}
    mask = 0
    for name, kind, bit in members:
        spellings[name] = spellings.get(name, 0) + 1
        kinds[kind] = kinds.get(kind, 0) + 1
        mask |= bit
    declared = {name: n for name, n in spellings.items() if any(m[0] == name and m[1] != "artifact" for m in members)}
    ent = Entity(artifact_iri(key), "Artifact", choose_label(declared or spellings), spellings, mask, documents, [], kinds)
    return ent


def resolve_names(names: NameCounts, canonical, make_iri, default_kind: str,
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
        label = known or choose_label(spellings)
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
