"""Each cue pattern on sentences written for these tests (none taken from the sample pages)."""

from __future__ import annotations

import pytest

from kgraph.extract import extract_record, load_vocabulary
from kgraph.extract.patterns import is_name_shaped, strip_generic_suffix, suffix_kind
from kgraph.models import PaperRecord


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


def run(vocab, abstract: str, title: str | None = None):
    mentions, relations = extract_record(PaperRecord(index=0, title=title, abstract=abstract), vocabulary=vocab)
    arts = {(m.name, m.kind, m.role) for m in mentions if m.kind != "organization"}
    orgs = {m.name for m in mentions if m.kind == "organization"}
    rels = {(r.subject, r.predicate, r.object) for r in relations}
    return arts, orgs, rels, mentions


def test_introduction_verb_with_apposition(vocab):
    arts, *_ = run(vocab, "We introduce ZetaQA, a new dataset of 5,000 questions about tide tables.")
    assert ("ZetaQA", "dataset", "introduces") in arts


def test_introduction_kind_from_noun_before_name(vocab):
    arts, *_ = run(vocab, "To close this gap, we introduce a new benchmark, Tidal Reasoning Evaluation Suite (TRES).")
    assert ("TRES", "benchmark", "introduces") in arts


def test_naming_verb_takes_kind_from_preceding_clause(vocab):
    arts, *_ = run(vocab, "We develop a sparse language model for tables that we call Tabula-LM.")
    assert ("Tabula-LM", "model", "introduces") in arts


def test_method_framework_and_loss_are_not_artifacts(vocab):
    arts, *_ = run(vocab, "We propose KiteFlow, a framework for scheduling. We also design a loss called "
                          "Margin Ranking Objective (MRO). Finally we present RouteX, an inference engine.")
    assert arts == set()


def test_plain_capitalised_name_after_intro_verb(vocab):
    arts, *_ = run(vocab, "We then introduce Heron, a compact vision model trained on street scenes.")
    assert ("Heron", "model", "introduces") in arts


def test_evaluation_list_marks_unknown_names_as_used_datasets(vocab):
    arts, *_ = run(vocab, "When evaluated on QuillSet and FjordBench, our method improves accuracy.")
    assert {("QuillSet", "dataset", "uses"), ("FjordBench", "benchmark", "uses")} <= {
        (n, k, r) for n, k, r in arts}


def test_listed_with_known_models_inherits_their_kind(vocab):
    arts, *_ = run(vocab, "Baselines (e.g. GPT-4, Mixtral and QX9) all fail on long inputs.")
    assert ("QX9", "model", "uses") in arts
    assert ("GPT-4", "model", "uses") in arts


def test_head_noun_after_name(vocab):
    arts, *_ = run(vocab, "Results on the ORBIT-7 benchmark show the gap persists.")
    assert ("ORBIT-7", "benchmark", "uses") in arts


def test_version_suffixes_extend_known_families(vocab):
    arts, *_ = run(vocab, "We compare Claude 3.5 Sonnet, GPT-4-turbo, Qwen-2-72B and OPT-175B.")
    names = {n for n, _, _ in arts}
    assert {"Claude 3.5 Sonnet", "GPT-4-turbo", "Qwen-2-72B", "OPT-175B"} <= names


def test_possessive_gives_organization_and_developer(vocab):
    arts, orgs, rels, _ = run(vocab, "We fine-tune Anthropic's Zorblax and NVIDIA's Nemotron on our data.")
    assert ("Zorblax", "model", "uses") in arts
    assert {"Anthropic", "NVIDIA"} <= orgs
    assert ("Zorblax", "developedBy", "Anthropic") in rels


def test_weak_organization_needs_a_cue(vocab):
    _, orgs, _, _ = run(vocab, "Meta-learning helps. Apple trees are not studied here.")
    assert orgs == set()
    _, orgs, _, _ = run(vocab, "The weights released by Meta were used.")
    assert orgs == {"Meta"}


def test_named_collection_phrase(vocab):
    arts, *_ = run(vocab, "Agents answer items from the National Longitudinal Survey with high accuracy.")
    assert ("National Longitudinal Survey", "dataset", "uses") in arts


