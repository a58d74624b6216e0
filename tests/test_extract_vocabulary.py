"""The packaged vocabulary loads; user files (JSON, YAML, TSV) and built graphs extend it."""

from __future__ import annotations

import json

import pytest

from kgraph.errors import InputError
from kgraph.extract import extract_record, load_vocabulary
from kgraph.catalogue import KINDS, PACKAGED_VOCABULARY, Entry
from kgraph.extract.vocabulary import Vocabulary
from kgraph.models import PaperRecord


def test_packaged_file_documents_its_sources():
    doc = json.loads(PACKAGED_VOCABULARY.read_text(encoding="utf-8"))
    assert {s["name"] for s in doc["_sources"]} >= {"curated", "ecosystem-graphs"}
    assert all(e["kind"] in KINDS for e in doc["entries"])


def test_packaged_vocabulary_loads_and_matches():
    v = load_vocabulary()
    assert len(v) > 1000
    assert v.lookup("gpt 4").name == "GPT-4"
    hits = {(h.surface, h.entry.kind) for h in v.find("We test GPT-4 and LLaMA on ImageNet, thanks to OpenAI.")}
    assert hits >= {("GPT-4", "model"), ("LLaMA", "model"), ("ImageNet", "dataset"), ("OpenAI", "organization")}


def test_case_rules_keep_common_words_out():
    v = load_vocabulary()
    assert v.find("we opt for a model based on prior work in optimal settings") == []


@pytest.mark.parametrize("suffix,body", [
    (".json", json.dumps({"entries": [{"name": "Quokka-9", "kind": "model", "aliases": ["Quokka9"],
                                       "organization": "Marsupial AI"}]})),
    (".yaml", "- name: Quokka-9\n  type: model\n  organization: Marsupial AI\n"),
    (".tsv", "# my models\nQuokka-9\tmodel\tQuokka9\n"),
])
def test_user_file_extends_the_catalogue(tmp_path, suffix, body):
    path = tmp_path / f"mine{suffix}"
    path.write_text(body, encoding="utf-8")
    v = load_vocabulary([path])
    assert v.lookup("Quokka-9").kind == "model"
    assert v.lookup("GPT-4") is not None  # the packaged catalogue is still there
    mentions, _ = extract_record(PaperRecord(index=0, abstract="We prompt Quokka-9 with riddles."), vocabulary=v)
    assert [(m.name, m.kind, m.role) for m in mentions] == [("Quokka-9", "model", "uses")]


def test_user_entry_overrides_packaged_kind(tmp_path):
    path = tmp_path / "override.tsv"
    path.write_text("MNIST\tbenchmark\n", encoding="utf-8")
    assert load_vocabulary([path]).lookup("MNIST").kind == "benchmark"


def test_bad_user_files_raise_input_errors(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("no tab here\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1"):
        load_vocabulary([bad])
    wrong_kind = tmp_path / "k.json"
    wrong_kind.write_text('[{"name": "X1", "kind": "spaceship"}]', encoding="utf-8")
    with pytest.raises(InputError, match="valid kinds"):
        load_vocabulary([wrong_kind])
    with pytest.raises(InputError, match="cannot read"):
        load_vocabulary([tmp_path / "missing.json"])


def test_a_built_graph_serves_as_vocabulary(tmp_path):
    ttl = tmp_path / "graph.ttl"
    ttl.write_text(
        "@prefix kg: <https://w3id.org/kgraph/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<urn:x:m> a kg:Model ; rdfs:label \"Wombat-2\" ; skos:altLabel \"Wombat 2\" ; kg:developedBy <urn:x:o> .\n"
        "<urn:x:o> a kg:Organization ; rdfs:label \"Burrow Labs\" .\n",
        encoding="utf-8")
    v = load_vocabulary(graphs=[tmp_path], packaged=False)
    assert v.lookup("Wombat 2").organization == "Burrow Labs"
    assert v.lookup("Burrow Labs").kind == "organization"


def test_vocabulary_rejects_unknown_kinds():
    with pytest.raises(ValueError, match="Valid kinds"):
        Vocabulary().add(Entry("X", "gadget"))


def test_packaged_vocabulary_keeps_families_and_versions_apart() -> None:
    """No entry lists a versioned variant of itself as an alias (Falcon / Falcon-40B)."""
    import json
    import re
    from importlib.resources import files

    def key(s: str) -> str:
        return re.sub(r"[^0-9a-z]", "", s.lower())

    data = json.loads(files("kgraph.data").joinpath("vocabulary.json").read_text("utf-8"))
    merged = [(e["name"], a) for e in data["entries"] for a in e.get("aliases", [])
              if key(a) != key(e["name"]) and key(a).startswith(key(e["name"]))
              and re.search(r"\d", key(a)[len(key(e["name"])):])]
    assert merged == []
