"""The SHACL shapes (``ontology/shapes.ttl``) compiled into Python checks.

kgraph writes each subject once, in one Block, so nearly every constraint can be
checked on that block while it is written, in whichever process writes it. The one
that cannot is sh:class on another node (a paper's creator is written later, maybe by
another process): such a need is kept as a bit per node and settled by `Findings.finish`
once every node's type is known. The same checks run over a whole graph for
`kgraph validate`, where every node's facts are at hand.

Measured on the 680k triples of a 20k-paper build: pyshacl holds the graph in rdflib
(1.3 KB a triple) and took 5 s for 400 papers; pyrudof took 6.8 s to parse and 48 s to
validate, at 6.7 GB. These checks cost a few microseconds a node.

What is compiled: targets sh:targetClass (the node's stated types, no subclass
reasoning, as the shapes are written) and sh:targetSubjectsOf; the constraints
sh:class, datatype, nodeKind, minCount, maxCount, min/maxInclusive, min/maxExclusive,
pattern, hasValue, in, node, property, or, and; paths of predicates, sequences,
alternatives and the zero-or-more, one-or-more and zero-or-one paths. A shapes file
using anything else raises ShapesError when it is compiled, rather than being checked
in part: the file stays the one source of the rules.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property, lru_cache
from os import PathLike
from pathlib import Path

from kgraph.errors import KgraphError
from kgraph.graph import RDF_TYPE, BNode, Block, Collection, IRI, Literal, Term
from kgraph.vocab import NS

__all__ = ["Findings", "Shapes", "ShapesError", "Violation", "compile_shapes", "default_shapes"]

SH = "http://www.w3.org/ns/shacl#"
SHAPES_NS = "https://w3id.org/kgraph/shapes#"
XSD = NS["xsd"]
_RDF = NS["rdf"]
FIRST, REST, NIL = _RDF + "first", _RDF + "rest", _RDF + "nil"
PREFIXES = {**NS, "kgsh": SHAPES_NS, "sh": SH}
SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}

Facts = dict[str, list[Term]]
"""What a node says: predicate -> objects."""

Look = Callable[[str], "Facts | None"]
"""The facts of a node, or None when they are written elsewhere (a build sees one block)."""

_NO_FACTS: Facts = {}


class ShapesError(KgraphError):
    """The shapes use SHACL this checker does not compile, or are not well-formed."""


@dataclass(frozen=True)
class Violation:
    """One validation result, with every term shown as readable text.

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


def show(term: Term | None) -> str:
    """An IRI compacted when its namespace is a known prefix, else in full; literals as N3."""
    if term is None:
        return ""
    if isinstance(term, Literal):
        if term.lang:
            return f'"{term.value}"@{term.lang}'
        return f'"{term.value}"^^{show(IRI(term.datatype))}' if term.datatype else f'"{term.value}"'
    if isinstance(term, BNode):
        return f"_:{term}"
    for prefix, namespace in PREFIXES.items():
        if term.startswith(namespace) and len(term) > len(namespace):
            return f"{prefix}:{term[len(namespace):]}"
    return str(term)


# ---------------------------------------------------------------- outcomes
#
# A test of one value gives True (it conforms), False, or the classes that nodes
# written elsewhere must have: a tuple of (node, class mask) needs, all to be met.

Need = tuple[tuple[str, int], ...]
Outcome = bool | Need


def _all(outcomes: Iterable[Outcome]) -> Outcome:
    needs: Need = ()
    for outcome in outcomes:
        if outcome is False:
            return False
        if outcome is not True:
            needs += outcome
    return needs or True


def _any(outcomes: Iterable[Outcome], where: str) -> Outcome:
    needs: list[Need] = []
    for outcome in outcomes:
        if outcome is True:
            return True
        if outcome is not False:
            needs.append(outcome)
    if not needs:
        return False
    nodes = {node for need in needs for node, _ in need}
    if any(len(need) != 1 for need in needs) or len(nodes) != 1:
        raise ShapesError(f"{where}: an alternative that needs the types of several nodes written "
                          "elsewhere; kgraph checks sh:or only over one such node")
    mask = 0
    for ((_, m),) in needs:
        mask |= m
    return ((nodes.pop(), mask),)


# ---------------------------------------------------------------- value tests

ValueTest = Callable[[Term, Look], Outcome]

