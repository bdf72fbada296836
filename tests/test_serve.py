"""The SPARQL endpoint with real clients (SPARQLWrapper and curl) against the running server."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading

import pytest

from kg.serve import make_server

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def endpoint(seed_graph):
    server = make_server(seed_graph, "127.0.0.1", 0, timeout=5, max_rows=1000)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


def test_sparqlwrapper_select_and_construct(endpoint):
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    sw = SPARQLWrapper(endpoint)
    sw.setQuery("PREFIX schema: <https://schema.org/> SELECT (COUNT(?q) AS ?n) WHERE { ?q a schema:Quotation }")
    sw.setReturnFormat(JSON)
    res = sw.query().convert()
    assert res["results"]["bindings"][0]["n"]["value"] == "15"
    sw.setMethod("POST")
    sw.setQuery("CONSTRUCT { ?e a <http://semanticweb.cs.vu.nl/2009/11/sem/Event> } WHERE "
                "{ ?e a <http://semanticweb.cs.vu.nl/2009/11/sem/Event> }")
    sw.setReturnFormat(TURTLE)
    body = sw.query().convert()
    assert b"Event" in body


@pytest.mark.parametrize("accept,marker", [("text/csv", "n\n1"), ("application/sparql-results+xml", "<sparql"),
                                           ("text/tab-separated-values", "?n")])
def test_content_negotiation(endpoint, accept, marker):
    out = subprocess.run(["curl", "-s", "-H", f"Accept: {accept}", "--data-urlencode",
                          "query=SELECT (1 AS ?n) WHERE {}", endpoint], capture_output=True, text=True, check=True)
    assert marker in out.stdout


def test_updates_and_services_are_refused(endpoint):
    if shutil.which("curl") is None:
        pytest.fail("curl is needed")
    for args, code in [
        (["--data-urlencode", "update=INSERT DATA { <a:b> <a:c> <a:d> }"], "403"),
        (["-H", "Content-Type: application/sparql-update", "--data", "DROP ALL"], "403"),
        (["--data-urlencode", "query=LOAD <file:///etc/passwd>"], "403"),
        (["--data-urlencode", "query=SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"], "400"),
        (["--data-urlencode", "query=SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"], "400"),
        (["--data-urlencode", "query=SELEKT"], "400"),
    ]:
        out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", *args, endpoint],
                             capture_output=True, text=True, check=True)
        assert out.stdout == code, args


def test_result_size_limit(endpoint):
    out = subprocess.run(["curl", "-s", "-w", "\n%{http_code}", "--get", "--data-urlencode",
                          "query=SELECT * WHERE { ?s ?p ?o }", endpoint], capture_output=True, text=True, check=True)
    assert out.stdout.endswith("413") and "limit" in out.stdout


def test_get_json(endpoint):
    out = subprocess.run(["curl", "-s", "--get", "--data-urlencode", "query=ASK { ?s ?p ?o }", endpoint],
                         capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["boolean"] is True
