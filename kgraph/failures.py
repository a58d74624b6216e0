"""A full disk, a read-only folder or exhausted memory, said in one line a user can act on.

These are conditions of the machine, not kgraph bugs: each becomes a KgraphError with
its own exit code (README, "Exit codes") naming the file or folder and what to do,
instead of "internal error, please report it".
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from kgraph.errors import KgraphError

__all__ = ["EXIT_CANNOT_WRITE", "EXIT_NO_MEMORY", "CannotWrite", "OutOfMemory", "writing_into",
           "os_error_message", "as_kgraph_error"]

#: Exit code when a file or folder could not be written (disk full, read-only, no permission).
EXIT_CANNOT_WRITE = 6
#: Exit code when memory ran out (MemoryError, or a worker process killed, as the kernel does when out of memory).
EXIT_NO_MEMORY = 7

_REASON = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
}
#: What a build's user can do about each, said after the reason.
_BUILD_ADVICE = {
    errno.ENOSPC: "free some space or give another --out",
    errno.EDQUOT: "free some space or give another --out",
    errno.EROFS: "give an --out on a writable file system",
    errno.EACCES: "give an --out you may write to",
    errno.EPERM: "give an --out you may write to",
}


class CannotWrite(KgraphError):
    """A file or folder could not be written or read for a reason of the machine (disk full, read-only)."""

    exit_code = EXIT_CANNOT_WRITE


class OutOfMemory(KgraphError):
    """The machine ran out of memory."""

    exit_code = EXIT_NO_MEMORY


def _inside(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([os.path.abspath(path), os.path.abspath(folder)]) == os.path.abspath(folder)
    except ValueError:
        return False


def os_error_message(exc: OSError, out: str | None = None) -> str:
    """One line: what could not be done, where, why, and what to do.

    With `out` (a build's folder), a failure inside it names the folder rather than
    the temporary file, and says that the earlier outputs there are kept.
    """
    reason = _REASON.get(exc.errno or -1) or (exc.strerror or str(exc)).lower()
    where = exc.filename
    if out is not None and (where is None or _inside(str(where), out)):
        advice = _BUILD_ADVICE.get(exc.errno or -1)
        return f"cannot write the outputs into {out}: {reason}" + (f" ({advice})" if advice else "") + _kept(out)
    if where is None:
        return f"cannot write: {reason}"
    return f"cannot write {where}: {reason}"


def _kept(out: str | None) -> str:
    """Said when a failed build leaves an earlier build's outputs as they were."""
    if out is None or not os.path.isfile(os.path.join(out, "graph.ttl")):
        return ""
    return f"; the earlier outputs in {out} are kept"


def _memory_message(out: str | None, what: str = "") -> str:
    if out is None:
        return ("out of memory: the machine has too little free memory for this graph "
                "(close other programs, or use a machine with more memory)")
    return (f"out of memory{' ' + what if what else ''}: try --jobs 1 (fewer processes share the memory), "
            f"or a machine with more memory{_kept(out)}")


def as_kgraph_error(exc: BaseException, out: str | None = None) -> KgraphError | None:
    """The KgraphError for a condition of the machine (a full disk, a read-only folder,
    exhausted memory), or None when `exc` is something else (a bug)."""
    if isinstance(exc, MemoryError):
        return OutOfMemory(_memory_message(out, "while building" if out is not None else ""))
    if isinstance(exc, BrokenProcessPool):
        return OutOfMemory(_memory_message(out, "(a worker process was killed, as the system does when "
                                                "memory runs out)"))
    if isinstance(exc, OSError):
        return CannotWrite(os_error_message(exc, out))
    return None


@contextmanager
def writing_into(out: str, *, debug: bool = False) -> Iterator[None]:
    """Turn a full disk, a read-only --out or exhausted memory during a build into one line
    (with `debug`, the traceback is kept instead)."""
    try:
        yield
    except (OSError, MemoryError, BrokenProcessPool) as exc:
        error = None if debug else as_kgraph_error(exc, out)
        if error is None:
            raise
        raise error from None
