"""Whole-graph reports kept with the store, so that asking for one reads its rows instead of joining every
mention, quote or event of the corpus again.

What is kept: the rows of every named query (``ontology/queries/*.rq``, run without parameters) and of
the corpus view's joins (``queries/view/*.rq``, read by :mod:`kg.viz.corpus`), each computed by its own
SPARQL on the store's union default graph. They live in one named graph of the store, :data:`GRAPH`,
one node per query:

    <kgid:report/DIGEST> rdfs:label "co_mentioned" ; story:reportRows "{...}"^^rdf:JSON .

DIGEST is a digest of the query text, so a changed query (a new version of a .rq file) finds nothing
kept and is run as written. The JSON holds the columns, each with its values in the order the query
gave the rows; a value is a string (IRIs and string literals), an integer, null, or ``[lexical form,
datatype number]`` converted as :func:`kg.query.run` converts an Oxigraph literal, so a kept report
returns the rows the query returns (``tests/test_reports.py`` compares them, also after an article is
rebuilt or removed).

When it is fresh: every write of an article's graph through :mod:`kg.store` (``replace_graph``,
``remove_graph``, ``bulk_load``) drops :data:`GRAPH` in the same transaction as the article's old
graph, and :func:`refresh` computes it again: :func:`kg.pipeline.build` and ``kg delete`` call it at
their end. So a store holds either reports that match its articles or none, and :func:`kg.query.run`
answers from the kept rows only when they are there (and the query has no parameters), else runs the
query. A crash between a write and the refresh leaves none; the next build keeps them again.

Only Oxigraph stores with the union in their default graph keep reports (a graph file read by
``kg query`` is not refreshed: one query costs less than keeping them all). :data:`GRAPH` is not part
of the union default graph and is not written to graph files (:func:`kg.store.named_quads`).
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from rdflib import Dataset
from rdflib.namespace import RDFS

from kg import ids
from kg.ontology import RDF_JSON, STORY

log = logging.getLogger(__name__)
GRAPH = ids.reports_graph_iri()
ROWS = STORY.reportRows


def queries() -> dict[str, str]:
    """The queries whose rows are kept: every named query, and the corpus view's."""
    from kg import query as q

    return {**{name: q.load(name) for name in q.names()}, **q.view_queries()}


def _inner(ds: Dataset):
    """The Oxigraph store under ds when it can keep reports, else None."""
    from kg.store import oxigraph_of, union_in_default_graph

    inner = oxigraph_of(ds)
    return inner if inner is not None and union_in_default_graph(ds) else None


def kept(ds: Dataset) -> bool:
    """Whether ds holds kept reports (none after a write until :func:`refresh`)."""
    import pyoxigraph as ox

    inner = _inner(ds)
    return inner is not None and next(iter(inner.quads_for_pattern(None, None, None, ox.NamedNode(str(GRAPH)))),
                                      None) is not None


def refresh(ds: Dataset) -> dict[str, float]:
    """Compute every kept report on ds and keep its rows; returns the seconds each query took.
    Does nothing (returns {}) on a store that cannot keep reports."""
    import pyoxigraph as ox

    from kg.ontology import PREFIXES

    inner = _inner(ds)
    if inner is None:
        return {}
    graph, label = ox.NamedNode(str(GRAPH)), ox.NamedNode(str(RDFS.label))
    quads, seconds = [], {}
    for name, text in queries().items():
        t0 = time.perf_counter()
        try:  # Oxigraph evaluates as the rows are read: errors can come from either
            rows = _encode(inner.query(text, prefixes=dict(PREFIXES)))
        except (SyntaxError, OSError, ValueError, RuntimeError) as exc:  # not kept: kg.query.run runs it
            log.warning("report %s not kept: %s", name, exc)
            continue
        node = ox.NamedNode(str(ids.report_iri(text)))
        quads += [ox.Quad(node, label, ox.Literal(name), graph),
                  ox.Quad(node, ox.NamedNode(str(ROWS)), ox.Literal(rows, datatype=ox.NamedNode(str(RDF_JSON))), graph)]
        seconds[name] = time.perf_counter() - t0
    inner.update(f"DROP SILENT GRAPH <{GRAPH}>")
    inner.extend(quads)
    log.info("kept %d reports in %.1f s", len(seconds), sum(seconds.values()))
    return seconds


def rows(ds: Dataset, query: str) -> tuple[list[str], list[dict[str, Any]]] | None:
    """The kept rows of this query text on ds, or None when none are kept for it."""
    import pyoxigraph as ox

    inner = _inner(ds)
    if inner is None:
        return None
    found = next(iter(inner.quads_for_pattern(ox.NamedNode(str(ids.report_iri(query))), ox.NamedNode(str(ROWS)), None,
                                              ox.NamedNode(str(GRAPH)))), None)
    return None if found is None else _decode(found.object.value)


INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def _encode(solutions: Any) -> str:
    """SELECT solutions as {"columns", "datatypes", "data"}, data holding one list per column (fewer
    objects to decode than one per row): strings as they are, integers in canonical form as JSON numbers
    (``toPython`` gives the same int), other literals as [lexical form, index into datatypes]."""
    import pyoxigraph as ox

    from kg.query import PythonValues

    strings, datatypes = PythonValues.STRINGS, dict[str, int]()

    def cell(term: Any) -> Any:
        if term is None:
            return None
        if isinstance(term, ox.Literal):
            dt, value = term.datatype.value, term.value
            if dt in strings:
                return value
            if dt == INTEGER and value.lstrip("-").isdigit() and str(int(value)) == value:
                return int(value)
            return [value, datatypes.setdefault(dt, len(datatypes))]
        return term.value if isinstance(term, ox.NamedNode | ox.BlankNode) else str(term)

    cols = [v.value for v in solutions.variables]
    data: list[list[Any]] = [[] for _ in cols]
    for sol in solutions:
        for i, column in enumerate(data):
            column.append(cell(sol[i]))
    return json.dumps({"columns": cols, "datatypes": list(datatypes), "data": data}, ensure_ascii=False,
                      separators=(",", ":"))


def _decode(text: str) -> tuple[list[str], list[dict[str, Any]]]:
    import gc

    from kg.query import PythonValues

    gc.disable()  # many small objects and no cycles: the collector would only walk them again and again
    try:
        doc = json.loads(text)
        cols, datatypes, data = doc["columns"], doc["datatypes"], doc["data"]
        convert = PythonValues().literal
        for column in data if datatypes else ():
            column[:] = [convert(v[0], datatypes[v[1]]) if type(v) is list else v for v in column]
        return cols, [dict(zip(cols, values)) for values in zip(*data)]  # noqa: B905 - columns of one length
    finally:
        gc.enable()
