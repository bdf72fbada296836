from __future__ import annotations

import re

from rdflib import Dataset, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF, SDO

from kg.ontology import SEM, STORY, STORY_TERMS, ontology_dir
from kg.pipeline import build
from kg.store import open_store
from kg.validate import validate

from .conftest import SCRAPED


def _graph(path) -> Dataset:
    ds = open_store("memory")
    build([path], ds)
    return ds


def _union(ds: Dataset):
    from rdflib import Graph

    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def test_building_twice_is_isomorphic():
    a, b = _union(_graph(SCRAPED)), _union(_graph(SCRAPED))
    if not isomorphic(a, b):
        _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
        raise AssertionError(f"differs: {sorted(only_a)[:5]} vs {sorted(only_b)[:5]}")


def test_one_named_graph_per_article_with_provenance(seed_graph):
    graphs = [g for g in seed_graph.graphs() if len(g) and g.identifier != seed_graph.default_graph.identifier]
    assert len(graphs) == 2
    for g in graphs:
        (art,) = [a for a in g.subjects(STORY.sourcePath, None)]
        assert (art, RDF.type, SDO.NewsArticle) in g
        assert g.value(art, STORY.contentHash) is not None
        assert g.value(art, URIRef("http://www.w3.org/ns/prov#wasGeneratedBy")) is not None


def test_every_mention_points_back_at_its_text(seed_graph):
    nif = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
    n = 0
    for g in seed_graph.graphs():
        for m in g.subjects(RDF.type, STORY.Mention):
            ctx = g.value(m, URIRef(nif + "referenceContext"))
            text = str(g.value(ctx, URIRef(nif + "isString")))
            b, e = int(g.value(m, URIRef(nif + "beginIndex"))), int(g.value(m, URIRef(nif + "endIndex")))
            assert text[b:e] == str(g.value(m, URIRef(nif + "anchorOf")))
            assert str(m).endswith(f"#char={b},{e}")
            n += 1
    assert n > 50


def test_same_entity_and_event_in_two_copies_is_one_node(seed_graph):
    biden = [s for s in seed_graph.subjects(SDO.jobTitle, None) if "Biden" in str(seed_graph.value(s, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))]
    assert len(set(biden)) == 1
    meetings = set(seed_graph.subjects(RDF.type, STORY.Meeting))
    assert len(meetings) == 2  # the Brussels meeting and the planned Geneva meeting


def test_every_project_term_is_in_the_ontology():
    text = (ontology_dir() / "story.ttl").read_text(encoding="utf-8")
    defined = set(re.findall(r"^story:(\w+)\s", text, re.M))
    assert set(STORY_TERMS) == defined


def test_events_are_standard_sem_and_schema_events(seed_graph):
    for e in seed_graph.subjects(RDF.type, STORY.Meeting):
        assert (e, RDF.type, SEM.Event) in seed_graph and (e, RDF.type, SDO.Event) in seed_graph


def test_seed_graph_conforms_to_the_shapes(seed_graph):
    conforms, report = validate(seed_graph)
    assert conforms, report


def test_broken_graph_fails_validation(seed_graph):
    ds = open_store("memory")
    for q in seed_graph.quads((None, None, None, None)):
        ds.add(q)
    quote = next(ds.subjects(RDF.type, SDO.Quotation))
    ds.remove((quote, SDO.creator, None, None))
    event = next(ds.subjects(RDF.type, SEM.Event))
    ds.add((event, SEM.hasTimeStamp, Literal("next Tuesday")))
    conforms, report = validate(ds)
    assert not conforms
    assert "a quote needs a speaker" in report and "hasTimeStamp" in report
