"""Check a graph against the kgraph SHACL shapes (``ontology/shapes.ttl``).

Example::

    from kgraph.validate import validate
    result = validate("out/")          # a build folder, a .ttl/.nt/.nq/.trig file, or a Graph
    if not result.conforms:
        print(result.text())

The shapes are compiled into Python checks (kgraph.shapes) and run on the data graph
as it is, with no inference: they are written for graphs that state only each node's
most specific class. A build runs the same checks on each block as it writes it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kgraph.errors import GraphNotFound
from kgraph import shapes as shape_checks
from kgraph.shapes import SEVERITY_ORDER, Facts, Shapes, Violation, check_graph, compile_shapes

__all__ = ["Violation", "ValidationResult", "validate"]

GRAPH_FILE = "graph.ttl"
"""The file validate() reads from a build folder."""

GraphSource = object  # an rdflib Graph, or a path to a build folder or an RDF file


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
            key=lambda kv: (SEVERITY_ORDER.get(kv[0][0], 3), -len(kv[1]), kv[0][1]),
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
    Raises GraphNotFound when a path holds no readable graph, ShapesError when the
    shapes use SHACL that kgraph does not check.

    Example: ``validate("out/").text()``
    """
    compiled = shape_checks.default_shapes() if shapes is None else _shapes(shapes)
    return result_of(check_graph(_nodes(graph), compiled))


def result_of(violations: list[Violation]) -> ValidationResult:
    """The results in report order: severity, message, focus node, path."""
    ordered = sorted(violations, key=lambda v: (SEVERITY_ORDER.get(v.severity, 3), v.message, v.focus,
                                                v.path or "", v.value or ""))
    return ValidationResult(conforms=not ordered, violations=ordered)


def _shapes(source) -> Shapes:
    if hasattr(source, "triples") and hasattr(source, "context_aware"):  # an rdflib graph
        from kgraph.rdfio import from_rdflib
        from kgraph.shapes import compile_triples

        return compile_triples(from_rdflib(source))
    path = Path(source)
    if path.is_dir():
        raise GraphNotFound(f"{source}: is a folder; give the shapes as a Turtle file")
    if not path.is_file():
        raise GraphNotFound(f"{source}: no such shapes file")
    return compile_shapes(path)


def _nodes(source: GraphSource) -> dict[str, Facts]:
    """Every subject's facts, from a Graph, a Dataset, a build folder or an RDF file."""
    from kgraph.rdfio import from_rdflib, read_triples

    if hasattr(source, "triples") and hasattr(source, "context_aware"):  # an rdflib graph
        triples = from_rdflib(source)
    else:
        path = Path(source)  # type: ignore[arg-type]
        if path.is_dir():
            path = path / GRAPH_FILE
            if not path.is_file():
                raise GraphNotFound(
                    f"{source}: folder holds no {GRAPH_FILE}; "
                    f"write one with `kgraph build INPUT... --out {source}`"
                )
        elif not path.is_file():
            raise GraphNotFound(
                f"{source}: no such file or folder; give a folder written by `kgraph build` "
                f"or an RDF file (.ttl, .nt, .nq, .trig)"
            )
        triples = read_triples(path)
    nodes: dict[str, Facts] = {}
    for s, p, o in triples:
        facts = nodes.get(s)
        if facts is None:
            facts = nodes[s] = {}
        values = facts.get(p)
        if values is None:
            facts[p] = [o]
        elif o not in values:
            values.append(o)
    return nodes
