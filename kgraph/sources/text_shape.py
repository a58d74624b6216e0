"""The shape of a text, for sniffers and truncation checks: finished, structured, paragraphs, words."""

from __future__ import annotations

import re

from kgraph.urls import is_url

__all__ = ["ends_cleanly", "looks_structured", "paragraphs", "word_count"]


_ABBREV_END = re.compile(r"(?i)(?:\be\.g|\bi\.e|\bcf|\bvs|\bet al|\bU\.S|\bFig|\bEq|\bSec|\bNo)\.$")


def ends_cleanly(text: str) -> bool:
    """Does `text` end like a finished abstract (a full stop that is not "e.g.", or a URL)?"""
    s = (text or "").rstrip()
    if not s:
        return False
    last = s.split()[-1]
    if is_url(last):
        return "." in re.sub(r"^https?://", "", last).split("/", 1)[0]
    if _ABBREV_END.search(s):
        return False
    return s[-1] in ".!?\"'”’" or s.endswith((".)", ".]", "?)"))


def looks_structured(text: str) -> bool:
    """True for HTML/XML, JSON, YAML front matter or BibTeX: never one of the page layouts."""
    s = text.lstrip("\ufeff \t\r\n")
    if not s:
        return False
    if s[0] in "<{[" or s.startswith("---") or re.match(r"@\w+\s*[{(]", s):
        return True
    head = s[:2000]
    return bool(re.search(r"</?(?:html|div|body|p|span)\b", head, re.I))


def paragraphs(lines: list[str]) -> list[tuple[int, int]]:
    """(first, last) line indexes of each run of non-blank lines."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    for i, line in enumerate(lines):
        if line.strip():
            if start is None:
                start = i
        elif start is not None:
            out.append((start, i - 1))
            start = None
    if start is not None:
        out.append((start, len(lines) - 1))
    return out


def word_count(text: str) -> int:
    """Number of white-space separated words."""
    return len(text.split())
