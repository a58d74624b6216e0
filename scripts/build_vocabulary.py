#!/usr/bin/env python3
"""Build kgraph/data/vocabulary.json from the curated list and Ecosystem Graphs assets.

usage: python scripts/build_vocabulary.py [--assets DIR] [--curated FILE] [--out FILE]

Curated entries (scripts/vocabulary_curated.yaml) win over Ecosystem Graphs for
kind and weakness; Ecosystem Graphs adds names, makers and aliases. Run it by
hand when either source changes and commit the JSON it writes.
"""

from __future__ import annotations

import argparse
import glob
import json
import re
from pathlib import Path

import yaml

from kgraph.sources.ecosystem_graphs import split_organizations

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ASSETS = Path("/work/shared/corpus/ecosystem-graphs/assets")
KIND_OF_SECTION = {"datasets": "dataset", "benchmarks": "benchmark", "models": "model",
                   "applications": "application", "organizations": "organization"}
# Ecosystem Graphs organization strings that are not organizations, or too generic to match.
SKIP_ORGS = {"unknown", "you", "various", "together", "speak", "shop", "continue", "viable", "writer",
             "transformify", "math ai", "data is better together", "auto-gpt", "chatglm", "causallm",
             "internlm", "rwkv", "open x-embodiment", "openassistant", "sana", "notion", "latitude"}
# Ecosystem Graphs asset names too generic to match as names.
SKIP_NAMES = {"you", "continue", "character", "speak", "sage", "pi", "moment", "sonic", "composer",
              "nucleus", "muffin", "viable", "portkey", "large video dataset", "linkedin", "youtube",
              "shop assistant", "a.x", "k2", "evo", "amber", "orion", "infiniset", "midm", "web_clean"}

SOURCES = [
    {"name": "curated", "file": "scripts/vocabulary_curated.yaml",
     "description": "Hand-curated well-known ML datasets, benchmarks, model families, applications and "
                    "organizations, spelled as in the papers that introduced them, the Papers with Code "
                    "catalogues, Hugging Face model cards and the organizations' own sites."},
    {"name": "ecosystem-graphs", "url": "https://github.com/stanford-crfm/ecosystem-graphs",
     "commit": "576655a544c974e91b7ca02e26cf7ba4c8347516",
     "description": "Asset names (type dataset/model/application) and organization fields of "
                    "stanford-crfm/ecosystem-graphs assets/*.yaml; cite Bommasani et al. 2023, "
                    "arXiv:2303.15772."},
]


def _key(s: str) -> str:
    """Letters and digits, folded; a "+" counts ("Command R+" is not "Command R"), as in kgraph.text.artifact_key."""
    return re.sub(r"[^0-9a-z]+", "", s.replace("+", " plus ").casefold())


def _single_word(s: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][a-z]+", s))


def parse_curated(path: Path) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: list[dict] = []
    for section, body in data.items():
        kind = KIND_OF_SECTION[section]
        groups = body.items() if isinstance(body, dict) else [("_", body)]
        for org, items in groups:
            for line in items:
                for item in str(line).split(","):
                    item = item.strip()
                    if not item:
                        continue
                    weak = item.startswith("~")
                    spellings = [s.strip().lstrip("~") for s in item.split("=") if s.strip()]
                    weak = weak or any(s.startswith("~") for s in item.split("="))
                    out.append({"name": spellings[0], "kind": kind, "aliases": spellings[1:],
                                "organization": None if org == "_" else org, "weak": weak,
                                "source": "curated"})
    return out


def _split_orgs(value) -> list[str]:
    """The organization names in an asset's field, split as the Ecosystem Graphs reader splits them."""
    if isinstance(value, dict):
        value = value.get("value")
    if not value or not isinstance(value, str):
        return []
    return [p for p in split_organizations(value) if 1 < len(p) <= 60 and not re.search(r"[()´]", p)]


def _short_form(org: str) -> tuple[str, str]:
    """(the name papers use, the full form): "Runway AI, Inc." and "University of Maryland,
    College Park" are matched as "Runway AI" and "University of Maryland"."""
    return org.split(",")[0].strip(), org


