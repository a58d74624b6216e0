"""The reader contract and registry: sniff the content, then read it into records.

A reader is any object with a `name`, a one-line `description`, `sniff(text)`
returning a confidence in [0, 1], and `read(text)` returning DocumentRecords.
Readers are chosen by content, never by file name. Third parties add readers
through the `kgraph.readers` entry point group.
"""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import Protocol, runtime_checkable

from kgraph.models import DocumentRecords

__all__ = ["Reader", "register_reader", "get_reader", "all_readers", "detect", "SNIFF_THRESHOLD"]

#: A reader must be at least this sure before it is chosen.
SNIFF_THRESHOLD = 0.5


@runtime_checkable
class Reader(Protocol):
    name: str
    description: str

    def sniff(self, text: str) -> float: ...

    def read(self, text: str) -> DocumentRecords: ...


_READERS: dict[str, Reader] = {}
_plugins_loaded = False


def register_reader(reader: Reader) -> Reader:
    """Add a reader; a later registration under the same name replaces the earlier one."""
    _READERS[reader.name] = reader
    return reader


def _load_plugins() -> None:
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    from kgraph import sources as _builtin  # noqa: F401  (registers the built-in readers)

    for ep in entry_points(group="kgraph.readers"):
        obj = ep.load()
        register_reader(obj() if isinstance(obj, type) else obj)


def all_readers() -> list[Reader]:
    _load_plugins()
    return [_READERS[k] for k in sorted(_READERS)]


def get_reader(name: str) -> Reader:
    _load_plugins()
    try:
        return _READERS[name]
    except KeyError:
        raise KeyError(f"No reader {name!r}. Available names: {', '.join(sorted(_READERS))}") from None


def detect(text: str) -> tuple[Reader | None, float]:
    """The most confident reader for `text`, or None when none reaches the threshold."""
    best: Reader | None = None
    best_score = 0.0
    for reader in all_readers():
        score = reader.sniff(text)
        if score > best_score:
            best, best_score = reader, score
    if best_score < SNIFF_THRESHOLD:
        return None, best_score
    return best, best_score
