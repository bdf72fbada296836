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

import asyncio
import logging
import os
import queue
import shutil
import socket
import tempfile
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
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
        if isinstance(result, ox.QuerySolutions) and SELECT_TYPES[select_type] == "JSON":
            json_body = _json_results(result, max_rows)  # one pass: no second evaluation
            return too_big if json_body is None else (200, select_type, json_body)
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


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _json_term(term: Any) -> dict[str, Any]:
    """A term in the SPARQL 1.1 Query Results JSON Format."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": _json_term(term.subject), "predicate": _json_term(term.predicate),
                                        "object": _json_term(term.object)}}


def _json_results(solutions: Any, max_rows: int) -> bytes | None:
    """SELECT results as SPARQL JSON in one pass; None when over max_rows."""
    import json

    names = [v.value for v in solutions.variables]
    rows: list[dict[str, Any]] = []
    for sol in solutions:
        if len(rows) >= max_rows:
            return None
        row = {}
        for i, name in enumerate(names):
            term = sol[i]
            if term is not None:
                row[name] = _json_term(term)
        rows.append(row)
    doc = {"head": {"vars": names}, "results": {"bindings": rows}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


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

    def run(self, request: tuple, timeout: float, wait: float = 30.0) -> Answer:
        """Answer on the next free worker (waiting up to ``wait`` s for one); the time limit starts then."""
        try:
            w = self.idle.get(timeout=max(wait, timeout))
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


class _Bad(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class Server:
    """HTTP/1.1 on asyncio: a connection costs no thread while its request arrives (so half-sent requests
    hold nothing but a socket, up to ``conn_timeout``); whole requests are answered by a bounded pool of
    threads. One request per connection."""

    def __init__(self, endpoint: Endpoint, host: str, port: int, hosts: set[str], cors_origin: str | None,
                 conn_timeout: float, threads: int = 16, max_connections: int = 2048) -> None:
        self.endpoint, self.hosts, self.cors_origin = endpoint, hosts, cors_origin
        self.conn_timeout, self.max_connections = conn_timeout, max_connections
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.socket = socket.create_server((host, port), family=family, backlog=1024)
        self.server_address = self.socket.getsockname()
        self.executor = ThreadPoolExecutor(threads, thread_name_prefix="kg-serve")
        self.active = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._stopped = threading.Event()

    def serve_forever(self) -> None:
        try:
            asyncio.run(self._main())
        finally:
            self._stopped.set()

    async def _main(self) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        server = await asyncio.start_server(self._client, sock=self.socket, limit=MAX_LINE)
        async with server:
            await self._stop.wait()

    def shutdown(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
            self._stopped.wait(10)

    def server_close(self) -> None:
        self.socket.close()
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.endpoint.close()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.active >= self.max_connections:
            writer.close()
            return
        self.active += 1
        try:
            method = "GET"
            try:
                request = await asyncio.wait_for(_read_request(reader), self.conn_timeout)
            except (TimeoutError, asyncio.IncompleteReadError, ConnectionError):
                return  # a half-sent request: dropped, nothing answered
            except _Bad as exc:
                answer: tuple[int, str, bytes, dict[str, str]] = (exc.status, "text/plain", f"{exc}\n".encode(), {})
            else:
                assert self._loop is not None
                method = request[0]
                answer = await self._loop.run_in_executor(self.executor, self._dispatch, *request)
            writer.write(_response(*answer, method=method, cors_origin=self.cors_origin))
            await asyncio.wait_for(writer.drain(), self.conn_timeout)
        except (TimeoutError, ConnectionError, RuntimeError) as exc:
            log.info("connection ended: %s", exc)
        finally:
            self.active -= 1
            writer.close()

    def _dispatch(self, method: str, target: str, headers: dict[str, str], body: bytes
                  ) -> tuple[int, str, bytes, dict[str, str]]:
        """The SPARQL 1.1 Protocol over one whole request (in a pool thread)."""
        given = headers.get("host")
        if given is not None and _host_name(given) not in self.hosts:
            return 403, "text/plain", b"Host not allowed (set --allow-host to serve under another name).\n", {}
        url = urlparse(target)
        if method == "OPTIONS":
            extra = {"Access-Control-Allow-Methods": "GET, POST", "Access-Control-Allow-Headers": "Content-Type, "
                     "Accept"} if self.cors_origin else {}
            return 204, "text/plain", b"", extra
        if url.path != "/sparql":
            return 404, "text/plain", b"The SPARQL endpoint is at /sparql\n", {}
        accept = headers.get("accept", "")
        params = parse_qs(url.query, max_num_fields=100)
        if method == "POST":
            ctype = headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                return 403, "text/plain", READ_ONLY, {}
            if ctype == "application/sparql-query":
                params["query"] = [body.decode("utf-8", "replace")]
            else:
                params = parse_qs(body.decode("utf-8", "replace"), max_num_fields=100)
        elif method not in ("GET", "HEAD"):
            return 405, "text/plain", b"GET or POST a query to /sparql\n", {"Allow": "GET, POST"}
        if "update" in params:
            return 403, "text/plain", READ_ONLY, {}
        if "query" not in params:
            return 400, "text/plain", b"Missing 'query' parameter.\n", {}
        status, ctype_out, out = self.endpoint.answer(params["query"][0], accept, params.get("default-graph-uri"),
                                                      params.get("named-graph-uri"))
        return status, ctype_out, out, {}


MAX_LINE = 65_536
MAX_HEADERS = 100


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, str, dict[str, str], bytes]:
    try:
        line = await reader.readuntil(b"\n")
    except asyncio.LimitOverrunError as exc:
        raise _Bad(414, "Request line too long.") from exc
    parts = line.decode("latin-1").split()
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise _Bad(400, "Not an HTTP/1.x request line.")
    method, target = parts[0].upper(), parts[1]
    headers: dict[str, str] = {}
    for _ in range(MAX_HEADERS + 1):
        try:
            raw = await reader.readuntil(b"\n")
        except asyncio.LimitOverrunError as exc:
            raise _Bad(431, "Header line too long.") from exc
        text = raw.decode("latin-1").strip()
        if not text:
            break
        name, sep, value = text.partition(":")
        if not sep:
            raise _Bad(400, f"Malformed header line {text[:40]!r}.")
        headers[name.strip().lower()] = value.strip()
    else:
        raise _Bad(431, f"More than {MAX_HEADERS} header lines.")
    body = b""
    if method == "POST":
        length = headers.get("content-length")
        if length is None:
            raise _Bad(411, "POST needs a Content-Length.")
        if not length.isdigit():
            raise _Bad(400, "Content-Length must be a whole number of bytes.")
        if int(length) > MAX_BODY:
            raise _Bad(413, f"Request body over {MAX_BODY:,} bytes.")
        body = await reader.readexactly(int(length))
    return method, target, headers, body


def _response(status: int, ctype: str, body: bytes, extra: dict[str, str], method: str,
              cors_origin: str | None) -> bytes:
    from http import HTTPStatus

    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Error"
    head = [f"HTTP/1.1 {status} {reason}",
            "Content-Type: " + ctype + ("; charset=utf-8" if ctype.startswith("text") else ""),
            f"Content-Length: {len(body)}", "Connection: close", "X-Content-Type-Options: nosniff", "Vary: Accept"]
    if cors_origin:
        head.append(f"Access-Control-Allow-Origin: {cors_origin}")
    head += [f"{k}: {v}" for k, v in extra.items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + (b"" if method == "HEAD" else body)


def make_server(source: Any, host: str = "127.0.0.1", port: int = 7879, timeout: float = 10.0,
                max_rows: int = 100_000, *, workers: int = 0, allowed_hosts: tuple[str, ...] = (),
                cors_origin: str | None = None, conn_timeout: float = 5.0, cache_bytes: int = 64 << 20,
                threads: int = 16) -> Server:
    """An endpoint over source: a store spec (``oxigraph:DIR``, a graph file, ...) or an rdflib Dataset.
    Call ``serve_forever()`` (blocks), ``shutdown()`` from another thread, then ``server_close()``."""
    endpoint = Endpoint(source, timeout, max_rows, workers, cache_bytes)
    hosts = LOOPBACK_NAMES | {h.lower() for h in allowed_hosts}
    if host not in ("0.0.0.0", "::", ""):
        hosts.add(host.lower())
    try:
        return Server(endpoint, host, port, hosts, cors_origin, conn_timeout, threads)
    except OSError:
        endpoint.close()
        raise
