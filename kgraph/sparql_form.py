"""What kind of SPARQL request a text is, read from its first keyword, before any store is opened.

The store's parser answers "SELEC ..." and "INSERT DATA ..." with "expected
CONSTRUCT" (the last form it tried). Reading the keyword after the prologue
(comments, BASE and PREFIX declarations) lets kgraph say what is wrong instead:
an update is refused as such, and a misspelt form is named with the forms there
are, without first making the store (a minute at 100k papers).
"""

from __future__ import annotations

import difflib
import re

from kgraph.errors import QueryError

__all__ = ["QUERY_FORMS", "UPDATE_KEYWORDS", "check_query_form", "check_no_service", "uses_service"]

QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
#: The words an SPARQL 1.1 Update request can start with (after its prologue).
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")

_PROLOGUE = re.compile(
    r"""(?:\s+                                   # blanks
        | \#[^\n]*                               # a comment
        | BASE\s*<[^>]*>                          # BASE <iri>
        | PREFIX\s+[^\s:]*:\s*<[^>]*>             # PREFIX name: <iri>
       )*""",
    re.IGNORECASE | re.VERBOSE,
)
_WORD = re.compile(r"[A-Za-z_]\w*")


def check_query_form(sparql: str) -> None:
    """Raise QueryError unless `sparql` starts (after its prologue) with a query form.

    Texts whose start this cannot read (say, a malformed PREFIX) are left to the parser,
    whose message gives the position.
    """
    start = _PROLOGUE.match(sparql).end()
    word = _WORD.match(sparql, start)
    if word is None:
        if not sparql[start:].strip():
            raise QueryError("the query is empty: give SELECT, CONSTRUCT, ASK or DESCRIBE")
        return
    keyword = word.group().upper()
    if keyword in QUERY_FORMS or keyword in ("PREFIX", "BASE"):
        return
    line = sparql.count("\n", 0, start) + 1
    column = start - (sparql.rfind("\n", 0, start) + 1) + 1
    if keyword in UPDATE_KEYWORDS:
        raise QueryError(f"kgraph query is read-only: {keyword} (line {line}, column {column}) starts a SPARQL "
                         "Update; change the inputs and run kgraph build again instead")
    near = difflib.get_close_matches(keyword, QUERY_FORMS + UPDATE_KEYWORDS, n=1, cutoff=0.6)
    hint = f" (did you mean {near[0]}?)" if near and near[0] in QUERY_FORMS else ""
    raise QueryError(f"malformed query at line {line}, column {column}: expected SELECT, CONSTRUCT, ASK or "
                     f"DESCRIBE, found {word.group()!r}{hint}")


#: What can hold the word SERVICE without being the keyword: comments, string
#: literals (long forms first) and IRIs (no blanks inside, so `?a < ?b` is not one).
_NOT_KEYWORDS = re.compile(
    r"""\#[^\n]*
      | \"\"\"(?:[^\\]|\\.)*?\"\"\" | '''(?:[^\\]|\\.)*?'''
      | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'
      | <[^<>"{}|^`\\\s]*>""",
    re.VERBOSE | re.DOTALL,
)
_SERVICE = re.compile(r"(?<![\w?$:])SERVICE\b", re.IGNORECASE)


def uses_service(sparql: str) -> bool:
    """True when the query has a SERVICE clause (outside comments, strings and IRIs)."""
    return _SERVICE.search(_NOT_KEYWORDS.sub(" ", sparql)) is not None


def check_no_service(sparql: str) -> None:
    """Refuse a federated query: SERVICE sends HTTP requests, and kgraph runs offline
    unless the user asks otherwise (`kgraph query --allow-service`)."""
    if uses_service(sparql):
        raise QueryError("the query has a SERVICE clause, which would send requests over the network; "
                         "kgraph query runs offline: pass --allow-service to let it reach that endpoint")
