"""Entity resolution: what must merge, and the near misses that must not."""

from __future__ import annotations

from kgraph.aliases import AliasTable, default_aliases
from kgraph.models import Institution, Mention, PaperRecord, PersonName
from kgraph.resolve import ABSTRACT_THRESHOLD, ResolutionIndex
from kgraph.resolve_keys import paper_keys
from kgraph.resolved import Resolution
from kgraph.sketches import sketch, sketch_similarity

ABSTRACT = (
    "We study how retrieval augmented language models use long contexts. Across twelve tasks we find "
    "that accuracy drops when the relevant passage sits in the middle of the input, and we propose a "
    "simple reordering method that recovers most of the lost accuracy without any additional training. "
    "Our analysis covers open and closed models and explains the effect through attention patterns."
)
REWORDED = (
    "We study how retrieval augmented language models use long contexts. Across twelve tasks we find "
    "that accuracy drops sharply when the relevant passage sits in the middle of the input. We propose a "
    "simple reordering method that recovers most of the lost accuracy without additional training. "
    "The analysis covers open and closed models and explains the effect through attention patterns."
)
SIMILAR_OPENING = (
    "We study how retrieval augmented language models use long contexts. In contrast to prior work we "
    "focus on multilingual question answering in low resource languages, collect a new evaluation set of "
    "four thousand questions written by native speakers, and show that translation based pipelines still "
    "outperform end to end models by a wide margin on every language we consider."
)


def _doc(*records: PaperRecord) -> list[PaperRecord]:
    return list(records)


def resolve(documents: list[tuple[str, list[PaperRecord]]], aliases: AliasTable | None = None) -> Resolution:
    """Resolve (doc IRI, records) pairs the way a build does: each record's keys into one index."""
    index = ResolutionIndex(aliases)
    for doc, records in documents:
        for rec in records:
            index.add_keys(doc, paper_keys(rec))
    return index.finish()


def test_reworded_abstracts_merge_and_record_their_score() -> None:
    res = resolve([("doc:a", _doc(PaperRecord(index=0, abstract=ABSTRACT))),
                   ("doc:b", _doc(PaperRecord(index=0, title="Lost in the Middle Again", abstract=REWORDED)))])
    assert len(res.papers) == 1
    (merge,) = res.papers[0].merges
    assert merge.rule == "abstract-similarity" and float(merge.evidence) >= ABSTRACT_THRESHOLD


def test_papers_with_similar_openings_stay_apart() -> None:
    assert sketch_similarity(sketch(ABSTRACT), sketch(SIMILAR_OPENING)) < ABSTRACT_THRESHOLD
    assert sketch_similarity(sketch(ABSTRACT), sketch(REWORDED)) >= ABSTRACT_THRESHOLD
    res = resolve([("doc:a", _doc(PaperRecord(index=0, abstract=ABSTRACT))),
                   ("doc:b", _doc(PaperRecord(index=0, abstract=SIMILAR_OPENING)))])
    assert len(res.papers) == 2


def test_same_arxiv_id_merges_and_different_ids_never_do() -> None:
    res = resolve([("doc:a", _doc(PaperRecord(index=0, arxiv_id="2401.00001", abstract=ABSTRACT))),
                   ("doc:b", _doc(PaperRecord(index=0, arxiv_id="2401.00001"),
                                  PaperRecord(index=1, arxiv_id="2401.00002", abstract=ABSTRACT)))])
    sizes = sorted(len(c.members) for c in res.papers)
    assert sizes == [1, 2]
    assert str(res.papers[0].iri).endswith("arxiv-2401.00001")


def test_same_title_merges_across_case_and_punctuation() -> None:
    res = resolve([("doc:a", _doc(PaperRecord(index=0, title="Whose Opinions Do Language Models Reflect?"))),
                   ("doc:b", _doc(PaperRecord(index=3, title="whose opinions do language models reflect")))])
    assert len(res.papers) == 1 and res.papers[0].merges[0].rule == "title"


def test_people_last_first_and_middle_initials() -> None:
    recs = [PaperRecord(index=0, title="A paper about things", authors=[
        PersonName(name="Silas Alberti"), PersonName(name="Nelson F. Liu"), PersonName(name="Ana Liu")]),
        PaperRecord(index=1, title="Another paper about things", authors=[
            PersonName(name="Nelson Liu"), PersonName(name="Alberti, Silas")])]
    res = resolve([("doc:a", recs)])
    labels = sorted(e.label for e in res.people.values())
    assert labels == ["Ana Liu", "Nelson F. Liu", "Silas Alberti"]
    assert res.person("Alberti, Silas") is res.person("Silas Alberti")


