"""Time `kgraph explain` on a synthetic arXiv-snapshot build (see benchmarks/snapshot.py).

    python benchmarks/explain.py                 # 20k papers
    python benchmarks/explain.py --papers 100000 --keep /tmp/bench

It builds the snapshot, then runs, each in its own process, `kgraph explain` of a
person, of a paper and of a popular artifact: the build has written the node
index (DIR/.kgraph/explain.sqlite), so the first run is as fast as the later ones. It prints wall time
and peak RSS of each, and the size of the index. Run by hand; tests never time anything.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from snapshot import generate  # noqa: E402

KGRAPH = Path(sys.executable).with_name("kgraph")


def timed(args: list[str]) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit code) of `kgraph ARGS`, output discarded."""
    import os

    start = time.perf_counter()
    proc = subprocess.Popen([str(KGRAPH), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--papers", type=int, default=20_000)
    ap.add_argument("--keep", type=Path, help="keep the snapshot and the build here")
    args = ap.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="kgraph-explain-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        snapshot, out = root / f"snapshot-{args.papers}.jsonl", root / f"out-{args.papers}"
        if not snapshot.exists():
            generate(snapshot, args.papers)
        seconds, _, code = timed(["build", str(snapshot), "--out", str(out)])
        print(f"build of {args.papers:,} papers: {seconds:.1f} s (exit {code})")
        runs = [("person, first explain after the build", "Ana Smith12"),
                ("person", "Ana Smith12"),
                ("paper", "https://w3id.org/kgraph/id/paper/arxiv-1501.00001"),
                ("popular artifact (thousands of facts)", "https://w3id.org/kgraph/id/artifact/gsm8k"),
                ("unknown label (did-you-mean)", "Ana Smiht12")]
        for what, node in runs:
            seconds, peak, code = timed(["explain", str(out), node])
            print(f"explain {what}: {seconds:.2f} s, peak RSS {peak:.0f} MB (exit {code})")
        index = out / ".kgraph" / "explain.sqlite"
        print(f"index: {index.stat().st_size / 1e6:.0f} MB (graph.trig {(out / 'graph.trig').stat().st_size / 1e6:.0f} MB)")
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
