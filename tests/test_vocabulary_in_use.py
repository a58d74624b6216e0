"""Every kg: term a build writes is defined in the ontology (a misspelt term would not be)."""

from __future__ import annotations

from pathlib import Path

import rdflib

from kgraph.pipeline import build_in_memory
from kgraph.vocab import KG_NS

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "kgraph.ttl"
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"


def test_every_kg_term_in_a_build_is_defined() -> None:
    inputs = [ROOT / "examples" / "pages", ROOT / "examples" / "structured"] + ([SEEDS] if SEEDS.is_dir() else [])
    graph, _, _, _ = build_in_memory(inputs)
    ontology = rdflib.Graph().parse(ONTOLOGY)
    defined = {str(s) for s in ontology.subjects() if str(s).startswith(KG_NS)}
    used = {p for _, p, _ in graph.triples() if p.startswith(KG_NS)}
    used |= {o for _, p, o in graph.triples() if p.endswith("#type") and isinstance(o, str) and o.startswith(KG_NS)}
    assert used and used <= defined, sorted(used - defined)
