"""Time the venue parser on snapshot comments and journal-refs (no caching): synthetic and real lines.

    python benchmarks/venues.py [--real ../shared/corpus/real/arxiv_snapshot] [--n 20000]

Texts: the comments/journal-ref of N synthetic snapshot lines (benchmarks/snapshot.py's
generator), and those of the real snapshot sample when present, each parsed REPEAT
times; prints microseconds per text. Run by hand; tests never time anything.
"""

from __future__ import annotations

import argparse
import glob
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from snapshot import snapshot_line  # noqa: E402

from kgraph.sources.arxiv_snapshot import venue_from_journal_ref  # noqa: E402
from kgraph.sources.venues import parse_venue  # noqa: E402


def texts_of(lines: list[str]) -> tuple[list[str], list[str]]:
    comments, refs = [], []
    for line in lines:
        obj = json.loads(line)
        if obj.get("comments"):
            comments.append(obj["comments"])
        if obj.get("journal-ref"):
            refs.append(obj["journal-ref"])
    return comments, refs


def timed(label: str, comments: list[str], refs: list[str], repeat: int) -> None:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for c in comments:
            parse_venue(c)
        for r in refs:
            venue_from_journal_ref(r)
        best = min(best, time.perf_counter() - t0)
    n = len(comments) + len(refs)
    print(f"{label}: {n} texts, best of {repeat}: {best * 1000:.1f} ms, {best / max(n, 1) * 1e6:.1f} us/text")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--real", default="../shared/corpus/real/arxiv_snapshot")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    rng = random.Random(0)
    timed("synthetic", *texts_of([snapshot_line(rng, i, 1000) for i in range(args.n)]), args.repeat)
    real = [ln for p in sorted(glob.glob(args.real + "/*")) for ln in open(p, encoding="utf-8") if ln.strip()]
    if real:
        comments, refs = texts_of(real)
        timed("real (x50)", comments * 50, refs * 50, args.repeat)


if __name__ == "__main__":
    main()
