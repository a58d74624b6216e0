"""Finding input files and turning their bytes into text, before any reader sees them.

Decoding is forgiving (UTF-8, UTF-16/32 with or without BOM, then the legacy
encoding charset-normalizer guesses, Windows-1252 for Latin text) because users
feed kgraph whatever they saved; binary data is refused with a reason. The
UTF-8 path is the fast one: the detector runs only on bytes that are not UTF-8.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kgraph.errors import InputError, UnsupportedInput
from kgraph.iris import document_iri
from kgraph.sources.walk import not_regular, walk

__all__ = ["Document", "discover", "decode", "load_document", "peek_document", "peek_head", "open_regular",
           "MAX_DOCUMENT_BYTES", "is_unicode"]

#: Documents larger than this are refused rather than read into memory whole.
MAX_DOCUMENT_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class Document:
    """One input file: where it came from, its content hash and its decoded text."""

    path: str
    content_hash: str
    text: str
    encoding: str

    @property
    def iri(self) -> str:
        return document_iri(self.content_hash)


def discover(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[str, InputError | None]]:
    """Every file under `inputs`, in a fixed order; entries that cannot or will not be read
    come with an error.

    A folder is walked without recursion (kgraph.sources.walk); what it holds besides
    regular files (hidden names, named pipes, links to folders) comes with an
    UnsupportedInput, which the build lists as ignored.
    """
    for raw in inputs:
        root = str(Path(raw))
        try:
            mode = os.stat(root).st_mode
        except OSError as exc:
            reason = "no such file or folder" if isinstance(exc, FileNotFoundError) else \
                f"cannot read ({exc.strerror or exc})"
            yield root, InputError(root, reason)
            continue
        if stat.S_ISREG(mode):
            yield root, None
        elif stat.S_ISDIR(mode):
            found = walk(root)
            for path in found.files:
                yield path, None
            for error in (*found.ignored, *found.errors):
                yield error.path, error
        else:
            yield root, not_regular(root, mode)


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name). Raises ValueError for data that is not text."""
    if not data.strip():
        return "", "empty"
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), codec
    sample = data[:4096]
    if sample.count(0):
        # UTF-16 without BOM shows NULs in every other byte of ASCII text.
        evens, odds = sample[0::2].count(0), sample[1::2].count(0)
        half = len(sample) // 2
        if odds > 0.4 * half and evens < 0.05 * half:
            return data.decode("utf-16-le", errors="replace"), "utf-16-le"
        if evens > 0.4 * half and odds < 0.05 * half:
            return data.decode("utf-16-be", errors="replace"), "utf-16-be"
        raise ValueError("binary data (NUL bytes), not a text document")
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
        replaced = 0
    except UnicodeDecodeError:
        text, encoding = _damaged_utf8(data)
        replaced = text[:4096].count("\ufffd")  # undecodable bytes are a sign of binary data too
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if controls + replaced > 0.1 * min(len(text), 4096):
        raise ValueError("binary data (control bytes), not a text document")
    return text, encoding


def _damaged_utf8(data: bytes) -> tuple[str, str]:
    """UTF-8 with a few bad bytes (a page cut inside a character, a stray byte) stays UTF-8;
    text whose non-ASCII bytes are mostly not UTF-8 is Windows-1252 / Latin-1.

    Decoding a UTF-8 page cut mid-character as Windows-1252 would turn every
    "ü" in it into "Ã¼", so a damaged tail alone never changes the encoding.
    """
    text = data.decode("utf-8", errors="replace")
    bad = max(1, text.count("\ufffd") - data.count("\ufffd".encode("utf-8")))
    good = sum(1 for ch in text if ch > "\x7f" and ch != "\ufffd")
    if good >= 4 * bad:
        return text, "utf-8"
    return _legacy(data)