def test_shared_surname_alone_never_merges() -> None:
    recs = [PaperRecord(index=0, title="Paper one about models", authors=[
        PersonName(name="Percy Liang"), PersonName(name="Paul Liang"), PersonName(name="P. Liang")])]
    res = resolve([("doc:a", recs)])
    assert len(res.people) == 3


def test_two_different_middle_initials_stay_apart() -> None:
    recs = [PaperRecord(index=0, title="Paper one about models", authors=[
        PersonName(name="John A. Smith"), PersonName(name="John B. Smith"), PersonName(name="John Smith")])]
    res = resolve([("doc:a", recs)])
    assert len(res.people) == 3


def test_a_person_is_one_whatever_the_diacritics_and_name_order() -> None:
    recs = [PaperRecord(index=0, title="Paper one about models", authors=[PersonName(name="Müller, Jürgen")]),
            PaperRecord(index=1, title="Paper two about models", authors=[PersonName(name="Jurgen Muller")])]
    res = resolve([("doc:a", recs)])
    assert len(res.people) == 1 and res.person("Müller, Jürgen") is res.person("Jurgen Muller")


def test_institution_slugs_resolve_to_one_organization() -> None:
    recs = [PaperRecord(index=0, title="Paper one about models", institutions=[
        Institution(name="Stanford University", slug="stanford"), Institution(name="stanford")]),
        PaperRecord(index=1, title="Paper two about models", institutions=[
            Institution(name="AI2"), Institution(name="Allen Institute for AI", slug="allen-ai")])]
    res = resolve([("doc:a", recs)])
    assert sorted(e.label for e in res.organizations.values()) == ["Allen Institute for AI", "Stanford University"]


def test_organizations_merge_only_through_the_alias_table() -> None:
    table = AliasTable()
    table.add_organization("DeepMind", ["Google Deepmind"])
    recs = [PaperRecord(index=0, title="Paper one about models", mentions=[
        Mention(name="Google Deepmind", kind="organization", role="mentions"),
        Mention(name="DeepMind", kind="organization", role="mentions"),
        Mention(name="Google", kind="organization", role="mentions")])]
    res = resolve([("doc:a", recs)], table)
    assert sorted(e.label for e in res.organizations.values()) == ["DeepMind", "Google"]


def test_artifact_spellings_merge_but_versions_stay_distinct() -> None:
    names = ["LLaMA 2", "Llama 2", "Llama", "CIFAR10", "CIFAR-10", "GPT-3.5", "GPT 3.5", "GPT-4", "GPT-4o"]
    recs = [PaperRecord(index=0, title="Paper one about models", mentions=[
        Mention(name=n, kind="model" if "CIFAR" not in n else "dataset", role="uses") for n in names])]
    res = resolve([("doc:a", recs)], AliasTable())
    groups = sorted(sorted(e.spellings) for e in res.artifacts.values())
    assert groups == [["CIFAR-10", "CIFAR10"], ["GPT 3.5", "GPT-3.5"], ["GPT-4"], ["GPT-4o"],
                      ["LLaMA 2", "Llama 2"], ["Llama"]]
    cifar = res.artifact("cifar10")
    assert cifar.kind == "Dataset" and cifar.alt_labels


def test_default_aliases_know_the_packaged_institutions() -> None:
    table = default_aliases()
    assert table.organization("allen-ai")[1] == table.organization("Allen Institute for AI")[1]


