"""kgraph.validate: the SHACL shapes accept a well-formed graph and explain each violation."""

from __future__ import annotations

import pyshacl
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

from kgraph.errors import GraphNotFound
from kgraph.kg_namespace import KG
from kgraph.ontology import ontology_path
from kgraph.validate import ValidationResult, Violation, validate

ID = "https://w3id.org/kgraph/id/"
DOC = URIRef(ID + "doc/" + "0f" * 32)
PAPER = URIRef(ID + "paper/arxiv-2412.06966")
SILAS = URIRef(ID + "person/silas-alberti")
ADA = URIRef(ID + "person/ada-lovelace")
STANFORD = URIRef(ID + "org/stanford-university")
OPENAI = URIRef(ID + "org/openai")
VENUE = URIRef(ID + "venue/neurips-2024")
CATEGORY = URIRef(ID + "category/cs.CL")
REPO = URIRef(ID + "code/github.com/example/repo")
DATASET = URIRef(ID + "dataset/tinystories")
BENCHMARK = URIRef(ID + "benchmark/mmlu")
MODEL = URIRef(ID + "model/gpt-4")
APP = URIRef(ID + "application/chatgpt")
UNKNOWN = URIRef(ID + "artifact/webtext")


def node(g: Graph, iri: URIRef, cls: URIRef, label: str) -> None:
    g.add((iri, RDF.type, cls))
    g.add((iri, RDFS.label, Literal(label)))
    g.add((iri, PROV.wasDerivedFrom, DOC))


def conforming_graph() -> Graph:
    """A small graph that uses every class and every SPEC property the way kgraph writes them."""
    g = Graph()
    g.add((DOC, RDF.type, KG.SourceDocument))
    g.add((DOC, RDFS.label, Literal("listing.html")))
    g.add((DOC, KG.path, Literal("pages/listing.html")))
    g.add((DOC, KG.format, Literal("arxiv-listing")))
    g.add((DOC, KG.contentHash, Literal("0f" * 32)))

    node(g, PAPER, KG.Paper, "A Paper About Language Models")
    g.add((PAPER, DCTERMS.title, Literal("A Paper About Language Models")))
    g.add((PAPER, DCTERMS.abstract, Literal("We introduce TinyStories ...")))
    g.add((PAPER, KG.arxivId, Literal("2412.06966")))
    g.add((PAPER, KG.doi, Literal("10.48550/arXiv.2412.06966")))
    g.add((PAPER, DCTERMS.issued, Literal("2024-12", datatype=XSD.gYearMonth)))
    g.add((PAPER, KG.updated, Literal("2024-12-10", datatype=XSD.date)))
    g.add((PAPER, DCTERMS.creator, SILAS))
    g.add((PAPER, DCTERMS.creator, ADA))
    authors = BNode()
    Collection(g, authors, [SILAS, ADA])
    g.add((PAPER, KG.authorList, authors))
    g.add((PAPER, KG.authorCount, Literal(27)))
    g.add((PAPER, KG.authorsTruncated, Literal(True)))
    g.add((PAPER, KG.affiliation, STANFORD))
    g.add((PAPER, KG.publishedIn, VENUE))
    g.add((PAPER, KG.category, CATEGORY))
    g.add((PAPER, KG.hasCode, REPO))
    g.add((PAPER, KG.hasCodeFlag, Literal(True)))
    g.add((PAPER, KG.upvotes, Literal(12)))
    g.add((PAPER, KG.truncatedRecord, Literal(False)))
    g.add((PAPER, FOAF.homepage, URIRef("https://example.org/project")))
    g.add((PAPER, KG.introduces, DATASET))
    g.add((PAPER, KG.uses, BENCHMARK))
    g.add((PAPER, KG.uses, MODEL))
    g.add((PAPER, KG.mentionsOrganization, OPENAI))
    g.add((PAPER, SKOS.altLabel, Literal("A paper about LMs")))

    for person, name in ((SILAS, "Silas Alberti"), (ADA, "Ada Lovelace")):
        node(g, person, KG.Person, name)
        g.add((person, FOAF.name, Literal(name)))
    g.add((SILAS, KG.affiliatedWith, STANFORD))

    node(g, STANFORD, KG.Organization, "Stanford University")
    g.add((STANFORD, KG.slug, Literal("stanford")))
    node(g, OPENAI, KG.Organization, "OpenAI")

    node(g, VENUE, KG.Venue, "NeurIPS 2024")
    g.add((VENUE, KG.venueSeries, Literal("NeurIPS")))
    g.add((VENUE, KG.year, Literal("2024", datatype=XSD.gYear)))
    g.add((VENUE, KG.venueKind, Literal("conference")))
    g.add((VENUE, KG.track, Literal("Datasets and Benchmarks Track")))

    node(g, CATEGORY, KG.Category, "cs.CL")
    g.add((CATEGORY, SKOS.notation, Literal("cs.CL")))

    node(g, REPO, KG.CodeRepository, "example/repo")
    g.add((REPO, KG.url, URIRef("https://github.com/example/repo")))

    node(g, DATASET, KG.Dataset, "TinyStories")
    node(g, BENCHMARK, KG.Benchmark, "MMLU")
    node(g, MODEL, KG.Model, "GPT-4")
    g.add((MODEL, KG.developedBy, OPENAI))
    g.add((MODEL, KG.dependsOn, UNKNOWN))
    g.add((MODEL, KG.created, Literal("2023-03-14", datatype=XSD.date)))
    g.add((MODEL, KG.access, Literal("limited")))
    g.add((MODEL, KG.license, Literal("unknown")))
    g.add((MODEL, KG.modality, Literal("text; image")))
    g.add((MODEL, KG.size, Literal("unknown")))
    g.add((MODEL, FOAF.homepage, URIRef("https://openai.com/research/gpt-4")))
    node(g, APP, KG.Application, "ChatGPT")
    g.add((APP, KG.dependsOn, MODEL))
    g.add((APP, KG.developedBy, OPENAI))
    node(g, UNKNOWN, KG.Artifact, "WebText")
    g.add((UNKNOWN, KG.unresolved, Literal(True)))
    return g


