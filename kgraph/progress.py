"""Build progress on a terminal: documents, records, rate and time left (rich).

Quiet unless stderr is a terminal, so logs, pipes and CI see only the report.
The counts shown are kept here, not read back from rich's task list, whose
positions shift when a bar is removed.
"""

from __future__ import annotations

import sys
import time
from typing import Any

__all__ = ["BuildProgress", "Step"]

#: Redraw the writing bar after this many papers (and always at the end of a phase).
_REDRAW_EVERY = 1000


class BuildProgress:
    """Two bars: reading (by bytes, with documents and records counted) and writing (by papers)."""

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._progress: Any = None
        self._task: Any = None
        self._documents = 0
        self._records = 0
        self._started = 0.0
        self._done = 0
        self._total = 0
        self._pending = 0

    def __enter__(self) -> BuildProgress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            self._progress = Progress(
                TextColumn("[bold]{task.description}"), BarColumn(), TextColumn("{task.fields[detail]}"),
                TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(),
                console=Console(stderr=True), transient=True)
            self._progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)
            self._progress = None

    def _start(self, description: str, total: int) -> None:
        if self._task is not None:
            self._progress.remove_task(self._task)
        self._started = time.perf_counter()
        self._task = self._progress.add_task(description, total=max(total, 1), detail="", rate="")

    def _rate(self, count: int, unit: str) -> str:
        elapsed = time.perf_counter() - self._started
        return f"{count / elapsed:,.0f} {unit}/s" if elapsed > 0 else ""

    def reading(self, total_bytes: int) -> None:
        """Start the reading bar (pass 1)."""
        if self._progress is not None:
            self._start("reading", total_bytes)

    def read(self, nbytes: int, documents: int, records: int) -> None:
        """A document (or chunk) has been read, extracted and spooled."""
        self._documents += documents
        self._records += records
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, advance=nbytes,
                                  detail=f"{self._documents} documents, {self._records} records",
                                  rate=self._rate(self._records, "records"))

    def writing(self, total_papers: int) -> None:
        """Start the writing bar (pass 2)."""
        self._done, self._total, self._pending = 0, total_papers, 0
        if self._progress is not None:
            self._start("writing", total_papers)
            self._redraw()

    def wrote(self, papers: int = 1) -> None:
        """Papers written into the outputs; the bar is redrawn every thousand."""
        self._pending += papers
        if self._pending >= _REDRAW_EVERY:
            self._flush()

    def finishing(self, description: str) -> None:
        """The papers are written: the bar shows them done and says what comes next."""
        self._flush()
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, description=description, completed=max(self._total, 1))

    def _flush(self) -> None:
        self._done = min(self._done + self._pending, self._total)
        self._pending = 0
        self._redraw()

    def _redraw(self) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, completed=self._done,
                                  detail=f"{self._done:,} of {self._total:,} papers",
                                  rate=self._rate(self._done, "papers"))

    @property
    def written(self) -> int:
        """Papers counted as written so far (for tests and the report)."""
        return self._done + self._pending


class Step:
    """One long step that has no count to show (making a store or an index, reading a
    large graph): a spinner with what it is doing, on stderr when it is a terminal.

    Quiet otherwise, like BuildProgress, so piped output and logs stay as they were;
    stdout is never written to, so `kgraph query ... > rows.csv` stays clean.
    """

    def __init__(self, description: str, enabled: bool | None = None) -> None:
        self.description = description
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._status: Any = None

    def __enter__(self) -> Step:
        if self.enabled:
            from rich.console import Console

            self._status = Console(stderr=True).status(f"[bold]{self.description}")
            self._status.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._status is not None:
            self._status.__exit__(*exc)
            self._status = None
