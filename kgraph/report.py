"""What a build read, made and skipped: the report the CLI prints and notebooks get back."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field

__all__ = ["BuildReport", "Skipped"]


@dataclass(frozen=True)
class Skipped:
    """A document that contributed nothing, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class BuildReport:
    """What a build read, made and skipped: printed by the CLI, returned to notebooks."""

    documents_by_format: Counter = field(default_factory=Counter)
    records: int = 0
    nodes_by_type: Counter = field(default_factory=Counter)
    edges_by_relation: Counter = field(default_factory=Counter)
    triples: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    ignored: list[Skipped] = field(default_factory=list)  # found in folders, in no supported format: not errors
    unchanged: int = 0
    reused_records: int = 0  # records of unchanged documents, taken from the earlier build
    refreshed: int = 0  # documents of the earlier build read or extracted again (its settings differ)
    refresh_reason: str = ""  # which settings differ, in words
    removed: list[str] = field(default_factory=list)  # documents of the earlier build dropped, with why
    warnings: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    validation: str = ""  # "conforms", "skipped: ...", or the violation report
    conforms: bool | None = None
    timings: dict[str, float] = field(default_factory=dict)  # seconds per build phase, in order

    def timing_lines(self) -> list[str]:
        """Seconds per phase; kept apart from lines() so that the report stays reproducible."""
        total = sum(self.timings.values())
        return [f"time: {name} {secs:.2f} s" for name, secs in self.timings.items()] + [f"time: total {total:.2f} s"]

    def lines(self) -> list[str]:
        out = [f"documents read: {sum(self.documents_by_format.values())}"
               + "".join(f"\n  {fmt}: {n}" for fmt, n in sorted(self.documents_by_format.items())),
               f"records: {self.records}",
               *([f"unchanged documents (skipped by content hash): {self.unchanged}"] if self.unchanged else []),
               *([f"documents read or extracted again ({self.refresh_reason} changed since the earlier build): "
                  f"{self.refreshed}"] if self.refreshed else []),
               *(f"removed: {r}" for r in self.removed),
               f"triples: {self.triples}",
               f"nodes: {sum(self.nodes_by_type.values())}"
               + "".join(f"\n  {t}: {n}" for t, n in sorted(self.nodes_by_type.items())),
               f"edges: {sum(self.edges_by_relation.values())}"
               + "".join(f"\n  {r}: {n}" for r, n in sorted(self.edges_by_relation.items()))]
        if self.outputs:
            out.append("wrote: " + ", ".join(self.outputs))
        if self.validation:
            out.append("validation: " + self.validation.rstrip())
        for w in self.warnings:
            out.append(f"warning: {w}")
        if self.ignored:
            out.append(ignored_line(self.ignored))
        for s in self.skipped:
            out.append(f"skipped: {s}")
        return out


#: How many paths of each reason the ignored line names.
IGNORED_NAMED = 10


def ignored_line(ignored: list[Skipped]) -> str:
    """One line for every entry a folder walk passed over, grouped by reason, the first
    few of each named relative to the folder they share: "ignored in in/: no supported
    format: 2 files (README.md, notes/todo.txt); hidden (name starts with a dot): .git"."""
    paths = sorted({entry.path for entry in ignored})
    base = os.path.commonpath([os.path.dirname(p) or "." for p in paths])
    groups: dict[str, set[str]] = {}
    for entry in ignored:
        groups.setdefault(entry.reason, set()).add(os.path.relpath(entry.path, base) if base else entry.path)
    parts = []
    for reason, names in sorted(groups.items()):
        shown = ", ".join(sorted(names)[:IGNORED_NAMED])
        if len(names) > IGNORED_NAMED:
            shown += f", … and {len(names) - IGNORED_NAMED} more"
        parts.append(f"{reason}: " + (f"{len(names)} files ({shown})" if len(names) > 1 else shown))
    return f"ignored in {base or '.'}: " + "; ".join(parts)
