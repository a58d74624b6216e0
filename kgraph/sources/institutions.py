"""Institutions named by the slugs author lines print ("stanford", "cmu")."""

from __future__ import annotations

import re
from functools import lru_cache

from kgraph.data import table
from kgraph.models import Institution
from kgraph.text import clean_space, slugify

__all__ = ["institution_table", "institution_from_slug"]


@lru_cache(maxsize=None)
def institution_table() -> dict[str, str]:
    """Slugified alias -> full institution name (kgraph/data/institutions.json)."""
    return {slugify(k): v for k, v in table("institutions.json").items()}


def institution_from_slug(slug: str) -> Institution:
    """"stanford" -> Stanford University; an unknown slug gets a readable title-cased name."""
    printed = clean_space(slug)
    name = institution_table().get(slugify(printed))
    if name is None:
        words = re.split(r"[-_\s]+", printed)
        name = " ".join(w if any(c.isupper() for c in w) else w.capitalize() for w in words if w)
    return Institution(name=name, slug=printed)
