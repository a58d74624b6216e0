"""Extraction: named datasets, benchmarks, models, applications and organizations from paper text.

    >>> from kgraph.extract import extract_record
    >>> mentions, relations = extract_record(record)

Each fact keeps the extractor (and rule) that found it, a confidence and its
character span in the field it came from. See README.md in this folder for the
vocabulary format, the cue patterns and how to plug in your own extractor.
"""

from __future__ import annotations

from typing import Sequence

from kgraph.extract.registry import (
    ENTRY_POINT_GROUP,
    DEFAULT_EXTRACTORS,
    UnknownExtractor,
    available_extractors,
    call_extractor,
    get_extractor,
    register_extractor,
)
from kgraph.extract.vocabulary import Entry, Vocabulary, default_vocabulary, load_vocabulary
from kgraph.models import Mention, PaperRecord, Relation

__all__ = [
    "extract_record",
    "register_extractor",
    "get_extractor",
    "available_extractors",
    "Vocabulary",
    "Entry",
    "load_vocabulary",
    "default_vocabulary",
    "ENTRY_POINT_GROUP",
    "UnknownExtractor",
]


def extract_record(
    record: PaperRecord,
    *,
    extractors: Sequence[str] | None = None,
    vocabulary: Vocabulary | None = None,
) -> tuple[list[Mention], list[Relation]]:
    """Run the named extractors (default: artifacts, organizations) over one record.

    Repeated facts (same name, kind, role, field and span) are kept once.
    """
    vocab = vocabulary if vocabulary is not None else default_vocabulary()
    mentions: list[Mention] = []
    relations: list[Relation] = []
    seen: set = set()
    for name in extractors if extractors is not None else DEFAULT_EXTRACTORS:
        fn = get_extractor(name)
        for fact in call_extractor(fn, record, vocab) or ():
            if isinstance(fact, Mention):
                k = (fact.name, fact.kind, fact.role, fact.field, fact.start)
                out = mentions
            elif isinstance(fact, Relation):
                k = (fact.subject, fact.predicate, fact.object, fact.field, fact.start)
                out = relations
            else:
                raise TypeError(f"extractor {name!r} returned {type(fact).__name__}; expected Mention or Relation")
            if k not in seen:
                seen.add(k)
                out.append(fact)
    return mentions, relations
