"""The builder's two paths for a paper: one record (the fast path) and several (the general one).

`_emit_single` rebuilds what `_emit_paper` makes for one record without the choosing
between records; this keeps the two from drifting apart as fields are added.
"""

from __future__ import annotations

from pathlib import Path

from kgraph.builder import GraphEmitter
from kgraph.cache import SpooledSource
from kgraph.models import PaperRecord
from kgraph.pipeline import build_in_memory
from kgraph.sources.base import detect
from kgraph.sources.loading import load_document
from kgraph.workers import run_records

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _records(tmp_path: Path) -> list[tuple[str, PaperRecord]]:
    """Every paper record of the bundled examples, extraction included, with its document."""
    out = []
    for i, path in enumerate(sorted(p for p in EXAMPLES.rglob("*") if p.is_file() and p.suffix != ".rq")):
        doc = load_document(str(path))
        reader, _ = detect(doc.text)
        if reader is None:
            continue
        spool = tmp_path / f"{i}.jsonl"
        run_records(reader.read(doc.text), str(spool))
        src = SpooledSource(str(path), doc.content_hash, reader.name, (str(spool),))
        out += [(src.iri, r) for r in src.records() if isinstance(r, PaperRecord)]
    return out


def test_one_record_gives_the_same_block_and_evidence_on_both_paths(tmp_path: Path) -> None:
    _, resolution, _, _ = build_in_memory([EXAMPLES / "pages", EXAMPLES / "structured"])
    records = _records(tmp_path)
    assert len(records) > 20
    for doc, rec in records:
        made: dict[str, list] = {"single": [], "general": []}
        for path in made:
            blocks, evidence = [], []
            emitter = GraphEmitter(resolution, blocks.append, evidence.append)
            iri = "https://w3id.org/kgraph/id/paper/test"
            if path == "single":
                emitter._emit_single(iri, doc, rec)
            else:
                emitter._emit_paper(iri, [(doc, rec)])
            made[path] = [blocks, evidence]
        assert made["single"] == made["general"], rec.title
