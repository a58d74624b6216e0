"""GraphML ids for the graph's nodes and edges: XML NMTOKENs, unique, and readable.

GraphML 1.0 types node and edge ids as NMTOKEN (no '/' or '#'), so an IRI cannot be
a node id. A node's id is its IRI with the kgraph id base cut off and '/' written
as ':' — "paper:arxiv-2310.01234", the CURIE graph.ttl writes — and every other
character outside [A-Za-z0-9.-] (':' and '_' included) written as "_<hex code>_";
an IRI outside the id base is written whole behind "_x". The mapping is one to one
(the escapes are the only '_' a token holds, and "_x" never starts an escape), it
needs nothing but the IRI, so the processes of a parallel build agree on every
target's id, and no hash can collide. An edge's id is its source's id, ".e", and its
number among that node's edges ("paper:arxiv-2310.01234.e3"): unique in the file
(the number, all digits, follows the last ".e"), so consumers that key edges by id
(Gephi) keep parallel edges.
"""

from __future__ import annotations

import re

from kgraph.iris import ID_BASE

__all__ = ["node_id", "edge_id"]

_PLAIN = re.compile(r"[A-Za-z0-9./-]+")
_KEPT = re.compile(r"[A-Za-z0-9.-]")
_BASE = len(ID_BASE)


def _escaped(text: str) -> str:
    """`text` with '/' as ':' and every character outside [A-Za-z0-9.-] as _<hex>_."""
    return "".join(c if _KEPT.match(c) else ":" if c == "/" else f"_{ord(c):x}_" for c in text)


def node_id(iri: str) -> str:
    """The NMTOKEN standing for `iri` in graph.graphml."""
    if iri.startswith(ID_BASE) and len(iri) > _BASE:
        rest = iri[_BASE:]
        if _PLAIN.fullmatch(rest):  # every IRI kgraph makes: a kind, '/', a slug or digest
            return rest.replace("/", ":")
        return _escaped(rest)
    return "_x" + _escaped(iri)


def edge_id(source_id: str, number: int) -> str:
    """The id of the `number`th edge (from 0) of the node whose id is `source_id`."""
    return f"{source_id}.e{number}"
