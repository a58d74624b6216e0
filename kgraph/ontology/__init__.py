"""The packaged ontology files: the kgraph ontology and its SHACL shapes.

The source of truth is the top-level ``ontology/`` folder of the repository; the
``.ttl`` files here are byte-identical copies that ship in the wheel
(``tests/test_vocab.py`` checks they have not drifted).
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

__all__ = ["NAMES", "ontology_path"]

NAMES = ("kgraph.ttl", "shapes.ttl")
"""The files this package ships: the OWL ontology and the SHACL shapes."""


def ontology_path(name: str) -> Path:
    """The installed path of the packaged ontology file `name` (one of `NAMES`).

    Example: ``Graph().parse(ontology_path("shapes.ttl"))``
    """
    if name not in NAMES:
        raise ValueError(f"No ontology file {name!r}. Available names: {', '.join(NAMES)}")
    return Path(os.fspath(files(__name__) / name))
