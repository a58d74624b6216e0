"""Ecosystem Graphs asset YAML: fields, {value, explanation}, organizations, safety, corpus counts."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kgraph.models import PartialDate
from kgraph.sources.base import detect
from kgraph.sources.ecosystem_graphs import reader, split_organizations

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

ASSETS = """\
- type: dataset
  name: Harbor Corpus
  organization: Google, DeepMind
  description: >
    A web corpus
    of harbour logs.
  created_date: 2023-03-01
  url: https://example.org/harbor
  datasheet: none
  modality: text
  size: 1.2T tokens
  dependencies: [Common Crawl, Common Crawl, unknown]
  license:
    value: CC BY 4.0
    explanation: Stated on the download page.
  access: open
  nationality: unknown
  sample:
  - "a sample line"
- type: model
  name: Harbor-LM
  organization: Stanford and Together
  created_date:
    value: "2023-06"
    explanation: Month of the announcement.
  dependencies:
    value: [Harbor Corpus]
    explanation: Trained on it.
  size: 7
  access:
    value: unknown
    explanation: Never stated.
- type: application
  name: Harbor Chat
  organization: EleutherAI; Hugging Face
  created_date: 2024
  dependencies: [Harbor-LM]
  url: ""
  monthly_active_users: ""
- type: benchmark-ish
  name: Odd Type
  organization: Paladin Group and Dais Technology
  created_date: "sometime"
  dependencies: []
- type: model
  organization: Nameless Lab
- type: model
  name: Slipped Date
  organization: Example Lab
  created_date:
    explanation: The value line was indented as an asset key.
  value: 2024-10-22
  dependencies: []
