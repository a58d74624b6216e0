"""Walking input folders safely: only regular files are read, everything else is named.

A FIFO opened for reading blocks until a writer comes, so a named pipe left in a
data folder used to hang a build forever; os.walk recurses once per level, so a
folder 1,000 levels deep aborted the build with RecursionError; hidden names were
passed over without a word. This walk keeps an explicit stack, reads only regular
files (and links to them), and returns what it passed over, with why, for the
build report's `ignored` line.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field

from kgraph.errors import InputError, UnsupportedInput

__all__ = ["Walk", "walk", "not_regular", "file_kind"]

#: The report's short reasons (UnsupportedInput.summary) for what a walk passes over.
HIDDEN = "hidden (name starts with a dot)"
NOT_REGULAR = "not a regular file"
FOLDER_LINK = "link to a folder, not followed"


@dataclass
class Walk:
    """What a folder holds: the files to read (sorted), what was passed over, what could not be listed."""

    files: list[str] = field(default_factory=list)
    ignored: list[UnsupportedInput] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words ("a named pipe")."""
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a file"


def not_regular(path: str, mode: int) -> UnsupportedInput:
    """The refusal of a path that exists but is no regular file (it is never opened)."""
    return UnsupportedInput(path, f"{NOT_REGULAR} ({file_kind(mode)}); kgraph reads only regular files",
                            NOT_REGULAR)


def _passed_over(path: str, summary: str) -> UnsupportedInput:
    return UnsupportedInput(path, summary, summary)


def walk(root: str) -> Walk:
    """Every regular file under `root` (any depth, no recursion), sorted by path.

    Hidden entries (".git", ".DS_Store"), FIFOs, sockets, devices and links to
    folders (which could loop) go to `ignored`; a folder that cannot be listed, and
    a link to nothing, go to `errors`.
    """
    found = Walk()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as exc:
            found.errors.append(InputError(folder, f"cannot list folder ({exc.strerror or exc})"))
            continue
        for entry in listed:
            path = os.path.join(folder, entry.name)
            if entry.name.startswith("."):
                found.ignored.append(_passed_over(path, HIDDEN))
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(path)
                elif entry.is_file():  # a regular file, or a link to one
                    found.files.append(path)
                elif entry.is_symlink():
                    target = _target_mode(path)
                    if target is None:  # a link to data that is gone: worth exit 3, like an unreadable file
                        found.errors.append(InputError(path, f"cannot read (broken link to {os.readlink(path)})"))
                    elif stat.S_ISDIR(target):
                        found.ignored.append(_passed_over(path, FOLDER_LINK))
                    else:
                        found.ignored.append(not_regular(path, target))
                else:
                    found.ignored.append(not_regular(path, entry.stat(follow_symlinks=False).st_mode))
            except OSError as exc:
                found.errors.append(InputError(path, f"cannot read ({exc.strerror or exc})"))
    found.files.sort()
    found.ignored.sort(key=lambda e: e.path)
    return found


def _target_mode(path: str) -> int | None:
    try:
        return os.stat(path).st_mode
    except OSError:
        return None
