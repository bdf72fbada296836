"""Query latency on graph files and stores (issue 16): what `kg query`, `kg stats` and the view wait for.

A graph file is read into an in-memory Oxigraph store whose default graph is the set union of the
articles' graphs (kg.store); the named queries and the view's queries are then timed as `kg query` runs
them (kg.query.run: rows converted to Python values), median of 3 after one warm-up run. The graph is
the real extraction of a corpus copied with renamed data IRIs up to the target size (as bench/run.py
scales it).

Usage: python bench/queries.py [--graph G.trig] [--triples 1000000 ...]
bench/run.py can call :func:`measure` and :func:`markdown`.
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PARAMS = {"events_at_place": {"placeLabel": "Brussels"}}
GOAL_MS = 100


def base_graph(path: Path | None):
    """The graph to scale: a given file, else the seed articles built now."""
    from kg.store import open_store

    if path is not None:
        return open_store(str(path))
    from kg.pipeline import build

    ds = open_store("memory")
    build([ROOT / "examples" / "articles"], ds)
    return ds


def scaled_file(ds, triples: int, out: Path) -> Path:
    """N-Quads of ds copied with renamed data IRIs until about `triples` quads."""
    from kg.store import named_quads

    one = _nquads(list(named_quads(ds)))
    per_copy = max(1, one.count(b"\n"))
    copies = max(1, round(triples / per_copy))
    with out.open("wb") as fh:
        for i in range(copies):
            fh.write(one.replace(b"https://w3id.org/storykg/id/", f"https://w3id.org/storykg/id/c{i}/".encode()))
    return out


def _nquads(quads) -> bytes:
    from rdflib import Dataset

    d = Dataset()
    d.addN((s, p, o, d.graph(c)) for s, p, o, c in quads)
    return d.serialize(format="nquads", encoding="utf-8")


def view_queries() -> dict[str, str]:
    from kg.query import view_queries as view

    return view()


def _median_ms(fn, runs: int = 3) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2] * 1000


def _latencies(ds) -> tuple[dict[str, float], dict[str, int]]:
    from kg import query as q

    lat, rows = {}, {}
    texts = {name: (q.load(name), PARAMS.get(name)) for name in q.names()}
    texts |= {name: (text, None) for name, text in view_queries().items()}
    for name, (text, params) in texts.items():
        lat[name] = _median_ms(lambda text=text, params=params: q.run(ds, text, params))
        rows[name] = len(q.run(ds, text, params)[1])
    return lat, rows


def measure(path: Path) -> dict:
    """Load time, peak RSS, and per-query latency (ms) for the graph file at path: as the file is read
    (each query run as written), then with the reports kept (kg.reports.refresh, as a build leaves a store)."""
    from kg import reports
    from kg.stats import stats
    from kg.store import open_store, oxigraph_of

    with path.open("rb") as fh:
        quads = sum(1 for _ in fh)  # N-Quads: one a line
    t0 = time.perf_counter()
    ds = open_store(str(path))
    out: dict = {"load_s": time.perf_counter() - t0, "triples": quads}
    assert oxigraph_of(ds) is not None
    out["plain_ms"], out["rows"] = _latencies(ds)
    t0 = time.perf_counter()
    reports.refresh(ds)
    out["refresh_s"] = time.perf_counter() - t0
    out["query_ms"], kept_rows = _latencies(ds)
    assert kept_rows == out["rows"], "kept reports give other rows"
    t0 = time.perf_counter()
    stats(ds)
    out["stats_s"] = time.perf_counter() - t0
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def markdown(results: dict[int, dict]) -> str:
    sizes = list(results)
    lines = [
        "## Queries on graph files and stores", "",
        f"Measured by `python bench/queries.py` on {platform.node()} ({platform.machine()}, Python "
        f"{platform.python_version()}). The graph file (N-Quads) is read into an in-memory Oxigraph store "
        "whose default graph is the set union of the articles' graphs, as `kg query`/`kg stats`/`kg view`/"
        "`kg serve` do; latency is `kg.query.run` (rows as Python values), median of 3 after a warm-up: "
        "first each query run as written (a graph file just read), then with the whole-graph reports kept "
        "(`kg.reports.refresh`, what a build leaves in its store; the same rows, checked).", "",
        "| | " + " | ".join(f"{results[s]['triples']:,} triples" for s in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
        "| load the file (s) | " + " | ".join(f"{results[s]['load_s']:.1f}" for s in sizes) + " |",
        "| keep the reports (s) | " + " | ".join(f"{results[s]['refresh_s']:.1f}" for s in sizes) + " |",
        "| `kg stats` query (s) | " + " | ".join(f"{results[s]['stats_s']:.2f}" for s in sizes) + " |",
        "| peak RSS (MB) | " + " | ".join(f"{results[s]['peak_rss_mb']:.0f}" for s in sizes) + " |",
    ]
    for name in results[sizes[0]]["query_ms"]:
        cells = []
        for s in sizes:
            r = results[s]
            cells.append(f"{r['plain_ms'][name]:.0f} / {r['query_ms'][name]:.0f} ({r['rows'][name]:,} rows)")
        lines.append(f"| {name}: as written / kept (ms) | " + " | ".join(cells) + " |")
    lines += ["", f"Goal: whole-graph reports < {GOAL_MS} ms at 1M triples and < 1 s at 10M."]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--graph", type=Path, help="graph file to scale (default: the seed articles, built now)")
    ap.add_argument("--triples", type=int, nargs="+", default=[1_000_000])
    args = ap.parse_args()
    ds = base_graph(args.graph)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.triples:
            path = scaled_file(ds, n, Path(tmp) / f"g{n}.nq")
            results[n] = measure(path)
            path.unlink()
    print(markdown(results))


if __name__ == "__main__":
    main()
