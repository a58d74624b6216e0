"""Time `kgraph build` on N synthetic papers as one snapshot file and as N one-paper files.

    python benchmarks/many_files.py --sizes 5000 10000 20000

Prints both wall times and their ratio (the issue-17 target is at most 3x). Run by hand;
tests never time anything.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from snapshot import run, snapshot_line  # noqa: E402


def generate(root: Path, n: int) -> tuple[Path, Path]:
    """The same n papers as one file and as a folder of n files."""
    rng, pool = random.Random(0), max(50, n // 3)
    lines = [snapshot_line(rng, i, pool) + "\n" for i in range(n)]
    one, many = root / f"one-{n}.jsonl", root / f"many-{n}"
    one.write_text("".join(lines), encoding="utf-8")
    many.mkdir(exist_ok=True)
    for i, line in enumerate(lines):
        (many / f"p{i:06d}.jsonl").write_text(line, encoding="utf-8")
    return one, many


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[5_000, 10_000, 20_000])
    args = ap.parse_args()
    kgraph = str(Path(sys.executable).with_name("kgraph"))
    root = Path(tempfile.mkdtemp(prefix="kgraph-many-"))
    print(f"{'papers':>8} | {'one file s':>10} | {'N files s':>10} | ratio")
    for n in args.sizes:
        one, many = generate(root, n)
        times = []
        for source in (one, many):
            out = root / "out"
            shutil.rmtree(out, ignore_errors=True)
            times.append(run([kgraph, "build", str(source), "--out", str(out)])[0])
        print(f"{n:>8} | {times[0]:>10.1f} | {times[1]:>10.1f} | {times[1] / times[0]:.2f}x", flush=True)
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
