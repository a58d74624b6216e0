"""The build folder's memory of its inputs: each document's records, spooled to disk.

A build writes every document's records (extraction included) as JSON lines to
DIR/.kgraph/records/<sha256>.<n>.jsonl and names them in DIR/.kgraph/manifest.json,
with the settings the records depend on (kgraph.fingerprint). The second pass of
the build streams them back, `kgraph build --update` reuses them for unchanged
documents, and `kgraph explain` replays them to show why a node looks the way it
does. Holding records on disk rather than in memory is what keeps large builds flat.

The cache is data, not instructions: every name read from the manifest must be a
plain file in DIR/.kgraph/records (no absolute paths, no "..", no links leading
out), and anything malformed is a CorruptCache error, never an internal one.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from kgraph.errors import GraphNotFound, KgraphError
from kgraph.fileio import IO_BUFFER
from kgraph.generations import GENERATIONS, current_generation, is_generation
from kgraph.iris import document_iri
from kgraph.models import ArtifactRecord, PaperRecord, PersonName

__all__ = ["CACHE_DIR", "EXIT_CORRUPT", "CorruptCache", "BuildOptions", "CachedBuild", "SpooledSource", "SpoolWriter",
           "save_manifest", "load_build", "load_sources"]

CACHE_DIR = ".kgraph"
_VERSION = 4
_HASH = re.compile(r"[0-9a-f]{64}")

#: Exit code of a command that found DIR/.kgraph corrupt (`kgraph build --update`, `kgraph explain`).
EXIT_CORRUPT = 5


class CorruptCache(KgraphError):
    """DIR/.kgraph cannot be trusted: `root` names it and `reason` says what is wrong."""

    exit_code = EXIT_CORRUPT

    def __init__(self, root: str | os.PathLike[str], reason: str) -> None:
        super().__init__(str(root), reason)  # both in args, so that it pickles from a worker
        self.root = str(root)
        self.reason = reason

    def __str__(self) -> str:
        return (f"{self.root}: corrupt cache ({self.reason}); rebuild without --update "
                "(kgraph build INPUTS --out DIR)")


@dataclass(frozen=True)
class SpooledSource:
    """One document of a build: where it came from and where its records are spooled."""

    path: str
    content_hash: str
    format: str
    spools: tuple[str, ...]
    owner: PersonName | None = None
    papers: tuple[int, ...] = ()  # paper records in each spool (counted from the spools when empty)
    real: str = ""  # the resolved path: what identifies the document to `--update` (the path when empty)
    also: tuple[tuple[str, str], ...] = ()  # (path, resolved path) of other files with the same bytes
    #: BibTeX: the @string macros the document defines, which the build lends its other .bib files.
    macros: tuple[tuple[str, str], ...] = ()
    #: BibTeX: the macros it took from other files (None: defined nowhere), so that `--update`
    #: reads it again when one of them changes; None when unknown (read it again to know).
    macros_used: tuple[tuple[str, str | None], ...] | None = None

    @property
    def iri(self) -> str:
        return document_iri(self.content_hash)

    def records(self) -> Iterator[PaperRecord | ArtifactRecord]:
        """The document's records, in their original order (chunk after chunk)."""
        for k in range(len(self.spools)):
            yield from self.records_of(k)

    def records_of(self, k: int) -> Iterator[PaperRecord | ArtifactRecord]:
        """The records of the k-th spool; a line that is not a record is a CorruptCache error."""
        spool = self.spools[k]
        try:
            # Bytes, not text: pydantic parses UTF-8 itself, and a text file would read 8 KiB at a time.
            with open(spool, "rb", buffering=IO_BUFFER) as fh:
                for line in fh:
                    tag, body = line[:1], line[1:]
                    if tag == b"P":
                        yield PaperRecord.model_validate_json(body)
                    elif tag == b"A":
                        yield ArtifactRecord.model_validate_json(body)
                    else:
                        raise CorruptCache(_root_of(spool), f"{_spool_name(spool)} holds a line that is not a record")
        except ValidationError as exc:
            raise CorruptCache(_root_of(spool), f"{_spool_name(spool)} holds a line that is not a record "
                                                f"({exc.error_count()} errors)") from None
        except OSError as exc:
            raise CorruptCache(_root_of(spool), f"cannot read {_spool_name(spool)} "
                                                f"({exc.strerror or exc})") from None

    def paper_counts(self) -> tuple[int, ...]:
        """Paper records per spool."""
        if len(self.papers) == len(self.spools):
            return self.papers
        counts = []
        for spool in self.spools:
            with open(spool, "rb") as fh:
                counts.append(sum(1 for line in fh if line.startswith(b"P")))
        return tuple(counts)


