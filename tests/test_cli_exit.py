"""The console script keeps exit codes and output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def _kgraph(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kgraph.cli", *args], capture_output=True, text=True, timeout=120)


def test_output_written_to_a_pipe_is_not_lost() -> None:
    done = _kgraph("formats")
    assert done.returncode == 0
    assert "arxiv" in done.stdout.lower() and len(done.stdout.splitlines()) >= 5


def test_an_error_keeps_its_exit_code_and_one_line_reason(tmp_path: Path) -> None:
    done = _kgraph("build", str(tmp_path / "missing"), "--out", str(tmp_path / "out"))
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].startswith("kgraph: error:")


def test_a_usage_error_keeps_clicks_exit_code() -> None:
    assert _kgraph("build").returncode == 2
