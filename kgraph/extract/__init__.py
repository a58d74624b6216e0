"""Extraction: named datasets, benchmarks, models, applications and organizations from paper text.

    >>> from kgraph.extract import extract_record
    >>> mentions, relations = extract_record(record)

Each fact keeps the extractor (and rule) that found it, a confidence and its
character span in the field it came from. Extractors are registered in
`kgraph.plugins.EXTRACTORS` (entry point group ``kgraph.extractors``). See
README.md in this folder for the vocabulary format, the cue patterns and how to
plug in your own extractor.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Union

from kgraph.extract.vocabulary import Entry, Vocabulary, default_vocabulary, load_vocabulary
from kgraph.models import Mention, PaperRecord, Relation
from kgraph.plugins import DEFAULT_EXTRACTORS, EXTRACTORS

__all__ = [
    "extract_record",
    "Extractor",
    "DEFAULT_EXTRACTORS",
    "Vocabulary",
    "Entry",
    "load_vocabulary",
    "default_vocabulary",
]

#: An extractor, as registered in `kgraph.plugins.EXTRACTORS` (a callable of the record alone is accepted too).
Extractor = Callable[..., Iterable[Union[Mention, Relation]]]


def extract_record(
    record: PaperRecord,
    *,
    extractors: Sequence[str] | None = None,
    vocabulary: Vocabulary | None = None,
) -> tuple[list[Mention], list[Relation]]:
    """Run the named extractors (default: artifacts, organizations) over one record.

    Repeated facts (same name, kind, role, field and span) are kept once. A fact's
    `extractor` always starts with the name its extractor is registered under
    ("llm", or "llm:rule" for a plugin that said "rule"), so provenance names it.
    """
    vocab = vocabulary if vocabulary is not None else default_vocabulary()
    mentions: list[Mention] = []
    relations: list[Relation] = []
    seen: set = set()
    for name in extractors if extractors is not None else DEFAULT_EXTRACTORS:
        fn = EXTRACTORS.get(name)
        for fact in _call(fn, record, vocab) or ():
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
                out.append(_named(fact, name))
    return mentions, relations


def _named(fact: Mention | Relation, name: str) -> Mention | Relation:
    label = fact.extractor
    if label == name or label.startswith(name + ":"):
        return fact
    return fact.model_copy(update={"extractor": f"{name}:{label}" if label else name})


def _call(fn: Extractor, record: PaperRecord, vocabulary: Vocabulary) -> Iterable[Mention | Relation]:
    """Call `fn` with the vocabulary when it takes two arguments, with the record alone otherwise."""
    if _takes_vocabulary(fn):
        return fn(record, vocabulary)
    return fn(record)


@lru_cache(maxsize=128)
def _takes_vocabulary(fn: Extractor) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return True
    positional = [p for p in params.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 2 or any(p.kind == p.VAR_POSITIONAL for p in params.values())
