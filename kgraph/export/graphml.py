"""GraphML output (graph.graphml), for networkx, igraph and Gephi.

`GraphMLWriter` streams builder blocks: one <node> per typed resource with its
IRI, label, type and literal properties, one <edge> per object property between
two resources, with the property's local name as `relation`. Node and edge ids are
the NMTOKENs of `graphml_ids` (GraphML 1.0 types them so; an IRI is not one), and
`read_graphml` gives the graph back keyed by IRI. Lists become the joined member names. The
<key> declarations are only known at the end, so the whole-file writer
starts its file with HEADER_ROOM bytes of room and writes the body after it
(its own blocks, the parts other writers of the same process append in place,
and the pieces other processes wrote for a parallel build, spliced in as they
are joined); on close the header is written into the room, the rest of which
stays as white space inside <graph>. A header too large for the room (hundreds
of literal properties) is written in front of a copy of the body instead.

Text that XML 1.0 cannot hold (most C0 control characters, lone surrogates,
U+FFFE/U+FFFF) is replaced by U+FFFD here, and only here: Turtle and TriG keep
the exact string.
"""

from __future__ import annotations

import os
import re
import tempfile
from typing import IO, TYPE_CHECKING

from kgraph.export.graphml_ids import edge_id, node_id
from kgraph.export.nxgraph import JOIN, local_name
from kgraph.fileio import open_text, splice
from kgraph.graph import Block, Collection, Literal
from kgraph.iris import ID_BASE
from kgraph.vocab import NS, PROV, RDF, RDFS

if TYPE_CHECKING:  # networkx is imported where a networkx view is written: the streaming writer
    import networkx as nx  # of a build never needs it, and importing it costs 0.1 s

__all__ = ["GraphMLWriter", "write_graphml", "read_graphml", "xml_safe"]

_RDF_TYPE = RDF.type
_LABEL = RDFS.label
_DERIVED = PROV.wasDerivedFrom
_XSD = NS["xsd"]
_INT = {_XSD + "integer", _XSD + "int", _XSD + "long"}
_BOOLEAN = _XSD + "boolean"
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

#: Bytes kept at the start of graph.graphml for the header: about 170 <key> lines, where a
#: build has some 25. Writing the header there spares a copy of the whole body (4.7 GB at
#: a million papers, a third of a minute) at the end of the build.
HEADER_ROOM = 16 << 10


def xml_safe(text: str) -> str:
    """`text` with the characters XML 1.0 forbids replaced by U+FFFD."""
    if text.isprintable():  # no controls, surrogates or U+FFFE/U+FFFF: nothing to replace
        return text
    return _BAD_XML.sub("\ufffd", text)


def _text(text: str) -> str:
    """Element content: XML-safe, with &, <, > and CR escaped."""
    text = xml_safe(text)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


class _LocalNames(dict):
    """Predicate IRI -> local name, filled on first use (a dict lookup, not a call)."""

    def __missing__(self, iri: str) -> str:
        name = self[iri] = local_name(iri)
        return name


