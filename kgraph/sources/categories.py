"""arXiv categories as printed: a bare subject code, an official name or an aggregator source line -> code."""

from __future__ import annotations

import re

from kgraph.data import table
from kgraph.text import name_key

__all__ = ["arxiv_categories", "category_from_code", "category_from_name", "category_from_source_line"]


def arxiv_categories() -> dict[str, str]:
    """arXiv category code -> official name (kgraph/data/arxiv_categories.json)."""
    return table("arxiv_categories.json")


def category_from_code(code: str) -> str | None:
    """"CL" -> "cs.CL", "cs.LG" -> "cs.LG", "ML" -> "stat.ML".

    A bare subject code is looked up in the cs archive first (profile pages only
    print the subject), then in the other archives; an unknown two-letter code
    still maps to cs.XX so a new arXiv class is not lost.
    """
    code = code.strip()
    if not code:
        return None
    table = arxiv_categories()
    by_fold = {k.casefold(): k for k in table}
    if "." in code or code.casefold() in by_fold:
        return by_fold.get(code.casefold(), code)
    subject = code.upper()
    if f"cs.{subject}" in table:
        return f"cs.{subject}"
    others = [k for k in table if "." in k and k.split(".", 1)[1] == subject]
    if len(others) == 1:
        return others[0]
    if re.fullmatch(r"[A-Z]{2}", subject):
        return f"cs.{subject}"
    return None


def category_from_name(name: str) -> str | None:
    """Official category name -> code: "Artificial Intelligence" -> "cs.AI".

    Names shared by several archives ("Machine Learning") resolve to cs first;
    a unique prefix ("Computer Vision") also matches.
    """
    key = name_key(name)
    if not key:
        return None
    table = arxiv_categories()
    ordered = sorted(table, key=lambda c: (not c.startswith("cs."), c))
    for code in ordered:
        if name_key(table[code]) == key:
            return code
    prefixed = [c for c in ordered if name_key(table[c]).startswith(key)]
    if prefixed and len({table[c] for c in prefixed}) == 1:
        return prefixed[0]
    return None


# Written so that no two neighbouring parts match the same spaces: linear on hostile lines.
_SOURCE_LINE = re.compile(r"^\s*arxiv(?:\.org)?(?:\s*[:\-])?\s+(?P<name>[A-Za-z,\-&](?:[A-Za-z ,\-&]*[A-Za-z,\-&])?)\s*$", re.I)


def category_from_source_line(line: str) -> str | None:
    """Aggregator source line -> arXiv code: "arXiv.org Artificial Intelligence" -> "cs.AI"."""
    m = _SOURCE_LINE.match(line)
    if not m:
        return None
    name = m.group("name")
    return category_from_name(name) or (category_from_code(name) if len(name) <= 8 else None)
