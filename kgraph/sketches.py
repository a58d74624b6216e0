"""Bottom-k sketches of abstracts: which two texts share most of their word 3-grams.

A sketch keeps the SKETCH_SIZE smallest hashes of a text's folded word 3-grams, so two
abstracts compare in constant space however long they are (see `sketch_similarity`).
"""

from __future__ import annotations

import sys
import zlib
from array import array

from kgraph.text import fold

__all__ = ["SKETCH_SIZE", "MIN_SHINGLES", "NO_HASH", "sketch", "words", "sketch_words", "trigram_hashes",
           "sketch_bytes", "append_sketch", "sketch_similarity"]

#: Values kept per abstract: the k smallest hashes of its word 3-grams (a bottom-k sketch).
SKETCH_SIZE = 32
#: Minimum number of 3-grams an abstract needs before its similarity is trusted.
MIN_SHINGLES = 25

#: Fills the slots of a sketch shorter than SKETCH_SIZE: above every 32-bit hash.
NO_HASH = 0xFFFFFFFF


def sketch(text: str) -> tuple[int, ...]:
    """The SKETCH_SIZE smallest hashes of the folded word 3-grams of `text` (sorted)."""
    return sketch_words(words(text))


#: Every byte but [a-z0-9] as a space: UTF-8 writes each non-ASCII character as bytes >= 0x80.
_WORD_BYTES = bytes(c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256))


def words(text: str) -> list[bytes]:
    """The runs of [a-z0-9] in `fold(text)`, UTF-8 encoded: one byte-table pass and a split, 3x cheaper than a regex.

    The words are bytes because that is what their CRC32 hashes are taken of.
    """
    return fold(text).encode("utf-8", "surrogatepass").translate(_WORD_BYTES).split()


def sketch_words(words: list[bytes]) -> tuple[int, ...]:
    """Bottom-k sketch of a word list's 3-grams.

    Each word is hashed once with CRC32 (Python's str hash changes from run to
    run, and merges must not) and a 3-gram's hash is mixed from its words'
    hashes with integer arithmetic, which is several times cheaper than hashing
    every 3-gram's text.
    """
    if len(words) < 3:
        return ()
    hashes = trigram_hashes(array("Q", _word_hashes(words)))
    # The k smallest distinct values are nearly always among the first k + 8 sorted ones (3-grams
    # rarely repeat); dict.fromkeys drops repeats and keeps the order, so no set is built and sorted.
    # The hashes are near uniform, so those few are nearly always below `bound`, which about
    # _SORTED of them are: only those are sorted (each sorted value is an int object made).
    if len(hashes) > 2 * _SORTED:
        bound = (_SORTED << 32) // len(hashes)
        head = list(dict.fromkeys(sorted(filter(bound.__gt__, hashes))[: SKETCH_SIZE + 8]))
        if len(head) >= SKETCH_SIZE:
            return tuple(head[:SKETCH_SIZE])
    ordered = sorted(hashes)
    head = list(dict.fromkeys(ordered[: SKETCH_SIZE + 8]))
    if len(head) >= SKETCH_SIZE:
        return tuple(head[:SKETCH_SIZE])
    distinct = list(dict.fromkeys(ordered))
    if len(distinct) < MIN_SHINGLES:
        return ()
    return tuple(distinct[:SKETCH_SIZE])


#: About how many of an abstract's 3-gram hashes sketch_words sorts (see there).
_SORTED = 2 * SKETCH_SIZE

#: Word -> its CRC32, for the words seen first (most of any abstract's words are common ones).
_WORD_HASHES: dict[bytes, int] = {}
_WORD_HASHES_LIMIT = 200_000


def _word_hashes(words: list[bytes]) -> list[int]:
    """zlib.crc32 of each word, looked up for the words seen before: a lookup through map()
    costs half a call of crc32."""
    known = _WORD_HASHES
    ids = list(map(known.get, words))
    if None in ids:
        for i, h in enumerate(ids):
            if h is None:
                word = words[i]
                ids[i] = h = zlib.crc32(word)
                if len(known) < _WORD_HASHES_LIMIT:
                    known[word] = h
    return ids


#: The 3-gram mix: (a * A ^ b * B ^ c * C) & 0xFFFFFFFF for consecutive word hashes a, b, c.
_MIX_A, _MIX_B, _MIX_C = 0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D
_BIG_ENDIAN = sys.byteorder == "big"


def trigram_hashes(ids: array) -> array:
    """The mixed hashes of every 3 consecutive ids (with repeats), without a Python-level loop over them.

    The ids (32-bit) go into 64-bit lanes of one big integer. Multiplying it by a
    32-bit constant multiplies every lane at once with no carry between lanes (a
    32 x 32-bit product fits in 64 bits), and shifting it by one lane lines each
    id up with its successor; the low 32 bits of lane i of the XOR are then
    exactly the mix of ids i, i+1, i+2. About 3x faster than the comprehension.
    """
    n = len(ids)
    if _BIG_ENDIAN:
        ids.byteswap()
    packed = int.from_bytes(ids.tobytes(), "little")
    mixed = packed * _MIX_A ^ (packed >> 64) * _MIX_B ^ (packed >> 128) * _MIX_C
    halves = array("I", mixed.to_bytes(8 * n, "little"))  # lane i: low half at 2i, high half at 2i + 1
    if _BIG_ENDIAN:
        halves.byteswap()
    return halves[0 : 2 * (n - 2) : 2]


def sketch_bytes(values: tuple[int, ...]) -> bytes:
    """A sketch as one bytes object, little-endian 32-bit words: the keys of every record
    travel from the workers to the building process, and 32 int objects took 8 of the
    10 µs a record's keys took to unpickle."""
    packed = array("I", values)
    if _BIG_ENDIAN:
        packed.byteswap()
    return packed.tobytes()


def append_sketch(column: array, packed: bytes) -> int:
    """Append a sketch_bytes value to an array("I") column; returns how many values it holds."""
    start = len(column)
    column.frombytes(packed)
    if _BIG_ENDIAN:
        tail = column[start:]
        tail.byteswap()
        column[start:] = tail
    return len(column) - start


def sketch_similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated overlap of two abstracts from their bottom-k sketches.

    The larger of the Jaccard estimate and each containment estimate, so an
    abstract cut off at the end of a page still matches its full version.
    """
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    union = sorted(sa | sb)[:SKETCH_SIZE]
    jaccard = sum(1 for h in union if h in sa and h in sb) / len(union)
    return max(jaccard, _containment(a, sb, b), _containment(b, sa, a))


def _containment(small: tuple[int, ...], big_set: set[int], big: tuple[int, ...]) -> float:
    """Share of `small`'s sketch values, within the range `big`'s sketch covers, found in `big`."""
    limit = big[-1] if len(big) >= SKETCH_SIZE else NO_HASH
    window = [h for h in small if h <= limit]
    if len(window) < SKETCH_SIZE // 4:
        return 0.0
    return sum(1 for h in window if h in big_set) / len(window)
