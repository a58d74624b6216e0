"""detect() picks the right reader for every sample page and example page, and none for other text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kgraph.plugins import READERS
from kgraph.sources.base import SNIFF_THRESHOLD, detect

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "pages"

#: gold-dev page kinds -> reader names
KIND_TO_READER = {
    "arxiv-listing": "arxiv_listing",
    "aggregator-author-page": "aggregator_author",
    "abstract-list": "abstract_list",
    "author-profile": "author_profile",
    "daily-papers": "daily_papers",
}

EXAMPLE_READERS = {
    "listing-safety.txt": "arxiv_listing",
    "aggregator-robotics.txt": "aggregator_author",
    "abstracts-alignment.txt": "abstract_list",
    "profile-speech.txt": "author_profile",
    "daily-vision.txt": "daily_papers",
}


def test_five_readers_registered() -> None:
    assert {r.name for r in READERS.loaded()} >= set(EXAMPLE_READERS.values())
    assert all(r.description for r in READERS.loaded())


@pytest.mark.parametrize(("file_name", "expected"), sorted(EXAMPLE_READERS.items()))
def test_detect_example_pages(file_name: str, expected: str) -> None:
    text = (EXAMPLES / file_name).read_text(encoding="utf-8")
    reader, score = detect(text)
    assert reader is not None and reader.name == expected and score >= 0.9
    for other in READERS.loaded():
        if other.name in EXAMPLE_READERS.values() and other.name != expected:
            assert other.sniff(text) < SNIFF_THRESHOLD, other.name


def test_every_example_page_is_listed() -> None:
    assert {p.name for p in EXAMPLES.glob("*.txt")} == set(EXAMPLE_READERS)


def test_detect_sample_pages() -> None:
    if not CORPUS.is_dir():
        pytest.skip("sample corpus ../shared/corpus not present")
    golds = [p for p in sorted((CORPUS / "gold-dev").glob("*.json")) if p.name != "same_as.json"]
    assert golds
    for gold_path in golds:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (CORPUS / "seeds" / gold["seed"]).read_text(encoding="utf-8")
        reader, _score = detect(text)
        assert reader is not None and reader.name == KIND_TO_READER[gold["page"]["kind"]], gold["seed"]


NOT_PAGES = {
    "empty": "",
    "blank": " \n\n \n",
    "html": "<!DOCTYPE html>\n<html><body><p>arXiv:2101.00001</p>\nCreated: 2021-01-01\n<p>Abstract: x</p></body></html>",
    "json": '{"id": "2101.00001", "abstract": "Abstract: words", "created": "2021-01-01"}',
    "yaml": "- type: model\n  name: Example-7B\n  organization: Example Lab\n  created_date: 2023-05-01\n",
    "yaml_doc": "---\ntitle: notes\n---\n* 3 authors\n·\nMay 2\n",
    "bibtex": "@article{doe2021,\n  title={A Title},\n  author={Doe, Jane and Roe, Rick},\n  journal={arXiv preprint arXiv:2101.00001},\n  year={2021}\n}\n",
    "prose": ("The committee met on Tuesday and discussed the budget at length. " * 30)
    + "\n\nAbstract: the minutes were approved without changes after a short debate among members present.\n\n"
    + ("Further business was deferred to the next meeting of the committee in the spring. " * 20),
    "markdown": "# Reading notes\n\nSee arXiv:2101.00001 later.\n\n* 3 authors\n\nMar 3, 2021\n",
}


@pytest.mark.parametrize("name", sorted(NOT_PAGES))
def test_detect_refuses_other_text(name: str) -> None:
    text = NOT_PAGES[name]
    for reader in READERS.loaded():
        if reader.name in EXAMPLE_READERS.values():
            assert reader.sniff(text) < SNIFF_THRESHOLD, reader.name
