"""Output formats. A build writes every exporter of `exporters_for_build()` (see kgraph.export.base)."""

from __future__ import annotations

from kgraph.export.base import Exporter
from kgraph.plugins import EXPORTERS

__all__ = ["exporter_names", "exporters_for_build"]


def exporter_names() -> list[str]:
    """The formats a build writes: the built-ins in their order, then every other
    registered exporter (`kgraph.plugins.EXPORTERS`) by name."""
    return [*EXPORTERS.builtins, *(name for name in EXPORTERS.names() if name not in EXPORTERS.builtins)]


def exporters_for_build() -> list[Exporter]:
    """A new exporter of each format a build writes."""
    return [EXPORTERS.get(name)() for name in exporter_names()]
