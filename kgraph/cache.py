"""The build folder's memory of its inputs: each document's records, spooled to disk.

A build writes every document's records (extraction included) as JSON lines to
DIR/.kgraph/records/<sha256>.jsonl. The second pass of the build streams them
back, `kgraph build --update` reuses them for unchanged documents, and
`kgraph explain` replays them to show why a node looks the way it does. Holding
records on disk rather than in memory is what keeps large builds flat.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kgraph.errors import GraphNotFound
from kgraph.fileio import IO_BUFFER
from kgraph.iris import document_iri
from kgraph.models import ArtifactRecord, PaperRecord, PersonName

__all__ = ["CACHE_DIR", "SpooledSource", "SpoolWriter", "save_manifest", "load_sources"]

CACHE_DIR = ".kgraph"
_VERSION = 3


@dataclass(frozen=True)
class SpooledSource:
    """One document of a build: where it came from and where its records are spooled."""

    path: str
    content_hash: str
    format: str
    spools: tuple[str, ...]
    owner: PersonName | None = None
    papers: tuple[int, ...] = ()  # paper records in each spool (counted from the spools when empty)

    @property
    def iri(self) -> str:
        return document_iri(self.content_hash)

    def records(self) -> Iterator[PaperRecord | ArtifactRecord]:
        """The document's records, in their original order (chunk after chunk)."""
        for k in range(len(self.spools)):
            yield from self.records_of(k)

    def records_of(self, k: int) -> Iterator[PaperRecord | ArtifactRecord]:
        """The records of the k-th spool."""
        # Bytes, not text: pydantic parses UTF-8 itself, and a text file would read 8 KiB at a time.
        with open(self.spools[k], "rb", buffering=IO_BUFFER) as fh:
            for line in fh:
                tag, body = line[:1], line[1:]
                if tag == b"P":
                    yield PaperRecord.model_validate_json(body)
                elif tag == b"A":
                    yield ArtifactRecord.model_validate_json(body)

    def paper_counts(self) -> tuple[int, ...]:
        """Paper records per spool."""
        if len(self.papers) == len(self.spools):
            return self.papers
        counts = []
        for spool in self.spools:
            with open(spool, encoding="utf-8") as fh:
                counts.append(sum(1 for line in fh if line.startswith("P")))
        return tuple(counts)


class SpoolWriter:
    """Appends one document's records to its spool file.

    The JSON is written as the bytes pydantic makes: model_dump_json would decode
    them to a str that the file then encodes back (6 of a record's 20 µs).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(path, "wb", buffering=IO_BUFFER)
        self.papers = 0
        self.artifacts = 0

    def write(self, record: PaperRecord | ArtifactRecord) -> None:
        write = self._fh.write
        if isinstance(record, PaperRecord):
            write(b"P")
            self.papers += 1
        else:
            write(b"A")
            self.artifacts += 1
        write(record.__pydantic_serializer__.to_json(record, exclude_defaults=True))
        write(b"\n")

    def close(self) -> None:
        self._fh.close()


def save_manifest(root: Path, sources: list[SpooledSource]) -> None:
    """Write DIR/.kgraph/manifest.json naming every document of the build."""
    manifest = {"version": _VERSION, "documents": [
        {"path": s.path, "hash": s.content_hash, "format": s.format,
         "spools": [os.path.basename(p) for p in s.spools],
         "owner": s.owner.model_dump() if s.owner else None} for s in sources]}
    tmp = root / "manifest.json.tmp"
    tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, root / "manifest.json")


def load_sources(out_dir: str | os.PathLike[str]) -> list[SpooledSource]:
    """The documents of the build in `out_dir`, with their spooled records."""
    root = Path(out_dir) / CACHE_DIR
    path = root / "manifest.json"
    if not path.is_file():
        raise GraphNotFound(f"{out_dir}: no kgraph build here (no {CACHE_DIR}/manifest.json); run `kgraph build` first")
    raw = json.loads(path.read_text(encoding="utf-8"))
    if raw.get("version") != _VERSION:
        raise GraphNotFound(f"{out_dir}: built by another kgraph version; rebuild without --update")
    out = []
    for d in raw["documents"]:
        spools = tuple(str(root / "records" / name) for name in d["spools"])
        missing = [p for p in spools if not os.path.isfile(p)]
        if missing:
            raise GraphNotFound(f"{out_dir}: the record cache is incomplete ({os.path.basename(missing[0])} "
                                "missing); rebuild without --update")
        owner = PersonName(**d["owner"]) if d.get("owner") else None
        out.append(SpooledSource(d["path"], d["hash"], d["format"], spools, owner))
    return out
