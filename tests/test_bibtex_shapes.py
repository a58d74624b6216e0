"""BibTeX as real files have it (issue 19): small files of the same shapes as real ones."""

from __future__ import annotations

from pathlib import Path

import pytest

import kgraph.sources  # noqa: F401  (registers the readers)
from kgraph.sources.base import detect
from kgraph.sources.bibtex import reader
from kgraph.sources.loading import decode

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real" / "bibtex"


def _papers(text: str):
    return reader.read(text).papers


def test_a_file_opening_with_many_string_macros_is_bibtex() -> None:
    strings = "".join(f'@string{{m{i} = "Macro number {i}"}}\n' for i in range(40))
    text = strings + "@article{k1, title = {A Paper After Forty Macros}, author = {Ada Example}, year = 2020}\n"
    found, _ = detect(text)
    assert found is not None and found.name == "bibtex"
    assert [p.title for p in _papers(text)] == ["A Paper After Forty Macros"]


def test_case_protecting_braces_do_not_hide_an_arxiv_id() -> None:
    text = "@article{k1, title = {A Preprint}, author = {Ada Example}, journal = {Ar{X}iv:1803.03635}, year = 2018}\n"
    (paper,) = _papers(text)
    assert paper.arxiv_id == "1803.03635"


@pytest.mark.parametrize("tail", ["and et al.", "and others"])
def test_et_al_truncates_the_author_list(tail: str) -> None:
    text = f"@article{{k1, title = {{Many Hands}}, author = {{Ada Example and Bo Sample {tail}}}, year = 2021}}\n"
    (paper,) = _papers(text)
    assert [a.name for a in paper.authors] == ["Ada Example", "Bo Sample"]
    assert paper.authors_truncated


def test_latex_control_space_and_unknown_commands_keep_their_text() -> None:
    text = ("@article{k1, title = {Bounds in \\ ell^2 with AUC\\textmu}, author = {Ada Example},"
            " journal = {Dokl.\\ Akad.\\ Nauk}, year = 1990}\n")
    (paper,) = _papers(text)
    assert "\\ " not in paper.title and "ell^2" in paper.title
    assert "AUCµ" in paper.title


def test_a_biblatex_date_range_gives_its_start() -> None:
    text = "@book{k1, title = {A Long Project}, author = {Ada Example}, date = {1984/1986}}\n"
    (paper,) = _papers(text)
    assert paper.issued is not None and paper.issued.year == 1984


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/corpus/real/bibtex is not here")
def test_every_real_bibtex_file_reads_without_a_traceback() -> None:
    for path in sorted(REAL.glob("*.bib")):
        text, _ = decode(path.read_bytes())  # a GBK file is decoded as such (tests/test_bibtex_build.py)
        doc = reader.read(text)
        if "standardstrings" not in path.name:
            assert doc.papers, path.name
