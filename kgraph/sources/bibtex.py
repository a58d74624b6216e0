"""BibTeX files: @article, @inproceedings, @misc ... entries, read by a small tokenizer.

The scanner follows BibTeX's own grammar: text outside entries is a comment,
an entry is `@type{key, field = value, ...}` (or with parentheses), a value is
`{braced}`, `"quoted"`, a number or a macro name, joined with `#`. @string
defines macros (month names jan..dec are predefined); @comment and @preamble
are skipped. Each entry is parsed inside a window that ends where the next
line starting with `@type{` begins, so an unclosed brace costs one entry (a
warning), never the rest of the file. LaTeX accents ({\\"u}, {\\'e}) become
Unicode by `decode_latex`, which the arXiv snapshot reader shares.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from kgraph.models import DocumentRecords, PaperRecord, PartialDate, PersonName, Venue
from kgraph.sources.arxiv_ids import parse_arxiv_id
from kgraph.sources.dates import MONTHS, parse_date
from kgraph.sources.venues import parse_venue
from kgraph.urls import find_urls, split_urls
from kgraph.sources.venue_names import venue_from_name
from kgraph.sources.latex import decode_latex
from kgraph.text import clean_space

__all__ = ["BibtexReader", "reader", "decode_latex", "parse_bibtex", "collect_macros", "BibEntry"]

#: One value may not grow beyond this many characters (runaway @string concatenation).
MAX_VALUE_CHARS = 1_000_000

_MONTH_MACROS = {
    m: name
    for m, name in zip(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"),
    )
}
_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]", re.M)
_AT_TYPE = re.compile(r"@[ \t]*([A-Za-z]+)[ \t\r\n]*([{(])")
#: After `@type{`: a citation key, a comma, then `field =` (not `@dataclass(frozen=True, ...)`).
_KEY_THEN_FIELD = re.compile(r"\s*[^\s,=(){}\"]*\s*,\s*[A-Za-z][\w\-]*\s*=")
#: After `@string{`: `name =` (a macro definition).
_STRING_BODY = re.compile(r"\s*[A-Za-z_][\w\-:.+/']*\s*=")
_NUMBER = re.compile(r"\d+")
_AND = re.compile(r"\s+and\s+", re.I)
_IDENT = re.compile(r"[A-Za-z_][\w\-:.+/']*")
_KEY_STOP = frozenset(" \t\r\n,")
_SKIPPED_TYPES = frozenset({"comment", "preamble"})
#: "Findings of the ACL: EMNLP 2023" names the conference after the colon, not ACL.
_FINDINGS = re.compile(r"(?i)^Findings of the (?:Association for Computational Linguistics|ACL)\s*[:,-]\s*(.+)$")
_NOT_A_VENUE = re.compile(r"(?i)\b(?:arxiv|corr|biorxiv|medrxiv|ssrn|preprint)\b")


class BibError(ValueError):
    """A malformed entry: `pos` is where the scanner stopped."""

    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.pos = pos


@dataclass
class BibEntry:
    """One parsed entry: lower-cased type and field names, values with macros expanded."""

    type: str
    key: str
    fields: dict[str, str] = field(default_factory=dict)
    line: int = 0


class BibtexReader:
    """Reads BibTeX (.bib) files into paper records."""

    name = "bibtex"
    description = "BibTeX: @article/@inproceedings/@misc entries with @string macros"

    def sniff(self, text: str) -> float:
        """High when lines start with `@type{key,` followed by `field =` assignments, or
        `@string{name = ...}` definitions, wherever in the text the first of them is.

        A file of macros (`@string` lines only) is BibTeX too: it gives the other
        files of the build their venue names. Text before the first entry is a comment
        to BibTeX, so how far in the entries start does not matter.
        """
        starts = list(_ENTRY_START.finditer(text, 0, 200_000))
        if not starts:
            return 0.0
        fields = strings = 0
        for m in starts:
            if m.group(1).casefold() == "string":
                strings += bool(_STRING_BODY.match(text, m.end(), m.end() + 2000))
            else:
                fields += bool(_KEY_THEN_FIELD.match(text[m.end() : m.end() + 2000]))
            if fields >= 3 or fields + strings >= 20:
                break
        if not fields and not strings:
            return 0.3
        first = re.match(r"(?:\s*%[^\n]*)*\s*@", text.lstrip("\ufeff"))
        return 0.95 if first else 0.85

    def read(self, text: str) -> DocumentRecords:
        """Parse every entry; malformed ones become warnings and the rest are still read."""
        return self.read_shared(text, {})[0]

    def macros_of(self, text: str) -> dict[str, str]:
        """The @string macros `text` defines (lower-cased names, values expanded with the
        file's own earlier macros), which the build lends to its other BibTeX files."""
        return collect_macros(text)

    def read_shared(self, text: str, shared: Mapping[str, str]) -> tuple[DocumentRecords, dict[str, str | None]]:
        """Like read, with `shared` (the build's @string macros) for names the file does not
        define itself; also returns each such name it used, with the value it got (None:
        defined nowhere), so that --update knows when to read it again.

        A file of @string definitions and no entries is valid: it gives no papers.
        """
        doc = DocumentRecords(format=self.name)
        used: dict[str, str | None] = {}
        unknown: Counter[str] = Counter()
        own: dict[str, str] = {}
        entries = parse_bibtex(text, doc.warnings, shared=shared, used=used, macros=own)
        for entry in entries:
            record = _record(len(doc.papers), entry, unknown)
            if record is None:
                doc.warnings.append(f"line {entry.line}: @{entry.type}{{{entry.key}}} has no title, DOI or arXiv id; skipped")
                continue
            doc.papers.append(record)
        doc.unknown_latex = dict(unknown)  # the build counts them in one warning
        if not doc.papers and not own and not any(True for _ in _ENTRY_START.finditer(text)):
            raise ValueError("not a BibTeX file: no '@type{key, ...}' entries found")
        if not doc.papers and not own:
            raise ValueError("no usable BibTeX entries: " + ("; ".join(doc.warnings[:3]) or "all entries were empty"))
        return doc, used


# ---------------------------------------------------------------------------
# the scanner


class _Scanner:
    """A cursor over `text[pos:limit]` with the few token readers BibTeX needs."""

    def __init__(self, text: str, pos: int, limit: int, macros: dict[str, str], warnings: list[str],
                 shared: Mapping[str, str] | None = None, used: dict[str, str | None] | None = None) -> None:
        self.text, self.pos, self.limit = text, pos, limit
        self.macros, self.warnings = macros, warnings
        self.shared = shared if shared is not None else {}  # not `or`: a view may count its length slowly
        self.used = used if used is not None else {}

    def line(self, pos: int | None = None) -> int:
        return self.text.count("\n", 0, self.pos if pos is None else pos) + 1

    def skip_space(self) -> None:
        while self.pos < self.limit and self.text[self.pos].isspace():
            self.pos += 1

    def peek(self) -> str:
        self.skip_space()
        return self.text[self.pos] if self.pos < self.limit else ""

    def expect(self, chars: str, what: str) -> str:
        ch = self.peek()
        if not ch or ch not in chars:
            found = f"found {ch!r}" if ch else "the entry is never closed"
            raise BibError(f"expected {what}, {found}", self.pos)
        self.pos += 1
        return ch

    def ident(self) -> str | None:
        self.skip_space()
        m = _IDENT.match(self.text, self.pos, self.limit)
        if not m:
            return None
        self.pos = m.end()
        return m.group(0)

    def key(self, close: str) -> str:
        """The citation key: everything up to the first comma (or the closing delimiter)."""
        self.skip_space()
        start = self.pos
        while self.pos < self.limit and self.text[self.pos] not in _KEY_STOP and self.text[self.pos] != close:
            self.pos += 1
        return self.text[start : self.pos]

    def group(self, open_ch: str, close_ch: str, field_name: str) -> str:
        """The raw text inside a balanced `{...}` (or `(...)`), the cursor on the opener."""
        depth = 0
        start = self.pos + 1
        i = self.pos
        text, limit = self.text, self.limit
        while i < limit:
            ch = text[i]
            if ch == "\\":
                i += 2
                continue
            if ch == open_ch:
                depth += 1
            elif ch == close_ch:
                depth -= 1
                if depth == 0:
                    self.pos = i + 1
                    return text[start:i]
            i += 1
        raise BibError(f"unclosed brace in {field_name}", self.pos)

    def quoted(self, field_name: str) -> str:
        """The raw text inside `"..."`; a quote inside braces does not end it."""
        depth = 0
        i = self.pos + 1
        text, limit = self.text, self.limit
        while i < limit:
            ch = text[i]
            if ch == "\\":
                i += 2
                continue
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth < 0:
                    raise BibError(f"unclosed quote in {field_name} (it runs into an unbalanced '}}')", i)
            elif ch == '"' and depth == 0:
                value = text[self.pos + 1 : i]
                self.pos = i + 1
                return value
            i += 1
        raise BibError(f"unclosed quote in {field_name}", self.pos)

    def value(self, field_name: str) -> str:
        """`piece # piece # ...` with macros expanded."""
        parts: list[str] = []
        total = 0
        while True:
            part = self._piece(field_name)
            total += len(part)
            if total > MAX_VALUE_CHARS:
                raise BibError(f"{field_name} is longer than {MAX_VALUE_CHARS:,} characters (runaway @string macros?)", self.pos)
            parts.append(part)
            if self.peek() != "#":
                return "".join(parts)
            self.pos += 1

    def _piece(self, field_name: str) -> str:
        ch = self.peek()
        if ch == "{":
            return self.group("{", "}", field_name)
        if ch == '"':
            return self.quoted(field_name)
        if ch.isdigit():
            m = _NUMBER.match(self.text, self.pos, self.limit)
            assert m is not None
            self.pos = m.end()
            return m.group(0)
        name = self.ident()
        if name is None:
            found = f"{ch!r}" if ch else "the end of the entry"
            raise BibError(f"expected a value for {field_name}, found {found}", self.pos)
        folded = name.casefold()
        if folded in self.macros:
            return self.macros[folded]
        if folded in self.shared:  # defined by another BibTeX file of the build
            self.used[folded] = self.shared[folded]
            return self.shared[folded]
        if folded in _MONTH_MACROS:
            return _MONTH_MACROS[folded]
        self.used[folded] = None
        if self.warnings is not _SILENT:
            self.warnings.append(f"line {self.line()}: undefined @string macro {name!r} in {field_name}; left empty")
        return ""


def parse_bibtex(text: str, warnings: list[str] | None = None, *, shared: Mapping[str, str] | None = None,
                 used: dict[str, str | None] | None = None, macros: dict[str, str] | None = None) -> list[BibEntry]:
    """All entries of a .bib text, in order; problems go to `warnings` ("line 12: ...").

    A macro is looked up in the file's own @string definitions made so far, then in
    `shared` (the build's other files; each name found there goes into `used`), then
    in the month names. `macros` receives the file's own definitions.
    """
    warnings = [] if warnings is None else warnings
    macros = {} if macros is None else macros
    entries: list[BibEntry] = []
    seen_keys: set[str] = set()
    pos = 0
    while (at := text.find("@", pos)) != -1:
        m = _AT_TYPE.match(text, at)
        if not m:
            pos = at + 1  # an "@" in comment text (an e-mail address, say)
            continue
        kind = m.group(1).casefold()
        next_start = _ENTRY_START.search(text, m.end())
        limit = next_start.start() if next_start else len(text)
        scanner = _Scanner(text, m.end() - 1, limit, macros, warnings, shared, used)
        try:
            entry = _parse_one(scanner, kind, m.group(2))
        except BibError as exc:
            warnings.append(f"line {scanner.line(at)}: @{m.group(1)} entry {_key_hint(text, m.end(), limit)}: {exc}; skipped")
            pos = limit
            continue
        pos = scanner.pos
        if entry is None:
            continue
        entry.line = scanner.line(at)
        if entry.key and entry.key in seen_keys:
            warnings.append(f"line {entry.line}: duplicate key {entry.key!r}; both entries kept")
        seen_keys.add(entry.key)
        entries.append(entry)
    return entries


#: Warnings nobody reads (collect_macros leaves warning to the reading proper).
_SILENT: list[str] = []
_STRING_START = re.compile(r"^[ \t]*@[ \t]*string[ \t\r\n]*[{(]", re.M | re.I)


def collect_macros(text: str) -> dict[str, str]:
    """The @string definitions of a .bib text, in order, without reading its entries."""
    macros: dict[str, str] = {}
    for m in _STRING_START.finditer(text):
        next_start = _ENTRY_START.search(text, m.end())
        limit = next_start.start() if next_start else len(text)
        scanner = _Scanner(text, m.end() - 1, limit, macros, _SILENT)
        try:
            _parse_one(scanner, "string", text[m.end() - 1])
        except BibError:
            continue  # the reading proper reports it
    _SILENT.clear()
    return macros


def _key_hint(text: str, start: int, limit: int) -> str:
    """The citation key of a broken entry, for its warning."""
    key = re.match(r"\s*([^\s,{}()]*)", text[start:limit])
    return repr(key.group(1)) if key and key.group(1) else "(no key)"


def _parse_one(scanner: _Scanner, kind: str, opener: str) -> BibEntry | None:
    """One entry from its opening delimiter; @string updates the macros, @comment/@preamble give None."""
    close = "}" if opener == "{" else ")"
    if kind in _SKIPPED_TYPES:
        scanner.group(opener, close, f"@{kind}")
        return None
    scanner.pos += 1  # past the opener
    if kind == "string":
        name = scanner.ident()
        if name is None:
            raise BibError("@string without a macro name", scanner.pos)
        scanner.expect("=", f"'=' after @string {name}")
        scanner.macros[name.casefold()] = scanner.value(f"@string {name}")
        scanner.expect(close, f"{close!r} closing @string {name}")
        return None
    entry = BibEntry(type=kind, key=scanner.key(close))
    while True:
        ch = scanner.peek()
        if ch == close:
            scanner.pos += 1
            return entry
        if ch == ",":
            scanner.pos += 1
            continue
        name = scanner.ident()
        if name is None:
            found = f"{ch!r}" if ch else "the end of the entry"
            raise BibError(f"expected a field name, found {found}", scanner.pos)
        scanner.expect("=", f"'=' after field {name!r}")
        entry.fields[name.casefold()] = scanner.value(f"field {name!r}")
        if scanner.peek() not in (",", close):
            scanner.expect(",", f"',' after field {name!r}")


def _clean(value: str | None, unknown: Counter[str] | None = None) -> str | None:
    """A field value as display text: LaTeX decoded, white space collapsed."""
    if value is None:
        return None
    return clean_space(decode_latex(value, unknown)) or None


_ESCAPED_SPECIAL = re.compile(r"\\([_%&#$~])")


def _bare(value: str | None) -> str:
    """A field value as searched for ids, years and keywords: braces that protect case
    (`Ar{X}iv`, `{2019}`) and backslash escapes (`10.1000/a\\_b`) are markup, not text."""
    if not value:
        return ""
    return _ESCAPED_SPECIAL.sub(r"\1", value).replace("{", "").replace("}", "")


# ---------------------------------------------------------------------------
# entry -> record


def _record(index: int, entry: BibEntry, unknown: Counter[str] | None = None) -> PaperRecord | None:
    """One entry -> PaperRecord; None when it has nothing that identifies a paper."""
    f = entry.fields
    record = PaperRecord(index=index)
    record.title = _clean(f.get("title"), unknown)
    record.abstract = _clean(f.get("abstract"), unknown)
    record.authors, record.authors_truncated = split_authors(f.get("author", ""), unknown)
    record.issued = _issued(f)
    record.doi = _doi(f.get("doi")) or _doi(f.get("url"))
    _set_arxiv(record, f)
    record.venue = _venue(entry)
    notes = [c for c in (_clean(f.get("note"), unknown), _clean(f.get("howpublished"), unknown)) if c]
    record.comments = notes
    urls = find_urls(" ".join([_bare(f.get("url"))] + notes))
    urls = [u for u in urls if not re.search(r"(?i)//(?:www\.)?(?:arxiv\.org|(?:dx\.)?doi\.org)/", u)]
    record.code_urls, record.homepage_urls = split_urls(urls)
    if not (record.title or record.doi or record.arxiv_id):
        return None
    return record


#: A last author that says the list goes on: "others" (BibTeX's own word), "et al.", "et~al".
_MORE_AUTHORS = re.compile(r"(?i)^(?:others|et\.?\s*al\.?)$")
#: "Smith, J. et al." written as one name.
_TRAILING_ETAL = re.compile(r"(?i)(?<=\S)[\s,]+et\.?\s*al\.?$")


def split_authors(raw: str, unknown: Counter[str] | None = None) -> tuple[list[PersonName], bool]:
    """"Last, First and First Last and others" -> two names and truncated=True; "and et al."
    and a trailing "et al." mean the same as "and others"."""
    names: list[PersonName] = []
    truncated = False
    for part in _split_top_level_and(raw):
        part = clean_space(part)
        if not part:
            continue
        plain = clean_space(decode_latex(_bare(part)))
        if _MORE_AUTHORS.match(plain):
            truncated = True
            continue
        if _TRAILING_ETAL.search(plain):
            part = _TRAILING_ETAL.sub("", clean_space(part.replace("~", " ")))
            truncated = True
        if (person := _person(part, unknown)) is not None:
            names.append(person)
    return names, truncated


def _split_top_level_and(raw: str) -> list[str]:
    """Split at " and " outside braces ("{Barnes and Noble}" stays one name)."""
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and ch.isspace():
            m = _AND.match(raw, i)
            if m:
                parts.append(raw[start:i])
                start = i = m.end()
                continue
        i += 1
    parts.append(raw[start:])
    return parts


def _person(printed: str, unknown: Counter[str] | None = None) -> PersonName | None:
    """"von Neumann, John" -> "John von Neumann"; "Last, Jr., First" -> "First Last Jr."."""
    parts = [clean_space(decode_latex(p, unknown)) for p in _split_top_level_commas(printed)]
    if len(parts) == 2:
        last, first = parts
        name = f"{first} {last}"
    elif len(parts) >= 3:
        last, suffix, first = parts[0], parts[1], ", ".join(parts[2:])
        name = f"{first} {last} {suffix}"
    else:
        name = parts[0]
    name = clean_space(name)
    return PersonName(name=name, as_printed=clean_space(decode_latex(printed))) if name else None


def _split_top_level_commas(text: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p for p in parts if p.strip()] or [text]


#: A biblatex (EDTF) date or the start of a range: "1984/1986", "1979-01-02/1980-04-08", "2004-10?".
_BIBLATEX_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T[\d:]+Z?)?[?~%]?\s*(?:/|$)")


