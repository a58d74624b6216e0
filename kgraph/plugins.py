"""The one registry of kgraph's plugins: readers, extractors and exporters.

Each group is a `Registry`, known by its entry point group:

=============  ======================  ================================================
registry       entry point group       what a plugin is
=============  ======================  ================================================
`READERS`      ``kgraph.readers``      a reader (``kgraph.sources.base.Reader``)
`EXTRACTORS`   ``kgraph.extractors``   ``fn(record, vocabulary) -> iterable of Mention | Relation``
`EXPORTERS`    ``kgraph.exporters``    an exporter of the written graph
=============  ======================  ================================================

Nothing is imported until it is used: built-ins are named here as
``"module:attribute"`` strings, and an entry point is loaded when its name is
first asked for (`get`, `loaded`); `names` and ``in`` only list them. A loaded
reader or extractor that is a class is instantiated with no arguments; an
exporter stays the class (or factory) it is, since each build needs new ones.

    >>> from kgraph.plugins import EXTRACTORS
    >>> EXTRACTORS.names()
    ['artifacts', 'organizations']
    >>> EXTRACTORS.register("shouting", lambda record, vocabulary: [])  # a notebook's own

A name resolves to, first, what was registered at run time (`register`, which
replaces anything of that name); then the built-in; then an installed entry
point (installing a package never changes what a built-in does). An unknown name
raises `UnknownPlugin` (a KeyError) whose message lists the registered names.
`reset` forgets the run-time registrations and what was loaded.

Run-time registrations live in the process that made them: worker processes
forked for a local build inherit them, a Dask cluster's workers do not (publish
the plugin as an entry point for those).
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Mapping
from importlib.metadata import EntryPoint, entry_points
from typing import Any, Generic, TypeVar

__all__ = ["Registry", "UnknownPlugin", "READERS", "EXTRACTORS", "EXPORTERS", "DEFAULT_EXTRACTORS"]

T = TypeVar("T")


class UnknownPlugin(KeyError):
    """No plugin of that name in a registry; the message lists the registered ones."""

    def __str__(self) -> str:  # KeyError would print its message quoted
        return str(self.args[0])


class Registry(Generic[T]):
    """Named plugins of one kind: built-ins, installed entry points and run-time registrations."""

    def __init__(self, kind: str, group: str, builtins: Mapping[str, str] | None = None, *,
                 instantiate: bool = True) -> None:
        self.kind = kind
        self.group = group
        self.instantiate = instantiate
        self._builtins = dict(builtins or {})
        self._registered: dict[str, T] = {}
        self._loaded: dict[str, T] = {}
        self._entry_points: dict[str, EntryPoint] | None = None

    def register(self, name: str, plugin: T) -> T:
        """Add `plugin` under `name`, replacing any plugin of that name; returns `plugin`."""
        self._registered[name] = plugin
        return plugin

    def get(self, name: str) -> T:
        """The plugin called `name`, imported on first use."""
        if name in self._registered:
            return self._registered[name]
        if name not in self._loaded:
            plugin = self._load(name)
            self._loaded[name] = _instance(plugin) if self.instantiate else plugin
        return self._loaded[name]

    @property
    def builtins(self) -> tuple[str, ...]:
        """The built-in names, in the order they were declared."""
        return tuple(self._builtins)

    def names(self) -> list[str]:
        """Every registered name, sorted."""
        return sorted(set(self._registered) | set(self._builtins) | set(self._installed()))

    def loaded(self) -> list[T]:
        """Every plugin, in name order (importing each)."""
        return [self.get(name) for name in self.names()]

    def __contains__(self, name: object) -> bool:
        return name in self._registered or name in self._builtins or name in self._installed()

    def reset(self) -> None:
        """Forget run-time registrations, loaded plugins and the entry points found, as in a new process."""
        self._registered.clear()
        self._loaded.clear()
        self._entry_points = None

    def _load(self, name: str) -> Any:
        if name in self._builtins:
            module, _, attribute = self._builtins[name].partition(":")
            return getattr(importlib.import_module(module), attribute)
        installed = self._installed()
        if name in installed:
            return installed[name].load()
        raise UnknownPlugin(f"No {self.kind} {name!r}. Available names: {', '.join(self.names()) or 'none'}")

    def _installed(self) -> dict[str, EntryPoint]:
        if self._entry_points is None:
            self._entry_points = {ep.name: ep for ep in entry_points(group=self.group)}
        return self._entry_points


def _instance(obj: Any) -> Any:
    return obj() if inspect.isclass(obj) else obj


READERS: Registry = Registry("reader", "kgraph.readers", {
    name: f"kgraph.sources.{name}:reader"
    for name in ("abstract_list", "aggregator_author", "arxiv_atom", "arxiv_listing", "arxiv_snapshot",
                 "author_profile", "bibtex", "daily_papers", "ecosystem_graphs")
})
EXTRACTORS: Registry = Registry("extractor", "kgraph.extractors", {
    "artifacts": "kgraph.extract.artifacts:extract_artifacts",
    "organizations": "kgraph.extract.organizations:extract_organizations",
})
#: The extractors a build runs when none are named (`kgraph build --extractor`).
DEFAULT_EXTRACTORS = ("artifacts", "organizations")
#: An exporter plugin is a class (or factory) of exporters (``kgraph.export.base.Exporter``):
#: every build makes a new one of each, so it is kept as it is, not instantiated.
EXPORTERS: Registry = Registry("exporter", "kgraph.exporters", {
    "rdf": "kgraph.export.rdf:RDFExporter",
    "graphml": "kgraph.export.graphml:GraphMLExporter",
    "provenance": "kgraph.export.provenance:ProvenanceExporter",
}, instantiate=False)
