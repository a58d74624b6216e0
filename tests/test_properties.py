"""Property-based tests: arbitrary text never breaks a reader, an exporter or the page.

* every registered reader: `sniff` gives a float in [0, 1]; `read` gives records or a
  ValueError / KgraphError, never any other exception;
* `decode` on arbitrary bytes gives text or a ValueError;
* arbitrary literal strings round-trip exactly through Turtle and N-Quads (rdflib and
  pyoxigraph read them back) and through GraphML, where the characters XML 1.0 cannot
  hold become U+FFFD and everything else comes back as written;
* `safe_iri` of URL-like strings gives IRIs that rdflib and pyoxigraph accept;
* no string in a label or title becomes markup in the HTML page.
"""

from __future__ import annotations

import html as html_lib
import json
import re
import tempfile
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kgraph.errors import KgraphError
from kgraph.export.base import ExportContext
from kgraph.export.graphml import GraphMLExporter, read_graphml, xml_safe
from kgraph.export.html import render_html
from kgraph.export.rdf import RDFExporter
from kgraph.graph import IRI, Block, Literal, fact_sort_key, safe_iri
from kgraph.models import DocumentRecords
from kgraph.plugins import READERS
from kgraph.sources.loading import decode
from kgraph.vocab import NS

ALL_READERS = READERS.loaded()
PROPS = settings(deadline=None, max_examples=80, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])

KG_ID = "https://w3id.org/kgraph/id/"
PAPER = IRI(KG_ID + "paper/p1")
DOC = IRI(KG_ID + "doc/d1")
RDF_TYPE = NS["rdf"] + "type"
TITLE = NS["dcterms"] + "title"
LABEL = NS["rdfs"] + "label"
KG_PAPER = IRI(NS["kg"] + "Paper")

# --------------------------------------------------------------------------- strategies

#: Every Unicode scalar value (surrogates cannot be written as UTF-8, so no format can hold them).
ANY_CHAR = st.characters(blacklist_categories=("Cs",))
#: Characters that stress escaping: quotes, backslashes, controls, line and paragraph breaks.
TRICKY = st.sampled_from(['"', "'", "\\", '"""', "\n", "\r", "\r\n", "\t", "\x00", "\x1f", "\x7f",
                          "\x0b", "\x0c", "\u2028", "\u2029", "\ufeff", "\ufffd", "\U0001f600",
                          "<", ">", "&", "</script>", "<!--", "]]>", "@@DATA@@", "\\u0041", "%"])
LITERAL = st.lists(st.one_of(st.text(ANY_CHAR, max_size=12), TRICKY), max_size=8).map("".join)

LINE_SHAPES = st.sampled_from([
    "arXiv:2401.{n:05d}v2", "arXiv:cs/0112017 [cs.CL]", "Created: 2024-01-{d:02d}", "Updated: Mar {d}, 2023",
    "Created:", "Abstract:", "Abstract: We study {w}.", "• {n} authors", "  • 0 authors", "·", "|",
    "Mar {d}", "May 15 2", "Feb 30, 2024", "CLMar 30, 2023Code", "SD{m} {d}, 2024", "CLMar 30, 2023ABCDEFGH",
    "A, B et al. · stanford", "Alberti, Silas", "Doe, Jane · cmu, microsoft-research",
    "Collaborating Authors", "Goto", "arXiv.org Artificial Intelligence", "arXiv.org Foo",
    "Daily Papers", "h-index{n}", "{n}papers", "3,912citations", "accepted to NeurIPS 20{n:02d}",
    "Presented at the 1st Workshop on {w} at ICML", "https://github.com/{w}/{w})).", "www.{w}",
    "{w}", "", "", "   ", "\t", "---", "{{", "<html>", "@article{{x,",
])
WORDS = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="{}"), max_size=20)


@st.composite
def page_like(draw: st.DrawFn) -> str:
    """Text assembled from the line shapes the page layouts look for, with noise between."""
    lines = []
    for shape in draw(st.lists(LINE_SHAPES, max_size=40)):
        lines.append(shape.format(n=draw(st.integers(0, 99999)), d=draw(st.integers(0, 40)),
                                  m=draw(st.sampled_from(["Jan", "Sept.", "Foo"])), w=draw(WORDS)))
        if draw(st.booleans()):
            lines.append(draw(st.text(ANY_CHAR, max_size=30)))
    sep = draw(st.sampled_from(["\n", "\n\n", "\r\n", "\n\n\n"]))
    return sep.join(lines)


# --------------------------------------------------------------------------- readers

def _check_reader(reader, text: str) -> None:
    score = reader.sniff(text)
    assert isinstance(score, float) and 0.0 <= score <= 1.0, (reader.name, score)
    try:
        records = reader.read(text)
    except (ValueError, KgraphError):
        return
    assert isinstance(records, DocumentRecords)