_LEXICAL = {  # the lexical spaces of the XSD types kgraph writes (timezone allowed where XSD has one)
    "string": None,
    "anyURI": None,
    "boolean": re.compile(r"true|false|1|0"),
    "integer": re.compile(r"[+-]?\d+"),
    "nonNegativeInteger": re.compile(r"\+?\d+|-0+"),
    "decimal": re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)"),
    "double": re.compile(r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|-INF|NaN"),
    "gYear": re.compile(r"-?\d{4,}(Z|[+-]\d\d:\d\d)?"),
    "gYearMonth": re.compile(r"-?\d{4,}-(0[1-9]|1[0-2])(Z|[+-]\d\d:\d\d)?"),
    "gMonthDay": re.compile(r"--(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(Z|[+-]\d\d:\d\d)?"),
    "date": re.compile(r"(-?\d{4,})-(\d\d)-(\d\d)(Z|[+-]\d\d:\d\d)?"),
}


def _well_formed(value: str, local: str) -> bool:
    pattern = _LEXICAL.get(local)
    if pattern is None:
        return True
    match = pattern.fullmatch(value)
    if match is None:
        return False
    if local == "date":
        try:
            datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return False
    return True


def _datatype(datatypes: frozenset[str]) -> ValueTest:
    """A literal of one of `datatypes` (several when sh:or lists datatypes), well-formed."""
    if datatypes == {XSD + "string"}:
        def test(v: Term, look: Look) -> Outcome:
            return type(v) is Literal and v.datatype is None and v.lang is None
    else:
        plain = XSD + "string" in datatypes
        lang = _RDF + "langString" in datatypes
        local = {d: d[len(XSD):] if d.startswith(XSD) else "" for d in datatypes}

        def test(v: Term, look: Look) -> Outcome:
            if type(v) is not Literal:
                return False
            if v.datatype is None:
                return lang if v.lang is not None else plain
            name = local.get(v.datatype)
            return name is not None and _well_formed(v.value, name)
    test.datatypes = datatypes  # type: ignore[attr-defined]
    return test


def _node_kind(kind: str) -> ValueTest:
    kinds = {
        "IRI": (IRI, str), "BlankNode": (BNode,), "Literal": (Literal,),
        "BlankNodeOrIRI": (BNode, IRI, str), "BlankNodeOrLiteral": (BNode, Literal),
        "IRIOrLiteral": (IRI, str, Literal),
    }
    allowed = kinds.get(kind.removeprefix(SH))
    if allowed is None:
        raise ShapesError(f"sh:nodeKind {show(IRI(kind))} is not a SHACL node kind")
    return lambda v, look: type(v) in allowed


def _number(term: Term) -> Decimal | None:
    if type(term) is not Literal or term.datatype is None or term.lang:
        return None
    try:
        return Decimal(term.value)
    except InvalidOperation:
        return None


def _compare(bound: Term, holds: Callable[[Decimal, Decimal], bool]) -> ValueTest:
    limit = _number(bound)
    if limit is None:
        raise ShapesError(f"a numeric bound {show(bound)} that is not a number")

    def test(v: Term, look: Look) -> Outcome:
        number = _number(v)
        return number is not None and holds(number, limit)
    return test


def _pattern(pattern: str, flags: str) -> ValueTest:
    regex = re.compile(pattern, sum(getattr(re, f.upper()) for f in flags if f in "imsx"))

    def test(v: Term, look: Look) -> Outcome:
        if type(v) is BNode:
            return False
        return regex.search(v.value if type(v) is Literal else v) is not None
    return test


class _Classes:
    """A bit for every class sh:class names, so a node's types are one int."""

    def __init__(self) -> None:
        self.bits: dict[str, int] = {}

    def mask(self, classes: Iterable[str]) -> int:
        bits = self.bits
        mask = 0
        for cls in classes:
            bit = bits.get(cls)
            if bit is None:
                bit = bits[cls] = 1 << len(bits)
            mask |= bit
        return mask

    def of(self, types: Iterable[Term]) -> int:
        """The mask of a node's rdf:type values (0 when none is named by the shapes)."""
        bits = self.bits
        mask = 0
        for t in types:
            mask |= bits.get(t, 0)
        return mask


