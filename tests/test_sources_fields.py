"""Field parsers of the page readers (dates, names, categories, institutions, venues, URLs, text shape), on strings written for these tests."""

from __future__ import annotations

import pytest

from kgraph.models import PartialDate, PersonName
from kgraph.sources.arxiv_ids import parse_arxiv_id
from kgraph.sources.categories import arxiv_categories, category_from_code, category_from_name, category_from_source_line
from kgraph.sources.dates import parse_date, parse_month_day
from kgraph.sources.institutions import institution_from_slug, institution_table
from kgraph.sources.person_names import looks_like_author_line, parse_author_line, parse_person_name, same_person, split_name_list
from kgraph.sources.text_shape import ends_cleanly, looks_structured
from kgraph.sources.venue_table import find_series
from kgraph.sources.venues import parse_venue
from kgraph.urls import find_urls, split_urls


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-12-09", PartialDate(year=2024, month=12, day=9)),
        ("2021-07", PartialDate(year=2021, month=7)),
        ("Mar 30, 2023", PartialDate(year=2023, month=3, day=30)),
        ("September 2, 2024", PartialDate(year=2024, month=9, day=2)),
        ("Sept. 2, 2024", PartialDate(year=2024, month=9, day=2)),
        ("2 Sep 2024", PartialDate(year=2024, month=9, day=2)),
        ("Oct 2019", PartialDate(year=2019, month=10)),
        ("May 30", PartialDate(month=5, day=30)),
        ("2020", PartialDate(year=2020)),
    ],
)
def test_parse_date(text: str, expected: PartialDate) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "yesterday", "2024-13-01", "Foo 3, 2020", "Feb 40"])
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text) is None


def test_parse_month_day_never_invents_a_year() -> None:
    assert parse_month_day("Nov 3 17") == (PartialDate(month=11, day=3), 17)
    assert parse_month_day("Nov 3") == (PartialDate(month=11, day=3), None)
    assert parse_month_day("Aug 21, 2022") == (PartialDate(year=2022, month=8, day=21), None)
    assert parse_month_day("Aug 21, 2022 9") == (PartialDate(year=2022, month=8, day=21), 9)
    assert parse_month_day("3 authors") is None


def test_parse_arxiv_id() -> None:
    assert parse_arxiv_id("arXiv:2101.00001v3") == ("2101.00001", 3)
    assert parse_arxiv_id("arXiv:1905.1234") == ("1905.1234", None)
    assert parse_arxiv_id("arXiv:cs/0501001") == ("cs/0501001", None)
    assert parse_arxiv_id("no identifier here") is None


def test_parse_person_name_reorders_last_first() -> None:
    assert parse_person_name("\u00a0Nakamura, Hiro") == PersonName(name="Hiro Nakamura", as_printed="Nakamura, Hiro")
    assert parse_person_name("Hiro Nakamura") == PersonName(name="Hiro Nakamura", as_printed="Hiro Nakamura")
    assert parse_person_name("King, Jr.").name == "King Jr."
    assert parse_person_name("  ") is None


def test_split_name_list() -> None:
    assert split_name_list("Ann Lee, Bo Chen and Cy Diaz et al.") == (["Ann Lee", "Bo Chen", "Cy Diaz"], True)
    assert split_name_list("Ann Lee, Bo Chen, and Cy Diaz") == (["Ann Lee", "Bo Chen", "Cy Diaz"], False)
    assert split_name_list("Ann Lee & Bo Chen") == (["Ann Lee", "Bo Chen"], False)


def test_parse_author_line() -> None:
    line = parse_author_line("Ann Lee, Bo J. Chen, Cy O'Hara et al. · uw, some-lab")
    assert [n.name for n in line.names] == ["Ann Lee", "Bo J. Chen", "Cy O'Hara"]
    assert line.truncated and line.slugs == ["uw", "some-lab"]
    bare = parse_author_line("Ann Lee, Bo Chen")
    assert not bare.truncated and bare.slugs == [] and len(bare.names) == 2


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Ann Lee, Bo Chen et al. · mit", True),
        ("Ann Lee · mit", True),
        ("Ann van der Berg, Bo Chen", True),
        ("Ann Lee", True),
        ("We propose a new method for learning.", False),
        ("Scaling laws for tokenizers, revisited", False),
        ("See https://example.org", False),
    ],
)
def test_looks_like_author_line(line: str, expected: bool) -> None:
    assert looks_like_author_line(line) is expected


