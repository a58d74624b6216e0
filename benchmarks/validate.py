"""How much of a build is SHACL validation: `kgraph build INPUT... --timings`, validate/total.

    python benchmarks/validate.py ../shared/corpus/seeds
    python benchmarks/validate.py examples/pages examples/structured
    python benchmarks/validate.py ../shared/corpus/real/bibtex/d2l-en_d2l.bib
    python benchmarks/validate.py --snapshot 20000      # synthetic snapshot lines (benchmarks/snapshot.py)

Prints the triples, the build's total time, the validate phase and their ratio
(issue 16 asks for at most 15%). Run by hand; tests never time anything.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def timed_build(inputs: list[str], out: Path) -> dict[str, float]:
    """The --timings lines of one build, as phase -> seconds, plus its triple count."""
    kgraph = Path(sys.executable).with_name("kgraph")
    done = subprocess.run([str(kgraph), "build", *inputs, "--out", str(out), "--timings"],
                          capture_output=True, text=True)
    text = done.stdout + done.stderr
    found = {m.group(1): float(m.group(2)) for m in re.finditer(r"^time: (.+?) ([0-9.]+) s$", text, re.M)}
    triples = re.search(r"^triples: (\d+)$", text, re.M)
    found["triples"] = float(triples.group(1)) if triples else 0.0
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="*", help="what to build (files or folders)")
    ap.add_argument("--snapshot", type=int, help="build this many synthetic snapshot papers instead")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kgraph-validate-bench-") as tmp:
        inputs = list(args.inputs)
        if args.snapshot:
            sys.path.insert(0, str(HERE))
            import snapshot

            lines = Path(tmp) / f"snapshot-{args.snapshot}.jsonl"
            snapshot.generate(lines, args.snapshot)
            inputs = [str(lines)]
        if not inputs:
            ap.error("give inputs or --snapshot N")
        t = timed_build(inputs, Path(tmp) / "out")
        total, check = t.get("total", 0.0), t.get("validate", 0.0)
        ratio = check / total if total else 0.0
        print(f"{' '.join(inputs)}: {int(t['triples'])} triples, build {total:.2f} s, "
              f"validate {check:.2f} s, ratio {ratio:.1%} (target <= 15%)")


if __name__ == "__main__":
    main()
