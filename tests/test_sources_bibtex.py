"""BibTeX: the tokenizer, macros, LaTeX accents, names, venues, arXiv ids and recovery from bad entries."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kgraph.models import PartialDate
from kgraph.sources.base import detect
from kgraph.sources.bibtex import decode_latex, parse_bibtex, reader, split_authors

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

BIB = r"""
This text before the first entry is a comment, even with an e-mail: someone@example.org.

@preamble{ "\newcommand{\noop}[1]{}" }
@comment{ jabref-meta: databaseType:bibtex; }
@String{ neurips = "Advances in Neural Information Processing Systems" }
@string(lab = {Example} # " Lab")

@InProceedings{obi2023tiny,
  title     = {{Tiny} Agents: Small Models {\em that} Act},
  author    = {Obi, Ada and M{\"u}ller, Sara and Jos{\'e} Ruiz and others},
  booktitle = neurips # " 36",
  year      = 2023,
  month     = dec,
  pages     = {100--110},
  eprint    = {2305.01234v3},
  archivePrefix = {arXiv},
  primaryClass = {cs.LG},
  url       = {https://github.com/example-lab/tiny-agents},
}

@article(kowalski2007branes,
  title   = "Branes at {F}inite {T}emperature --- a {\"U}berblick",
  author  = "von Kowalski, Jan and O'Neil, Jr., Patrick and {Barnes and Noble Research}",
  journal = {Journal of Harbour Physics},
  volume  = 76,
  year    = "2007",
  month   = "mar",
  doi     = {https://doi.org/10.1103/PhysRevD.76.013009},
)

@misc{wei2024calib,
  title = {CalibBench},
  author = {Li Wei},
  howpublished = {arXiv preprint arXiv:2402.11111},
  note = {Project page \url{https://example.github.io/calib-bench/}},
  year = {2024},
  abstract = {We collect   a benchmark
              of open-ended questions.},
}
"""


@pytest.fixture(scope="module")
def doc():
    return reader.read(BIB)


def test_entries_in_order_and_special_ones_skipped(doc) -> None:
    assert [p.title for p in doc.papers] == [
        "Tiny Agents: Small Models that Act",
        "Branes at Finite Temperature — a Überblick",
        "CalibBench",
    ]
    assert not doc.warnings


def test_authors_and_others(doc) -> None:
    tiny, branes, _ = doc.papers
    assert [a.name for a in tiny.authors] == ["Ada Obi", "Sara Müller", "José Ruiz"]
    assert tiny.authors_truncated
    assert tiny.authors[1].as_printed == "Müller, Sara"
    assert [a.name for a in branes.authors] == ["Jan von Kowalski", "Patrick O'Neil Jr.", "Barnes and Noble Research"]
    assert not branes.authors_truncated


def test_dates_from_year_and_month_macros(doc) -> None:
    assert doc.papers[0].issued == PartialDate(year=2023, month=12)
    assert doc.papers[1].issued == PartialDate(year=2007, month=3)
    assert doc.papers[2].issued == PartialDate(year=2024)


def test_venues(doc) -> None:
    tiny, branes, calib = doc.papers
    assert tiny.venue is not None
    assert (tiny.venue.series, tiny.venue.year, tiny.venue.kind) == ("NeurIPS", 2023, "conference")
    assert tiny.venue.text == "Advances in Neural Information Processing Systems 36"
    assert branes.venue is not None
    assert (branes.venue.series, branes.venue.year, branes.venue.kind) == ("Journal of Harbour Physics", 2007, "journal")
    assert calib.venue is None


def test_identifiers_and_urls(doc) -> None:
    tiny, branes, calib = doc.papers
    assert (tiny.arxiv_id, tiny.arxiv_version, tiny.categories) == ("2305.01234", 3, ["cs.LG"])
    assert tiny.code_urls == ["https://github.com/example-lab/tiny-agents"]
    assert branes.doi == "10.1103/PhysRevD.76.013009"
    assert calib.arxiv_id == "2402.11111"  # from howpublished
    assert calib.homepage_urls == ["https://example.github.io/calib-bench/"]
    assert calib.abstract == "We collect a benchmark of open-ended questions."


def test_string_macros_concatenate() -> None:
    entries = parse_bibtex(BIB)
    assert [e.key for e in entries] == ["obi2023tiny", "kowalski2007branes", "wei2024calib"]
    assert entries[0].fields["booktitle"] == "Advances in Neural Information Processing Systems 36"
    assert entries[0].fields["month"] == "December"


def test_unclosed_brace_costs_one_entry() -> None:
    text = """@article{broken2020,
  title = {An {unclosed brace,
  author = {Some One},
  year = 2020,
}

@article{fine2021,
  title = {Still Read},
  author = {Ann Other},
  year = 2021,
}
"""
    doc = reader.read(text)
    assert [p.title for p in doc.papers] == ["Still Read"]
    assert len(doc.warnings) == 1
    assert doc.warnings[0].startswith("line 1: @article entry 'broken2020': unclosed brace in field 'title'")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("@article{k1, title {No equals}, year = 2020}", "expected '=' after field 'title'"),
        ("@article{k1, title = {A} year = 2020}", "expected ',' after field 'title'"),
        ('@article{k1, title = "unclosed quote, year = 2020}', "unclosed quote in field 'title'"),
        ("@article{k1, title = , year = 2020}", "expected a value for field 'title'"),
        ("@article{k1, = {x}}", "expected a field name"),
    ],
)
def test_malformed_entries_are_warnings(entry: str, message: str) -> None:
    text = entry + "\n@misc{ok, title = {Fine}}\n"
    doc = reader.read(text)
    assert [p.title for p in doc.papers] == ["Fine"]
    assert message in doc.warnings[0]


def test_undefined_macro_is_a_warning() -> None:
    doc = reader.read("@misc{k, title = {T}, journal = nosuchmacro}\n")
    assert doc.papers[0].title == "T" and doc.papers[0].venue is None
    assert "undefined @string macro 'nosuchmacro'" in doc.warnings[0]


def test_macro_bomb_is_stopped() -> None:
    lines = ['@string{a0 = "lollollollollollollollollollol"}']
    lines += [f"@string{{a{i} = " + " # ".join([f"a{i - 1}"] * 10) + "}" for i in range(1, 10)]
    lines.append("@misc{bomb, title = a9}")
    lines.append("@misc{ok, title = {Fine}}")
    start = time.perf_counter()
    doc = reader.read("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 5
    assert any("longer than 1,000,000 characters" in w for w in doc.warnings)
    assert [p.title for p in doc.papers][-1] == "Fine"


def test_entry_without_identity_is_skipped() -> None:
    doc = reader.read("@misc{empty, author = {A. Person}}\n@misc{ok, title = {Fine}}\n")
    assert [p.title for p in doc.papers] == ["Fine"]
    assert "has no title, DOI or arXiv id" in doc.warnings[0]


def test_other_eprint_archives_are_not_arxiv() -> None:
    doc = reader.read("@misc{h, title = {T}, eprint = {hal-01234567}, archivePrefix = {HAL}}\n")
    assert doc.papers[0].arxiv_id is None


def test_findings_booktitle_names_the_conference() -> None:
    doc = reader.read("@inproceedings{f, title={T}, year=2023,\n booktitle={Findings of the Association for Computational Linguistics: EMNLP 2023}}\n")
    venue = doc.papers[0].venue
    assert venue is not None and (venue.series, venue.year, venue.track) == ("EMNLP", 2023, "Findings")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (r"M{\"u}ller", "Müller"),
        (r"Jos{\'e}", "José"),
        (r"\"Ozg\"ur", "Özgür"),
        (r"Erd\H{o}s", "Erdős"),
        (r"{\v{C}}ech", "Čech"),
        (r"Fran{\c{c}}ois", "François"),
        (r"Bj{\o}rn", "Bjørn"),
        (r"Stra\ss e", "Straße"),
        (r"{\'\i}ndice", "índice"),
        (r"\emph{Deep} learning \& more: 50\%", "Deep learning & more: 50%"),
        (r"pages 10--20, a---b, ``q''", "pages 10–20, a—b, “q”"),
        (r"The $\alpha$-{D}ivergence", r"The $\alpha$-Divergence"),
        ("plain text", "plain text"),
    ],
)
def test_decode_latex(text: str, expected: str) -> None:
    assert decode_latex(text) == expected


def test_split_authors_respects_braces() -> None:
    names, truncated = split_authors("{Hugging Face and Friends} and Doe, J. and AND Others")
    assert [n.name for n in names] == ["Hugging Face and Friends", "J. Doe", "AND Others"]
    assert not truncated


def test_not_bibtex_is_an_error() -> None:
    with pytest.raises(ValueError, match="not a BibTeX file"):
        reader.read("just some text with an @ sign\n")


def test_only_broken_entries_is_an_error() -> None:
    with pytest.raises(ValueError, match="no usable BibTeX entries"):
        reader.read("@article{broken, title = {never closed\n")


def test_example_file() -> None:
    doc = reader.read((EXAMPLES / "structured" / "refs.bib").read_text(encoding="utf-8"))
    assert [p.arxiv_id for p in doc.papers] == ["2310.01234", None, "2403.04321"] and not doc.warnings


def test_sniff_and_detect() -> None:
    assert reader.sniff(BIB) >= 0.8
    assert reader.sniff("% refs\n@article{a, title = {T}}\n") >= 0.9
    assert detect(BIB)[0] is reader


def _other_inputs() -> list[Path]:
    pages = sorted((EXAMPLES / "pages").glob("*.txt"))
    structured = [p for p in sorted((EXAMPLES / "structured").iterdir()) if p.suffix != ".bib"]
    return pages + structured


@pytest.mark.parametrize("path", _other_inputs(), ids=lambda p: p.name)
def test_sniff_rejects_other_formats(path: Path) -> None:
    assert reader.sniff(path.read_text(encoding="utf-8")) < 0.5


@pytest.mark.parametrize("text", ["", "Contact me @alice on the forum.", "@decorator\ndef f(): pass\n", "@dataclass(frozen=True, slots=True)\nclass A:\n    x: int = 0\n", "user@example.org wrote {this}"])
def test_sniff_rejects_other_text(text: str) -> None:
    assert reader.sniff(text) < 0.5
