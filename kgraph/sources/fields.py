"""Field parsers shared by the page readers: dates, names, URLs, categories, institutions, venues.

Each function takes a printed string and returns a typed value (or None when the
string does not hold one). They know nothing about page layouts, so every reader
agrees on what "May 15", "Alberti, Silas" or "accepted to EMNLP 2023" mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kgraph.data import table
from kgraph.models import Institution, PartialDate, PersonName, Venue
from kgraph.sources.venue_table import SeriesHit, edition_base, find_series, is_series_alias
from kgraph.text import clean_space, fold, name_key, slugify

__all__ = [
    "first_year",
    "MONTHS",
    "MONTH_RE",
    "arxiv_categories",
    "institution_table",
    "category_from_code",
    "category_from_name",
    "category_from_source_line",
    "institution_from_slug",
    "parse_date",
    "parse_month_day",
    "parse_arxiv_id",
    "parse_person_name",
    "split_name_list",
    "AuthorLine",
    "parse_author_line",
    "looks_like_author_line",
    "same_person",
    "find_urls",
    "clean_url",
    "is_code_url",
    "split_urls",
    "parse_venue",
    "ends_cleanly",
    "looks_structured",
    "paragraphs",
    "word_count",
]

# ---------------------------------------------------------------------------
# reference tables (package data, loaded once)


def arxiv_categories() -> dict[str, str]:
    """arXiv category code -> official name (kgraph/data/arxiv_categories.json)."""
    return table("arxiv_categories.json")


@lru_cache(maxsize=None)
def institution_table() -> dict[str, str]:
    """Slugified alias -> full institution name (kgraph/data/institutions.json)."""
    return {slugify(k): v for k, v in table("institutions.json").items()}


# ---------------------------------------------------------------------------
# categories


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


# ---------------------------------------------------------------------------
# institutions


def institution_from_slug(slug: str) -> Institution:
    """"stanford" -> Stanford University; an unknown slug gets a readable title-cased name."""
    printed = clean_space(slug)
    name = institution_table().get(slugify(printed))
    if name is None:
        words = re.split(r"[-_\s]+", printed)
        name = " ".join(w if any(c.isupper() for c in w) else w.capitalize() for w in words if w)
    return Institution(name=name, slug=printed)


# ---------------------------------------------------------------------------
# dates

MONTHS: dict[str, int] = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}

#: A month name or abbreviation as printed ("Mar", "March", "Sept.").
MONTH_RE = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_MDY = re.compile(rf"^({MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*|\s+)(\d{{4}})$", re.I)
_DMY = re.compile(rf"^(\d{{1,2}})\s+({MONTH_RE})\s+(\d{{4}})$", re.I)
_MY = re.compile(rf"^({MONTH_RE})\s+(\d{{4}})$", re.I)
_MD = re.compile(rf"^({MONTH_RE})\s+(\d{{1,2}})$", re.I)


def _month(token: str) -> int:
    return MONTHS[token.rstrip(".").casefold()]


def _checked(year: int | None, month: int | None, day: int | None) -> PartialDate | None:
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    return PartialDate(year=year, month=month, day=day)


def parse_date(text: str) -> PartialDate | None:
    """A printed date as precise as printed: "2024-12-09", "Mar 30, 2023", "May 30" (no year)."""
    s = clean_space(text).strip(" .")
    if m := _ISO_DATE.match(s):
        return _checked(int(m[1]), int(m[2]), int(m[3]) if m[3] else None)
    if m := _MDY.match(s):
        return _checked(int(m[3]), _month(m[1]), int(m[2]))
    if m := _DMY.match(s):
        return _checked(int(m[3]), _month(m[2]), int(m[1]))
    if m := _MY.match(s):
        return _checked(int(m[2]), _month(m[1]), None)
    if m := _MD.match(s):
        return _checked(None, _month(m[1]), int(m[2]))
    if re.fullmatch(r"(?:19|20)\d{2}", s):
        return PartialDate(year=int(s))
    return None


_MD_COUNT = re.compile(rf"^(?P<date>{MONTH_RE}\s+\d{{1,2}}(?:,\s*\d{{4}})?)(?:\s+(?P<count>\d+))?$", re.I)


def parse_month_day(text: str) -> tuple[PartialDate, int | None] | None:
    """A feed date with an optional trailing count: "May 15 2" -> (--05-15, 2).

    A year is only taken when printed after a comma ("Jun 15, 2023"), so a bare
    number after a month-day is a count (upvotes), never an invented year.
    """
    m = _MD_COUNT.match(clean_space(text))
    if not m:
        return None
    date = parse_date(m["date"])
    if date is None:
        return None
    return date, int(m["count"]) if m["count"] else None


# ---------------------------------------------------------------------------
# arXiv identifiers

_ARXIV_ID = re.compile(
    r"(?:arXiv:\s*)?(?P<id>\d{4}\.\d{4,5}|(?<![a-z])[a-z][a-z\-]*+(?:\.[A-Z]{2})?/\d{7})(?:v(?P<v>\d+))?\b", re.I
)


def parse_arxiv_id(text: str) -> tuple[str, int | None] | None:
    """"arXiv:2412.06966v2" -> ("2412.06966", 2); old-style "cs/0112017" too."""
    m = _ARXIV_ID.search(text.strip())
    if not m:
        return None
    return m["id"], int(m["v"]) if m["v"] else None


# ---------------------------------------------------------------------------
# people

_PARTICLES = {"van", "von", "de", "der", "den", "la", "le", "di", "da", "du", "del", "della", "dos", "das", "bin", "ibn", "al", "el", "y", "ten", "ter", "st."}
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
        if bare.casefold() in _PARTICLES:
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


# ---------------------------------------------------------------------------
# URLs

_URL = re.compile(r"(?:https?://|(?<![\w/.@])(?:www\.|github\.com/|gitlab\.com/|huggingface\.co/))[^\s<>\"'`]+", re.I)
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "sourceforge.net", "gitee.com", "colab.research.google.com")
_TRAIL = ".,;:!?'\"*"


def clean_url(url: str) -> str:
    """Strip trailing sentence punctuation and an unbalanced closing bracket; add a scheme."""
    u = url
    opens = {")": "(", "]": "[", "}": "{"}
    counts = {c: u.count(c) for c in "()[]{}"}  # kept up to date as the tail is cut: linear time
    while u:
        last = u[-1]
        if last in _TRAIL:
            u = u[:-1]
        elif last in opens and counts[last] > counts[opens[last]]:
            counts[last] -= 1
            u = u[:-1]
        else:
            break
    if not re.match(r"https?://", u, re.I):
        u = "https://" + u
    return u


def find_urls(text: str) -> list[str]:
    """Every URL in `text`, cleaned, in order of first appearance, without repeats."""
    out: dict[str, None] = {}  # insertion-ordered set: a page of 100k links stays linear
    for m in _URL.finditer(text or ""):
        u = clean_url(m.group(0))
        if "." in u.split("://", 1)[1]:
            out.setdefault(u)
    return list(out)


def is_code_url(url: str) -> bool:
    """Source-code hosts (GitHub, GitLab, Bitbucket, ...) count as code; *.github.io pages don't."""
    host = re.sub(r"^https?://", "", url, flags=re.I).split("/", 1)[0].casefold()
    host = host.removeprefix("www.")
    return any(host == h or host.endswith("." + h) for h in _CODE_HOSTS)


