"""The reader contract and content sniffing: pick a reader by what a document holds.

A reader is any object with a `name`, a one-line `description`, `sniff(text)`
returning a confidence in [0, 1], and `read(text)` returning DocumentRecords.
Readers are chosen by content, never by file name. They are registered in
`kgraph.plugins.READERS` (third parties add theirs through the `kgraph.readers`
entry point group).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from kgraph.models import DocumentRecords
from kgraph.plugins import READERS

__all__ = ["Reader", "detect", "SNIFF_THRESHOLD"]

#: A reader must be at least this sure before it is chosen.
SNIFF_THRESHOLD = 0.5


@runtime_checkable
class Reader(Protocol):
    name: str
    description: str

    def sniff(self, text: str) -> float: ...

    def read(self, text: str) -> DocumentRecords: ...


def detect(text: str) -> tuple[Reader | None, float]:
    """The most confident reader for `text`, or None when none reaches the threshold
    (of equally confident readers, the first by name)."""
    best: Reader | None = None
    best_score = 0.0
    for reader in READERS.loaded():
        score = reader.sniff(text)
        if score > best_score:
            best, best_score = reader, score
    if best_score < SNIFF_THRESHOLD:
        return None, best_score
    return best, best_score
