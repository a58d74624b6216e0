"""Packaged data files: institution and category tables, extraction vocabulary."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files

__all__ = ["table"]


@lru_cache(maxsize=None)
def table(name: str) -> dict[str, str]:
    """A packaged name -> value table (e.g. "institutions.json"), without its "_comment"-style keys."""
    raw = json.loads(files(__name__).joinpath(name).read_text(encoding="utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_") and isinstance(v, str)}