def _class(mask: int, classes: _Classes) -> ValueTest:
    """An instance of one of the classes in `mask` (several when sh:or lists classes)."""
    of = classes.of

    def test(v: Term, look: Look) -> Outcome:
        if type(v) is Literal:
            return False
        facts = look(v)
        if facts is None:
            return ((v, mask),)
        types = facts.get(RDF_TYPE)
        return bool(types) and bool(of(types) & mask)
    test.class_mask = mask  # type: ignore[attr-defined]
    return test


def _either(branches: list, classes: _Classes, where: str) -> ValueTest:
    """sh:or. Alternatives that are each one class, or each one datatype, become one test."""
    singles = [b.single for b in branches if isinstance(b, NodeShape) and b.single is not None]
    if len(singles) == len(branches):
        if all(hasattr(t, "class_mask") for t in singles):
            mask = 0
            for t in singles:
                mask |= t.class_mask
            return _class(mask, classes)
        if all(hasattr(t, "datatypes") for t in singles):
            return _datatype(frozenset().union(*(t.datatypes for t in singles)))
    checks = [b.conforms for b in branches]

    def test(v: Term, look: Look) -> Outcome:
        outcomes = []
        for check in checks:
            outcome = check(v, look)
            if outcome is True:
                return True
            outcomes.append(outcome)
        return _any(outcomes, where)
    return test


# ---------------------------------------------------------------- paths

Path_ = Callable[[str, Look], list[Term]]


def _objects(node: Term, predicate: str, look: Look, where: str) -> list[Term]:
    if type(node) is Literal:
        return []
    facts = _NO_FACTS if node == NIL else look(node)
    if facts is None:
        raise ShapesError(f"{where}: follows {show(IRI(predicate))} from {node}, a node written "
                          "elsewhere; kgraph checks paths only within one node and its lists")
    return facts.get(predicate, [])


def _closure(step: Path_, node: Term, look: Look, with_start: bool) -> list[Term]:
    seen: dict[Term, None] = {node: None} if with_start else {}
    frontier = [node]
    while frontier:
        nxt = []
        for n in frontier:
            for m in step(n, look):
                if m not in seen:
                    seen[m] = None
                    nxt.append(m)
        frontier = nxt
    return list(seen)


# ---------------------------------------------------------------- compiled shapes


@dataclass(frozen=True)
class Rule:
    """Where a result comes from, as the report shows it."""

    shape: str
    path: str | None
    message: str
    severity: str


@dataclass
class PropertyShape:
    rule: Rule
    path: Path_
    predicate: str | None = None  # the path, when it is one predicate: its values are read directly
    min_count: int | None = None
    max_count: int | None = None
    has_values: list[Term] = field(default_factory=list)
    tests: list[ValueTest] = field(default_factory=list)  # each value passes every one

    def __post_init__(self) -> None:
        self.settle()

    def settle(self) -> None:
        """Derived once the constraints are set: whether a node without values can fail."""
        self.needs_values = bool(self.min_count) or bool(self.has_values)

    def check(self, focus: str, look: Look, failed: list, values: list[Term] | None = None) -> Need:
        """Append to `failed` each value that fails (None for a count); return the needs.
        `values`: the path's values, when the caller has them."""
        if values is None:
            values = self.path(focus, look)
        count = len(values) if len(values) < 2 else len(set(values))
        if self.min_count is not None and count < self.min_count:
            failed.append(None)
        if self.max_count is not None and count > self.max_count:
            failed.append(None)
        for wanted in self.has_values:
            if wanted not in values:
                failed.append(None)
        needs: Need = ()
        for test in self.tests:
            for v in values:
                outcome = test(v, look)
                if outcome is False:
                    failed.append(v)
                elif outcome is not True:
                    needs += outcome
        return needs

    def conforms(self, focus: str, look: Look) -> Outcome:
        failed: list[Term | None] = []
        needs = self.check(focus, look, failed)
        return False if failed else (needs or True)


@dataclass
class NodeShape:
    rule: Rule
    tests: list[ValueTest] = field(default_factory=list)  # on the focus node itself
    properties: list[PropertyShape] = field(default_factory=list)
    target_classes: frozenset[str] = frozenset()
    target_subjects_of: frozenset[str] = frozenset()

    @property
    def single(self) -> ValueTest | None:
        """The shape's one test, when it has one and no property shapes: used directly."""
        return self.tests[0] if len(self.tests) == 1 and not self.properties else None

    @cached_property
    def checks(self) -> tuple[ValueTest, ...]:
        """The node tests, then the property shapes, as one list (fixed once compiled)."""
        return (*self.tests, *(p.conforms for p in self.properties))

    def conforms(self, v: Term, look: Look) -> Outcome:
        needs: Need = ()
        for check in self.checks:  # _all, written out: this runs for every list cell
            outcome = check(v, look)
            if outcome is False:
                return False
            if outcome is not True:
                needs += outcome
        return needs or True