def test_same_person() -> None:
    a = PersonName(name="Grace Hopper")
    assert same_person(a, PersonName(name="grace hopper"))
    assert same_person(a, PersonName(name="G. Hopper"))
    assert not same_person(a, PersonName(name="Gina Hopper"))


def test_find_urls_strips_trailing_punctuation() -> None:
    text = "Code: https://github.com/a/b. Data (https://example.org/d), see https://x.io/p_(v2); also github.com/c/d, end."
    assert find_urls(text) == [
        "https://github.com/a/b",
        "https://example.org/d",
        "https://x.io/p_(v2)",
        "https://github.com/c/d",
    ]
    assert find_urls("https://github.com/a/b and again https://github.com/a/b.") == ["https://github.com/a/b"]


def test_split_urls_code_vs_pages() -> None:
    urls = [
        "https://github.com/a/b",
        "https://gitlab.com/a/b",
        "https://bitbucket.org/a/b",
        "https://a.github.io/proj",
        "https://huggingface.co/datasets/a/b",
        "https://example.org",
    ]
    code, pages = split_urls(urls)
    assert code == urls[:3]
    assert pages == urls[3:]


def test_categories() -> None:
    assert category_from_code("CV") == "cs.CV"
    assert category_from_code("HC") == "cs.HC"
    assert category_from_code("cs.ro") == "cs.RO"
    assert category_from_code("ML") == "stat.ML"  # no cs.ML: the one archive that has it
    assert category_from_code("OC") == "math.OC"
    assert category_from_source_line("arXiv.org Artificial Intelligence") == "cs.AI"
    assert category_from_source_line("arXiv.org Computation and Language") == "cs.CL"
    assert category_from_source_line("arXiv.org Machine Learning") == "cs.LG"
    assert category_from_source_line("Some Magazine") is None
    assert category_from_name("Neurons and Cognition") == "q-bio.NC"
    assert len(arxiv_categories()) > 60


def test_institutions() -> None:
    assert institution_from_slug("allenai").name == "Allen Institute for AI"
    assert institution_from_slug("ai2").name == "Allen Institute for AI"
    assert institution_from_slug("deepmind").name == "Google DeepMind"
    assert institution_from_slug("eth-zurich").name == "ETH Zurich"
    unknown = institution_from_slug("north-star-robotics")
    assert (unknown.name, unknown.slug) == ("North Star Robotics", "north-star-robotics")
    assert len(institution_table()) >= 100


@pytest.mark.parametrize(
    ("line", "series", "year", "kind", "track"),
    [
        ("Presented at the 3rd Workshop on Efficient Systems at ICLR (May 2025)", "ICLR", 2025, "workshop", None),
        ("39th Conference on Neural Information Processing Systems (NeurIPS 2025) Track on Datasets and Benchmarks", "NeurIPS", 2025, "conference", "Datasets and Benchmarks"),
        ("Published at CoRL 2022", "CoRL", 2022, "conference", None),
        ("Accepted to NAACL 2022 Findings", "NAACL", 2022, "conference", "Findings"),
        ("12 pages, 6 figures, accepted to EMNLP 2021", "EMNLP", 2021, "conference", None),
        ("To appear in ICML 2021 (Oral)", "ICML", 2021, "conference", None),
        ("ICLR'22 Spotlight", "ICLR", 2022, "conference", None),
        ("Camera-ready version, CVPR 2020", "CVPR", 2020, "conference", None),
        ("Accepted by TMLR", "TMLR", None, "journal", None),
        ("Published in Transactions on Machine Learning Research (11/2023)", "TMLR", 2023, "journal", None),
        ("Journal of Artificial Intelligence Research 71, 2021", "JAIR", 2021, "journal", None),
        ("NeurIPS 2021 Workshop on Distribution Shifts", "NeurIPS", 2021, "workshop", None),
        ("Accepted to the AAAI/ACM Conference on AI, Ethics, and Society (AIES 2022)", "AIES", 2022, "conference", None),
        ("Accepted at the Industry Track of ACL 2021", "ACL", 2021, "conference", "Industry"),
        ("AAAI-24 main track", "AAAI", 2024, "conference", None),
        ("Extended version of our ECCV'22 paper", "ECCV", 2022, "conference", None),
        ("In Proceedings of the 38th International Conference on Machine Learning, PMLR 139, 2021", "ICML", 2021, "conference", None),
        ("Accepted at LoG 2022", "LoG", 2022, "conference", None),
        ("Findings of the Association for Computational Linguistics: EMNLP 2023", "EMNLP", 2023, "conference", "Findings"),
        ("Findings of ACL: NAACL 2022", "NAACL", 2022, "conference", "Findings"),
        ("Findings of the Association for Computational Linguistics: ACL 2023", "ACL", 2023, "conference", "Findings"),
        ("Findings of the Association for Computational Linguistics 2021", "ACL", 2021, "conference", "Findings"),
    ],
)
def test_parse_venue(line: str, series: str, year: int | None, kind: str, track: str | None) -> None:
    venue = parse_venue(line)
    assert venue is not None
    assert (venue.series, venue.year, venue.kind, venue.track) == (series, year, kind, track)
    assert venue.text == line


