"""Printed dates as precise as printed: "2024-12-09", "Mar 30, 2023", "May 15" (no year), a lone year."""

from __future__ import annotations

import re

from kgraph.models import PartialDate
from kgraph.text import clean_space

__all__ = ["MONTHS", "MONTH_RE", "YEAR", "parse_date", "parse_month_day", "first_year"]

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


#: A 19xx/20xx year standing alone (not part of a longer number).
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def first_year(text: str) -> int | None:
    """The first 19xx/20xx year standing alone in `text`."""
    m = YEAR.search(text)
    return int(m[1]) if m else None
