"""The HTML view in a real headless Chromium: it draws, searches, and never runs page text."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import networkx as nx
import pytest

from kgraph.export.html import LAYOUT_THRESHOLD, write_html

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium not installed (apt-get install chromium)")

KG = "https://w3id.org/kgraph/id/"
PWN = '<img src=x onerror="document.body.dataset.pwned=1">'


def graph(*, hostile: bool = False) -> nx.MultiDiGraph:
    """Two papers with authors, an organisation, a dataset and a model."""
    g = nx.MultiDiGraph()
    for key, label, type_ in [("p/1", "Scaling Laws for Retrieval", "Paper"),
                              ("p/2", "A Long-Context Benchmark", "Paper"),
                              ("a/ada", "Ada Lovelace", "Person"),
                              ("a/alan", "Alan Turing", "Person"),
                              ("o/dm", "Google DeepMind", "Organization"),
                              ("d/mmlu", "MMLU", "Benchmark"), ("m/llama", "Llama 3", "Model")]:
        g.add_node(KG + key, label=label, type=type_, sources="seeds/a.html")
    for u, v, rel in [("p/1", "a/ada", "creator"), ("p/1", "a/alan", "creator"),
                      ("p/2", "a/ada", "creator"), ("p/1", "o/dm", "affiliation"),
                      ("a/ada", "o/dm", "affiliatedWith"), ("p/2", "d/mmlu", "introduces"),
                      ("p/1", "d/mmlu", "uses"), ("p/1", "m/llama", "uses")]:
        g.add_edge(KG + u, KG + v, relation=rel)
    if hostile:
        g.add_node(KG + "p/evil", label="Evil " + PWN, type="Paper", title=PWN,
                   abstract="</script><script>document.body.dataset.pwned=2</script>")
        g.add_edge(KG + "p/evil", KG + "a/ada", relation="creator")
    return g


def big_graph(n: int) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for i in range(n):
        g.add_node(f"{KG}n/{i:05d}", label=f"Node {i}", type=("Paper", "Person", "Dataset")[i % 3])
    for i in range(1, n):
        g.add_edge(f"{KG}n/{i:05d}", f"{KG}n/{(i * 7919) % i:05d}", relation="uses")
    return g


def chromium(tmp_path: Path, url: str, *extra: str) -> str:
    args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=15000", *extra, url]
    done = subprocess.run(args, capture_output=True, text=True, timeout=180, check=True)
    return done.stdout


def dump(tmp_path: Path, page: Path, fragment: str = "") -> str:
    return chromium(tmp_path, page.as_uri() + fragment, "--dump-dom")


def errors_box(dom: str) -> str:
    start = dom.index('id="kg-errors"')
    return dom[dom.index(">", start) + 1: dom.index("</pre>", start)]


def test_page_draws_and_finds_by_fragment(tmp_path):
    summary = write_html(graph(), tmp_path / "page.html")
    dom = dump(tmp_path, summary.path, "#search=mmlu")
    assert f'data-node-count="{summary.nodes_shown}"' in dom
    assert "<canvas" in dom
    assert errors_box(dom) == ""
    assert f'data-search-result="{KG}d/mmlu"' in dom
    assert "Paper" in dom and "Person" in dom  # the legend was built


def test_search_reports_no_match(tmp_path):
    summary = write_html(graph(), tmp_path / "page.html")
    dom = dump(tmp_path, summary.path, "#search=nothing%20like%20this")
    assert 'data-search-result=""' in dom
    assert "no match" in dom


def test_hostile_text_is_shown_not_run(tmp_path):
    summary = write_html(graph(hostile=True), tmp_path / "page.html")
    dom = dump(tmp_path, summary.path, "#search=evil")
    assert f'data-search-result="{KG}p/evil"' in dom  # its card is now in the details panel
    assert "data-pwned" not in dom
    assert "&lt;img src=x onerror=" in dom  # shown as text in the card
    assert "<img" not in dom
    assert errors_box(dom) == ""


# Appended to a copy of the page: hover the hostile node, then record what the tooltip shows.
HOVER_SCRIPT = """<script>
(function () {
  var timer = setInterval(function () {
    if (!window.kgraphReady) { return; }
    clearInterval(timer);
    var data = JSON.parse(document.getElementById("kg-data").textContent);
    var index = data.nodes.findIndex(function (n) { return n.label.indexOf("Evil") === 0; });
    var net = window.kgraphNetwork;
    var pos = net.canvasToDOM(net.getPosition(index));
    var canvas = document.querySelector("#kg-network canvas");
    var rect = canvas.getBoundingClientRect();
    canvas.dispatchEvent(new MouseEvent("mousemove",
      {clientX: rect.left + pos.x, clientY: rect.top + pos.y, bubbles: true}));
    setTimeout(function () {
      var tip = document.querySelector("div.vis-tooltip");
      document.body.dataset.tooltip = tip ? tip.textContent : "none";
      document.body.dataset.tooltipImages = tip ? String(tip.querySelectorAll("img").length) : "";
    }, 800);
  }, 50);
})();
</script>"""


def test_hover_card_shows_text(tmp_path):
    summary = write_html(graph(hostile=True), tmp_path / "page.html")
    page = summary.path.read_text(encoding="utf-8")
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", HOVER_SCRIPT + "</body>"), encoding="utf-8")
    dom = dump(tmp_path, probe)
    body = dom.split("<body", 1)[1].split(">", 1)[0]
    assert 'data-tooltip-images="0"' in body
    assert "Evil &lt;img src=x onerror=" in body  # label, as text
    assert "Paper" in body and "abstract" in body and "data-pwned" not in body


def test_large_page_uses_fixed_layout_and_draws(tmp_path):
    n = LAYOUT_THRESHOLD + 200
    summary = write_html(big_graph(n), tmp_path / "big.html", max_nodes=n)
    dom = dump(tmp_path, summary.path)
    assert f'data-node-count="{n}"' in dom and errors_box(dom) == ""


def test_screenshot_is_not_blank(tmp_path):
    summary = write_html(graph(), tmp_path / "page.html")
    shot = tmp_path / "page.png"
    chromium(tmp_path, summary.path.as_uri(), f"--screenshot={shot}", "--window-size=1200,800")
    png = shot.read_bytes()
    assert len(png) > 20_000
    width, height, pixels = png_size_and_data(png)
    assert (width, height) == (1200, 800)
    assert len(set(pixels[:: 97])) > 30, "more than one flat colour"


def png_size_and_data(png: bytes) -> tuple[int, int, bytes]:
    """Width, height and the inflated (still filtered) image bytes of a PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        body = png[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return width, height, zlib.decompress(idat)