class GraphMLWriter:
    """Streams blocks into a GraphML file; call close() to finish it.

    `mode` "whole" makes the file (its body goes to PATH.tmp after the header's room);
    "in place" appends to the body of the whole-file writer of the same PATH (in this
    process, which flushes it first); "piece" writes a body of its own, for another
    process's whole-file writer to `insert`.
    """

    def __init__(self, path: str | os.PathLike[str], doc_paths: dict[str, str], *, mode: str = "whole",
                 like: GraphMLWriter | None = None) -> None:
        """`like`: a writer whose name and quoting caches to reuse (a process's earlier part)."""
        self.path = os.fspath(path)
        self.doc_paths = doc_paths
        self.mode = mode
        if mode == "whole":
            self._body = open_text(self._tmp)
            self._body.write(" " * (HEADER_ROOM - 1) + "\n")
        elif mode == "in place":
            self._body = open_text(self._tmp, "a")
        else:
            self._body = self._new_body()
        self._node_keys: dict[str, str] = {"iri": "string", "label": "string", "type": "string"}
        self._edge_keys: dict[str, str] = {"relation": "string"}
        self.nodes = 0
        self.edges = 0
        self._local_names = like._local_names if like is not None else _LocalNames()
        # edge target IRI -> its quoted node id, for the most used
        self._targets: dict[str, str] = like._targets if like is not None else {}

    @property
    def _tmp(self) -> str:
        return self.path + ".tmp"

    def _new_body(self) -> IO[str]:
        """A temporary file for the body, opened as a plain file: NamedTemporaryFile's wrapper
        would add a Python-level attribute lookup to every block's write."""
        fd, name = tempfile.mkstemp(dir=os.path.dirname(self.path) or ".", suffix=".body")
        os.close(fd)
        return open_text(name)

    def _key(self, name: str, kind: str) -> None:
        known = self._node_keys.get(name)
        self._node_keys[name] = kind if known in (None, kind) else "string"

    def flush(self) -> None:
        """Before another writer appends to this one's body in place."""
        self._body.flush()

    def detach(self) -> tuple[str, dict[str, str]]:
        """End a part of a parallel build: (the file holding its nodes and edges, or "" for
        a part appended in place, the keys they use). The whole-file writer then `insert`s it."""
        self._body.close()
        return ("" if self.mode == "in place" else self._body.name), dict(self._node_keys)

    def insert(self, body: str, node_keys: dict[str, str]) -> None:
        """Put a detached part's body here, after the blocks this writer has had so far and
        before the ones still to come ("": a part already appended in place)."""
        self._body.flush()
        self._body.seek(0, os.SEEK_END)  # past what was appended in place
        if body:
            with open(body, "rb") as piece:
                splice(piece, self._body)
            os.unlink(body)
        for name, kind in node_keys.items():
            self._key(name, kind)

    def block(self, block: Block) -> tuple[list[str], list[tuple[str, str]]]:
        """Write the block's node and edges; return its types and (target, relation) edges
        (local names), which the build's tally counts."""
        attrs: dict[str, list[str]] = {}
        kinds: dict[str, str] = {}
        edges: list[tuple[str, str]] = []
        label, types, sources = None, [], []
        names = self._local_names
        for p, o, _ in block.facts:
            kind_of_o = type(o)
            if p == _RDF_TYPE:
                types.append(names[o])
            elif kind_of_o is Literal:
                text = o.value
                if p == _LABEL:
                    label = text
                    continue
                datatype = o.datatype  # the GraphML type of the literal, inline: this runs for every literal
                kind = "string" if datatype is None else "long" if datatype in _INT \
                    else "boolean" if datatype == _BOOLEAN else "string"
                name = names[p]
                if name in attrs:
                    attrs[name].append(text)
                    if kinds[name] != kind:
                        kinds[name] = "string"
                else:
                    attrs[name] = [text]
                    kinds[name] = kind
            elif kind_of_o is Collection:
                name = names[p]
                attrs.setdefault(name, []).append(JOIN.join(o.labels))
                kinds[name] = "string"
            elif p == _DERIVED:
                sources.append(self.doc_paths.get(o, o))
                edges.append((o, "wasDerivedFrom"))
            elif o.startswith(ID_BASE):
                edges.append((o, names[p]))
            else:
                name = names[p]
                attrs.setdefault(name, []).append(str(o))
                kinds[name] = "string"
        if not types:
            return types, edges
        data = [("iri", block.subject), ("label", label or local_name(block.subject)),
                ("type", "|".join(sorted(types)))]
        declared = self._node_keys
        for name in sorted(attrs):
            values = attrs[name]
            kind = kinds[name] if len(values) == 1 else "string"
            if declared.get(name) != kind:
                self._key(name, kind)
            data.append((name, values[0] if len(values) == 1 else JOIN.join(sorted(values))))
        if sources:
            if declared.get("sources") != "string":
                self._key("sources", "string")
            data.append(("sources", JOIN.join(sorted(sources))))
        source = node_id(block.subject)
        lines = [f'    <node id="{source}">']
        for name, text in data:
            if not (text.isprintable() and "&" not in text and "<" not in text and ">" not in text):
                text = _text(text)  # only then: most text has nothing to escape or replace
            lines.append(f'      <data key="n_{name}">{text}</data>')
        lines.append("    </node>")
        self.nodes += 1
        edges.sort()
        targets = self._targets
        for number, (target, relation) in enumerate(edges):
            token = targets.get(target)
            if token is None:
                token = node_id(target)
                if len(targets) < 200_000:
                    targets[target] = token
            lines.append(f'    <edge source="{source}" target="{token}" id="{edge_id(source, number)}">\n'
                         f'      <data key="e_relation">{relation}</data>\n    </edge>')
        self.edges += len(edges)
        lines.append("")
        self._body.write("\n".join(lines))
        return types, edges

    def close(self) -> None:
        """Write the footer, then the header with every key seen into the room kept for it."""
        self._body.flush()
        self._body.seek(0, os.SEEK_END)
        self._body.write("  </graph>\n</graphml>\n")
        self._body.close()
        header = self._header().encode("utf-8")
        if len(header) < HEADER_ROOM:
            with open(self._tmp, "r+b") as fh:
                fh.write(header)  # the rest of the room stays white space
        else:
            with open(self._tmp, "rb") as body, open(self._tmp + "2", "wb") as fh:
                fh.write(header + b"\n")
                body.seek(HEADER_ROOM)
                fh.flush()
                splice(body, fh)
            os.replace(self._tmp + "2", self._tmp)
        os.replace(self._tmp, self.path)

    def _header(self) -> str:
        lines = ['<?xml version="1.0" encoding="utf-8"?>',
                 '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                 'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                 'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">']
        for name, kind in sorted(self._node_keys.items()):
            lines.append(f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{kind}" />')
        for name, kind in sorted(self._edge_keys.items()):
            lines.append(f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{kind}" />')
        lines.append('  <graph edgedefault="directed">')
        return "\n".join(lines) + "\n"

    def abort(self) -> None:
        """Drop what was written (after a failed build): this writer's body or file."""
        self._body.close()
        if self.mode != "in place":
            for name in (self._body.name, self._tmp + "2"):
                try:
                    os.unlink(name)
                except FileNotFoundError:
                    pass


def write_graphml(g: nx.MultiDiGraph, path: str | os.PathLike[str] | IO[bytes]) -> None:
    """Write a networkx view keyed by IRI (from to_networkx or load_networkx) as GraphML
    with the ids graph.graphml has: each node's NMTOKEN id and its IRI as `iri`, each
    edge numbered among its source's. Every attribute must be a scalar."""
    import networkx as nx

    for _, data in g.nodes(data=True):
        for key, value in data.items():
            if value is None or isinstance(value, (list, dict, set, tuple)):
                raise TypeError(f"GraphML cannot hold {type(value).__name__} in node attribute {key!r}")
    ids = {node: node_id(str(node)) for node in g.nodes}
    clean = nx.MultiDiGraph()
    for node, data in g.nodes(data=True):
        attrs = {"iri": str(node), **{k: v for k, v in data.items() if k != "iri"}}
        clean.add_node(ids[node], **{k: xml_safe(v) if isinstance(v, str) else v for k, v in attrs.items()})
    numbers: dict[object, int] = {}
    for u, v, key, data in g.edges(keys=True, data=True):
        number = numbers.get(u, 0)
        numbers[u] = number + 1
        clean.add_edge(ids[u], ids[v], key=edge_id(ids[u], number),
                       **{"relation": str(data.get("relation", key)), **data})
    nx.write_graphml(clean, path, encoding="utf-8", prettyprint=True, named_key_ids=True)


def read_graphml(path: str | os.PathLike[str]) -> nx.MultiDiGraph:
    """A graph.graphml as a networkx MultiDiGraph keyed by IRI (the `iri` of each node; the
    id itself in files written before nodes had one), edges keyed by their `relation`,
    as to_networkx makes it."""
    import networkx as nx

    read = nx.read_graphml(path, force_multigraph=True)
    iri = {node: str(data.get("iri", node)) for node, data in read.nodes(data=True)}
    g = nx.MultiDiGraph()
    for node, data in read.nodes(data=True):
        g.add_node(iri[node], **{k: v for k, v in data.items() if k != "iri"})
    for u, v, key, data in read.edges(keys=True, data=True):
        g.add_edge(iri[u], iri[v], key=str(data.get("relation", key)), **data)
    return g
