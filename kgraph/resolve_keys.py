"""What resolution needs from one record: identifiers, an abstract sketch and names, small
enough to travel; the one home of record keys for both passes (pass 1 keys what it spools,
pass 2 keys the same way when it has no settled resolution yet)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from kgraph.models import ArtifactRecord, PaperRecord
from kgraph.sketches import sketch_bytes, sketch_words, words
from kgraph.text import clean_space, name_key, short_hash

if TYPE_CHECKING:
    from kgraph.resolve import ResolutionIndex

__all__ = ["PaperKeys", "ArtifactKeys", "paper_keys", "artifact_keys", "record_keys", "add_keys", "index_records"]


class PaperKeys(NamedTuple):
    """What resolution needs from one paper record: small, picklable, computed anywhere.

    Workers (local processes or a Dask cluster) compute these next to the text,
    so only identifiers, a sketch and names travel back to the resolving process.
    A named tuple, so that it can travel as a plain tuple (see TaskResult):
    every key is unpickled by the building process while the workers go on.
    """

    index: int
    arxiv: str | None
    doi: str | None
    title: str | None
    abstract_key: str
    sketch: bytes  # the sketch's values as little-endian 32-bit words (see sketch_bytes)
    people: tuple[tuple[str, str | None], ...]  # (name, printed form)
    affiliations: tuple[tuple[str, str], ...]  # (person name, organization name)
    orgs: tuple[tuple[str, str | None], ...]  # (name, short form such as a slug)
    artifacts: tuple[tuple[str, str], ...]  # (name, kind)


class ArtifactKeys(NamedTuple):
    """What resolution needs from one structured asset record."""

    name: str
    kind: str
    orgs: tuple[str, ...]
    dependencies: tuple[str, ...]


def paper_keys(rec: PaperRecord) -> PaperKeys:
    """The keys of one record (computed once, by whichever process read it)."""
    folded = words(rec.abstract) if rec.abstract else []
    authors = rec.all_authors
    people = tuple([(clean_space(a.name), clean_space(a.as_printed) if a.as_printed else None) for a in authors])
    orgs = [(clean_space(i.name), i.slug if i.slug and i.slug != i.name else None) for i in rec.institutions]
    artifacts = []
    for m in rec.mentions:
        if m.kind == "organization":
            orgs.append((clean_space(m.name), None))
        else:
            artifacts.append((clean_space(m.name), m.kind))
    for r in rec.relations:
        artifacts.append((clean_space(r.subject), r.subject_kind))
        if r.object_kind == "organization":
            orgs.append((clean_space(r.object), None))
        else:
            artifacts.append((clean_space(r.object), r.object_kind))
    return PaperKeys(
        index=rec.index,
        arxiv=rec.arxiv_id,
        doi=rec.doi.casefold() if rec.doi else None,
        title=name_key(rec.title) if rec.title else None,
        abstract_key=short_hash(b" ".join(folded[:40]).decode("ascii"), 16),
        sketch=sketch_bytes(sketch_words(folded)),
        people=people,
        affiliations=tuple((clean_space(a.name), clean_space(o)) for a in authors for o in a.affiliations),
        orgs=tuple(orgs), artifacts=tuple(artifacts))


def artifact_keys(art: ArtifactRecord) -> ArtifactKeys:
    return ArtifactKeys(clean_space(art.name), art.kind, tuple(clean_space(o) for o in art.organizations),
                        tuple(clean_space(d) for d in art.dependencies))


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
