"""`kgraph build` on a folder of hostile and broken files mixed with good pages.

Every bad file is named on one stderr line with its reason, the good pages all make
it into the graph, nothing dangerous runs or expands, no traceback reaches the user,
memory stays bounded, the output parses in three independent RDF parsers, passes
`kgraph validate`, and does not depend on the order the inputs were given in.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from kgraph.cli import EXIT_SKIPPED, main

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostile import (  # noqa: E402
    CUT_PAGE_TEXT,
    DECODED_PAGES,
    EXAMPLES,
    PWNED_MARKER,
    UNREADABLE_DIR,
    make_hostile_folder,
)

KGRAPH = Path(sys.executable).with_name("kgraph")
OUTPUTS = ("graph.ttl", "graph.trig", "graph.graphml", "graph.html", "provenance.trig")
PAPER = "https://w3id.org/kgraph/ontology#Paper"
SIX_GB_KB = 6 * 1024 * 1024  # ru_maxrss is in KiB on Linux


class Built:
    """The hostile folder, its expected reasons, and the subprocess build of it."""

    def __init__(self, folder: Path, expected: dict[str, str], out: Path,
                 proc: subprocess.CompletedProcess, peak_rss_kb: int) -> None:
        self.folder, self.expected, self.out = folder, expected, out
        self.proc, self.peak_rss_kb = proc, peak_rss_kb


def _restore_permissions(folder: Path) -> None:
    for path in [folder / UNREADABLE_DIR, folder / "some readable folder" / "secret page.txt"]:
        if path.exists():
            path.chmod(0o755)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("hostile")
    folder = base / "in put ü"
    expected = make_hostile_folder(folder)
    out = base / "out"
    proc = subprocess.run([str(KGRAPH), "build", str(folder), "--out", str(out)],
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    yield Built(folder, expected, out, proc, peak)
    _restore_permissions(folder)


@pytest.fixture(scope="module")
def examples_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("examples-out")
    result = CliRunner().invoke(main, ["build", str(EXAMPLES), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _papers(ttl: Path) -> set[str]:
    g = rdflib.Graph().parse(ttl, format="turtle")
    return {str(s) for s in g.subjects(rdflib.RDF.type, rdflib.URIRef(PAPER))}


def _literals(ttl: Path) -> list[str]:
    g = rdflib.Graph().parse(ttl, format="turtle")
    return [str(o) for o in g.objects() if isinstance(o, rdflib.Literal)]


# --------------------------------------------------------------------------- the run


def test_exit_code_is_skipped_and_no_traceback(built: Built) -> None:
    assert built.proc.returncode == EXIT_SKIPPED, built.proc.stderr[-3000:]
    assert "Traceback" not in built.proc.stderr
    assert "Traceback" not in built.proc.stdout
    for name in OUTPUTS:
        assert (built.out / name).stat().st_size > 0


def test_memory_stays_bounded(built: Built) -> None:
    assert 0 < built.peak_rss_kb < SIX_GB_KB


#: Files in no supported format: a folder walk lists them as ignored (exit 0 for them), with these reasons.
IGNORED_AS = {"empty": "empty", "binary": "binary data", "not in any supported layout": "no supported format"}


def test_every_bad_file_is_named_on_exactly_one_stderr_line(built: Built) -> None:
    lines = built.proc.stderr.splitlines()
    ignored = [line for line in lines if line.startswith("ignored in ")]
    assert len(ignored) == 1, built.proc.stderr[-3000:]
    assert len(ignored[0]) < 1000, ignored[0]
    groups = ignored[0].split(": ", 1)[1].split("; ")
    for name, reason in built.expected.items():
        path = str(built.folder / name)
        hits = [line for line in lines if f"{path}:" in line]
        if reason in IGNORED_AS:  # found in a folder and in no supported format: listed once, not an error
            assert not hits, (name, hits)
            group = [g for g in groups if name in g]
            assert len(group) == 1 and IGNORED_AS[reason] in group[0], (name, groups)
            continue
        assert len(hits) == 1, (name, hits)
        assert reason.casefold() in hits[0].casefold(), (name, hits[0])
        assert len(hits[0]) < 500, hits[0]  # one short line, not a dump of the file


def test_decoded_pages_are_read_not_skipped(built: Built) -> None:
    skipped = [line for line in built.proc.stderr.splitlines() if line.startswith("skipped:")]
    literals = "\n".join(_literals(built.out / "graph.ttl"))
    for name, fragment in DECODED_PAGES.items():
        assert not any(str(built.folder / name) in line for line in skipped), name
        assert fragment in literals, (name, fragment)
    assert CUT_PAGE_TEXT in literals  # the UTF-8 page cut inside a character kept its encoding
    assert "Ã" not in literals  # nothing decoded as the wrong code page


def test_every_paper_of_the_good_pages_is_in_the_graph(built: Built, examples_build: Path) -> None:
    alone = _papers(examples_build / "graph.ttl")
    assert alone
    assert alone <= _papers(built.out / "graph.ttl")


def test_yaml_tags_do_not_run_and_entities_do_not_expand(built: Built) -> None:
    assert not PWNED_MARKER.exists()
    assert "lollollol" not in (built.out / "graph.ttl").read_text(encoding="utf-8")
    assert (built.out / "graph.ttl").stat().st_size < 10 * 2**20


def test_validate_accepts_the_result(built: Built) -> None:
    result = CliRunner().invoke(main, ["validate", str(built.out)])
    assert result.exit_code == 0, result.output


# --------------------------------------------------------------------------- two parsers


def test_turtle_and_trig_parse_in_rdflib_and_pyoxigraph_with_the_same_strings(built: Built) -> None:
    ttl, trig = built.out / "graph.ttl", built.out / "graph.trig"
    g = rdflib.Graph().parse(ttl, format="turtle")
    oxi = list(ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE))
    ds = rdflib.Dataset().parse(trig, format="trig")
    quads = list(ox.parse(path=str(trig), format=ox.RdfFormat.TRIG))
    assert len(g) == len(oxi) > 0
    def links(statements) -> set:  # between named nodes (blank nodes are renamed by every parse)
        return {(t.subject, t.predicate, t.object) for t in statements
                if isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode)}

    assert links(quads) == links(oxi)
    assert all(isinstance(q.graph_name, ox.NamedNode) for q in quads)  # every statement names its document
    theirs = {str(o) for o in g.objects() if isinstance(o, rdflib.Literal)}
    assert {q.object.value for q in quads if isinstance(q.object, ox.Literal)} == theirs
    assert {str(o) for _, _, o, _ in ds.quads((None, None, None, None)) if isinstance(o, rdflib.Literal)} == theirs
    evidence = list(ox.parse(path=str(built.out / "provenance.trig"), format=ox.RdfFormat.TRIG))
    assert all(isinstance(q.graph_name, ox.NamedNode) for q in evidence)


# --------------------------------------------------------------------------- determinism


def test_builds_in_another_input_order_are_byte_identical(built: Built, tmp_path: Path) -> None:
    """The same files given one by one in reverse order give the same bytes as the folder."""
    files = sorted(os.path.join(folder, f) for folder, _, names in os.walk(built.folder) for f in names)
    inputs = files[::-1]
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", *inputs, "--out", str(out)])
    assert result.exit_code == EXIT_SKIPPED, result.output
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (built.out / name).read_bytes(), name


def test_debug_shows_no_traceback_for_skipped_files(built: Built, tmp_path: Path) -> None:
    """--debug changes nothing for files that are merely unusable (they are no bugs)."""
    subset = tmp_path / "in"
    subset.mkdir()
    for name in ("empty.txt", "page.html", "exploit.yaml", "billion-laughs.xml", "random.bin"):
        shutil.copyfile(built.folder / name, subset / name)
    shutil.copyfile(EXAMPLES / "daily-vision.txt", subset / "daily-vision.txt")
    result = CliRunner().invoke(main, ["--debug", "build", str(subset), "--out", str(tmp_path / "out")])
    assert result.exit_code == EXIT_SKIPPED, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_page_with_malformed_urls_still_builds(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "urls.txt").write_text(
        "List\nAbstract:We release code at https://github.com/ex/repo#a#b and results at "
        "https://example.org/100%zz/x and https://example.org:8x/y with enough words here.\n"
        "Abstract:A second abstract with more words so that this reads as an abstract list page.\n",
        encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(src), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    ox.parse(path=str(tmp_path / "out" / "graph.ttl"), format=ox.RdfFormat.TURTLE)
