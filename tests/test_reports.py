"""Kept whole-graph reports (kg.reports): the rows a store keeps are the rows the queries give, also after an
article is rebuilt or removed; they never reach the union default graph nor a written file."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from kg import query as q
from kg import reports
from kg.pipeline import build
from kg.store import memory_oxigraph, open_store, remove_graph, replace_graph, write

from .conftest import ROOT, SEEDS, SHARED

ADDED = "\n\nAngela Merkel met Emmanuel Macron in Paris on Monday to discuss the crisis, a spokesman said.\n"


def plain(ds) -> dict:
    """Every kept query run as written (never from the kept rows)."""
    return {name: q._run_oxigraph(ds, text) for name, text in reports.queries().items()}  # noqa: SLF001


def kept(ds) -> dict:
    out = {name: reports.rows(ds, text) for name, text in reports.queries().items()}
    assert None not in out.values(), "every report kept"
    return out


def assert_kept_equal_plain(ds) -> dict:
    want, got = plain(ds), kept(ds)
    for name in want:
        assert got[name] == want[name], name  # the same columns, rows and order
        assert q.run(ds, reports.queries()[name]) == want[name], name  # what kg query and the view get
    return want


@pytest.fixture()
def corpus(tmp_path):
    """The seed articles and, when ../shared is there, a few Reuters articles: a small real corpus."""
    src = tmp_path / "articles"
    shutil.copytree(SEEDS, src)
    reuters = SHARED / "data" / "news_samples"
    for path in sorted(reuters.glob("reuters21578-1*.txt"))[:4] if reuters.is_dir() else []:
        shutil.copy(path, src / path.name)
    return src


def test_a_build_keeps_every_report_with_the_rows_of_its_query(corpus):
    ds = memory_oxigraph()
    build([corpus], ds)
    assert reports.kept(ds)
    rows = assert_kept_equal_plain(ds)
    assert rows["co_mentioned"][1] and rows["entity_profile"][1] and rows["view actors"][1]


def test_kept_reports_follow_a_rebuilt_and_a_removed_article(corpus, tmp_path):
    ds = open_store(f"oxigraph:{tmp_path / 'store'}")
    build([corpus], ds)
    before = assert_kept_equal_plain(ds)
    changed = corpus / "001_b46657698715220a.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + ADDED, encoding="utf-8")
    report = build([corpus], ds)  # only the changed article is rebuilt
    assert report.articles_out == 1
    after = assert_kept_equal_plain(ds)
    names = {r["name"] for r in after["entity_profile"][1]} - {r["name"] for r in before["entity_profile"][1]}
    assert {"Angela Merkel", "Emmanuel Macron"} <= names
    ds.close()
    done = subprocess.run([sys.executable, "-m", "kg.cli", "delete", f"oxigraph:{tmp_path / 'store'}", str(changed)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    ds = open_store(f"oxigraph:{tmp_path / 'store'}", read_only=True)
    gone = assert_kept_equal_plain(ds)
    assert "Angela Merkel" not in {r["name"] for r in gone["entity_profile"][1]}


def test_a_write_drops_the_kept_reports_and_queries_run_as_written(corpus):
    ds = memory_oxigraph()
    build([corpus], ds)
    name = next(g for g in ds.graphs() if str(g.identifier).startswith("https://w3id.org/storykg/id/graph/")
                and g.identifier != reports.GRAPH).identifier
    triples = list(ds.graph(name))
    remove_graph(ds, name)
    assert not reports.kept(ds)
    assert q.run(ds, q.load("co_mentioned")) == plain(ds)["co_mentioned"]
    reports.refresh(ds)
    assert_kept_equal_plain(ds)
    replace_graph(ds, name, triples)  # e.g. a build killed before its end: no kept reports, not stale ones
    assert not reports.kept(ds)
    assert build([corpus], ds).articles_out == 0  # nothing to do, but the reports are kept again
    assert_kept_equal_plain(ds)


def test_parameters_run_the_query(corpus):
    ds = memory_oxigraph()
    build([corpus], ds)
    text = q.load("quotes_by_speaker")
    assert q.run(ds, text, {"speaker": "Gitanas Nausėda"}) == q._run_oxigraph(  # noqa: SLF001
        ds, q.with_values(text, {"speaker": q._term("Gitanas Nausėda")}))  # noqa: SLF001


def test_kept_reports_stay_out_of_the_union_and_of_files(corpus, tmp_path):
    ds = memory_oxigraph()
    build([corpus], ds)
    ask = "SELECT ?s WHERE { ?s story:reportRows ?rows }"
    assert q.run(ds, ask)[1] == []  # the union default graph: the articles only
    again = open_store(str(write(ds, tmp_path / "out.trig")))
    assert reports.GRAPH not in {g.identifier for g in again.graphs()}
    assert not reports.kept(again)  # a graph file is read as it is: queries run as written
    assert plain(again) == plain(ds)


def test_a_report_that_fails_is_not_kept_and_the_others_are(corpus, monkeypatch):
    ds = memory_oxigraph()
    build([corpus], ds)
    good = q.load("who_met_whom")
    bad = "SELECT ?x WHERE { ?x ?p ?o } ORDER BY xsd:nonsense(?x)"
    monkeypatch.setattr(reports, "queries", lambda: {"good": good, "bad": bad})
    assert set(reports.refresh(ds)) == {"good"}
    assert reports.rows(ds, good) == q._run_oxigraph(ds, good)  # noqa: SLF001
    assert reports.rows(ds, bad) is None
