"""The build folder's memory of its inputs: what each document said, keyed by content hash.

`kgraph build --update` uses it to skip unchanged documents and to replace only the
facts of a changed one; `kgraph explain` uses it to replay resolution and show why
a node looks the way it does. It lives in DIR/.kgraph/ beside the outputs.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from kgraph.builder import SourceInfo
from kgraph.errors import GraphNotFound
from kgraph.models import DocumentRecords

__all__ = ["CACHE_DIR", "Manifest", "save_sources", "load_sources"]

CACHE_DIR = ".kgraph"
_VERSION = 1


@dataclass(frozen=True)
class Manifest:
    """Which documents a build used: (path, content hash, document IRI) each."""

    documents: tuple[tuple[str, str, str], ...]

    def by_path(self) -> dict[str, tuple[str, str]]:
        return {p: (h, i) for p, h, i in self.documents}


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def save_sources(out_dir: Path, sources: list[SourceInfo]) -> None:
    """Record every source's records (once per content hash) and the manifest."""
    root = out_dir / CACHE_DIR
    records_dir = root / "records"
    records_dir.mkdir(parents=True, exist_ok=True)
    keep = set()
    for src in sources:
        name = f"{src.content_hash}.json"
        keep.add(name)
        target = records_dir / name
        if not target.exists():
            _atomic_write(target, src.records.model_dump_json())
    for old in records_dir.glob("*.json"):
        if old.name not in keep:
            old.unlink()
    manifest = {"version": _VERSION,
                "documents": [{"path": s.path, "hash": s.content_hash, "iri": s.iri} for s in sources]}
    _atomic_write(root / "manifest.json", json.dumps(manifest, indent=1, sort_keys=True))


def load_manifest(out_dir: Path) -> Manifest:
    path = Path(out_dir) / CACHE_DIR / "manifest.json"
    if not path.is_file():
        raise GraphNotFound(f"{out_dir}: no kgraph build here (no {CACHE_DIR}/manifest.json); run `kgraph build` first")
    raw = json.loads(path.read_text(encoding="utf-8"))
    return Manifest(tuple((d["path"], d["hash"], d["iri"]) for d in raw.get("documents", [])))


def load_sources(out_dir: Path) -> list[SourceInfo]:
    """Every source of the build in `out_dir`, records included, as the builder needs them."""
    manifest = load_manifest(out_dir)
    records_dir = Path(out_dir) / CACHE_DIR / "records"
    sources = []
    for path, content_hash, iri in manifest.documents:
        raw = (records_dir / f"{content_hash}.json").read_text(encoding="utf-8")
        sources.append(SourceInfo(iri, path, content_hash, DocumentRecords.model_validate_json(raw)))
    return sources
