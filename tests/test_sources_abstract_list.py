"""The abstract-list reader: example page, sample page vs gold, bad input."""

from __future__ import annotations

from pathlib import Path

from kgraph.sources.abstract_list import reader
from corpus import seed_page  # noqa: E402  (tests/corpus.py)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "pages" / "abstracts-alignment.txt"


def test_example_page() -> None:
    doc = reader.read(EXAMPLE.read_text(encoding="utf-8"))
    assert doc.format == "abstract_list"
    assert doc.owner is None  # the name on top is a label, not an author page
    assert len(doc.papers) == 4
    assert [p.abstract.split()[0] for p in doc.papers] == ["Preference", "Reward", "Constitutional", "Debate"]
    assert doc.papers[1].code_urls == ["https://github.com/example-lab/reward-drift"]
    assert doc.papers[2].homepage_urls == ["https://example.org/principles-study"]
    for paper in doc.papers:
        assert paper.title is None and paper.authors == [] and paper.authors_inferred == []
        assert not paper.truncated


def test_sample_page_matches_gold() -> None:
    text, gold = seed_page("abstract-list")
    assert reader.sniff(text) >= 0.9
    doc = reader.read(text)
    assert doc.owner is None
    assert len(doc.papers) == len(gold["records"])
    for want, got in zip(gold["records"], doc.papers):
        assert got.abstract.startswith(want["abstract_first_words"])
        assert [a.name for a in got.all_authors] == want["authors"] == []
        assert got.code_urls == want["code_urls"]
        assert got.homepage_urls == want["other_urls"]


def test_cut_off_page_keeps_last_record() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    doc = reader.read(text[: text.index("only when the debaters")])
    assert len(doc.papers) == 4
    assert doc.papers[-1].truncated
    assert not any(p.truncated for p in doc.papers[:-1])
