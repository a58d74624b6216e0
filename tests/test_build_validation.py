"""Every build checks what it writes against the shapes, node by node, in every writing
process; its report says what `kgraph validate` says of the same graph."""

from __future__ import annotations

from pathlib import Path

import pytest

import kgraph
import kgraph.shapes
from kgraph.ontology import ontology_path
from kgraph.shapes import compile_shapes
from kgraph.validate import validate

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [ROOT / "examples" / "pages", ROOT / "examples" / "structured"]

#: Rules every example graph breaks: one a node's own facts settle, one that needs the
#: class of the nodes a paper points at (written later, maybe by another process).
STRICTER = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix kg: <https://w3id.org/kgraph/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<urn:strict> a sh:NodeShape ; sh:targetClass kg:Paper ;
  sh:property [ sh:path kg:upvotes ; sh:minCount 1 ; sh:message "Every paper needs upvotes" ] ;
  sh:property [ sh:path dcterms:creator ; sh:class kg:Organization ;
                sh:message "Creators must be organizations" ] .
"""


@pytest.fixture
def stricter(tmp_path: Path, monkeypatch) -> Path:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(ontology_path("shapes.ttl").read_text(encoding="utf-8") + STRICTER, encoding="utf-8")
    compiled = compile_shapes(shapes)
    monkeypatch.setattr(kgraph.shapes, "default_shapes", lambda: compiled)
    return shapes


def test_the_build_reports_what_validate_finds(tmp_path: Path, stricter: Path) -> None:
    report = kgraph.build(EXAMPLES, tmp_path / "out")
    assert report.conforms is False
    assert "Every paper needs upvotes" in report.validation
    assert "Creators must be organizations" in report.validation
    assert report.validation == validate(tmp_path / "out" / "graph.ttl", shapes=stricter).text()


def test_a_build_of_the_examples_conforms_and_validate_agrees(tmp_path: Path) -> None:
    report = kgraph.build(EXAMPLES, tmp_path / "out")
    assert report.conforms is True and report.validation == "the graph conforms to the kgraph shapes"
    assert validate(tmp_path / "out").conforms


def test_no_validate_checks_nothing(tmp_path: Path, stricter: Path) -> None:
    report = kgraph.build(EXAMPLES, tmp_path / "out", validate=False)
    assert report.conforms is None and report.validation == ""
