"""Incremental, resumable and distributed builds (timings belong in bench/, not here)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from kg import reports
from kg.pipeline import build
from kg.store import all_triples, open_store

from .conftest import CLEAN, SCRAPED, SEEDS, norm_triples

ARTICLE = ("date 2022-05-16 Chancellor Olaf Scholz met President Emmanuel Macron in Paris on Friday. "
           "“Europe must stand together,” Scholz said after the meeting.")


def test_second_run_does_no_nlp_and_a_changed_article_replaces_its_graph(tmp_path, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SCRAPED, src / SCRAPED.name)
    (src / "paris.txt").write_text(ARTICLE, encoding="utf-8")
    ds = open_store(f"oxigraph:{tmp_path / 'store'}")
    first = build([src], ds)
    assert first.articles_out == 2 and first.unchanged == 0
    n = len(set(all_triples(ds)))
    from kg import extract

    def boom(*a, **k):
        raise AssertionError("NLP ran on an unchanged article")
    monkeypatch.setattr(extract, "get", boom)
    second = build([src], ds)
    assert second.unchanged == 2 and second.articles_out == 0 and len(set(all_triples(ds))) == n
    monkeypatch.undo()
    (src / "paris.txt").write_text(ARTICLE.replace("Paris", "Lyon"), encoding="utf-8")
    third = build([src], ds)
    assert third.unchanged == 1 and third.articles_out == 1
    labels = {str(o) for s, p, o in all_triples(ds) if str(p).endswith("#label")}
    assert any("Lyon" in x for x in labels) and not any("in Paris" in x for x in labels)


def test_partitions_are_nquads_and_load_anywhere(tmp_path, seed_graph):
    ds = open_store(f"oxigraph:{tmp_path / 'store'}")
    report = build([SEEDS], ds, partitions=tmp_path / "parts")
    assert [p.endswith("part-00000.nq") for p in report.partitions] == [True]
    mem = open_store("memory")
    from kg.store import bulk_load

    bulk_load(mem, report.partitions)
    assert norm_triples(mem) == norm_triples(seed_graph) == norm_triples(ds)


@pytest.mark.slow
def test_kill_minus_nine_loses_at_most_the_batch_in_flight(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(200):
        (src / f"a{i:02d}.txt").write_text(ARTICLE.replace("Paris", f"Paris {i}"), encoding="utf-8")
    store = tmp_path / "store"
    cmd = [sys.executable, "-m", "kg.cli", "build", str(src), "--store", f"oxigraph:{store}", "--batch-size", "5"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and not (store.exists() and any(store.iterdir())):
        time.sleep(0.2)
    time.sleep(4)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    ds = open_store(f"oxigraph:{store}")
    from kg.validate import validate

    conforms, report = validate(ds)
    assert conforms, report  # whatever was written is whole
    ds.close()
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "200 read" in done.stderr and " 0 built" not in done.stderr
    ds = open_store(f"oxigraph:{store}", read_only=True)
    from kg.query import run

    rows = run(ds, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a <https://w3id.org/storykg/ontology#contentHash> ?h }")[1]
    assert int(rows[0]["n"]) == 200


def _corpus(tmp_path):
    """Four articles in two batches of two: the seed story's two copies (unified) and two short ones."""
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SCRAPED, src / "a1.txt")
    shutil.copy(CLEAN, src / "a2.txt")
    (src / "b1.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "b2.txt").write_text(ARTICLE.replace("Paris", "Rome").replace("Scholz", "Draghi"), encoding="utf-8")
    return src


def _isomorphic(a, b) -> bool:
    """The same named graphs, each isomorphic (rdflib.compare), plain literals read as xsd:string."""
    from rdflib import Graph, Literal
    from rdflib.compare import isomorphic
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
    from rdflib.namespace import XSD

    def graphs(ds):
        out: dict = {}
        for s, p, o, c in ds.quads((None, None, None, None)):
            if getattr(c, "identifier", c) in (None, DATASET_DEFAULT_GRAPH_ID, reports.GRAPH):
                continue  # a store may keep the union of the articles there, and its reports
            if isinstance(o, Literal) and o.datatype is None and o.language is None:
                o = Literal(str(o), datatype=XSD.string)
            out.setdefault(str(getattr(c, "identifier", c)), Graph()).add((s, p, o))
        return out
    ga, gb = graphs(a), graphs(b)
    return ga.keys() == gb.keys() and all(isomorphic(ga[k], gb[k]) for k in ga)


@pytest.mark.slow
def test_two_jobs_and_one_job_give_isomorphic_graphs(tmp_path):
    src = _corpus(tmp_path)
    serial = open_store("memory")
    one = build([src], serial, batch_size=2)
    parallel = open_store("memory")
    two = build([src], parallel, batch_size=2, jobs=2)
    assert one.articles_out == two.articles_out == 4 and one.duplicates == two.duplicates != []
    assert one.triples == two.triples and one.counts == two.counts
    assert _isomorphic(serial, parallel)


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_graphs(tmp_path):
    pytest.importorskip("dask.distributed")
    from kg.dask_engine import build as dask_build

    src = _corpus(tmp_path)
    local = open_store("memory")
    build([src], local, batch_size=2)
    dist = open_store(f"oxigraph:{tmp_path / 'store'}")
    report = dask_build([src], dist, tmp_path / "parts", batch_size=2, n_workers=2)
    assert len(report.partitions) == 2 and report.articles_out == 4
    assert norm_triples(dist) == norm_triples(local) and _isomorphic(dist, local)
    assert os.path.exists(tmp_path / "parts" / "part-00001.nq")
