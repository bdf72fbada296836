"""Soak and fuzz the SPARQL endpoint (`kg serve`) on loopback, with bounded counts and time.

Starts the real command on 127.0.0.1 over a graph file, then measures:

- 20 concurrent clients on a named query: p50/p99 latency, errors, requests/s, with the answer cache
  (the same query text) and without it (each request's text made unique by a comment);
- memory (RSS of the server and its workers) before and after the requests;
- the time limit: a cross-product query answered 503, and the CPU the server's processes use in the
  1 s and 5 s after the answer;
- fuzz: deep nesting, 10,000 ORs, a 1 MB query, a huge literal, seeded random token soup, malformed
  HTTP (bad Content-Length, garbage request lines, oversized headers), 300 half-sent requests; the
  server must answer every one without a 5xx other than the time limit's 503, and stay up.

Usage: python bench/soak_endpoint.py [--graph G.trig] [--requests 10000] [--clients 20]
Prints a markdown section for docs/reliability.md ("## The endpoint"). Figures, not asserts.
"""

from __future__ import annotations

import argparse
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(url: str, query: str, timeout: float = 30) -> tuple[int, float]:
    data = urllib.parse.urlencode({"query": query}).encode()
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=timeout) as r:
            r.read()
            code = r.status
    except urllib.error.HTTPError as e:
        code = e.code
    except OSError:
        code = 0
    return code, time.perf_counter() - t


def raw(port: int, data: bytes, wait: float = 10) -> bytes:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=wait) as s:
            s.sendall(data)
            out = b""
            while chunk := s.recv(65536):
                out += chunk
            return out
    except OSError as exc:
        return f"<{type(exc).__name__}>".encode()


def tree(pid: int):
    import psutil

    p = psutil.Process(pid)
    return [p, *p.children(recursive=True)]


def rss_mb(pid: int) -> float:
    return sum(p.memory_info().rss for p in tree(pid)) / 2**20


def cpu_by_pid(pid: int) -> dict[int, float]:
    out = {}
    for p in tree(pid):
        try:
            t = p.cpu_times()
            out[p.pid] = t.user + t.system
        except Exception:  # noqa: BLE001 - a worker that was just killed
            pass
    return out


def cpu_since(pid: int, then: dict[int, float]) -> float:
    """CPU-seconds the server's live processes used since the snapshot (a killed worker uses none)."""
    return sum(max(0.0, cpu - then.get(p, 0.0)) for p, cpu in cpu_by_pid(pid).items())


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] * 1000


def load(url: str, text: str, n: int, clients: int, unique: bool) -> dict:
    def one(i: int) -> tuple[int, float]:
        return post(url, f"{text}\n# {i}" if unique else text)
    t = time.perf_counter()
    with ThreadPoolExecutor(clients) as ex:
        res = list(ex.map(one, range(n)))
    wall = time.perf_counter() - t
    lat = [r[1] for r in res]
    return {"n": n, "errors": sum(1 for r in res if r[0] != 200), "p50": pct(lat, 0.5), "p99": pct(lat, 0.99),
            "rps": n / wall}


def fuzz(url: str, port: int, seed: int = 17, n_random: int = 300) -> dict:
    rng = random.Random(seed)
    words = ["SELECT", "*", "WHERE", "{", "}", "(", ")", "?s", "?p", "?o", "FILTER", "||", "&&", "OPTIONAL",
             "UNION", "\"x\"", "<http://a>", "a", ".", ";", "GRAPH", "SERVICE", "VALUES", "BIND", "AS", "LIMIT",
             "1", "ORDER", "BY", "GROUP", "COUNT", "DISTINCT", "MINUS", "NOT", "EXISTS", "<<", ">>", "#", "\\"]
    cases = {
        "3,000 nested groups": "SELECT * WHERE " + "{ " * 3000 + "?s ?p ?o" + " }" * 3000,
        "10,000 ORs": "SELECT * WHERE { ?s ?p ?o FILTER(" + "||".join(["?o=1"] * 10_000) + ") }",
        "5,000 nested parentheses": "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
        "1 MB query": "SELECT * WHERE { ?s ?p ?o } #" + "x" * 1_000_000,
        "900 KB literal": 'SELECT * WHERE { ?s ?p "' + "y" * 900_000 + '" }',
        "200 nested OPTIONALs": "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * 99 + "}" * 99 + "}",
    }
    codes: dict[str, int] = {}
    for name, q in cases.items():
        codes[name] = post(url, q)[0]
    random_codes: dict[int, int] = {}
    for _ in range(n_random):
        q = " ".join(rng.choice(words) for _ in range(rng.randint(1, 60)))
        c = post(url, q)[0]
        random_codes[c] = random_codes.get(c, 0) + 1
    http = {
        "Content-Length: abc": b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\nquery=ASK{}",
        "Content-Length: -5": b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -5\r\n\r\n",
        "Content-Length: 10^12": b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 999999999999\r\n\r\n",
        "garbage request line": b"\x00\xff\xfe GARBAGE\r\n\r\n",
        "70 KB request line": b"GET /sparql?query=" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n",
        "200 headers": b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(200))
        + b"\r\n",
        "Host: evil.example": b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: evil.example\r\n\r\n",
    }
    http_codes = {}
    for name, data in http.items():
        out = raw(port, data)
        http_codes[name] = out.split(b" ", 2)[1].decode("latin-1") if out.startswith(b"HTTP/") else (
            out[:30].decode("latin-1") or "closed")
    return {"cases": codes, "random": random_codes, "http": http_codes}


