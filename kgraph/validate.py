"""Check a graph against the kgraph SHACL shapes (``ontology/shapes.ttl``).

Example::

    from kgraph.validate import validate
    result = validate("out/")          # a build folder, a .ttl/.nt/.nq/.trig file, or a Graph
    if not result.conforms:
        print(result.text())

Validation runs pyshacl on the data graph as it is, with no inference: the shapes
are written for graphs that state only each node's most specific class.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.exceptions import ParserError
from rdflib.namespace import RDF, SH
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Node
from rdflib.util import guess_format

from kgraph.errors import GraphNotFound
from kgraph.ontology import ontology_path
from kgraph.vocab import NS

__all__ = ["Violation", "ValidationResult", "validate"]

GRAPH_FILE = "graph.ttl"
"""The file validate() reads from a build folder."""

_SHAPES_NS = "https://w3id.org/kgraph/shapes#"
_PREFIXES = {**NS, "kgsh": _SHAPES_NS, "sh": str(SH)}
_QUAD_FORMATS = {"nquads", "trig", "trix"}
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}

GraphSource = Graph | str | PathLike


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result, with every term shown as readable text.

    IRIs in well-known namespaces are compacted (``kg:arxivId``); node IRIs are
    shown in full; literals keep their quotes and datatype (``"2024"^^xsd:gYear``).
    """

    focus: str  # the node that failed
    path: str | None  # the property checked, or None for a node-level constraint
    message: str  # what is wrong, from the shape's sh:message
    severity: str  # "Violation", "Warning" or "Info"
    shape: str  # the shape that failed: "kgsh:PaperShape" or "kgsh:PaperShape kg:arxivId"
    value: str | None = None  # the offending value, when there is one

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        what = f" = {self.value}" if self.value is not None else ""
        return f"{self.focus}{where}{what}"


@dataclass(frozen=True)
class ValidationResult:
    """Whether a graph conforms to the shapes, and every way it does not."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def text(self, *, examples: int = 3) -> str:
        """A report grouped by message, largest group first, with up to `examples` nodes each."""
        if self.conforms and not self.violations:
            return "The graph conforms to the kgraph shapes.\n"
        groups: dict[tuple[str, str], list[Violation]] = defaultdict(list)
        for v in self.violations:
            groups[(v.severity, v.message)].append(v)
        ordered = sorted(
            groups.items(),
            key=lambda kv: (_SEVERITY_ORDER.get(kv[0][0], 3), -len(kv[1]), kv[0][1]),
        )
        total = len(self.violations)
        lines = [
            f"The graph does not conform to the kgraph shapes: "
            f"{total} result{'s' if total != 1 else ''} for {len(groups)} "
            f"constraint{'s' if len(groups) != 1 else ''}.",
        ]
        for (severity, message), found in ordered:
            shapes = sorted({v.shape for v in found})
            lines.append("")
            lines.append(f"[{severity}] {message} ({len(found)})")
            lines.append(f"  shape: {', '.join(shapes)}")
            for v in found[:examples]:
                lines.append(f"  - {v}")
            if len(found) > examples:
                lines.append(f"  ... and {len(found) - examples} more")
        return "\n".join(lines) + "\n"


def validate(graph: GraphSource, *, shapes: GraphSource | None = None) -> ValidationResult:
    """Validate `graph` against the kgraph SHACL shapes, without inference.

    `graph` is an rdflib Graph (a Dataset is validated as the union of its graphs),
    a build folder holding ``graph.ttl``, or an RDF file (.ttl, .nt, .nq, .trig).
    `shapes` defaults to the packaged copy of ``ontology/shapes.ttl``.
    Raises GraphNotFound when a path holds no readable graph.

    Example: ``validate("out/").text()``
    """
    import pyshacl  # heavy import, paid only by callers that validate

    data = _load(graph, what="graph")
    shapes_graph = _load(ontology_path("shapes.ttl") if shapes is None else shapes, what="shapes")
    conforms, report, _ = pyshacl.validate(
        data,
        shacl_graph=shapes_graph,
        inference="none",
        advanced=False,
        abort_on_first=False,
    )
    violations = _violations(report, shapes_graph)
    return ValidationResult(conforms=bool(conforms), violations=violations)


# ---------- loading ----------


def _load(source: GraphSource, *, what: str) -> Graph:
    """A plain Graph from a Graph, Dataset, folder or file; quads are merged into one graph."""
    if isinstance(source, Graph):
        return _union(source) if source.context_aware else source
    path = Path(source)
    if path.is_dir():
        if what == "graph":
            path = path / GRAPH_FILE
            if not path.is_file():
                raise GraphNotFound(
                    f"{source}: folder holds no {GRAPH_FILE}; "
                    f"write one with `kgraph build INPUT... --out {source}`"
                )
        else:
            raise GraphNotFound(f"{source}: is a folder; give the shapes as a Turtle file")
    elif not path.is_file():
        raise GraphNotFound(
            f"{source}: no such file or folder; give a folder written by `kgraph build` "
            f"or an RDF file (.ttl, .nt, .nq, .trig)"
        )
    fmt = guess_format(str(path))
    if fmt is None:
        raise GraphNotFound(
            f"{source}: not an RDF file kgraph reads; use a .ttl, .nt, .nq or .trig file"
        )
    try:
        if fmt in _QUAD_FORMATS:
            from rdflib import Dataset

            return _union(Dataset().parse(path, format=fmt))
        return Graph().parse(path, format=fmt)
    except BadSyntax as exc:
        raise GraphNotFound(f"{source}: not readable as {fmt}: {_where(exc)}") from exc
    except (ParserError, UnicodeDecodeError) as exc:
        reason = " ".join(str(exc).split())  # one line, whatever the parser printed
        raise GraphNotFound(f"{source}: not readable as {fmt}: {reason}") from exc


def _where(exc: BadSyntax) -> str:
    """rdflib's Turtle error as "line L, column C: why", instead of its multi-line repr."""
    text = getattr(exc, "_str", b"") or b""
    at = int(getattr(exc, "_i", 0) or 0)
    line = text.count(b"\n", 0, at) + 1 if isinstance(text, bytes) else int(getattr(exc, "lines", 0)) + 1
    start = text.rfind(b"\n", 0, at) + 1 if isinstance(text, bytes) else 0
    why = " ".join(str(getattr(exc, "_why", "bad syntax")).split())
    return f"line {line}, column {at - start + 1}: {why}"