def messages(result: ValidationResult) -> set[str]:
    return {v.message for v in result.violations}


def only_violation(result: ValidationResult) -> Violation:
    assert not result.conforms
    assert len(result.violations) == 1, result.text()
    return result.violations[0]


# ---------- a conforming graph ----------


def test_conforming_graph_passes():
    result = validate(conforming_graph())
    assert result.conforms, result.text()
    assert result.violations == []
    assert "conforms" in result.text()


def test_shapes_are_valid_shacl():
    shapes = Graph().parse(ontology_path("shapes.ttl"))
    conforms, _, text = pyshacl.validate(
        conforming_graph(), shacl_graph=shapes, inference="none", meta_shacl=True
    )
    assert conforms, text


def test_validate_reads_build_folder_and_files(tmp_path):
    g = conforming_graph()
    g.serialize(tmp_path / "graph.ttl", format="turtle")
    assert validate(tmp_path).conforms
    assert validate(tmp_path / "graph.ttl").conforms
    assert validate(str(tmp_path / "graph.ttl")).conforms
    g.serialize(tmp_path / "graph.nt", format="nt", encoding="utf-8")
    assert validate(tmp_path / "graph.nt").conforms


def test_validate_merges_named_graphs(tmp_path):
    """graph.nq keeps each document's triples apart; validation sees them together."""
    ds = Dataset()
    g = conforming_graph()
    doc_graph = ds.graph(DOC)
    for s, p, o in g:
        (doc_graph if s == DOC else ds.graph(URIRef(ID + "doc/other"))).add((s, p, o))
    ds.serialize(tmp_path / "graph.nq", format="nquads")
    assert validate(tmp_path / "graph.nq").conforms
    assert validate(ds).conforms


