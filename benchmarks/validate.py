"""What validating every build costs: the SHACL shapes, compiled (kgraph.shapes), run on
each block as it is written.

    python benchmarks/validate.py ../shared/corpus/seeds
    python benchmarks/validate.py ../shared/corpus/real/bibtex/d2l-en_d2l.bib --pyshacl
    python benchmarks/validate.py --snapshot 20000 --repeat 3   # synthetic lines (benchmarks/snapshot.py)

For the inputs it prints:

* the build's wall time with the checks and with --no-validate (medians of --repeat
  alternating runs, each in its own process), and their difference as a share of the
  build (issue 16 asks for at most 15%);
* the processor time the checks themselves take, counted around every check in one
  process (`jobs=1`): the figure the wall times estimate, without their noise;
* `kgraph validate DIR` on the written graph.ttl (the checks over a whole file);
* with --pyshacl, pyshacl on the same graph.ttl, the validator builds used before.

Run by hand; tests never time anything.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
KGRAPH = Path(sys.executable).with_name("kgraph")


def timed_build(inputs: list[str], out: Path, *extra: str) -> dict[str, float]:
    """The --timings lines of one build, as phase -> seconds, plus its triple count."""
    done = subprocess.run([str(KGRAPH), "build", *inputs, "--out", str(out), "--timings", *extra],
                          capture_output=True, text=True)
    text = done.stdout + done.stderr
    if done.returncode not in (0, 3):
        sys.exit(f"build failed ({done.returncode}):\n{text}")
    found = {m.group(1): float(m.group(2)) for m in re.finditer(r"^time: (.+?) ([0-9.]+) s$", text, re.M)}
    triples = re.search(r"^triples: (\d+)$", text, re.M)
    found["triples"] = float(triples.group(1)) if triples else 0.0
    if "--no-validate" not in extra and "validation: the graph conforms" not in text:
        print("note: the build did not conform:\n" + text[text.find("validation:"):][:600])
    return found


def check_cpu(inputs: list[str], out: Path) -> tuple[float, float, int]:
    """(processor seconds in the checks, processor seconds of the whole build, blocks), one process."""
    code = f"""
import time, kgraph, kgraph.writing as w
spent, blocks, check = [0.0], [0], w.check_block
def counted(block, shapes, findings):
    t = time.process_time(); check(block, shapes, findings); spent[0] += time.process_time() - t; blocks[0] += 1
w.check_block = counted
t = time.process_time()
kgraph.build({inputs!r}, {str(out)!r}, jobs=1)
print(spent[0], time.process_time() - t, blocks[0])
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    spent, total, blocks = done.stdout.split()[-3:]
    return float(spent), float(total), int(blocks)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="*", help="what to build (files or folders)")
    ap.add_argument("--snapshot", type=int, help="build this many synthetic snapshot papers instead")
    ap.add_argument("--repeat", type=int, default=1, help="alternating builds with and without checks")
    ap.add_argument("--pyshacl", action="store_true", help="also time pyshacl on the graph (slow)")
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
        out = Path(tmp) / "out"
        with_checks, without = [], []
        for _ in range(args.repeat):
            t = timed_build(inputs, out)
            with_checks.append(t["total"])
            without.append(timed_build(inputs, Path(tmp) / "bare", "--no-validate")["total"])
        a, b = statistics.median(with_checks), statistics.median(without)
        print(f"{' '.join(inputs)}: {int(t['triples'])} triples")
        print(f"  build {a:.2f} s with the checks, {b:.2f} s without: {(a - b) / a:+.1%} of the build "
              f"(target <= 15%; medians of {args.repeat})")
        spent, total, blocks = check_cpu(inputs, Path(tmp) / "cpu")
        print(f"  checks {spent:.2f} s of processor time in a one-process build of {total:.2f} s: "
              f"{spent / total:.1%}; {blocks} blocks, {1e6 * spent / max(blocks, 1):.1f} us each")
        start = time.perf_counter()
        subprocess.run([str(KGRAPH), "validate", str(out)], capture_output=True, check=False)
        print(f"  kgraph validate DIR: {time.perf_counter() - start:.2f} s")
        if args.pyshacl:
            code = ("import pyshacl, rdflib, sys; from kgraph.ontology import ontology_path\n"
                    "pyshacl.validate(rdflib.Graph().parse(sys.argv[1]), "
                    "shacl_graph=rdflib.Graph().parse(ontology_path('shapes.ttl')), inference='none')")
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code, str(out / "graph.ttl")], check=True)
            print(f"  pyshacl on graph.ttl: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
