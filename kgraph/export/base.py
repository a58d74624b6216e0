"""The protocol one output format implements, so that the writing stage loops over formats.

An exporter streams the blocks of a build (kgraph.graph.Block, one per subject,
each emitted once) into its files in one folder, and may also take the evidence
of extracted facts (kgraph.builder.Evidence). The writing stage calls, in order:

    open(context)            the build's files, header first
    write(block) / evidence(e)  for every block and every piece of evidence
    close()                  finish the files (a footer, a header known only now)

or abort() instead of close() when the build fails. A part of the build written
elsewhere (another process) is opened with a `suffix`: its exporter writes pieces
without headers (FILE + suffix), closes them, and the build's own exporter
`join(suffix)`s them in part order. A format is one module with one class, named
registered in kgraph.plugins.EXPORTERS (a built-in, a ``kgraph.exporters`` entry point,
or `EXPORTERS.register(name, cls)` at run time), and its test.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from kgraph.fileio import open_text, splice
from kgraph.graph import Block

if TYPE_CHECKING:
    from kgraph.builder import Evidence

__all__ = ["ExportContext", "Exporter", "TextExporter"]


@dataclass(frozen=True)
class ExportContext:
    """What every exporter of a build may need besides the blocks."""

    folder: Path
    documents: Mapping[str, str]  # document IRI -> the path it was read from


@runtime_checkable
class Exporter(Protocol):
    """One output format (see the module doc for the order of calls)."""

    #: The files it writes in the folder.
    files: ClassVar[tuple[str, ...]]

    def open(self, context: ExportContext, suffix: str = "") -> None: ...

    def write(self, block: Block) -> None: ...

    def evidence(self, e: Evidence) -> None: ...

    def join(self, suffix: str) -> None: ...

    def close(self) -> None: ...

    def abort(self) -> None: ...


class TextExporter:
    """An exporter of text files that are each a header and then one paragraph after another:
    a piece is its paragraphs, and joining one appends it. Subclasses give `files`,
    `header()` and `write`; `out` holds the open files in the order of `files`."""

    files: ClassVar[tuple[str, ...]] = ()

    def __init__(self) -> None:
        self.out: list[IO[str]] = []
        self.paths: list[Path] = []

    def header(self) -> str:
        """What starts each whole file ("" for none)."""
        return ""

    def open(self, context: ExportContext, suffix: str = "") -> None:
        self.paths = [context.folder / f"{name}{suffix}" for name in self.files]
        self.out = [open_text(path) for path in self.paths]
        if not suffix:
            header = self.header()
            for fh in self.out:
                fh.write(header)

    def evidence(self, e: Evidence) -> None:
        """Most formats hold the graph only."""

    def join(self, suffix: str) -> None:
        for fh, path in zip(self.out, self.paths):
            piece = path.with_name(path.name + suffix)
            fh.flush()
            with open(piece, "rb") as src:
                splice(src, fh)
            os.unlink(piece)

    def close(self) -> None:
        for fh in self.out:
            fh.close()

    def abort(self) -> None:
        self.close()
        for path in self.paths:
            path.unlink(missing_ok=True)
