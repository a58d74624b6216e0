"""A record's resolution keys and their place in the index: one home for both passes.

Pass 1 keys every record it spools (kgraph.workers, kgraph.reading); pass 2 keys
them the same way when it has no settled resolution yet (kgraph.writing.assemble).
"""

from __future__ import annotations

from collections.abc import Iterable

from kgraph.models import ArtifactRecord, PaperRecord
from kgraph.resolve import ArtifactKeys, PaperKeys, ResolutionIndex, artifact_keys, paper_keys

__all__ = ["record_keys", "add_keys", "index_records"]


def record_keys(record: PaperRecord | ArtifactRecord) -> PaperKeys | ArtifactKeys:
    """What resolution needs of one record (identifiers, sketches, names)."""
    return paper_keys(record) if isinstance(record, PaperRecord) else artifact_keys(record)


def add_keys(index: ResolutionIndex, doc: str, keys: PaperKeys | ArtifactKeys) -> None:
    """Index one record's keys, said by the document `doc` (its IRI)."""
    if isinstance(keys, PaperKeys):
        index.add_keys(doc, keys)
    else:
        index.add_artifact_keys(doc, keys)


def index_records(index: ResolutionIndex, doc: str, records: Iterable[PaperRecord | ArtifactRecord]) -> None:
    """Key and index every record of the document `doc`, in order."""
    for record in records:
        add_keys(index, doc, record_keys(record))
