"""Input readers, one module per layout or format; importing this registers them.

Page layouts (plain text): arXiv listings, aggregator author pages, abstract
lists, author profiles and daily-papers feeds. Each module exposes one reader
object; `kgraph.sources.base.detect` picks among them by content.
"""

from __future__ import annotations

from kgraph.sources.abstract_list import reader as abstract_list_reader
from kgraph.sources.aggregator_author import reader as aggregator_author_reader
from kgraph.sources.arxiv_listing import reader as arxiv_listing_reader
from kgraph.sources.author_profile import reader as author_profile_reader
from kgraph.sources.base import register_reader
from kgraph.sources.daily_papers import reader as daily_papers_reader

__all__ = [
    "abstract_list_reader",
    "aggregator_author_reader",
    "arxiv_listing_reader",
    "author_profile_reader",
    "daily_papers_reader",
]

for _reader in (
    arxiv_listing_reader,
    aggregator_author_reader,
    abstract_list_reader,
    author_profile_reader,
    daily_papers_reader,
):
    register_reader(_reader)

# Structured sources (YAML, JSON lines, Atom XML, BibTeX): content-sniffed like the page layouts.
from kgraph.sources.arxiv_atom import reader as arxiv_atom_reader  # noqa: E402
from kgraph.sources.arxiv_snapshot import reader as arxiv_snapshot_reader  # noqa: E402
from kgraph.sources.bibtex import reader as bibtex_reader  # noqa: E402
from kgraph.sources.ecosystem_graphs import reader as ecosystem_graphs_reader  # noqa: E402

__all__ += ["arxiv_atom_reader", "arxiv_snapshot_reader", "bibtex_reader", "ecosystem_graphs_reader"]

for _reader in (ecosystem_graphs_reader, arxiv_snapshot_reader, arxiv_atom_reader, bibtex_reader):
    register_reader(_reader)