def split_urls(urls: list[str]) -> tuple[list[str], list[str]]:
    """(code URLs, homepage/data/result URLs), order kept."""
    code = [u for u in urls if is_code_url(u)]
    return code, [u for u in urls if u not in code]


# ---------------------------------------------------------------------------
# venues

_NOT_PUBLISHED = re.compile(r"\b(?:under review|submitted to|in submission|submission to|rejected|withdrawn|desk[- ]reject)", re.I)
_TRIGGER = re.compile(
    r"\b(?i:accepted|published|presented|appear(?:s|ing)?|camera[- ]ready|oral|spotlight|poster)\b[^.;]*?"
    r"(?:\b(?i:at|in|to|by|for)|@)\s+(?:(?i:the)\s+)?"
    r"(?P<name>[A-Z0-9][\w&*/\-'’]*(?:\s+(?:[A-Z0-9][\w&*/\-'’:]*|on|of|for|and|in|the|&))*)"
)
_PAREN_ACRONYM = re.compile(r"\((?P<abbr>[A-Z][A-Za-z&*\-]*[A-Z][A-Za-z&*\-]*)(?:['’\s\-]*(?P<yy>\d{4}|\d{2}))?\)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_SHORT_YEAR = re.compile(r"^(?:\s*['’]|-)?(\d{2})(?!\d)")
_NEAR_YEAR = re.compile(r"^[\s'’\-]*((?:19|20)\d{2})(?!\d)")


def _strip_urls(text: str) -> str:
    return _URL.sub(" ", text)


#: "Findings of the Association for Computational Linguistics: EMNLP 2023": the findings of the series after the colon.
_FINDINGS_OF = re.compile(r"\bFindings of (?:the )?(?:Association for Computational Linguistics|ACL)\s*:\s*")


def _venue_series(text: str) -> SeriesHit | None:
    """The series a line names; in "Findings of the ACL: EMNLP 2023" that is EMNLP, not the ACL."""
    if (findings := _FINDINGS_OF.search(text)) and (found := find_series(text, findings.end())):
        return found
    return find_series(text)


def _year_near(text: str, end: int) -> int | None:
    """A year printed right after a series: "NeurIPS 2024", "ICLR'24", "ICML-2023"."""
    tail = text[end:]
    if m := _NEAR_YEAR.match(tail):
        return int(m[1])
    if m := _SHORT_YEAR.match(tail):
        return 2000 + int(m[1])
    return None


_UNITS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_TENS_ORD = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90}
_ORDINAL = re.compile(
    r"\b(?:(?P<num>\d{1,3})(?:st|nd|rd|th)|(?P<word>(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ])?"
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|twelfth|\w+teenth|\w+tieth))\b",
    re.I,
)