@pytest.mark.parametrize("reader", ALL_READERS, ids=lambda r: r.name)
@PROPS
@given(text=st.text(ANY_CHAR, max_size=400))
@example(text="")
@example(text="\x00\x01\x02\r\r\n\u2028")
def test_reader_on_arbitrary_text(reader, text: str) -> None:
    _check_reader(reader, text)


@pytest.mark.parametrize("reader", ALL_READERS, ids=lambda r: r.name)
@PROPS
@given(text=page_like())
@example(text="CLMar 30, 2023\n\n")
@example(text="Owner\n\nCLMar 30, 2023Code\nTitle\n\nA, B et al. · stanford\n\nAbstract.")
@example(text="  • 3 authors\n·\nMar 1\n")
def test_reader_on_page_like_text(reader, text: str) -> None:
    _check_reader(reader, text)


#: Lines that used to take minutes (catastrophic regex backtracking) now take milliseconds.
HOSTILE_LINES = [
    "CLMar 30, 2023" + "ABC" * 40 + "!",        # author_profile head line: exponential before
    " " * 200_000 + "x",                        # head line / "N authors" regexes: quadratic before
    "\t" * 200_000 + "x",
    "arXiv A" + " " * 200_000 + "1",            # aggregator source line: quadratic before
    "Created:" + " x" * 100_000 + "!",
    "Ab" + "," * 200_000 + " · x\n\n",          # "et al." search: quadratic before
    "CLMar 30, 2023\n\n" * 50_000,              # slice of the rest per head line: quadratic before
    "https://a.b/" + ")" * 200_000,             # trailing-bracket trimming: quadratic before
    " ".join(f"https://h{i}.org/" for i in range(50_000)),  # URL de-duplication: quadratic before
]


@pytest.mark.parametrize("reader", [r for r in ALL_READERS if r.name != "ecosystem_graphs"], ids=lambda r: r.name)
@pytest.mark.parametrize("text", HOSTILE_LINES, ids=range(len(HOSTILE_LINES)))
def test_page_readers_are_linear_on_hostile_lines(reader, text: str) -> None:
    import time

    start = time.perf_counter()
    _check_reader(reader, text)
    assert time.perf_counter() - start < 5.0


def test_ecosystem_graphs_read_on_deep_nesting_raises_valueerror() -> None:
    _check_reader(READERS.get("ecosystem_graphs"), "{" * 20_000)


# --------------------------------------------------------------------------- decoding

@FEW
@given(data=st.binary(max_size=600))
@example(data=b"\xff\xfe\x00")
@example(data=b"\xef\xbb\xbf")
@example(data=b"caf\xe9")
def test_decode_gives_text_or_valueerror(data: bytes) -> None:
    try:
        text, encoding = decode(data)
    except ValueError:
        return
    assert isinstance(text, str) and isinstance(encoding, str)


PRINTABLE = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=200)


@FEW
@given(text=PRINTABLE.filter(lambda t: t.strip()))
def test_decode_keeps_utf8_and_utf16_with_bom(text: str) -> None:
    assert decode(text.encode("utf-8"))[0] == text
    assert decode(b"\xff\xfe" + text.encode("utf-16-le"))[0] == text
    assert decode(b"\xfe\xff" + text.encode("utf-16-be"))[0] == text


def test_decode_keeps_utf8_cut_inside_a_character() -> None:
    data = "Zürich, Müller, Köln, Genève: ü".encode()[:-1]
    text, encoding = decode(data)
    assert encoding == "utf-8" and text.startswith("Zürich, Müller, Köln, Genève")


def test_decode_reads_latin1() -> None:
    assert decode("Zürich Müller café".encode("latin-1")) == ("Zürich Müller café", "cp1252")


# --------------------------------------------------------------------------- RDF round trip

def _block_with(value: str) -> Block:
    return Block(PAPER, sorted([(RDF_TYPE, KG_PAPER, (DOC,)), (TITLE, Literal(value), (DOC,)),
                                (LABEL, Literal(value, lang="en"), (DOC,))], key=fact_sort_key))


def _exported(exporter, block: Block) -> list[str]:
    """The files `exporter` writes for one block, as a build writes them."""
    with tempfile.TemporaryDirectory() as tmp:
        exporter.open(ExportContext(Path(tmp), {DOC: "page.txt"}))
        exporter.write(block)
        exporter.close()
        return [Path(tmp, name).read_text(encoding="utf-8") for name in exporter.files]


def _values(statements, predicate: str) -> list[str]:
    return sorted(str(t[2]) for t in statements if str(t[1]) == predicate)


@PROPS
@given(value=LITERAL)
@example(value='"""')
@example(value='a"""b\\"')
@example(value="\r\n\x00\x08\x1f\x7f")
@example(value="\\u0041\\U00000041")
def test_literals_round_trip_through_turtle_and_trig(value: str) -> None:
    ttl, trig = _exported(RDFExporter(), _block_with(value))

    g = rdflib.Graph().parse(data=ttl, format="turtle")
    assert _values(g, TITLE) == [value]
    assert _values(g, LABEL) == [value]
    ds = rdflib.Dataset().parse(data=trig, format="trig")
    assert _values(ds.quads(), TITLE) == [value]

    for text, fmt in ((ttl, ox.RdfFormat.TURTLE), (trig, ox.RdfFormat.TRIG)):
        quads = list(ox.parse(input=text.encode("utf-8"), format=fmt))
        assert sorted(q.object.value for q in quads if q.predicate.value == TITLE) == [value]
        assert sorted(q.object.value for q in quads if q.predicate.value == LABEL) == [value]


