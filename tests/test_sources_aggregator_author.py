"""The aggregator author-page reader: example page, sample page vs gold, bad input."""

from __future__ import annotations

from pathlib import Path

from kgraph.models import PersonName
from kgraph.sources.aggregator_author import reader
from corpus import seed_page  # noqa: E402  (tests/corpus.py)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "pages" / "aggregator-robotics.txt"


def test_example_page() -> None:
    doc = reader.read(EXAMPLE.read_text(encoding="utf-8"))
    owner = PersonName(name="Adaeze Okafor", as_printed="Okafor, Adaeze")
    assert doc.format == "aggregator_author" and doc.owner == owner
    assert [p.title for p in doc.papers] == [
        "Learning Contact-Rich Assembly from a Handful of Demonstrations",
        "Planning with Uncertain Language Instructions",
        "Benchmarking Sim-to-Real Transfer for Tabletop Manipulation",
    ]
    assert [p.categories for p in doc.papers] == [["cs.RO"], ["cs.AI"], ["cs.LG"]]
    for paper in doc.papers:
        assert paper.authors == [] and paper.authors_inferred == [owner]
        assert paper.all_authors == [owner]
        assert not paper.truncated
    assert doc.papers[0].homepage_urls == ["https://example.github.io/contact-assembly"]
    assert doc.papers[0].code_urls == []
    assert doc.papers[1].abstract.startswith("Household robots receive instructions")
    assert doc.papers[2].code_urls == ["https://github.com/example-lab/sim2real-bench"]
    assert doc.papers[2].homepage_urls == ["https://example.org/sim2real/results"]


def test_sample_page_matches_gold() -> None:
    text, gold = seed_page("aggregator-author-page")
    assert reader.sniff(text) >= 0.9
    doc = reader.read(text)
    assert doc.owner is not None and doc.owner.name == gold["page"]["owner"]
    assert len(doc.papers) == len(gold["records"])
    for want, got in zip(gold["records"], doc.papers):
        assert got.title == want["title"]
        assert got.categories == [want["category"]]
        assert [a.name for a in got.all_authors] == want["authors"]
        assert [a.name for a in got.authors_inferred] == want["authors_inferred"]
        assert got.abstract.startswith(want["abstract_first_words"])
        assert got.code_urls == want["code_urls"]
        assert got.homepage_urls == want["other_urls"]


def test_other_source_line_is_a_venue() -> None:
    text = "Goto\n\nCollaborating Authors\n\n Doe, Jane\n\n\nA Paper Title\n\nNeural Information Processing Systems\n\n" + (
        "We study a problem in depth and report results on many tasks with careful ablations. " * 3
    )
    doc = reader.read(text)
    paper = doc.papers[0]
    assert paper.categories == [] and paper.venue is not None and paper.venue.series == "NeurIPS"


def test_cut_off_page_keeps_last_record() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    doc = reader.read(text[: text.index("policy learning methods")])
    assert len(doc.papers) == 3
    assert doc.papers[-1].truncated
    assert doc.papers[-1].title == "Benchmarking Sim-to-Real Transfer for Tabletop Manipulation"
    assert not any(p.truncated for p in doc.papers[:-1])


def test_cut_before_source_line() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    doc = reader.read(text[: text.index("arXiv.org Machine Learning") + 5])
    assert len(doc.papers) == 3 and doc.papers[-1].truncated and doc.papers[-1].abstract is None