def _ordinal_value(m: re.Match[str]) -> int | None:
    if m["num"]:
        return int(m["num"])
    word = m["word"].casefold().replace(" ", "-")
    if word in _TEENS:
        return 10 + _TEENS.index(word)
    if word in _TENS_ORD:
        return _TENS_ORD[word]
    tens, _, unit = word.rpartition("-")
    if unit in _UNITS and (not tens or tens in _TENS):
        return _TENS.get(tens, 0) + _UNITS.index(unit)
    return None


def _edition_year(series: str, text: str) -> int | None:
    """"Proceedings of the 62nd Annual Meeting of the ACL" -> 2024, for series numbered yearly."""
    base = edition_base(series)
    m = _ORDINAL.search(text)
    if base is None or m is None:
        return None
    value = _ordinal_value(m)
    return base + value if value else None


def first_year(text: str) -> int | None:
    """The first 19xx/20xx year standing alone in `text`."""
    m = _YEAR.search(text)
    return int(m[1]) if m else None


_TRACK_ON = re.compile(r"\bTrack on (?P<t>[A-Z][\w&\-]*(?:\s+(?:and|&|[A-Z][\w&\-]*))*)")
_TRACK_SUFFIX = re.compile(r"(?P<t>[A-Z][\w&\-]*(?:\s+(?:and|&|[A-Z][\w&\-]*))*)\s+[Tt]rack\b")
_WORKSHOP = re.compile(r"\bworkshops?\b", re.I)


