"""How fast the corpus view is ready and how it answers, at 1,000 / 5,000 / 20,000 actors.

Usage: python bench/view.py [--sizes 1000 5000 20000] [--runs 3] [--store oxigraph:DIR]

Graphs are Barabási-Albert actor networks (two links per new actor) carrying what a real view carries:
labels, dates on nodes and edges, two supporting sentences per node and the events of each edge.
"Build" is Python: communities, layout, JSON, the page. In headless Chromium (Debian's, software
WebGL: --disable-gpu) "stable" is navigation to the first complete frame (window.kgStable; the layout
is precomputed, so nothing moves after it); "search" is a search that focuses an actor's
neighbourhood, to the next frame; "window" is setting a time window, to the next frame. Medians of
--runs page loads. Prints a Markdown table for docs/benchmarks.md ("## The view").
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def actor_graph(n: int, seed: int = 1):
    import networkx as nx

    rng = random.Random(seed)
    g = nx.barabasi_albert_graph(n, 2, seed=seed)
    for v in g:
        day = f"1987-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}"
        g.nodes[v].update(label=f"Actor {v} of the corpus", kind=rng.choice(["person", "organization"]),
                          dates=[day], events=g.degree(v), articles=1 + g.degree(v) // 2,
                          sentences=[{"text": f"Actor {v} met Actor {u} to discuss the terms of the deal.",
                                      "article": f"Article {v}-{i}", "href": f"https://example.org/{v}/{i}",
                                      "date": day} for i, u in enumerate(list(g[v])[:2])])
    for a, b in g.edges:
        day = g.nodes[a]["dates"][0]
        g[a][b].update(weight=1, dates=[day], list=[{"label": f"Meeting of Actor {a} and Actor {b}", "date": day}])
    return g


def measure_page(browser, path: Path, probe: str) -> dict[str, float]:
    page = browser.new_context(viewport={"width": 1400, "height": 800}, bypass_csp=True).new_page()  # CSP would stop the waits
    t0 = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_function("window.kgStable === true", timeout=120_000, polling=20)
    stable = time.perf_counter() - t0
    frame = """() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"""
    t0 = time.perf_counter()
    page.evaluate(f"window.kgFocus({probe!r})")
    page.evaluate(frame)
    search = time.perf_counter() - t0
    page.evaluate("window.kgFocus('no such actor at all')")
    t0 = time.perf_counter()
    page.evaluate("window.kgWindow('1987-03-01', '1987-05-31')")
    page.evaluate(frame)
    window = time.perf_counter() - t0
    page.close()
    return {"stable": stable, "search": search, "window": window}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--store", help="also time the view of this store (e.g. oxigraph:DIR of 1,000 Reuters articles)")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from kg.viz import view, write_html

    tmp = Path(tempfile.mkdtemp(prefix="kg-view-bench-"))
    pages = []
    for n in args.sizes:
        g = actor_graph(n)
        t0 = time.perf_counter()
        path = write_html(g, tmp / f"v{n}.html", title=f"{n} actors")
        pages.append((f"{n:,} actors (synthetic)", path, time.perf_counter() - t0, "Actor 7 of the corpus"))
    if args.store:
        import kg

        ds = kg.load(args.store)
        t0 = time.perf_counter()
        path = view(ds, tmp / "store.html")
        pages.append((f"store {args.store.rsplit('/', 1)[-1]}", path, time.perf_counter() - t0, "a"))
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        for name, path, build, probe in pages:
            runs = [measure_page(browser, path, probe) for _ in range(args.runs)]
            med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            best = {k: min(r[k] for r in runs) for k in runs[0]}
            rows.append(f"| {name} | {build:.1f} | {path.stat().st_size / 1e6:.1f} | {med['stable']:.2f} "
                        f"({best['stable']:.2f}) | {med['search'] * 1000:.0f} ({best['search'] * 1000:.0f}) "
                        f"| {med['window'] * 1000:.0f} ({best['window'] * 1000:.0f}) |")
            print(rows[-1], file=sys.stderr, flush=True)
        browser.close()
    import os

    print(f"Load average on this machine after the run: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores); "
          "median (best) of the page loads.\n")
    print("| view | build in Python (s) | page (MB) | browser to stable view (s) | search focus (ms) | time window (ms) |")
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
