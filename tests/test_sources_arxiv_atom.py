"""arXiv API Atom feeds: entry fields, affiliations, hardened XML parsing, sniffing."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kgraph.models import Institution, PartialDate
from kgraph.sources.arxiv_atom import parse_xml_safely, reader
from kgraph.sources.base import detect

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <title type="html">ArXiv Query: search_query=all:agents</title>
  <id>http://arxiv.org/api/abc</id>
  <entry>
    <id>http://arxiv.org/abs/2401.00001v2</id>
    <updated>2024-01-09T10:00:00Z</updated>
    <published>2024-01-01T18:59:59Z</published>
    <title>Tiny Agents:
      Small Models that Act</title>
    <summary>  We build tiny agents.
Code is at https://github.com/example-lab/tiny-agents and a demo at https://example.org/tiny.
</summary>
    <author><name>Ada Obi</name><arxiv:affiliation>Example Lab</arxiv:affiliation></author>
    <author><name>Wen Zhao</name>
      <arxiv:affiliation>Northbridge University</arxiv:affiliation>
      <arxiv:affiliation>Example Lab</arxiv:affiliation>
    </author>
    <author><name>Jo&#235;l Martin</name></author>
    <arxiv:doi>10.5555/example.2024.1</arxiv:doi>
    <arxiv:comment>Accepted at ICLR 2024 &amp; extended</arxiv:comment>
    <link href="http://arxiv.org/abs/2401.00001v2" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/2401.00001v2" rel="related" type="application/pdf"/>
    <arxiv:primary_category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.AI" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <category term="I.2.6; I.2.8" scheme="http://arxiv.org/schemas/atom"/>
    <category term="68T05" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
  <entry>
    <id>http://arxiv.org/abs/hep-th/0703001v1</id>
    <updated>2007-03-01T19:18:42Z</updated>
    <published>2007-03-01T19:18:42Z</published>
    <title>Branes at Finite Temperature</title>
    <summary>We study branes.</summary>
    <author><name>J. Kowalski</name></author>
    <arxiv:journal_ref>Phys.Rev.D76:013009,2007</arxiv:journal_ref>
    <arxiv:comment>Accepted at ICLR 2024</arxiv:comment>
    <arxiv:primary_category term="hep-th" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id>
    <title>Error</title>
    <summary>incorrect id format for 1234</summary>
  </entry>
</feed>
"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE feed [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <entry><id>http://arxiv.org/abs/2401.00001v1</id><title>&lol9;</title><summary>&lol9;</summary></entry>
</feed>
"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2401.00001</id><title>&xxe;</title></entry></feed>
"""


@pytest.fixture(scope="module")
def doc():
    return reader.read(FEED)


def test_entries_become_papers(doc) -> None:
    assert [(p.arxiv_id, p.arxiv_version) for p in doc.papers] == [("2401.00001", 2), ("hep-th/0703001", 1)]
    assert [p.index for p in doc.papers] == [0, 1]


def test_api_error_entry_is_a_warning(doc) -> None:
    assert doc.warnings == ["entry 3: arXiv API error: incorrect id format for 1234; skipped"]


def test_entry_fields(doc) -> None:
    paper = doc.papers[0]
    assert paper.title == "Tiny Agents: Small Models that Act"
    assert paper.abstract.startswith("We build tiny agents. Code is at")
    assert paper.issued == PartialDate(year=2024, month=1, day=1)
    assert paper.updated == PartialDate(year=2024, month=1, day=9)
    assert paper.doi == "10.5555/example.2024.1"
    assert paper.comments == ["Accepted at ICLR 2024 & extended"]
    assert paper.code_urls == ["https://github.com/example-lab/tiny-agents"]
    assert paper.homepage_urls == ["https://example.org/tiny"]


def test_authors_and_affiliations(doc) -> None:
    paper = doc.papers[0]
    assert [a.name for a in paper.authors] == ["Ada Obi", "Wen Zhao", "Joël Martin"]
    assert paper.institutions == [Institution(name="Example Lab"), Institution(name="Northbridge University")]


