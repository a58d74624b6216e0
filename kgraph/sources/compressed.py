"""Compressed inputs (gzip, bz2, xz, zip), known by their first bytes, not their names.

Dumps come compressed: the arXiv snapshot as `arxiv.zip`, people keep `.json.gz`
and `.bz2`. Each compressed file is decompressed once, as a stream, into a plain
file in the build's work folder, hashing the decompressed bytes on the way; from
there it is an input like any other (sniffed, read, cut into chunks for parallel
workers), named by the compressed file (`dump.json.gz`) or, for every member of a
zip, by the archive and the member (`arxiv.zip!arxiv-metadata-oai-snapshot.json`).
The document's identity is its decompressed content, so a dump and its `.gz`
are one document, and `--update` sees a change inside a compressed file.
Nothing is held in memory whole; the price is disk space for the plain copy
while pass 1 runs (the copies are removed once it ends).
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import lzma
import os
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from kgraph.errors import InputError, UnsupportedInput
from kgraph.sources.loading import open_regular
from kgraph.sources.walk import HIDDEN

__all__ = ["Unpacked", "compression_of", "unpack", "MEMBER_SEP", "container_of"]

#: Between an archive's path and a member's name in the name of a zip member's document.
MEMBER_SEP = "!"

#: Leading bytes of each compression kgraph reads (zip: a local file header, or the end
#: record alone of an empty archive).
MAGIC = (
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bz2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
)

#: Why a zip member that macOS adds (resource forks under __MACOSX/) is not read.
MACOS = "macOS resource data (under __MACOSX/)"

#: A compressed file inside a compressed file is unpacked again, this many levels deep at most.
MAX_DEPTH = 3

_BLOCK = 1 << 20
#: What a damaged stream raises while it is read (BadGzipFile and bz2's errors are OSErrors).
_DAMAGED = (OSError, EOFError, zlib.error, lzma.LZMAError, zipfile.BadZipFile, NotImplementedError, RuntimeError,
            ValueError)


@dataclass(frozen=True)
class Unpacked:
    """One input document: `name` in messages and provenance, its bytes in `file`;
    `content_hash` is set when unpacking hashed them already."""

    name: str
    file: str
    content_hash: str = ""
    error: InputError | None = None


def compression_of(path: str) -> str | None:
    """"gzip", "bz2", "xz", "zip", or None for a file that is not compressed (or cannot be opened:
    the reading that follows reports that)."""
    try:
        with open_regular(path) as fh:
            head = fh.read(8)
    except (OSError, InputError):
        return None
    return next((kind for magic, kind in MAGIC if head.startswith(magic)), None)


def container_of(real: str) -> str:
    """The archive's resolved path in a zip member's resolved name (`/d/a.zip!m.json` -> `/d/a.zip`)."""
    return real.split(MEMBER_SEP, 1)[0] if MEMBER_SEP in real and not os.path.lexists(real) else real


def unpack(path: str, folder: Path, *, depth: int = 0) -> list[Unpacked]:
    """The documents of the file at `path`: itself when it is not compressed, else its
    decompressed content (one per zip member, hidden members and folders left out),
    written under `folder`. A file that cannot be decompressed comes back with its error."""
    kind = compression_of(path) if depth < MAX_DEPTH else None
    if kind is None:
        return [Unpacked(path, path)]
    try:
        fh = open_regular(path)
    except (OSError, InputError) as exc:
        reason = exc.reason if isinstance(exc, InputError) else f"cannot read ({exc.strerror or exc})"
        return [Unpacked(path, path, error=InputError(path, reason))]
    with fh:
        if kind != "zip":
            return _unpacked(path, kind, folder, depth, lambda: _STREAMS[kind](fh))
        return _members(path, fh, folder, depth)


def _members(path: str, fh, folder: Path, depth: int) -> list[Unpacked]:
    """Every member of the zip archive open as `fh`, unpacked (see unpack). Members are
    written to new files of kgraph's naming, never to their own names, so a name such as "../x" is harmless."""
    try:
        archive = zipfile.ZipFile(fh)
    except _DAMAGED as exc:
        return [Unpacked(path, path, error=InputError(path, f"cannot read the zip archive ({_why(exc)})"))]
    out: list[Unpacked] = []
    with archive:
        members = sorted((i for i in archive.infolist() if not i.is_dir()), key=lambda i: i.filename)
        for info in members:
            name = f"{path}{MEMBER_SEP}{info.filename}"
            parts = info.filename.split("/")
            if "__MACOSX" in parts:
                out.append(_passed_over(name, MACOS))
            elif any(part.startswith(".") for part in parts):
                out.append(_passed_over(name, HIDDEN))
            elif info.flag_bits & 0x1:
                out.append(Unpacked(name, name, error=InputError(name, "encrypted zip member (no password)")))
            else:
                out.extend(_unpacked(name, "zip", folder, depth, lambda info=info: archive.open(info)))
    if not out:
        return [Unpacked(path, path, error=UnsupportedInput(path, "an empty zip archive", "empty"))]
    return out


def _passed_over(name: str, why: str) -> Unpacked:
    return Unpacked(name, name, error=UnsupportedInput(name, why, why))


def _gzip(fh):
    return gzip.GzipFile(fileobj=fh, mode="rb")


def _bz2(fh):
    return bz2.BZ2File(fh, mode="rb")


def _xz(fh):
    return lzma.LZMAFile(fh, mode="rb")


_STREAMS = {"gzip": _gzip, "bz2": _bz2, "xz": _xz}


def _unpacked(name: str, kind: str, folder: Path, depth: int, opener) -> list[Unpacked]:
    """`opener()`'s stream decompressed into a new file under `folder`, hashed on the way;
    a plain file that is itself compressed is unpacked again."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, name_of_copy = tempfile.mkstemp(suffix=".plain", dir=folder)
    os.close(fd)
    dest = Path(name_of_copy)
    digest = hashlib.sha256()
    try:
        src = opener()
    except _DAMAGED as exc:
        dest.unlink()
        return [_damaged(name, kind, exc)]
    with src, open(dest, "wb") as out:
        while True:
            try:
                block = src.read(_BLOCK)
            except _DAMAGED as exc:  # only the reading: a full disk is the build's error, not the input's
                out.close()
                dest.unlink(missing_ok=True)
                return [_damaged(name, kind, exc)]
            if not block:
                break
            digest.update(block)
            out.write(block)
    if compression_of(str(dest)) is not None and depth + 1 < MAX_DEPTH:
        inner = [_renamed(u, str(dest), name) for u in unpack(str(dest), folder, depth=depth + 1)]
        dest.unlink()  # its content now lies in the inner files
        return inner
    return [Unpacked(name, str(dest), digest.hexdigest())]


def _damaged(name: str, kind: str, exc: BaseException) -> Unpacked:
    return Unpacked(name, name, error=InputError(name, f"cannot decompress ({kind}: {_why(exc)})"))


def _renamed(u: Unpacked, old: str, new: str) -> Unpacked:
    """`u`, found in the plain file `old`, named after the document `new` that held it."""
    name = new + u.name[len(old):]
    error = u.error
    if error is not None:
        error = UnsupportedInput(name, error.reason, error.summary) if isinstance(error, UnsupportedInput) \
            else InputError(name, error.reason)
    return Unpacked(name, u.file, u.content_hash, error)


def _why(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text.rstrip(".")
