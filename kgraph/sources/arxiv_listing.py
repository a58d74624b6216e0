"""arXiv listing pages: abstract, optional comment lines, then `arXiv:ID`, `Created:`, `Updated:`.

The page prints no titles and no authors. A record is everything after the
previous record's date lines up to and including its own `arXiv:` and date
lines; the first paragraph is the abstract and the short paragraphs right
before the `arXiv:` line are the author's comments (venue, website, licence).
"""

from __future__ import annotations

import re

from kgraph.models import DocumentRecords, PaperRecord, PartialDate
from kgraph.sources.arxiv_ids import parse_arxiv_id
from kgraph.sources.categories import category_from_code
from kgraph.sources.dates import parse_date
from kgraph.sources.text_shape import looks_structured, paragraphs, word_count
from kgraph.sources.venues import parse_venue
from kgraph.urls import find_urls, split_urls
from kgraph.text import clean_space

__all__ = ["ArxivListingReader", "reader"]

_ID_LINE = re.compile(
    r"^\s*arXiv:\s*(?:\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
    r"(?:\s*\[(?P<cat>[a-z\-]+(?:\.[A-Za-z\-]+)?)\])?\s*$",
    re.I,
)
_DATE_LINE = re.compile(r"^\s*(?P<kind>Created|Updated|Submitted|Published|Revised)\s*:\s*(?P<date>\S(?:.*\S)?|\s)\s*$", re.I)
#: A comment paragraph is short; an abstract paragraph is rarely under this many characters.
_MAX_COMMENT_CHARS = 400
#: Leading fragments shorter than this are page chrome, not an abstract.
_MIN_ABSTRACT_WORDS = 8


class ArxivListingReader:
    """Reads arXiv listing pages (abstract + comments + arXiv:ID + Created/Updated)."""

    name = "arxiv_listing"
    description = "arXiv listing: abstracts with comment lines, arXiv:ID, Created:/Updated: dates"

    def sniff(self, text: str) -> float:
        """High when `arXiv:ID` lines are followed by `Created:` lines."""
        if not text.strip() or looks_structured(text):
            return 0.0
        lines = text.splitlines()
        ids = [i for i, line in enumerate(lines) if _ID_LINE.match(line)]
        if not ids:
            return 0.0
        dated = sum(1 for i in ids if _next_is_date(lines, i))
        if dated == 0:
            return 0.3
        score = 0.8 if dated == 1 else 0.95
        return score if dated >= len(ids) - 1 else 0.7

    def read(self, text: str) -> DocumentRecords:
        """Split the page at its arXiv:/date lines and parse each record."""
        lines = text.splitlines()
        if not any(_ID_LINE.match(line) for line in lines):
            raise ValueError("not an arXiv listing: no 'arXiv:' identifier lines found")
        doc = DocumentRecords(format=self.name)
        start = 0
        i = 0
        while i < len(lines):
            if not _ID_LINE.match(lines[i]):
                i += 1
                continue
            end = i + 1
            dates: dict[str, PartialDate] = {}
            while end < len(lines) and (m := _DATE_LINE.match(lines[end])):
                date = parse_date(m["date"])
                if date is None:
                    doc.warnings.append(f"line {end + 1}: unreadable date {m['date']!r}")
                else:
                    dates.setdefault(m["kind"].casefold(), date)
                end += 1
            doc.papers.append(_record(len(doc.papers), lines[start:i], lines[i], dates))
            start = i = end
        if doc.papers and doc.papers[-1].issued is None and not any(line.strip() for line in lines[start:] if word_count(line) >= 5):
            doc.papers[-1].truncated = True  # cut inside its Created: line
        tail = lines[start:]
        if any(word_count(line) >= 5 for line in tail):
            record = _record(len(doc.papers), tail, None, {})
            record.truncated = True
            doc.papers.append(record)
            doc.warnings.append(f"record {record.index}: page ends before its arXiv: line (kept, truncated)")
        return doc


def _next_is_date(lines: list[str], i: int) -> bool:
    return i + 1 < len(lines) and bool(_DATE_LINE.match(lines[i + 1]))


def _record(index: int, body: list[str], id_line: str | None, dates: dict[str, PartialDate]) -> PaperRecord:
    """One record from its body lines (abstract + comments), id line and dates."""
    abstract_parts, comments = _split_comments(_blocks(body))
    record = PaperRecord(index=index)
    record.abstract = " ".join(abstract_parts) or None
    record.comments = comments
    if id_line is not None and (parsed := parse_arxiv_id(id_line)):
        record.arxiv_id, record.arxiv_version = parsed
        if (m := _ID_LINE.match(id_line)) and m["cat"] and (code := category_from_code(m["cat"])):
            record.categories = [code]
    record.issued = dates.get("created") or dates.get("submitted") or dates.get("published")
    record.updated = dates.get("updated") or dates.get("revised")
    for comment in comments:
        if venue := parse_venue(comment):
            record.venue = venue
            break
    urls = find_urls(" ".join(comments + abstract_parts))
    record.code_urls, record.homepage_urls = split_urls(urls)
    return record


def _blocks(body: list[str]) -> list[str]:
    """Paragraphs; short lines printed right under a one-line abstract are separate (comments)."""
    out: list[str] = []
    for a, b in paragraphs(body):
        lines = [clean_space(line) for line in body[a : b + 1]]
        if len(lines) > 1 and len(lines[0]) > _MAX_COMMENT_CHARS and all(len(x) <= _MAX_COMMENT_CHARS for x in lines[1:]):
            out.extend(lines)
        else:
            out.append(" ".join(lines))
    return out


def _split_comments(blocks: list[str]) -> tuple[list[str], list[str]]:
    """(abstract paragraphs, comment lines): comments are the short paragraphs after the abstract."""
    while len(blocks) > 1 and word_count(blocks[0]) < _MIN_ABSTRACT_WORDS:
        blocks = blocks[1:]  # page chrome before the first abstract ("Showing 1-25 of 80")
    if not blocks:
        return [], []
    cut = len(blocks)
    while cut > 1 and len(blocks[cut - 1]) <= _MAX_COMMENT_CHARS:
        cut -= 1
    return blocks[:cut], blocks[cut:]


reader = ArxivListingReader()
