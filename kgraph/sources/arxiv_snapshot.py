"""The arXiv metadata snapshot: JSON lines, one paper per line (the Kaggle "arxiv-metadata-oai" dump).

Each line holds id, title, abstract, authors and `authors_parsed`, comments,
journal-ref, doi, space-separated categories, `versions` with their dates and
`update_date`. The snapshot is large (millions of lines), so records are built
by a generator, `iter_snapshot_records`, that keeps memory flat; `read()` is
that generator collected into one DocumentRecords. A malformed line is a
warning, not a failure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import orjson

from kgraph.models import DocumentRecords, PaperRecord, PartialDate, PersonName, Venue
from kgraph.sources.bibtex import decode_latex
from kgraph.sources.arxiv_ids import parse_arxiv_id
from kgraph.sources.dates import parse_date
from kgraph.sources.person_names import parse_person_name, split_name_list
from kgraph.sources.venues import parse_venue
from kgraph.urls import find_urls, split_urls
from kgraph.text import clean_space

__all__ = [
    "ArxivSnapshotReader",
    "reader",
    "iter_snapshot_records",
    "snapshot_record",
    "venue_from_journal_ref",
    "venue_from_comment",
    "urls_in",
    "clean_doi",
]

#: How many leading non-empty lines sniff() looks at.
_SNIFF_LINES = 3
#: A sniffed line longer than this is not parsed (a snapshot line is a few KB).
_SNIFF_MAX_LINE = 1_000_000

_RFC_DATE = re.compile(r"(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?,?\s+(\d{4})")
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_CAPITAL = re.compile(r"[A-Z]")
_VERSION = re.compile(r"v(\d+)")
#: find_urls() only matches text containing one of these (case-folded).
_URL_MARKERS = ("http://", "https://", "www.", "github.com/", "gitlab.com/", "huggingface.co/")
_JOURNAL_CUT = re.compile(r"[\s,:;]*(?:\(|\d|\bvol\b|\bv\.\s*\d|\bno\b\.?\s*\d|\bpp\b)", re.I)


class ArxivSnapshotReader:
    """Reads the arXiv metadata snapshot (JSON lines: id, title, abstract, authors_parsed, versions, ...)."""

    name = "arxiv_snapshot"
    description = "arXiv metadata snapshot: JSON lines with id, title, abstract, authors, versions"

    def sniff(self, text: str) -> float:
        """High when the first non-empty lines are JSON objects shaped like snapshot entries."""
        checked = hits = 0
        for line in _leading_lines(text, _SNIFF_LINES):
            checked += 1
            if len(line) > _SNIFF_MAX_LINE:
                continue
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            if _is_snapshot_object(obj):
                hits += 1
        if hits == 0:
            return 0.0
        return 0.95 if hits == checked else 0.8

    def read(self, text: str) -> DocumentRecords:
        """Every line that is a snapshot object becomes a PaperRecord; bad lines become warnings."""
        doc = DocumentRecords(format=self.name)
        doc.papers.extend(iter_snapshot_records(text.splitlines(), warnings=doc.warnings))
        if not doc.papers:
            raise ValueError("not an arXiv snapshot: no line is a JSON object with an 'id' and a title or abstract")
        return doc

    def chunks(self, path: str, target_bytes: int = 8 << 20) -> list[tuple[int, int, int]]:
        """(start byte, end byte, first line number) ranges of about `target_bytes`, cut at line ends,
        so a large snapshot can be read in parallel without loading it whole."""
        ranges: list[tuple[int, int, int]] = []
        start = line = 0
        with open(path, "rb") as fh:
            while True:
                fh.seek(start + target_bytes)
                fh.readline()  # finish the line the cut falls in
                end = fh.tell()
                fh.seek(start)
                size = end - start
                block = fh.read(size)
                if not block:
                    break
                ranges.append((start, start + len(block), line))
                line += block.count(b"\n")
                start += len(block)
        return ranges

    def read_chunk(self, path: str, start: int, end: int, first_line: int) -> DocumentRecords:
        """The records of the lines between byte offsets `start` and `end`."""
        doc = DocumentRecords(format=self.name)
        with open(path, "rb") as fh:
            fh.seek(start)
            data = fh.read(end - start)
        doc.papers.extend(iter_snapshot_records(data.split(b"\n"), warnings=doc.warnings, first_line=first_line))
        return doc


def _leading_lines(text: str, n: int) -> Iterator[str]:
    """The first `n` non-empty lines, without splitting the whole (possibly huge) text."""
    start = 0
    found = 0
    while found < n and start < len(text):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        line = text[start:end].strip().lstrip("\ufeff")
        start = end + 1
        if line:
            found += 1
            yield line


def _is_snapshot_object(obj: Any) -> bool:
    return (
        isinstance(obj, dict)
        and "id" in obj
        and ("title" in obj or "abstract" in obj)
        and ("authors" in obj or "authors_parsed" in obj)
    )


def iter_snapshot_records(lines: Iterable[str | bytes], *, warnings: list[str] | None = None,
                          first_line: int = 0) -> Iterator[PaperRecord]:
    """Stream PaperRecords from snapshot lines (str or bytes, e.g. an open file).

    Lines that are not snapshot objects are skipped; when `warnings` is given,
    each gets a message there ("line 17: not valid JSON"). A record's `index` is
    its 0-based line number in the file (`first_line` is the number of the first
    line given), so a file read in chunks numbers its records as a whole read does.
    """
    for number, line in enumerate(lines, start=first_line + 1):
        if not line.strip():
            continue
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError:
            _warn(warnings, f"line {number}: not valid JSON")
            continue
        if not _is_snapshot_object(obj):
            _warn(warnings, f"line {number}: not an arXiv snapshot object (needs id, title or abstract, authors)")
            continue
        try:
            record = snapshot_record(number - 1, obj)
        except ValueError as exc:
            _warn(warnings, f"line {number}: {exc}")
            continue
        yield record


def _warn(warnings: list[str] | None, message: str) -> None:
    if warnings is not None:
        warnings.append(message)


def snapshot_record(index: int, obj: dict[str, Any]) -> PaperRecord:
    """One parsed snapshot object -> PaperRecord; ValueError when its id is unusable."""
    raw_id = _text(obj.get("id"))
    parsed = parse_arxiv_id(raw_id) if raw_id else None
    if parsed is None:
        raise ValueError(f"unreadable arXiv id {raw_id!r}")
    versions = obj.get("versions")
    abstract = _text(obj.get("abstract"))
    comments = _text(obj.get("comments"))
    categories = obj.get("categories")
    update = _text(obj.get("update_date"))
    authors, truncated = _authors(obj)
    code_urls, homepage_urls = split_urls(urls_in(comments, abstract))
    return PaperRecord(  # one construction: attribute assignment on a pydantic model costs more
        index=index,
        arxiv_id=parsed[0],
        arxiv_version=_latest_version(versions) or parsed[1],
        title=_text(obj.get("title")),
        abstract=abstract,
        doi=clean_doi(_text(obj.get("doi"))),
        issued=_first_version_date(versions),
        updated=_update_date(update) if update else None,
        categories=list(dict.fromkeys(categories.split())) if isinstance(categories, str) else [],
        authors=authors,
        authors_truncated=truncated,
        comments=[comments] if comments else [],
        venue=venue_from_journal_ref(_text(obj.get("journal-ref"))) or _venue_from_comment(comments),
        code_urls=code_urls,
        homepage_urls=homepage_urls,
    )


@lru_cache(maxsize=4096)
def _update_date(text: str) -> PartialDate | None:
    """parse_date, remembered: update dates are days, shared by many records (PartialDate is frozen)."""
    return parse_date(text)


@lru_cache(maxsize=4096)
def _venue_from_comment(comment: str | None) -> Venue | None:
    """venue_from_comment, remembered: comment lines such as "Accepted at ICML 2024" repeat (Venue is frozen)."""
    return venue_from_comment(comment)


def venue_from_comment(comment: str | None) -> Venue | None:
    """The shared venue parser on a comment line, skipped when the line has no capital letter.

    Every venue the parser knows is written with a capital ("NeurIPS", "Accepted at
    ICML"); most snapshot comments are "12 pages, 5 figures". The check saves the
    parser's ~100 patterns on those lines, which matters over millions of records.
    """
    if not comment or not _CAPITAL.search(comment):
        return None
    return parse_venue(comment)


def urls_in(*texts: str | None) -> list[str]:
    """URLs in the given texts, in order; texts with no URL-like marker skip the URL pattern."""
    joined = " ".join(t for t in texts if t)
    folded = joined.casefold()
    if "/" not in joined:  # every marker but "www." has a slash (case folding makes none): one search
        if "www." not in folded:
            return []
    elif not any(marker in folded for marker in _URL_MARKERS):
        return []
    return find_urls(joined)


def _text(value: Any) -> str | None:
    """A string field with white space collapsed; None for missing, null or empty."""
    if not isinstance(value, str):
        return None
    return clean_space(value) or None


def clean_doi(doi: str | None) -> str | None:
    """The first DOI of a field, without "doi:" or resolver prefixes: "10.1103/PhysRevD.76.013009"."""
    if not doi:
        return None
    first = doi.split()[0].rstrip(".,;")
    first = re.sub(r"(?i)^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", "", first)
    return first if first.startswith("10.") else None


def _latest_version(versions: Any) -> int | None:
    numbers = [int(m[1]) for v in versions if isinstance(v, dict) and (m := _VERSION.fullmatch(str(v.get("version", ""))))] if isinstance(versions, list) else []
    return max(numbers) if numbers else None


def _first_version_date(versions: Any) -> PartialDate | None:
    """The `created` date of v1 (or of the earliest listed version): "Mon, 2 Apr 2007 19:18:42 GMT"."""
    if not isinstance(versions, list):
        return None
    if versions and isinstance(versions[0], dict) and versions[0].get("version") == "v1":
        first = versions[0]  # the usual order, found without scanning the list
    else:
        entries = [v for v in versions if isinstance(v, dict)]
        first = next((v for v in entries if v.get("version") == "v1"), entries[0] if entries else None)
    created = first.get("created") if first else None
    return rfc_date(created) if isinstance(created, str) else None


def rfc_date(text: str) -> PartialDate | None:
    """"Mon, 2 Apr 2007 19:18:42 GMT" -> 2007-04-02."""
    m = _RFC_DATE.search(text)
    if not m or m[2].casefold() not in _MONTHS:
        return parse_date(text)
    if not 1 <= int(m[1]) <= 31:
        return None
    return _day(int(m[3]), _MONTHS[m[2].casefold()], int(m[1]))


@lru_cache(maxsize=8192)
def _day(year: int, month: int, day: int) -> PartialDate:
    """One PartialDate per day: versions are dated to the second, but records keep the day (and it is frozen)."""
    return PartialDate(year=year, month=month, day=day)


def _authors(obj: dict[str, Any]) -> tuple[list[PersonName], bool]:
    """Authors in printed order from `authors_parsed` ([last, first, suffix]); else from `authors`."""
    parsed = obj.get("authors_parsed")
    if isinstance(parsed, list) and parsed:
        names = [n for n in map(_parsed_name, parsed) if n is not None]
        if names:
            return names, False
    line = _text(obj.get("authors"))
    if not line:
        return [], False
    printed, truncated = split_name_list(decode_latex(line))
    return [n for n in (parse_person_name(p) for p in printed) if n is not None], truncated


def _parsed_name(entry: Any) -> PersonName | None:
    """["Balázs", "C.", ""] -> "C. Balázs"; a suffix ("Jr") goes last; LaTeX accents decoded."""
    if not isinstance(entry, list):
        return None
    if len(entry) == 3:
        last, first, suffix = entry
        if type(last) is str and type(first) is str and type(suffix) is str:
            return _name_of_parts(last, first, suffix)
    last, first, suffix = (*map(_name_part, entry[:3]), "", "", "")[:3]
    return _person(last, first, suffix)


@lru_cache(maxsize=1 << 16)
def _name_of_parts(last: str, first: str, suffix: str) -> PersonName | None:
    """_parsed_name of a [last, first, suffix] triple of strings, remembered: an author's triple
    recurs on every paper of theirs (PersonName is frozen, so records can share it)."""
    return _person(_name_part(last), _name_part(first), _name_part(suffix))


def _person(last: str, first: str, suffix: str) -> PersonName | None:
    name = clean_space(" ".join(filter(None, (first, last, suffix))))
    if not name:
        return None
    return PersonName(name=name, as_printed=", ".join(filter(None, (last, first, suffix))))


def _name_part(part: Any) -> str:
    """One element of an authors_parsed triple, LaTeX decoded only when it holds markup."""
    if not isinstance(part, str):
        return ""
    if part.isalpha():
        return part  # one plain word (the usual case): no white space to collapse, no markup
    text = " ".join(part.split())
    return decode_latex(text) if "\\" in text or "{" in text else text


def venue_from_journal_ref(ref: str | None) -> Venue | None:
    """A journal-ref -> Venue: a known series via the shared venue parser, else the journal name.

    "Phys.Rev.D76:013009,2007" -> Venue(series="Phys.Rev.D", year=2007, kind="journal").
    """
    if not ref:
        return None
    # "J.Opt.Soc.Am.A 23, 2578-2591 (2006); Erratum: ... (2015)": the first part is the paper's own
    # publication; what follows a semicolon (an erratum, a translation, a reprint) is another.
    printed, ref = ref, ref.split(";", 1)[0].strip() or ref
    if (venue := parse_venue(ref)) is not None:
        venue = venue.model_copy(update={"text": printed})
        return venue if venue.kind is not None else venue.model_copy(update={"kind": "journal"})
    cut = _JOURNAL_CUT.search(ref)
    series = clean_space(ref[: cut.start()] if cut and cut.start() > 0 else ref).strip(" ,;:")
    if re.search(r"(?i)\b(?:of|the|on|in|and|for)$", series):
        series = clean_space(ref).strip(" ,;:")  # "Proceedings of the 2020 ..." is a name, not a volume
    if not re.search(r"[A-Za-z]{2}", series):
        return None
    years = _YEAR.findall(ref)
    return Venue(series=series, year=int(years[-1]) if years else None, kind="journal", text=printed)


reader = ArxivSnapshotReader()
