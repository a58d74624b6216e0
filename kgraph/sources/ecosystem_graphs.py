"""Ecosystem Graphs asset files: a YAML list of datasets, models and applications.

Each asset names its organization(s), its dependencies (other assets, by name),
a creation date and a few descriptive fields. Many fields may be written as
`{value: ..., explanation: ...}`: the value is kept where the field belongs and
the explanation goes to `properties["<field>Explanation"]`; the builder writes it
to provenance.trig as the explanation of the field's fact (kg:explanation), so the
field-level provenance Ecosystem Graphs records is not lost. Only `yaml.safe_load` is used:
a `!!python/...` tag is refused, never executed.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterator
from typing import Any

from kgraph.models import ArtifactKind, ArtifactRecord, DocumentRecords, PartialDate
from kgraph.schema import ENTITY_TYPES
from kgraph.sources.dates import parse_date
from kgraph.sources.institutions import institution_table
from kgraph.text import clean_space, slugify

__all__ = ["EcosystemGraphsReader", "reader", "split_organizations"]

#: Asset `type` values and the record kind each becomes.
_KINDS: dict[str, ArtifactKind] = {t.asset_type: t.kind for t in ENTITY_TYPES if t.asset_type}  # type: ignore[misc]
#: Values the asset files use to say "we don't know" or "there is none".
_ABSENT = frozenset({"", "unknown", "none", "null", "n/a", "na", "-", "?", "tbd"})
#: Fields stored on the record itself rather than in `properties`.
_RECORD_FIELDS = frozenset({"type", "name", "organization", "description", "created_date", "url", "dependencies"})
#: Fields left out of `properties`: example data, not metadata about the asset.
_SKIPPED_FIELDS = frozenset({"sample"})

_TYPE_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)?type:[ \t]*['\"]?(dataset|model|application)['\"]?[ \t]*$", re.M)
_NAME_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)?name:", re.M)
_FIRST_ITEM = re.compile(r"\A(?:[ \t]*(?:#[^\n]*)?\n|---[ \t]*\n)*-[ \t\n]")


class EcosystemGraphsReader:
    """Reads Ecosystem Graphs asset YAML (stanford-crfm/ecosystem-graphs `assets/*.yaml`)."""

    name = "ecosystem_graphs"
    description = "Ecosystem Graphs asset YAML: a list of datasets, models and applications"

    def sniff(self, text: str) -> float:
        """High for a top-level YAML list whose items carry `type: dataset|model|application` and `name`.

        Looks at the text only (no YAML parsing), so sniffing a hostile file is harmless.
        """
        head = text.lstrip("\ufeff")[:200_000].replace("\r\n", "\n")
        if not _FIRST_ITEM.match(head):
            return 0.0
        if not _TYPE_LINE.search(head) or not _NAME_LINE.search(head):
            return 0.1
        return 0.95

    def read(self, text: str) -> DocumentRecords:
        """Parse the YAML safely and turn each asset mapping into an ArtifactRecord."""
        data = _safe_load(text)
        if not isinstance(data, list):
            raise ValueError(f"not an Ecosystem Graphs asset file: the top level is a {_yaml_type(data)}, not a list of assets")
        doc = DocumentRecords(format=self.name)
        for position, item in enumerate(data):
            try:
                record = _artifact(len(doc.artifacts), item, doc.warnings, position)
            except ValueError as exc:
                doc.warnings.append(f"asset {position + 1}: {exc}; skipped")
                continue
            doc.artifacts.append(record)
        if not doc.artifacts:
            raise ValueError("not an Ecosystem Graphs asset file: no item has a `type` and a `name`")
        return doc


def _safe_load(text: str) -> Any:
    """`yaml.safe_load` with its errors turned into one-line ValueErrors."""
    import yaml  # imported here: no work (or heavy import) at kgraph import time

    try:
        return yaml.safe_load(text)
    except yaml.constructor.ConstructorError as exc:
        tag = re.search(r"tag '([^']+)'", str(exc.problem or ""))
        what = f"YAML tag {tag.group(1)!r}" if tag else "a YAML tag"
        raise ValueError(f"{what} is not allowed: only plain YAML data is read (safe loading)") from None
    except RecursionError:
        raise ValueError("YAML nested too deeply to read") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or type(exc).__name__
        raise ValueError(f"not valid YAML{where}: {problem}") from None


def _yaml_type(value: Any) -> str:
    return {dict: "mapping", str: "string", type(None): "empty document"}.get(type(value), type(value).__name__)


def _artifact(index: int, item: Any, warnings: list[str], position: int) -> ArtifactRecord:
    """One asset mapping -> ArtifactRecord; raises ValueError when it has no usable name."""
    if not isinstance(item, dict):
        raise ValueError(f"a {_yaml_type(item)}, not an asset mapping")
    name_value, _ = _unwrap(item.get("name"))
    name = _scalar_text(name_value)
    if name is None:
        raise ValueError("no `name`")
    kind_value, _ = _unwrap(item.get("type"))
    kind_text = (_scalar_text(kind_value) or "").casefold()
    kind: ArtifactKind = _KINDS.get(kind_text, "artifact")
    if kind_text not in _KINDS:
        warnings.append(f"asset {position + 1} ({name}): unknown type {kind_text or 'none'!r}; kept as a generic artifact")

    def note(message: str) -> None:
        warnings.append(f"asset {position + 1} ({name}): {message}")

    properties: dict[str, str] = {}
    organizations = _organizations(item.get("organization"), properties)
    dependencies = _dependencies(item.get("dependencies"), properties, note)
    description = _field_text(item, "description", properties)
    url = _field_text(item, "url", properties)
    created = _created(_created_field(item), properties, note)
    for key, raw in item.items():
        if not isinstance(key, str) or key in _RECORD_FIELDS or key in _SKIPPED_FIELDS:
            continue
        if key == "value" and "created_date" in item:
            continue  # the slipped created_date value, already used by _created_field
        value, explanation = _unwrap(raw)
        if (text := _property_text(value)) is not None:
            properties[_camel(key)] = text
        if explanation is not None:
            properties[_camel(key) + "Explanation"] = explanation
    return ArtifactRecord(
        index=index,
        name=name,
        kind=kind,
        organizations=organizations,
        dependencies=dependencies,
        description=description,
        created=created,
        url=url.split()[0] if url else None,
        properties=properties,
    )


# ---------------------------------------------------------------------------
# field values


def _unwrap(raw: Any) -> tuple[Any, str | None]:
    """(value, explanation) for `{value:, explanation:}` fields; (raw, None) otherwise."""
    if isinstance(raw, dict) and ("value" in raw or set(raw) == {"explanation"}):
        explanation = _scalar_text(raw.get("explanation"))
        return raw.get("value"), explanation
    return raw, None


def _is_absent(value: Any) -> bool:
    return value is None or (isinstance(value, str) and clean_space(value).casefold() in _ABSENT)


def _scalar_text(value: Any) -> str | None:
    """A scalar as one line of text; None for absent values and for containers."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str) and not _is_absent(value):
        return clean_space(value)
    return None