def test_missing_paths_raise_graph_not_found(tmp_path):
    with pytest.raises(GraphNotFound, match="no such file"):
        validate(tmp_path / "nope.ttl")
    with pytest.raises(GraphNotFound, match="kgraph build"):
        validate(tmp_path)  # a folder without graph.ttl
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(GraphNotFound, match="not an RDF file"):
        validate(tmp_path / "notes.txt")
    (tmp_path / "broken.ttl").write_text("this is not turtle <")
    with pytest.raises(GraphNotFound, match="not readable"):
        validate(tmp_path / "broken.ttl")


# ---------- one violation at a time ----------


def test_two_labels():
    g = conforming_graph()
    g.add((SILAS, RDFS.label, Literal("S. Alberti")))
    v = only_violation(validate(g))
    assert v.focus == str(SILAS)
    assert v.path == "rdfs:label"
    assert "exactly one rdfs:label" in v.message
    assert v.shape == "kgsh:LabelShape rdfs:label"


def test_paper_without_title_or_abstract():
    g = conforming_graph()
    g.remove((PAPER, DCTERMS.title, None))
    g.remove((PAPER, DCTERMS.abstract, None))
    v = only_violation(validate(g))
    assert v.focus == str(PAPER)
    assert v.message == "A kg:Paper needs a dcterms:title or a dcterms:abstract"
    assert v.shape == "kgsh:PaperShape"


def test_paper_with_abstract_only_passes():
    g = conforming_graph()
    g.remove((PAPER, DCTERMS.title, None))
    assert validate(g).conforms


def test_creator_that_is_not_a_person():
    g = conforming_graph()
    g.add((PAPER, DCTERMS.creator, STANFORD))
    v = only_violation(validate(g))
    assert (v.focus, v.path, v.value) == (str(PAPER), "dcterms:creator", str(STANFORD))
    assert "must be a kg:Person" in v.message


@pytest.mark.parametrize("bad", ["2412.06966v2", "arXiv:2412.06966", "241.0696", "2412.06966 "])
def test_bad_arxiv_id(bad):
    g = conforming_graph()
    g.set((PAPER, KG.arxivId, Literal(bad)))
    v = only_violation(validate(g))
    assert v.path == "kg:arxivId"
    assert v.value == f'"{bad}"'
    assert "without version suffix" in v.message


@pytest.mark.parametrize("good", ["2412.06966", "0704.0001", "hep-th/9901001", "math.AG/0601001"])
def test_good_arxiv_ids(good):
    g = conforming_graph()
    g.set((PAPER, KG.arxivId, Literal(good)))
    assert validate(g).conforms


def test_two_arxiv_ids():
    g = conforming_graph()
    g.add((PAPER, KG.arxivId, Literal("2401.00001")))
    assert "at most one kg:arxivId" in only_violation(validate(g)).message


def test_node_without_provenance():
    g = conforming_graph()
    g.remove((OPENAI, PROV.wasDerivedFrom, None))
    v = only_violation(validate(g))
    assert (v.focus, v.path) == (str(OPENAI), "prov:wasDerivedFrom")
    assert "kg:SourceDocument" in v.message


def test_provenance_must_point_to_a_source_document():
    g = conforming_graph()
    g.add((VENUE, PROV.wasDerivedFrom, PAPER))
    v = only_violation(validate(g))
    assert (v.focus, v.value) == (str(VENUE), str(PAPER))


def test_issued_must_be_a_date_type():
    g = conforming_graph()
    g.set((PAPER, DCTERMS.issued, Literal("December 2024")))
    v = only_violation(validate(g))
    assert v.path == "dcterms:issued"
    assert "xsd:gYearMonth" in v.message


def test_artifact_family_is_checked_without_inference():
    """A Benchmark satisfies kg:uses although the graph never says it is a kg:Artifact."""
    g = conforming_graph()
    g.add((PAPER, KG.introduces, VENUE))
    v = only_violation(validate(g))
    assert (v.path, v.value) == ("kg:introduces", str(VENUE))


def test_author_list_member_must_be_a_person():
    g = conforming_graph()
    g.remove((PAPER, KG.authorList, None))
    authors = BNode()
    Collection(g, authors, [SILAS, STANFORD])
    g.add((PAPER, KG.authorList, authors))
    v = only_violation(validate(g))
    assert v.path == "kg:authorList"
    assert "rdf:List of kg:Person" in v.message


