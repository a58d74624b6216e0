"""GraphML output (graph.graphml), for networkx, igraph and Gephi.

`GraphMLWriter` streams builder blocks: one <node> per typed resource with its
IRI, label, type and literal properties, one <edge> per object property between
two resources, with the property's local name as `relation`. Node and edge ids are
the NMTOKENs of `graphml_ids` (GraphML 1.0 types them so; an IRI is not one), and
`read_graphml` gives the graph back keyed by IRI. Lists become the joined member names. The
<key> declarations depend on the literals the graph holds, so they are known only
at the end: the file starts with HEADER_ROOM bytes of room, the body is written
after it (with the pieces of other parts spliced in as they are joined), and on
close the header is written into the room, the rest of which stays as white
space inside <graph>. A header too large for the room (hundreds of literal
properties) is written in front of a copy of the body instead.

Text that XML 1.0 cannot hold (most C0 control characters, lone surrogates,
U+FFFE/U+FFFF) is replaced by U+FFFD here, and only here: Turtle and TriG keep
the exact string.
"""

from __future__ import annotations

import json
import os
import re
from typing import TYPE_CHECKING, ClassVar

from kgraph.export.base import ExportContext
from kgraph.export.graphml_ids import edge_id, node_id
from kgraph.export.nxgraph import JOIN, local_name
from kgraph.fileio import open_text, splice
from kgraph.graph import Block, Collection, Literal
from kgraph.iris import ID_BASE
from kgraph.vocab import NS, PROV, RDF, RDFS

if TYPE_CHECKING:  # networkx is imported where a networkx view is written: the streaming writer
    import networkx as nx  # of a build never needs it, and importing it costs 0.1 s

    from kgraph.builder import Evidence

__all__ = ["GraphMLExporter", "read_graphml", "xml_safe"]

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


class GraphMLExporter:
    """Streams blocks into graph.graphml (an exporter, kgraph.export.base).

    The whole file's body goes to graph.graphml.tmp after the header's room; a
    piece (a `suffix`) writes its body to graph.graphml + suffix and, on close, the
    keys it used beside it (+ ".keys"), for the whole file's exporter to `join`.
    """

    files: ClassVar[tuple[str, ...]] = ("graph.graphml",)

    def open(self, context: ExportContext, suffix: str = "") -> None:
        self.path = context.folder / "graph.graphml"
        self.doc_paths = context.documents
        self.suffix = suffix
        self._body_path = self.path.with_name(self.path.name + (suffix or ".tmp"))
        self._body = open_text(self._body_path)
        if not suffix:
            self._body.write(" " * (HEADER_ROOM - 1) + "\n")
        self._node_keys: dict[str, str] = {"iri": "string", "label": "string", "type": "string"}
        self._edge_keys: dict[str, str] = {"relation": "string"}
        self._local_names = _LocalNames()
        self._targets: dict[str, str] = {}  # edge target IRI -> its quoted node id, for the most used

    def _key(self, name: str, kind: str) -> None:
        known = self._node_keys.get(name)
        self._node_keys[name] = kind if known in (None, kind) else "string"

    def evidence(self, e: Evidence) -> None:
        """GraphML holds the graph only."""

    def join(self, suffix: str) -> None:
        """Append a closed piece's body after the blocks written so far, and take its keys."""
        piece = self.path.with_name(self.path.name + suffix)
        keys = piece.with_name(piece.name + ".keys")
        self._body.flush()
        with open(piece, "rb") as src:
            splice(src, self._body)
        for name, kind in json.loads(keys.read_text(encoding="utf-8")).items():
            self._key(name, kind)
        piece.unlink()
        keys.unlink()

    def write(self, block: Block) -> None:
        """Write the block's node (if it has a type) and its edges to other nodes."""
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
            return
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
        lines.append("")
        self._body.write("\n".join(lines))

    def close(self) -> None:
        """A piece: its keys beside it. The whole file: the footer, then the header with
        every key seen into the room kept for it."""
        if self.suffix:
            self._body.close()
            keys = self._body_path.with_name(self._body_path.name + ".keys")
            keys.write_text(json.dumps(self._node_keys), encoding="utf-8")
            return
        self._body.write("  </graph>\n</graphml>\n")
        self._body.close()
        header = self._header().encode("utf-8")
        tmp = self._body_path
        if len(header) < HEADER_ROOM:
            with open(tmp, "r+b") as fh:
                fh.write(header)  # the rest of the room stays white space
        else:
            copy = tmp.with_name(tmp.name + "2")
            with open(tmp, "rb") as body, open(copy, "wb") as fh:
                fh.write(header + b"\n")
                body.seek(HEADER_ROOM)
                fh.flush()
                splice(body, fh)
            os.replace(copy, tmp)
        os.replace(tmp, self.path)

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
        """Drop what was written (after a failed build)."""
        self._body.close()
        for path in (self._body_path, self._body_path.with_name(self._body_path.name + "2")):
            path.unlink(missing_ok=True)


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
