"""Where the tests find the sample pages and their hand-made answers (../shared/corpus)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
EXAMPLE_PAGES = Path(__file__).resolve().parents[1] / "examples" / "pages"


def seed_page(kind: str) -> tuple[str, dict]:
    """(text, gold answers) of the sample page of layout `kind`; skips when the corpus is absent."""
    if not CORPUS.is_dir():
        pytest.skip("sample corpus ../shared/corpus not present")
    for gold_path in sorted((CORPUS / "gold-dev").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if gold.get("page", {}).get("kind") == kind:
            return (CORPUS / "seeds" / gold["seed"]).read_text(encoding="utf-8"), gold
    pytest.skip(f"no {kind} page in the sample corpus")
