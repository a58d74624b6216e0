"""Known artifacts and organizations as entries: the packaged catalogue, user vocabulary
files and graphs kgraph built.

Extraction matches these names in text (`kgraph.extract.vocabulary`) and resolution
takes their spellings as aliases (`kgraph.aliases`); both read them from here, so
resolution does not depend on extraction.

User files (see `kgraph/extract/README.md`):
- JSON: ``{"entries": [{"name": ..., "kind": ..., "aliases": [...], "organization": ..., "weak": false}]}``
  or a plain list of such objects;
- YAML: the same shapes, or an Ecosystem Graphs asset list (``type``/``name``/``organization``);
- text (``.tsv``/``.txt``): ``Name<TAB>kind[<TAB>alias|alias...]``, ``#`` starts a comment.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kgraph.errors import InputError
from kgraph.schema import ARTIFACT_TYPES, ENTITY_TYPES, EXTRACTED_KINDS
from kgraph.vocab import KG

__all__ = ["PACKAGED_VOCABULARY", "KINDS", "Entry", "packaged_entries", "read_vocabulary_file",
           "read_graph_vocabulary"]

#: The catalogue shipped with kgraph, built by scripts/build_vocabulary.py.
PACKAGED_VOCABULARY = Path(__file__).resolve().parent / "data" / "vocabulary.json"

KINDS = EXTRACTED_KINDS

# kg: class local names -> our kinds, for vocabularies read from built graphs: artifacts of
# a known kind, then generic ones, then organizations (a later entry wins a shared name).
_GRAPH_TYPES = {t.cls: t.kind for t in sorted((t for t in ENTITY_TYPES if t.extracted),
                                              key=lambda t: (t not in ARTIFACT_TYPES, t.parent is None))}
#: A label that is one capitalised word ("Pile"): weak, matched only with a cue.
_TITLE_WORD = re.compile(r"[A-Z][a-z]+")


@dataclass(frozen=True)
class Entry:
    """One known thing: its display name, kind, other spellings and maker."""

    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    organization: str | None = None
    weak: bool = False

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)



def _entry_from_obj(obj: dict, source: str) -> Entry:
    try:
        name = str(obj["name"]).strip()
        kind = str(obj.get("kind") or obj.get("type") or "artifact").strip().lower()
    except (KeyError, TypeError):
        raise InputError(source, f"vocabulary entry without a name: {obj!r}") from None
    aliases = obj.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [a.strip() for a in aliases.split("|")]
    org = obj.get("organization")
    if isinstance(org, dict):  # Ecosystem Graphs sometimes wraps values with an explanation
        org = org.get("value")
    org = str(org).strip() if org else None
    if kind not in KINDS:
        raise InputError(source, f"entry {name!r} has kind {kind!r}; valid kinds: {', '.join(sorted(KINDS))}")
    return Entry(name, kind, tuple(a for a in aliases if a and a != name), org, bool(obj.get("weak", False)))


def _entries_from_json_like(data, source: str) -> list[Entry]:
    if isinstance(data, dict):
        data = data.get("entries", [])
    if not isinstance(data, list):
        raise InputError(source, "a vocabulary file holds a list of entries or {'entries': [...]}")
    return [_entry_from_obj(o, source) for o in data if isinstance(o, dict)]


def _entries_from_lines(text: str, source: str) -> list[Entry]:
    out = []
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].rstrip() if not line.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            raise InputError(source, f"line {lineno}: expected 'Name<TAB>kind[<TAB>alias|alias]'")
        obj = {"name": parts[0], "kind": parts[1], "aliases": parts[2] if len(parts) > 2 else []}
        out.append(_entry_from_obj(obj, f"{source}:{lineno}"))
    return out


def read_vocabulary_file(path: str | Path) -> list[Entry]:
    """Entries from one user file; the suffix picks JSON, YAML or tab-separated text."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(p), f"cannot read vocabulary file ({exc.strerror})") from None
    suffix = p.suffix.lower()
    if suffix == ".json":
        try:
            return _entries_from_json_like(json.loads(text), str(p))
        except json.JSONDecodeError as exc:
            raise InputError(str(p), f"not valid JSON ({exc.msg}, line {exc.lineno})") from None
    if suffix in (".yaml", ".yml"):
        import yaml

        try:
            return _entries_from_json_like(yaml.safe_load(text) or [], str(p))
        except yaml.YAMLError as exc:
            raise InputError(str(p), f"not valid YAML ({exc})") from None
    return _entries_from_lines(text, str(p))


def read_graph_vocabulary(path: str | Path) -> list[Entry]:
    """Entries from a graph kgraph built: typed nodes with their labels and altLabels."""
    import rdflib
    from rdflib.namespace import RDF, RDFS, SKOS

    p = Path(path)
    if p.is_dir():
        p = p / "graph.ttl"
    g = rdflib.Graph()
    try:
        g.parse(str(p))
    except (OSError, ValueError, SyntaxError) as exc:
        raise InputError(str(p), f"cannot read graph for vocabulary ({exc})") from None
    kg_dev = rdflib.URIRef(KG.developedBy)
    out = []
    for local, kind in _GRAPH_TYPES.items():
        for node in g.subjects(RDF.type, rdflib.URIRef(KG[local])):
            label = g.value(node, RDFS.label)
            if label is None:
                continue
            aliases = tuple(sorted(str(a) for a in g.objects(node, SKOS.altLabel) if str(a) != str(label)))
            org_node = g.value(node, kg_dev)
            org = str(g.value(org_node, RDFS.label)) if org_node is not None and g.value(org_node, RDFS.label) else None
            weak = bool(_TITLE_WORD.fullmatch(str(label)))
            out.append(Entry(str(label), kind, aliases, org, weak))
    return out


@lru_cache(maxsize=1)
def packaged_entries() -> tuple[Entry, ...]:
    """The entries of the catalogue shipped with kgraph, read once."""
    data = json.loads(PACKAGED_VOCABULARY.read_text(encoding="utf-8"))
    return tuple(_entries_from_json_like(data, str(PACKAGED_VOCABULARY)))
