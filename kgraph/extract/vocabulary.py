"""The vocabulary of known artifacts and organizations, matched with one Aho–Corasick pass.

Known names are the cheap, precise half of extraction; cue patterns carry the
names the vocabulary has never seen. The packaged catalogue
(`kgraph/data/vocabulary.json`, built by `scripts/build_vocabulary.py`) can be
extended with user files and with graphs kgraph already built, all three read by
`kgraph.catalogue`.

A spelling is matched case-sensitively in spirit: acronyms ("OPT") only in
capitals, other spellings when the text shows a capital or a digit, so "opt for"
and "based on" never fire. Entries marked ``weak`` (common words such as
"Pile" or "Jukebox") are only accepted by the extractors when a cue confirms them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from operator import itemgetter
from typing import Iterable, Iterator, NamedTuple

from kgraph.catalogue import KINDS, Entry, packaged_entries, read_graph_vocabulary, read_vocabulary_file
from kgraph.text import artifact_key

__all__ = ["Entry", "Hit", "Cue", "normalize", "Vocabulary", "load_vocabulary", "default_vocabulary", "KINDS"]

_ACRONYM = re.compile(r"[A-Z0-9][A-Z0-9&.+\-/ ]*")
_PUNCT = "".join(chr(i) for i in range(128) if not chr(i).isalnum()) + "\u2018\u2019\u201c\u201d\u2013\u2014\u00b7\u2026\u00a0"
# Lower-case letters, every punctuation mark a space: one translate gives a text
# in which a known name always starts after a space, so the automaton only
# reports matches at word starts ("opt" never fires inside "optimal").
_NORM = str.maketrans({**{c: " " for c in _PUNCT}, **{chr(i): chr(i + 32) for i in range(65, 91)}})
_SHAPE = str.maketrans({c: " " for c in _PUNCT})


#: _NORM as a byte table, for ASCII texts (bytes.translate is a plain table lookup, 2-3x faster).
_NORM_ASCII = bytes(ord(chr(i).translate(_NORM)) if i < 128 else i for i in range(256))


def normalize(text: str) -> str:
    """Same length as `text`: lower case, punctuation as spaces (offsets stay valid)."""
    if text.isascii():
        return text.encode("ascii").translate(_NORM_ASCII).decode("ascii")
    return text.translate(_NORM)


def _auto_key(spelling: str) -> str:
    return " " + normalize(spelling).strip()


class Hit(NamedTuple):
    """A vocabulary spelling found in a text, at [start, end)."""

    entry: Entry
    start: int
    end: int
    surface: str
    weak: bool  # the matched spelling needs a confirming cue


class Cue(NamedTuple):
    """A cue phrase (see `kgraph.extract.patterns.CUES`) found in a text."""

    type: str
    start: int
    end: int


# NamedTuple.__new__ is a Python function; the tuple constructor is not (hot loop).
_tuple_new = tuple.__new__
_START = itemgetter(1)


def _variants(spelling: str) -> set[str]:
    """Extra spellings the normalised text cannot produce: "StableDiffusion", "Pile" for "The Pile"."""
    out = {spelling}
    parts = re.split(r"[- ]", spelling)
    if len(parts) == 2 and all(len(p) > 1 for p in parts):
        out.add("".join(parts))
    if spelling.lower().startswith("the ") and len(spelling) > 6:
        out.add(spelling[4:])
    return out


def _spelling_is_weak(spelling: str, entry_weak: bool) -> bool:
    """Multi-word spellings are distinctive; single words of a weak entry need a cue."""
    if " " in spelling:
        return False
    return entry_weak or spelling.islower()


@dataclass(eq=False)
class Vocabulary:
    """Known names with lazy, cached matching; add entries before the first `find`."""

    entries: list[Entry] = field(default_factory=list)
    cues: dict[str, str] = field(default_factory=dict)  # phrase -> cue type; "*" ending = prefix

    def add(self, entry: Entry) -> None:
        if entry.kind not in KINDS:
            raise ValueError(f"Unknown kind {entry.kind!r} for {entry.name!r}. Valid kinds: {', '.join(sorted(KINDS))}")
        self.entries.append(entry)
        self.__dict__.pop("_automaton", None)
        self.__dict__.pop("_by_key", None)

    def extend(self, entries: Iterable[Entry]) -> None:
        for e in entries:
            self.add(e)

    def __len__(self) -> int:
        return len(self.entries)

    @cached_property
    def _by_key(self) -> dict[str, list[Entry]]:
        """Folded key -> entries, latest first, so a user file overrides the catalogue."""
        out: dict[str, list[Entry]] = {}
        for e in self.entries:
            for s in e.spellings:
                bucket = out.setdefault(artifact_key(s), [])
                if e not in bucket:
                    bucket.insert(0, e)
        return out

    def lookup(self, name: str, kinds: Iterable[str] | None = None) -> Entry | None:
        """The latest entry any spelling of `name` belongs to (of one of `kinds`), or None."""
        wanted = set(kinds) if kinds is not None else None
        for e in self._by_key.get(artifact_key(name), ()):
            if wanted is None or e.kind in wanted:
                return e
        return None

    @cached_property
    def _automaton(self):
        import ahocorasick  # imported lazily: only extraction needs it

        from kgraph.extract.patterns import CUES

        table: dict[str, dict[str, tuple[str, Entry]]] = {}
        for e in self.entries:
            for s in e.spellings:
                for v in _variants(s):
                    k = _auto_key(v)
                    if len(k) < 3:
                        continue
                    # later entries (user files) win over the packaged catalogue
                    table.setdefault(k, {})[v.translate(_SHAPE)] = (v, e)
        auto = ahocorasick.Automaton()
        for k, cands in table.items():
            auto.add_word(k, (len(k), False, tuple((shape, v, e, _spelling_is_weak(v, e.weak), _trailing_plus(v))
                                                   for shape, (v, e) in cands.items())))
        for phrase, kind in {**CUES, **self.cues}.items():
            prefix = phrase.endswith("*")
            k = _auto_key(phrase.rstrip("*"))
            old = auto.get(k, None)
            cue = (kind, prefix)
            if old is None:
                auto.add_word(k, (len(k), cue, ()))
            else:
                auto.add_word(k, (old[0], cue, old[2]))
        auto.make_automaton()
        return auto

    def scan(self, text: str) -> tuple[list[Hit], list[Cue]]:
        """Vocabulary hits (leftmost-longest, case-checked) and cue phrases, in one pass."""
        if not text:
            return [], []
        padded = " " + normalize(text) + " "
        has_plus = "+" in text
        hits: list[Hit] = []
        cues: list[Cue] = []
        for e, (length, cue, cands) in self._automaton.iter(padded):
            boundary = padded[e + 1] == " "
            if cue and (boundary or cue[1]):
                cues.append(_tuple_new(Cue, (cue[0], e - length + 1, e)))  # offsets in `text`
            if not boundary or not cands:
                continue
            start = e - length + 1
            plus = 0  # a "+" suffix is part of the name ("Command R+" is not "Command R")
            while has_plus and text[e + plus:e + plus + 1] == "+":
                plus += 1
            end = e + plus
            surface = text[start:end]
            shape = surface.translate(_SHAPE)
            for s_shape, spelling, entry, weak, s_plus in cands:
                if shape == s_shape and s_plus == plus:  # spelled as listed: the usual case, checked without a call
                    hits.append(_tuple_new(Hit, (entry, start, end, surface, weak)))
                    break
            else:
                fit = _case_fit(surface, tuple(c for c in cands if c[4] == plus))
                if fit is not None:
                    hits.append(_tuple_new(Hit, (fit[1], start, end, surface, fit[2])))
        return (_leftmost_longest(hits) if len(hits) > 1 else hits), cues

    def find(self, text: str) -> list[Hit]:
        """Leftmost-longest whole-word hits whose case fits the spelling."""
        return self.scan(text)[0]

    def iter_entries(self, kind: str | None = None) -> Iterator[Entry]:
        return (e for e in self.entries if kind is None or e.kind == kind)


def _trailing_plus(spelling: str) -> int:
    """How many "+" end a spelling: "T0++" -> 2 (text must show them to match it)."""
    return len(spelling) - len(spelling.rstrip("+"))


def _case_fit(surface: str, cands: tuple[tuple[str, str, Entry, bool, int], ...]) -> tuple[str, Entry, bool] | None:
    """(spelling, entry, weak) of the candidate whose capitalisation the text respects, if any."""
    shape = surface.translate(_SHAPE)
    for s_shape, spelling, entry, weak, _ in cands:
        if shape == s_shape:
            return spelling, entry, weak
    for s_shape, spelling, entry, weak, _ in cands:
        if _ACRONYM.fullmatch(spelling) and any(c.isalpha() for c in spelling):
            continue  # acronyms only in capitals: "OPT" never matches "opt"
        if entry.weak and " " not in spelling:
            continue  # weak single words only as spelled
        if spelling.islower():
            continue  # "o1" style names only as spelled
        if any(c.isupper() or c.isdigit() for c in surface):
            return spelling, entry, weak
    return None


def _leftmost_longest(hits: list[Hit]) -> list[Hit]:
    # By start, the longest first at one start. Hits come in order of their end, so reversed they
    # are longest first at each start, and a stable sort on the start alone keeps that order
    # (no two hits share a start and an end: the automaton reports each spelling once per end).
    hits.reverse()
    hits.sort(key=_START)
    out: list[Hit] = []
    last_end = -1
    for h in hits:
        if h.start >= last_end:
            out.append(h)
            last_end = h.end
    return out


# ---------- loading ----------


def load_vocabulary(
    paths: Iterable[str | Path] = (), graphs: Iterable[str | Path] = (), *, packaged: bool = True
) -> Vocabulary:
    """The packaged catalogue, then each built graph, then each user file (later wins)."""
    vocab = Vocabulary()
    if packaged:
        vocab.extend(packaged_entries())
    for g in graphs:
        vocab.extend(read_graph_vocabulary(g))
    for p in paths:
        vocab.extend(read_vocabulary_file(p))
    return vocab


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """The packaged catalogue alone, built once per process."""
    return load_vocabulary()
