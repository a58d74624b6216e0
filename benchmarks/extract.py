#!/usr/bin/env python3
"""Time extraction over generated abstracts (~1,000 characters each) on one core.

usage: python benchmarks/extract.py [--n 5000] [--seed 0] [--filler F]

Prints abstracts/s for `kgraph.extract.extract_record` with the packaged
vocabulary (the automaton is built before timing starts). The target is
>= 5,000 abstracts/s. Abstracts are generated from sentence templates with
random coined names, known names and filler, so every one is distinct and the
per-text cache never helps.

By default two sets are timed: "typical" abstracts, whose density of named
things (~1.6 facts each) matches the sample pages (62 artifacts and 14
organizations in 54 abstracts, ~1.4 each), and "dense" ones (~8 facts each),
a stress test. --filler F times one set with that share of name-free sentences.
"""

from __future__ import annotations

import argparse
import random
import string
import time

from kgraph.extract import default_vocabulary, extract_record
from kgraph.models import PaperRecord

KNOWN = ["GPT-4", "Llama 2", "ImageNet", "COCO", "MMLU", "GSM8K", "BERT", "T5", "CLIP", "Mistral-7B",
         "HumanEval", "SQuAD", "Claude 3 Opus", "Gemini 1.5 Pro", "CIFAR-10", "the Pile", "OPT-13B"]
ORGS = ["OpenAI", "Google", "Meta", "Microsoft", "Anthropic", "NVIDIA", "Alibaba"]
FILLER = [
    "Large language models have shown remarkable abilities across a wide range of tasks, yet their behaviour "
    "under distribution shift remains poorly understood.",
    "Existing approaches rely on costly human annotation and fail to scale to new domains.",
    "We analyse the trade-off between accuracy and efficiency and identify several failure modes.",
    "Our results suggest that careful data curation matters more than model size.",
    "Extensive experiments demonstrate consistent improvements over strong baselines.",
    "This motivates a closer look at how evaluation protocols shape reported progress.",
]
TEMPLATES = [
    "We introduce {new}, a new benchmark for evaluating reasoning in {k1} and {k2}.",
    "We propose {new}, a simple architecture that outperforms {k1} on {k2} and {k3}.",
    "When evaluated on {k1}, {k2} and {k3}, our method improves accuracy by 4%.",
    "We fine-tune {org}'s {k1} on {k2} and release the resulting model.",
    "Models such as {k1}, {k2} and {new2} struggle with long contexts.",
    "Code is available at https://github.com/{u}/{new}.",
]


def coin(rng: random.Random) -> str:
    stem = "".join(rng.choice(string.ascii_uppercase) for _ in range(rng.randint(2, 4)))
    return stem + rng.choice(["Bench", "QA", "-LM", "Net", "-7B", "Former", "", "-V2"])


def abstract(rng: random.Random, a_density: float = 0.7) -> str:
    """About 1,000 characters; `a_density` is the share of filler sentences (0.7 gives ~6 names, like real abstracts)."""
    parts: list[str] = []
    while sum(len(p) for p in parts) < 950:
        if rng.random() < a_density:
            parts.append(rng.choice(FILLER))
        else:
            k = rng.sample(KNOWN, 3)
            parts.append(rng.choice(TEMPLATES).format(new=coin(rng), new2=coin(rng), k1=k[0], k2=k[1], k3=k[2],
                                                      org=rng.choice(ORGS), u=coin(rng).lower()))
    return " ".join(parts)[:1100]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--filler", type=float, default=None,
                    help="time one set with this share of sentences without names (0.95 typical, 0.7 dense)")
    a = ap.parse_args(argv)
    vocab = default_vocabulary()
    extract_record(PaperRecord(index=0, abstract="warm-up with GPT-4 on MMLU."), vocabulary=vocab)
    sets = [("custom", a.filler)] if a.filler is not None else [("typical", 0.95), ("dense", 0.7)]
    for label, filler in sets:
        rng = random.Random(a.seed)
        records = [PaperRecord(index=i, title=f"{coin(rng)}: Towards Better Evaluation", abstract=abstract(rng, filler))
                   for i in range(a.n)]
        chars = sum(len(r.abstract or "") for r in records) / len(records)
        t0 = time.perf_counter()
        facts = 0
        for r in records:
            m, rel = extract_record(r, vocabulary=vocab)
            facts += len(m) + len(rel)
        dt = time.perf_counter() - t0
        print(f"{label:8s} {a.n} abstracts (mean {chars:.0f} chars, {facts / a.n:.1f} facts each) in {dt:.2f}s: "
              f"{a.n / dt:,.0f} abstracts/s on one core")
    if a.filler is None:
        _time_sample_pages(vocab)
    return 0


def _time_sample_pages(vocab) -> None:
    """The real abstracts of ../shared/corpus/seeds, when present (best of five runs, cache cleared)."""
    from pathlib import Path

    from kgraph.extract.analysis import analyze
    from kgraph.sources.base import detect

    seeds = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
    if not seeds.is_dir():
        return
    records = []
    for page in sorted(seeds.iterdir()):
        text = page.read_text(encoding="utf-8")
        reader, _ = detect(text)
        if reader is not None:
            records += reader.read(text).papers
    best, facts = 0.0, 0
    for _ in range(5):
        analyze.cache_clear()
        t0 = time.perf_counter()
        facts = sum(len(m) + len(r) for m, r in (extract_record(x, vocabulary=vocab) for x in records))
        best = max(best, len(records) / (time.perf_counter() - t0))
    chars = sum(len(x.abstract or "") for x in records) / len(records)
    print(f"sample   {len(records)} real abstracts (mean {chars:.0f} chars, {facts / len(records):.1f} facts each): "
          f"{best:,.0f} abstracts/s on one core (best of 5)")


if __name__ == "__main__":
    raise SystemExit(main())
