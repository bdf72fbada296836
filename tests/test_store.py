from __future__ import annotations

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
from kg.query import run_named
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
