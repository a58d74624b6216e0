"""Which Ecosystem Graphs assets are one node: "+" suffixes and organizations count (issue 19)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.extract.vocabulary import Entry, Vocabulary, default_vocabulary
from kgraph.pipeline import build_in_memory
from kgraph.text import artifact_key

KG = "https://w3id.org/kgraph/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ART = "https://w3id.org/kgraph/id/artifact/"

HARBOR = """\
- type: model
  name: Quill
  organization: Harbor Labs
  created_date: 2024-03-01
  description: A small model.
  dependencies: []
- type: model
  name: Quill+
  organization: Harbor Labs
  created_date: 2024-05-01
  dependencies: [Quill]
- type: model
  name: Fenwick
  organization: Harbor Labs
  created_date: 2023-02-01
  dependencies: []
- type: application
  name: Fenwick Chat
  organization: Harbor Labs
  created_date: 2023-03-01
  dependencies: [Fenwick]
- type: model
  name: Kestrel 2
  organization: Harbor Labs
  created_date: 2024-09-10
  description: The later listing.
  license: MIT
  dependencies: []
"""

TIDE = """\
- type: model
  name: fenwick
  organization: Tide Collective
  created_date: 2024-07-01
  dependencies: []
- type: model
  name: Kestrel  2
  organization: Harbor Labs
  created_date: 2024-06-01
  description: The first listing.
  dependencies: []
- type: model
  name: Marlin
  organization: unknown
  created_date: 2022
  dependencies: []
- type: model
  name: MARLIN
  organization: Harbor Labs
  dependencies: [Marlin]
"""


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    root = tmp_path_factory.mktemp("eg")
    (root / "harbor.yaml").write_text(HARBOR, encoding="utf-8")
    (root / "tide.yaml").write_text(TIDE, encoding="utf-8")
    g, _, _, report = build_in_memory([root])
    assert not report.skipped, report.skipped
    return g


def _facts(graph):
    return [(s, p, getattr(o, "value", o)) for s, p, o in graph.triples()]


def _typed(graph) -> dict[str, str]:
    return {s: o[len(KG):] for s, p, o in _facts(graph) if p == RDF_TYPE}


def test_keys_keep_plus_suffixes() -> None:
    assert artifact_key("Command R+") == "commandrplus" != artifact_key("Command R")
    assert artifact_key("T0++") == "t0plusplus" != artifact_key("T0")
    assert artifact_key("Command R Plus") == artifact_key("command r+")
    assert artifact_key("GPT-4o") == "gpt4o"


def test_a_plus_suffix_is_another_asset(graph) -> None:
    typed = _typed(graph)
    assert typed[ART + "quill"] == "Model" and typed[ART + "quillplus"] == "Model"
    assert (ART + "quillplus", KG + "dependsOn", ART + "quill") in _facts(graph)


def test_same_name_of_two_organizations_is_two_assets(graph) -> None:
    facts = _facts(graph)
    typed = _typed(graph)
    assert typed[ART + "fenwick-harborlabs"] == "Model"
    assert typed[ART + "fenwick-tidecollective"] == "Model"
    assert ART + "fenwick" not in typed  # nothing names the bare, ambiguous name
    # a dependency is read in its asset's organization
    assert (ART + "fenwickchat", KG + "dependsOn", ART + "fenwick-harborlabs") in facts
    created = {s: o for s, p, o in facts if p == KG + "created"}
    assert created[ART + "fenwick-harborlabs"] == "2023-02-01"
    assert created[ART + "fenwick-tidecollective"] == "2024-07-01"


def test_a_true_repeat_is_one_node_with_one_value_per_field(graph) -> None:
    facts = _facts(graph)
    kestrel = [(p, o) for s, p, o in facts if s == ART + "kestrel2"]
    assert [o for p, o in kestrel if p == KG + "created"] == ["2024-06-01"]  # the earlier record
    assert [o for p, o in kestrel if p == "http://purl.org/dc/terms/description"] == ["The first listing."]
    assert [o for p, o in kestrel if p == KG + "license"] == ["MIT"]  # filled from the other record


def test_an_unknown_organization_agrees_with_any(graph) -> None:
    typed = _typed(graph)
    assert typed[ART + "marlin"] == "Model"
    assert not [s for s in typed if s.startswith(ART + "marlin-")]
    developers = {o for s, p, o in _facts(graph) if s == ART + "marlin" and p == KG + "developedBy"}
    assert developers == {"https://w3id.org/kgraph/id/org/harborlabs"}


def test_text_mentions_keep_plus_suffixes() -> None:
    vocab = Vocabulary([Entry("Quill", "model"), Entry("Quill+", "model"), Entry("Tern", "model")])
    hits = vocab.find("We compare Quill+ with Quill and Tern++ on the suite.")
    assert [(h.entry.name, h.surface) for h in hits] == [("Quill+", "Quill+"), ("Quill", "Quill")]


def test_packaged_vocabulary_finds_command_r_plus() -> None:
    hits = default_vocabulary().find("Command R+ beats Command R; T0++ and T0 too.")
    assert [h.entry.name for h in hits] == ["Command R+", "Command R", "T0++", "T0"]


def test_a_paper_mention_links_to_the_plus_asset(tmp_path: Path) -> None:
    (tmp_path / "cohere.yaml").write_text(
        "- type: model\n  name: Command R\n  organization: Cohere\n  created_date: 2024-03-11\n  dependencies: []\n"
        "- type: model\n  name: Command R+\n  organization: Cohere\n  created_date: 2024-04-03\n"
        "  dependencies: [Command R]\n", encoding="utf-8")
    (tmp_path / "refs.bib").write_text(
        "@article{harbor2024,\n  title = {Quill: Small Models for Harbor Logs},\n  author = {Lima, Ana},\n"
        "  journal = {Harbor Letters},\n  year = {2024},\n"
        "  abstract = {We evaluate Command R+ and GPT-4 on harbor logs and compare them with our model.},\n}\n",
        encoding="utf-8")
    g, _, _, report = build_in_memory([tmp_path])
    assert not report.skipped, report.skipped
    used = {o for s, p, o in _facts(g) if p == KG + "uses"}
    assert ART + "commandrplus" in used and ART + "commandr" not in used
    assert _typed(g)[ART + "commandrplus"] == "Model"
