"""storykg benchmark: one run writes docs/benchmarks.md with every build figure side by side.

- the parse floor: spaCy's ``nlp.pipe`` over the same paragraphs the build parses (the pipeline storykg
  loads: tokenizer rules, gazetteer and actor rulers, statistical components);
- the build (ingest -> parse, extract, unify, map in the worker -> store in the parent) at 1 job and
  2 jobs, and through the Dask engine with 2 local workers; each as ``kg build -o`` runs it (into an
  in-memory Oxigraph store), then writing the TriG file, timed apart;
- peak memory (RSS) of builds into an on-disk Oxigraph store at two corpus sizes;
- then, when present, ``bench/queries.py`` (load and query latency, on the graph this run built) and
  ``bench/view.py`` (the HTML view), their Markdown included under their own headings.

Every timed run is a fresh child process with the model already loaded and warmed on a few articles
(model loading and worker start-up are reported apart), so the rows compare the steady state.
Wall-clock seconds give the speed-ups; CPU seconds give the build / parse ratio, which stays
meaningful when other processes share the cores (the load average is printed with the figures).

Usage: python bench/run.py [--articles 1000] [--memory 500 2000] [--skip-queries] [--skip-view]
Speed is reported against the goals of the throughput issue, never asserted in tests.
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
REUTERS = ROOT.parent / "shared" / "data" / "reuters" / "reuters21578.jsonl"
GOALS = {"ratio": 1.15, "speedup": 1.8, "dask": 1.7}
WARM = 8  # articles each timed process (and each worker) parses before the clock starts


def corpus(src: Path, n: int, out: Path, skip: int = 0) -> Path:
    """The first n Reuters records with text (after skipping `skip`), as a JSONL file."""
    kept = 0
    with src.open(encoding="utf-8") as fh, out.open("w", encoding="utf-8") as dst:
        for line in fh:
            if not json.loads(line).get("text"):
                continue
            if skip:
                skip -= 1
                continue
            dst.write(line)
            kept += 1
            if kept >= n:
                break
    return out


def _usage() -> dict:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"cpu": me.ru_utime + me.ru_stime, "child_cpu": kids.ru_utime + kids.ru_stime,
            "rss_mb": me.ru_maxrss / 1024, "child_rss_mb": kids.ru_maxrss / 1024}


def _articles(path: Path):
    from kg import ingest

    return [a for a in ingest.read([path], check_language=False) if not isinstance(a, Exception)]


def child(spec: dict) -> dict:
    """One timed run in this (fresh) process; spec['what'] is parse | build | dask."""
    from kg.pipeline import _extractor, build

    warm, data = Path(spec["warm"]), Path(spec["data"])
    t0 = time.perf_counter()
    ex = _extractor(None, None)  # the pipeline the build uses, loaded once per process
    out: dict = {"load_s": time.perf_counter() - t0}
    if spec["what"] == "parse":
        from kg.extract.document import paragraph_texts

        texts = [t for a in _articles(warm) for _, t in paragraph_texts(a)]
        list(ex.nlp.pipe(texts))
        texts = [t for a in _articles(data) for _, t in paragraph_texts(a)]
        out["words"] = sum(len(t.split()) for t in texts)
        u0, t0 = _usage(), time.perf_counter()
        for _ in ex.nlp.pipe(texts, batch_size=64):
            pass
        u1, wall = _usage(), time.perf_counter() - t0
        return {**out, "wall": wall, "cpu": u1["cpu"] - u0["cpu"], **{k: u1[k] for k in ("rss_mb",)}}
    from kg.store import memory_oxigraph, open_store, write

    ds = open_store(f"oxigraph:{spec['store']}") if spec.get("store") else memory_oxigraph()
    build([warm], open_store("memory"), check_language=False)  # one-time costs (lexicons, gazetteer) paid here
    executor, closer, warm_cpu = None, None, 0.0
    jobs = spec.get("jobs", 1)
    t0 = time.perf_counter()
    if spec["what"] == "dask":
        from dask.distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        client.run(_warm_worker, str(warm))
        executor = client.get_executor(pure=False)

        def closer() -> None:
            client.close()
            cluster.close()
    elif jobs > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        ctx = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(jobs, mp_context=ctx)
        manager = ctx.Manager()
        barrier = manager.Barrier(jobs)  # each warm-up task waits for the others: one per worker
        warm_cpu = sum(f.result() for f in [pool.submit(_warm_worker, str(warm), barrier) for _ in range(jobs)])
        manager.shutdown()
        executor, closer = pool, pool.shutdown
    out["startup_s"] = time.perf_counter() - t0
    u0, t0 = _usage(), time.perf_counter()
    report = build([data], ds, check_language=False, jobs=jobs, executor=executor)
    wall = time.perf_counter() - t0
    if closer is not None:
        closer()  # a worker's CPU and peak RSS are known once it has exited
    u1 = _usage()
    out.update(wall=wall, cpu=u1["cpu"] - u0["cpu"], articles=report.articles_out, triples=report.triples,
               rss_mb=u1["rss_mb"])
    if spec["what"] == "build" and jobs > 1:
        out.update(worker_cpu=u1["child_cpu"] - warm_cpu, worker_rss_mb=u1["child_rss_mb"])
    if spec.get("write"):
        t0 = time.perf_counter()
        write(ds, spec["write"])
        out["write_s"] = time.perf_counter() - t0
    return out


def _warm_worker(warm: str, barrier=None) -> float:  # noqa: ANN001 - a multiprocessing proxy
    """Load the pipeline in a worker and parse a few articles; returns the worker's CPU seconds so far.
    With a barrier, wait for the pool's other workers (so that each worker runs one of these)."""
    from kg.pipeline import Options, work

    work(_articles(Path(warm)), Options(when="2024-01-01T00:00:00Z"))
    if barrier is not None:
        barrier.wait()
    return time.process_time()


