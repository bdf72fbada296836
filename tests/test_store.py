from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Dataset, Literal
from rdflib.namespace import XSD

from kg.errors import StoreError
from kg.pipeline import build
from kg.query import run, run_named
from kg.store import all_triples, open_store

from .conftest import SEEDS


def _norm(term):
    """RDF 1.1: a plain literal is an xsd:string; stores may return either form."""
    if isinstance(term, Literal) and term.datatype is None and term.language is None:
        return Literal(str(term), datatype=XSD.string)
    return term


def quads(ds: Dataset) -> set:
    return {(s, p, _norm(o), c) for s, p, o, c in ds.quads((None, None, None, None))}


def triples(ds: Dataset) -> set:
    return {(s, p, _norm(o)) for s, p, o in all_triples(ds)}


def test_oxigraph_store_build_twice_has_no_duplicates(tmp_path, seed_graph):
    spec = f"oxigraph:{tmp_path / 'store'}"
    ds = open_store(spec)
    build([SEEDS], ds)
    first = len(quads(ds))
    build([SEEDS], ds)
    assert len(quads(ds)) == first
    assert triples(ds) == triples(seed_graph)
    ds.close()
    again = open_store(spec, read_only=True)  # persistent
    assert len(quads(again)) == first
    assert run_named(again, "who_met_whom")[1] == run_named(seed_graph, "who_met_whom")[1]


@pytest.mark.parametrize("spec,message", [
    ("nonsense", "unreadable store spec"),
    ("sparql:ftp://x", "http"),
    ("oxigraph:", "needs a directory"),
])
def test_bad_store_specs(spec, message):
    with pytest.raises(StoreError, match=message):
        open_store(spec)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_directory(tmp_path):
    d = tmp_path / "ro"
    d.mkdir()
    d.chmod(0o500)
    with pytest.raises(StoreError, match="cannot open"):
        open_store(f"oxigraph:{d}")


def test_read_only_file_as_store_dir(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(StoreError):
        open_store(f"oxigraph:{f}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def oxigraph_server(tmp_path):
    exe = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.fail("the oxigraph server (pip package 'oxigraph') is not installed")
    port = _free_port()
    proc = subprocess.Popen([exe, "serve", "--location", str(tmp_path / "srv"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(10)


@pytest.mark.server
def test_remote_sparql_store_against_oxigraph_serve(oxigraph_server, seed_graph):
    ds = open_store(f"sparql:{oxigraph_server}/query,{oxigraph_server}/update")
    build([SEEDS], ds)
    assert triples(ds) == triples(seed_graph)
    build([SEEDS], ds)  # re-ingest replaces each article's graph: no duplicates
    assert triples(ds) == triples(seed_graph)
    assert sorted(map(str, run_named(ds, "timeline")[1])) == sorted(map(str, run_named(seed_graph, "timeline")[1]))


def test_unreachable_endpoint_is_a_clear_error():
    from kg.errors import KgError
    from kg.query import run

    ds = open_store(f"sparql:http://127.0.0.1:{_free_port()}/query")
    with pytest.raises(KgError, match="SPARQL failed"):
        run(ds, "SELECT * WHERE { ?s ?p ?o } LIMIT 1")


class _Listener:
    """A loopback socket that records every connection made to it (nothing should be)."""

    def __init__(self) -> None:
        import threading

        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits: list[bytes] = []
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                self.hits.append(conn.recv(2000))
            except OSError:
                self.hits.append(b"")
            conn.close()

    def close(self) -> list[bytes]:
        self.stop = True
        self.thread.join()
        self.sock.close()
        return self.hits


@pytest.fixture
def listener():
    lis = _Listener()
    yield lis
    lis.close()


def test_jsonld_never_fetches_its_context(tmp_path, listener):
    """Issue 17.7: reading JSON-LD fetched a remote @context and opened a file: context."""
    for i, ctx in enumerate([f"http://127.0.0.1:{listener.port}/ctx.jsonld", "file:///etc/passwd"]):
        f = tmp_path / f"doc{i}.jsonld"
        f.write_text(json.dumps({"@context": ctx, "@id": "http://example.org/a", "name": "x"}), encoding="utf-8")
        with pytest.raises(StoreError, match="remote context|LoadDocumentCallback"):
            open_store(str(f))
    assert listener.close() == []


def test_inline_jsonld_context_is_read(tmp_path):
    f = tmp_path / "doc.jsonld"
    f.write_text(json.dumps({"@context": {"name": "https://schema.org/name"}, "@id": "http://example.org/a",
                             "name": "x"}), encoding="utf-8")
    assert run(open_store(str(f)), "SELECT ?n WHERE { ?s <https://schema.org/name> ?n }")[1] == [{"n": "x"}]


@pytest.mark.parametrize("kind", ["memory", "file"])
def test_kg_query_never_follows_from_or_service(kind, seed_graph, seed_file, listener):
    """Issue 17.7: kg query made 4 GETs for FROM <http://...>, read FROM <file:...> and sent SERVICE POSTs."""
    from kg.errors import QueryError

    ds = seed_graph if kind == "memory" else open_store(str(seed_file))
    url = f"http://127.0.0.1:{listener.port}/data"
    assert run(ds, f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}")[1] == []
    assert run(ds, "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")[1] == []
    assert run(ds, f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")[1] == []
    with pytest.raises(QueryError, match="SERVICE"):
        run(ds, f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")
    assert listener.close() == []


def test_kg_query_command_refuses_service_without_the_option(seed_file, listener):
    from click.testing import CliRunner

    from kg.cli import main

    r = CliRunner().invoke(main, ["query", str(seed_file),
                                  f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/q> {{ ?s ?p ?o }} }}"])
    assert r.exit_code == 2 and "--allow-service" in r.output
    assert listener.close() == []


def test_the_union_follows_writes_and_deletes(tmp_path, seed_graph):
    """The default graph of an Oxigraph store is the set union of its articles, after a delete too."""
    from kg.ids import graph_iri
    from kg.store import remove_graph, write

    ds = open_store(f"oxigraph:{tmp_path / 'store'}")
    build([SEEDS], ds)
    assert triples(ds) == triples(seed_graph)
    name = next(c.identifier for c in seed_graph.graphs() if len(c) and "000" in str(c.identifier))
    remove_graph(ds, name)
    rest = {(s, p, _norm(o)) for s, p, o, c in seed_graph.quads((None, None, None, None)) if c != name}
    assert triples(ds) == rest
    out = write(ds, tmp_path / "rest.trig")
    again = Dataset()
    again.parse(out, format="trig")
    assert len(again.default_graph) == 0  # the union is not written out as a default graph
    assert {(s, p, _norm(o)) for s, p, o, _ in again.quads((None, None, None, None))} == rest
    assert graph_iri  # (the CLI's delete resolves a source path to this name)


def test_a_store_from_before_the_union_is_upgraded_on_write(tmp_path, seed_graph):
    import pyoxigraph as ox

    path = tmp_path / "old"
    store = ox.Store(str(path))
    store.load(seed_graph.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
    del store
    readonly = open_store(f"oxigraph:{path}", read_only=True)
    assert readonly.default_union  # old store: Oxigraph's own union, with a warning
    del readonly
    ds = open_store(f"oxigraph:{path}")
    assert not ds.default_union
    assert run_named(ds, "co_mentioned")[1] == run_named(seed_graph, "co_mentioned")[1]
