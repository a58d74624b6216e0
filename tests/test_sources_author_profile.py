"""The author-profile reader: example page, sample page vs gold, bad input."""

from __future__ import annotations

from pathlib import Path

from kgraph.models import Institution, PartialDate, PersonName
from kgraph.sources.author_profile import reader
from corpus import seed_page  # noqa: E402  (tests/corpus.py)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "pages" / "profile-speech.txt"


def _names(people: list[PersonName]) -> list[str]:
    return [p.name for p in people]


def test_example_page() -> None:
    doc = reader.read(EXAMPLE.read_text(encoding="utf-8"))
    owner = PersonName(name="Mei-Ling Hoffmann", as_printed="Mei-Ling Hoffmann")
    assert doc.format == "author_profile" and doc.owner == owner
    assert len(doc.papers) == 4
    streaming, dialects, codecs, noise = doc.papers

    assert streaming.title == "Streaming Speech Translation with Monotonic Attention Revisited"
    assert streaming.issued == PartialDate(year=2024, month=1, day=12)
    assert streaming.categories == ["cs.SD"] and streaming.has_code_flag is True
    assert _names(streaming.authors) == ["Mei-Ling Hoffmann", "Ravi Prakash"]
    assert streaming.authors_inferred == [] and not streaming.authors_truncated
    assert streaming.institutions == [Institution(name="ETH Zurich", slug="eth-zurich")]
    assert streaming.code_urls == ["https://github.com/example-lab/mono-st"]

    assert dialects.categories == ["cs.CL"] and dialects.has_code_flag is False
    assert _names(dialects.authors) == ["Jonas Berg", "Ana Lima", "Kofi Mensah"]
    assert dialects.authors_inferred == [owner] and dialects.authors_truncated
    assert _names(dialects.all_authors) == ["Jonas Berg", "Ana Lima", "Kofi Mensah", "Mei-Ling Hoffmann"]
    assert dialects.institutions == [
        Institution(name="Google DeepMind", slug="google-deepmind"),
        Institution(name="Technical University of Munich", slug="tum"),
    ]

    assert codecs.categories == ["eess.AS"]  # no cs.AS: the archive that has AS
    assert codecs.issued == PartialDate(year=2024, month=2, day=29)
    assert codecs.authors_truncated and codecs.authors_inferred == []  # owner printed before "et al."
    assert codecs.institutions == [Institution(name="Some New Audio Lab", slug="some-new-audio-lab")]
    assert codecs.code_urls == ["https://github.com/example-lab/codec-tokens"]
    assert codecs.homepage_urls == ["https://example.github.io/codec-tokens/"]

    assert noise.institutions == [] and not noise.authors_truncated
    assert _names(noise.authors) == ["Priya Natarajan", "Mei-Ling Hoffmann"]
    assert noise.abstract.startswith("Crowdsourced labels")
    assert not any(p.truncated for p in doc.papers)


def test_sample_page_matches_gold() -> None:
    text, gold = seed_page("author-profile")
    assert reader.sniff(text) >= 0.9
    doc = reader.read(text)
    assert doc.owner is not None and doc.owner.name == gold["page"]["owner"]
    assert len(doc.papers) == len(gold["records"])
    for want, got in zip(gold["records"], doc.papers):
        assert got.title == want["title"]
        assert got.issued is not None and got.issued.lexical()[0] == want["date"]
        assert got.categories == [want["category"]]
        assert got.has_code_flag is want["has_code_flag"]
        assert _names(got.all_authors) == want["authors"]
        assert _names(got.authors_inferred) == want["authors_inferred"]
        assert got.authors_truncated is want["authors_truncated"]
        assert [(i.slug, i.name) for i in got.institutions] == [(i["slug"], i["name"]) for i in want["institutions"]]
        assert got.abstract.startswith(want["abstract_first_words"])
        assert got.code_urls == want["code_urls"]
        assert got.homepage_urls == want["other_urls"]


def test_head_line_accepts_any_code_and_month() -> None:
    text = (
        "Sam Doe\n\nMAJune 3, 2021Code\nAgents Bargain\n\nAnn Lee, Sam Doe\n\nWe study bargaining agents.\n\n"
        "stat.MLSep 9, 2020\nA Kernel Test\n\nBo Chen et al. · uw\n\nWe propose a kernel test.\n"
    )
    assert reader.sniff(text) >= 0.5
    doc = reader.read(text)
    assert [p.categories for p in doc.papers] == [["cs.MA"], ["stat.ML"]]
    assert [p.issued for p in doc.papers] == [PartialDate(year=2021, month=6, day=3), PartialDate(year=2020, month=9, day=9)]
    assert doc.papers[1].institutions == [Institution(name="University of Washington", slug="uw")]


def test_cut_off_page_keeps_last_record() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    doc = reader.read(text[: text.index("and use them to reweight")])
    assert len(doc.papers) == 4
    assert doc.papers[-1].truncated and doc.papers[-1].title == "Label Noise in Crowdsourced Audio Datasets"
    assert not any(p.truncated for p in doc.papers[:-1])
