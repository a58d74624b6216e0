"""kgraph.vocab and the ontology files: KG, ontology/kgraph.ttl and SPEC.md agree term for term."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from kgraph.kg_namespace import KG
from kgraph.ontology import NAMES, ontology_path
from kgraph.vocab import KG_NS, NS, sparql_prefixes

REPO = Path(__file__).resolve().parents[1]
ONTOLOGY = REPO / "ontology" / "kgraph.ttl"
SHAPES = REPO / "ontology" / "shapes.ttl"
SPEC = REPO.parent / "shared" / "SPEC.md"

SPEC_CLASSES = {
    "Paper", "Person", "Organization", "Artifact", "Dataset", "Benchmark", "Model",
    "Application", "Venue", "CodeRepository", "Category", "SourceDocument",
}
SPEC_PROPERTIES = {
    "arxivId", "authorList", "authorCount", "authorsTruncated", "affiliation", "publishedIn",
    "category", "hasCode", "introduces", "uses", "mentionsOrganization", "affiliatedWith",
    "developedBy", "dependsOn", "venueSeries", "year", "url",
}
FOAF_PERSON = URIRef("http://xmlns.com/foaf/0.1/Person")
PROPERTY_TYPES = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def kg_terms(graph: Graph) -> set[URIRef]:
    """Every kg: IRI that appears anywhere in `graph`."""
    return {t for triple in graph for t in triple if isinstance(t, URIRef) and t.startswith(KG_NS)}


def test_kg_namespace():
    assert str(KG) == KG_NS == NS["kg"]
    assert KG.Paper == URIRef(KG_NS + "Paper")
    assert KG["arxivId"] == URIRef(KG_NS + "arxivId")


def test_misspelt_term_raises():
    with pytest.raises(AttributeError, match="Papr"):
        KG.Papr  # noqa: B018
    with pytest.raises(AttributeError):
        KG["arxivID"]
    assert "Paper" in KG and "Papr" not in KG


def test_every_kg_term_is_defined_in_the_ontology(ontology):
    for term in dir(KG):
        types = set(ontology.objects(term, RDF.type))
        assert types, f"{term} is not defined in ontology/kgraph.ttl"
        assert ontology.value(term, RDFS.label) is not None, f"{term} has no rdfs:label"
        assert ontology.value(term, RDFS.comment) is not None, f"{term} has no rdfs:comment"
        assert ontology.value(term, RDFS.isDefinedBy) is not None, f"{term} has no rdfs:isDefinedBy"
        if types & PROPERTY_TYPES:
            assert ontology.value(term, RDFS.domain) is not None, f"{term} has no rdfs:domain"
            assert ontology.value(term, RDFS.range) is not None, f"{term} has no rdfs:range"


def test_every_kg_term_in_the_ontology_is_in_kg(ontology):
    assert kg_terms(ontology) == set(dir(KG))


def test_every_kg_term_in_the_shapes_is_in_kg():
    shapes = Graph().parse(SHAPES, format="turtle")
    assert kg_terms(shapes) <= set(dir(KG))


def test_spec_classes_and_properties_are_defined(ontology):
    for name in SPEC_CLASSES:
        assert (KG[name], RDF.type, OWL.Class) in ontology, name
    for name in SPEC_PROPERTIES:
        types = set(ontology.objects(KG[name], RDF.type))
        assert types & {OWL.ObjectProperty, OWL.DatatypeProperty}, name


@pytest.mark.skipif(not SPEC.is_file(), reason="shared/SPEC.md is not beside the repository")
def test_every_kg_term_in_spec_is_in_kg():
    named = set(re.findall(r"\bkg:([A-Za-z]+)", SPEC.read_text(encoding="utf-8")))
    assert named == SPEC_CLASSES | SPEC_PROPERTIES
    assert {KG_NS + n for n in named} <= {str(t) for t in dir(KG)}


def test_class_hierarchy(ontology):
    def superclasses(cls: URIRef) -> set[URIRef]:
        return set(ontology.transitive_objects(cls, RDFS.subClassOf)) - {cls}

    for cls in (KG.Dataset, KG.Model, KG.Application, KG.Benchmark):
        assert KG.Artifact in superclasses(cls)
    assert KG.Dataset in superclasses(KG.Benchmark)
    assert (KG.Person, OWL.equivalentClass, FOAF_PERSON) in ontology


def test_dependson_is_not_provenance(ontology):
    """prov:wasDerivedFrom points to source documents only; dependsOn must not entail it."""
    prov_derived = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
    for prop in dir(KG):
        assert prov_derived not in set(ontology.transitive_objects(prop, RDFS.subPropertyOf))


@pytest.mark.parametrize("name", NAMES)
def test_packaged_copy_is_identical(name):
    packaged = ontology_path(name)
    assert packaged.read_bytes() == (REPO / "ontology" / name).read_bytes(), (
        f"kgraph/ontology/{name} differs from ontology/{name}; copy the top-level file over it"
    )


def test_ontology_path_rejects_unknown_names():
    with pytest.raises(ValueError, match="Available names: kgraph.ttl, shapes.ttl"):
        ontology_path("kgraph.owl")


@pytest.mark.parametrize("path", [ONTOLOGY, SHAPES])
def test_files_parse_with_rdflib_and_pyoxigraph(path):
    assert len(Graph().parse(path, format="turtle")) > 50
    with path.open("rb") as f:
        assert sum(1 for _ in pyoxigraph.parse(f, pyoxigraph.RdfFormat.TURTLE)) > 50


def test_every_shape_has_a_name_and_message():
    """Named shapes have sh:name; every shape that can fail on its own has sh:message."""
    shapes = Graph().parse(SHAPES, format="turtle")
    alternatives = {
        alternative
        for lst in shapes.objects(None, SH["or"])
        for alternative in shapes.items(lst)
    }
    inner = alternatives | {p for a in alternatives for p in shapes.objects(a, SH.property)}
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        assert shapes.value(shape, SH.name) is not None, f"{shape} has no sh:name"
        if shapes.value(shape, SH["or"]) is not None:
            assert shapes.value(shape, SH.message) is not None, f"{shape} has no sh:message"
    for prop in set(shapes.objects(None, SH.property)) - inner:
        path = shapes.value(prop, SH.path)
        assert shapes.value(prop, SH.name) is not None, f"shape on {path} has no sh:name"
        assert shapes.value(prop, SH.message) is not None, f"shape on {path} has no sh:message"


def test_sparql_prefixes():
    text = sparql_prefixes()
    assert text.splitlines()[0] == f"PREFIX kg: <{KG_NS}>"
    assert set(NS) == {"kg", "dcterms", "foaf", "prov", "skos", "rdfs", "xsd", "rdf", "owl"}
    for prefix, iri in NS.items():
        assert f"PREFIX {prefix}: <{iri}>" in text
    # the prefixes make a usable query
    g = Graph()
    g.add((URIRef("urn:p"), RDF.type, KG.Paper))
    rows = list(g.query(text + "SELECT ?p WHERE { ?p a kg:Paper }"))
    assert rows == [(URIRef("urn:p"),)]
