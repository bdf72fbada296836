"""One test per named competency query, with its expected rows on the seed graph."""

from __future__ import annotations

import pandas as pd
import pytest

from kg import query as q


def rows(ds, name, **params):
    return q.run_named(ds, name, params or None)[1]


def test_every_named_query_is_tested():
    tested = {n[len("test_"):] for n in globals() if n.startswith("test_") and n != "test_every_named_query_is_tested"}
    assert set(q.names()) <= tested


def test_who_met_whom(seed_graph):
    pairs = {(r["a"], r["b"], r["place"], str(r["date"]) if r["date"] else None, r["status"])
             for r in rows(seed_graph, "who_met_whom")}
    assert ("Gitanas Nausėda", "Joe Biden", "Brussels", "2021-06-14", "Happened") in pairs
    assert ("Joe Biden", "Vladimir Putin", "Geneva", None, "Planned") in pairs


def test_events_at_place(seed_graph):
    r = rows(seed_graph, "events_at_place", placeLabel="Geneva")
    assert {(x["type"], x["status"]) for x in r} == {("Travel", "Planned"), ("Meeting", "Planned")}
    assert rows(seed_graph, "events_at_place", placeLabel="Atlantis") == []


def test_timeline(seed_graph):
    r = rows(seed_graph, "timeline")
    dated = [x for x in r if x["date"]]
    assert {x["type"] for x in dated} >= {"Meeting", "Summit"}
    assert all(str(x["date"]) == "2021-06-14" for x in dated)
    assert all(x["article"].endswith(".txt") for x in r)


def test_planned(seed_graph):
    r = {x["type"]: x for x in rows(seed_graph, "planned")}
    assert set(r) == {"Travel", "Meeting"}
    assert "NATO summit" in r["Travel"]["after"] and r["Meeting"]["place"] == "Geneva"
    assert "Vladimir Putin" in r["Meeting"]["actors"]


def test_sub_events(seed_graph):
    r = rows(seed_graph, "sub_events")
    # the Baltic meeting took place on the sidelines of the summit; what Nausėda discussed, during the meeting
    assert any("NATO summit" in x["parent"] and x["child_type"] == "Meeting" for x in r)
    assert all(x["child_type"] in ("Meeting", "Discussion") for x in r)
    assert any(x["child_type"] == "Discussion" and "Gitanas Nausėda" in x["child"] for x in r)


def test_quotes_by_speaker(seed_graph):
    r = rows(seed_graph, "quotes_by_speaker")
    assert {x["speaker"] for x in r} == {"Gitanas Nausėda"}
    channels = {x["channel"] for x in r if x["channel"]}
    assert channels == {"press release", "Facebook post", "tweet"}
    assert len([x for x in r if x["article"].endswith("000_2e0d8853a9753b2c.txt")]) == 7
    only_biden = rows(seed_graph, "quotes_by_speaker", speaker="Joe Biden")
    assert only_biden == []


def test_entity_profile(seed_graph):
    r = {x["name"]: x for x in rows(seed_graph, "entity_profile")}
    assert "President of Lithuania" in r["Gitanas Nausėda"]["titles"]
    assert "@GitanasNauseda" in r["Gitanas Nausėda"]["aliases"]
    assert int(r["Gitanas Nausėda"]["quotes"]) == 15 and r["Brussels"]["kind"] == "Place"


def test_event_sources(seed_graph):
    r = rows(seed_graph, "event_sources")
    travel = [x for x in r if x["event"].startswith("Travel")]
    assert {x["text"] for x in travel} == {"travel"} and len({x["article"] for x in travel}) == 2


def test_co_mentioned(seed_graph):
    r = {(x["a"], x["b"]): int(x["articles"]) for x in rows(seed_graph, "co_mentioned")}
    assert r[("Gitanas Nausėda", "Joe Biden")] == 2


def test_dataframe_and_bindings_are_not_formatted_into_the_query(seed_graph):
    df = q.dataframe(seed_graph, "events_at_place", {"placeLabel": 'Geneva" } UNION { ?s ?p ?o'})
    assert isinstance(df, pd.DataFrame) and df.empty


def test_bad_query_is_a_query_error(seed_graph):
    from kg.errors import QueryError

    with pytest.raises(QueryError):
        q.run(seed_graph, "SELEKT nothing")
    with pytest.raises(QueryError, match="no named query"):
        q.load("nope")


def test_a_graph_file_answers_as_rdflib_does(seed_graph, seed_file):
    """Issue 16: a graph file is read into Oxigraph (fast), and gives rdflib's rows, counts and networks."""
    from kg import analysis
    from kg.stats import stats
    from kg.store import open_store, oxigraph_of

    fast = open_store(str(seed_file))
    assert oxigraph_of(fast) is not None and oxigraph_of(seed_graph) is None
    assert stats(fast) == stats(seed_graph)
    for name in q.names():
        cols, expected = q.run_named(seed_graph, name)
        got = q.run_named(fast, name)[1]
        key = lambda r: tuple(sorted("; ".join(sorted(str(v).split("; "))) for v in r.values()))  # noqa: E731
        assert sorted(map(key, got)) == sorted(map(key, expected)), name
    a, b = analysis.actors(fast), analysis.actors(seed_graph)
    assert set(a.nodes) == set(b.nodes) and {frozenset(e) for e in a.edges} == {frozenset(e) for e in b.edges}
    assert a.number_of_edges() > 0
    assert {(frozenset((u, v)), d["weight"]) for u, v, d in a.edges(data=True)} == \
        {(frozenset((u, v)), d["weight"]) for u, v, d in b.edges(data=True)}
