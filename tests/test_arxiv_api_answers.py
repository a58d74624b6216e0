"""arXiv API answers that are not lists of papers: an error feed and a query that matched nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kgraph.errors import DocumentError
from kgraph.sources.arxiv_atom import reader

HEAD = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/q1</id>
  <title>arXiv Query: id_list=x</title>
  <updated>2026-01-01T00:00:00Z</updated>
"""

ERROR_FEED = HEAD + """  <opensearch:totalResults>1</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_abc</id>
    <title>Error</title>
    <summary>incorrect id format for abc</summary>
    <author><name>arXiv api core</name></author>
  </entry>
</feed>
"""

EMPTY_FEED = HEAD + """  <opensearch:itemsPerPage>100</opensearch:itemsPerPage>
  <opensearch:totalResults>0</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
</feed>
"""

ONE_PAPER = HEAD + """  <opensearch:totalResults>1</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/abs/2401.00001v1</id>
    <published>2024-01-01T00:00:00Z</published>
    <title>A Paper</title>
    <summary>Text.</summary>
    <author><name>Ada Obi</name></author>
  </entry>
</feed>
"""


def _build(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kgraph.cli", "build", *args],
                          capture_output=True, text=True, timeout=300)


def test_an_error_feed_raises_the_apis_own_message() -> None:
    with pytest.raises(DocumentError, match="^the arXiv API answered with an error: incorrect id format for abc$"):
        reader.read(ERROR_FEED)


def test_a_feed_with_no_results_is_read_as_empty() -> None:
    doc = reader.read(EMPTY_FEED)
    assert doc.papers == [] and doc.stated_empty


def test_an_atom_feed_without_entries_or_a_zero_count_is_still_refused() -> None:
    with pytest.raises(ValueError, match="no <entry>"):
        reader.read(HEAD + "</feed>\n")


def test_the_build_names_the_file_and_the_apis_message(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    bad = tmp_path / "in" / "error.xml"
    bad.write_text(ERROR_FEED, encoding="utf-8")
    (tmp_path / "in" / "paper.xml").write_text(ONE_PAPER, encoding="utf-8")
    run = _build(str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert run.returncode == 3, run.stderr  # as for any input that could not be used
    assert f"skipped: {bad}: the arXiv API answered with an error: incorrect id format for abc" in run.stderr.splitlines()
    assert "Traceback" not in run.stderr
    assert "A Paper" in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")


def test_a_folder_holding_only_an_empty_answer_builds_cleanly(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.xml").write_text(EMPTY_FEED, encoding="utf-8")
    run = _build(str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    assert "skipped" not in run.stderr
    assert "arxiv_atom: 1" in run.stdout  # a document read, with no records


def test_a_worker_task_reports_the_refusal_instead_of_raising(tmp_path: Path) -> None:
    """With --engine dask every document is read in a task: the error comes back, the build skips it."""
    from kgraph.workers import Task, run_task

    (tmp_path / "error.xml").write_text(ERROR_FEED, encoding="utf-8")
    result = run_task(Task(str(tmp_path / "error.xml"), "arxiv_atom", str(tmp_path / "spool.jsonl")))
    assert result.error == "the arXiv API answered with an error: incorrect id format for abc"
    assert result.papers == 0 and (tmp_path / "spool.jsonl").exists()
    (tmp_path / "empty.xml").write_text(EMPTY_FEED, encoding="utf-8")
    result = run_task(Task(str(tmp_path / "empty.xml"), "arxiv_atom", str(tmp_path / "spool2.jsonl")))
    assert not result.error and result.stated_empty
