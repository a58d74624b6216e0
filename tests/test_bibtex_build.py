"""BibTeX as a build reads it: @string macros shared between the files of a build (and
`--update` when they change), the encoding of a non-UTF-8 file, LaTeX decoding faults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kgraph

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real" / "bibtex"

STRINGS = """@string{neurips = "Harbour Symposium on Tiny Agents"}
@string{icml = "Lakeside Workshop on Large Agents"}
"""

BIB = """@inproceedings{obi2023,
  title = {Tiny Agents},
  author = {Obi, Ada},
  booktitle = neurips,
  year = 2023,
}
@inproceedings{ruiz2022,
  title = {Large Agents},
  author = {Ruiz, Jose},
  booktitle = icml,
  year = 2022,
}
"""


def _undefined(report) -> list[str]:
    return [w for w in report.warnings if "undefined @string macro" in w]


def _ttl(out: Path) -> str:
    return (out / "graph.ttl").read_text(encoding="utf-8")


def test_strings_file_gives_its_macros_to_the_other_bib_files(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "standardstrings.bib").write_text(STRINGS, encoding="utf-8")
    (tmp_path / "in" / "bibliography.bib").write_text(BIB, encoding="utf-8")
    report = kgraph.build([tmp_path / "in"], tmp_path / "out")
    assert _undefined(report) == []
    assert report.skipped == [] and report.ignored == []
    assert report.documents_by_format["bibtex"] == 2  # the strings file is a used input
    assert report.records == 2
    ttl = _ttl(tmp_path / "out")
    assert "Harbour Symposium on Tiny Agents" in ttl
    assert "Lakeside Workshop on Large Agents" in ttl


def test_strings_file_named_alone_is_used_not_skipped(tmp_path: Path) -> None:
    strings = tmp_path / "strings.bib"
    strings.write_text(STRINGS, encoding="utf-8")
    bib = tmp_path / "b.bib"
    bib.write_text(BIB, encoding="utf-8")
    report = kgraph.build([bib, strings], tmp_path / "out")
    assert report.skipped == [] and _undefined(report) == []
    assert report.documents_by_format["bibtex"] == 2


def test_own_string_wins_then_files_in_path_order(tmp_path: Path) -> None:
    """A file's own @string wins; of the other files, the one whose path sorts first."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a-strings.bib").write_text('@string{venue = "Alpha Conference"}\n', encoding="utf-8")
    (tmp_path / "in" / "b-strings.bib").write_text('@string{venue = "Beta Conference"}\n', encoding="utf-8")
    (tmp_path / "in" / "c.bib").write_text(
        "@inproceedings{x, title = {Uses Shared}, author = {Obi, Ada}, booktitle = venue, year = 2020}\n",
        encoding="utf-8")
    (tmp_path / "in" / "d.bib").write_text(
        '@string{venue = "Delta Conference"}\n'
        "@inproceedings{y, title = {Uses Own}, author = {Ruiz, Jo}, booktitle = venue, year = 2021}\n",
        encoding="utf-8")
    kgraph.build([tmp_path / "in"], tmp_path / "out")
    ttl = _ttl(tmp_path / "out")
    assert "Alpha Conference" in ttl and "Delta Conference" in ttl
    assert "Beta Conference" not in ttl
    # the order the files are named in does not matter
    files = sorted((tmp_path / "in").iterdir(), reverse=True)
    kgraph.build(files, tmp_path / "out2")
    assert _ttl(tmp_path / "out2") == ttl


