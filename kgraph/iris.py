"""Stable instance IRIs: the same entity always gets the same IRI, from any input order.

Each IRI is built from the entity's resolution key (an arXiv id, a folded name,
a content hash), never from a counter, so two builds of the same inputs agree
and an IRI in a user's saved query keeps working.
"""

from __future__ import annotations

import re

from kgraph.graph import IRI
from kgraph.schema import IRI_PREFIXES
from kgraph.text import fold, name_key, short_hash, slugify

__all__ = [
    "ID_BASE",
    "ID_PREFIXES",
    "paper_iri",
    "person_iri",
    "organization_iri",
    "artifact_iri",
    "venue_iri",
    "category_iri",
    "repository_iri",
    "document_iri",
]

ID_BASE = "https://w3id.org/kgraph/id/"

#: One Turtle prefix per kind of instance, so graph.ttl reads as paper:..., person:...
ID_PREFIXES: dict[str, str] = {name: f"{ID_BASE}{name}/" for name in IRI_PREFIXES}


_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")


def _segment(text: str) -> str:
    """`text` itself when it is already a clean IRI segment ("cs.CL"), else its slug."""
    return text if _SAFE_SEGMENT.match(text) and not text.endswith(".") else slugify(text)


def paper_iri(*, arxiv_id: str | None = None, doi: str | None = None, title: str | None = None,
              abstract: str | None = None, abstract_digest: str | None = None) -> IRI:
    """From the strongest identifier available: arXiv id, DOI, title, abstract
    (or `abstract_digest`, a hex digest of the abstract computed earlier)."""
    if arxiv_id:
        return IRI(ID_PREFIXES["paper"] + "arxiv-" + _segment(arxiv_id.replace("/", "-")))
    if doi:
        return IRI(ID_PREFIXES["paper"] + "doi-" + short_hash(doi.casefold()))
    if title:
        return IRI(ID_PREFIXES["paper"] + "t-" + short_hash(name_key(title)))
    if abstract_digest:
        return IRI(ID_PREFIXES["paper"] + "a-" + abstract_digest[:12])
    return IRI(ID_PREFIXES["paper"] + "a-" + short_hash(name_key(abstract or "")))


def person_iri(name: str) -> IRI:
    return IRI(ID_PREFIXES["person"] + slugify(name))


def organization_iri(name: str) -> IRI:
    return IRI(ID_PREFIXES["org"] + slugify(name))


def artifact_iri(key: str) -> IRI:
    """`key` is the artifact's resolution key (letters and digits), so spellings agree."""
    return IRI(ID_PREFIXES["artifact"] + (key if key.isalnum() and len(key) <= 80 else slugify(key)))


def venue_iri(*parts: str | int | None) -> IRI:
    """A venue's IRI from its series, year and track. A part in a script the slug cannot
    spell (计算机学报, Вестник) adds its hash, so that two such journals of a year differ."""
    words = []
    for part in parts:
        if not part:
            continue
        word = str(part)
        if not word.isascii() and any(ch.isalpha() and not ("a" <= ch <= "z") for ch in fold(word)):
            word = f"{word} {short_hash(word)}"
        words.append(word)
    return IRI(ID_PREFIXES["venue"] + slugify(" ".join(words)))


def category_iri(code: str) -> IRI:
    return IRI(ID_PREFIXES["category"] + _segment(code))


def repository_iri(url: str) -> IRI:
    """github.com/Owner/Repo and https://github.com/owner/repo.git name one repository."""
    from kgraph.urls import repository_key

    return IRI(ID_PREFIXES["repo"] + slugify(repository_key(url), max_len=120))


def document_iri(content_hash: str) -> IRI:
    """A document is named by its content, so a renamed file is still the same source."""
    return IRI(ID_PREFIXES["doc"] + content_hash[:16])
