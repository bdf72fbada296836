"""A read-only SPARQL 1.1 Protocol endpoint at /sparql (GET and POST), answered by Oxigraph.

What it promises (docs/reliability.md, "The endpoint"):

- The answers of ``kg query``: the default graph is the set union of the articles' graphs (kg.store).
- Queries run in a bounded pool of worker processes over a read-only Oxigraph copy of the graph. A query
  past the time limit (503) has its worker killed, so its CPU is freed at once, and a fresh worker takes
  its place; a query that crashes the engine takes down only its worker (500).
- Refused before any engine sees them, by ``kg.query.check`` (tokens, not regexes): SPARQL Update and
  LOAD (403), SERVICE (400), nesting deeper than 100 brackets or more than 2,000 operators (400), queries
  over 1 MB (413). A result over ``max_rows`` is refused (413).
- HTTP: a bounded pool of threads, a socket timeout on every connection (half-sent requests are
  dropped), a malformed or oversized Content-Length is a 400/413, a Host header other than a loopback
  name (or one allowed by the operator) is a 403 (DNS rebinding), and no CORS header unless an origin
  is configured.
- Answers are cached by query text and media type: the data is a read-only snapshot.

Formats: SELECT/ASK as SPARQL JSON, XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle, N-Triples, RDF/XML or
JSON-LD, chosen by the Accept header.
"""

from __future__ import annotations

import logging
import os
import queue
import shutil
import tempfile
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

log = logging.getLogger(__name__)
SELECT_TYPES = {
    "application/sparql-results+json": "JSON", "application/json": "JSON",
    "application/sparql-results+xml": "XML", "application/xml": "XML", "text/xml": "XML", "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
GRAPH_TYPES = {"text/turtle": "TURTLE", "application/n-triples": "N_TRIPLES", "text/plain": "N_TRIPLES",
               "application/rdf+xml": "RDF_XML", "application/ld+json": "JSON_LD"}
READ_ONLY = b"This endpoint is read-only: SPARQL Update is refused.\n"
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
MAX_BODY = 1_000_000 + 1_000  # a 1 MB query, form-encoded, plus field names
Answer = tuple[int, str, bytes]


# --- the worker: one process, one read-only store; only pyoxigraph is imported here ----------------

def _worker_main(conn: Any, location: str, union: bool) -> None:
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(location)
    except OSError as exc:
        conn.send(("error", str(exc)))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_evaluate(store, union, *request))


def _evaluate(store: Any, union: bool, query: str, select_type: str, graph_type: str,
              default_graphs: list[str], named_graphs: list[str], max_rows: int) -> Answer:
    import pyoxigraph as ox

    kwargs: dict[str, Any] = {}
    if default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    elif union:
        kwargs["use_default_graph_as_union"] = True  # a store from before the union was kept
    if named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    too_big = (413, "text/plain", f"Result larger than the limit of {max_rows:,} rows.\n".encode())
    try:
        result = store.query(query, **kwargs)
        if isinstance(result, ox.QueryTriples):
            triples = []
            for t in result:
                triples.append(t)
                if len(triples) > max_rows:
                    return too_big
            body = ox.serialize(triples, format=getattr(ox.RdfFormat, GRAPH_TYPES[graph_type])) or b""
            return 200, graph_type, body
        fmt = getattr(ox.QueryResultsFormat, SELECT_TYPES[select_type])
        if isinstance(result, ox.QuerySolutions):
            n = 0
            for _ in result:
                n += 1
                if n > max_rows:
                    return too_big
            result = store.query(query, **kwargs)  # counted first: a huge result is never serialised
        return 200, select_type, result.serialize(format=fmt) or b""
    except SyntaxError as exc:
        return 400, "text/plain", f"Bad SPARQL: {exc}\n".encode()
    except (OSError, ValueError, RuntimeError) as exc:
        return 500, "text/plain", f"Query failed: {exc}\n".encode()


class _Worker:
    def __init__(self, location: str, union: bool) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")  # never fork a process that runs threads
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, location, union), daemon=True)
        self.proc.start()
        child.close()
        if not self.conn.poll(120):
            self.kill()
            raise RuntimeError("query worker did not start within 120 s")
        status, detail = self.conn.recv()
        if status != "ready":
            self.kill()
            raise RuntimeError(f"query worker cannot open the store: {detail}")

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class Pool:
    """A fixed number of worker processes; a worker that overruns or dies is replaced."""

    def __init__(self, location: str, union: bool, size: int) -> None:
        self.location, self.union, self.size = location, union, size
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.closed = False
        self.killed = 0
        with ThreadPoolExecutor(size) as ex:
            for w in ex.map(lambda _: _Worker(location, union), range(size)):
                self.idle.put(w)

    def pids(self) -> list[int]:
        return [w.proc.pid for w in list(self.idle.queue) if w.proc.pid]

    def _replace(self, w: _Worker) -> None:
        self.killed += 1

        def spawn() -> None:
            w.kill()
            if not self.closed:
                self.idle.put(_Worker(self.location, self.union))
        threading.Thread(target=spawn, daemon=True).start()

    def run(self, request: tuple, timeout: float) -> Answer:
        try:
            w = self.idle.get(timeout=timeout)
        except queue.Empty:
            return 503, "text/plain", b"All query workers are busy; try again.\n"
        try:
            w.conn.send(request)
            if w.conn.poll(timeout):
                answer = w.conn.recv()
                self.idle.put(w)
                return answer
        except (EOFError, OSError):
            self._replace(w)
            log.warning("a query worker stopped on a query (exit %s)", w.proc.exitcode)
            return 500, "text/plain", b"The query engine stopped on this query; it was not answered.\n"
        self._replace(w)  # killed now: the query's CPU is freed within the second
        return 503, "text/plain", f"Query exceeded the time limit of {timeout:g} s.\n".encode()

    def close(self) -> None:
        self.closed = True
        while not self.idle.empty():
            self.idle.get().kill()