def _graphml_round_trip(value: str, folder: Path) -> None:
    path = folder / "graph.graphml"
    writer = GraphMLExporter()
    writer.open(ExportContext(folder, {DOC: "page.txt"}))
    writer.write(Block(PAPER, [(RDF_TYPE, KG_PAPER, (DOC,)), (LABEL, Literal(value), (DOC,)),
                               (TITLE, Literal(value), (DOC,))]))
    writer.close()
    g = read_graphml(path)
    expected = xml_safe(value)
    assert re.fullmatch("[^\x00-\x08\x0b\x0c\x0e-\x1f]*", expected)
    data = g.nodes[PAPER]
    assert data["label"] == (expected or "p1")  # an empty label falls back to the IRI's local name
    assert data.get("title", "") == expected


@PROPS
@given(value=LITERAL.map(lambda v: v.replace("\r", "")))
@example(value="\x00\x0b")
@example(value=" lead and trail ")
@example(value="\t\n  \n")
def test_literals_round_trip_through_graphml(value: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    """GraphML keeps every string XML 1.0 can hold; the C0 controls it cannot hold become U+FFFD.

    Carriage returns are left to the test below, which fails today.
    """
    _graphml_round_trip(value, tmp_path_factory.mktemp("gml"))


def test_graphml_keeps_carriage_returns(tmp_path: Path) -> None:
    _graphml_round_trip("a\r\nb\rc", tmp_path)


# --------------------------------------------------------------------------- IRIs

URL_TAIL = st.text(st.one_of(ANY_CHAR, st.sampled_from(list(" <>\"{}|^`\\%#[]?:@!$&'()*+,;=~"))), max_size=40)


def _accepted(iri: str) -> None:
    doc = f"<{iri}> <http://example.org/p> \"x\" .\n"
    g = rdflib.Graph().parse(data=doc, format="turtle")
    assert len(g) == 1
    assert len(list(ox.parse(input=doc.encode("utf-8"), format=ox.RdfFormat.TURTLE))) == 1


@FEW
@given(tail=st.text(st.characters(whitelist_categories=("Ll", "Lu", "Nd", "Zs")) | st.sampled_from(list("<>\"{}|^`\\ \t\n")),
                    max_size=40))
def test_safe_iri_encodes_what_turtle_forbids(tail: str) -> None:
    _accepted(safe_iri("https://example.org/" + tail))


@FEW
@given(tail=URL_TAIL)
@example(tail="100%")
@example(tail="a#b#c")
def test_safe_iri_gives_iris_every_parser_accepts(tail: str) -> None:
    _accepted(safe_iri("https://example.org/" + tail))


# --------------------------------------------------------------------------- HTML

DATA_BLOB = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.S)


def _page(label: str, title: str, page_title: str = "kgraph") -> str:
    g = nx.MultiDiGraph()
    g.add_node(KG_ID + "paper/p1", label=label, type="Paper", title=title, sources=title)
    g.add_node(KG_ID + "person/a", label=title, type=label or "Person")
    g.add_edge(KG_ID + "paper/p1", KG_ID + "person/a", key="creator", relation="creator")
    return render_html(g, title=page_title)


BASELINE = _page("A paper", "A title")
SCRIPT_OPEN = BASELINE.count("<script")
SCRIPT_CLOSE = BASELINE.count("</script")


@PROPS
@given(label=LITERAL, title=LITERAL, page_title=LITERAL)
@example(label="</script><script>alert(1)</script>", title="<img src=x onerror=alert(1)>", page_title="</title><script>")
@example(label="<!--<script>", title="\u2028\u2029", page_title="@@DATA@@")
@example(label="lone \ud800 surrogate", title="\udfff", page_title="")
def test_page_text_never_becomes_markup(label: str, title: str, page_title: str) -> None:
    page = _page(label, title, page_title)
    page.encode("utf-8")  # writable as UTF-8 whatever the strings held
    assert page.count("<script") == SCRIPT_OPEN
    assert page.count("</script") == SCRIPT_CLOSE
    head = re.search(r"<title>(.*?)</title>", page, re.S)
    assert head is not None and html_lib.unescape(head.group(1)) == page_title
    blobs = DATA_BLOB.findall(page)
    assert len(blobs) == 1
    data = json.loads(blobs[0])
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels[KG_ID + "paper/p1"] == (label or KG_ID + "paper/p1")
    assert labels[KG_ID + "person/a"] == (title or KG_ID + "person/a")