def test_dependency_trained_on(vocab):
    _, _, rels, _ = run(vocab, "We present Walrus-13B, a language model fine-tuned from Llama 2 on ArcticChat.")
    assert ("Walrus-13B", "dependsOn", "Llama 2") in rels


def test_dependency_used_to_train(vocab):
    _, _, rels, _ = run(vocab, "We release PebbleCorpus, a web dataset. These data have been used to train "
                               "Falcon and StarCoder.")
    assert ("Falcon", "dependsOn", "PebbleCorpus") in rels


def test_title_with_dataset_head(vocab):
    arts, *_ = run(vocab, "MarshNotes is curated by ecologists and covers 40 wetlands.",
                   title="MarshNotes: A Field-Note Dataset for Wetland Monitoring")
    assert ("MarshNotes", "dataset", "introduces") in arts


def test_versions_of_an_introduced_name_are_introduced(vocab):
    arts, *_ = run(vocab, "We release Brook-V1, a dataset of river photos, and Brook-V2, a larger dataset. "
                          "Together, the Brook datasets cover 30 countries.")
    assert {("Brook-V1", "dataset", "introduces"), ("Brook-V2", "dataset", "introduces"),
            ("Brook", "dataset", "introduces")} <= arts


def test_generic_phrases_and_acronyms_are_not_entities(vocab):
    arts, orgs, rels, mentions = run(
        vocab, "Large language models (LLMs) trained with RLHF are evaluated on a new dataset. The dataset and "
               "the models are analysed with standard NLP metrics on a single GPU; we opt for a simple baseline "
               "based on prior work.")
    assert mentions == [] and rels == set()


def test_text_without_artifacts_yields_nothing(vocab):
    mentions, relations = extract_record(PaperRecord(index=0, abstract="We study how people read maps in cities. "
                                                     "Participants walked routes and described them."),
                                         vocabulary=vocab)
    assert mentions == [] and relations == []


def test_every_fact_has_extractor_confidence_and_span(vocab):
    text = "We evaluate GPT-4 on MMLU."
    _, _, _, mentions = run(vocab, text)
    for m in mentions:
        assert m.extractor.startswith(("artifacts:", "organizations:"))
        assert 0 < m.confidence <= 1
        assert text[m.start : m.end] == m.name


@pytest.mark.parametrize("token,shaped", [("OpinionBank", True), ("H7", True), ("GPT2-1.5B", True),
                                          ("LLMs", False), ("Text-To-Image", False), ("Hello", False),
                                          ("A100", False), ("BIG-bench", True)])
def test_name_shape(token, shaped):
    assert is_name_shaped(token) is shaped


def test_generic_hyphen_tails_are_stripped():
    assert strip_generic_suffix("GPT-4-based") == "GPT-4"
    assert strip_generic_suffix("Foo-bench") == "Foo-bench"


def test_suffix_kind():
    assert suffix_kind("RiverQA") == "benchmark"
    assert suffix_kind("Tabula-LM") == "model"
    assert suffix_kind("Heron") is None


def test_a_one_letter_version_suffix_stays_part_of_the_name() -> None:
    from kgraph.extract import extract_record
    from kgraph.models import PaperRecord

    rec = PaperRecord(index=0, abstract="We introduce QuillBench-X, a new benchmark of long-form questions.")
    mentions, _ = extract_record(rec)
    assert [(m.name, m.role) for m in mentions] == [("QuillBench-X", "introduces")]


def test_a_parameter_count_makes_an_unknown_name_a_model() -> None:
    from kgraph.extract import extract_record
    from kgraph.models import PaperRecord

    rec = PaperRecord(index=0, abstract="We compare forty open models, Heronry-13B among them, with our measurements.")
    mentions, _ = extract_record(rec)
    assert [(m.name, m.kind, m.role) for m in mentions] == [("Heronry-13B", "model", "uses")]
    none, _ = extract_record(PaperRecord(index=0, abstract="We train a 350M model on our data."))
    assert none == []