class _Plan:
    """The checks of the shapes that target one kind of node, arranged so that a node is
    gone through by its own predicates: most property shapes find no values."""

    def __init__(self, shapes: list[NodeShape]) -> None:
        self.node_tests = [(shape.rule, test) for shape in shapes for test in shape.tests]
        self.by_predicate: dict[str, list[PropertyShape]] = {}
        self.always: list[PropertyShape] = []  # other paths, and shapes that fail without values
        for prop in (prop for shape in shapes for prop in shape.properties):
            if prop.predicate is None:
                self.always.append(prop)
            else:
                self.by_predicate.setdefault(prop.predicate, []).append(prop)
                if prop.needs_values:
                    self.always.append(prop)


class Shapes:
    """A shapes graph compiled: the node shapes with targets, and the class bits their
    sh:class constraints use."""

    def __init__(self, targeted: list[NodeShape], classes: _Classes) -> None:
        self.targeted = targeted
        self.classes = classes
        self._plans: dict[tuple, _Plan] = {}
        self._subject_predicates = sorted({p for s in targeted for p in s.target_subjects_of})

    def plan(self, facts: Facts) -> _Plan:
        """The checks for a node saying `facts`, by the shapes that target it (cached by its
        types and the targeting predicates it has)."""
        types = facts.get(RDF_TYPE)
        key = (tuple(types) if types else (), tuple(p in facts for p in self._subject_predicates))
        found = self._plans.get(key)
        if found is None:
            found = self._plans[key] = _Plan([
                s for s in self.targeted
                if (types and not s.target_classes.isdisjoint(types))
                or any(p in facts for p in s.target_subjects_of)])
        return found

    def check(self, focus: str, look: Look, findings: Findings) -> None:
        """Every targeted shape on one node: results into `findings`, needs kept there."""
        facts = look(focus)
        if not facts:
            return
        plan = self.plan(facts)
        for rule, test in plan.node_tests:
            outcome = test(focus, look)
            if outcome is False:
                findings.fail(rule, focus, None, focus)
            elif outcome is not True:
                findings.need(outcome)
        failed: list[Term | None] = []
        by_predicate = plan.by_predicate
        for predicate, values in facts.items():
            for prop in by_predicate.get(predicate, ()):
                if not prop.needs_values:
                    self._results(prop, focus, look, values, failed, findings)
        for prop in plan.always:
            values = None if prop.predicate is None else facts.get(prop.predicate, [])
            self._results(prop, focus, look, values, failed, findings)
        if type(focus) is not BNode:
            mask = self.classes.of(facts.get(RDF_TYPE, ()))
            if mask:
                findings.types[focus] = mask

    @staticmethod
    def _results(prop: PropertyShape, focus: str, look: Look, values: list[Term] | None,
                 failed: list, findings: Findings) -> None:
        needs = prop.check(focus, look, failed, values)
        if failed:
            for v in failed:
                findings.fail(prop.rule, focus, prop.rule.path, v)
            failed.clear()
        if needs:
            findings.need(needs)


# ---------------------------------------------------------------- findings


@dataclass
class Findings:
    """What the checks found in the nodes one process wrote: results, and what is needed
    of nodes written elsewhere. Plain data, so a worker's findings travel back to the
    building process."""

    violations: list[Violation] = field(default_factory=list)
    types: dict[str, int] = field(default_factory=dict)  # node -> mask of its classes the shapes name
    pending: dict[str, int] = field(default_factory=dict)  # node -> the classes it must have, one mask per need
    masks: list[int] = field(default_factory=list)  # the distinct need masks; pending holds bits of these

    def fail(self, rule: Rule, focus: str, path: str | None, value: Term | None) -> None:
        self.violations.append(Violation(show(focus), path, rule.message, rule.severity, rule.shape,
                                         None if value is None else show(value)))

    def need(self, needs: Need) -> None:
        types, pending, masks = self.types, self.pending, self.masks
        for node, mask in needs:
            have = types.get(node)
            if have is not None and have & mask:
                continue  # already known to hold
            try:
                bit = 1 << masks.index(mask)
            except ValueError:
                masks.append(mask)
                bit = 1 << (len(masks) - 1)
            pending[node] = pending.get(node, 0) | bit

    def absorb(self, other: Findings) -> None:
        """Add another process's findings (no node is written by two)."""
        self.violations.extend(other.violations)
        self.types.update(other.types)
        for node, bits in other.pending.items():
            for k, mask in enumerate(other.masks):
                if bits >> k & 1:
                    self.need(((node, mask),))

    def unmet(self) -> int:
        """How many needs of other nodes' classes do not hold, now every node is known."""
        types = self.types
        unmet = 0
        for node, bits in self.pending.items():
            have = types.get(node, 0)
            for k, mask in enumerate(self.masks):
                if bits >> k & 1 and not have & mask:
                    unmet += 1
        return unmet


