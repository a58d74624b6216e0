"""The few exceptions kgraph raises; the CLI turns them into one-line messages."""

from __future__ import annotations

__all__ = ["KgraphError", "InputError", "UnsupportedInput", "DocumentError", "GraphNotFound", "QueryError"]


class KgraphError(Exception):
    """Base class: a problem the user can act on, with a message that says how."""


class InputError(KgraphError):
    """A document could not be used; `path` names it and `reason` says why."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnsupportedInput(InputError):
    """A document is in none of the layouts kgraph reads (or is no document at all: binary
    data, a named pipe). A folder walk lists these as ignored; named on the command line,
    they are skipped. `summary` is the short reason the ignored listing groups them by."""

    def __init__(self, path: str, reason: str, summary: str = "no supported format") -> None:
        super().__init__(path, reason)
        self.summary = summary


class DocumentError(KgraphError):
    """A reader's complete reason a document holds nothing usable, in the document's own
    terms (an arXiv API error answer): reported as "FILE: reason", without the reader's name."""


class GraphNotFound(KgraphError):
    """A command was pointed at a folder or file that holds no built graph."""


class QueryError(KgraphError):
    """A SPARQL query failed to parse or run; the message keeps the parser's position."""
