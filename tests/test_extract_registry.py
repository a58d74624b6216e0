"""Extractors are plain callables found by name; third parties plug in through entry points."""

from __future__ import annotations

import sys
import textwrap
from importlib import metadata

import pytest

from kgraph.extract import extract_record
from kgraph.models import Mention, PaperRecord, Relation
from kgraph.plugins import EXTRACTORS, UnknownPlugin


@pytest.fixture(autouse=True)
def fresh_registry():
    EXTRACTORS.reset()
    yield
    EXTRACTORS.reset()


def test_builtin_extractors_are_registered():
    assert {"artifacts", "organizations"} <= set(EXTRACTORS.names())


def test_unknown_name_lists_the_available_ones():
    with pytest.raises(UnknownPlugin, match="Available names: .*artifacts"):
        EXTRACTORS.get("nope")


def test_register_a_record_only_callable():
    def shouting(record):
        return [Mention(name="LOUD", kind="model", role="uses", extractor="shouting")]

    EXTRACTORS.register("shouting", shouting)
    mentions, relations = extract_record(PaperRecord(index=0, abstract="quiet"), extractors=["shouting"])
    assert [m.name for m in mentions] == ["LOUD"] and relations == []


def test_extractors_may_return_relations():
    EXTRACTORS.register("rel", lambda record, vocab: [Relation(subject="A1", subject_kind="model",
                                                              predicate="dependsOn", object="B2",
                                                              object_kind="dataset", extractor="rel")])
    _, relations = extract_record(PaperRecord(index=0, abstract="x"), extractors=["rel"])
    assert relations[0].predicate == "dependsOn"


def test_wrong_output_type_is_an_error():
    EXTRACTORS.register("broken", lambda record: ["not a mention"])
    with pytest.raises(TypeError, match="broken"):
        extract_record(PaperRecord(index=0, abstract="x"), extractors=["broken"])


def test_entry_point_extractor_runs(tmp_path, monkeypatch):
    """A tmp package and dist-info on sys.path, as `pip install` of a plugin would leave them."""
    pkg = tmp_path / "llm_plugin"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(textwrap.dedent('''
        from kgraph.models import Mention

        def extract(record, vocabulary):
            return [Mention(name="Oracle-LM", kind="model", role="uses", field="abstract",
                            start=0, end=9, extractor="llm", confidence=0.5)]
    '''))
    dist = tmp_path / "llm_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: llm-plugin\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[kgraph.extractors]\nllm = llm_plugin:extract\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert any(ep.name == "llm" for ep in metadata.entry_points(group="kgraph.extractors"))

    assert "llm" in EXTRACTORS.names()
    mentions, _ = extract_record(PaperRecord(index=0, abstract="Oracle-LM answers."),
                                 extractors=["artifacts", "llm"])
    assert ("Oracle-LM", "llm") in {(m.name, m.extractor) for m in mentions}
    sys.modules.pop("llm_plugin", None)


def test_plugins_construct_mentions_and_relations_from_the_package_top_level() -> None:
    import kgraph

    assert kgraph.Mention is Mention and kgraph.Relation is Relation
    assert {"Mention", "Relation"} <= set(kgraph.__all__) and "Mention" in dir(kgraph)
