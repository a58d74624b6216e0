"""Generations of a build folder: every build writes a complete new set, and one rename switches to it.

Layout of DIR (the paths users open are relative symlinks, so `out/graph.ttl`
opens, copies with `cp -a`, and `kgraph query out/graph.ttl` works):

    DIR/graph.ttl        -> .kgraph-generations/current/graph.ttl   (and graph.trig, graph.graphml,
    DIR/.kgraph          -> .kgraph-generations/current/.kgraph      graph.html, provenance.trig, store)
    DIR/.kgraph-generations/current -> g000007   (the one atomic switch)
    DIR/.kgraph-generations/g000007/  graph.ttl ... .kgraph/ store/   (one build's whole set)
    DIR/.kgraph-generations/lock      (held, with fcntl.flock, by the one build writing into DIR)

Why symlinks through `current` rather than hard links: a set of hard links is
replaced one file at a time, so a kill between two replacements mixes builds;
every DIR/<name> link here resolves through the single `current` link, so
replacing that link (rename(2) of a new symlink over it) moves every output,
the records and the store to the new build at one instant. A kill before the
rename leaves the old set, after it the new one. Everything a build puts in
`.kgraph` (manifest, records, any index) lives in the generation and moves with it.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

__all__ = ["GENERATIONS", "CURRENT", "current_generation", "build_lock", "new_generation", "switch_to",
           "remove_leftovers", "link_store"]

GENERATIONS = ".kgraph-generations"
CURRENT = "current"
_LOCK = "lock"
_NAME = re.compile(r"g(\d{6,})")
#: Leftovers of killed runs of earlier kgraph versions, and of killed store loads.
_TEMPORARY = (".kgraph-build-*", ".store.*", ".kgraph.old", ".store.old.*")


def current_generation(out_dir: str | os.PathLike[str]) -> Path | None:
    """The folder of DIR's current generation, resolved once (read everything from it, not
    through DIR's links, to stay within one generation); None for a folder without generations."""
    link = Path(out_dir) / GENERATIONS / CURRENT
    try:
        name = os.readlink(link)
    except OSError:
        return None
    if not _NAME.fullmatch(name):
        return None
    folder = link.parent / name
    return folder if folder.is_dir() else None


def is_generation(folder: Path) -> bool:
    """Whether `folder` is a generation folder of some build folder."""
    return folder.parent.name == GENERATIONS and bool(_NAME.fullmatch(folder.name))


@contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """Hold DIR's build lock: a second build into DIR waits (saying so on stderr) until the
    first ends. The OS releases a flock when its holder dies, so a killed build's lock is taken over."""
    folder = out_dir / GENERATIONS
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / _LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "another process"
            print(f"kgraph: waiting for the build in {out_dir} (process {holder}) to finish", file=sys.stderr,
                  flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def new_generation(out_dir: Path) -> Path:
    """A new, empty generation folder (call with the build lock held)."""
    folder = out_dir / GENERATIONS
    numbers = [int(m.group(1)) for m in map(_NAME.fullmatch, os.listdir(folder)) if m]
    gen = folder / f"g{max(numbers, default=0) + 1:06d}"
    gen.mkdir()
    return gen


def switch_to(out_dir: Path, gen: Path, names: Sequence[str]) -> None:
    """Make `gen` DIR's current generation in one rename, then point DIR/<name> at it for
    every `names` entry the generation holds (links of names it lacks are removed)."""
    folder = out_dir / GENERATIONS
    tmp = folder / f"{CURRENT}.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    os.symlink(gen.name, tmp)
    current = folder / CURRENT
    if current.is_dir() and not current.is_symlink():  # a copy made without keeping links (cp -r)
        _discard(current, folder / f"old.{CURRENT}.{os.getpid()}")
    os.replace(tmp, current)  # the switch
    _fsync_dir(folder)
    for name in names:
        _link(out_dir, name, present=os.path.lexists(gen / name))


def link_store(out_dir: Path) -> None:
    """DIR/store -> the current generation's store, once a query has made it."""
    gen = current_generation(out_dir)
    if gen is not None and (gen / "store").is_dir():
        try:
            _link(out_dir, "store", present=True)
        except OSError:
            pass  # a read-only folder, a race with a build: the link is a convenience only


def _link(out_dir: Path, name: str, *, present: bool) -> None:
    """DIR/name as a link through `current` (or gone): what was there before (a file or
    folder of an older kgraph's layout) is replaced."""
    path = out_dir / name
    target = f"{GENERATIONS}/{CURRENT}/{name}"
    if os.path.islink(path) and os.readlink(path) == target:
        if not present:
            path.unlink()
        return
    if os.path.isdir(path) and not os.path.islink(path):  # an old-layout folder
        _discard(path, out_dir / GENERATIONS / f"old.{name.lstrip('.')}.{os.getpid()}")
    if not present:
        if os.path.lexists(path):
            path.unlink()
        return
    tmp = out_dir / GENERATIONS / f"link.{name.lstrip('.')}.{os.getpid()}"
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, path)


def _discard(folder: Path, aside: Path) -> None:
    """Remove a real folder that a link is to replace: renamed aside first, so its name is
    free at once and a kill mid-removal leaves an `old.*` folder the next build removes."""
    shutil.rmtree(aside, ignore_errors=True)
    folder.rename(aside)
    shutil.rmtree(aside, ignore_errors=True)


def remove_leftovers(out_dir: Path, *, keep_previous: bool = True) -> None:
    """Remove what killed runs left (call with the build lock held): generation folders that
    are neither current nor (`keep_previous`) the one before it, which a query that began
    before the switch may still be reading; temporary folders of interrupted builds and store
    loads in DIR and in the generations."""
    folder = out_dir / GENERATIONS
    current = current_generation(out_dir)
    gens = sorted(p for p in folder.iterdir() if _NAME.fullmatch(p.name)) if folder.is_dir() else []
    keep = {current} if current else set()
    if keep_previous and current:
        older = [g for g in gens if g.name < current.name]
        if older:
            keep.add(older[-1])
    for gen in gens:
        if gen not in keep:
            shutil.rmtree(gen, ignore_errors=True)
    for place in [out_dir, *sorted(keep)]:
        for pattern in _TEMPORARY:
            for path in place.glob(pattern):
                if path.is_dir() and not path.is_symlink() and not _in_use(path):
                    shutil.rmtree(path, ignore_errors=True)
    if folder.is_dir():
        for path in folder.iterdir():
            if path.name.startswith(("old.", "link.", f"{CURRENT}.")):
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)


@contextmanager
def in_use(folder: Path) -> Iterator[None]:
    """Mark a temporary folder as being written by a live process (a flock on the folder
    itself, released by the OS when the process dies): remove_leftovers leaves it alone."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _in_use(folder: Path) -> bool:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except OSError:
        return True
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