def test_categories_primary_first_and_only_arxiv_codes(doc) -> None:
    assert doc.papers[0].categories == ["cs.LG", "cs.AI"]
    assert doc.papers[1].categories == ["hep-th"]


def test_venue_prefers_journal_ref_over_comment(doc) -> None:
    assert doc.papers[0].venue is not None and (doc.papers[0].venue.series, doc.papers[0].venue.year) == ("ICLR", 2024)
    assert doc.papers[1].venue is not None and doc.papers[1].venue.series == "Phys.Rev.D"


def test_billion_laughs_is_refused_quickly() -> None:
    start = time.perf_counter()
    with pytest.raises(ValueError, match="XML entity declarations are not allowed"):
        reader.read(BILLION_LAUGHS)
    assert time.perf_counter() - start < 1


def test_entity_declarations_after_a_tricky_comment_are_refused() -> None:
    text = BILLION_LAUGHS.replace('<?xml version="1.0"?>', '<?xml version="1.0"?>\n<!-- an <a> in a comment -->')
    with pytest.raises(ValueError, match="XML entity declarations are not allowed"):
        parse_xml_safely(text)


def test_external_entity_is_refused() -> None:
    with pytest.raises(ValueError, match="XML entity declarations are not allowed"):
        reader.read(XXE)


def test_undeclared_entity_is_not_well_formed() -> None:
    with pytest.raises(ValueError, match="not well-formed XML"):
        parse_xml_safely('<feed xmlns="http://www.w3.org/2005/Atom"><title>&nope;</title></feed>')


def test_external_dtd_is_not_loaded() -> None:
    text = '<!DOCTYPE feed SYSTEM "http://example.invalid/feed.dtd">\n' + FEED.split("\n", 1)[1]
    assert len(reader.read(text).papers) == 2  # parsed without fetching (no network)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('<feed xmlns="http://www.w3.org/2005/Atom"><entry>', "not well-formed XML"),
        ('<rss version="2.0"><channel/></rss>', "not an Atom feed"),
        ('<feed xmlns="http://www.w3.org/2005/Atom"><title>empty</title></feed>', "no <entry> elements"),
    ],
)
def test_unusable_documents(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        reader.read(text)


def test_entry_without_arxiv_id_is_a_warning() -> None:
    text = FEED.replace("http://arxiv.org/abs/hep-th/0703001v1", "tag:example.org,2024:post-1")
    doc = reader.read(text)
    assert len(doc.papers) == 1
    assert doc.warnings[0].startswith("entry 2: no arXiv id in <id>")


def test_example_file() -> None:
    doc = reader.read((EXAMPLES / "structured" / "feed.atom").read_text(encoding="utf-8"))
    assert [p.arxiv_id for p in doc.papers] == ["2411.05678", "2405.22222"] and not doc.warnings


def test_sniff_and_detect() -> None:
    assert reader.sniff(FEED) >= 0.9
    assert reader.sniff(BILLION_LAUGHS) >= 0.9  # so that read() refuses it with its reason
    assert detect(FEED)[0] is reader


def _other_inputs() -> list[Path]:
    pages = sorted((EXAMPLES / "pages").glob("*.txt"))
    structured = [p for p in sorted((EXAMPLES / "structured").iterdir()) if p.suffix != ".atom"]
    return pages + structured


@pytest.mark.parametrize("path", _other_inputs(), ids=lambda p: p.name)
def test_sniff_rejects_other_formats(path: Path) -> None:
    assert reader.sniff(path.read_text(encoding="utf-8")) < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "",
        "<html><body><p>arXiv</p></body></html>",
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>My blog</title><entry><id>tag:x</id></entry></feed>',
        '<rss version="2.0"><channel><title>arxiv.org/abs/1</title></channel></rss>',
    ],
)
def test_sniff_rejects_other_xml(text: str) -> None:
    assert reader.sniff(text) < 0.5
