"""Counts users ask for first: articles, entities by type, events by type, quotes.

``kg stats`` (:func:`stats`, over a whole store) and the build summary (:func:`tally`, over the triples
a run writes) count the same things by the same names: ``articles`` are the articles built (a
``schema:NewsArticle`` with a source path); ``related (headline only)`` are the articles a page links to,
known by headline and date alone; entities and events by their class; quotes.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDF, Dataset
from rdflib.namespace import SDO

from kg.ontology import SEM, STORY, STORY_IRI

ENTITY_CLASSES = {SDO.Person: "Person", SDO.Organization: "Organization", SDO.Place: "Place", STORY.Group: "Group"}

_Q = """
PREFIX schema: <https://schema.org/>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX story: <https://w3id.org/storykg/ontology#>
SELECT ?section ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE {
  { ?x a schema:NewsArticle ; story:sourcePath [] . BIND("articles" AS ?section) BIND("articles" AS ?kind) }
  UNION { ?x a schema:NewsArticle . FILTER NOT EXISTS { ?x story:sourcePath [] }
          BIND("articles" AS ?section) BIND("related (headline only)" AS ?kind) }
  UNION { VALUES ?c { schema:Person schema:Organization schema:Place story:Group }
          ?x a ?c . BIND("entities" AS ?section) BIND(REPLACE(STR(?c), "^.*[/#]", "") AS ?kind) }
  UNION { ?x a sem:Event, ?c . FILTER(STRSTARTS(STR(?c), "https://w3id.org/storykg/ontology#"))
          BIND("events" AS ?section) BIND(STRAFTER(STR(?c), "#") AS ?kind) }
  UNION { ?x a schema:Quotation . BIND("quotes" AS ?section) BIND("quotes" AS ?kind) }
}
GROUP BY ?section ?kind ORDER BY ?section ?kind
"""


def stats(ds: Dataset) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {"articles": {}, "entities": {}, "events": {}, "quotes": {}}
    rows: list = list(ds.query(_Q))
    for row in rows:
        out[str(row.section)][str(row.kind)] = int(row.n)
    return out


def tally(triples: Iterable[tuple]) -> dict[tuple[str, str], set]:
    """The things :func:`stats` counts, found in one article's triples: {(section, kind): subjects}."""
    types: dict = {}
    sourced = set()
    a, source = RDF.type, STORY.sourcePath  # looked up once: a namespace's attribute is a Python call
    for s, p, o in triples:
        if p == a:
            types.setdefault(s, set()).add(o)
        elif p == source:
            sourced.add(s)
    out: dict[tuple[str, str], set] = {}
    for s, classes in types.items():
        keys = []
        if SDO.NewsArticle in classes:
            keys.append(("articles", "articles" if s in sourced else "related (headline only)"))
        keys += [("entities", name) for c, name in ENTITY_CLASSES.items() if c in classes]
        if SEM.Event in classes:
            keys += [("events", str(c).split("#", 1)[1]) for c in classes if str(c).startswith(STORY_IRI)]
        if SDO.Quotation in classes:
            keys.append(("quotes", "quotes"))
        for key in keys:
            out.setdefault(key, set()).add(s)
    return out