def _root_of(spool: str) -> str:
    """The cache a spool belongs to, as users name it: DIR/.kgraph, also for a generation's."""
    root = Path(spool).parent.parent
    if is_generation(root.parent):
        return str(root.parent.parent.parent / CACHE_DIR)
    return str(root)


def _spool_name(spool: str) -> str:
    return f"records/{os.path.basename(spool)}"


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


@dataclass(frozen=True)
class BuildOptions:
    """The options a build was given that `--update` replays when they are not given again:
    the --vocab files (absolute paths; their contents are fingerprinted in the settings)
    and the extractors, by name."""

    vocab: tuple[str, ...] = ()
    extractors: tuple[str, ...] = ()


@dataclass(frozen=True)
class CachedBuild:
    """What DIR/.kgraph says about the build in DIR: its documents, the settings of their
    records and the options it was given."""

    sources: list[SpooledSource]
    settings: dict
    options: BuildOptions = BuildOptions()


def save_manifest(root: Path, sources: list[SpooledSource], settings: dict,
                  options: BuildOptions = BuildOptions()) -> None:
    """Write DIR/.kgraph/manifest.json naming every document of the build.

    Readers ignore keys they do not know, so other files or keys may be added beside these.
    """
    manifest = {"version": _VERSION, "settings": settings,
                "options": {"vocab": list(options.vocab), "extractors": list(options.extractors)}, "documents": [
        {"path": s.path, "real": s.real or os.path.realpath(s.path), "hash": s.content_hash, "format": s.format,
         "spools": [os.path.basename(p) for p in s.spools], "papers": list(s.paper_counts()),
         "also": [list(pair) for pair in s.also],
         "owner": s.owner.model_dump() if s.owner else None,
         **({"macros": dict(s.macros)} if s.macros else {}),
         **({"macros_used": dict(s.macros_used)} if s.macros_used is not None else {})} for s in sources]}
    tmp = root / "manifest.json.tmp"
    tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, root / "manifest.json")


def load_sources(out_dir: str | os.PathLike[str]) -> list[SpooledSource]:
    """The documents of the build in `out_dir`, with their spooled records."""
    return load_build(out_dir).sources


def load_build(out_dir: str | os.PathLike[str]) -> CachedBuild:
    """Read and check DIR/.kgraph/manifest.json: GraphNotFound when there is none,
    CorruptCache when it is malformed or names anything outside DIR/.kgraph/records."""
    root = Path(out_dir) / CACHE_DIR  # the name messages give
    gen = current_generation(out_dir)
    if os.path.lexists(root):
        inside = _checked_root(root)
    elif gen is not None:  # the link is missing: the current generation's cache is the one
        inside = (gen / CACHE_DIR).resolve()
    else:
        inside = root
    if not os.path.lexists(inside / "manifest.json"):
        raise GraphNotFound(f"{out_dir}: no kgraph build here (no {CACHE_DIR}/manifest.json); run `kgraph build` first")
    records_dir = _plain(root, inside, "records") if os.path.lexists(inside / "records") else None
    manifest = _plain(root, inside, "manifest.json")
    try:
        raw = json.loads(manifest.read_bytes())
    except OSError as exc:
        raise CorruptCache(root, f"cannot read manifest.json ({exc.strerror or exc})") from None
    except ValueError as exc:  # also UnicodeDecodeError
        raise CorruptCache(root, f"manifest.json is not valid JSON ({exc})") from None
    if not isinstance(raw, dict):
        raise CorruptCache(root, "manifest.json does not hold an object")
    if raw.get("version") != _VERSION:
        raise GraphNotFound(f"{out_dir}: built by another kgraph version; rebuild without --update")
    settings, documents = raw.get("settings", {}), raw.get("documents")
    if not isinstance(settings, dict) or not isinstance(documents, list):
        raise CorruptCache(root, "manifest.json lacks its settings or documents")
    out = []
    for n, d in enumerate(documents):
        try:
            out.append(_source(root, inside, records_dir, d))
        except CorruptCache:
            raise
        except (TypeError, ValueError, KeyError, AttributeError) as exc:  # ValidationError is a ValueError
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise CorruptCache(root, f"document {n} of manifest.json is malformed ({reason})") from None
    return CachedBuild(out, settings, _options(root, raw.get("options", {})))


