"""Input readers, one module per layout or format, each exposing one `reader` object.

Page layouts (plain text): arXiv listings, aggregator author pages, abstract
lists, author profiles and daily-papers feeds; structured sources: YAML
(Ecosystem Graphs), JSON lines (the arXiv snapshot), Atom XML (the arXiv API)
and BibTeX. `kgraph.plugins.READERS` names them (a module is imported when its
reader is first used) and `kgraph.sources.base.detect` picks among them by content.
"""
