"""The console script as people run it: in a terminal (a pseudo-terminal here), where the
progress bars are drawn. Tests that capture output never see the bars, and a bar that
crashed every build of 1,000+ records went unnoticed that way."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

KGRAPH = Path(sys.executable).with_name("kgraph")
PAPERS = 2000
FIRST = ["Ana", "Wei", "Maria", "John", "Priya", "Kenji", "Fatima", "Lars", "Chen", "Sofia"]
LAST = ["Smith", "Wang", "Garcia", "Kumar", "Tanaka", "Haddad", "Nielsen", "Rossi", "Khan", "Petrova"]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

pytestmark = pytest.mark.skipif(not KGRAPH.exists(), reason="the kgraph console script is not installed beside python")


def in_terminal(*args: str, timeout: float = 300) -> tuple[int, str]:
    """Run `kgraph ARGS` with stdin, stdout and stderr on a pseudo-terminal; (exit code, screen text)."""
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    env.pop("CI", None)  # rich draws no live bars when it believes it is in CI
    proc = subprocess.Popen([str(KGRAPH), *args], stdin=slave, stdout=slave, stderr=slave, env=env,
                            close_fds=True)
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # the child closed the terminal
                    break
                if not data:
                    break
                chunks.append(data)
            elif proc.poll() is not None:
                break
        else:
            proc.kill()
            pytest.fail(f"kgraph {' '.join(args)} did not finish in {timeout} s")
        code = proc.wait(timeout=30)
    finally:
        os.close(master)
    return code, b"".join(chunks).decode("utf-8", "replace")


def snapshot_lines(n: int) -> str:
    """n arXiv snapshot lines, authors drawn from a small pool so that people recur."""
    lines = []
    for i in range(n):
        authors = [[LAST[(i + j) % len(LAST)], FIRST[(i * 3 + j) % len(FIRST)], ""] for j in range(1 + i % 4)]
        lines.append(json.dumps({
            "id": f"2301.{i:05d}",
            "authors": ", ".join(f"{a[1]} {a[0]}" for a in authors),
            "title": f"A study of terminal progress number {i}",
            "comments": "Accepted at NeurIPS 2023" if i % 5 == 0 else None,
            "journal-ref": None,
            "doi": None,
            "categories": "cs.CL cs.LG" if i % 2 else "cs.LG",
            "abstract": f"We evaluate BERT on SQuAD and report results for setting {i}.",
            "versions": [{"version": "v1", "created": "Mon, 2 Jan 2023 10:00:00 GMT"}],
            "update_date": "2023-01-02",
            "authors_parsed": authors,
        }))
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def terminal_build(tmp_path_factory) -> tuple[Path, int, str]:
    root = tmp_path_factory.mktemp("terminal")
    snapshot = root / "snapshot.jsonl"
    snapshot.write_text(snapshot_lines(PAPERS), encoding="utf-8")
    out = root / "out"
    code, screen = in_terminal("build", str(snapshot), "--out", str(out))
    return out, code, screen


def test_a_large_build_in_a_terminal_writes_everything(terminal_build):
    out, code, screen = terminal_build
    assert code == 0, screen[-2000:]
    assert "internal error" not in screen
    for name in ("graph.ttl", "graph.trig", "graph.graphml", "graph.html", "provenance.trig"):
        assert (out / name).stat().st_size > 0, name
    assert f"records: {PAPERS}" in ANSI.sub("", screen)
    assert "validation: the graph conforms to the kgraph shapes" in ANSI.sub("", screen)  # every build


def test_the_bars_show_progress_and_the_writing_bar_reaches_done(terminal_build):
    _, code, screen = terminal_build
    text = ANSI.sub("", screen)
    assert "reading" in text
    written = [int(n.replace(",", "")) for n in re.findall(r"([\d,]+) of 2,000 papers", text)]
    assert written, "no writing bar was drawn"
    assert written == sorted(written), "the writing bar went backwards"
    assert written[-1] == PAPERS
    assert any(0 < n < PAPERS for n in written), "the writing bar jumped from nothing to done"


@pytest.mark.parametrize("args", [
    ("query", "{out}", "SELECT (COUNT(?p) AS ?n) WHERE { ?p a kg:Paper }"),
    ("stats", "{out}"),
    ("view", "{out}", "--out", "{out}/view.html", "--max-nodes", "100"),
    ("explain", "{out}", "Ana Smith"),
], ids=lambda a: a[0])
def test_commands_in_a_terminal(terminal_build, args):
    out, code, _ = terminal_build
    assert code == 0
    code, screen = in_terminal(*(a.replace("{out}", str(out)) for a in args))
    assert code == 0, screen[-2000:]
    assert "error" not in ANSI.sub("", screen).lower()
    if args[0] == "query":
        assert str(PAPERS) in screen
    if args[0] == "view":
        assert (out / "view.html").stat().st_size > 0
    if args[0] == "explain":
        assert "Ana Smith" in screen


@pytest.mark.parametrize("args, first, says", [
    (("query", "{out}", "ASK { ?p a kg:Paper }"), "store", "making the SPARQL store for"),
    (("explain", "{out}", "Ana Smith"), ".kgraph/explain.sqlite", "making the explain index for"),
], ids=["query", "explain"])
def test_a_first_query_or_explain_says_what_it_is_making(terminal_build, args, first, says):
    import shutil

    out, code, _ = terminal_build
    assert code == 0
    made = out / first
    real = made.resolve()  # DIR/store and DIR/.kgraph are links into the current generation
    if real.is_dir():
        shutil.rmtree(real)
    real.unlink(missing_ok=True)
    if made.is_symlink():
        made.unlink()
    code, screen = in_terminal(*(a.replace("{out}", str(out)) for a in args))
    assert code == 0, screen[-2000:]
    assert says in ANSI.sub("", screen)
    assert made.exists()
    # the second time there is nothing to make, and nothing is said
    code, screen = in_terminal(*(a.replace("{out}", str(out)) for a in args))
    assert code == 0 and says not in ANSI.sub("", screen)


def test_piped_commands_print_no_progress(terminal_build):
    out, code, _ = terminal_build
    (out / ".kgraph" / "explain.sqlite").unlink(missing_ok=True)
    done = subprocess.run([str(KGRAPH), "explain", str(out), "Ana Smith"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and done.stdout.startswith("Ana Smith")
