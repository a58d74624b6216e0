"""A venue from a field that holds a venue's name (BibTeX journal/booktitle, a journal-ref's title part).

Unlike a comment line, the whole field is the name: commas and colons inside it
("Acoustics, Speech, and Signal Processing", "Journal of Software: Testing, ...")
are part of the name, not its end. The kind comes from the venue table when the
name is a known series, else from the name's own words (Journal, Newsletter ->
journal; Conference, Symposium -> conference; Workshop -> workshop), else from
the entry type the caller passes as `hint` (None for a book chapter: the
vocabulary has no kind for books, so none is claimed).
"""

from __future__ import annotations

import re

from kgraph.models import Venue
from kgraph.sources.dates import first_year
from kgraph.sources.venues import parse_venue
from kgraph.sources.venue_table import find_series
from kgraph.text import clean_space

__all__ = ["venue_from_name"]

#: Words that make a name a periodical's ("SIGKDD Explor. Newsl." is a newsletter, not the KDD conference).
_PERIODICAL = re.compile(
    r"\b(?:Journal|J\.|Transactions|Trans\.|Letters|Lett\.|Newsletter|Newsl\.|Magazine|Mag\.|Explorations|Explor\.|"
    r"Review|Reviews|Rev\.|Bulletin|Bull\.|Annals|Quarterly|Notices|Surveys)(?![\w])"
)
_EVENT = re.compile(r"(?i)\b(?:Conference|Conf\.|Symposium|Symp\.|Meeting|Congress|Workshops?)(?![\w])")
#: "Proceedings" names an event's proceedings, except in a journal field ("Proceedings of the IEEE").
_PROCEEDINGS = re.compile(r"(?i)\b(?:Proceedings|Proc\.)(?![\w])")
_PROCEEDINGS_OF = re.compile(r"(?i)^(?:in\s*)?(?:Proceedings|Proc\.)\s+of\s+(?:the\s+)?")
_WORKSHOP = re.compile(r"(?i)\bworkshops?\b")
_PAREN_ACRONYM = re.compile(r"\((?P<abbr>[A-Z][A-Za-z0-9&*/\-]*[A-Z0-9][A-Za-z0-9&*/\-]*)(?:['’\s\-]*(?P<year>(?:19|20)\d{2}|\d{2}))?\)")
_LEADING_YEAR = re.compile(r"^(?:19|20)\d{2}\s+")
_TRAILING_YEAR = re.compile(r"(?:[\s,]+\(?|['’])\s*(?:19|20)\d{2}\s*\)?\s*$")


def _is_event(name: str, hint: str | None) -> bool:
    return bool(_EVENT.search(name) or (hint != "journal" and _PROCEEDINGS.search(name)))


def _kind_of_words(name: str, hint: str | None) -> str | None:
    if _WORKSHOP.search(name):
        return "workshop"
    if _PERIODICAL.search(name) and not _is_event(name, hint):
        return "journal"
    if _is_event(name, hint):
        return "conference"
    if hint == "journal" and _PROCEEDINGS.search(name):
        return "journal"
    return hint


def venue_from_name(text: str, hint: str | None, year: int | None = None) -> Venue | None:
    """The venue a name field names; `year` (the entry's own) fills in when the name has none."""
    name = clean_space(text)
    if not name or not re.search(r"[^\W\d_]{2}", name):  # two letters of any script (计算机学报, Вестник)
        return None
    known = parse_venue(name) if find_series(name) is not None else None
    periodical = _PERIODICAL.search(name) and not _is_event(name, hint)
    if known is not None and not (periodical and known.kind != "journal"):
        update: dict[str, object] = {}
        if known.year is None and year is not None:
            update["year"] = year
        return known.model_copy(update=update) if update else known
    kind = _kind_of_words(name, hint)
    own_year = first_year(name)
    paren = _PAREN_ACRONYM.search(name)
    if paren and kind in ("conference", "workshop"):
        yy = paren["year"]
        paren_year = (2000 + int(yy) if len(yy) == 2 else int(yy)) if yy else None
        event = clean_space(_PROCEEDINGS_OF.sub("", _LEADING_YEAR.sub("", name[: paren.start()] + name[paren.end() :]))).strip(" ,;:")
        event = _TRAILING_YEAR.sub("", event) or None
        return Venue(series=paren["abbr"], year=paren_year or own_year or year, kind=kind, event_name=event, text=name)
    series = _TRAILING_YEAR.sub("", _LEADING_YEAR.sub("", name)).strip(" ,;:") or name
    return Venue(series=series, year=own_year or year, kind=kind, text=name)
