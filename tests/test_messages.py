"""Messages a user can act on (issue 16) and safe folder walks (issue 17), run through the CLI."""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [ROOT / "examples" / "pages", ROOT / "examples" / "structured"]
ECO = ROOT.parent / "shared" / "corpus" / "ecosystem-graphs"
KGRAPH = Path(sys.executable).with_name("kgraph")


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(KGRAPH), *args], capture_output=True, text=True, timeout=300)


# ------------------------------------------------------------------ query, view, stats


def test_query_without_a_query_says_so(examples_out: Path) -> None:
    result = CliRunner().invoke(main, ["query", str(examples_out)])
    assert result.exit_code == 2 and "no query given" in result.output and "not both" not in result.output


def test_a_misspelt_query_form_is_named(examples_out: Path) -> None:
    result = CliRunner().invoke(main, ["query", str(examples_out), "SELEC ?x WHERE { ?x ?p ?o }"])
    assert result.exit_code == 1
    assert "CONSTRUCT" in result.output and "SELEC" in result.output and "did you mean SELECT" in result.output


@pytest.mark.parametrize("update", ["INSERT DATA { <a:b> <a:c> <a:d> }", "PREFIX x: <http://x#>\nDELETE WHERE { ?s ?p ?o }",
                                    "clear all"])
def test_updates_are_refused_as_read_only(examples_out: Path, update: str) -> None:
    result = CliRunner().invoke(main, ["query", str(examples_out), update])
    assert result.exit_code == 1 and "kgraph query is read-only" in result.output
    assert "expected" not in result.output


@pytest.mark.parametrize("args, option", [(["view", "--max-nodes", "0"], "--max-nodes"), (["stats", "--top", "-1"], "--top"),
                                          (["view", "--hops", "1"], "--focus")])
def test_bad_option_values_name_the_option(examples_out: Path, args: list[str], option: str, tmp_path: Path) -> None:
    extra = ["--out", str(tmp_path / "p.html")] if args[0] == "view" else []
    result = CliRunner().invoke(main, [args[0], str(examples_out), *extra, *args[1:]])
    assert result.exit_code == 2, result.output
    assert option in result.output and "max_nodes" not in result.output


def test_view_types_keeps_the_users_spelling(examples_out: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["view", str(examples_out), "--out", str(tmp_path / "p.html"), "--types", "FooBar"])
    assert result.exit_code == 1 and "FooBar" in result.output


