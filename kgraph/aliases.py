"""Alias tables: which spellings name one organization or artifact.

Organizations come from the packaged institution table (page slugs such as
"allen-ai") and from the extraction vocabulary; artifacts from the vocabulary.
A spelling not in any table is its own canonical name: kgraph never guesses that
two different names are one organization.
"""

from __future__ import annotations

from collections.abc import Iterable

from kgraph.catalogue import packaged_entries, read_vocabulary_file
from kgraph.data import table
from kgraph.text import artifact_key, name_key

__all__ = ["AliasTable", "default_aliases", "load_institutions"]


def load_institutions() -> dict[str, str]:
    """The packaged slug/alias -> full-name table for institutions."""
    return table("institutions.json")


class AliasTable:
    """Maps a spelling's key (letters and digits, folded) to a canonical name."""

    def __init__(self) -> None:
        self._orgs: dict[str, str] = {}
        self._artifacts: dict[str, str] = {}

    def add_organization(self, name: str, aliases: Iterable[str] = ()) -> None:
        for spelling in (name, *aliases):
            key = name_key(spelling)
            if key:
                self._orgs.setdefault(key, name)

    def add_artifact(self, name: str, aliases: Iterable[str] = ()) -> None:
        for spelling in (name, *aliases):
            key = artifact_key(spelling)
            if key:
                self._artifacts.setdefault(key, name)

    def organization(self, spelling: str) -> tuple[str, str | None]:
        """(resolution key, canonical name or None when the table does not know it)."""
        key = name_key(spelling)
        known = self._orgs.get(key)
        return (name_key(known), known) if known else (key, None)

    def artifact(self, spelling: str) -> tuple[str, str | None]:
        """Like `organization`, with `artifact_key`: a "+" suffix names another artifact."""
        key = artifact_key(spelling)
        known = self._artifacts.get(key)
        return (artifact_key(known), known) if known else (key, None)

    def artifact_key(self, spelling: str) -> str:
        return self.artifact(spelling)[0]

    def organization_key(self, spelling: str) -> str:
        return self.organization(spelling)[0]


def default_aliases(extra_vocabulary: Iterable = ()) -> AliasTable:
    """The packaged institution table plus the names of the vocabulary catalogue (and `extra_vocabulary` files)."""
    table = AliasTable()
    by_name: dict[str, list[str]] = {}
    for alias, name in sorted(load_institutions().items()):
        by_name.setdefault(name, []).append(alias)
    for name, slugs in sorted(by_name.items()):
        table.add_organization(name, slugs)
    for entry in _vocabulary_entries(extra_vocabulary):
        kind, name, spellings = entry
        if kind == "organization":
            table.add_organization(name, spellings)
        else:
            table.add_artifact(name, spellings)
    return table


def _vocabulary_entries(extra: Iterable) -> Iterable[tuple[str, str, list[str]]]:
    """(kind, canonical name, aliases) of the packaged catalogue's entries, then each extra file's."""
    entries = [*packaged_entries(), *(e for path in extra for e in read_vocabulary_file(path))]
    return [(e.kind, e.name, list(e.aliases)) for e in entries]
