"""Normalisation shared by readers, extractors and the resolver.

One place decides what "the same spelling" means, so resolution and IRIs agree.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["fold", "name_key", "artifact_key", "slugify", "short_hash", "clean_space", "NAME_PARTICLES"]

#: Lower-case words inside a person's name that are not given names ("van", "de", "bin"):
#: readers accept them in a name, resolution takes no middle initial from them.
NAME_PARTICLES = frozenset({"van", "von", "de", "der", "den", "la", "le", "di", "da", "du", "del", "della", "dos", "das",
                            "bin", "ibn", "al", "el", "y", "ten", "ter", "st."})

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


# Combining marks left by NFKD decomposition (accents, diacritics).
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Case- and accent-insensitive form: "Zürich" -> "zurich"."""
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


#: For ASCII text name_key is a byte-table pass: drop all but [0-9A-Za-z], lower-case the rest.
_ASCII_LOWER = bytes(i + 32 if 65 <= i <= 90 else i for i in range(256))
_ASCII_NON_ALNUM = bytes(i for i in range(128) if not chr(i).isalnum())


def name_key(text: str) -> str:
    """Letters and digits only, folded: "GPT-3.5" and "GPT 3.5" share the key "gpt35"."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_LOWER, _ASCII_NON_ALNUM).decode("ascii")
    return _NON_ALNUM.sub("", fold(text))


def artifact_key(text: str) -> str:
    """`name_key` for artifact names, where a "+" is part of the name: "Command R+" ->
    "commandrplus", "T0++" -> "t0plusplus", so neither merges with "Command R" or "T0"
    ("Command R Plus" is the spelled-out form of the same name)."""
    if "+" not in text:
        return name_key(text)
    return name_key(text.replace("+", " plus "))


def slugify(text: str, max_len: int = 80) -> str:
    """A readable IRI segment: "Stanford University" -> "stanford-university"."""
    slug = _NON_ALNUM.sub("-", fold(text)).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rstrip("-") + "-" + short_hash(text)
    return slug or short_hash(text)


def short_hash(text: str, n: int = 12) -> str:
    """A stable hex digest prefix, for IRIs of things with no readable key."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:n]


def clean_space(text: str) -> str:
    """Collapse runs of white space to one space and trim.

    str.split() splits at exactly the characters the regex \\s matches, so this equals
    `re.sub(r"\\s+", " ", text).strip()`, at a quarter of the cost. Most text is clean
    already, or clean but for its ends and its line breaks (an arXiv abstract: two
    leading spaces, a line break every 80 characters and one at the end), and that is
    checked without splitting: strip() trims the same characters split() breaks at,
    and the only printable character split() breaks at is the ASCII space (every other
    one is a control or a separator). So trimmed text whose line breaks become spaces
    is the answer when it is printable and holds no doubled space (an abstract: 2 µs
    instead of 9).
    """
    trimmed = text.strip()  # always a plain str, even for a str subclass
    if "\n" in trimmed:
        trimmed = trimmed.replace("\n", " ")
    if trimmed.isprintable() and "  " not in trimmed:
        return trimmed
    return " ".join(text.split())