def load_rates(trig: Path, tmp: Path) -> dict:
    """Seconds to bulk-load a graph file into Oxigraph in memory and on disk."""
    import pyoxigraph as ox

    out: dict = {}
    for name, store in (("in-memory Oxigraph", ox.Store()), ("on-disk Oxigraph", ox.Store(str(tmp / "load-store")))):
        t0 = time.perf_counter()
        store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
        out[name] = time.perf_counter() - t0
        out["triples"] = len(store)
    return out


def run_child(spec: dict) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", json.dumps(spec)], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    if proc.returncode:
        raise SystemExit(f"benchmark child {spec['what']} failed:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"  {spec['what']} {spec.get('jobs', '')}: {json.dumps({k: round(v, 2) for k, v in result.items()})}",
          file=sys.stderr, flush=True)
    return result


def included(script: str, args: list[str], heading: str) -> list[str]:
    """Another bench script's Markdown (stdout), under its own heading; a note when it fails."""
    path = ROOT / "bench" / script
    if not path.exists():
        return []
    print(f"running bench/{script} {' '.join(args)}", file=sys.stderr, flush=True)
    proc = subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True, cwd=ROOT)
    text = proc.stdout.strip()
    if proc.returncode or not text:
        return ["", heading, "", f"`bench/{script}` failed in this run (exit {proc.returncode}): "
                f"`{(proc.stderr.strip().splitlines() or ['no output'])[-1][:300]}`", ""]
    return ["", *([] if text.startswith("## ") else [heading, ""]), text, ""]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000, help="corpus size of the timed rows")
    ap.add_argument("--memory", type=int, nargs=2, default=[500, 2000], help="two corpus sizes for peak memory")
    ap.add_argument("--reuters", type=Path, default=REUTERS)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    ap.add_argument("--skip-queries", action="store_true")
    ap.add_argument("--skip-view", action="store_true")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return
    started = time.perf_counter()
    load_before = os.getloadavg()
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    warm = corpus(args.reuters, WARM, tmp / "warm.jsonl", skip=max(args.memory) + args.articles)
    data = corpus(args.reuters, args.articles, tmp / "data.jsonl")
    base = {"warm": str(warm), "data": str(data)}
    print(f"bench: {args.articles} articles; temp files in {tmp}", file=sys.stderr)
    parse = run_child({**base, "what": "parse"})
    one = run_child({**base, "what": "build", "jobs": 1, "write": str(tmp / "one.trig")})
    two = run_child({**base, "what": "build", "jobs": 2})
    dask = run_child({**base, "what": "dask", "jobs": 2})
    mem = {}
    for n in args.memory:
        path = corpus(args.reuters, n, tmp / f"m{n}.jsonl")
        mem[n] = run_child({"warm": str(warm), "data": str(path), "what": "build", "store": str(tmp / f"store{n}")})
    load_after = os.getloadavg()
    loads = load_rates(tmp / "one.trig", tmp)

    import spacy

    m = platform.uname()
    n, words = one["articles"], parse["words"]
    loaded = load_before[0] > 0.5 * (os.cpu_count() or 1)  # after the rows, the load is the bench's own
    lines = [
        "# Benchmarks", "",
        f"Produced by `python bench/run.py --articles {args.articles}` on {time.strftime('%Y-%m-%d')} in "
        f"{(time.perf_counter() - started) / 60:.0f} min. Machine: {m.system} {m.machine}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, spaCy {spacy.__version__}. Goals are from the throughput issue; "
        "nothing here is asserted by a test.", "",
        f"Load average (1 min) before / after the build rows: {load_before[0]:.1f} / {load_after[0]:.1f}"
        + (" — **measured under load**: other processes shared the cores, so wall-clock times and speed-ups "
           "are depressed; the CPU-second ratio is the steadier figure." if loaded else "."), "",
        "## Build vs the bare parse", "",
        f"{args.articles} Reuters articles ({n} built, {words:,} words, {one['triples']:,} triples). Each row is a "
        f"fresh process with the pipeline loaded and warmed on {WARM} other articles; start-up is reported apart.", "",
        "| run | wall s | CPU s (parent + workers) | articles/s | words/s | start-up s |", "|---|---:|---:|---:|---:|---:|",
        f"| bare `nlp.pipe` (floor) | {parse['wall']:.1f} | {parse['cpu']:.1f} | {n / parse['wall']:.1f} | "
        f"{words / parse['wall']:,.0f} | {parse['load_s']:.1f} (model) |",
    ]
    for name, r in (("storykg build, 1 job", one), ("storykg build, 2 jobs", two), ("Dask engine, 2 workers", dask)):
        cpu = f"{r['cpu'] + r['worker_cpu']:.1f}" if "worker_cpu" in r else (f"{r['cpu']:.1f}" if r is one else "n/a")
        lines.append(f"| {name} | {r['wall']:.1f} | {cpu} | {n / r['wall']:.1f} | {words / r['wall']:,.0f} | "
                     f"{r['startup_s']:.1f} |")
    lines += [
        f"| write the TriG file (after the 1-job build) | {one['write_s']:.2f} | | | | |", "",
        f"- whole build / bare parse, 1 job: **{one['cpu'] / parse['cpu']:.2f}x** in CPU seconds "
        f"({one['wall'] / parse['wall']:.2f}x wall; goal <= {GOALS['ratio']}x)",
        f"- speed-up 1 -> 2 jobs: **{one['wall'] / two['wall']:.2f}x** (goal >= {GOALS['speedup']}x); "
        f"the parent used {two['cpu']:.1f} CPU s of {two['cpu'] + two['worker_cpu']:.1f}",
        f"- Dask engine with 2 workers vs 1 job: **{one['wall'] / dask['wall']:.2f}x** (goal >= {GOALS['dask']}x)",
        f"- peak RSS, 1 job: {one['rss_mb']:.0f} MB; 2 jobs: parent {two['rss_mb']:.0f} MB, largest worker "
        f"{two.get('worker_rss_mb', 0):.0f} MB", "",
        "### Peak memory against corpus size", "",
        "One job into an on-disk Oxigraph store (`--store oxigraph:DIR`, the way to build a large corpus).", "",
        "| articles | triples | peak RSS (MB) | articles/s |", "|---:|---:|---:|---:|",
    ]
    lines += [f"| {r['articles']:,} | {r['triples']:,} | {r['rss_mb']:.0f} | {r['articles'] / r['wall']:.1f} |"
              for r in mem.values()]
    a, b = (mem[k]["rss_mb"] for k in args.memory)
    lines += ["", f"Growth from {args.memory[0]:,} to {args.memory[1]:,} articles: {b - a:+.0f} MB "
              "(goal: flat in corpus size).", ""]
    lines += ["### Loading a built graph", "",
              f"The 1-job build's TriG file ({loads['triples']:,} triples) bulk-loaded by Oxigraph "
              "(what `kg query`/`kg stats`/`kg view` do with a graph file, and `oxigraph load` into a store):", "",
              "| into | seconds | triples/s |", "|---|---:|---:|"]
    lines += [f"| {k} | {v:.2f} | {loads['triples'] / v:,.0f} |" for k, v in loads.items() if k != "triples"]
    lines += ["", "Goal: >= 200,000 triples/s bulk load into Oxigraph.", ""]
    lines += ["### Where the time goes", "",
              "See [scale.md](scale.md#where-the-time-goes) for the profile of a one-job build.", ""]
    args.out.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")  # the build figures, whatever follows
    if not args.skip_queries:
        lines += included("queries.py", ["--graph", str(tmp / "one.trig")], "## Queries on graph files and stores")
    if not args.skip_view:
        lines += included("view.py", [], "## The view")
    args.out.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    print("\n".join(lines))
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)  # corpora, stores and graphs of this run (hundreds of MB)


if __name__ == "__main__":
    main()
