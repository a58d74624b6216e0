"""Venue names as BibTeX, arXiv journal-refs and comments print them, on entries written for these tests."""

from __future__ import annotations

import pytest

from kgraph.sources.arxiv_snapshot import venue_from_journal_ref
from kgraph.sources.bibtex import reader as bibtex
from kgraph.sources.venues import parse_venue


def _bib_venue(entry_type: str, field: str, value: str, year: int = 2022):
    text = f"@{entry_type}{{k1,\n  title = {{A Study of Things}},\n  author = {{Ada Lovelace}},\n  {field} = {{{value}}},\n  year = {{{year}}}\n}}\n"
    papers = bibtex.read(text).papers
    assert len(papers) == 1
    return papers[0].venue


@pytest.mark.parametrize(
    ("entry_type", "field", "value", "series", "year", "kind"),
    [
        # a comma or a colon inside a name is part of it
        ("article", "journal", "IEEE Transactions on Optics, Sound, and Vibration Control", "IEEE Transactions on Optics, Sound, and Vibration Control", 2022, "journal"),
        ("article", "journal", "Journal of Widgets: Design, Testing and Repair (2021)", "Journal of Widgets: Design, Testing and Repair", 2021, "journal"),
        # a periodical named after a conference's society is a periodical
        ("article", "journal", "{SIGMOD} {R}ec. {N}ewsl.", "SIGMOD Rec. Newsl.", 2022, "journal"),
        ("article", "journal", "{ACM} {SIGKDD} {E}xplorations", "ACM SIGKDD Explorations", 2022, "journal"),
        ("article", "journal", "Proceedings of the Royal Academy of Widgets", "Proceedings of the Royal Academy of Widgets", 2022, "journal"),
        # a conference named in a journal field is a conference, its acronym the series, its year once
        ("article", "journal", "2021 IEEE International Conference on Widget Engineering (WE2 2021)", "WE2", 2021, "conference"),
        ("inproceedings", "booktitle", "2019 IEEE International Conference on Gadget Testing, Tuning and Repair Workshops (GTTRW)", "GTTRW", 2019, "workshop"),
        # a book chapter's booktitle is a book: no conference is claimed
        ("incollection", "booktitle", "Widgets: Tricks of the Trade", "Widgets: Tricks of the Trade", 2022, None),
        # known series keep the table's kind
        ("inproceedings", "booktitle", "Findings of the Association for Computational Linguistics: NAACL 2022", "NAACL", 2022, "conference"),
        ("article", "journal", "Transactions on Machine Learning Research", "TMLR", 2022, "journal"),
        ("inproceedings", "booktitle", "international conference on machine learning", "ICML", 2022, "conference"),
    ],
)
def test_bibtex_venue_names(entry_type: str, field: str, value: str, series: str, year: int, kind: str | None) -> None:
    venue = _bib_venue(entry_type, field, value, year)
    assert venue is not None
    assert (venue.series, venue.year, venue.kind) == (series, year, kind)


def test_workshop_event_name_keeps_its_commas() -> None:
    venue = _bib_venue("inproceedings", "booktitle", "2019 IEEE International Conference on Gadget Testing, Tuning and Repair Workshops (GTTRW)", 2019)
    assert venue is not None and venue.event_name == "IEEE International Conference on Gadget Testing, Tuning and Repair Workshops"


def test_findings_of_acl_is_the_findings_of_the_named_conference() -> None:
    venue = _bib_venue("inproceedings", "booktitle", "Findings of the Association for Computational Linguistics: EMNLP 2021", 2021)
    assert venue is not None and (venue.series, venue.track) == ("EMNLP", "Findings")
    venue = parse_venue("Accepted to Findings of the Association for Computational Linguistics: EACL 2024")
    assert venue is not None and (venue.series, venue.year, venue.track) == ("EACL", 2024, "Findings")


@pytest.mark.parametrize(
    ("ref", "series", "year"),
    [
        ("J.Wid.Soc.Am.B 12, 100-120 (2004); Erratum: J.Wid.Soc.Am.B 30, 1-2 (2016)", "J.Wid.Soc.Am.B", 2004),
        ("Wid. Anal. 42, no. 3, (2008), 1-9; English transl.: Wid. Anal. Appl., 42 (2009), 161-168", "Wid. Anal.", 2008),
    ],
)
def test_journal_ref_year_is_the_publications_own(ref: str, series: str, year: int) -> None:
    venue = venue_from_journal_ref(ref)
    assert venue is not None and (venue.series, venue.year, venue.kind) == (series, year, "journal")
    assert venue.text == ref


@pytest.mark.parametrize(
    ("line", "series", "kind"),
    [
        ("Accepted for Widget Design, Testing, and Repair journal. (extended version)", "Widget Design, Testing, and Repair", "journal"),
        ("IEEE Transactions on Optics, Sound, and Vibration Control 12 (1999) 1-10", "IEEE Transactions on Optics, Sound, and Vibration Control", "journal"),
        ("Accepted at the 9th IEEE International Conference on Gadget Testing, Tuning and Repair", "9th IEEE International Conference on Gadget Testing, Tuning and Repair", "conference"),
        ("12 pages, accepted for publication in MNRW", "MNRW", "journal"),
        ("Accepted at Foo Conference, Vienna, Austria", "Foo Conference", "conference"),
    ],
)
def test_comment_venue_names_keep_their_lists(line: str, series: str, kind: str) -> None:
    venue = parse_venue(line)
    assert venue is not None and (venue.series, venue.kind) == (series, kind)


def test_comment_workshop_event_name_keeps_its_commas() -> None:
    venue = parse_venue("Proc. 2021 IEEE International Conference on Gadget Testing, Tuning and Repair Workshops (GTTRW), pp. 1-4")
    assert venue is not None and (venue.series, venue.year, venue.kind) == ("GTTRW", 2021, "workshop")
    assert venue.event_name == "IEEE International Conference on Gadget Testing, Tuning and Repair Workshops"
