"""The daily-papers reader: example page, sample page vs gold, bad input."""

from __future__ import annotations

from pathlib import Path

from kgraph.models import PartialDate
from kgraph.sources.daily_papers import reader
from corpus import seed_page  # noqa: E402  (tests/corpus.py)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "pages" / "daily-vision.txt"


def test_example_page() -> None:
    doc = reader.read(EXAMPLE.read_text(encoding="utf-8"))
    assert doc.format == "daily_papers" and doc.owner is None
    assert [p.title for p in doc.papers] == [
        "Sparse Video Tokens for Efficient Long Video Understanding",
        "Depth Anything, Anywhere: Monocular Depth for Aerial Imagery",
        "Open-Vocabulary Segmentation Without Masks",
        "Scaling Laws for Image Tokenisers",
    ]
    assert [p.issued for p in doc.papers] == [
        PartialDate(year=2024, month=2, day=27),
        PartialDate(month=3, day=1),  # "Mar 1 14": no year printed, 14 upvotes
        PartialDate(month=3, day=2),
        PartialDate(year=2023, month=11, day=30),
    ]
    assert [p.upvotes for p in doc.papers] == [None, 14, None, None]
    assert [p.author_count for p in doc.papers] == [8, 3, 1, 12]
    assert all(p.authors_truncated and p.authors == [] for p in doc.papers)
    assert doc.papers[0].code_urls == ["https://github.com/example-lab/sparse-video-tokens"]
    assert doc.papers[2].homepage_urls == ["https://example.org/ovs-nomask"]
    assert doc.papers[1].abstract.startswith("Monocular depth estimators")
    assert not any(p.truncated for p in doc.papers)


def test_header_lines_do_not_matter() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    body = text[text.index("Sparse Video Tokens") :]
    for header in ("", "Trending\n\n", "new\n\nGet papers by mail\n\nSubscribe\n\nDaily Papers\n\nby the community\n\nFeb 2\n\n"):
        doc = reader.read(header + body)
        assert doc.papers[0].title == "Sparse Video Tokens for Efficient Long Video Understanding"
        assert len(doc.papers) == 4


def test_sample_page_matches_gold() -> None:
    text, gold = seed_page("daily-papers")
    assert reader.sniff(text) >= 0.9
    doc = reader.read(text)
    assert len(doc.papers) == len(gold["records"])
    for want, got in zip(gold["records"], doc.papers):
        assert got.title == want["title"]
        assert got.issued is not None and got.issued.lexical()[0] == want["date"]
        assert got.author_count == want["author_count"]
        assert got.authors_truncated is want["authors_truncated"]
        assert got.abstract.startswith(want["abstract_first_words"])
        assert got.code_urls == want["code_urls"]
        assert got.homepage_urls == want["other_urls"]


def test_cut_off_page_keeps_last_record() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    doc = reader.read(text[: text.index("Larger codebooks help")])
    assert len(doc.papers) == 4
    assert doc.papers[-1].truncated and doc.papers[-1].title == "Scaling Laws for Image Tokenisers"
    assert doc.papers[-1].issued is None
    assert not any(p.truncated for p in doc.papers[:-1])


def test_cut_inside_date_line() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    doc = reader.read(text[: text.rindex("Nov 30, 2023") + 9])
    assert len(doc.papers) == 4 and doc.papers[-1].truncated and doc.papers[-1].author_count == 12
