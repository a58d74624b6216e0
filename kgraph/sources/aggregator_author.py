"""Aggregator author pages: "Collaborating Authors", the owner as "Last, First", then papers.

Each paper is a title paragraph, a source line ("arXiv.org Artificial
Intelligence", or a venue such as "Neural Information Processing Systems") and
an abstract. No authors are printed: the page owner is an (inferred) author of
every paper on the page.
"""

from __future__ import annotations

import re

from kgraph.models import DocumentRecords, PaperRecord, PersonName
from kgraph.sources.categories import category_from_source_line
from kgraph.sources.person_names import parse_person_name
from kgraph.sources.text_shape import ends_cleanly, looks_structured, paragraphs, word_count
from kgraph.sources.venues import parse_venue
from kgraph.urls import find_urls, split_urls
from kgraph.text import clean_space

__all__ = ["AggregatorAuthorReader", "reader"]

_HEADER = re.compile(r"^\s*Collaborating Authors\s*$", re.I)
_GOTO = re.compile(r"^\s*Goto\s*$", re.I)
_ARXIV_SOURCE = re.compile(r"^\s*arXiv(?:\.org)?\s+[A-Z]", re.I)
#: Abstracts are long; titles and source lines are short.
_ABSTRACT_MIN_WORDS = 25
_SHORT_MAX_WORDS = 12


class AggregatorAuthorReader:
    """Reads aggregator author pages (owner, then title / source line / abstract per paper)."""

    name = "aggregator_author"
    description = "aggregator author page: 'Collaborating Authors', owner 'Last, First', title/source/abstract"

    def sniff(self, text: str) -> float:
        """High with a "Collaborating Authors" header and "arXiv.org <Category>" source lines."""
        if not text.strip() or looks_structured(text):
            return 0.0
        lines = text.splitlines()
        header = any(_HEADER.match(line) for line in lines[:40])
        sources = sum(1 for line in lines if _ARXIV_SOURCE.match(line) and category_from_source_line(line))
        goto = any(_GOTO.match(line) for line in lines[:5])
        return min(1.0, 0.55 * header + min(0.4, 0.2 * sources) + 0.05 * goto)

    def read(self, text: str) -> DocumentRecords:
        """Find the owner, then one record per title + source line + abstract."""
        lines = text.splitlines()
        paras = [(a, b, clean_space(" ".join(lines[a : b + 1]))) for a, b in paragraphs(lines)]
        owner, first = _owner(lines, paras)
        if owner is None and not any(_is_source(paras, i) for i in range(len(paras))):
            raise ValueError("not an aggregator author page: no 'Collaborating Authors' owner and no source lines")
        doc = DocumentRecords(format=self.name, owner=owner)
        body = paras[first:]
        anchored = [i - 1 for i in range(1, len(body)) if _is_source(body, i)]
        starts = sorted(set(anchored) | set(_starts_by_gaps(body, after=anchored[-1] if anchored else 0)))
        for n, start in enumerate(starts):
            stop = starts[n + 1] if n + 1 < len(starts) else len(body)
            doc.papers.append(_record(len(doc.papers), body[start:stop], owner))
        if doc.papers:
            last = doc.papers[-1]
            last.truncated = last.truncated or not last.abstract or not ends_cleanly(last.abstract)
        return doc


def _owner(lines: list[str], paras: list[tuple[int, int, str]]) -> tuple[PersonName | None, int]:
    """The owner printed after "Collaborating Authors", and the index of the first paragraph after it."""
    for i, (a, _b, _text) in enumerate(paras):
        if _HEADER.match(lines[a]) and i + 1 < len(paras):
            name_line = clean_space(lines[paras[i + 1][0]])
            if word_count(name_line) <= 6 and not any(c.isdigit() for c in name_line):
                return parse_person_name(name_line), i + 2
            return None, i + 1
    skip = 0
    while skip < len(paras) and _GOTO.match(paras[skip][2]):
        skip += 1
    return None, skip


def _is_source(body: list[tuple[int, int, str]], i: int) -> bool:
    """Is paragraph `i` the source line of a record (short line between a title and an abstract)?"""
    a, b, text = body[i]
    if a != b or i == 0:
        return False
    if _ARXIV_SOURCE.match(text) and category_from_source_line(text):
        return True
    if word_count(text) > _SHORT_MAX_WORDS or text.endswith("."):
        return False
    prev_short = word_count(body[i - 1][2]) <= 40
    next_long = i + 1 < len(body) and word_count(body[i + 1][2]) >= _ABSTRACT_MIN_WORDS
    return prev_short and next_long and parse_venue(text) is not None


def _starts_by_gaps(body: list[tuple[int, int, str]], *, after: int = 0) -> list[int]:
    """Records also start after runs of two or more blank lines (from paragraph `after` on).

    This finds records that have no recognisable source line, such as a last
    record cut off before its source line.
    """
    if not body:
        return []
    starts = [0] if after == 0 else []
    return starts + [i for i in range(max(1, after), len(body)) if body[i][0] - body[i - 1][1] > 2]


def _source_shaped(para: tuple[int, int, str], *, more: bool) -> bool:
    """A one-line short paragraph after a title, followed by more text or starting "arXiv"."""
    a, b, text = para
    if a != b or word_count(text) > _SHORT_MAX_WORDS:
        return False
    return more or bool(re.match(r"(?i)^\s*arxiv", text))


def _record(index: int, part: list[tuple[int, int, str]], owner: PersonName | None) -> PaperRecord:
    """One record from its paragraphs: title, optional source line, abstract paragraphs."""
    record = PaperRecord(index=index)
    if owner is not None:
        record.authors_inferred = [owner]
    if not part:
        return record
    record.title = part[0][2]
    rest = part[1:]
    if rest and (_is_source(part, 1) or _source_shaped(rest[0], more=len(rest) > 1)):
        source = rest[0][2]
        rest = rest[1:]
        if category := category_from_source_line(source):
            record.categories = [category]
        elif venue := parse_venue(source):
            record.venue = venue
    record.abstract = "\n\n".join(text for _a, _b, text in rest) or None
    record.code_urls, record.homepage_urls = split_urls(find_urls(record.abstract or ""))
    return record


reader = AggregatorAuthorReader()
