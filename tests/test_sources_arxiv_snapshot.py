"""arXiv metadata snapshot (JSON lines): fields, streaming, malformed lines, sniffing."""

from __future__ import annotations

import inspect
import io
import itertools
from pathlib import Path

import orjson
import pytest

from kgraph.models import PartialDate, Venue
from kgraph.sources.arxiv_snapshot import iter_snapshot_records, reader, venue_from_journal_ref
from kgraph.sources.base import detect

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

OLD_STYLE = {
    "id": "hep-th/0703001",
    "submitter": "Jan Kowalski",
    "authors": "J. Kowalski, M. B\\\"ohm and P. O'Neil Jr",
    "title": "Branes at\n  Finite Temperature",
    "comments": "24 pages, 3 figures; v3: typos fixed",
    "journal-ref": "Phys.Rev.D76:013009,2007",
    "doi": "10.1103/PhysRevD.76.013009 10.1103/Other.1",
    "report-no": "XYZ-07-01",
    "categories": "hep-th gr-qc",
    "license": None,
    "abstract": "  We study branes\nat finite temperature.\n",
    "versions": [
        {"version": "v3", "created": "Tue, 10 Jul 2007 08:00:00 GMT"},
        {"version": "v1", "created": "Thu, 1 Mar 2007 19:18:42 GMT"},
        {"version": "v2", "created": "Mon, 2 Apr 2007 10:00:00 GMT"},
    ],
    "update_date": "2008-11-13",
    "authors_parsed": [["Kowalski", "J.", ""], ["B\\\"ohm", "M.", ""], ["O'Neil", "P.", "Jr"]],
}

NEW_STYLE = {
    "id": "2401.00001",
    "submitter": "Ada Obi",
    "authors": "Ada Obi, Wen Zhao",
    "title": "Tiny Agents",
    "comments": "Accepted at ICLR 2024. Code: https://github.com/example-lab/tiny-agents",
    "journal-ref": None,
    "doi": None,
    "categories": "cs.LG cs.AI",
    "abstract": "We build tiny agents. Demo at https://example.org/tiny.",
    "versions": [{"version": "v1", "created": "Sun, 31 Dec 2023 23:00:00 GMT"}, {"version": "v2", "created": "Fri, 5 Jan 2024 10:00:00 GMT"}],
    "update_date": "2024-01-05",
    "authors_parsed": [["Obi", "Ada", ""], ["Zhao", "Wen", ""]],
}


def _jsonl(*objects: dict) -> str:
    return "\n".join(orjson.dumps(o).decode() for o in objects) + "\n"


@pytest.fixture(scope="module")
def doc():
    return reader.read(_jsonl(OLD_STYLE, NEW_STYLE))


def test_ids_and_versions(doc) -> None:
    old, new = doc.papers
    assert (old.arxiv_id, old.arxiv_version) == ("hep-th/0703001", 3)
    assert (new.arxiv_id, new.arxiv_version) == ("2401.00001", 2)
    assert [p.index for p in doc.papers] == [0, 1]


def test_text_fields_are_collapsed(doc) -> None:
    old = doc.papers[0]
    assert old.title == "Branes at Finite Temperature"
    assert old.abstract == "We study branes at finite temperature."
    assert old.comments == ["24 pages, 3 figures; v3: typos fixed"]


def test_authors_from_authors_parsed_in_order(doc) -> None:
    old = doc.papers[0]
    assert [a.name for a in old.authors] == ["J. Kowalski", "M. Böhm", "P. O'Neil Jr"]
    assert old.authors_truncated is False


def test_dates_categories_doi(doc) -> None:
    old = doc.papers[0]
    assert old.issued == PartialDate(year=2007, month=3, day=1)  # v1, wherever it is listed
    assert old.updated == PartialDate(year=2008, month=11, day=13)
    assert old.categories == ["hep-th", "gr-qc"]
    assert old.doi == "10.1103/PhysRevD.76.013009"


def test_venue_from_journal_ref_then_comments(doc) -> None:
    old, new = doc.papers
    assert old.venue == Venue(series="Phys.Rev.D", year=2007, kind="journal", text="Phys.Rev.D76:013009,2007")
    assert new.venue is not None and (new.venue.series, new.venue.year) == ("ICLR", 2024)


def test_urls_split_into_code_and_homepage(doc) -> None:
    new = doc.papers[1]
    assert new.code_urls == ["https://github.com/example-lab/tiny-agents"]
    assert new.homepage_urls == ["https://example.org/tiny"]