@pytest.mark.parametrize(
    ("line", "series"),
    [
        ("Accepted at NeurIPS 2023", "NeurIPS"), ("NAACL-HLT 2019 and ACL 2020", "NAACL"), ("xACL ACLs ACL'24", "ACL"),
        ("AAAI/ACM Conference on AI, Ethics, and Society", "AIES"), ("Published in Nature", "Nature"),
        ("Nature Machine Intelligence", "Nature Machine Intelligence"), ("in Science Robotics", None), ("IEEE T-PAMI and RA-L", "TPAMI"),
        ("FAT* 2019", "FAccT"), ("ECML-PKDD 2021", "ECML-PKDD"), ("CHI Conference on Human Factors", "CHI"), ("ALT 2020, LoG'22", "ALT"),
        ("the ALT key", None), ("3DV 2021", "3DV"), ("ESEC/FSE 2022", "FSE"),
        ("Proceedings of the 62nd Annual Meeting of the Association for Computational Linguistics (Volume 1)", "ACL"),
        ("12 pages, 5 figures", None), ("", None), ("International Conference on Computer Vision and ICCV", "ICCV"),
        ("international conference on machine learning", "ICML"), ("icml 2020", None),
    ],
)
def test_venue_table_finds_series(line: str, series: str | None) -> None:
    hit = find_series(line)
    assert (hit.series if hit else None) == series


def test_parse_venue_workshop_event_name() -> None:
    venue = parse_venue("Presented at the 3rd Workshop on Efficient Systems at ICLR (May 2025)")
    assert venue is not None and venue.event_name == "3rd Workshop on Efficient Systems"


@pytest.mark.parametrize(
    ("line", "series", "year"),
    [
        ("Proceedings of the 61st Annual Meeting of the Association for Computational Linguistics", "ACL", 2023),
        ("Fortieth International Conference on Machine Learning", "ICML", 2023),
        ("Thirty-sixth Conference on Neural Information Processing Systems", "NeurIPS", 2022),
        ("Published at the 6th Conference on Robot Learning", "CoRL", 2022),
    ],
)
def test_parse_venue_year_from_edition(line: str, series: str, year: int) -> None:
    venue = parse_venue(line)
    assert venue is not None and (venue.series, venue.year) == (series, year)


def test_parse_venue_track_suffix() -> None:
    venue = parse_venue("Accepted to the NeurIPS 2022 Datasets and Benchmarks Track")
    assert venue is not None and venue.track == "Datasets and Benchmarks"


@pytest.mark.parametrize(
    "line",
    [
        "Website: https://example.github.io/acl-demo/",
        "Under review at ICLR 2026",
        "Submitted to NeurIPS 2025",
        "15 pages, 7 figures",
        "Available under a CC-BY licence at https://example.org/report",
        "",
    ],
)
def test_parse_venue_none(line: str) -> None:
    assert parse_venue(line) is None


def test_ends_cleanly() -> None:
    assert ends_cleanly("We release the code.")
    assert ends_cleanly("Code at https://github.com/a/b")
    assert not ends_cleanly("We release the")
    assert not ends_cleanly("models such as (e.g.")
    assert not ends_cleanly("available at https://gith")
    assert not ends_cleanly("")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<html><body>x</body></html>", True),
        ('{"a": 1}', True),
        ("---\nname: x\n", True),
        ("@inproceedings{key,\n title={T}\n}", True),
        ("Plain words on a page.", False),
        ("", False),
    ],
)
def test_looks_structured(text: str, expected: bool) -> None:
    assert looks_structured(text) is expected