def parse_ecosystem(assets: Path) -> list[dict]:
    out: list[dict] = []
    for f in sorted(glob.glob(str(assets / "*.yaml"))):
        for a in yaml.safe_load(Path(f).read_text(encoding="utf-8")) or []:
            kind = a.get("type")
            name = re.sub(r"\s*\(.*\)\s*$", "", str(a.get("name") or "")).strip()
            orgs = [_short_form(org) for org in _split_orgs(a.get("organization"))]
            for org, full in orgs:
                if org.casefold() not in SKIP_ORGS:
                    out.append({"name": org, "kind": "organization", "aliases": [full] if full != org else [],
                                "organization": None, "weak": _single_word(org), "source": "ecosystem-graphs"})
            orgs = [org for org, _ in orgs]
            if kind not in ("dataset", "model", "application") or len(name) < 2:
                continue
            if name.casefold() in SKIP_NAMES:
                continue
            out.append({"name": name, "kind": kind, "aliases": [], "organization": orgs[0] if orgs else None,
                        "weak": _single_word(name), "source": "ecosystem-graphs"})
    return out


def versioned_variant(name: str, alias: str) -> bool:
    """True when `alias` is `name` plus a version or size ("Falcon" / "Falcon-40B"): a
    family and its versions are different things and must not share an entry."""
    kn, ka = _key(name), _key(alias)
    return ka != kn and ka.startswith(kn) and any(c.isdigit() for c in ka[len(kn):])


def split_versions(entries: list[dict]) -> list[dict]:
    """Move versioned aliases out of their family's entry into entries of their own."""
    out: list[dict] = []
    for e in entries:
        versions: dict[str, list[str]] = {}
        keep = []
        for a in e["aliases"]:
            if versioned_variant(e["name"], a):
                versions.setdefault(_key(a), []).append(a)
            else:
                keep.append(a)
        out.append({**e, "aliases": keep})
        for spellings in versions.values():
            out.append({**e, "name": spellings[0], "aliases": spellings[1:], "weak": False})
    return out


def merge(curated: list[dict], eco: list[dict]) -> list[dict]:
    """One entry per (spelling key, kind family); curated first and authoritative."""
    family = {"dataset": "d", "benchmark": "d", "model": "m", "application": "m", "organization": "o"}
    by_key: dict[tuple[str, str], dict] = {}
    entries: list[dict] = []
    for e in curated:
        k = (_key(e["name"]), family[e["kind"]])
        if k in by_key:
            prev = by_key[k]
            if e["kind"] == "benchmark":  # listed among datasets and again as a benchmark
                prev["kind"] = "benchmark"
            prev["aliases"] = sorted(set(prev["aliases"]) | set(e["aliases"]))
            prev["organization"] = prev["organization"] or e["organization"]
            continue
        entries.append(e)
        for s in [e["name"], *e["aliases"]]:
            by_key.setdefault((_key(s), family[e["kind"]]), e)
    for e in eco:
        k = (_key(e["name"]), family[e["kind"]])
        # a model family matched as an application (or vice versa) is still the same thing
        alt = (k[0], "m") if k[1] == "m" else None
        prev = by_key.get(k) or (by_key.get(alt) if alt else None)
        if prev is not None:
            prev["organization"] = prev["organization"] or e["organization"]
            continue
        entries.append(e)
        by_key[k] = e
    for e in entries:
        e["aliases"] = [a for a in dict.fromkeys(e["aliases"]) if a != e["name"]]
        e.pop("source", None)
        if not e["weak"]:
            e.pop("weak")
        if not e["organization"]:
            e.pop("organization")
        if not e["aliases"]:
            e.pop("aliases")
    entries.sort(key=lambda e: (e["kind"], e["name"].casefold()))
    return entries


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--assets", type=Path, default=DEFAULT_ASSETS)
    ap.add_argument("--curated", type=Path, default=ROOT / "scripts" / "vocabulary_curated.yaml")
    ap.add_argument("--out", type=Path, default=ROOT / "kgraph" / "data" / "vocabulary.json")
    a = ap.parse_args(argv)
    entries = merge(split_versions(parse_curated(a.curated)), parse_ecosystem(a.assets))
    doc = {
        "_sources": SOURCES,
        "_format": "entries: name, kind (dataset|benchmark|model|application|artifact|organization), "
                   "aliases (other spellings), organization (maker), weak (single-word spellings need a cue)",
        "entries": entries,
    }
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    counts: dict[str, int] = {}
    for e in entries:
        counts[e["kind"]] = counts.get(e["kind"], 0) + 1
    print(f"wrote {a.out} with {len(entries)} entries: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