def test_the_readmes_first_query_finds_all_20_papers(examples_out: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sparql = re.search(r"kgraph query out '([^']+)'", readme).group(1)
    result = CliRunner().invoke(main, ["query", str(examples_out), sparql, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.strip().splitlines()) == 1 + 20


# ------------------------------------------------------------------ folders


def _data(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "examples" / "structured" / "refs.bib", folder / "refs.bib")


def test_unsupported_hidden_and_fifo_files_in_a_folder_are_listed_once_and_exit_0(tmp_path: Path) -> None:
    src = tmp_path / "in"
    _data(src)
    (src / "README.md").write_text("# my data\n\nNotes about the files here.\n", encoding="utf-8")
    (src / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    (src / ".secret.bib").write_text("@article{x, title={Hidden}}\n", encoding="utf-8")
    os.mkfifo(src / "pipe")
    done = subprocess.run([str(KGRAPH), "build", str(src), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    ignored = [line for line in done.stderr.splitlines() if line.startswith("ignored in ")]
    assert len(ignored) == 1
    for name in ("README.md", "logo.png", ".secret.bib", "pipe"):
        assert name in ignored[0]
    assert "hidden" in ignored[0] and "not a regular file" in ignored[0]


def test_a_fifo_named_on_the_command_line_is_skipped_not_waited_on(tmp_path: Path) -> None:
    _data(tmp_path / "in")
    os.mkfifo(tmp_path / "pipe")
    done = subprocess.run([str(KGRAPH), "build", str(tmp_path / "in"), str(tmp_path / "pipe"), "--out",
                           str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 3
    assert f"skipped: {tmp_path / 'pipe'}: not a regular file (a named pipe)" in done.stderr


def test_a_folder_1000_levels_deep_builds(tmp_path: Path) -> None:
    # Outside pytest's temporary folders: its recursive clean-up of old runs overflows
    # the stack on a tree this deep, so a run killed mid-test would break later runs.
    deep = Path(tempfile.mkdtemp(prefix="kgraph-deep-")) / "in"
    deep.mkdir()
    path = str(deep)
    try:
        for _ in range(1000):
            path = os.path.join(path, "d")
            os.mkdir(path)
        _data(Path(path))
        done = _run("build", str(deep), "--out", str(tmp_path / "out"))
        assert done.returncode == 0, done.stderr[-2000:]
        assert (tmp_path / "out" / "graph.ttl").stat().st_size > 0
    finally:
        _remove_deep(deep.parent)


def _remove_deep(top: Path) -> None:
    """Bottom-up removal: pytest's recursive rmtree of tmp_path overflows at 1,000 levels."""
    stack, order = [str(top)], []
    while stack:  # os.walk recurses too, so walk with a stack and remove deepest first
        folder = stack.pop()
        order.append(folder)
        for entry in os.scandir(folder):
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            else:
                os.unlink(entry.path)
    for folder in reversed(order):
        os.rmdir(folder)


# ------------------------------------------------------------------ the machine


def _unshare_ok() -> bool:
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-r", "-m", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _unshare_ok(), reason="needs `unshare -r -m` to mount a small tmpfs without root")
def test_a_full_disk_and_a_read_only_out_are_one_line_and_keep_the_earlier_outputs(tmp_path: Path) -> None:
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    inputs = " ".join(map(str, EXAMPLES))
    script = f"""
mount -t tmpfs -o size=4m tmpfs {mnt} || exit 90
{KGRAPH} build {inputs} --out {mnt}/out >/dev/null 2>&1 || exit 91
sha256sum {mnt}/out/graph.ttl {mnt}/out/graph.html > {tmp_path}/before
dd if=/dev/zero of={mnt}/fill bs=64k 2>/dev/null
{KGRAPH} build {inputs} --out {mnt}/out >/dev/null 2>{tmp_path}/full.err; echo $? > {tmp_path}/full.rc
rm {mnt}/fill
mount -o remount,ro {mnt}
{KGRAPH} build {inputs} --out {mnt}/out >/dev/null 2>{tmp_path}/ro.err; echo $? > {tmp_path}/ro.rc
sha256sum {mnt}/out/graph.ttl {mnt}/out/graph.html > {tmp_path}/after
ls -a {mnt}/out > {tmp_path}/listing
"""
    done = subprocess.run(["unshare", "-r", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for case, reason in (("full", "no space left"), ("ro", "read-only")):
        assert (tmp_path / f"{case}.rc").read_text().strip() == "6"
        err = (tmp_path / f"{case}.err").read_text().strip().splitlines()
        assert len(err) == 1 and reason in err[0] and f"{mnt}/out" in err[0] and "internal error" not in err[0], err
    assert (tmp_path / "before").read_text() == (tmp_path / "after").read_text()
    assert ".kgraph-build" not in (tmp_path / "listing").read_text()


@pytest.mark.parametrize("exc, code, words", [(OSError(errno.ENOSPC, "No space left on device"), 6, "no space left"),
                                              (MemoryError(), 7, "out of memory")])
def test_a_writer_that_fails_for_the_machine_is_one_line(tmp_path: Path, monkeypatch, exc, code, words) -> None:
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", *map(str, EXAMPLES), "--out", str(out)]).exit_code == 0
    before = (out / "graph.ttl").read_bytes()
    import kgraph.pipeline

    def failing_writer(work, *args, **kwargs):
        (work / "graph.ttl").write_text("half", encoding="utf-8")
        if isinstance(exc, OSError):
            raise OSError(exc.errno, exc.strerror, str(work / "graph.ttl"))
        raise exc

    monkeypatch.setattr(kgraph.pipeline, "write_graph", failing_writer)
    result = CliRunner().invoke(main, ["build", *map(str, EXAMPLES), "--out", str(out)])
    assert result.exit_code == code, result.output
    line = result.stderr.strip().splitlines()[-1]
    assert words in line and str(out) in line and "internal error" not in line and "kept" in line
    assert (out / "graph.ttl").read_bytes() == before
    assert not list(out.glob(".kgraph-build-*"))


# ------------------------------------------------------------------ examples/analysis.py


@pytest.mark.skipif(not ECO.is_dir(), reason=f"Ecosystem Graphs corpus not found at {ECO}")
def test_analysis_runs_on_a_build_without_authors(tmp_path: Path) -> None:
    assert CliRunner().invoke(main, ["build", str(ECO), "--out", str(tmp_path / "eco")]).exit_code in (0, 3)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "analysis.py"), str(tmp_path / "eco")],
                          capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-2000:]


def test_analysis_without_an_argument_writes_nothing_in_the_working_folder(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "analysis.py")], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert list(tmp_path.iterdir()) == []
