"""Output formats. A build writes every exporter of `exporters_for_build()` (see kgraph.export.base)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module

from kgraph.export.base import Exporter

__all__ = ["BUILTIN_EXPORTERS", "exporters_for_build", "load_exporter"]

#: The formats every build writes, by name: "module:attribute" of a class whose
#: instances are exporters. Imported only when a build writes.
BUILTIN_EXPORTERS: dict[str, str] = {
    "rdf": "kgraph.export.rdf:RDFExporter",
    "graphml": "kgraph.export.graphml:GraphMLExporter",
    "provenance": "kgraph.export.provenance:ProvenanceExporter",
}


def load_exporter(spec: str) -> Callable[[], Exporter]:
    """The class (or factory) `spec` ("module:attribute") names."""
    module, _, attribute = spec.partition(":")
    return getattr(import_module(module), attribute)


def exporters_for_build(registered: Mapping[str, str] | None = None) -> list[Exporter]:
    """A new exporter of each format a build writes, in table order: the built-ins, or
    `registered` (name -> "module:attribute")."""
    table = BUILTIN_EXPORTERS if registered is None else registered
    return [load_exporter(spec)() for spec in table.values()]
