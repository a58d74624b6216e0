"""GraphML output (graph.graphml), for networkx, igraph and Gephi.

`GraphMLWriter` streams builder blocks: one <node> per typed resource with its
label, type and literal properties, one <edge> per object property between two
resources, with the property's local name as `relation` (and as the edge id, as
networkx writes multigraph keys). Lists become the joined member names. The
<key> declarations are only known at the end, so the body is spooled to
temporary files (this writer's own, and the pieces other processes wrote for a
parallel build) and the header written in front of them on close.

Text that XML 1.0 cannot hold (most C0 control characters, lone surrogates,
U+FFFE/U+FFFF) is replaced by U+FFFD here, and only here: Turtle and TriG keep
the exact string.
"""

from __future__ import annotations

import os
import re
import tempfile
from typing import IO, TYPE_CHECKING

from kgraph.export.nxgraph import JOIN, local_name
from kgraph.fileio import splice
from kgraph.graph import Block, Collection, Literal
from kgraph.iris import ID_BASE
from kgraph.vocab import NS

if TYPE_CHECKING:  # networkx is imported where a networkx view is written: the streaming writer
    import networkx as nx  # of a build never needs it, and importing it costs 0.1 s

__all__ = ["GraphMLWriter", "write_graphml", "xml_safe"]

_RDF_TYPE = NS["rdf"] + "type"
_LABEL = NS["rdfs"] + "label"
_DERIVED = NS["prov"] + "wasDerivedFrom"
_XSD = NS["xsd"]
_INT = {_XSD + "integer", _XSD + "int", _XSD + "long"}
_BOOLEAN = _XSD + "boolean"
_MARKUP = re.compile('[&<>"]')
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


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


def _attr(text: str) -> str:
    """A double-quoted attribute value."""
    if text.isprintable() and not _MARKUP.search(text):
        return f'"{text}"'
    return '"' + _text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;") + '"'


class _LocalNames(dict):
    """Predicate IRI -> local name, filled on first use (a dict lookup, not a call)."""

    def __missing__(self, iri: str) -> str:
        name = self[iri] = local_name(iri)
        return name


class GraphMLWriter:
    """Streams blocks into a GraphML file; call close() to finish it."""

    def __init__(self, path: str | os.PathLike[str], doc_paths: dict[str, str]) -> None:
        self.path = os.fspath(path)
        self.doc_paths = doc_paths
        self._body = self._new_body()
        self._node_keys: dict[str, str] = {"label": "string", "type": "string"}
        self._edge_keys: dict[str, str] = {"relation": "string"}
        self._pieces: list[str] = []  # finished bodies, in file order, before the current one
        self.nodes = 0
        self.edges = 0
        self._local_names = _LocalNames()
        self._targets: dict[str, str] = {}  # edge target IRI -> its quoted attribute, for the most used

    def _new_body(self) -> IO[str]:
        """A temporary file for the body, opened as a plain file: NamedTemporaryFile's wrapper
        would add a Python-level attribute lookup to every block's write."""
        fd, name = tempfile.mkstemp(dir=os.path.dirname(self.path) or ".", suffix=".body")
        os.close(fd)
        return open(name, "w", encoding="utf-8", newline="\n")

    def _key(self, name: str, kind: str) -> None:
        known = self._node_keys.get(name)
        self._node_keys[name] = kind if known in (None, kind) else "string"

    def detach(self) -> tuple[str, dict[str, str]]:
        """End a part of a parallel build: (the file holding its nodes and edges, the keys they use).
        The part's body is then `insert`ed by the writer that makes the whole file."""
        self._body.close()
        return self._body.name, dict(self._node_keys)

    def insert(self, body: str, node_keys: dict[str, str]) -> None:
        """Put a detached part's body here, after the blocks this writer has had so far and
        before the ones still to come; the file is consumed by close()."""
        if self._body.tell():
            self._body.close()
            self._pieces.append(self._body.name)
            self._body = self._new_body()
        self._pieces.append(body)
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
        data = [("label", label or local_name(block.subject)), ("type", "|".join(sorted(types)))]
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
        subject = _attr(block.subject)
        lines = [f"    <node id={subject}>"]
        for name, text in data:
            if not (text.isprintable() and "&" not in text and "<" not in text and ">" not in text):
                text = _text(text)  # only then: most text has nothing to escape or replace
            lines.append(f'      <data key="n_{name}">{text}</data>')
        lines.append("    </node>")
        self.nodes += 1
        edges.sort()
        targets = self._targets
        for target, relation in edges:
            quoted = targets.get(target)
            if quoted is None:
                quoted = _attr(target)
                if len(targets) < 200_000:
                    targets[target] = quoted
            lines.append(f'    <edge source={subject} target={quoted} id="{relation}">\n'
                         f'      <data key="e_relation">{relation}</data>\n    </edge>')
        self.edges += len(edges)
        lines.append("")
        self._body.write("\n".join(lines))
        return types, edges

    def close(self) -> None:
        """Write the header with every key seen, then the spooled body, then the footer."""
        self._body.flush()
        tmp = self.path + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write('<?xml version="1.0" encoding="utf-8"?>\n')
            fh.write('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                     'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                     'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                     'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
            for name, kind in sorted(self._node_keys.items()):
                fh.write(f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{kind}" />\n')
            for name, kind in sorted(self._edge_keys.items()):
                fh.write(f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{kind}" />\n')
            fh.write('  <graph edgedefault="directed">\n')
            for body in [*self._pieces, self._body.name]:
                fh.flush()
                with open(body, "rb") as piece:
                    splice(piece, fh)
            fh.write("  </graph>\n</graphml>\n")
        self.abort()
        os.replace(tmp, self.path)

    def abort(self) -> None:
        """Drop the spooled bodies (after close, or when the build fails)."""
        self._body.close()
        for body in [self._body.name, *self._pieces]:
            try:
                os.unlink(body)
            except FileNotFoundError:
                pass


def write_graphml(g: nx.MultiDiGraph, path: str | os.PathLike[str] | IO[bytes]) -> None:
    """Write a networkx view (from to_networkx) as GraphML; every attribute is a scalar."""
    import networkx as nx

    for _, data in g.nodes(data=True):
        for key, value in data.items():
            if value is None or isinstance(value, (list, dict, set, tuple)):
                raise TypeError(f"GraphML cannot hold {type(value).__name__} in node attribute {key!r}")
    clean = g.copy()
    for _, data in clean.nodes(data=True):
        for key, value in data.items():
            if isinstance(value, str):
                data[key] = xml_safe(value)
    nx.write_graphml(clean, path, encoding="utf-8", prettyprint=True, named_key_ids=True)

