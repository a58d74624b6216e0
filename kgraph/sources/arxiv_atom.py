"""arXiv API Atom feeds: `<feed xmlns="http://www.w3.org/2005/Atom">` with one `<entry>` per paper.

Each entry carries the versioned abs URL as its id, title, summary, published
and updated timestamps, authors (with `arxiv:affiliation`), and the arXiv
extensions: comment, journal_ref, doi, primary_category, plus `category`
terms. Parsing is hardened: a document that declares entities is refused
outright, and lxml runs with entity expansion, DTD loading and network access
all off, so a billion-laughs payload is never expanded.
"""

from __future__ import annotations

import re
from typing import Any

from kgraph.errors import DocumentError
from kgraph.models import DocumentRecords, Institution, PaperRecord, PartialDate, PersonName
from kgraph.sources.arxiv_snapshot import clean_doi, venue_from_journal_ref
from kgraph.sources.arxiv_ids import parse_arxiv_id
from kgraph.sources.dates import parse_date
from kgraph.sources.venues import parse_venue
from kgraph.urls import find_urls, split_urls
from kgraph.text import clean_space

__all__ = ["ArxivAtomReader", "reader", "parse_xml_safely"]

ATOM = "http://www.w3.org/2005/Atom"
ARXIV = "http://arxiv.org/schemas/atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
_NS = {"a": ATOM, "arxiv": ARXIV, "os": OPENSEARCH}

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_FIRST_ELEMENT = re.compile(r"<[A-Za-z_]")
_ENTITY_DECL = re.compile(r"<!ENTITY", re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_ARXIV_CATEGORY = re.compile(r"^[a-z][a-z\-]*(?:\.[A-Za-z][A-Za-z\-]*)?$")
_ISO_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})")


class ArxivAtomReader:
    """Reads arXiv API responses (Atom 1.0 feeds with arXiv extension elements)."""

    name = "arxiv_atom"
    description = "arXiv API Atom feed: <feed> of <entry> elements with arxiv: extensions"

    def sniff(self, text: str) -> float:
        """High for an Atom `<feed>` that mentions arXiv; looks at the text only, parses nothing."""
        head = text.lstrip("\ufeff \t\r\n")[:8000]
        if not head.startswith("<") or not re.search(r"<(?:\w+:)?feed\b", head):
            return 0.0
        if ATOM not in head:
            return 0.2
        if ARXIV in head or "arxiv.org/abs/" in head or "arxiv.org/api" in head:
            return 0.95
        return 0.4  # an Atom feed of something else (a blog, a changelog)

    def read(self, text: str) -> DocumentRecords:
        """Parse the feed safely and turn each `<entry>` into a PaperRecord."""
        root = parse_xml_safely(text)
        if root.tag != f"{{{ATOM}}}feed":
            raise ValueError(f"not an Atom feed: the root element is <{_local(root.tag)}>, not <feed>")
        doc = DocumentRecords(format=self.name)
        entries = list(root.iterfind("a:entry", _NS))
        errors = [_api_error(e) for e in entries]
        if entries and all(errors):
            # The API's answer to a bad query is a feed of error entries: the message is the news.
            raise DocumentError("the arXiv API answered with an error: " + "; ".join(dict.fromkeys(errors)))
        for position, (entry, error) in enumerate(zip(entries, errors), start=1):
            if error:
                doc.warnings.append(f"entry {position}: arXiv API error: {error}; skipped")
                continue
            try:
                doc.papers.append(_record(len(doc.papers), entry))
            except ValueError as exc:
                doc.warnings.append(f"entry {position}: {exc}; skipped")
        if not entries:
            if _child_text(root, "os:totalResults") == "0":
                doc.stated_empty = True  # a query that matched nothing: a used input with no records
                return doc
            raise ValueError("the Atom feed has no <entry> elements")
        return doc


