"""A venue from a comment line: "accepted to EMNLP 2023", "Workshop on X at ICML", "IEEE Transactions on Y"."""

from __future__ import annotations

import re

from kgraph.models import Venue
from kgraph.sources.dates import YEAR, first_year
from kgraph.sources.venue_table import SeriesHit, edition_base, find_series, is_series_alias
from kgraph.text import clean_space
from kgraph.urls import strip_urls

__all__ = ["parse_venue"]

_NOT_PUBLISHED = re.compile(r"\b(?:under review|submitted to|in submission|submission to|rejected|withdrawn|desk[- ]reject)", re.I)
_TRIGGER = re.compile(
    r"\b(?i:accepted|published|presented|appear(?:s|ing)?|camera[- ]ready|oral|spotlight|poster)\b[^.;]*?"
    r"(?:\b(?i:at|in|to|by|for)|@)\s+(?:(?i:the)\s+)?"
    r"(?P<name>[A-Z0-9][\w&*/\-'’]*(?:\s+(?:[A-Z0-9][\w&*/\-'’:]*|on|of|for|and|in|the|&))*)"
)
_PAREN_ACRONYM = re.compile(r"\((?P<abbr>[A-Z][A-Za-z&*\-]*[A-Z][A-Za-z&*\-]*)(?:['’\s\-]*(?P<yy>\d{4}|\d{2}))?\)")
_SHORT_YEAR = re.compile(r"^(?:\s*['’]|-)?(\d{2})(?!\d)")
_NEAR_YEAR = re.compile(r"^[\s'’\-]*((?:19|20)\d{2})(?!\d)")

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
    while kept and (kept[0] in {"on", "of", "and", "for", "&"} or YEAR.fullmatch(kept[0])):
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
    while words and (words[-1].casefold() in _CONNECTORS or YEAR.fullmatch(words[-1].strip("'’,"))):
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
    bare = strip_urls(text)
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
