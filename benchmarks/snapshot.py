"""Time `kgraph build` on synthetic arXiv-snapshot lines, beside a hand-written rdflib script.

    python benchmarks/snapshot.py                      # 10k, 20k and 100k papers
    python benchmarks/snapshot.py --sizes 20000 1000000 --no-baseline-above 100000
    python benchmarks/snapshot.py --sizes 20000 --repeat 5    # medians of five alternating runs

For each size it generates snapshot lines (ids, titles, ~1,000-character abstracts
mentioning datasets and models, authors_parsed from a Zipf-like pool, categories,
versions, comments and journal refs), then runs, each in its own process:

* `kgraph build FILE --out DIR --timings` (reading, extraction, resolution, Turtle,
  N-Quads, GraphML, provenance and HTML; add --store to time the SPARQL store too), and
* the script a user would otherwise write: json + rdflib, papers with title,
  abstract, arXiv id, date, authors (with names) and categories, serialized to Turtle.

It prints wall time, papers/s and peak RSS of each, the speed ratio, and the
time of each phase of the kgraph build. Every run starts with no output from an
earlier one (an empty DIR for kgraph, no Turtle file for the script), so that
neither is timed freeing the disk blocks of the files it replaces.
Run by hand; tests never time anything.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRST = ["Ana", "Wei", "Maria", "John", "Priya", "Kenji", "Fatima", "Lars", "Chen", "Sofia", "Omar", "Elena",
         "David", "Aisha", "Lukas", "Mei", "Carlos", "Nina", "Ravi", "Yuki", "Jonas", "Sara", "Ivan", "Leila"]
LAST = ["Smith", "Wang", "Garcia", "Müller", "Kumar", "Tanaka", "Haddad", "Nielsen", "Li", "Rossi", "Khan",
        "Petrova", "Brown", "Okafor", "Schmidt", "Zhang", "López", "Ivanova", "Patel", "Sato", "Berg", "Silva"]
CATEGORIES = ["cs.CL", "cs.LG", "cs.AI", "cs.CV", "stat.ML", "cs.RO", "cs.IR", "cs.CY", "cs.HC", "eess.AS"]
MODELS = ["GPT-4", "Llama 2", "BERT", "T5", "Mistral 7B", "CLIP", "Stable Diffusion", "RoBERTa", "PaLM", "OPT-175B"]
DATASETS = ["ImageNet", "MMLU", "GSM8K", "SQuAD", "COCO", "CIFAR-10", "The Pile", "C4", "HumanEval", "GLUE"]
WORDS = ("model models data training learning language large task tasks performance results method approach "
         "show propose evaluate benchmark network representation accuracy robust efficient scaling we our this "
         "that with from across improves analysis study new novel framework inference generation reasoning").split()
VENUES = ["Accepted at NeurIPS 2023", "ICML 2024", "Published at ACL 2023", "10 pages, 4 figures", "EMNLP 2022 Findings"]


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def _abstract(rng: random.Random, i: int) -> str:
    parts = [f"We introduce Synth-{i}, a new benchmark for {rng.choice(WORDS)} {rng.choice(WORDS)}."]
    parts.append(f"We evaluate {rng.choice(MODELS)} and {rng.choice(MODELS)} on {rng.choice(DATASETS)}.")
    while sum(len(p) for p in parts) < 950:
        parts.append(_sentence(rng, rng.randint(8, 18)))
    return " ".join(parts)


def snapshot_line(rng: random.Random, i: int, pool: int) -> str:
    """One synthetic snapshot JSON line for paper number i."""
    yy, mm = 15 + (i // 120000) % 10, 1 + (i // 10000) % 12
    arxiv_id = f"{yy:02d}{mm:02d}.{i % 100000:05d}"
    authors = []
    for _ in range(rng.randint(1, 6)):
        k = min(int(rng.paretovariate(1.2)) * rng.randint(1, pool), pool * 7)
        authors.append([LAST[k % len(LAST)] + (f"{k // len(LAST)}" if k >= len(LAST) else ""),
                        FIRST[(k * 7) % len(FIRST)], ""])
    obj = {
        "id": arxiv_id,
        "submitter": " ".join(reversed(authors[0][:2])),
        "authors": ", ".join(f"{a[1]} {a[0]}" for a in authors),
        "title": f"{_sentence(rng, rng.randint(5, 11))[:-1]} {i}",
        "comments": rng.choice(VENUES) if rng.random() < 0.4 else None,
        "journal-ref": "Journal of Machine Learning Research 24 (2023) 1-30" if rng.random() < 0.05 else None,
        "doi": f"10.5555/synth.{i}" if rng.random() < 0.2 else None,
        "report-no": None,
        "categories": " ".join(rng.sample(CATEGORIES, rng.randint(1, 3))),
        "license": None,
        "abstract": "  " + _abstract(rng, i) + "\n",
        "versions": [{"version": "v1", "created": f"Mon, {1 + i % 28} {['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][mm - 1]} 20{yy:02d} 10:00:00 GMT"}],
        "update_date": f"20{yy:02d}-{mm:02d}-{1 + i % 28:02d}",
        "authors_parsed": authors,
    }
    return json.dumps(obj, ensure_ascii=False)


def generate(path: Path, n: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    pool = max(50, n // 3)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(snapshot_line(rng, i, pool) + "\n")


RDFLIB_SCRIPT = r'''
import json, sys
from rdflib import Graph, Literal, Namespace, RDF, RDFS, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS, XSD
KG = Namespace("https://w3id.org/kgraph/ontology#")
ID = "https://w3id.org/kgraph/id/"
g = Graph()
for line in open(sys.argv[1], encoding="utf-8"):
    p = json.loads(line)
    paper = URIRef(ID + "paper/arxiv-" + p["id"])
    g.add((paper, RDF.type, KG.Paper))
    g.add((paper, RDFS.label, Literal(p["title"])))
    g.add((paper, DCTERMS.title, Literal(p["title"])))
    g.add((paper, DCTERMS.abstract, Literal(p["abstract"].strip())))
    g.add((paper, KG.arxivId, Literal(p["id"])))
    g.add((paper, DCTERMS.issued, Literal(p["update_date"], datatype=XSD.date)))
    for last, first, _ in p["authors_parsed"]:
        name = f"{first} {last}".strip()
        person = URIRef(ID + "person/" + name.lower().replace(" ", "-"))
        g.add((person, RDF.type, KG.Person))
        g.add((person, FOAF.name, Literal(name)))
        g.add((person, RDFS.label, Literal(name)))
        g.add((paper, DCTERMS.creator, person))
    for c in p["categories"].split():
        cat = URIRef(ID + "category/" + c)
        g.add((cat, RDF.type, KG.Category))
        g.add((cat, SKOS.notation, Literal(c)))
        g.add((paper, KG.category, cat))
g.serialize(sys.argv[2], format="turtle")
'''


def run(cmd: list[str]) -> tuple[float, float, int, str]:
    """(seconds, peak RSS in MB of the largest process, exit code, stderr) of a child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):
        sys.stderr.write(err[-2000:])
    return elapsed, usage.ru_maxrss / 1024, code, err