class _Cache:
    """LRU of answers by (query, media types, dataset), bounded in bytes."""

    def __init__(self, max_bytes: int = 64 << 20) -> None:
        self.items: OrderedDict[tuple, Answer] = OrderedDict()
        self.bytes, self.max_bytes = 0, max_bytes
        self.lock = threading.Lock()

    def get(self, key: tuple) -> Answer | None:
        with self.lock:
            hit = self.items.get(key)
            if hit is not None:
                self.items.move_to_end(key)
            return hit

    def put(self, key: tuple, answer: Answer) -> None:
        size = len(answer[2]) + len(key[0])
        if self.max_bytes <= 0 or size > self.max_bytes // 8:
            return
        with self.lock:
            if key in self.items:
                return
            self.items[key] = answer
            self.bytes += size
            while self.bytes > self.max_bytes:
                k, old = self.items.popitem(last=False)
                self.bytes -= len(old[2]) + len(k[0])


# --- the data the workers read ---------------------------------------------------------------------

def _prepare(source: Any) -> tuple[str, bool, str | None]:
    """(store directory the workers open read-only, whether to query Oxigraph's union, temp dir to remove).

    ``oxigraph:DIR`` is read in place; anything else (a graph file, a Dataset) is copied into a temporary
    Oxigraph store whose default graph is the set union of the named graphs."""
    import pyoxigraph as ox

    from kg.store import _has_union, _sync_add, open_store, oxigraph_of

    if isinstance(source, str) and source.startswith("oxigraph:"):
        location = source.split(":", 1)[1]
        store = ox.Store.read_only(location)
        legacy = not _has_union(store)
        del store
        return location, legacy, None
    ds = open_store(source, read_only=True) if isinstance(source, str) else source
    tmp = tempfile.mkdtemp(prefix="kg-serve-")
    location = os.path.join(tmp, "store")
    dump = os.path.join(tmp, "all.nq")
    inner = oxigraph_of(ds)
    if inner is not None:
        inner.dump(output=dump, format=ox.RdfFormat.N_QUADS)
    else:
        ds.serialize(destination=dump, format="nquads")
    store = ox.Store(location)
    store.bulk_load(path=dump, format=ox.RdfFormat.N_QUADS)
    if not _has_union(store):
        _sync_add(store, None)
    store.flush()
    del store
    os.unlink(dump)
    return location, False, tmp


# --- HTTP ------------------------------------------------------------------------------------------

def _pick(accept: str, table: dict[str, str], default: str) -> str:
    for part in (accept or "").split(","):
        mime = part.split(";")[0].strip().lower()
        if mime in table:
            return mime
    return default


def _host_name(header: str) -> str:
    host = header.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class Endpoint:
    """The query side: guard, cache, worker pool."""

    def __init__(self, source: Any, timeout: float = 10.0, max_rows: int = 100_000, workers: int = 0,
                 cache_bytes: int = 64 << 20) -> None:
        self.timeout, self.max_rows = timeout, max_rows
        location, union, self.tmp = _prepare(source)
        size = workers or max(2, min(4, os.cpu_count() or 2))
        try:
            self.pool = Pool(location, union, size)
        except BaseException:
            self.close()
            raise
        self.cache = _Cache(cache_bytes)

    def answer(self, query: str, accept: str, default_graphs: list[str] | None = None,
               named_graphs: list[str] | None = None) -> Answer:
        from kg.query import Refused, check

        try:
            check(query)
        except Refused as exc:
            return exc.status, "text/plain", f"{exc}\n".encode()
        sel = _pick(accept, SELECT_TYPES, "application/sparql-results+json")
        graph = _pick(accept, GRAPH_TYPES, "text/turtle")
        key = (query, sel, graph, tuple(default_graphs or ()), tuple(named_graphs or ()))
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        answer = self.pool.run((query, sel, graph, list(key[3]), list(key[4]), self.max_rows), self.timeout)
        if answer[0] == 200:
            self.cache.put(key, answer)
        return answer

    def close(self) -> None:
        if getattr(self, "pool", None) is not None:
            self.pool.close()
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)


