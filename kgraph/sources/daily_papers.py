"""Daily-papers feeds: header lines, then per paper a title, an abstract and a meta block.

The meta block is "• N authors", a "·" separator and a date line: "Jun 15, 2023"
(full date), "May 15 2" (month, day and an upvote count: no year is printed, so
none is invented) or "May 30". Header lines (feed name, a feed date like
"Dec 16") vary, so the first title is found by shape, not by counting lines.
"""

from __future__ import annotations

import re

from kgraph.models import DocumentRecords, PaperRecord, PartialDate
from kgraph.sources.dates import parse_month_day
from kgraph.sources.person_names import looks_like_author_line, parse_person_name, split_name_list
from kgraph.sources.text_shape import ends_cleanly, looks_structured, paragraphs, word_count
from kgraph.urls import find_urls, split_urls
from kgraph.text import clean_space

__all__ = ["DailyPapersReader", "reader"]

_COUNT = re.compile(r"^\s*(?:[•·*\-]\s*)?(?P<n>\d+)\s+authors?\s*$", re.I)
_SEP = re.compile(r"^\s*[·•|]\s*$")
_BULLET_NAMES = re.compile(r"^\s*•\s*(?P<names>\S.*)$")
_ABSTRACT_MIN_WORDS = 30


class DailyPapersReader:
    """Reads daily-papers feeds (title, abstract, "N authors" · date per paper)."""

    name = "daily_papers"
    description = "daily papers feed: title, abstract, '• N authors', '·', date [upvotes]"

    def sniff(self, text: str) -> float:
        """High when "N authors" lines are followed by a separator and a date line."""
        if not text.strip() or looks_structured(text):
            return 0.0
        lines = text.splitlines()
        blocks = _meta_blocks(lines)
        dated = sum(1 for a, b in blocks if _kind(lines[b]) == "date")
        if not dated:
            return 0.3 if blocks else 0.0
        score = 0.75 if dated == 1 else 0.95
        if any(re.match(r"(?i)^\s*daily papers\s*$", line) for line in lines[:30]):
            score += 0.05
        return min(1.0, score)

    def read(self, text: str) -> DocumentRecords:
        """Split at the meta blocks; what lies between two blocks is one title and abstract."""
        lines = text.splitlines()
        blocks = _meta_blocks(lines)
        if not blocks:
            raise ValueError("not a daily-papers feed: no '• N authors' / '·' / date blocks found")
        doc = DocumentRecords(format=self.name)
        prev_end = 0
        for start, end in blocks:
            record = _content(len(doc.papers), lines[prev_end:start], first=not doc.papers)
            _meta(record, lines[start : end + 1])
            doc.papers.append(record)
            prev_end = end + 1
        tail = [line for line in lines[prev_end:] if line.strip()]
        if doc.papers[-1].issued is None and len(tail) == 1 and word_count(tail[0]) <= 3:
            doc.warnings.append(f"record {len(doc.papers) - 1}: date line cut off: {tail[0].strip()!r}")
            tail = []
        if tail:
            record = _content(len(doc.papers), lines[prev_end:], first=not doc.papers)
            if record.title or record.abstract:
                record.truncated = True
                doc.papers.append(record)
        last = doc.papers[-1]
        if last.issued is None or not last.abstract or not ends_cleanly(last.abstract):
            last.truncated = True
        return doc


def _kind(line: str) -> str | None:
    if _COUNT.match(line):
        return "count"
    if _SEP.match(line):
        return "sep"
    if (m := _BULLET_NAMES.match(line)) and looks_like_author_line(m["names"]):
        return "names"
    if parse_month_day(line) is not None:
        return "date"
    return None


def _meta_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(first, last) line of each meta block: a count and/or separator, then usually a date."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if _kind(lines[i]) not in ("count", "sep", "names"):
            i += 1
            continue
        j = i
        kinds: list[str] = []
        while j < len(lines) and (k := _kind(lines[j])) is not None:
            kinds.append(k)
            j += 1
            if k == "date":
                break
        if "count" in kinds or kinds[-1:] == ["date"] and ("sep" in kinds or "names" in kinds):
            out.append((i, j - 1))
        i = max(j, i + 1)
    return out


def _content(index: int, chunk: list[str], *, first: bool) -> PaperRecord:
    """Title and abstract from the lines before a meta block (header lines skipped on the first)."""
    blocks = [clean_space(" ".join(chunk[a : b + 1])) for a, b in paragraphs(chunk)]
    record = PaperRecord(index=index)
    if not blocks:
        return record
    title_at = 0
    if first:
        long_at = next((i for i, b in enumerate(blocks) if i > 0 and word_count(b) >= _ABSTRACT_MIN_WORDS), None)
        if long_at is not None:
            title_at = long_at - 1
        elif len(blocks) >= 2 and _prose(blocks[-1]):
            title_at = len(blocks) - 2
        else:
            title_at = len(blocks) - 1
    record.title = blocks[title_at]
    record.abstract = "\n\n".join(blocks[title_at + 1 :]) or None
    record.code_urls, record.homepage_urls = split_urls(find_urls(record.abstract or ""))
    return record


def _prose(block: str) -> bool:
    """A sentence-like paragraph (an abstract), not a header line or a title."""
    return word_count(block) >= 8 and block.rstrip().endswith((".", "!", "?"))


def _meta(record: PaperRecord, meta: list[str]) -> None:
    """Author count, date and upvotes from a meta block."""
    for line in meta:
        if m := _COUNT.match(line):
            record.author_count = int(m["n"])
            record.authors_truncated = True
        elif (m := _BULLET_NAMES.match(line)) and _kind(line) == "names":
            printed, cut = split_name_list(m["names"])
            record.authors = [n for n in map(parse_person_name, printed) if n is not None]
            record.authors_truncated = record.authors_truncated or cut
        elif parsed := parse_month_day(line):
            date, upvotes = parsed
            record.issued = date if date != PartialDate() else None
            record.upvotes = upvotes


reader = DailyPapersReader()
