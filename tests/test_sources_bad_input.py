"""Each page reader refuses an empty page and a page of another layout with a clear ValueError.

(Each reader's own file tests what a cut-off page of its layout keeps.)
"""

from __future__ import annotations

import pytest

from corpus import EXAMPLE_PAGES  # noqa: E402  (tests/corpus.py)
from kgraph.plugins import READERS

#: reader -> (a page of another layout, a word the empty-page error names, or "")
CASES = {
    "abstract_list": ("listing-safety.txt", "Abstract"),
    "aggregator_author": ("profile-speech.txt", ""),
    "arxiv_listing": ("daily-vision.txt", "arXiv"),
    "author_profile": ("daily-vision.txt", ""),
    "daily_papers": ("aggregator-robotics.txt", ""),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_empty_page_is_refused(name: str) -> None:
    reader = READERS.get(name)
    assert reader.sniff("") == 0.0
    with pytest.raises(ValueError, match=CASES[name][1]):
        reader.read("")


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_page_of_another_layout_is_refused(name: str) -> None:
    reader = READERS.get(name)
    text = (EXAMPLE_PAGES / CASES[name][0]).read_text(encoding="utf-8")
    assert reader.sniff(text) < 0.5
    with pytest.raises(ValueError):
        reader.read(text)
