"""kgraph.schema against the ontology and the shapes, and the closed vocabularies made from it."""

from __future__ import annotations

import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from kgraph import schema
from kgraph.kg_namespace import KG as RDFLIB_KG
from kgraph.models import ArtifactKind
from kgraph.vocab import DCT, KG, KG_NS, NS

REPO = Path(__file__).resolve().parents[1]
ONTOLOGY = REPO / "ontology" / "kgraph.ttl"
SHAPES = REPO / "ontology" / "shapes.ttl"
KGSH = "https://w3id.org/kgraph/shapes#"


def expand(curie: str) -> URIRef:
    prefix, local = curie.split(":", 1)
    return URIRef(NS[prefix] + local)


def kg_local(term: URIRef) -> str:
    return str(term)[len(KG_NS):]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def kg_properties() -> dict[str, schema.Attribute | schema.Link]:
    """Every kg: property of the table by local name, with the classes it is declared on."""
    return {p.term[3:]: p for t in schema.ENTITY_TYPES for p in (*t.attributes, *t.links)
            if p.term.startswith("kg:")} | {p.term[3:]: p for p in schema.EVIDENCE}


def domains() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for t in schema.ENTITY_TYPES:
        for p in (*t.attributes, *t.links):
            out.setdefault(p.term, set()).add("kg:" + t.cls)
    for p in schema.EVIDENCE:
        out.setdefault(p.term, set()).add("rdf:Statement")
    return out


def test_every_class_of_the_table_is_in_the_ontology_with_its_superclass(ontology):
    for t in schema.ENTITY_TYPES:
        cls = URIRef(KG_NS + t.cls)
        assert (cls, RDF.type, OWL.Class) in ontology, t.cls
        kg_parents = {o for o in ontology.objects(cls, RDFS.subClassOf) if str(o).startswith(KG_NS)}
        assert kg_parents == ({URIRef(KG_NS + t.parent)} if t.parent else set()), t.cls


def test_every_kg_property_of_the_table_is_in_the_ontology_with_its_domain_and_range(ontology):
    for term, declared_on in domains().items():
        if not term.startswith("kg:"):
            continue
        prop = expand(term)
        p = kg_properties()[term[3:]]
        kind = OWL.ObjectProperty if isinstance(p, schema.Link) else OWL.DatatypeProperty
        assert (prop, RDF.type, kind) in ontology, term
        assert {str(d) for d in ontology.objects(prop, RDFS.domain)} == {str(expand(c)) for c in declared_on}, term
        expected = p.range if isinstance(p, schema.Link) else p.datatype
        assert set(ontology.objects(prop, RDFS.range)) == {expand(expected)}, term


def test_every_kg_term_the_ontology_declares_is_in_the_table(ontology):
    declared = {kg_local(s) for s in ontology.subjects(RDF.type, None) if str(s).startswith(KG_NS)}
    assert declared == set(schema.kg_terms())
    datatypes = {kg_local(s) for s in ontology.subjects(RDF.type, RDFS.Datatype) if str(s).startswith(KG_NS)}
    assert datatypes == set(schema.DATATYPES)


def targets(shapes: Graph, shape) -> set[str]:
    return {kg_local(c) for c in shapes.objects(shape, SH.targetClass)}


def test_every_shape_path_agrees_with_the_table(shapes):
    checked = 0
    for shape in shapes.subjects(SH.targetClass, None):
        for prop in shapes.objects(shape, SH.property):
            path = shapes.value(prop, SH.path)
            curie = next(f"{p}:{str(path)[len(ns):]}" for p, ns in NS.items() if str(path).startswith(ns))
            for cls in targets(shapes, shape):
                declared = {p.term: p for p in schema.properties_of(schema.by_class(cls))}
                assert curie in declared, f"{cls} has {curie} in the shapes, not in kgraph.schema"
                p = declared[curie]
                if (datatype := shapes.value(prop, SH.datatype)) is not None:
                    assert isinstance(p, schema.Attribute) and expand(p.datatype) == datatype, (cls, curie)
                if (cls_of := shapes.value(prop, SH["class"])) is not None:
                    assert isinstance(p, schema.Link) and expand(p.range) == cls_of, (cls, curie)
                node = shapes.value(prop, SH.node)
                if node == URIRef(KGSH + "AnyArtifact"):
                    assert isinstance(p, schema.Link) and p.range == "kg:Artifact", (cls, curie)
                elif node == URIRef(KGSH + "PersonList"):
                    assert isinstance(p, schema.Link) and p.range == "rdf:List", (cls, curie)
                elif node == URIRef(KGSH + "PartialDate"):
                    assert isinstance(p, schema.Attribute) and p.datatype == "kg:PartialDate", (cls, curie)
                elif node is not None:
                    assert isinstance(p, schema.Link), (cls, curie)
                if shapes.value(prop, SH.nodeKind) == SH.IRI:
                    assert isinstance(p, schema.Link), (cls, curie)
                checked += 1
    assert checked > 60