"""


@pytest.fixture(scope="module")
def doc():
    return reader.read(ASSETS)


def test_reads_each_asset_with_its_kind(doc) -> None:
    assert [(a.name, a.kind) for a in doc.artifacts] == [
        ("Harbor Corpus", "dataset"),
        ("Harbor-LM", "model"),
        ("Harbor Chat", "application"),
        ("Odd Type", "artifact"),
        ("Slipped Date", "model"),
    ]
    assert [a.index for a in doc.artifacts] == list(range(5))


def test_scalar_fields_and_absent_values(doc) -> None:
    corpus = doc.artifacts[0]
    assert corpus.description == "A web corpus of harbour logs."
    assert corpus.url == "https://example.org/harbor"
    assert corpus.created == PartialDate(year=2023, month=3, day=1)
    assert corpus.dependencies == ["Common Crawl"]  # repeat and "unknown" dropped
    assert corpus.properties["license"] == "CC BY 4.0"
    assert corpus.properties["licenseExplanation"] == "Stated on the download page."
    assert corpus.properties["size"] == "1.2T tokens"
    assert corpus.properties["modality"] == "text"
    assert "datasheet" not in corpus.properties  # "none"
    assert "nationality" not in corpus.properties  # "unknown"
    assert "sample" not in corpus.properties
    chat = doc.artifacts[2]
    assert chat.url is None and "monthlyActiveUsers" not in chat.properties


def test_value_explanation_fields(doc) -> None:
    model = doc.artifacts[1]
    assert model.created == PartialDate(year=2023, month=6)
    assert model.properties["createdDateExplanation"] == "Month of the announcement."
    assert model.dependencies == ["Harbor Corpus"]
    assert model.properties["dependenciesExplanation"] == "Trained on it."
    assert "access" not in model.properties  # value unknown ...
    assert model.properties["accessExplanation"] == "Never stated."  # ... explanation kept
    assert model.properties["size"] == "7"


def test_created_date_forms(doc) -> None:
    assert doc.artifacts[2].created == PartialDate(year=2024)
    assert doc.artifacts[3].created is None
    assert doc.artifacts[4].created == PartialDate(year=2024, month=10, day=22)
    assert "value" not in doc.artifacts[4].properties


def test_several_organizations_in_one_string(doc) -> None:
    assert doc.artifacts[0].organizations == ["Google", "DeepMind"]
    assert doc.artifacts[1].organizations == ["Stanford", "Together"]
    assert doc.artifacts[2].organizations == ["EleutherAI", "Hugging Face"]
    assert doc.artifacts[3].organizations == ["Paladin Group", "Dais Technology"]


def test_problems_are_warnings(doc) -> None:
    text = "\n".join(doc.warnings)
    assert "unknown type 'benchmark-ish'" in text
    assert "unreadable created_date 'sometime'" in text
    assert "asset 5: no `name`; skipped" in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("OpenAI", ["OpenAI"]),
        ("Google, DeepMind", ["Google", "DeepMind"]),
        ("Stanford and Together", ["Stanford", "Together"]),
        ("EleutherAI; Hugging Face", ["EleutherAI", "Hugging Face"]),
        ("Continue Dev, Inc.", ["Continue Dev, Inc."]),
        ("University of Science and Technology of China, ByteDance", ["University of Science and Technology of China", "ByteDance"]),
        ("Hong Kong University of Science and Technology (Guangzhou, original), BAAI",
         ["Hong Kong University of Science and Technology (Guangzhou, original)", "BAAI"]),
        ("Observatoire de Paris, LERMA, and Université Paris-Cité.", ["Observatoire de Paris", "LERMA", "Université Paris-Cité"]),
        ("ByteDance and University of Maryland, College Park", ["ByteDance", "University of Maryland, College Park"]),
        ("University of Illinois, Urbana-Champaign, Meta", ["University of Illinois, Urbana-Champaign", "Meta"]),
        ("University of Toronto, Google", ["University of Toronto", "Google"]),
        ("University of Washington, Spotify", ["University of Washington", "Spotify"]),
        ("University of Wisconsin, Madison", ["University of Wisconsin, Madison"]),
        ("LAION e.V.", ["LAION e.V."]),
        ("University of Washington, Allen Institute", ["University of Washington", "Allen Institute"]),
        ("Stanford University, Berkeley AI Research", ["Stanford University", "Berkeley AI Research"]),
        ("unknown", []),
        # "and" inside a name's subject phrase joins plain words, never an organization (issue 19)
        ("Harbor Institute for Research in Oceans and Tides, Harbor University",
         ["Harbor Institute for Research in Oceans and Tides", "Harbor University"]),
        ("Paladin Center for Work on Maps and Routes", ["Paladin Center for Work on Maps and Routes"]),
        ("Quill Institute for Vision and Sound Design", ["Quill Institute for Vision and Sound Design"]),
        ("Quill Institute for Vision and University of Oregon", ["Quill Institute for Vision", "University of Oregon"]),
        ("Kestrel Lab for Speech and IBM", ["Kestrel Lab for Speech", "IBM"]),
        ("Kestrel Lab for Speech and Google", ["Kestrel Lab for Speech", "Google"]),
        ("Tern Group for Maps and Harbor Research", ["Tern Group for Maps", "Harbor Research"]),
        ("Paladin Group and Dais Technology", ["Paladin Group", "Dais Technology"]),
        # a campus after a comma stays with its university, after an "and" as well
        ("Tern AI and University of Oregon, Blue Ridge", ["Tern AI", "University of Oregon, Blue Ridge"]),
    ],
)
def test_split_organizations(text: str, expected: list[str]) -> None:
    assert split_organizations(text) == expected


def test_python_tags_are_refused_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = f"- type: model\n  name: !!python/object/apply:os.system ['touch {marker}']\n"
    with pytest.raises(ValueError, match=r"YAML tag .*python/object/apply:os.system.* not allowed"):
        reader.read(payload)
    assert not marker.exists()


def test_invalid_yaml_names_the_line() -> None:
    with pytest.raises(ValueError, match=r"not valid YAML at line \d+"):
        reader.read("- type: model\n  name: [unclosed\n- type: dataset\n")


@pytest.mark.parametrize("text", ["type: model\nname: X\n", "just a string", "- 1\n- 2\n", "- type: model\n  size: 3\n"])
def test_not_an_asset_list(text: str) -> None:
    with pytest.raises(ValueError, match="not an Ecosystem Graphs asset file"):
        reader.read(text)


def test_alias_bomb_stays_small() -> None:
    """YAML anchors nest lists exponentially; nested lists are never flattened, so this is instant."""
    lines = ["- type: dataset", "  name: Bomb", '  a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    lines.append("  dependencies: [" + ", ".join(["*a8"] * 9) + "]")
    start = time.perf_counter()
    doc = reader.read("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 5
    assert doc.artifacts[0].dependencies == []
    assert any("dependency list is not a name" in w for w in doc.warnings)


def test_example_file() -> None:
    text = (EXAMPLES / "structured" / "assets.yaml").read_text(encoding="utf-8")
    doc = reader.read(text)
    names = {a.name for a in doc.artifacts}
    assert {"Lantern-7B", "CalibBench"} <= names
    deps = {d for a in doc.artifacts for d in a.dependencies}
    assert deps & names, "assets depend on each other"
    assert deps - names == {"Common Crawl"}, "and on a name that matches no asset"


def _other_inputs() -> list[Path]:
    pages = sorted((EXAMPLES / "pages").glob("*.txt"))
    structured = [p for p in sorted((EXAMPLES / "structured").iterdir()) if p.name != "assets.yaml"]
    return pages + structured


@pytest.mark.parametrize("path", _other_inputs(), ids=lambda p: p.name)
def test_sniff_rejects_other_formats(path: Path) -> None:
    assert reader.sniff(path.read_text(encoding="utf-8")) < 0.5


@pytest.mark.parametrize("text", ["", "- a\n- b\n", "---\nkey: value\n", '[{"type": "model", "name": "x"}]'])
def test_sniff_rejects_other_yaml(text: str) -> None:
    assert reader.sniff(text) < 0.5


def test_detect_picks_this_reader() -> None:
    chosen, score = detect(ASSETS)
    assert chosen is reader and score >= 0.9


@pytest.mark.skipif(not (CORPUS / "ecosystem-graphs" / "assets").is_dir(), reason="shared corpus not available")
def test_real_corpus_counts() -> None:
    """The pinned upstream snapshot: 429 models, 112 datasets, 98 applications, 816 listed dependencies.

    One listed dependency is the placeholder "Unknown" (Llama 3.1 405B), which the
    reader drops as absent: 815 named dependencies reach the records.
    """
    files = sorted((CORPUS / "ecosystem-graphs" / "assets").glob("*.yaml"))
    assert len(files) == 173
    kinds: dict[str, int] = {}
    named = 0
    no_organization = set()
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert reader.sniff(text) >= 0.9, path.name
        doc = reader.read(text)
        for asset in doc.artifacts:
            kinds[asset.kind] = kinds.get(asset.kind, 0) + 1
            named += len(asset.dependencies)
            if not asset.organizations:
                no_organization.add(asset.name)
    assert kinds == {"model": 429, "dataset": 112, "application": 98}
    assert no_organization == {"Reflection Llama-3.1 70B", "Pixtral 12B"}  # organization: Unknown
    assert named + 1 == 816
