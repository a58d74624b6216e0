"""Memory lifecycle of a build: garbage-collector settings for its length, and tables left for a fast exit.

A build allocates tens of millions of short-lived objects (records, terms, text
pieces) while holding a large, long-lived resolution index. With CPython's
default thresholds (700, 10, 10) the collector runs every few hundred
allocations and keeps rescanning that index, though nearly everything a build
makes is freed by reference counting and forms no cycles. Collecting less often,
as mypy does for the same reason, took a 20k-paper build from about 18 to 15
CPU-seconds at (10000, 20, 20), and (100000, 50, 50) saved another 5-7% in
alternating runs. Forked workers inherit the setting; the previous one is restored
when the build ends, so notebooks that call `build` keep theirs.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["BUILD_THRESHOLDS", "fewer_collections", "exit_without_teardown", "keep_until_exit"]

#: Young-generation allocations before a collection, then how many collections of
#: each generation before the next one is collected too.
BUILD_THRESHOLDS = (100_000, 50, 50)


@contextmanager
def fewer_collections(thresholds: tuple[int, int, int] = BUILD_THRESHOLDS) -> Iterator[None]:
    """Run the body with the collector's thresholds raised (never lowered) to `thresholds`."""
    old = gc.get_threshold()
    gc.set_threshold(*(max(a, b) for a, b in zip(old, thresholds)))
    try:
        yield
    finally:
        gc.set_threshold(*old)


#: Objects left for the process's exit (None: the process exits normally, so nothing is kept).
_KEPT: list[object] | None = None


def exit_without_teardown() -> None:
    """Declare that this process ends with os._exit (the console script does): what is
    given to keep_until_exit is then never freed object by object."""
    global _KEPT
    if _KEPT is None:
        _KEPT = []


def keep_until_exit(obj: object) -> None:
    """A large structure the caller is done with: freeing it takes a pass over all its
    objects (0.06 s for a 20k-paper build's resolution). In a process that exits without
    teardown it is kept for the exit instead, frozen with every other object alive (a
    full collection after the build would otherwise walk it all: 2.3 s at a million
    papers); elsewhere (a notebook) it is freed as usual when the caller drops it."""
    if _KEPT is not None:
        _KEPT.append(obj)
        gc.freeze()  # and out of the collector's view: a full collection would walk all of it
