"""Fixtures shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph.cli import main

EXAMPLES = [Path(__file__).resolve().parents[1] / "examples" / name for name in ("pages", "structured")]


@pytest.fixture(scope="module")
def examples_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled examples built through the CLI, once per module (tests read it, never change it)."""
    out = tmp_path_factory.mktemp("ex") / "out"
    result = CliRunner().invoke(main, ["build", *map(str, EXAMPLES), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out