def _options(root: Path, raw: object) -> BuildOptions:
    """The manifest's "options", checked (a build made before they were recorded has none)."""
    lists = [raw.get(k, []) for k in ("vocab", "extractors")] if isinstance(raw, dict) else None
    if lists is None or not all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in lists):
        raise CorruptCache(root, "the options of manifest.json are malformed "
                                 "(vocab and extractors must be lists of names)")
    return BuildOptions(tuple(lists[0]), tuple(lists[1]))


def _checked_root(root: Path) -> Path:
    """DIR/.kgraph resolved, which must be DIR's own folder or the cache of one of DIR's
    generations (kgraph.generations), not a link to elsewhere."""
    got = root.resolve()
    own = root.parent.resolve()
    if got != own / CACHE_DIR and not (got.name == CACHE_DIR and is_generation(got.parent)
                                       and got.parent.parent == own / GENERATIONS):
        raise CorruptCache(root, f"{CACHE_DIR} is a link to {got}, outside {root.parent}")
    return got


def _plain(root: Path, real_root: Path, name: str) -> Path:
    """DIR/.kgraph/`name` resolved, which must be that very place (no link leading away)."""
    got = (root / name).resolve()
    if got != real_root / name:
        raise CorruptCache(root, f"{name} is a link to {got}, outside {root}")
    return got


def _source(root: Path, inside: Path, records_dir: Path | None, d: dict) -> SpooledSource:
    """One manifest entry, checked field by field."""
    path, real, content_hash, fmt = d["path"], d.get("real", ""), d["hash"], d["format"]
    if not all(isinstance(v, str) for v in (path, real, content_hash, fmt)) or not path:
        raise TypeError("path, real, hash and format must be strings")
    if not _HASH.fullmatch(content_hash):
        raise ValueError(f"hash {content_hash[:80]!r} is not a SHA-256")
    names = d["spools"]
    if not isinstance(names, list) or not names or not all(isinstance(x, str) for x in names):
        raise TypeError("spools must be a list of file names")
    spools = tuple(_spool(root, inside, records_dir, name) for name in names)
    papers = d.get("papers", [])
    if not isinstance(papers, list) or not all(type(x) is int and x >= 0 for x in papers) or \
            len(papers) not in (0, len(spools)):
        raise TypeError("papers must be a count per spool")
    also = d.get("also", [])
    if not isinstance(also, list) or not all(isinstance(a, list) and len(a) == 2 and all(isinstance(x, str) for x in a)
                                             for a in also):
        raise TypeError("also must be a list of [path, resolved path] pairs")
    owner = PersonName(**d["owner"]) if d.get("owner") else None
    macros = d.get("macros", {})
    if not isinstance(macros, dict) or not all(isinstance(v, str) for v in macros.values()):
        raise TypeError("macros must map names to strings")
    used = d.get("macros_used")
    if used is not None and (not isinstance(used, dict) or not all(v is None or isinstance(v, str) for v in used.values())):
        raise TypeError("macros_used must map names to strings or null")
    return SpooledSource(path, content_hash, fmt, spools, owner, tuple(papers), real,
                         tuple((a[0], a[1]) for a in also), tuple(sorted(macros.items())),
                         None if used is None else tuple(sorted(used.items())))


def _spool(root: Path, inside: Path, records_dir: Path | None, name: str) -> str:
    """The spool file `name` names: a plain file right in DIR/.kgraph/records."""
    if (not name or name in (".", "..") or name != os.path.basename(name) or "\\" in name or "\0" in name
            or os.path.isabs(name)):
        raise CorruptCache(root, f"spool name {name[:80]!r} is not a plain file name")
    if records_dir is None:
        raise CorruptCache(root, f"the records folder is missing (records/{name})")
    got = _plain(root, inside, f"records/{name}")
    if not got.is_file():
        raise CorruptCache(root, f"records/{name} is missing")
    return str(got)