def _issued(f: dict[str, str]) -> PartialDate | None:
    """`year` + `month` (macro, name or number), or a biblatex `date` (of a range, its start)."""
    if "date" in f and (date := _biblatex_date(_bare(f["date"]))) is not None:
        return date
    year_match = re.search(r"\d{4}", _bare(f.get("year")))
    if not year_match:
        return None
    month_text = clean_space(decode_latex(_bare(f.get("month")))).rstrip(".").casefold()
    month = MONTHS.get(month_text) or (int(month_text) if month_text.isdigit() and 1 <= int(month_text) <= 12 else None)
    return PartialDate(year=int(year_match.group(0)), month=month)


def _biblatex_date(text: str) -> PartialDate | None:
    """biblatex's ISO 8601 date (an open or closed range gives its start), else a printed date."""
    m = _BIBLATEX_DATE.match(text)
    if m is None:
        return parse_date(clean_space(decode_latex(text)))
    month = int(m[2]) if m[2] and 1 <= int(m[2]) <= 12 else None  # 21-24 are EDTF seasons
    day = int(m[3]) if m[3] and month else None
    if day is not None and not 1 <= day <= calendar.monthrange(int(m[1]), month)[1]:
        day = None  # 2023-02-30: the month stands, the day does not
    return PartialDate(year=int(m[1]), month=month, day=day)


