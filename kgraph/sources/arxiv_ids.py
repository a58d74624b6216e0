"""arXiv identifiers as printed: "arXiv:2412.06966v2", "cs/0112017"."""

from __future__ import annotations

import re

__all__ = ["parse_arxiv_id"]

_ARXIV_ID = re.compile(
    r"(?:arXiv:\s*)?(?P<id>\d{4}\.\d{4,5}|(?<![a-z])[a-z][a-z\-]*+(?:\.[A-Z]{2})?/\d{7})(?:v(?P<v>\d+))?\b", re.I
)


def parse_arxiv_id(text: str) -> tuple[str, int | None] | None:
    """"arXiv:2412.06966v2" -> ("2412.06966", 2); old-style "cs/0112017" too."""
    m = _ARXIV_ID.search(text.strip())
    if not m:
        return None
    return m["id"], int(m["v"]) if m["v"] else None