# ---------------------------------------------------------------- checking


def check_block(block: Block, shapes: Shapes, findings: Findings) -> None:
    """Check one written block: its subject, and the cells of its author lists."""
    facts: Facts = {}
    cells: dict[str, Facts] | None = None
    for p, o, _ in block.facts:
        if type(o) is Collection:
            nodes = o.nodes()
            cells = cells if cells is not None else {}
            for i, node in enumerate(nodes):
                cells[node] = {FIRST: [o.items[i]], REST: [nodes[i + 1] if i + 1 < len(nodes) else IRI(NIL)]}
            o = nodes[0] if nodes else IRI(NIL)
        values = facts.get(p)
        if values is None:
            facts[p] = [o]
        else:
            values.append(o)
    subject = block.subject
    if cells is None:
        def look(node: str) -> Facts | None:
            return facts if node == subject else None
    else:
        def look(node: str) -> Facts | None:
            return facts if node == subject else cells.get(node)
    shapes.check(subject, look, findings)


def check_graph(nodes: dict[str, Facts], shapes: Shapes) -> list[Violation]:
    """Check a whole graph, given as every subject's facts: every need is settled here."""
    findings = Findings()

    def known(node: str) -> Facts:
        return nodes.get(node, _NO_FACTS)
    for subject in nodes:
        shapes.check(subject, known, findings)
    return findings.violations


# ---------------------------------------------------------------- compiling


class _ShapesGraph:
    """The shapes file's triples, by subject."""

    def __init__(self, triples: Iterable[tuple[Term, str, Term]]) -> None:
        self.facts: dict[Term, Facts] = {}
        for s, p, o in triples:
            self.facts.setdefault(s, {}).setdefault(p, []).append(o)

    def objects(self, s: Term, p: str) -> list[Term]:
        return self.facts.get(s, _NO_FACTS).get(p, [])

    def value(self, s: Term, p: str) -> Term | None:
        found = self.objects(s, p)
        return found[0] if found else None

    def items(self, head: Term) -> list[Term]:
        out = []
        while head != NIL:
            first = self.value(head, FIRST)
            if first is None or head in out:
                raise ShapesError(f"a malformed RDF list in the shapes at {show(head)}")
            out.append(first)
            head = self.value(head, REST)  # type: ignore[assignment]
            if head is None:
                raise ShapesError("an RDF list in the shapes that does not end in rdf:nil")
        return out


_NODE_COMPONENTS = {"class", "datatype", "nodeKind", "minInclusive", "maxInclusive", "minExclusive",
                    "maxExclusive", "pattern", "flags", "hasValue", "in", "node", "or", "and", "property"}
_PROPERTY_ONLY = {"path", "minCount", "maxCount"}
_DESCRIPTIVE = {"name", "description", "message", "severity", "order", "group", "targetClass",
                "targetSubjectsOf", "deactivated"}
_IGNORED_PREDICATES = {RDF_TYPE, NS["rdfs"] + "comment", NS["rdfs"] + "label", NS["rdfs"] + "seeAlso",
                       NS["owl"] + "versionInfo"}