def _doi(value: str | None) -> str | None:
    if not value:
        return None
    m = re.search(r"10\.\d{4,9}/\S+", _bare(value))
    return m.group(0).rstrip(".,;}") if m else None


def _set_arxiv(record: PaperRecord, f: dict[str, str]) -> None:
    """arXiv id from eprint (+ archivePrefix/eprinttype arXiv), else from an arxiv.org URL or journal
    (`Ar{X}iv:1803.03635`: the braces only protect case)."""
    prefix = _bare(f.get("archiveprefix") or f.get("eprinttype")).strip().casefold()
    candidates = []
    if f.get("eprint") and prefix in ("", "arxiv"):
        candidates.append(_bare(f["eprint"]))
    for key in ("url", "journal", "journaltitle", "volume", "note", "howpublished"):
        value = _bare(f.get(key))
        if "arxiv" in value.casefold():
            candidates.append(value.split("arxiv.org/abs/")[-1].split("arxiv.org/pdf/")[-1])
    for candidate in candidates:
        if parsed := parse_arxiv_id(candidate):
            record.arxiv_id, record.arxiv_version = parsed
            break
    primary = clean_space(_bare(f.get("primaryclass")))
    if record.arxiv_id and primary:
        record.categories = [primary]


#: Entry types whose booktitle is a book, not the proceedings of an event: no venue kind is claimed.
_BOOK_TYPES = {"incollection", "inbook", "book", "collection", "bookinbook", "suppbook", "mvbook", "mvcollection"}


def _venue(entry: BibEntry) -> Venue | None:
    """journal/booktitle -> Venue: a known series from the venue table, else the field's whole name.

    The kind is the table's for a known series, else the name's own words, else the
    field: a journal for `journal`, a conference for an @inproceedings booktitle,
    none for the booktitle of a book chapter (@incollection).
    """
    f = entry.fields
    in_journal = "journal" in f or "journaltitle" in f
    raw = f.get("journal") or f.get("journaltitle") or f.get("booktitle")
    text = _clean(raw)
    if not text or _NOT_A_VENUE.search(text):
        return None
    issued = _issued(f)
    year = issued.year if issued else None
    hint = "journal" if in_journal else None if entry.type in _BOOK_TYPES else "conference"
    findings = _FINDINGS.match(text)
    venue = parse_venue(findings.group(1)) if findings else None
    if venue is not None:
        update: dict[str, object] = {"track": "Findings", "text": text}
        if venue.year is None and year is not None:
            update["year"] = year
        return venue.model_copy(update=update)
    return venue_from_name(text, hint, year)


reader = BibtexReader()