def half_sent(url: str, port: int, pid: int, n: int = 300) -> dict:
    import psutil

    socks = []
    for _ in range(n):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nquery=")
            socks.append(s)
        except OSError:
            break
    threads = psutil.Process(pid).num_threads()
    code, latency = post(url, "ASK { ?s ?p ?o }", timeout=60)
    t = time.perf_counter()
    closed = 0
    for s in socks:
        s.settimeout(max(0.1, 30 - (time.perf_counter() - t)))
        try:
            closed += s.recv(10) == b""
        except OSError:
            pass
        s.close()
    return {"opened": len(socks), "threads": threads, "query_code": code, "query_s": latency,
            "closed_within_s": time.perf_counter() - t, "closed": closed}


def time_limit(url: str, pid: int) -> dict:
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    before = cpu_by_pid(pid)
    code, took = post(url, q, timeout=60)
    during = cpu_since(pid, before)
    at = cpu_by_pid(pid)
    time.sleep(1)
    after1 = cpu_since(pid, at)
    time.sleep(4)
    after5 = cpu_since(pid, at)
    gone = [p for p in before if p not in cpu_by_pid(pid)]
    return {"code": code, "answered_s": took, "cpu_during": during, "cpu_next_1s": after1, "cpu_next_5s": after5,
            "killed": len(gone)}


def build_graph(tmp: Path) -> Path:
    out = tmp / "seeds.trig"
    subprocess.run([sys.executable, "-m", "kg.cli", "build", str(ROOT / "examples" / "articles"), "-o", str(out)],
                   check=True, capture_output=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--graph", type=Path, help="graph file to serve (default: the seed articles, built now)")
    ap.add_argument("--requests", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--timeout", type=float, default=2.0, help="the server's per-query time limit")
    args = ap.parse_args()
    from kg import query as q

    with tempfile.TemporaryDirectory() as tmp:
        graph = args.graph or build_graph(Path(tmp))
        port = free_port()
        url = f"http://127.0.0.1:{port}/sparql"
        proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", str(graph), "--port", str(port),
                                 "--timeout", str(args.timeout)], stderr=subprocess.PIPE)
        try:
            deadline = time.time() + 120
            while time.time() < deadline and post(url, "ASK {}", timeout=2)[0] != 200:
                time.sleep(0.2)
            text = q.load("who_met_whom")
            rss0 = rss_mb(proc.pid)
            cached = load(url, text, args.requests, args.clients, unique=False)
            rss1 = rss_mb(proc.pid)
            uncached = load(url, text, min(args.requests, 2000), args.clients, unique=True)
            rss2 = rss_mb(proc.pid)
            limit = time_limit(url, proc.pid)
            fz = fuzz(url, port)
            hs = half_sent(url, port, proc.pid)
            alive = proc.poll() is None and post(url, "ASK {}")[0] == 200
        finally:
            proc.terminate()
            _, err = proc.communicate(timeout=30)
    tracebacks = err.decode("utf-8", "replace").count("Traceback")
    print(report(graph, args, cached, uncached, (rss0, rss1, rss2), limit, fz, hs, alive, tracebacks))


def report(graph, args, cached, uncached, rss, limit, fz, hs, alive, tracebacks) -> str:
    import platform

    import psutil

    lines = [
        f"Measured by `python bench/soak_endpoint.py` on {platform.node() or 'this machine'} "
        f"({psutil.cpu_count()} CPUs, Python {platform.python_version()}), graph `{Path(graph).name}`, "
        f"`kg serve --timeout {args.timeout:g}` on 127.0.0.1.",
        "",
        f"| {args.clients} clients, `who_met_whom` | requests | errors | p50 ms | p99 ms | req/s |",
        "|---|---:|---:|---:|---:|---:|",
        f"| same text (answer cache) | {cached['n']:,} | {cached['errors']} | {cached['p50']:.1f} | "
        f"{cached['p99']:.1f} | {cached['rps']:.0f} |",
        f"| unique text (engine every time) | {uncached['n']:,} | {uncached['errors']} | {uncached['p50']:.1f} | "
        f"{uncached['p99']:.1f} | {uncached['rps']:.0f} |",
        "",
        f"Memory of the server and its workers: {rss[0]:.0f} MB before, {rss[1]:.0f} MB after the "
        f"{cached['n']:,} cached requests, {rss[2]:.0f} MB after the {uncached['n']:,} uncached ones.",
        "",
        f"Time limit: a cross-product query was answered {limit['code']} after {limit['answered_s']:.2f} s; "
        f"the server's processes used {limit['cpu_next_1s']:.2f} CPU-s in the next second and "
        f"{limit['cpu_next_5s']:.2f} CPU-s in the next five, including the start of the replacement worker "
        f"({limit['killed']} worker killed).",
        "",
        "| fuzz case | status |", "|---|---:|",
        *[f"| {k} | {v} |" for k, v in fz["cases"].items()],
        *[f"| HTTP: {k} | {v} |" for k, v in fz["http"].items()],
        f"| 300 seeded random token soups | {', '.join(f'{c}: {n}' for c, n in sorted(fz['random'].items()))} |",
        "",
        f"Half-sent requests: {hs['opened']} connections left mid-body; the server held {hs['threads']} threads "
        f"(a bounded pool), a normal query was answered {hs['query_code']} in {hs['query_s']:.2f} s, and "
        f"{hs['closed']} of them were closed by the server within {hs['closed_within_s']:.1f} s.",
        "",
        f"Server alive at the end: {'yes' if alive else 'NO'}; tracebacks in its log: {tracebacks}.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    threading.stack_size(0)
    main()