def parse_xml_safely(text: str) -> Any:
    """An lxml root element, never expanding entities, loading DTDs or touching the network.

    Entity declarations are refused before parsing (the billion-laughs defence);
    the parser settings are a second line of defence.
    """
    from lxml import etree  # imported here: no heavy import at kgraph import time

    body = _XML_DECL.sub("", text.lstrip("\ufeff"), count=1)
    if _ENTITY_DECL.search(_prolog(body)):
        raise ValueError("XML entity declarations are not allowed")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"not well-formed XML: {exc}") from None
    if root is None:
        raise ValueError("empty XML document")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise ValueError("XML entity declarations are not allowed")
    return root


def _prolog(body: str) -> str:
    """Everything before the root element, comments removed (a comment may hold "<a>")."""
    uncommented = _COMMENT.sub("", body)
    first = _FIRST_ELEMENT.search(uncommented)
    return uncommented[: first.start()] if first else uncommented


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _child_text(element: Any, path: str) -> str | None:
    """Text of the first matching child (including nested markup), white space collapsed."""
    child = element.find(path, _NS)
    if child is None:
        return None
    return clean_space("".join(child.itertext())) or None


def _record(index: int, entry: Any) -> PaperRecord:
    """One `<entry>` -> PaperRecord; ValueError for API error entries and entries without an id."""
    entry_id = _child_text(entry, "a:id") or ""
    parsed = parse_arxiv_id(entry_id.split("/abs/", 1)[-1])
    if parsed is None:
        raise ValueError(f"no arXiv id in <id> {entry_id!r}")
    record = PaperRecord(index=index, arxiv_id=parsed[0], arxiv_version=parsed[1])
    record.title = _child_text(entry, "a:title")
    record.abstract = _child_text(entry, "a:summary")
    record.issued = _timestamp_date(_child_text(entry, "a:published"))
    record.updated = _timestamp_date(_child_text(entry, "a:updated"))
    record.authors, record.institutions = _authors(entry)
    record.doi = clean_doi(_child_text(entry, "arxiv:doi"))
    record.categories = _categories(entry)
    comment = _child_text(entry, "arxiv:comment")
    record.comments = [comment] if comment else []
    journal_ref = _child_text(entry, "arxiv:journal_ref")
    record.venue = venue_from_journal_ref(journal_ref) or (parse_venue(comment) if comment else None)
    urls = find_urls(" ".join(filter(None, (comment, record.abstract))))
    record.code_urls, record.homepage_urls = split_urls(urls)
    return record


def _api_error(entry: Any) -> str:
    """The message of an arXiv API error entry (its id is under /api/errors), else ""."""
    if "/api/errors" not in (_child_text(entry, "a:id") or ""):
        return ""
    return _child_text(entry, "a:summary") or "no details given"


def _timestamp_date(value: str | None) -> PartialDate | None:
    """"2024-01-01T18:59:59Z" -> 2024-01-01."""
    if not value:
        return None
    m = _ISO_DAY.match(value)
    return parse_date(m.group(1) if m else value)


def _authors(entry: Any) -> tuple[list[PersonName], list[Institution]]:
    """Authors in feed order, and their affiliations (as printed, without repeats) for the paper."""
    names: list[PersonName] = []
    institutions: list[Institution] = []
    for author in entry.iterfind("a:author", _NS):
        name = _child_text(author, "a:name")
        own: list[str] = []
        for affiliation in author.iterfind("arxiv:affiliation", _NS):
            text = clean_space("".join(affiliation.itertext()))
            if text and text not in own:
                own.append(text)
            if text and all(i.name != text for i in institutions):
                institutions.append(Institution(name=text))
        if name:
            names.append(PersonName(name=name, as_printed=name, affiliations=tuple(own)))
    return names, institutions


def _categories(entry: Any) -> list[str]:
    """Primary category first, then the other `category` terms; ACM/MSC classes are left out."""
    terms: list[str] = []
    primary = entry.find("arxiv:primary_category", _NS)
    if primary is not None and primary.get("term"):
        terms.append(primary.get("term").strip())
    for category in entry.iterfind("a:category", _NS):
        term = (category.get("term") or "").strip()
        if term:
            terms.append(term)
    return [t for t in dict.fromkeys(terms) if _ARXIV_CATEGORY.match(t)]


reader = ArxivAtomReader()
