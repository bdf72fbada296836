"""A read-only SPARQL 1.1 Protocol endpoint at /sparql (GET and POST), answered by Oxigraph.

Refused with a 4xx and a clear message: SPARQL Update (and LOAD), SERVICE, FROM/FROM NAMED on
non-HTTP IRIs (file access). A per-query time limit (503) and a result-size limit (413) apply.
"""

from __future__ import annotations

import logging
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from rdflib import Dataset

log = logging.getLogger(__name__)
SELECT_TYPES = {
    "application/sparql-results+json": "JSON", "application/json": "JSON",
    "application/sparql-results+xml": "XML", "application/xml": "XML", "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
GRAPH_TYPES = {"text/turtle": "TURTLE", "application/ld+json": "JSON_LD", "application/n-triples": "N_TRIPLES",
               "application/rdf+xml": "RDF_XML"}
_UPDATE = re.compile(r"^\s*(?:(?:PREFIX|BASE)\s+[^\n]*\s+)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
                     re.I)
READ_ONLY = b"This endpoint is read-only: SPARQL Update is refused.\n"
_SERVICE = re.compile(r"\bSERVICE\b", re.I)
_FROM = re.compile(r"\bFROM\s+(?:NAMED\s+)?<(?!https?://)", re.I)


def to_oxigraph(ds: Dataset):
    import pyoxigraph as ox

    store = ox.Store()
    data = ds.serialize(format="nquads", encoding="utf-8")
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    return store


class Endpoint:
    def __init__(self, ds: Dataset, timeout: float = 10.0, max_rows: int = 100_000) -> None:
        self.store = to_oxigraph(ds)
        self.timeout, self.max_rows = timeout, max_rows

    def answer(self, query: str, accept: str) -> tuple[int, str, bytes]:
        """(HTTP status, content type, body)."""
        import pyoxigraph as ox

        if _UPDATE.search(query):
            return 403, "text/plain", b"This endpoint is read-only: SPARQL Update and LOAD are refused.\n"
        if _SERVICE.search(query):
            return 400, "text/plain", b"SERVICE (federated query) is refused by this endpoint.\n"
        if _FROM.search(query):
            return 400, "text/plain", b"FROM with a non-HTTP IRI (file access) is refused by this endpoint.\n"
        box: dict = {}

        def work() -> None:
            """Query and serialise in one thread: pyoxigraph results may not cross threads."""
            try:
                result = self.store.query(query, use_default_graph_as_union=True)
                if isinstance(result, ox.QueryTriples):
                    triples = list(result)
                    del result
                    if len(triples) > self.max_rows:
                        box["too_big"] = True
                        return
                    ctype = _pick(accept, GRAPH_TYPES, "text/turtle")
                    g = ox.Store()
                    g.extend([ox.Quad(t.subject, t.predicate, t.object) for t in triples])
                    box["answer"] = (200, ctype, g.dump(format=getattr(ox.RdfFormat, GRAPH_TYPES[ctype]),
                                                        from_graph=ox.DefaultGraph()))
                    return
                ctype = _pick(accept, SELECT_TYPES, "application/sparql-results+json")
                fmt = getattr(ox.QueryResultsFormat, SELECT_TYPES[ctype])
                if isinstance(result, ox.QuerySolutions):
                    n = sum(1 for _ in result)
                    del result
                    if n > self.max_rows:
                        box["too_big"] = True
                        return
                    result = self.store.query(query, use_default_graph_as_union=True)
                box["answer"] = (200, ctype, result.serialize(format=fmt))
                del result
            except SyntaxError as exc:
                box["error"] = (400, f"Bad SPARQL: {exc}")
            except Exception as exc:  # noqa: BLE001
                box["error"] = (500, f"Query failed: {exc}")

        t = threading.Thread(target=work, daemon=True)
        t.start()
        t.join(self.timeout)
        if t.is_alive():
            return 503, "text/plain", f"Query exceeded the time limit of {self.timeout:g} s.\n".encode()
        if "error" in box:
            code, msg = box["error"]
            return code, "text/plain", (msg + "\n").encode()
        if box.get("too_big"):
            return 413, "text/plain", f"Result larger than the limit of {self.max_rows} rows.\n".encode()
        return box["answer"]


def _pick(accept: str, table: dict[str, str], default: str) -> str:
    for part in (accept or "").split(","):
        mime = part.split(";")[0].strip().lower()
        if mime in table:
            return mime
    return default


def make_server(ds: Dataset, host: str = "127.0.0.1", port: int = 7879, timeout: float = 10.0,
                max_rows: int = 100_000) -> ThreadingHTTPServer:
    endpoint = Endpoint(ds, timeout, max_rows)

    class Handler(BaseHTTPRequestHandler):
        def _send(self, code: int, ctype: str, body: bytes) -> None:
            self.send_response(code)
            self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text") else ""))
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(body)

        def _answer_form(self, params: dict[str, list[str]]) -> None:
            """query=... from a URL or a form body; update=... is refused."""
            if "update" in params:
                self._send(403, "text/plain", READ_ONLY)
            elif "query" not in params:
                self._send(400, "text/plain", b"Missing 'query' parameter.\n")
            else:
                self._send(*endpoint.answer(params["query"][0], self.headers.get("Accept", "")))

        def do_GET(self) -> None:  # noqa: N802
            url = urlparse(self.path)
            if url.path != "/sparql":
                self._send(404, "text/plain", b"The SPARQL endpoint is at /sparql\n")
                return
            self._answer_form(parse_qs(url.query))

        def do_POST(self) -> None:  # noqa: N802
            if urlparse(self.path).path != "/sparql":
                self._send(404, "text/plain", b"The SPARQL endpoint is at /sparql\n")
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace")
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                self._send(403, "text/plain", READ_ONLY)
            elif ctype == "application/sparql-query":
                self._send(*endpoint.answer(body, self.headers.get("Accept", "")))
            else:
                self._answer_form(parse_qs(body))

        def log_message(self, fmt: str, *args: object) -> None:
            log.info("%s " + fmt, self.address_string(), *args)

    return ThreadingHTTPServer((host, port), Handler)