def test_an_abstract_cut_off_halfway_still_matches_its_full_version() -> None:
    half = ABSTRACT[: len(ABSTRACT) // 2]
    res = resolve([("doc:a", _doc(PaperRecord(index=0, abstract=ABSTRACT + " " + REWORDED))),
                   ("doc:b", _doc(PaperRecord(index=0, abstract=half + " " + ABSTRACT, truncated=True)))])
    assert len(res.papers) == 1


def test_a_chain_of_merges_never_joins_two_arxiv_ids() -> None:
    title = "A Study of Things That Share One Title"
    res = resolve([("doc:a", _doc(PaperRecord(index=0, arxiv_id="2401.00001", abstract=ABSTRACT))),
                   ("doc:b", _doc(PaperRecord(index=0, title=title, abstract=ABSTRACT))),
                   ("doc:c", _doc(PaperRecord(index=0, arxiv_id="2401.00002", title=title)))])
    ids = [{m.doc for m in c.members} for c in res.papers]
    assert all(not {"doc:a", "doc:c"} <= members for members in ids)



def test_sketch_equals_the_plain_3gram_mix() -> None:
    """Byte-level words and the lane-wise big-integer mix give the values of the plain definition."""
    import random
    import zlib

    import re

    from kgraph.sketches import MIN_SHINGLES, SKETCH_SIZE
    from kgraph.text import fold

    def plain(text: str) -> tuple[int, ...]:
        ids = [zlib.crc32(w.encode()) for w in re.findall(r"[a-z0-9]+", fold(text))]
        hashes = {(a * 0x9E3779B1 ^ b * 0x85EBCA77 ^ c * 0xC2B2AE3D) & 0xFFFFFFFF for a, b, c in zip(ids, ids[1:], ids[2:])}
        return tuple(sorted(hashes)[:SKETCH_SIZE]) if len(ids) >= 3 and len(hashes) >= MIN_SHINGLES else ()

    rng = random.Random(0)
    vocabulary = [f"w{i}" for i in range(200)] + ["Zürich", "straße", "ΑΒΓ", "x" * 40, "e.g.", "GPT-4", "\ud800", "İ"]
    for n in [0, 1, 2, 3, 26, 27, 28, 40, 150, 1000]:
        for size in (3, 30, len(vocabulary)):
            text = " ".join(rng.choice(vocabulary[-size:]) for _ in range(n))
            assert sketch(text) == plain(text)


def test_one_arxiv_id_or_doi_is_one_paper_whatever_its_titles() -> None:
    """Versions retitle papers; kept apart, both records would be named by the id (one
    subject, two blocks)."""
    res = resolve([("doc:a", _doc(PaperRecord(index=0, arxiv_id="2401.00001", title="A First Title for It"),
                                  PaperRecord(index=1, doi="10.1/x", title="Some Journal Title Here"))),
                   ("doc:b", _doc(PaperRecord(index=0, arxiv_id="2401.00001", title="The Retitled Second Version"),
                                  PaperRecord(index=1, doi="10.1/X", title="A Different Title Entirely")))])
    assert sorted(len(c.members) for c in res.papers) == [2, 2]
    assert len({c.iri for c in res.papers}) == 2


def test_one_title_with_two_dois_stays_two_papers() -> None:
    title = "An Introduction to the Subject at Hand"
    res = resolve([("doc:a", _doc(PaperRecord(index=0, doi="10.1/a", title=title))),
                   ("doc:b", _doc(PaperRecord(index=0, doi="10.1/b", title=title)))])
    assert len(res.papers) == 2


def test_abstract_sketches_are_the_smallest_distinct_trigram_hashes() -> None:
    """The shortcuts (cached word hashes, sorting only the hashes below a bound) give the
    plain definition's sketch, for short, long and repetitive texts alike."""
    import random
    import zlib
    from array import array

    from kgraph import sketches

    def plain(words: list[bytes]) -> tuple[int, ...]:
        if len(words) < 3:
            return ()
        distinct = sorted(set(sketches.trigram_hashes(array("Q", [zlib.crc32(w) for w in words]))))
        return () if len(distinct) < sketches.MIN_SHINGLES else tuple(distinct[:sketches.SKETCH_SIZE])

    rng = random.Random(7)
    vocab = [bytes(rng.choice(b"abcdefgh") for _ in range(rng.randint(1, 6))) for _ in range(300)]
    for n in [0, 2, 3, 30, 40, 70, 140, 400] * 20:
        words = [rng.choice(vocab[:rng.randint(1, 300)]) for _ in range(n)]
        assert sketches.sketch_words(words) == plain(words)


def test_a_record_keys_carry_its_sketch_and_the_index_reads_it_back() -> None:
    """Keys carry the sketch packed in bytes (they cross processes); the index holds the same values."""
    from kgraph.resolve import ResolutionIndex
    from kgraph.resolve_keys import paper_keys
    from kgraph.sketches import SKETCH_SIZE

    short = "Too short to sketch."
    index = ResolutionIndex()
    for n, text in enumerate((ABSTRACT, short, SIMILAR_OPENING)):
        keys = paper_keys(PaperRecord(index=n, title=f"Paper number {n}", abstract=text))
        assert isinstance(keys.sketch, bytes) and len(keys.sketch) == 4 * len(sketch(text))
        ref = index.add_keys("doc", keys)
        assert index._sketch(ref) == sketch(text)
    assert len(sketch(ABSTRACT)) == SKETCH_SIZE and sketch(short) == ()
    assert len(index._sketches) == 3 * SKETCH_SIZE