def _union(dataset: Graph) -> Graph:
    """All triples of a context-aware graph, whatever named graph holds them."""
    merged = Graph()
    for prefix, namespace in dataset.namespaces():
        merged.bind(prefix, namespace, override=False)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        merged.add((s, p, o))
    return merged


# ---------- reading the SHACL report ----------


def _violations(report: Graph, shapes: Graph) -> list[Violation]:
    """The report's top-level results; results nested under sh:detail repeat them."""
    found = []
    results = {
        result
        for validation_report in report.subjects(RDF.type, SH.ValidationReport)
        for result in report.objects(validation_report, SH.result)
    }
    for result in results:
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        severity = report.value(result, SH.resultSeverity)
        source_shape = report.value(result, SH.sourceShape)
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        found.append(
            Violation(
                focus=_show(focus),
                path=_show_path(report, path) if path is not None else None,
                message=messages[0] if messages else "Constraint not satisfied",
                severity=_local_name(severity) if severity is not None else "Violation",
                shape=_show_shape(shapes, source_shape),
                value=_show(value) if value is not None else None,
            )
        )
    found.sort(key=lambda v: (_SEVERITY_ORDER.get(v.severity, 3), v.message, v.focus, v.path or ""))
    return found


def _show(term: Node | None) -> str:
    """An IRI compacted when its namespace is a known prefix, else in full; literals as N3."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, namespace in _PREFIXES.items():
            if term.startswith(namespace) and len(term) > len(namespace):
                return f"{prefix}:{term[len(namespace):]}"
        return str(term)
    if isinstance(term, Literal):
        if term.datatype is not None:
            return f'"{term}"^^{_show(term.datatype)}'
        return f'"{term}"@{term.language}' if term.language else f'"{term}"'
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _show_path(graph: Graph, path: Node) -> str:
    """A SHACL property path in SPARQL property-path syntax (``rdf:rest*/rdf:first``)."""
    if not isinstance(path, BNode):
        return _show(path)
    if graph.value(path, RDF.first) is not None:  # a sequence
        return "/".join(_show_path(graph, step) for step in graph.items(path))
    for predicate, template in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = graph.value(path, predicate)
        if inner is not None:
            return template.format(_show_path(graph, inner))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_show_path(graph, step) for step in graph.items(alternatives)) + ")"
    return _show(path)


def _show_shape(shapes: Graph, shape: Node | None) -> str:
    """A named shape by its IRI; a property shape as its parent's IRI and its sh:name."""
    if shape is None:
        return "?"
    if not isinstance(shape, BNode):
        return _show(shape)
    name = shapes.value(shape, SH.name)
    parent = shapes.value(predicate=SH.property, object=shape)
    if parent is not None and not isinstance(parent, BNode):
        return f"{_show(parent)} {name}" if name is not None else _show(parent)
    return str(name) if name is not None else _show(shape)


def _local_name(iri: Node) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
