"""Counts users ask for first: articles, entities by type, events by type, quotes."""

from __future__ import annotations

from rdflib import Dataset

_Q = """
PREFIX schema: <https://schema.org/>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX story: <https://w3id.org/storykg/ontology#>
SELECT ?section ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE {
  { ?x a schema:NewsArticle ; story:sourcePath [] . BIND("articles" AS ?section) BIND("articles" AS ?kind) }
  UNION { ?x a schema:NewsArticle . FILTER NOT EXISTS { ?x story:sourcePath [] }
          BIND("articles" AS ?section) BIND("related stubs" AS ?kind) }
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