def _compile_kgraph() -> None:
    """Write kgraph's bytecode, as pip does when it installs a package (rdflib's is written).
    An editable install run with PYTHONDONTWRITEBYTECODE set would otherwise compile every
    kgraph module from source in every timed build: 0.06 s that a user never pays."""
    import compileall

    import kgraph as package

    compileall.compile_dir(str(Path(package.__file__).parent), quiet=1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000, 100_000])
    ap.add_argument("--no-baseline-above", type=int, default=100_000,
                    help="skip the rdflib script above this size (it needs ~23 KB per paper)")
    ap.add_argument("--keep", type=Path, help="keep generated files and outputs here")
    ap.add_argument("--store", action="store_true", help="also make the SPARQL store during the build")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run kgraph and the script this many times each, alternately, and report the "
                         "medians (a shared VM's speed drifts by 10-20%% from one minute to the next)")
    args = ap.parse_args()
    kgraph = str(Path(sys.executable).with_name("kgraph"))
    _compile_kgraph()
    root = args.keep or Path(tempfile.mkdtemp(prefix="kgraph-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    print(f"{'papers':>9} | {'kgraph s':>9} {'papers/s':>9} {'peak MB':>8} | "
          f"{'rdflib s':>9} {'papers/s':>9} {'peak MB':>8} | speed-up")
    for n in args.sizes:
        data = root / f"snapshot-{n}.jsonl"
        if not data.exists():
            generate(data, n)
        script = root / "rdflib_baseline.py"
        script.write_text(RDFLIB_SCRIPT, encoding="utf-8")
        baseline = n <= args.no_baseline_above
        kgraph_runs, script_runs = [], []
        out_dir, turtle = root / f"out-{n}", root / f"rdflib-{n}.ttl"
        for _ in range(max(1, args.repeat)):  # alternately, so that both see the same drift
            shutil.rmtree(out_dir, ignore_errors=True)  # untimed: a run never pays for freeing the last one's files
            kgraph_runs.append(run([kgraph, "build", str(data), "--out", str(out_dir), "--timings"]
                                   + (["--store"] if args.store else [])))
            if baseline:
                turtle.unlink(missing_ok=True)
                script_runs.append(run([sys.executable, str(script), str(data), str(turtle)]))
        t_k, m_k = statistics.median(r[0] for r in kgraph_runs), max(r[1] for r in kgraph_runs)
        err = kgraph_runs[-1][3]  # the phases of the last run
        phases = [line[len("time: "):] for line in err.splitlines() if line.startswith("time: ")]
        line = f"{n:>9} | {t_k:>9.1f} {n / t_k:>9.0f} {m_k:>8.0f} |"
        if any(r[2] not in (0, 3) for r in kgraph_runs):
            line += " kgraph failed"
        if baseline:
            t_r, m_r = statistics.median(r[0] for r in script_runs), max(r[1] for r in script_runs)
            line += f" {t_r:>9.1f} {n / t_r:>9.0f} {m_r:>8.0f} | {t_r / t_k:.2f}x"
            if len(script_runs) > 1:
                pairs = sorted(r[0] / k[0] for r, k in zip(script_runs, kgraph_runs))
                line += f" (median of {len(pairs)}; runs {pairs[0]:.2f}x-{pairs[-1]:.2f}x)"
        else:
            line += f" {'-':>9} {'-':>9} {'-':>8} | -"
        print(line, flush=True)
        print(f"{'':>9}   kgraph phases: " + ", ".join(phases), flush=True)


if __name__ == "__main__":
    main()