def _built_pair(tmp_path: Path) -> tuple[Path, Path]:
    """A strings file beside the bibliography that uses it, built into tmp_path/out."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "standardstrings.bib").write_text(STRINGS, encoding="utf-8")
    (src / "bibliography.bib").write_text(BIB, encoding="utf-8")
    out = tmp_path / "out"
    kgraph.build([src], out)
    return src, out


def test_update_reads_the_bib_file_again_when_its_strings_change(tmp_path: Path) -> None:
    src, out = _built_pair(tmp_path)

    again = kgraph.build([src], out, update=True)  # nothing changed: nothing is read
    assert again.unchanged == 2 and again.reused_records == 2 and _undefined(again) == []

    (src / "standardstrings.bib").write_text(STRINGS.replace("Harbour Symposium", "Riverside Symposium"),
                                             encoding="utf-8")
    changed = kgraph.build([src], out, update=True)
    assert changed.unchanged == 0 and changed.reused_records == 0  # the bibliography was read again
    ttl = _ttl(out)
    assert "Riverside Symposium on Tiny Agents" in ttl
    assert "Harbour Symposium" not in ttl
    full = tmp_path / "full"
    kgraph.build([src], full)
    assert _ttl(full) == ttl  # as a full build of the same files

    (src / "standardstrings.bib").unlink()
    gone = kgraph.build([src], out, update=True)
    assert len(_undefined(gone)) == 2  # its macros are gone with it
    assert "Riverside Symposium" not in _ttl(out)


def test_update_naming_only_the_changed_strings_file_reads_the_bibliography_again(tmp_path: Path) -> None:
    src, out = _built_pair(tmp_path)
    (src / "standardstrings.bib").write_text(STRINGS.replace("Lakeside", "Hillside"), encoding="utf-8")
    report = kgraph.build([src / "standardstrings.bib"], out, update=True)
    assert report.unchanged == 0 and report.records == 2  # the bibliography, not given, read again
    assert "Hillside Workshop on Large Agents" in _ttl(out) and "Lakeside" not in _ttl(out)


def test_update_adding_a_strings_file_fills_the_venues(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "bibliography.bib").write_text(BIB, encoding="utf-8")
    out = tmp_path / "out"
    first = kgraph.build([src], out)
    assert len(_undefined(first)) == 2
    (src / "standardstrings.bib").write_text(STRINGS, encoding="utf-8")
    second = kgraph.build([src], out, update=True)
    assert _undefined(second) == [] and second.unchanged == 0
    assert "Lakeside Workshop on Large Agents" in _ttl(out)
    manifest = json.loads((out / ".kgraph" / "manifest.json").read_text(encoding="utf-8"))
    by_name = {Path(d["path"]).name: d for d in manifest["documents"]}
    assert by_name["standardstrings.bib"]["macros"]["icml"] == "Lakeside Workshop on Large Agents"
    assert set(by_name["bibliography.bib"]["macros_used"]) == {"neurips", "icml"}


@pytest.mark.skipif(not (REAL / "probmlbib_standardstrings.bib").is_file()
                    or not (REAL / "probmlbib_bibliography.bib").is_file(),
                    reason="../shared/corpus/real/bibtex (the probml strings + bibliography pair) is absent")
def test_real_probml_strings_and_bibliography(tmp_path: Path) -> None:
    files = [REAL / "probmlbib_standardstrings.bib", REAL / "probmlbib_bibliography.bib"]
    report = kgraph.build(files, tmp_path / "out")
    assert _undefined(report) == []
    assert report.skipped == []
    assert report.documents_by_format["bibtex"] == 2
    entries = sum(1 for line in files[1].read_text(encoding="utf-8").splitlines()
                  if line.lstrip().startswith("@") and not line.lstrip().lower().startswith(("@string", "@comment")))
    assert report.records == entries
    ttl = _ttl(tmp_path / "out")
    assert 'kg:venueSeries "NeurIPS"' in ttl and 'kg:venueSeries "ICLR"' in ttl


# --------------------------------------------------------------------------- encoding

GBK_BIB = """@article{kaisa2013,
  author = {凯撒 and 张伟},
  title = {基于深度学习的图像识别方法研究},
  journal = {计算机学报},
  year = {2013},
}
"""


def test_gbk_bib_file_is_read_as_gbk_with_one_warning(tmp_path: Path) -> None:
    path = tmp_path / "chinese.bib"
    path.write_bytes(GBK_BIB.encode("gbk"))
    report = kgraph.build([path], tmp_path / "out")
    assert report.skipped == [] and report.records == 1
    ttl = _ttl(tmp_path / "out")
    assert "凯撒" in ttl and "基于深度学习的图像识别方法研究" in ttl
    assert "¿­Èö" not in ttl
    notes = [w for w in report.warnings if "not UTF-8" in w]
    assert len(notes) == 1 and str(path) in notes[0] and "gb18030" in notes[0]


def test_journals_named_in_other_scripts_are_venues_of_their_own(tmp_path: Path) -> None:
    (tmp_path / "a.bib").write_text(
        "@article{a, title = {一}, author = {凯撒}, journal = {计算机学报}, year = 2013}\n"
        "@article{b, title = {二}, author = {张伟}, journal = {软件学报}, year = 2013}\n"
        "@article{c, title = {Три}, author = {Иванов, Иван}, journal = {Вестник МГУ}, year = 2013}\n",
        encoding="utf-8")
    report = kgraph.build([tmp_path / "a.bib"], tmp_path / "out")
    assert report.nodes_by_type["Venue"] == 3
    ttl = _ttl(tmp_path / "out")
    assert all(f'kg:venueSeries "{name}"' in ttl for name in ("计算机学报", "软件学报", "Вестник МГУ"))


def test_utf8_and_latin1_files_keep_their_reading(tmp_path: Path) -> None:
    entry = "@article{m, author = {Müller, Jürgen and Peña, José}, title = {Café Models}, year = 2020}\n"
    (tmp_path / "utf8.bib").write_text(entry, encoding="utf-8")
    utf8 = kgraph.build([tmp_path / "utf8.bib"], tmp_path / "out-utf8")
    assert not [w for w in utf8.warnings if "not UTF-8" in w]
    (tmp_path / "latin1.bib").write_bytes(entry.encode("latin-1"))
    latin = kgraph.build([tmp_path / "latin1.bib"], tmp_path / "out-latin")
    assert [w for w in latin.warnings if "not UTF-8" in w and "cp1252" in w]
    assert "José Peña" in _ttl(tmp_path / "out-latin") and "Jürgen Müller" in _ttl(tmp_path / "out-latin")


@pytest.mark.skipif(not (REAL / "bibtexparser_gbk_test.bib").is_file(),
                    reason="../shared/corpus/real/bibtex/bibtexparser_gbk_test.bib is absent")
def test_real_gbk_file(tmp_path: Path) -> None:
    report = kgraph.build([REAL / "bibtexparser_gbk_test.bib"], tmp_path / "out")
    assert "凯撒" in _ttl(tmp_path / "out")
    assert [w for w in report.warnings if "not UTF-8" in w]


# --------------------------------------------------------------------------- LaTeX


def test_accent_faults_give_letters_not_spaces(tmp_path: Path) -> None:
    (tmp_path / "a.bib").write_text(
        "@article{j1, title = {Invertible Residual Networks}, year = 2019,\n"
        "  author = {Jacobsen, J{\\:o}rn-Henrik and M\\\"uller, Sara and Fran\\c{c}ois, Luc},\n"
        "  note = {See http://example.org/\\~{}jacobsen and x\\^{}2}}\n", encoding="utf-8")
    kgraph.build([tmp_path / "a.bib"], tmp_path / "out")
    ttl = _ttl(tmp_path / "out")
    assert 'foaf:name "Jörn-Henrik Jacobsen"' in ttl
    assert "J rn" not in ttl and "J orn" not in ttl
    assert 'foaf:name "Sara Müller"' in ttl and 'foaf:name "Luc François"' in ttl


def test_latex_accents_with_odd_arguments() -> None:
    from kgraph.sources.latex import decode_latex

    assert decode_latex("J\\:orn") == "Jörn" == decode_latex("J\\:{o}rn") == decode_latex("J{\\:o}rn")
    assert decode_latex("~user \\~{}user") == " user ~user"  # ~ is a space, \\~{} a tilde
    assert decode_latex("x\\^{}2") == "x^2"
    assert decode_latex('{\\"{}}') == "\u00a8"  # an accent over nothing is the accent, not a stray mark
    assert decode_latex("{\\'\\i}") == "í"
    assert decode_latex("x\\: y").split() == ["x", "y"]  # \: before a space is a space
    assert decode_latex("$a\\:b$") == "$a\\:b$"  # math is kept as written


def test_unknown_latex_commands_of_a_build_are_counted_in_one_warning(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.bib").write_text(
        "@article{a1, title = {Scores with \\foo and \\foo{x}}, author = {Obi, Ada}, year = 2020}\n",
        encoding="utf-8")
    (tmp_path / "in" / "b.bib").write_text(
        "@article{b1, title = {More \\zork{} and AUC\\textmu}, author = {Ruiz, Jo}, year = 2021}\n",
        encoding="utf-8")
    report = kgraph.build([tmp_path / "in"], tmp_path / "out")
    notes = [w for w in report.warnings if "unknown LaTeX" in w]
    assert notes == ["3 unknown LaTeX commands kept as written in 2 documents: \\foo (2), \\zork (1)"]
    ttl = _ttl(tmp_path / "out")
    assert "Scores with \\\\foo and \\\\foo{x}" in ttl  # kept as written (escaped in Turtle)
    assert "AUCµ" in ttl
