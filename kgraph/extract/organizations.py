"""The built-in organization extractor: companies, labs and public institutions named in the text.

Known organizations come from the vocabulary; a common-word name ("Meta",
"Snowflake") counts only when a cue confirms it: a possessive ("Meta's"), a
product right after it ("Snowflake Arctic"), "by/from X", an "AI/Labs" suffix,
or a list with other organizations.
"""

from __future__ import annotations

from kgraph.extract.analysis import analyze
from kgraph.extract.artifacts import record_fields
from kgraph.extract.vocabulary import Vocabulary
from kgraph.models import Mention, PaperRecord

__all__ = ["extract_organizations"]

NAME = "organizations"


def extract_organizations(record: PaperRecord, vocabulary: Vocabulary) -> list[Mention]:
    """One Mention (role "mentions") per organization named in the record's text, at its first span."""
    out: list[Mention] = []
    seen: set[str] = set()
    title = record.title or ""
    for fld, text in record_fields(record):
        a = analyze(text, vocabulary, title if fld == "abstract" else "", fld == "title")
        for o in a.orgs:
            if o.name in seen:
                continue
            seen.add(o.name)
            out.append(Mention.model_validate({  # a dict: pydantic-core's fastest way in
                "name": o.name, "kind": "organization", "role": "mentions", "start": o.start, "end": o.end,
                "field": fld, "extractor": f"{NAME}:{o.rule}", "confidence": 0.9 if not o.weak else 0.7}))
    return out