def _track(text: str) -> str | None:
    """The conference track: "Track on Datasets and Benchmarks", "Findings", "Industry Track"."""
    if m := _TRACK_ON.search(text):
        return m["t"]
    if re.search(r"\bFindings\b", text):
        return "Findings"
    if re.search(r"\bDatasets (?:and|&) Benchmarks\b|\bD&B\b", text):
        return "Datasets and Benchmarks"
    if m := _TRACK_SUFFIX.search(text):
        words = m["t"].split()
        while words and is_series_alias(words[0]):
            words = words[1:]
        if words:
            return " ".join(words)
    if re.search(r"\bSystem Demonstrations?\b|\bDemo(?:nstration)? Track\b", text, re.I):
        return "System Demonstrations"
    return None


_TRIGGER_WORD = re.compile(r"(?i)accepted|published|presented|appear(?:s|ing)?|at|in|to|the|by")


def _workshop_name(text: str) -> str | None:
    """"... the 2nd Workshop on Generative AI and Law at ICML" -> "2nd Workshop on Generative AI and Law"."""
    m = re.search(r"\bWorkshops?\b", text) or _WORKSHOP.search(text)
    if not m:
        return None
    left = text[: m.start()].split()
    kept: list[str] = []
    for tok in reversed(left):
        # "Testing," is kept only inside a list that ends in "and ..." ("Testing, Verification and Validation")
        listed = tok.endswith(",") and any(k in ("and", "&") for k in kept)
        word = tok[:-1] if listed else tok
        if re.fullmatch(r"\d+(?:st|nd|rd|th)|\(?[A-Z0-9][\w&\-'’/]*\)?|on|of|and|for|&", word) and not _TRIGGER_WORD.fullmatch(word):
            kept.insert(0, tok)
        else:
            break
    while kept and (kept[0] in {"on", "of", "and", "for", "&"} or _YEAR.fullmatch(kept[0])):
        kept.pop(0)
    right = re.match(r"(?:\s+(?:on|for|of)\s+[^()\n,;]*?)?(?=\s+(?:at|@|co-located|colocated|held|in conjunction|in)\s|\s*[(,;.]|\s*$)", text[m.end():])
    tail = right.group(0) if right else ""
    return clean_space(" ".join(kept + [m.group(0)]) + tail) or None


_JOURNAL_NAME = re.compile(
    r"(?:[A-Z][\w&\-]*\s+)*(?:Journal|Transactions|Letters)\b"
    r"(?:\s+(?:on|of|in|for)\s+[A-Z][\w&\-]*(?:\s+(?:and|&|of|on|in|for|[A-Z][\w&\-]*))*)?"
)
_CONNECTORS = {"on", "of", "for", "and", "in", "the", "&"}
#: The rest of a list inside a name: ", Speech, and Signal Processing" after "Acoustics".
_NAME_LIST_TAIL = re.compile(
    r"(?:,\s*[A-Z][\w&\-]*(?:\s+[A-Z][\w&\-]*)*)*,?\s+(?:and|&)\s+[A-Z][\w&\-]*(?:\s+(?:[A-Z][\w&\-]*|of|on|for|and|in))*(?<![a-z]\s)(?<!\s(?:of|on|in))(?<!\s(?:for|and))"
)


def _with_list_tail(text: str, start: int, end: int) -> str:
    """text[start:end] extended over a comma list that continues the name ("Testing, Verification and Validation")."""
    if text[end : end + 1] == "," and (m := _NAME_LIST_TAIL.match(text, end)):
        end = m.end()
    return text[start:end]


def _is_acronym(token: str) -> bool:
    return sum(c.isupper() for c in token) >= 2 and len(token) <= 15 and " " not in token


