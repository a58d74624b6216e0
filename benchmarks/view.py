"""Time the HTML view on synthetic graphs of 1k, 10k and 100k nodes typed like kgraph's.

Run by hand:  .venv/bin/python benchmarks/view.py [--sizes 1000 10000 100000] [--max-nodes 500 5000]

For each graph size and node cap it times `select_subgraph` + `write_html`, reports the page
size, and, when Chromium is installed, the wall time of a headless draw (``--dump-dom`` with a
virtual time budget) and whether the page reported every node drawn.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import networkx as nx

from kgraph.export.html import write_html

KG = "https://w3id.org/kgraph/id/"
# share of nodes per type, roughly what an arXiv + aggregator build produces
MIX = {"Paper": 0.30, "Person": 0.45, "Organization": 0.05, "Dataset": 0.04, "Benchmark": 0.02,
       "Model": 0.04, "Application": 0.01, "Artifact": 0.01, "Venue": 0.01,
       "CodeRepository": 0.03, "Category": 0.01, "SourceDocument": 0.03}


def synthetic_graph(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """A typed MultiDiGraph of about `n` nodes with skewed (popular-author) degrees."""
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    ids: dict[str, list[str]] = {}
    for type_, share in MIX.items():
        ids[type_] = [f"{KG}{type_.lower()}/{i}" for i in range(max(1, round(n * share)))]
        for i, node in enumerate(ids[type_]):
            attrs = {"label": f"{type_} {i}", "type": type_, "sources": f"seeds/doc-{i % 97}.html"}
            if type_ == "Paper":
                attrs |= {"title": f"On the scaling of thing {i}", "arxivId": f"24{i:05d}",
                          "abstract": "We study things. " * 60}
            g.add_node(node, **attrs)

    def pick(type_: str) -> str:  # skewed: low indices are popular
        pool = ids[type_]
        return pool[int(len(pool) * rnd.random() ** 2.5)]

    for paper in ids["Paper"]:
        for _ in range(rnd.randint(1, 6)):
            g.add_edge(paper, pick("Person"), relation="creator")
        for type_, rel, most in [("Organization", "affiliation", 2), ("Benchmark", "uses", 2),
                                 ("Dataset", "uses", 2), ("Model", "uses", 1),
                                 ("Model", "introduces", 1), ("Category", "category", 2),
                                 ("Venue", "publishedIn", 1), ("CodeRepository", "hasCode", 1),
                                 ("SourceDocument", "wasDerivedFrom", 1)]:
            for _ in range(rnd.randint(0, most)):
                g.add_edge(paper, pick(type_), relation=rel)
    for person in ids["Person"]:
        if rnd.random() < 0.4:
            g.add_edge(person, pick("Organization"), relation="affiliatedWith")
    for model in ids["Model"] + ids["Application"]:
        g.add_edge(model, pick("Organization"), relation="developedBy")
        g.add_edge(model, pick("Dataset"), relation="dependsOn")
    return g


def draw_seconds(page: Path, chromium: str) -> tuple[float, bool]:
    """Wall time for headless Chromium to load and draw `page`, and whether it finished."""
    with tempfile.TemporaryDirectory() as profile:
        args = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
                "--virtual-time-budget=15000", "--dump-dom", page.as_uri()]
        start = time.perf_counter()
        out = subprocess.run(args, capture_output=True, text=True, timeout=600).stdout
        return time.perf_counter() - start, bool(re.search(r'data-node-count="\d+"', out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--max-nodes", type=int, nargs="+", default=[500, 5000])
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    print(f"{'graph':>8} {'edges':>8} {'cap':>6} {'shown':>6} {'layout':>8} {'build s':>8} "
          f"{'select+write s':>14} {'page KB':>8} {'draw s':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            start = time.perf_counter()
            g = synthetic_graph(n)
            built = time.perf_counter() - start
            for cap in args.max_nodes:
                path = Path(tmp) / f"view-{n}-{cap}.html"
                start = time.perf_counter()
                summary = write_html(g, path, max_nodes=cap, title=f"synthetic {n}")
                wrote = time.perf_counter() - start
                layout = "python" if summary.nodes_shown > 1000 else "physics"
                draw = "-"
                if chromium:
                    seconds, ok = draw_seconds(path, chromium)
                    draw = f"{seconds:.1f}" + ("" if ok else "!")
                print(f"{g.number_of_nodes():>8} {g.number_of_edges():>8} {cap:>6} "
                      f"{summary.nodes_shown:>6} {layout:>8} {built:>8.2f} {wrote:>14.2f} "
                      f"{path.stat().st_size / 1024:>8.0f} {draw:>7}", flush=True)
    if not chromium:
        print("(draw times need chromium on PATH)")
    print("'!' after a draw time: the page did not report itself drawn within the budget")


if __name__ == "__main__":
    main()
