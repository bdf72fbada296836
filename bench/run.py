"""storykg benchmark: writes docs/benchmarks.md with the machine info and, from one run:

- articles/s and words/s of the whole build (ingest -> NLP -> extraction -> RDF) vs the bare spaCy
  pipeline (nlp.pipe over the same paragraphs), on Reuters articles; the ratio is the figure;
- speed-up from 1 to 2 jobs and peak memory (RSS) of builds of two sizes;
- load rate (triples/s) into rdflib memory vs Oxigraph; named query latency on graphs scaled up from
  the real extraction (copies with renamed IRIs);
- HTML view build time at 100 / 1,000 / 5,000 nodes.

Usage: python bench/run.py [--articles 2000] [--reuters PATH] [--out docs/benchmarks.md]
Speed is reported against goals, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOALS = {"ratio": 1.3, "speedup": 1.8, "load": 200_000, "query_ms": 100}


def reuters_articles(path: Path, n: int):
    from kg.ingest.records import from_record

    out = []
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, 1):
            rec = json.loads(line)
            if not rec.get("text"):
                continue
            out.append(from_record(rec, str(path), i))
            if len(out) >= n:
                break
    return out


def bare_parse(articles, nlp) -> float:
    from kg.extract.document import paragraph_texts

    texts = [t for a in articles for _, t in paragraph_texts(a)]
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return time.perf_counter() - t0


def full_build(articles, jobs: int = 1) -> tuple[float, int]:
    from kg import mapping
    from kg.pipeline import extract_articles
    from kg.store import open_store, replace_graph

    ds = open_store("memory")
    t0 = time.perf_counter()
    n = 0
    for x in extract_articles(articles, jobs=jobs):
        n += replace_graph(ds, mapping.graph_for(x.article), mapping.triples(x, "2024-01-01T00:00:00Z"))
    return time.perf_counter() - t0, n


def child_rss(n: int, reuters: Path) -> float:
    """Peak RSS (MB) of a separate process that builds n articles."""
    code = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); from bench.run import reuters_articles, full_build;"
            f"from pathlib import Path; full_build(reuters_articles(Path({str(reuters)!r}), {n}));"
            "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def scaled_nquads(ds, copies: int) -> bytes:
    """The real graph copied `copies` times with renamed data IRIs (same shape, more data)."""
    base = ds.serialize(format="nquads", encoding="utf-8")
    parts = [base.replace(b"https://w3id.org/storykg/id/", f"https://w3id.org/storykg/id/c{i}/".encode())
             for i in range(copies)]
    return b"".join(parts)


def load_and_query(nq: bytes) -> dict:
    import pyoxigraph as ox
    from rdflib import Dataset

    from kg import query as q

    res = {"triples": nq.count(b"\n")}
    t0 = time.perf_counter()
    store = ox.Store()
    store.bulk_load(nq, format=ox.RdfFormat.N_QUADS)
    res["oxigraph_load_s"] = time.perf_counter() - t0
    if res["triples"] <= 300_000:
        t0 = time.perf_counter()
        ds = Dataset()
        ds.parse(data=nq.decode("utf-8"), format="nquads")
        res["rdflib_load_s"] = time.perf_counter() - t0
    lat = {}
    params = {"events_at_place": 'BIND("Brussels" AS ?placeLabel)'}
    for name in q.names():
        text = q.load(name)
        if name in params:
            text = text.replace("WHERE {", "WHERE { " + params[name], 1)
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            list(store.query(text, use_default_graph_as_union=True))
            runs.append(time.perf_counter() - t0)
        lat[name] = sorted(runs)[1] * 1000
    res["query_ms"] = lat
    return res


def view_times(sizes=(100, 1000, 5000)) -> dict:
    """(build seconds, browser seconds to a stable view or None) per node count."""
    import shutil

    import networkx as nx

    from kg.viz import write_html

    out = {}
    tmp = Path(tempfile.mkdtemp())
    for n in sizes:
        g = nx.barabasi_albert_graph(n, 2, seed=1)
        nx.set_node_attributes(g, "person", "kind")
        t0 = time.perf_counter()
        write_html(g, tmp / f"v{n}.html", max_nodes=n)
        out[n] = [time.perf_counter() - t0, None]
    chromium = shutil.which("chromium")
    if chromium:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox",
                                        "--disable-gpu", "--disable-background-networking"])
            for n in sizes:
                page = browser.new_context(bypass_csp=True).new_page()
                t0 = time.perf_counter()
                page.goto((tmp / f"v{n}.html").as_uri())
                page.wait_for_function("window.kgStable === true", timeout=600_000, polling=100)
                out[n][1] = time.perf_counter() - t0
                page.close()
            browser.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--reuters", type=Path, default=ROOT.parent / "shared" / "data" / "reuters" / "reuters21578.jsonl")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from kg import nlp as kg_nlp

    arts = reuters_articles(args.reuters, args.articles)
    words = sum(len(a.text.split()) for a in arts)
    nlp = kg_nlp.load()
    bare = bare_parse(arts, nlp)
    full1, triples = full_build(arts, 1)
    full2, _ = full_build(arts, 2)
    small = max(100, args.articles // 10)
    rss_small, rss_big = child_rss(small, args.reuters), child_rss(args.articles, args.reuters)
    from kg.pipeline import build
    from kg.store import open_store

    ds = open_store("memory")
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.jsonl"
        with args.reuters.open(encoding="utf-8") as fh, sample.open("w", encoding="utf-8") as out:
            for _, line in zip(range(300), fh, strict=False):
                out.write(line)
        build([sample], ds, check_language=False)
    per_copy = sum(1 for _ in ds.quads((None, None, None, None)))
    scale = {}
    for target in (100_000, 1_000_000):
        scale[target] = load_and_query(scaled_nquads(ds, max(1, round(target / per_copy))))
    views = view_times()

    m = platform.uname()
    lines = [
        "# Benchmarks", "",
        f"Produced by `python bench/run.py --articles {args.articles}` on {time.strftime('%Y-%m-%d')}.",
        f"Machine: {m.system} {m.machine}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"spaCy pipeline `{nlp.meta.get('name')}` {nlp.meta.get('version')}. Goals are from the scale issue; "
        "nothing here is asserted by a test.", "",
        "## Build vs the bare NLP parse", "",
        f"{len(arts)} Reuters articles, {words:,} words.", "",
        "| run | seconds | articles/s | words/s |", "|---|---|---|---|",
        f"| bare `nlp.pipe` (floor) | {bare:.1f} | {len(arts) / bare:.1f} | {words / bare:,.0f} |",
        f"| storykg build, 1 job | {full1:.1f} | {len(arts) / full1:.1f} | {words / full1:,.0f} |",
        f"| storykg build, 2 jobs | {full2:.1f} | {len(arts) / full2:.1f} | {words / full2:,.0f} |", "",
        f"- whole pipeline / bare parse: **{full1 / bare:.2f}x** (goal <= {GOALS['ratio']}x)",
        f"- speed-up 1 -> 2 jobs: **{full1 / full2:.2f}x** (goal >= {GOALS['speedup']}x)",
        f"- triples produced: {triples:,}",
        f"- peak RSS: {rss_small:.0f} MB at {small} articles, {rss_big:.0f} MB at {args.articles} articles "
        "(goal: flat in corpus size)", "",
        "## Loading and querying", "",
        f"A real extraction of 300 Reuters articles ({per_copy:,} triples) copied with renamed IRIs.", "",
        "| triples | Oxigraph bulk load | rdflib parse (memory) |", "|---|---|---|",
    ]
    for r in scale.values():
        rd = f"{r['triples'] / r['rdflib_load_s']:,.0f} triples/s" if "rdflib_load_s" in r else "not run (too slow)"
        lines.append(f"| {r['triples']:,} | {r['triples'] / r['oxigraph_load_s']:,.0f} triples/s | {rd} |")
    lines += ["", f"Goal: >= {GOALS['load']:,} triples/s bulk load into Oxigraph.", "",
              "Named query latency (pyoxigraph, union default graph, median of 3, ms):", "",
              "| query | " + " | ".join(f"{r['triples']:,} triples" for r in scale.values()) + " |",
              "|---|" + "---|" * len(scale)]
    for name in next(iter(scale.values()))["query_ms"]:
        lines.append(f"| {name} | " + " | ".join(f"{r['query_ms'][name]:.0f}" for r in scale.values()) + " |")
    lines += ["", f"Goal: < {GOALS['query_ms']} ms at 1M triples.", "",
              "## HTML view", "", "Barabási-Albert graphs; browser time is headless Chromium from navigation to the "
              "end of physics stabilisation (after which physics stops).", "",
              "| nodes | build (s) | browser to stable view (s) |", "|---|---|---|"]
    lines += [f"| {n:,} | {b:.2f} | {'n/a' if t is None else f'{t:.1f}'} |" for n, (b, t) in views.items()]
    lines += [""]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    _ = resource  # peak RSS of children measured above


if __name__ == "__main__":
    main()