class Server(HTTPServer):
    """An HTTP server with a bounded pool of handler threads and a bound on waiting connections."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], handler: type, endpoint: Endpoint, threads: int = 16,
                 max_pending: int = 256) -> None:
        self.endpoint = endpoint
        self.executor = ThreadPoolExecutor(threads, thread_name_prefix="kg-serve")
        self.pending = threading.BoundedSemaphore(max_pending)
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.pending.acquire(blocking=False):
            self.shutdown_request(request)  # too many connections waiting: drop this one at once
            return
        self.executor.submit(self._handle, request, client_address)

    def _handle(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception as exc:  # noqa: BLE001 - one bad connection must not reach the log as a traceback
            log.info("connection from %s ended: %s", client_address[0], exc)
        finally:
            self.shutdown_request(request)
            self.pending.release()

    def server_close(self) -> None:
        super().server_close()
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.endpoint.close()


def make_server(source: Any, host: str = "127.0.0.1", port: int = 7879, timeout: float = 10.0,
                max_rows: int = 100_000, *, workers: int = 0, allowed_hosts: tuple[str, ...] = (),
                cors_origin: str | None = None, conn_timeout: float = 5.0, cache_bytes: int = 64 << 20) -> Server:
    """An endpoint over source: a store spec (``oxigraph:DIR``, a graph file, ...) or an rdflib Dataset."""
    endpoint = Endpoint(source, timeout, max_rows, workers, cache_bytes)
    hosts = LOOPBACK_NAMES | {h.lower() for h in allowed_hosts}
    if host not in ("0.0.0.0", "::", ""):
        hosts.add(host.lower())

    class Handler(BaseHTTPRequestHandler):
        timeout = conn_timeout  # type: ignore[assignment]  # half-sent requests are dropped after this

        def _send(self, code: int, ctype: str, body: bytes) -> None:
            self.send_response(code)
            self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text") else ""))
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Vary", "Accept")
            if cors_origin:
                self.send_header("Access-Control-Allow-Origin", cors_origin)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _allowed(self) -> bool:
            given = self.headers.get("Host")
            if given is None or _host_name(given) in hosts:
                return True
            self._send(403, "text/plain", b"Host not allowed (set --allow-host to serve under another name).\n")
            return False

        def _answer_form(self, params: dict[str, list[str]]) -> None:
            """query=... from a URL or a form body; update=... is refused."""
            if "update" in params:
                self._send(403, "text/plain", READ_ONLY)
            elif "query" not in params:
                self._send(400, "text/plain", b"Missing 'query' parameter.\n")
            else:
                self._send(*endpoint.answer(params["query"][0], self.headers.get("Accept", ""),
                                            params.get("default-graph-uri"), params.get("named-graph-uri")))

        def do_GET(self) -> None:  # noqa: N802
            if not self._allowed():
                return
            url = urlparse(self.path)
            if url.path != "/sparql":
                self._send(404, "text/plain", b"The SPARQL endpoint is at /sparql\n")
                return
            self._answer_form(parse_qs(url.query, max_num_fields=100))

        def do_HEAD(self) -> None:  # noqa: N802
            self.do_GET()

        def do_POST(self) -> None:  # noqa: N802
            if not self._allowed():
                return
            if urlparse(self.path).path != "/sparql":
                self._send(404, "text/plain", b"The SPARQL endpoint is at /sparql\n")
                return
            raw = (self.headers.get("Content-Length") or "").strip()
            if not raw.isdigit():
                self._send(411 if not raw else 400, "text/plain",
                           b"POST needs a Content-Length: a whole number of bytes.\n")
                return
            if int(raw) > MAX_BODY:
                self._send(413, "text/plain", f"Request body over {MAX_BODY:,} bytes.\n".encode())
                return
            data = self.rfile.read(int(raw))
            if len(data) < int(raw):
                return  # the client went away mid-body
            body = data.decode("utf-8", "replace")
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                self._send(403, "text/plain", READ_ONLY)
            elif ctype == "application/sparql-query":
                url = parse_qs(urlparse(self.path).query, max_num_fields=100)
                self._send(*endpoint.answer(body, self.headers.get("Accept", ""), url.get("default-graph-uri"),
                                            url.get("named-graph-uri")))
            else:
                self._answer_form(parse_qs(body, max_num_fields=100))

        def do_OPTIONS(self) -> None:  # noqa: N802
            if not self._allowed():
                return
            self.send_response(204)
            if cors_origin:
                self.send_header("Access-Control-Allow-Origin", cors_origin)
                self.send_header("Access-Control-Allow-Methods", "GET, POST")
                self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, fmt: str, *args: object) -> None:
            log.info("%s " + fmt, self.address_string(), *args)

    try:
        return Server((host, port), Handler, endpoint)
    except OSError:
        endpoint.close()
        raise
