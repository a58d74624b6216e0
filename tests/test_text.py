"""The fast paths of kgraph.text agree with the plain regex definitions."""

from __future__ import annotations

import random
import re
import sys

from kgraph.text import clean_space, fold, name_key

WHITE_SPACE = [chr(i) for i in range(sys.maxunicode + 1) if chr(i).isspace()]


def test_clean_space_is_the_regex_definition() -> None:
    rng = random.Random(0)
    alphabet = WHITE_SPACE + list("ab é") + ["\u200b", "\ufeff"]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert clean_space(text) == re.sub(r"\s+", " ", text).strip()


def test_clean_space_fast_path_holds_for_every_printable_character() -> None:
    """clean_space returns printable text with single inner spaces as it is: that is right
    only while str.split() breaks at no printable character but the ASCII space."""
    breaking = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isprintable() and c != " "
                and len(f"a{c}a".split()) != 1]
    assert breaking == []
    rng = random.Random(1)
    alphabet = list("ab é.,") + ["\u00e9", "\u4e2d", "\U0001f600"]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert clean_space(text) == re.sub(r"\s+", " ", text).strip()
        assert type(clean_space(text)) is str


def test_name_key_is_the_regex_definition() -> None:
    rng = random.Random(0)
    alphabet = [chr(i) for i in range(128)] + ["é", "Ω", "ß", "İ", "ﬁ", "²"]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert name_key(text) == re.sub(r"[^0-9a-z]+", "", fold(text))


def test_clean_space_of_wrapped_lines() -> None:
    """Trimmed ends and line breaks are the fast path; anything else near them is split."""
    rng = random.Random(2)
    alphabet = list("ab é.") + ["\n", "\n", " ", "\t", "\r", "\u00a0", "\u2028"]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert clean_space(text) == re.sub(r"\s+", " ", text).strip()
    assert clean_space("  We study X\nand Y.\n") == "We study X and Y."


def test_clean_space_returns_a_plain_str() -> None:
    class Sub(str):
        pass

    for text in ("clean", " padded ", "line\nbreak", "two  spaces"):
        assert type(clean_space(Sub(text))) is str
