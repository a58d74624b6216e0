"""A small registry of named extractors; third parties add theirs through entry points.

An extractor is a plain callable ``fn(record, vocabulary) -> iterable of Mention | Relation``
(a callable taking only the record is accepted too). Register one with
`register_extractor`, or publish it in the ``kgraph.extractors`` entry point group:

    [project.entry-points."kgraph.extractors"]
    llm = "my_package.extract:llm_extractor"
"""

from __future__ import annotations

import inspect
from functools import lru_cache
from importlib.metadata import entry_points
from typing import Callable, Iterable, Union

from kgraph.models import Mention, PaperRecord, Relation

__all__ = ["Extractor", "ENTRY_POINT_GROUP", "register_extractor", "get_extractor", "available_extractors",
           "DEFAULT_EXTRACTORS", "UnknownExtractor"]

ENTRY_POINT_GROUP = "kgraph.extractors"
Extractor = Callable[..., Iterable[Union[Mention, Relation]]]
#: What `extract_record` runs when no extractors are named.
DEFAULT_EXTRACTORS = ("artifacts", "organizations")

_REGISTRY: dict[str, Extractor] = {}
_loaded = False


class UnknownExtractor(KeyError):
    """No extractor under that name; the message lists the available ones."""

    def __str__(self) -> str:  # KeyError quotes its message; we want it plain
        return str(self.args[0])


def register_extractor(name: str, fn: Extractor) -> Extractor:
    """Add (or replace) an extractor under `name`; returns `fn` so it can be a decorator's body."""
    if not callable(fn):
        raise TypeError(f"extractor {name!r} must be callable, got {type(fn).__name__}")
    _REGISTRY[name] = fn
    return fn


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    from kgraph.extract.artifacts import extract_artifacts
    from kgraph.extract.organizations import extract_organizations

    _REGISTRY.setdefault("artifacts", extract_artifacts)
    _REGISTRY.setdefault("organizations", extract_organizations)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        _REGISTRY.setdefault(ep.name, _lazy(ep))


def _lazy(ep) -> Extractor:
    """Load an entry point only when its extractor first runs."""
    loaded: list[Extractor] = []

    def run(record: PaperRecord, vocabulary=None):
        if not loaded:
            obj = ep.load()
            loaded.append(obj() if inspect.isclass(obj) else obj)
        return call_extractor(loaded[0], record, vocabulary)

    run.__name__ = f"entry_point:{ep.name}"
    return run


def call_extractor(fn: Extractor, record: PaperRecord, vocabulary) -> Iterable[Mention | Relation]:
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


def get_extractor(name: str) -> Extractor:
    _load()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownExtractor(
            f"No extractor {name!r}. Available names: {', '.join(sorted(_REGISTRY))}"
        ) from None


def available_extractors() -> list[str]:
    _load()
    return sorted(_REGISTRY)


def reset_for_tests() -> None:
    """Forget registrations and entry points, so a test can simulate a fresh process."""
    global _loaded
    _REGISTRY.clear()
    _loaded = False
