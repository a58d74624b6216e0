"""Printed person names and author lines: order, "et al.", institution slugs, same-person tests."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kgraph.models import PersonName
from kgraph.text import NAME_PARTICLES, clean_space, fold, name_key

__all__ = ["parse_person_name", "split_name_list", "AuthorLine", "parse_author_line", "looks_like_author_line", "same_person"]

# The look-behind starts a match only at the head of a run of separators (where the leftmost
# match starts anyway), which keeps search() linear on long runs of commas and spaces.
_ETAL = re.compile(r"(?<![,\s])[,\s]*(?:\bet\.?\s*al\b\.?|\band others\b|\(\s*(?:\+\s*)?\d+\s+more\s*\)|\+\s*\d+\s+more)\s*$", re.I)
_NAME_SEP = re.compile(r"\s*(?:,\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*|;\s*)")
_INST_SEP = re.compile(r"\s+[·•|]\s+|\s*[·•]\s*")


def parse_person_name(text: str) -> PersonName | None:
    """A printed name -> PersonName in "First Last" order; "Alberti, Silas" -> "Silas Alberti"."""
    printed = clean_space(text).strip(" ,;")
    if not printed:
        return None
    if printed.count(",") == 1:
        last, first = (p.strip() for p in printed.split(","))
        if first and last and not re.fullmatch(r"(?i)jr\.?|sr\.?|i{2,3}|iv", first):
            return PersonName(name=clean_space(f"{first} {last}"), as_printed=printed)
    return PersonName(name=printed.replace(",", ""), as_printed=printed)


def _name_shaped(piece: str) -> bool:
    tokens = piece.split()
    if not 1 <= len(tokens) <= 6:
        return False
    for tok in tokens:
        bare = tok.strip(".'’()")
        if not bare:
            continue
        if bare.casefold() in NAME_PARTICLES:
            continue
        if not (bare[0].isupper() or (len(bare) > 1 and bare[0] in "'’" and bare[1].isupper())):
            return False
        if any(c.isdigit() for c in bare):
            return False
    return True


def split_name_list(text: str) -> tuple[list[str], bool]:
    """"A, B and C et al." -> (["A", "B", "C"], True): printed names and whether the list is cut."""
    s = clean_space(text)
    truncated = False
    m = _ETAL.search(s)
    if m:
        truncated = True
        s = s[: m.start()]
    names = [p for p in _NAME_SEP.split(s) if p and p.strip(" ,.")]
    return [n.strip() for n in names], truncated


@dataclass
class AuthorLine:
    """One printed author line: names in order, "et al." flag and institution slugs."""

    names: list[PersonName] = field(default_factory=list)
    truncated: bool = False
    slugs: list[str] = field(default_factory=list)


def parse_author_line(line: str) -> AuthorLine:
    """"A, B, C et al. · stanford, cmu" -> names A B C, truncated, slugs [stanford, cmu]."""
    parts = _INST_SEP.split(clean_space(line), maxsplit=1)
    names_part = parts[0]
    slugs = [s.strip() for s in re.split(r"\s*,\s*", parts[1])] if len(parts) > 1 else []
    printed, truncated = split_name_list(names_part)
    names = [p for p in (parse_person_name(n) for n in printed) if p is not None]
    return AuthorLine(names=names, truncated=truncated, slugs=[s for s in slugs if s])


def looks_like_author_line(line: str) -> bool:
    """True for "A, B et al. · slug" or a bare list of person names; False for prose."""
    s = clean_space(line)
    if not s or len(s) > 600 or "://" in s:
        return False
    names_part = _INST_SEP.split(s, maxsplit=1)[0]
    printed, truncated = split_name_list(names_part)
    if not printed:
        return False
    if not all(_name_shaped(n) for n in printed):
        return False
    has_marker = truncated or len(_INST_SEP.split(s, maxsplit=1)) > 1 or len(printed) > 1
    return has_marker or len(printed[0].split()) in (2, 3, 4)


def same_person(a: PersonName, b: PersonName) -> bool:
    """Same key, or same surname and first initial ("P. Liang" ~ "Percy Liang")."""
    if name_key(a.name) == name_key(b.name):
        return True
    ta, tb = fold(a.name).split(), fold(b.name).split()
    if len(ta) < 2 or len(tb) < 2:
        return False
    return name_key(ta[-1]) == name_key(tb[-1]) and ta[0][0] == tb[0][0] and (
        len(ta[0].rstrip(".")) == 1 or len(tb[0].rstrip(".")) == 1
    )
