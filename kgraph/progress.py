"""Build progress on a terminal: documents, records, rate and time left (rich).

Quiet unless stderr is a terminal, so logs, pipes and CI see only the report.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["BuildProgress"]


class BuildProgress:
    """Two bars: reading (by bytes, with documents and records counted) and writing (by records)."""

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._progress: Any = None
        self._task: Any = None
        self._pending = 0
        self._documents = 0
        self._records = 0

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

    def reading(self, total_bytes: int) -> None:
        """Start the reading bar (pass 1)."""
        if self._progress is not None:
            self._task = self._progress.add_task("reading", total=max(total_bytes, 1), detail="", rate="")

    def read(self, nbytes: int, documents: int, records: int) -> None:
        """A document (or chunk) has been read, extracted and spooled."""
        self._documents += documents
        self._records += records
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, nbytes)
            task = self._progress.tasks[self._task]
            speed = self._records / task.elapsed if task.elapsed else 0
            self._progress.update(self._task, detail=f"{self._documents} documents, {self._records} records",
                                  rate=f"{speed:,.0f} records/s")

    def writing(self, total_records: int) -> None:
        """Start the writing bar (pass 2)."""
        if self._progress is not None:
            if self._task is not None:
                self._progress.remove_task(self._task)
            self._task = self._progress.add_task("writing", total=max(total_records, 1), detail="", rate="")

    def wrote(self, records: int = 1) -> None:
        """Records emitted into the outputs; the bar is redrawn every thousand."""
        self._pending += records
        if self._pending >= 1000:
            self._flush()

    def _flush(self) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, self._pending)
            task = self._progress.tasks[self._task]
            self._progress.update(self._task, detail=f"{int(task.completed)} of {int(task.total)} records",
                                  rate=f"{task.speed or 0:,.0f} records/s")
        self._pending = 0