#: Unicode encodings: a document in one of these is read without a word.
_UNICODE = frozenset({"utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "empty"})


def is_unicode(encoding: str) -> bool:
    """Whether `encoding` (as decode names it) is a Unicode one, not a guessed legacy code page."""
    return encoding in _UNICODE


#: A Hangul letter next to a Han ideograph: Chinese GBK bytes read as Korean CP949 give
#: words like "꿎桿퍅엷", which Korean text does not have.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3"
_HANGUL_HAN = re.compile(f"[{_HANGUL}][{_HAN}]|[{_HAN}][{_HANGUL}]")


#: The detector reads this much of a file (its time grows with the text, 1 s for 9 MB).
_SAMPLE_BYTES = 1 << 20


def _legacy(data: bytes) -> tuple[str, str]:
    """Bytes that are not UTF-8: a multi-byte (CJK) or non-Latin code page when
    charset-normalizer finds one, else Windows-1252.

    On a short text several CJK code pages decode cleanly; of charset-normalizer's
    candidates the first whose text does not mix Hangul and Han within a word wins
    (Johab, an obsolete Korean code page, is not considered). Latin code pages cannot
    be told apart on a few accented names (the detector reads "Peña" as CP1250
    "Peńa"), so Latin text stays Windows-1252, the Western default.
    """
    from charset_normalizer import from_bytes
    from charset_normalizer.utils import is_multi_byte_encoding

    sample = data
    if len(data) > _SAMPLE_BYTES:  # the guess from the first MiB, cut at a line end (no CJK byte is "\n")
        cut = data.rfind(b"\n", 0, _SAMPLE_BYTES)
        sample = data[: cut if cut > 0 else _SAMPLE_BYTES]
    matches = list(from_bytes(sample, cp_exclusion=["johab"]))
    encoding = "cp1252"
    if matches and is_multi_byte_encoding(matches[0].encoding):
        multi = [m for m in matches if is_multi_byte_encoding(m.encoding)]
        texts = [str(m) for m in multi]
        encoding = multi[min(range(len(multi)), key=lambda i: (len(_HANGUL_HAN.findall(texts[i])), i))].encoding
    elif matches:
        letters = [ch for ch in str(matches[0]) if ch > "\x7f" and ch.isalpha()]
        latin = sum(1 for ch in letters if unicodedata.name(ch, "").startswith("LATIN"))
        if letters and latin * 2 < len(letters):  # Cyrillic, Greek, Hebrew, Arabic, Thai ... text
            encoding = matches[0].encoding
    return data.decode(encoding, errors="replace"), encoding


def load_document(path: str) -> Document:
    """Read and decode one file; InputError names the file and the reason."""
    try:
        with open_regular(path) as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_DOCUMENT_BYTES:
                raise InputError(path, f"file is {size // 2**20} MiB, over the {MAX_DOCUMENT_BYTES // 2**20} MiB limit")
            data = fh.read()
    except InputError:
        raise
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from None
    try:
        text, encoding = decode(data)
    except ValueError as exc:
        raise UnsupportedInput(path, str(exc), "binary data, not text") from None
    if not text.strip():
        raise UnsupportedInput(path, "empty document", "empty")
    return Document(path=path, content_hash=hashlib.sha256(data).hexdigest(), text=text, encoding=encoding)


def peek_document(path: str, head_bytes: int = 1 << 20) -> tuple[str, str]:
    """(SHA-256 of the whole file, its decoded first `head_bytes`), reading it as a stream,
    so a multi-gigabyte dump is hashed and sniffed without being loaded."""
    digest = hashlib.sha256()
    head = b""
    try:
        with open_regular(path) as fh:
            while block := fh.read(1 << 20):
                if len(head) < head_bytes:
                    head += block[: head_bytes - len(head)]
                digest.update(block)
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from None
    cut = head.rfind(b"\n")
    if cut > 0:
        head = head[:cut]  # whole lines only
    try:
        text, _ = decode(head)
    except ValueError as exc:
        raise UnsupportedInput(path, str(exc), "binary data, not text") from None
    return digest.hexdigest(), text


def peek_head(path: str, head_bytes: int = 1 << 20) -> str:
    """The decoded first `head_bytes` of a file (whole lines), for sniffing a file whose hash is known."""
    try:
        with open_regular(path) as fh:
            head = fh.read(head_bytes)
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from None
    cut = head.rfind(b"\n")
    if cut > 0 and len(head) == head_bytes:
        head = head[:cut]  # whole lines only
    try:
        return decode(head)[0]
    except ValueError as exc:
        raise UnsupportedInput(path, str(exc), "binary data, not text") from None


def open_regular(path: str):
    """`path` opened for binary reading if it is a regular file; else UnsupportedInput.

    The open does not wait (O_NONBLOCK): a named pipe put in the file's place after the
    folder was listed is refused, not waited on forever.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise not_regular(path, mode)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