def _property_text(value: Any) -> str | None:
    """A scalar, or a flat list of scalars joined with ", " (nested containers are dropped)."""
    if isinstance(value, list):
        parts = [t for t in (_scalar_text(v) for v in value) if t is not None]
        return ", ".join(parts) or None
    return _scalar_text(value)


def _field_text(item: dict[str, Any], key: str, properties: dict[str, str]) -> str | None:
    """A record-level text field; its explanation, if any, goes to properties."""
    value, explanation = _unwrap(item.get(key))
    if explanation is not None:
        properties[_camel(key) + "Explanation"] = explanation
    return _scalar_text(value)


def _camel(key: str) -> str:
    """"created_date" -> "createdDate": property keys in the vocabulary's style."""
    head, *rest = key.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def _created_field(item: dict[str, Any]) -> Any:
    """`created_date`, repairing one slip seen in the real files: its `value:` indented as an asset key."""
    raw = item.get("created_date")
    if isinstance(raw, dict) and "value" not in raw and "value" in item:
        return {**raw, "value": item["value"]}
    return raw


def _created(raw: Any, properties: dict[str, str], note: Callable[[str], None]) -> PartialDate | None:
    """`created_date` as a date object, "2023-03-01", a year, or `{value, explanation}`."""
    value, explanation = _unwrap(raw)
    if explanation is not None:
        properties["createdDateExplanation"] = explanation
    if _is_absent(value):
        return None
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return PartialDate(year=value.year, month=value.month, day=value.day)
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return PartialDate(year=value)
    if isinstance(value, str) and (date := parse_date(value)) is not None and date.year is not None:
        return date
    note(f"unreadable created_date {value!r}")
    return None


