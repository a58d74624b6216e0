"""Ecosystem Graphs `{value, explanation}` fields and card fields (issue 19): the card's
literals are in graph.ttl, every explanation is provenance of its fact in provenance.trig."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraph import api

pyoxigraph = pytest.importorskip("pyoxigraph")

ASSETS = """\
- type: model
  name: Quill-7
  organization:
    value: Harbor Labs
    explanation: Named on the release blog.
  created_date:
    value: 2024-03-01
    explanation: The day of the blog post.
  description: A small model.
  dependencies:
    value: [Tide Corpus]
    explanation: The paper says it was trained on it.
  license:
    value: MIT
    explanation: Stated in the repository.
  access: open
  intended_uses: Research on small models.
  prohibited_uses: none
  monitoring: ''
  feedback: https://example.org/issues
  analysis: Evaluated on three suites.
  model_card: https://example.org/card
  training_emissions:
    value: unknown
    explanation: The makers do not report it.
  training_time:
    value: 3 days
    explanation: From the paper's appendix.
  training_hardware: 8 accelerators
  quality_control: Deduplicated.
- type: dataset
  name: Tide Corpus
  organization: Harbor Labs
  created_date: 2023-11-01
  dependencies: []
  quality_control: Filtered by language.
- type: application
  name: Quill Chat
  organization: Harbor Labs
  created_date: 2024-04-01
  dependencies: [Quill-7]
  adaptation: Fine-tuned for chat.
  output_space: Text replies.
  terms_of_service: https://example.org/terms
  user_distribution: Students.
  failures: unknown
  monthly_active_users:
    value: 10,000
    explanation: Press release.
"""

KG = "https://w3id.org/kgraph/ontology#"
ART = "https://w3id.org/kgraph/id/artifact/"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("egx")
    (root / "in").mkdir()
    (root / "in" / "harbor.yaml").write_text(ASSETS, encoding="utf-8")
    api.build([root / "in"], root / "out")
    return root / "out"


def _store(built: Path):
    store = pyoxigraph.Store()
    store.load(path=str(built / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    store.load(path=str(built / "provenance.trig"), format=pyoxigraph.RdfFormat.TRIG)
    return store


def _rows(store, sparql: str) -> set[tuple[str, ...]]:
    return {tuple(t.value if t is not None else None for t in row) for row in store.query(sparql)}


def test_card_fields_are_literals(built: Path) -> None:
    rows = _rows(_store(built), f"""PREFIX kg: <{KG}>
        SELECT ?s ?p ?o WHERE {{ ?s ?p ?o . FILTER(isLiteral(?o) && STRSTARTS(STR(?p), STR(kg:))) }}""")
    got = {(s[len(ART):], p[len(KG):], o) for s, p, o in rows if s.startswith(ART) and p[len(KG):] != "created"}
    assert got == {
        ("quill7", "license", "MIT"), ("quill7", "access", "open"),
        ("quill7", "intendedUses", "Research on small models."), ("quill7", "feedback", "https://example.org/issues"),
        ("quill7", "analysis", "Evaluated on three suites."), ("quill7", "modelCard", "https://example.org/card"),
        ("quill7", "trainingTime", "3 days"), ("quill7", "trainingHardware", "8 accelerators"),
        ("quill7", "qualityControl", "Deduplicated."), ("tidecorpus", "qualityControl", "Filtered by language."),
        ("quillchat", "adaptation", "Fine-tuned for chat."), ("quillchat", "outputSpace", "Text replies."),
        ("quillchat", "termsOfService", "https://example.org/terms"), ("quillchat", "userDistribution", "Students."),
        ("quillchat", "monthlyActiveUsers", "10,000"),
    }  # "none", "", "unknown" values are absent, as for every other field


def test_every_explanation_is_provenance_of_its_fact(built: Path) -> None:
    rows = _rows(_store(built), f"""PREFIX kg: <{KG}>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?s ?p ?o ?field ?why ?g WHERE {{ GRAPH ?g {{
            ?st rdf:subject ?s ; rdf:predicate ?p ; kg:textField ?field ; kg:explanation ?why ;
                kg:extractor "ecosystem-graphs" .
            OPTIONAL {{ ?st rdf:object ?o }} }} }}""")
    docs = {g for *_, g in rows}
    assert len(docs) == 1 and next(iter(docs)).startswith("https://w3id.org/kgraph/id/doc/")
    got = {(s[len(ART):], p.rsplit("#", 1)[-1], o, field, why) for s, p, o, field, why, _ in rows}
    assert got == {
        ("quill7", "developedBy", "https://w3id.org/kgraph/id/org/harborlabs", "organization", "Named on the release blog."),
        ("quill7", "created", "2024-03-01", "created_date", "The day of the blog post."),
        ("quill7", "dependsOn", ART + "tidecorpus", "dependencies", "The paper says it was trained on it."),
        ("quill7", "license", "MIT", "license", "Stated in the repository."),
        ("quill7", "trainingTime", "3 days", "training_time", "From the paper's appendix."),
        ("quill7", "trainingEmissions", None, "training_emissions", "The makers do not report it."),  # value unknown
        ("quillchat", "monthlyActiveUsers", "10,000", "monthly_active_users", "Press release."),
    }
    # each explained fact with an object is in the graph itself
    facts = _rows(_store(built), "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    for s, p, o, *_ in rows:
        if o is not None:
            assert (s, p, o) in facts


def test_the_graph_conforms_to_the_shapes(built: Path) -> None:
    result = api.validate(built)
    assert result.conforms, result.violations


def test_two_builds_are_byte_identical(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    src = built.parent / "in"
    api.build([src], again)
    for name in ("graph.ttl", "graph.trig", "provenance.trig", "graph.graphml"):
        assert (built / name).read_bytes() == (again / name).read_bytes(), name


def test_explain_shows_the_explanation(built: Path) -> None:
    got = api.explain(built, "Quill-7")
    text = str(got.text() if hasattr(got, "text") else got)
    assert 'explained in license of' in text and '"Stated in the repository."' in text