def test_every_type_is_a_target_of_the_label_shape(shapes):
    assert targets(shapes, URIRef(KGSH + "LabelShape")) == {t.cls for t in schema.ENTITY_TYPES}
    assert targets(shapes, URIRef(KGSH + "ProvenanceShape")) == {
        t.cls for t in schema.ENTITY_TYPES if any(p.term == "prov:wasDerivedFrom" for p in schema.properties_of(t))}


def test_derived_lists_follow_the_table():
    assert set(typing.get_args(ArtifactKind)) == schema.ARTIFACT_KINDS
    assert schema.ARTIFACT_CLASSES == {"Artifact", "Dataset", "Benchmark", "Model", "Application"}
    assert schema.EXTRACTED_KINDS == schema.ARTIFACT_KINDS | {"organization"}
    assert schema.IRI_PREFIXES == ("paper", "person", "org", "artifact", "venue", "category", "repo", "doc")
    assert sorted(t.style.legend for t in schema.ENTITY_TYPES) == list(range(len(schema.ENTITY_TYPES)))
    assert len({t.kind for t in schema.ENTITY_TYPES}) == len({t.cls for t in schema.ENTITY_TYPES}) == 12
    assert schema.by_class("Benchmark").parent == "Dataset"
    with pytest.raises(KeyError, match="unknown entity class 'Datset'; known: Paper, Person"):
        schema.by_class("Datset")


def test_the_closed_vocabulary_raises_on_unknown_terms():
    assert KG.developedBy == KG_NS + "developedBy" and KG["created"] == KG_NS + "created"
    assert DCT.title == NS["dcterms"] + "title"
    with pytest.raises(AttributeError, match="kg:developedBi is not a term"):
        KG.developedBi  # noqa: B018
    with pytest.raises(KeyError, match="kg:createdDate is not a term"):
        KG["createdDate"]
    with pytest.raises(TypeError):
        KG + "developedBy"  # type: ignore[operator]


def test_the_rdflib_namespace_is_made_from_the_same_table():
    assert {kg_local(t) for t in dir(RDFLIB_KG)} == set(KG) == set(schema.kg_terms())
    with pytest.raises(AttributeError):
        RDFLIB_KG.Papr  # noqa: B018


def test_every_kg_term_written_in_the_source_is_in_the_vocabulary():
    """Turtle written as text ("kg:spanText") and terms built from strings are checked too."""
    for path in (REPO / "kgraph").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r'(\bKG|NS\["kg"\]|KG_NS) \+ ["\w]', text), f"{path}: a kg: term built by +"
        for name in re.findall(r"\bkg:([A-Za-z]+)\b", text):
            assert name in KG, f"{path.name}: kg:{name} is not in kgraph.schema"


def test_every_kg_term_in_the_documentation_and_queries_is_in_the_vocabulary():
    paths = [REPO / "README.md", *REPO.glob("kgraph/**/*.md"), *REPO.glob("examples/**/*.rq")]
    assert len(paths) > 3
    for path in paths:
        for name in re.findall(r"\bkg:([A-Za-z]+)\b", path.read_text(encoding="utf-8")):
            assert name in KG, f"{path.name}: kg:{name} is not in kgraph.schema"


def test_a_build_does_not_import_rdflib():
    code = "import sys, kgraph.builder, kgraph.pipeline, kgraph.vocab, kgraph.schema; print('rdflib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("module", ["kgraph.schema", "kgraph.vocab", "kgraph.kg_namespace"])
def test_each_vocabulary_module_imports_alone(module):
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
