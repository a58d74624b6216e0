"""Abstract lists: a bare name line on top, then "Abstract:..." paragraphs, nothing else.

The name on top is a list label, not an author page, so it is not made an owner
or an author. Several abstracts may sit on consecutive lines; each "Abstract:"
starts a new record, and other lines continue the current one.
"""

from __future__ import annotations

import re

from kgraph.models import DocumentRecords, PaperRecord
from kgraph.sources.text_shape import ends_cleanly, looks_structured, word_count
from kgraph.urls import find_urls, split_urls
from kgraph.text import clean_space

__all__ = ["AbstractListReader", "reader"]

_ABSTRACT = re.compile(r"^\s*Abstract\s*[:.]\s*(?P<text>\S.*)$", re.I)
_LONG_WORDS = 30


class AbstractListReader:
    """Reads pages of bare "Abstract:" paragraphs (no titles, authors or dates)."""

    name = "abstract_list"
    description = "abstract list: a name line, then 'Abstract:' paragraphs"

    def sniff(self, text: str) -> float:
        """High when most long lines start with "Abstract:"."""
        if not text.strip() or looks_structured(text):
            return 0.0
        lines = [line for line in text.splitlines() if line.strip()]
        marked = sum(1 for line in lines if _ABSTRACT.match(line))
        if not marked:
            return 0.0
        long_lines = sum(1 for line in lines if word_count(line) >= _LONG_WORDS) or 1
        share = marked / long_lines
        if marked >= 2 and share >= 0.6:
            return 0.9
        if share >= 0.9:
            return 0.7
        return 0.3 * share

    def read(self, text: str) -> DocumentRecords:
        """One record per "Abstract:" line, continuation lines appended."""
        lines = text.splitlines()
        if not any(_ABSTRACT.match(line) for line in lines):
            raise ValueError("not an abstract list: no 'Abstract:' lines found")
        doc = DocumentRecords(format=self.name)
        header = [clean_space(line) for line in _before_first(lines) if line.strip()]
        if header:
            doc.warnings.append(f"top line {header[0]!r} kept as a list label, not as an author or owner")
        chunks: list[list[str]] = []
        for line in lines:
            if m := _ABSTRACT.match(line):
                chunks.append([m["text"]])
            elif chunks and line.strip():
                chunks[-1].append(line)
        for chunk in chunks:
            abstract = clean_space(" ".join(chunk))
            record = PaperRecord(index=len(doc.papers), abstract=abstract)
            record.code_urls, record.homepage_urls = split_urls(find_urls(abstract))
            doc.papers.append(record)
        if doc.papers and not ends_cleanly(doc.papers[-1].abstract or ""):
            doc.papers[-1].truncated = True
        return doc


def _before_first(lines: list[str]) -> list[str]:
    for i, line in enumerate(lines):
        if _ABSTRACT.match(line):
            return lines[:i]
    return lines


reader = AbstractListReader()
