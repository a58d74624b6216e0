"""Author profile pages: owner name, stats lines, then papers.

Each paper starts with a head line such as `CLMar 30, 2023Code` (category code,
date, optional flags), then its title, an author line ("A, B, C et al. ·
stanford", "A, B · cmu, microsoft-research" or names alone) and its abstract.
The page owner is appended as an inferred author when the line does not print
them.
"""

from __future__ import annotations

import re

from kgraph.models import DocumentRecords, PaperRecord, PersonName
from kgraph.sources.categories import category_from_code
from kgraph.sources.dates import MONTH_RE, parse_date
from kgraph.sources.institutions import institution_from_slug
from kgraph.sources.person_names import looks_like_author_line, parse_author_line, parse_person_name, same_person
from kgraph.sources.text_shape import ends_cleanly, looks_structured, paragraphs, word_count
from kgraph.urls import find_urls, split_urls
from kgraph.text import clean_space

__all__ = ["AuthorProfileReader", "reader", "HEAD_LINE"]

#: Category code (any letters, lazily, so "MAMar" is MA + Mar), a full date, then flags like "Code".
#: No two neighbouring parts can match the same text (possessive flags, one optional space run), so
#: the match time stays linear on hostile lines ("CLMar 30, 2023ABCABC...!" took minutes before).
HEAD_LINE = re.compile(
    rf"^\s*(?:(?P<cat>[A-Za-z][A-Za-z.\-]*?)\s*)?(?P<date>{MONTH_RE}\s+\d{{1,2}},?\s+\d{{4}})(?P<flags>(?:\s*[A-Z][A-Za-z]*+)*+)\s*$"
)
_STATS = re.compile(r"(?i)^\s*(?:h-index\s*\d|[\d,.]+\s*(?:[kKmM]\s*)?(?:papers|citations|followers)\b|novelty\b|ai score\b|\d[\d,]*\s+papers\s*$)")


class AuthorProfileReader:
    """Reads author profile pages (head line, title, author line, abstract per paper)."""

    name = "author_profile"
    description = "author profile: owner, stats, then 'CLMar 30, 2023Code' / title / authors · slugs / abstract"

    def sniff(self, text: str) -> float:
        """High when several head lines are each followed by a title line."""
        if not text.strip() or looks_structured(text):
            return 0.0
        lines = text.splitlines()
        heads = [i for i, line in enumerate(lines) if HEAD_LINE.match(line) and _followed_by_text(lines, i)]
        if not heads:
            return 0.0
        stats = sum(1 for line in lines[: heads[0]] if _STATS.match(line))
        score = 0.85 if len(heads) >= 2 else 0.6
        return min(1.0, score + (0.1 if stats else 0.0))

    def read(self, text: str) -> DocumentRecords:
        """Owner from the first line, then one record per head line."""
        lines = text.splitlines()
        heads = [i for i, line in enumerate(lines) if HEAD_LINE.match(line) and _followed_by_text(lines, i, at_end=True)]
        if not any(_followed_by_text(lines, i) for i in heads):
            raise ValueError("not an author profile: no category/date lines like 'CLMar 30, 2023' found")
        owner = _owner(lines[: heads[0]])
        doc = DocumentRecords(format=self.name, owner=owner)
        if owner is None:
            doc.warnings.append("no owner name line above the first paper")
        for n, start in enumerate(heads):
            stop = heads[n + 1] if n + 1 < len(heads) else len(lines)
            doc.papers.append(_record(len(doc.papers), lines[start], lines[start + 1 : stop], owner, doc.warnings))
        last = doc.papers[-1]
        if not last.title or not last.abstract or not ends_cleanly(last.abstract):
            last.truncated = True
        return doc


def _followed_by_text(lines: list[str], i: int, *, at_end: bool = False) -> bool:
    """A head line is followed directly by its title (or, for a cut-off page, by nothing)."""
    if i + 1 < len(lines) and lines[i + 1].strip():
        return True
    # No slice of the rest: copying it for every head line was quadratic on long pages.
    return at_end and not any(lines[j].strip() for j in range(i + 1, len(lines)))


def _owner(header: list[str]) -> PersonName | None:
    """The first non-blank header line, when it is shaped like a person's name."""
    for line in header:
        s = clean_space(line)
        if not s:
            continue
        if _STATS.match(s) or any(c.isdigit() for c in s) or not 1 <= word_count(s) <= 6:
            return None
        return parse_person_name(s)
    return None


def _record(index: int, head: str, body: list[str], owner: PersonName | None, warnings: list[str]) -> PaperRecord:
    """One record: head line fields, then title / author line / abstract paragraphs."""
    record = PaperRecord(index=index)
    m = HEAD_LINE.match(head)
    assert m is not None
    if m["cat"]:
        if code := category_from_code(m["cat"]):
            record.categories = [code]
        else:
            warnings.append(f"record {index}: unknown category code {m['cat']!r}")
    record.issued = parse_date(m["date"])
    record.has_code_flag = "code" in m["flags"].casefold()
    blocks = _blocks(body)
    if blocks:
        record.title = blocks[0]
        blocks = blocks[1:]
    if blocks and (len(blocks) > 1 or not record.title) and _author_shaped(blocks[0]):
        _add_authors(record, blocks[0], owner)
        blocks = blocks[1:]
    elif owner is not None:
        record.authors_inferred = [owner]
    record.abstract = "\n\n".join(blocks) or None
    record.code_urls, record.homepage_urls = split_urls(find_urls(record.abstract or ""))
    return record


def _author_shaped(block: str) -> bool:
    """The paragraph under a title is the author line when it is a short list, not a sentence.

    Shape over spelling, so lower-case or unusual names ("danah boyd") still count.
    """
    if looks_like_author_line(block):
        return True
    if word_count(block) > 80 or "://" in block:
        return False
    if "·" in block or re.search(r"\bet al\.?$", block):
        return True
    pieces = [p.strip() for p in block.split(",")]
    return len(pieces) >= 2 and not block.rstrip().endswith(".") and all(1 <= word_count(p) <= 5 for p in pieces)


def _blocks(body: list[str]) -> list[str]:
    """Paragraphs of a record body; an author line printed right under the title is split off."""
    spans = paragraphs(body)
    blocks = [clean_space(" ".join(body[a : b + 1])) for a, b in spans]
    if spans and spans[0][1] > spans[0][0]:
        a, b = spans[0]
        last = clean_space(body[b])
        if ("·" in last or "et al" in last) and looks_like_author_line(last):
            blocks[0:1] = [clean_space(" ".join(body[a:b])), last]
    return blocks


def _add_authors(record: PaperRecord, line: str, owner: PersonName | None) -> None:
    parsed = parse_author_line(line)
    record.authors = parsed.names
    record.authors_truncated = parsed.truncated
    record.institutions = [institution_from_slug(s) for s in parsed.slugs]
    if owner is not None and not any(same_person(owner, a) for a in parsed.names):
        record.authors_inferred = [owner]


reader = AuthorProfileReader()