class _Compiler:
    def __init__(self, graph: _ShapesGraph) -> None:
        self.g = graph
        self.classes = _Classes()
        self.node_shapes: dict[Term, NodeShape] = {}

    def shape_name(self, shape: Term, parent: Term | None = None) -> str:
        name = self.g.value(shape, SH + "name")
        if type(shape) is not BNode:
            return show(shape)
        if parent is not None and type(parent) is not BNode:
            return f"{show(parent)} {name.value}" if isinstance(name, Literal) else show(parent)
        return name.value if isinstance(name, Literal) else "an anonymous shape"

    def rule(self, shape: Term, path: str | None, parent: Term | None = None) -> Rule:
        messages = sorted(m.value for m in self.g.objects(shape, SH + "message") if isinstance(m, Literal))
        severity = self.g.value(shape, SH + "severity")
        return Rule(self.shape_name(shape, parent), path,
                    messages[0] if messages else f"{self.shape_name(shape, parent)} is not satisfied",
                    str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation")

    def check_terms(self, shape: Term, allowed: set[str]) -> None:
        for p in self.g.facts.get(shape, _NO_FACTS):
            if p in _IGNORED_PREDICATES:
                continue
            local = p[len(SH):] if p.startswith(SH) else None
            if local is None or local not in allowed | _DESCRIPTIVE:
                raise ShapesError(f"{self.shape_name(shape)} uses {show(IRI(p))}, which kgraph does not check")

    def node_shape(self, shape: Term) -> NodeShape:
        """The node shape `shape`, compiled once (sh:node may name it from many places)."""
        found = self.node_shapes.get(shape)
        if found is not None:
            return found
        if self.g.value(shape, SH + "path") is not None:
            raise ShapesError(f"{self.shape_name(shape)} is a property shape used where a node shape is needed")
        self.check_terms(shape, _NODE_COMPONENTS)
        compiled = self.node_shapes[shape] = NodeShape(self.rule(shape, None))
        compiled.tests = self.value_tests(shape)
        compiled.properties = [self.property_shape(p, shape) for p in self.g.objects(shape, SH + "property")]
        compiled.target_classes = frozenset(self.g.objects(shape, SH + "targetClass"))  # type: ignore[arg-type]
        compiled.target_subjects_of = frozenset(self.g.objects(shape, SH + "targetSubjectsOf"))  # type: ignore[arg-type]
        return compiled

    def any_shape(self, shape: Term, parent: Term) -> NodeShape | PropertyShape:
        """A member of sh:or or sh:and: a property shape when it has a path, else a node shape."""
        if self.g.value(shape, SH + "path") is not None:
            return self.property_shape(shape, parent)
        return self.node_shape(shape)

    def property_shape(self, shape: Term, parent: Term) -> PropertyShape:
        self.check_terms(shape, (_NODE_COMPONENTS - {"property"}) | _PROPERTY_ONLY)
        path_term = self.g.value(shape, SH + "path")
        if path_term is None:
            raise ShapesError(f"{self.shape_name(shape, parent)}: a property shape needs sh:path")
        where = self.shape_name(shape, parent)
        compiled = PropertyShape(self.rule(shape, self.show_path(path_term), parent), self.path(path_term, where),
                                 predicate=None if type(path_term) is BNode else path_term)
        for name in ("minCount", "maxCount"):
            value = self.g.value(shape, SH + name)
            if value is not None:
                setattr(compiled, "min_count" if name == "minCount" else "max_count", int(value.value))
        compiled.has_values = list(self.g.objects(shape, SH + "hasValue"))
        compiled.tests = self.value_tests(shape, skip_has_value=True)
        compiled.settle()
        return compiled

    def value_tests(self, shape: Term, *, skip_has_value: bool = False) -> list[ValueTest]:
        g, tests = self.g, []
        for cls in g.objects(shape, SH + "class"):
            tests.append(_class(self.classes.mask([cls]), self.classes))
        for datatype in g.objects(shape, SH + "datatype"):
            tests.append(_datatype(frozenset([datatype])))
        for kind in g.objects(shape, SH + "nodeKind"):
            tests.append(_node_kind(kind))
        for name, holds in (("minInclusive", lambda a, b: a >= b), ("maxInclusive", lambda a, b: a <= b),
                            ("minExclusive", lambda a, b: a > b), ("maxExclusive", lambda a, b: a < b)):
            for bound in g.objects(shape, SH + name):
                tests.append(_compare(bound, holds))
        flags = g.value(shape, SH + "flags")
        for pattern in g.objects(shape, SH + "pattern"):
            tests.append(_pattern(pattern.value, flags.value if isinstance(flags, Literal) else ""))
        if not skip_has_value:
            for wanted in g.objects(shape, SH + "hasValue"):
                tests.append(lambda v, look, wanted=wanted: v == wanted)
        for members in g.objects(shape, SH + "in"):
            allowed = set(g.items(members))
            tests.append(lambda v, look, allowed=allowed: v in allowed)
        for other in g.objects(shape, SH + "node"):
            node = self.node_shape(other)
            tests.append(node.single or node.conforms)
        for alternatives in g.objects(shape, SH + "or"):
            branches = [self.any_shape(s, shape) for s in g.items(alternatives)]
            tests.append(_either(branches, self.classes, self.shape_name(shape)))
        for conjuncts in g.objects(shape, SH + "and"):
            parts = [self.any_shape(s, shape) for s in g.items(conjuncts)]
            tests.append(lambda v, look, parts=parts: _all(p.conforms(v, look) for p in parts))
        return tests

    def path(self, term: Term, where: str) -> Path_:
        g = self.g
        if type(term) is not BNode:
            return lambda node, look: _objects(node, term, look, where)
        if g.value(term, FIRST) is not None:  # a sequence
            steps = [self.path(step, where) for step in g.items(term)]

            def sequence(node: str, look: Look) -> list[Term]:
                current: list[Term] = [node]
                for step in steps:
                    current = list(dict.fromkeys(m for n in current for m in step(n, look)))
                return current
            return sequence
        for name, with_start, repeat in (("zeroOrMorePath", True, True), ("oneOrMorePath", False, True),
                                         ("zeroOrOnePath", True, False)):
            inner = g.value(term, SH + name)
            if inner is not None:
                step = self.path(inner, where)
                if repeat:
                    return lambda node, look, step=step, start=with_start: _closure(step, node, look, start)
                return lambda node, look, step=step: list(dict.fromkeys([node, *step(node, look)]))
        alternatives = g.value(term, SH + "alternativePath")
        if alternatives is not None:
            options = [self.path(step, where) for step in g.items(alternatives)]
            return lambda node, look: list(dict.fromkeys(m for o in options for m in o(node, look)))
        raise ShapesError(f"{where}: a property path kgraph does not follow (sh:inversePath needs "
                          "the whole graph)")

    def show_path(self, term: Term) -> str:
        """A property path in SPARQL property-path syntax (``rdf:rest*/rdf:first``)."""
        g = self.g
        if type(term) is not BNode:
            return show(term)
        if g.value(term, FIRST) is not None:
            return "/".join(self.show_path(step) for step in g.items(term))
        for name, template in (("inversePath", "^{}"), ("zeroOrMorePath", "{}*"),
                               ("oneOrMorePath", "{}+"), ("zeroOrOnePath", "{}?")):
            inner = g.value(term, SH + name)
            if inner is not None:
                return template.format(self.show_path(inner))
        alternatives = g.value(term, SH + "alternativePath")
        if alternatives is not None:
            return "(" + "|".join(self.show_path(step) for step in g.items(alternatives)) + ")"
        return show(term)


def compile_triples(triples: Iterable[tuple[Term, str, Term]]) -> Shapes:
    """Shapes from a shapes graph's triples (kgraph terms)."""
    compiler = _Compiler(_ShapesGraph(triples))
    g = compiler.g
    named = sorted({s for s, facts in g.facts.items()
                    if SH + "targetClass" in facts or SH + "targetSubjectsOf" in facts}, key=str)
    for s, facts in g.facts.items():
        if any(p in facts for p in (SH + "targetNode", SH + "targetObjectsOf")):
            raise ShapesError(f"{compiler.shape_name(s)}: only sh:targetClass and sh:targetSubjectsOf "
                              "targets are checked")
    targeted = [compiler.node_shape(s) for s in named]
    return Shapes(targeted, compiler.classes)


def compile_shapes(path: str | PathLike[str]) -> Shapes:
    """The shapes of a Turtle file, compiled. Raises ShapesError naming what is not supported."""
    from kgraph.rdfio import read_triples

    try:
        return compile_triples(read_triples(Path(path)))
    except ShapesError as exc:
        raise ShapesError(f"{path}: {exc}") from exc


@lru_cache(maxsize=1)
def default_shapes() -> Shapes:
    """The packaged ``shapes.ttl``, compiled once per process (about 10 ms)."""
    from kgraph.ontology import ontology_path

    return compile_shapes(ontology_path("shapes.ttl"))
