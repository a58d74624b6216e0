"""One registry class for readers, extractors and exporters: lazy, replaceable, clear when a name is unknown."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kgraph.plugins import DEFAULT_EXTRACTORS, EXPORTERS, EXTRACTORS, READERS, Registry, UnknownPlugin


def _installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, group: str, line: str, module: str, body: str) -> None:
    """A module and its dist-info on sys.path, as `pip install` of a plugin would leave them."""
    (tmp_path / f"{module}.py").write_text(textwrap.dedent(body), encoding="utf-8")
    dist = tmp_path / f"{module}-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(f"[{group}]\n{line}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, module, raising=False)


def test_listing_the_built_ins_imports_none_of_them() -> None:
    script = ("import sys; from kgraph.plugins import READERS, EXTRACTORS; READERS.names(); EXTRACTORS.names(); "
              "print(sorted(m for m in sys.modules if m.startswith(('kgraph.sources.', 'kgraph.extract'))))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_built_in_reader_is_registered_under_its_own_name() -> None:
    assert len(READERS.names()) == 9
    assert [r.name for r in READERS.loaded()] == READERS.names()


def test_the_default_extractors_are_the_built_ins() -> None:
    assert set(DEFAULT_EXTRACTORS) <= set(EXTRACTORS.names())
    assert all(callable(EXTRACTORS.get(name)) for name in DEFAULT_EXTRACTORS)


def test_the_exporters_are_classes_kept_as_they_are() -> None:
    from kgraph.export.base import Exporter

    assert EXPORTERS.group == "kgraph.exporters" and EXPORTERS.builtins == ("rdf", "graphml", "provenance")
    assert all(isinstance(EXPORTERS.get(name), type) and isinstance(EXPORTERS.get(name)(), Exporter)
               for name in EXPORTERS.builtins)


def test_an_unknown_name_lists_the_registered_ones() -> None:
    registry = Registry("widget", "kgraph.test-widgets", {"dumps": "json:dumps", "loads": "json:loads"})
    with pytest.raises(UnknownPlugin) as caught:
        registry.get("pickle")
    assert isinstance(caught.value, KeyError) and isinstance(caught.value, LookupError)
    assert str(caught.value) == "No widget 'pickle'. Available names: dumps, loads"


def test_a_built_in_is_imported_when_first_asked_for() -> None:
    import json

    registry = Registry("widget", "kgraph.test-widgets", {"dumps": "json:dumps"})
    assert "dumps" in registry and "loads" not in registry
    assert registry.get("dumps") is json.dumps


def test_register_replaces_and_reset_forgets() -> None:
    registry = Registry("widget", "kgraph.test-widgets", {"dumps": "json:dumps"})
    mine = registry.register("dumps", repr)
    assert mine is repr and registry.get("dumps") is repr
    registry.register("extra", str)
    assert registry.names() == ["dumps", "extra"]
    registry.reset()
    assert registry.names() == ["dumps"] and registry.get("dumps") is not repr


def test_an_entry_point_is_listed_without_loading_and_a_class_is_instantiated(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    _installed(tmp_path, monkeypatch, "kgraph.test-widgets", "gadget = widget_plugin:Gadget", "widget_plugin",
               "class Gadget:\n    name = 'gadget'\n")
    registry = Registry("widget", "kgraph.test-widgets")
    assert registry.names() == ["gadget"] and "widget_plugin" not in sys.modules
    assert type(registry.get("gadget")).__name__ == "Gadget"
    assert registry.get("gadget") is registry.get("gadget")


def test_an_installed_plugin_does_not_shadow_a_built_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _installed(tmp_path, monkeypatch, "kgraph.test-widgets", "dumps = shadow_plugin:dumps", "shadow_plugin",
               "def dumps(obj):\n    return 'shadowed'\n")
    import json

    registry = Registry("widget", "kgraph.test-widgets", {"dumps": "json:dumps"})
    assert registry.names() == ["dumps"] and registry.get("dumps") is json.dumps


def test_an_installed_reader_is_sniffed_like_the_built_ins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kgraph.sources.base import detect

    _installed(tmp_path, monkeypatch, "kgraph.readers", "riddles = riddle_reader:RiddleReader", "riddle_reader", '''
        from kgraph.models import DocumentRecords

        class RiddleReader:
            name = "riddles"
            description = "riddle files"

            def sniff(self, text):
                return 0.9 if text.startswith("RIDDLE") else 0.0

            def read(self, text):
                return DocumentRecords(format=self.name)
    ''')
    READERS.reset()
    try:
        assert "riddles" in READERS.names()
        assert detect("RIDDLE what walks on four legs")[0].name == "riddles"
    finally:
        READERS.reset()