@pytest.mark.parametrize(
    ("ref", "series", "year", "kind"),
    [
        ("J. Phys. A 40 (2007) 1234-1250", "J. Phys. A", 2007, "journal"),
        ("Nature 521, 436-444 (2015)", "Nature", 2015, "journal"),
        ("Transactions on Machine Learning Research (2024)", "TMLR", 2024, "journal"),
        ("Proceedings of NeurIPS 2020", "NeurIPS", 2020, "conference"),
    ],
)
def test_venue_from_journal_ref(ref: str, series: str, year: int, kind: str) -> None:
    venue = venue_from_journal_ref(ref)
    assert venue is not None and (venue.series, venue.year, venue.kind) == (series, year, kind)


def test_authors_string_when_no_authors_parsed() -> None:
    obj = {k: v for k, v in NEW_STYLE.items() if k != "authors_parsed"}
    obj["authors"] = "Ada Obi, Jos\\'e Ruiz and Wen Zhao et al."
    paper = reader.read(_jsonl(obj)).papers[0]
    assert [a.name for a in paper.authors] == ["Ada Obi", "José Ruiz", "Wen Zhao"]
    assert paper.authors_truncated


def test_malformed_lines_are_warnings() -> None:
    good = orjson.dumps(NEW_STYLE).decode()
    text = "\n".join([good, '{"id": "2401.00002", "title": "Cut', "[1, 2, 3]", '{"id": "no-id-here", "title": "x", "authors": "A"}', "", good[:40]])
    doc = reader.read(text)
    assert len(doc.papers) == 1
    assert doc.warnings == [
        "line 2: not valid JSON",
        "line 3: not an arXiv snapshot object (needs id, title or abstract, authors)",
        "line 4: unreadable arXiv id 'no-id-here'",
        "line 6: not valid JSON",
    ]


@pytest.mark.parametrize("text", ['{"id": "1", "title": "x", "authors": "A"', '{"name": "x"}\n{"name": "y"}\n', "not json at all\n"])
def test_no_snapshot_line_is_an_error(text: str) -> None:
    with pytest.raises(ValueError, match="not an arXiv snapshot"):
        reader.read(text)


def test_iter_snapshot_records_streams() -> None:
    assert inspect.isgeneratorfunction(iter_snapshot_records)
    endless = itertools.repeat(orjson.dumps(NEW_STYLE))  # bytes lines, never ending
    first_three = list(itertools.islice(iter_snapshot_records(endless), 3))
    assert [r.index for r in first_three] == [0, 1, 2]


def test_iter_snapshot_records_reads_a_binary_file() -> None:
    fh = io.BytesIO(_jsonl(OLD_STYLE, NEW_STYLE).encode() + b"oops\n")
    warnings: list[str] = []
    records = list(iter_snapshot_records(fh, warnings=warnings))
    assert [r.arxiv_id for r in records] == ["hep-th/0703001", "2401.00001"]
    assert warnings == ["line 3: not valid JSON"]


def test_example_file() -> None:
    doc = reader.read((EXAMPLES / "structured" / "snapshot.jsonl").read_text(encoding="utf-8"))
    assert len(doc.papers) == 3 and not doc.warnings
    assert doc.papers[0].arxiv_id == "2310.01234"


def test_sniff_accepts_snapshot_lines() -> None:
    assert reader.sniff(_jsonl(OLD_STYLE, NEW_STYLE)) >= 0.9
    assert reader.sniff("\n\n" + _jsonl(NEW_STYLE)) >= 0.9
    chosen, _ = detect(_jsonl(NEW_STYLE))
    assert chosen is reader


def _other_inputs() -> list[Path]:
    pages = sorted((EXAMPLES / "pages").glob("*.txt"))
    structured = [p for p in sorted((EXAMPLES / "structured").iterdir()) if p.suffix != ".jsonl"]
    return pages + structured


@pytest.mark.parametrize("path", _other_inputs(), ids=lambda p: p.name)
def test_sniff_rejects_other_formats(path: Path) -> None:
    assert reader.sniff(path.read_text(encoding="utf-8")) < 0.5


@pytest.mark.parametrize("text", ["", '{"id": 1}\n', '[{"id": "x", "title": "t", "authors": "a"}]', '{"a": 1}\n{"b": 2}\n'])
def test_sniff_rejects_other_json(text: str) -> None:
    assert reader.sniff(text) < 0.5