def _fallback_series(text: str) -> tuple[str, str | None] | None:
    """A venue named by no table entry: "Accepted at LoGML 2024", "(XYZ 2023)" after "Conference"."""
    if re.search(r"(?i)\b(?:Conference|Symposium|Proceedings|Workshop|Journal|Transactions)\b", text):
        if m := _PAREN_ACRONYM.search(text):
            return m["abbr"], m["yy"]
    m = _TRIGGER.search(text)
    if not m:
        j = _JOURNAL_NAME.search(text)
        return (clean_space(_with_list_tail(text, j.start(), j.end())), None) if j and len(j.group(0).split()) >= 2 else None
    words = _with_list_tail(text, m.start("name"), m.end("name")).split()
    while words and (words[-1].casefold() in _CONNECTORS or _YEAR.fullmatch(words[-1].strip("'’,"))):
        words.pop()
    if not words:
        return None
    first = words[0].strip(":,")
    rest = words[1:]
    if _is_acronym(first) and (not rest or not rest[0][:1].isupper()):
        return first, None
    name = " ".join(words).strip(":,")
    if len(name) < 3 or name.casefold() in {"the", "this", "our"}:
        return None
    return name, None


#: Every word one of _fallback_series' patterns needs (a superset, case folded): without one, it finds nothing.
_FALLBACK_WORDS = re.compile(
    r"(?i)accepted|published|presented|appear|camera|oral|spotlight|poster|conference|symposium|proceedings|workshop|journal|transactions|letters"
)


def parse_venue(line: str) -> Venue | None:
    """A comment line -> Venue (series, year, kind, track, event), or None when it names no venue.

    A workshop's series is its host conference ("Workshop ... at ICML" -> ICML).
    Lines that only announce a submission ("under review at ICLR") give None.
    """
    text = clean_space(line)
    if not text or _NOT_PUBLISHED.search(text):
        return None
    bare = _strip_urls(text)
    found = _venue_series(bare)
    if found is None and not _FALLBACK_WORDS.search(bare):
        return None  # no table series and none of the words a fallback name needs: most comments ("12 pages")
    is_workshop = bool(_WORKSHOP.search(bare))
    event = _workshop_name(bare) if is_workshop else None
    if found:
        series, kind = found.series, found.kind
        year = _year_near(bare, found.end) or first_year(bare) or (None if is_workshop else _edition_year(series, bare))
        if is_workshop:
            kind = "workshop"
        elif event is None:
            long_form = re.search(r"(?:\d+(?:st|nd|rd|th)\s+)?(?:Annual\s+)?(?:International\s+)?Conference on [A-Z][^(),;]*", bare)
            event = clean_space(long_form.group(0)) if long_form else None
    else:
        fb = _fallback_series(bare)
        if fb is None:
            return None
        series, yy = fb
        year = (2000 + int(yy) if yy and len(yy) == 2 else int(yy) if yy else None) or first_year(bare)
        if is_workshop:
            kind = "workshop"
        elif re.search(r"\b(?:Journal|Transactions|Letters)\b", bare) or re.search(re.escape(series) + r"\s+journal\b", bare):
            kind = "journal"
        elif re.search(r"(?i)\bfor publication in\b", bare) and not re.search(r"\b(?:Conference|Symposium|Proceedings|Workshop)\b", bare):
            kind = "journal"  # "accepted for publication in A&A": an event's papers appear in its proceedings
        elif re.search(r"\b(?:Conference|Symposium|Proceedings)\b", bare):
            kind = "conference"
        else:
            kind = "conference" if _is_acronym(series) else None
    if not is_workshop and kind != "journal" and re.search(r"\b(?:Journal|Transactions)\b", bare) and not found:
        kind = "journal"
    return Venue(series=series, year=year, kind=kind, track=_track(bare), event_name=event, text=text)


# ---------------------------------------------------------------------------
# text shape helpers used by sniffers and truncation checks


_ABBREV_END = re.compile(r"(?i)(?:\be\.g|\bi\.e|\bcf|\bvs|\bet al|\bU\.S|\bFig|\bEq|\bSec|\bNo)\.$")


def ends_cleanly(text: str) -> bool:
    """Does `text` end like a finished abstract (a full stop that is not "e.g.", or a URL)?"""
    s = (text or "").rstrip()
    if not s:
        return False
    last = s.split()[-1]
    if _URL.fullmatch(last):
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
