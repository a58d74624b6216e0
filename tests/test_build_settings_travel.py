"""Build settings that travel, through the console script: `--extractor` runs a plugin
installed in the `kgraph.extractors` entry point group (locally and on Dask), and the
manifest records the extractors and the --vocab files so that `--update` and `explain`
see the graph they made."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

KGRAPH = Path(sys.executable).with_name("kgraph")
OUTPUTS = ("graph.ttl", "graph.trig", "graph.graphml", "provenance.trig", "graph.html")

PLUGIN = '''
from kgraph import Mention


def oracle(record, vocabulary):
    text = record.abstract or ""
    at = text.find("Oracle-LM")
    if at >= 0:
        yield Mention(name="Oracle-LM", kind="model", role="uses", field="abstract",
                      start=at, end=at + len("Oracle-LM"), confidence=0.5)
'''


def _bib(key: str, title: str, abstract: str) -> str:
    return (f"@article{{{key},\n  title = {{{title}}},\n  author = {{Ada Lovelace}},\n  year = {{2024}},\n"
            f"  journal = {{Journal of Riddles}},\n  abstract = {{{abstract}}}\n}}\n")


def _kgraph(*args: str | Path, plugins: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if plugins is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(plugins), env.get("PYTHONPATH"))))
    done = subprocess.run([str(KGRAPH), *map(str, args)], capture_output=True, text=True, env=env)
    if check:
        assert done.returncode == 0, done.stderr
    return done


@pytest.fixture()
def plugins(tmp_path: Path) -> Path:
    """A package with an extractor entry point, installed as pip would leave it (no pip, no network)."""
    where = tmp_path / "site"
    where.mkdir()
    (where / "oracle_plugin.py").write_text(PLUGIN, encoding="utf-8")
    dist = where / "oracle_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: oracle-plugin\nVersion: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text("[kgraph.extractors]\noracle = oracle_plugin:oracle\n", encoding="utf-8")
    return where


@pytest.fixture()
def papers(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.bib").write_text(_bib("a", "Riddles for Oracles", "We ask Oracle-LM and Quokka-9 riddles."))
    (folder / "b.bib").write_text(_bib("b", "Counting Marsupials", "We fine-tune WombatNet on Oracle-LM answers."))
    return folder


def _extractors_of_oracle(out: Path) -> set[str]:
    text = (out / "provenance.trig").read_text(encoding="utf-8")
    return {block.split("kg:extractor ")[1].split(" ;")[0] for block in text.split("\n\n")
            if "oracle-lm" in block.lower() and "kg:extractor " in block}


def test_a_plugin_extractor_runs_in_a_build_and_provenance_names_it(tmp_path: Path, plugins: Path,
                                                                  papers: Path) -> None:
    out = tmp_path / "out"
    _kgraph("build", papers / "a.bib", "--out", out, "--extractor", "artifacts", "--extractor", "oracle",
            plugins=plugins)
    assert 'rdfs:label "Oracle-LM"' in (out / "graph.ttl").read_text(encoding="utf-8")
    assert _extractors_of_oracle(out) == {'"oracle"'}
    manifest = json.loads((out / ".kgraph" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["options"]["extractors"] == ["artifacts", "oracle"]
    assert any(e.startswith("oracle=oracle_plugin.oracle@") for e in manifest["settings"]["extractors"])

    _kgraph("build", papers / "b.bib", "--update", "--out", out, plugins=plugins)  # the extractors replayed
    full = tmp_path / "full"
    _kgraph("build", papers, "--out", full, "--extractor", "artifacts", "--extractor", "oracle", plugins=plugins)
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (full / name).read_bytes(), name
    assert "Counting Marsupials" in _kgraph("explain", out, "Oracle-LM").stdout

    plain = tmp_path / "plain"
    _kgraph("build", papers, "--out", plain, plugins=plugins)  # the default: the built-ins only
    assert 'rdfs:label "Oracle-LM"' not in (plain / "graph.ttl").read_text(encoding="utf-8")


def test_a_plugin_extractor_runs_on_dask_as_it_does_locally(tmp_path: Path, plugins: Path, papers: Path) -> None:
    pytest.importorskip("dask.distributed", reason="dask[distributed] is not installed (pip install 'kgraph[dask]')")
    chosen = ("--extractor", "artifacts", "--extractor", "organizations", "--extractor", "oracle")
    _kgraph("build", papers, "--out", tmp_path / "local", *chosen, plugins=plugins)
    _kgraph("build", papers, "--out", tmp_path / "dask", "--engine", "dask", *chosen, plugins=plugins)
    assert _extractors_of_oracle(tmp_path / "dask") == {'"oracle"'}
    for name in OUTPUTS:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name


def test_an_unknown_extractor_is_a_usage_error_listing_the_names(tmp_path: Path, papers: Path) -> None:
    done = _kgraph("build", papers, "--out", tmp_path / "out", "--extractor", "nope", check=False)
    assert done.returncode == 2
    error = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    assert len(error) == 1 and "'nope'" in error[0] and "artifacts, organizations" in error[0]
    assert not (tmp_path / "out" / "graph.ttl").exists()


@pytest.fixture()
def vocab(tmp_path: Path) -> Path:
    path = tmp_path / "vocab.tsv"
    path.write_text("Quokka-9\tmodel\tWombatNet\n", encoding="utf-8")
    return path


def _explained(out: Path) -> str:
    return _kgraph("explain", out, "Quokka-9").stdout


def _alias_merged_for_both_papers(text: str) -> bool:
    return ("alias-table" in text and "merges: none" not in text
            and "Riddles for Oracles" in text and "Counting Marsupials" in text)


def test_explain_and_update_see_the_vocabulary_the_build_was_given(tmp_path: Path, papers: Path, vocab: Path) -> None:
    full = tmp_path / "full"
    _kgraph("build", papers, "--out", full, "--vocab", vocab)
    assert _alias_merged_for_both_papers(_explained(full))
    manifest = json.loads((full / ".kgraph" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["options"]["vocab"] == [str(vocab.resolve())]

    inc = tmp_path / "inc"
    _kgraph("build", papers / "a.bib", "--out", inc, "--vocab", vocab)
    _kgraph("build", papers / "b.bib", "--update", "--out", inc)  # no --vocab: the earlier build's
    assert _alias_merged_for_both_papers(_explained(inc))
    for name in OUTPUTS:
        assert (inc / name).read_bytes() == (full / name).read_bytes(), name


def test_a_vocabulary_given_with_update_is_used_and_recorded(tmp_path: Path, papers: Path, vocab: Path) -> None:
    other = tmp_path / "other.tsv"
    other.write_text("Oracle-LM\tmodel\n", encoding="utf-8")
    inc = tmp_path / "inc"
    _kgraph("build", papers, "--out", inc, "--vocab", vocab)
    done = _kgraph("build", papers / "a.bib", "--update", "--out", inc, "--vocab", other)
    assert "vocabularies" in done.stdout + done.stderr
    full = tmp_path / "full"
    _kgraph("build", papers, "--out", full, "--vocab", other)
    for name in OUTPUTS:
        assert (inc / name).read_bytes() == (full / name).read_bytes(), name
    manifest = json.loads((inc / ".kgraph" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["options"]["vocab"] == [str(other.resolve())]


def test_a_recorded_vocabulary_that_is_gone_is_named_in_one_line(tmp_path: Path, papers: Path, vocab: Path) -> None:
    out = tmp_path / "out"
    _kgraph("build", papers / "a.bib", "--out", out, "--vocab", vocab)
    vocab.unlink()
    done = _kgraph("build", papers / "b.bib", "--update", "--out", out, check=False)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and str(vocab.resolve()) in done.stderr and "gone" in done.stderr


def test_malformed_recorded_options_are_a_corrupt_cache(tmp_path: Path, papers: Path) -> None:
    out = tmp_path / "out"
    _kgraph("build", papers / "a.bib", "--out", out)
    manifest_path = out / ".kgraph" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["options"] = {"vocab": "vocab.tsv"}
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    done = _kgraph("build", papers / "b.bib", "--update", "--out", out, check=False)
    assert done.returncode == 5 and "options of manifest.json" in done.stderr
