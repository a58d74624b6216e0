"""What resolution needs from one record: identifiers, an abstract sketch and names, small enough to travel."""

from __future__ import annotations

from typing import NamedTuple

from kgraph.models import ArtifactRecord, PaperRecord
from kgraph.sketches import sketch_bytes, sketch_words, words
from kgraph.text import clean_space, name_key, short_hash

__all__ = ["PaperKeys", "ArtifactKeys", "paper_keys", "artifact_keys"]


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
