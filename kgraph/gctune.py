"""Memory lifecycle of a build: the garbage collector off for its length, and tables left for a fast exit.

A build allocates tens of millions of short-lived objects (records, terms, text
pieces) while building large, long-lived tables (the resolution index, the
entities, the in-degree counts). Nearly everything it makes is freed by reference
counting and forms no cycles, so the cyclic collector only rescans those tables:
with thresholds already raised to (100000, 50, 50) (mypy raises them for the same
reason), a 20k-paper build's building process still spent 0.09 s in 70 collections,
nearly all in its serial stretches (one took 47 ms, over the freshly joined tables
of pass 2), and they found 47 unreachable objects. With the collector off, a
100k-paper build left 33 unreachable objects and peaked at the same memory. So the
collector is off while a build runs; forked workers inherit that, and it is turned
back on (if it was on) when the build ends, so notebooks that call `build` keep it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["no_collections", "exit_without_teardown", "keep_until_exit"]


@contextmanager
def no_collections() -> Iterator[None]:
    """Run the body with the cyclic garbage collector off; its state is restored after."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


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