def _dependencies(raw: Any, properties: dict[str, str], note: Callable[[str], None]) -> list[str]:
    """Dependency names in order, without repeats; a plain string counts as one name."""
    value, explanation = _unwrap(raw)
    if explanation is not None:
        properties["dependenciesExplanation"] = explanation
    if _is_absent(value):
        return []
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for dep in items:
        dep_value, _ = _unwrap(dep)
        text = _scalar_text(dep_value)
        if text is None:
            if not _is_absent(dep_value):
                note(f"dependency {_yaml_type(dep_value)} is not a name; skipped")
            continue
        if text not in out:
            out.append(text)
    return out


# ---------------------------------------------------------------------------
# organizations

#: Comma-separated pieces that finish the previous name rather than start a new one.
_LEGAL_SUFFIX = re.compile(r"(?i)^(?:inc|ltd|llc|l\.l\.c|co|corp|corporation|gmbh|ag|s\.?a|plc|limited|pte\.? ltd)\.?$")


def split_organizations(text: str) -> list[str]:
    """"Google, DeepMind" / "Stanford and Together" / "EleutherAI; Hugging Face" -> one name each.

    Commas and semicolons separate names (not inside parentheses, and not before
    "Inc." and similar); " and " separates two names unless it sits inside a name
    built with "of"/"for" ("University of Science and Technology of China").
    """
    pieces: list[str] = []
    for part in _split_top_level(clean_space(text), ",;"):
        part = re.sub(r"(?i)^(?:and|&)\s+", "", part.strip()).strip()
        if not part:
            continue
        if pieces and (_LEGAL_SUFFIX.match(part) or _is_campus(pieces[-1], part)):
            pieces[-1] = f"{pieces[-1]}, {part}"
            continue
        pieces.extend(_split_and(part))
    out: list[str] = []
    for piece in pieces:
        piece = _strip_final_period(piece)
        if piece and piece.casefold() not in _ABSENT and piece not in out:
            out.append(piece)
    return out


#: "University of Maryland" / "Univ. of Texas": a university named after a place,
#: which a campus may follow after a comma.
_PLACE_UNIVERSITY = re.compile(r"(?:^|\s)(?:University|Univ\.?|Universidad|Université|Universität) of [A-Z][\w.-]*(?: [A-Z][\w.-]*)?$")
#: A campus after the comma: two or three capitalized words ("College Park", "Ann Arbor"),
#: a hyphenated pair ("Urbana-Champaign"), or one of the one-word campuses below.
_CAMPUS = re.compile(r"[A-Z][\w.']*(?:[ -][A-Z][\w.']*){1,2}")
_ONE_WORD_CAMPUSES = {"Madison", "Austin", "Amherst", "Berkeley", "Irvine", "Davis", "Riverside", "Merced",
                      "Boulder", "Seattle", "Dallas", "Arlington", "Boston", "Lowell", "Dartmouth", "Milwaukee",
                      "Manoa", "Minneapolis", "Columbia", "Buffalo", "Binghamton", "Albany", "Storrs", "Tucson"}
