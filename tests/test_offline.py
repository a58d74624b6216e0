"""No network from a query, no live links from data (issue 17), through the CLI."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph.cli import main
from kgraph.sparql_form import uses_service
from kgraph.urls import web_url


@pytest.fixture()
def endpoint():
    """A SPARQL 'endpoint' on 127.0.0.1 that records every request it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
            hits.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", hits
    server.shutdown()


def test_a_service_clause_is_refused_and_nothing_is_sent(examples_out: Path, endpoint) -> None:
    url, hits = endpoint
    query = f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    result = CliRunner().invoke(main, ["query", str(examples_out), query])
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "SERVICE" in lines[0] and "--allow-service" in lines[0]
    assert hits == []


def test_service_in_strings_comments_and_iris_is_not_a_clause(examples_out: Path) -> None:
    query = ('# a SERVICE comment\nSELECT ?p WHERE { ?p a kg:Paper . '
             'FILTER(?p != <https://example.org/SERVICE> && "SERVICE" != "x") } LIMIT 1')
    result = CliRunner().invoke(main, ["query", str(examples_out), query])
    assert result.exit_code == 0, result.output
    assert uses_service("select * { service silent <http://x/> { ?s ?p ?o } }")
    assert not uses_service("SELECT ?service WHERE { ?service ?p ?o }")


@pytest.mark.parametrize("url,expected", [
    ("https://example.org/a", "https://example.org/a"),
    ("http://example.org", "http://example.org"),
    ("github.com/a/b", "github.com/a/b"),
    ("javascript:alert(1)", None),
    ("JavaScript:alert(1)", None),
    ("file:///etc/passwd", None),
    ("data:text/html,<b>x</b>", None),
    ("mailto:someone@example.org", None),
    ("ftp://example.org/x", None),
    ("https:example.org", None),
])
def test_only_web_addresses_are_links(url: str, expected: str | None) -> None:
    assert web_url(url) == expected


ASSETS = """\
- type: model
  name: Harmless Model
  organization: Example Lab
  url: "javascript:alert(1)"
  created_date: 2024-01-01
- type: model
  name: Linked Model
  organization: Example Lab
  url: https://example.org/linked
  created_date: 2024-01-02
"""

BIB = """\
@misc{paper1,
  title = {A Paper With a Bad Link},
  author = {Ada Example},
  year = {2024},
  url = {file:///etc/passwd},
}
"""


def test_a_javascript_or_file_url_never_becomes_a_link(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "assets.yaml").write_text(ASSETS, encoding="utf-8")
    (tmp_path / "in" / "refs.bib").write_text(BIB, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(tmp_path / "in"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    for name in ("graph.ttl", "graph.trig", "graph.graphml", "graph.html"):
        text = (out / name).read_text(encoding="utf-8")
        assert "javascript:alert" not in text and "file:///etc" not in text, name
    assert "https://example.org/linked" in (out / "graph.ttl").read_text(encoding="utf-8")
