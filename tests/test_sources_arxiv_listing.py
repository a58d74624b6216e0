"""The arXiv listing reader: example page, sample page vs gold, bad input."""

from __future__ import annotations

from pathlib import Path

from kgraph.models import PartialDate, Venue
from kgraph.sources.arxiv_listing import reader
from corpus import seed_page  # noqa: E402  (tests/corpus.py)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "pages" / "listing-safety.txt"


def _lexical(date: PartialDate | None) -> str | None:
    return date.lexical()[0] if date and date.lexical() else None


def test_example_page() -> None:
    doc = reader.read(EXAMPLE.read_text(encoding="utf-8"))
    assert doc.format == "arxiv_listing" and doc.owner is None
    assert [p.arxiv_id for p in doc.papers] == ["2310.01234", "2411.05678", "2402.11111", "2405.22222"]
    first, workshop, urls, journal = doc.papers
    assert first.arxiv_version == 2
    assert first.issued == PartialDate(year=2023, month=10, day=2)
    assert first.updated == PartialDate(year=2023, month=11, day=15)
    assert first.abstract.startswith("Automated red-teaming pipelines")
    assert first.comments == [
        "10 pages, 4 figures, accepted to EMNLP 2023 Findings",
        "Code: https://github.com/example-lab/redteam-harness.",
    ]
    assert first.venue == Venue(
        series="EMNLP", year=2023, kind="conference", track="Findings", text="10 pages, 4 figures, accepted to EMNLP 2023 Findings"
    )
    assert first.code_urls == ["https://github.com/example-lab/redteam-harness"]
    assert workshop.venue is not None
    assert (workshop.venue.series, workshop.venue.year, workshop.venue.kind) == ("NeurIPS", 2024, "workshop")
    assert workshop.venue.event_name == "1st Workshop on Agentic Safety"
    assert workshop.updated is None
    assert urls.venue is None and urls.code_urls == []
    assert urls.homepage_urls == ["https://example.github.io/calib-bench/", "https://huggingface.co/datasets/example-lab/calib-bench"]
    assert journal.venue is not None and (journal.venue.series, journal.venue.year, journal.venue.kind) == ("TMLR", 2024, "journal")
    assert journal.code_urls == ["https://gitlab.com/example-lab/audit-kit"]
    assert journal.updated == PartialDate(year=2024, month=8, day=1)
    assert not any(p.truncated for p in doc.papers)
    assert all(p.title is None and p.authors == [] for p in doc.papers)


def test_sample_page_matches_gold() -> None:
    text, gold = seed_page("arxiv-listing")
    assert reader.sniff(text) >= 0.9
    doc = reader.read(text)
    assert len(doc.papers) == len(gold["records"])
    for want, got in zip(gold["records"], doc.papers):
        assert got.arxiv_id == want["arxiv_id"]
        assert _lexical(got.issued) == want["date"]
        assert _lexical(got.updated) == want["date_updated"]
        assert got.abstract.startswith(want["abstract_first_words"])
        assert got.code_urls == want["code_urls"]
        assert got.homepage_urls == want["other_urls"]
        if want["venue"] is None:
            assert got.venue is None
        else:
            assert got.venue is not None
            for key in ("series", "year", "kind", "track", "text"):
                assert getattr(got.venue, key) == want["venue"][key], key


def test_cut_off_page_keeps_last_record() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    cut = text[: text.index("reported evaluation numbers")]
    doc = reader.read(cut)
    assert len(doc.papers) == 4
    assert doc.papers[-1].truncated and doc.papers[-1].arxiv_id is None
    assert doc.papers[-1].abstract.startswith("Model audits")
    assert not any(p.truncated for p in doc.papers[:-1])


def test_cut_inside_date_lines() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    cut = text[: text.rindex("Created:") + 4]
    doc = reader.read(cut)
    assert doc.papers[-1].arxiv_id == "2405.22222" and doc.papers[-1].truncated


def test_comments_printed_right_under_the_abstract() -> None:
    abstract = "We measure how often a thing happens across many settings and report it. " * 8
    text = (
        f"{abstract}\nAccepted at ICML 2021\nCode: https://github.com/a/b\n\narXiv:2101.00001v1 [cs.LG]\nCreated: 2021-01-01\n\n"
        f"{abstract}\n\narXiv:2101.00002\nCreated: 2021-01-02\n"
    )
    doc = reader.read(text)
    first = doc.papers[0]
    assert first.comments == ["Accepted at ICML 2021", "Code: https://github.com/a/b"]
    assert first.abstract == abstract.strip()
    assert first.categories == ["cs.LG"] and first.arxiv_version == 1
    assert first.venue is not None and first.venue.series == "ICML"
    assert doc.papers[1].comments == [] and doc.papers[1].venue is None