_ORGANIZATION_WORD = re.compile(r"(?i)\b(?:universit\w*|univ|institute|college of|school|lab|labs|laboratory|"
                                r"research|ai|inc|corp|company|foundation|center|centre|group|academy)\b")


def _is_campus(previous: str, piece: str) -> bool:
    """"University of Maryland" + "College Park": the campus, part of the same name
    (but "University of Toronto" + "Google" names two organizations)."""
    return bool(_PLACE_UNIVERSITY.search(previous)
                and (_CAMPUS.fullmatch(piece) or piece in _ONE_WORD_CAMPUSES)
                and not _ORGANIZATION_WORD.search(piece) and not _known_organization(piece))


def _known_organization(name: str) -> bool:
    """In the packaged institution table (not the vocabulary, which is partly built from
    these very asset files)."""
    return slugify(name) in institution_table()


def _split_top_level(text: str, separators: str) -> Iterator[str]:
    """Split at `separators` outside parentheses and brackets."""
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch in separators and depth == 0:
            yield text[start:i]
            start = i + 1
    yield text[start:]


def _split_and(part: str) -> list[str]:
    """"Stanford and Together" -> two names; "Hong Kong University of Science and Technology" and
    "Center for Intelligence in Medicine and Imaging" -> one."""
    pieces = re.split(r"\s+and\s+", part)
    out = [pieces[0]]
    for piece in pieces[1:]:
        if _inside_of_name(out[-1]) and _plain_words(piece):
            out[-1] = f"{out[-1]} and {piece}"
        else:
            out.append(piece)
    return out


#: Words that link a name's head to its subject: "Institute *for* ...", "... *in* Medicine".
_CONNECTORS = frozenset({"of", "for", "on", "in"})
_PLAIN_WORD = re.compile(r"[A-Z][a-z][\w'-]*")


def _inside_of_name(left: str) -> bool:
    """True when `left` ends in a subject phrase ("University of Science", "Intelligence in
    Medicine"), which an "and X" may continue."""
    return any(w in _CONNECTORS for w in left.split()[-3:-1])


def _plain_words(piece: str) -> bool:
    """Whether the part after "and" can continue a name rather than be an organization:
    one or two capitalized plain words ("Imaging", "Data Science"), optionally followed by
    a subject phrase of their own ("Technology of China"), with no organization word, no
    acronym and not a known organization ("Stanford and ..." names two). A parenthesis
    ("(Guangzhou)") is a note, not part of the test."""
    words = re.sub(r"\s*\([^()]*\)", "", piece).split()
    head = words
    for i, w in enumerate(words):
        if w in _CONNECTORS:
            head = words[:i]
            break
    return (1 <= len(head) <= 2 and all(_PLAIN_WORD.fullmatch(w) for w in head)
            and not _ORGANIZATION_WORD.search(" ".join(head)) and not _known_organization(piece))


def _strip_final_period(name: str) -> str:
    """"Université Paris-Cité." -> "Université Paris-Cité"; "Runway AI, Inc." keeps its period."""
    name = name.strip()
    if name.endswith(".") and not re.search(r"(?i)\b(?:inc|co|corp|ltd|s\.a|e\.v|jr|st)\.$", name):
        name = name[:-1].rstrip()
    return name


def _organizations(raw: Any, properties: dict[str, str]) -> list[str]:
    """The `organization` field (a string, a list, or `{value, explanation}`) as separate names."""
    value, explanation = _unwrap(raw)
    if explanation is not None:
        properties["organizationExplanation"] = explanation
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        text = _scalar_text(item)
        if text is None:
            continue
        for org in split_organizations(text):
            if org not in out:
                out.append(org)
    return out


reader = EcosystemGraphsReader()
