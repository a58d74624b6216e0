"""What shapes a build's spooled records, recorded so that `--update` knows when they are stale.

A document's records depend on its bytes (its content hash) and on the settings
here: the kgraph version and code that read documents, and, when extraction is
on, the extractors, their code and every vocabulary they match (the packaged one
and each --vocab file, by content). `kgraph build --update` compares the
settings of the earlier build with its own and re-reads or re-extracts what they
touch, so that its output always equals a full build.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from kgraph.errors import InputError

__all__ = ["build_settings", "reading_changed", "changes"]

_PACKAGE = Path(__file__).resolve().parent
#: Code that only runs after the records are spooled (pass 2 and the outputs).
_AFTER_RECORDS = ("export",)


def _digest(files: Sequence[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


@lru_cache(maxsize=1)
def _code_digests() -> tuple[str, str]:
    """(reading code, extraction code): SHA-256 over the package's source and data files.

    Conservative on purpose: any change outside extract/ and export/ (readers,
    models, text helpers, packaged tables) counts as a change in how documents
    are read.
    """
    files = sorted(p for p in _PACKAGE.rglob("*") if p.is_file() and p.suffix in (".py", ".json")
                   and "__pycache__" not in p.parts and p.name != "vocabulary.json")
    extraction = [p for p in files if p.parent.name == "extract"]
    reading = [p for p in files if p.parent.name != "extract"
               and p.relative_to(_PACKAGE).parts[0] not in _AFTER_RECORDS]
    return _digest(reading), _digest(extraction)


def _file_hash(path: str | Path, what: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as exc:
        raise InputError(str(path), f"cannot read {what} ({exc.strerror or exc})") from None


def _extractor_ids(extractors: Sequence[str]) -> list[str]:
    """name=module.qualname of each extractor, with its source's hash when it is
    not kgraph's own (kgraph's is in the extraction digest)."""
    from kgraph.plugins import EXTRACTORS

    out = []
    for name in extractors:
        fn = EXTRACTORS.get(name)
        ident = f"{name}={getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', type(fn).__qualname__)}"
        try:
            source = inspect.getsourcefile(fn)
        except TypeError:
            source = None
        if source and not Path(source).resolve().is_relative_to(_PACKAGE):
            ident += "@" + _file_hash(source, "extractor source")
        out.append(ident)
    return out


def build_settings(vocab: Sequence[str], extract: bool, extractors: Sequence[str]) -> dict:
    """The settings a build's records depend on, as plain JSON data for the manifest."""
    from kgraph import __version__
    from kgraph.catalogue import PACKAGED_VOCABULARY

    reading, extraction = _code_digests()
    settings: dict = {"kgraph": __version__, "reading_code": reading, "extract": bool(extract)}
    if extract:  # without extraction, neither the vocabularies nor the extractors shape the records
        settings["extraction_code"] = extraction
        settings["extractors"] = _extractor_ids(extractors)
        settings["vocabulary"] = {"packaged": _file_hash(PACKAGED_VOCABULARY, "the packaged vocabulary"),
                                  "files": [_file_hash(v, "vocabulary file") for v in vocab]}
    return settings


def reading_changed(old: dict, new: dict) -> bool:
    """Whether records read under `old` may differ from a fresh read (before extraction)."""
    return any(old.get(k) != new.get(k) for k in ("kgraph", "reading_code"))


_WHAT = {"kgraph": "the kgraph version", "reading_code": "the reading code", "extract": "extraction on/off",
         "extraction_code": "the extraction code", "extractors": "the extractors", "vocabulary": "the vocabularies"}


def changes(old: dict, new: dict) -> list[str]:
    """What differs between two builds' settings, in words (empty when nothing does)."""
    keys = list(_WHAT) + sorted((set(old) | set(new)) - set(_WHAT))
    return [_WHAT.get(k, k) for k in keys if old.get(k) != new.get(k)]