def test_author_list_must_end_in_nil():
    g = conforming_graph()
    g.remove((PAPER, KG.authorList, None))
    cell = BNode()
    g.add((cell, RDF.first, SILAS))  # no rdf:rest
    g.add((PAPER, KG.authorList, cell))
    assert only_violation(validate(g)).path == "kg:authorList"


def test_code_repository_needs_one_url():
    g = conforming_graph()
    g.remove((REPO, KG.url, None))
    v = only_violation(validate(g))
    assert (v.focus, v.path) == (str(REPO), "kg:url")


def test_untyped_labelled_node():
    g = conforming_graph()
    stray = URIRef(ID + "thing/stray")
    g.add((stray, RDFS.label, Literal("Stray")))
    g.add((stray, PROV.wasDerivedFrom, DOC))
    v = only_violation(validate(g))
    assert v.focus == str(stray)
    assert "rdf:type" in v.message


# ---------- the report ----------


def test_text_groups_by_message_with_counts_and_examples():
    g = conforming_graph()
    for org in (STANFORD, OPENAI):
        g.remove((org, PROV.wasDerivedFrom, None))
    g.set((PAPER, KG.arxivId, Literal("bad")))
    result = validate(g)
    assert not result.conforms
    assert len(result.violations) == 3
    text = result.text(examples=1)
    assert "3 results for 2 constraints" in text
    provenance = (
        "Every node needs prov:wasDerivedFrom pointing to at least one kg:SourceDocument (2)"
    )
    assert f"[Violation] {provenance}" in text
    assert "... and 1 more" in text
    assert text.index(provenance) < text.index("kg:arxivId")  # largest group first
    assert str(PAPER) in text


def test_custom_shapes(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix kg: <https://w3id.org/kgraph/ontology#> .\n"
        "<urn:s> a sh:NodeShape ; sh:targetClass kg:Paper ;\n"
        "  sh:property [ sh:path kg:upvotes ; sh:minInclusive 100 ;\n"
        '    sh:message "Too few upvotes" ] .\n'
    )
    result = validate(conforming_graph(), shapes=shapes)
    assert messages(result) == {"Too few upvotes"}
    assert result.violations[0].shape == "urn:s"


# ---------- the shapes and the ontology together ----------


@pytest.mark.parametrize("inference", ["rdfs", "owlrl"])
def test_conforming_graph_still_conforms_under_inference(inference):
    """The alignments add facts, never violations (e.g. dependsOn does not entail provenance)."""
    ontology = Graph().parse(ontology_path("kgraph.ttl"))
    shapes = Graph().parse(ontology_path("shapes.ttl"))
    conforms, _, text = pyshacl.validate(
        conforming_graph(), shacl_graph=shapes, ont_graph=ontology, inference=inference
    )
    assert conforms, text


def test_ontology_and_conforming_graph_are_consistent_under_owl_rl():
    owlrl = pytest.importorskip("owlrl")
    error = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")  # where owlrl reports
    merged = conforming_graph() + Graph().parse(ontology_path("kgraph.ttl"))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(merged)
    assert list(merged.objects(None, error)) == []

    merged.add((SILAS, RDF.type, KG.Organization))  # Person and Organization are disjoint
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(merged)
    assert any("Disjoint classes" in str(m) for m in merged.objects(None, error))


def test_broken_turtle_names_line_and_column_in_one_line(tmp_path):
    """`kgraph validate` on a broken Turtle file: one line with line and column, exit 1."""
    import subprocess
    import sys
    from pathlib import Path

    broken = tmp_path / "broken.ttl"
    broken.write_text('@prefix e: <http://e/> .\ne:a e:b e:c .\n\ne:a e:b e:c e:d .\n', encoding="utf-8")
    script = Path(sys.executable).with_name("kgraph")
    done = subprocess.run([str(script), "validate", str(broken)], capture_output=True, text=True)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert str(broken) in lines[0] and "line 4, column" in lines[0]
    assert "Bad syntax" not in lines[0] and "b'" not in lines[0]
