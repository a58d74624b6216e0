"""The venue series table (kgraph/data/venues.json) and one automaton that finds its names in a line.

The table is data: each series has its kind, case-sensitive acronyms ("ICML") and
case-insensitive long names ("International Conference on Machine Learning").
All of them go into a single Aho-Corasick automaton over the line with ASCII
capitals lowered (same length, so offsets hold), which finds every candidate in
one pass instead of trying ~100 regular expressions per line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import ahocorasick

__all__ = ["SeriesEntry", "SeriesHit", "series_entries", "find_series", "edition_base", "is_series_alias"]

_LOWER_ASCII = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_NEAR_YEAR = re.compile(r" ?['’]?\d")
_NEXT_CAPITAL = re.compile(r"[ -][A-Z]")


@dataclass(frozen=True)
class SeriesEntry:
    """One row of the venue table."""

    series: str
    kind: str
    acronyms: tuple[str, ...]
    names: tuple[str, ...]
    needs_year: frozenset[str]
    after_in: bool
    alone: bool
    edition_base: int | None


@dataclass(frozen=True)
class SeriesHit:
    """A table entry found in a line, with the span of the alias that matched."""

    entry: SeriesEntry
    start: int
    end: int

    @property
    def series(self) -> str:
        return self.entry.series

    @property
    def kind(self) -> str:
        return self.entry.kind


@lru_cache(maxsize=None)
def series_entries() -> tuple[SeriesEntry, ...]:
    raw = json.loads(files("kgraph.data").joinpath("venues.json").read_text(encoding="utf-8"))
    return tuple(
        SeriesEntry(
            series=e["series"],
            kind=e["kind"],
            acronyms=tuple(e.get("acronyms", ())),
            names=tuple(e.get("names", ())),
            needs_year=frozenset(e.get("needs_year", ())),
            after_in=bool(e.get("after_in")),
            alone=bool(e.get("alone")),
            edition_base=e.get("edition_base"),
        )
        for e in raw["series"]
    )


@lru_cache(maxsize=None)
def _automaton() -> ahocorasick.Automaton:
    """Lowered alias -> [(entry index, alias as written, case-sensitive?)], one automaton for the table."""
    by_key: dict[str, list[tuple[int, str, bool]]] = {}
    for i, entry in enumerate(series_entries()):
        for alias in entry.acronyms:
            by_key.setdefault(alias.translate(_LOWER_ASCII), []).append((i, alias, True))
        for alias in entry.names:
            by_key.setdefault(alias.translate(_LOWER_ASCII), []).append((i, alias, False))
    automaton = ahocorasick.Automaton()
    for key, values in by_key.items():
        automaton.add_word(key, tuple(values))
    automaton.make_automaton()
    return automaton


def _is_letter(ch: str) -> bool:
    return ("A" <= ch <= "Z") or ("a" <= ch <= "z")


def _accepted(text: str, start: int, end: int, entry: SeriesEntry, alias: str, exact: bool) -> bool:
    if start > 0 and _is_letter(text[start - 1]):
        return False
    after = text[end : end + 1]
    if exact:
        if text[start:end] != alias or ("a" <= after <= "z"):
            return False
    elif after and _is_letter(after):
        return False
    if alias in entry.needs_year and not _NEAR_YEAR.match(text, end):
        return False
    if entry.after_in and text[max(0, start - 3) : start] != "in ":
        return False
    if entry.alone and _NEXT_CAPITAL.match(text, end):
        return False
    return True


def find_series(text: str, start: int = 0) -> SeriesHit | None:
    """Earliest table series in `text` from `start`; a tie goes to the longer alias (AIES over AAAI),
    then to the entry listed first."""
    if not text:
        return None
    lowered = text.translate(_LOWER_ASCII)
    entries = series_entries()
    best: tuple[int, int, int] | None = None  # (start, -length, entry index)
    for last, values in _automaton().iter(lowered, start):
        for i, alias, exact in values:
            begin = last - len(alias) + 1
            key = (begin, -len(alias), i)
            if (best is None or key < best) and _accepted(text, begin, last + 1, entries[i], alias, exact):
                best = key
    if best is None:
        return None
    return SeriesHit(entries[best[2]], best[0], best[0] - best[1])


def edition_base(series: str) -> int | None:
    """Year of the 0th edition of a series numbered yearly, or None."""
    for entry in series_entries():
        if entry.series == series:
            return entry.edition_base
    return None


def is_series_alias(word: str) -> bool:
    """Is `word` exactly one of the table's acronyms ("ICML", "NeurIPS")?"""
    return word in _acronyms()


@lru_cache(maxsize=None)
def _acronyms() -> frozenset[str]:
    return frozenset(a for e in series_entries() for a in e.acronyms)
