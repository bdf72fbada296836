"""networkx projections of the story graph and the analysis helpers users expect.

Projections read the RDF through SPARQL (standard terms), so they work on any store.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

_NODES = """
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX schema: <https://schema.org/>
PREFIX story: <https://w3id.org/storykg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?e ?label ?cls ?status ?date ?place ?actor ?role ?sentence WHERE {
  ?e a sem:Event ; rdfs:label ?label ; a ?cls ; story:status ?status .
  FILTER(STRSTARTS(STR(?cls), "https://w3id.org/storykg/ontology#"))
  OPTIONAL { ?e sem:hasTimeStamp ?date }
  OPTIONAL { ?e sem:hasPlace ?place }
  OPTIONAL { ?e story:participation ?r . ?r rdf:value ?actor ; sem:roleType ?role }
  OPTIONAL { ?e <http://groundedannotationframework.org/gaf#denotedBy>/<http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf> ?sentence }
}"""
_ENTITIES = """
PREFIX schema: <https://schema.org/>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX story: <https://w3id.org/storykg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?x ?label ?kind ?title WHERE {
  ?x rdfs:label ?label ; a ?kind .
  VALUES ?kind { schema:Person schema:Organization schema:Place story:Group }
  OPTIONAL { ?x story:title ?title }
}"""
_LINKS = """
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX time: <http://www.w3.org/2006/time#>
SELECT ?a ?rel ?b WHERE {
  { ?a sem:subEventOf ?b BIND("subEventOf" AS ?rel) } UNION { ?a time:after ?b BIND("after" AS ?rel) }
}"""
_QUOTES = """
PREFIX schema: <https://schema.org/>
PREFIX story: <https://w3id.org/storykg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?q ?text ?speaker ?channel ?about WHERE {
  ?q a schema:Quotation ; schema:text ?text ; schema:creator ?speaker .
  OPTIONAL { ?q story:channel/skos:prefLabel ?channel }
  OPTIONAL { ?q schema:about ?about }
}"""
KINDS = {"https://schema.org/Person": "person", "https://schema.org/Organization": "organization",
         "https://schema.org/Place": "place", "https://w3id.org/storykg/ontology#Group": "group"}


def _rows(ds: Dataset | Graph, query: str) -> list[Any]:
    """SELECT rows (rdflib types a result row loosely; these are always rows here)."""
    return list(ds.query(query))


def _local(iri: Any) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def full(ds: Dataset | Graph) -> nx.MultiDiGraph:
    """Entities, events and quotes as nodes; roles, places, event links and speakers as edges."""
    g = nx.MultiDiGraph()
    for r in _rows(ds, _ENTITIES):
        node = str(r.x)
        data = g.nodes[node] if node in g else {}
        titles = set(data.get("titles", [])) | ({str(r.title)} if r.title else set())
        g.add_node(node, label=str(r.label), kind=KINDS[str(r.kind)], titles=sorted(titles))
    for r in _rows(ds, _NODES):
        node = str(r.e)
        if node not in g:
            g.add_node(node, label=str(r.label), kind="event", type=_local(r.cls), status=_local(r.status).lower(),
                       date=str(r.date) if r.date else None, sentence=str(r.sentence) if r.sentence else "")
        if r.place is not None:
            _edge(g, node, str(r.place), "place")
        if r.actor is not None:
            _edge(g, str(r.actor), node, _local(r.role).lower())
    for r in _rows(ds, _LINKS):
        _edge(g, str(r.a), str(r.b), str(r.rel))
    for r in _rows(ds, _QUOTES):
        node = str(r.q)
        g.add_node(node, label=str(r.text)[:60] + ("…" if len(str(r.text)) > 60 else ""), kind="quote",
                   text=str(r.text), channel=str(r.channel) if r.channel else None)
        _edge(g, str(r.speaker), node, "said")
        if r.about is not None:
            _edge(g, node, str(r.about), "about")
    return g


def _edge(g: nx.MultiDiGraph, a: str, b: str, label: str) -> None:
    if not g.has_edge(a, b) or all(d.get("label") != label for d in g.get_edge_data(a, b).values()):
        g.add_edge(a, b, label=label)


def bipartite(ds: Dataset | Graph) -> nx.Graph:
    """Actors and events (bipartite=0 for actors, 1 for events)."""
    f = full(ds)
    g = nx.Graph()
    for n, d in f.nodes(data=True):
        if d.get("kind") in ("person", "organization", "group", "event"):
            g.add_node(n, **d, bipartite=1 if d["kind"] == "event" else 0)
    for a, b, d in f.edges(data=True):
        if a in g and b in g and f.nodes[b].get("kind") == "event" and f.nodes[a].get("kind") != "event":
            g.add_edge(a, b, role=d["label"])
    return g


def actors(ds: Dataset | Graph) -> nx.Graph:
    """People and organisations linked by shared events; weight = number of shared events."""
    b = bipartite(ds)
    g = nx.Graph()
    for n, d in b.nodes(data=True):
        if d["bipartite"] == 0:
            g.add_node(n, **{k: v for k, v in d.items() if k != "bipartite"})
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)  # pairs of each event, not all pairs of actors
    for e, d in b.nodes(data=True):
        if d["bipartite"] == 1:
            people = sorted(b.neighbors(e))
            for i, a in enumerate(people):
                for c in people[i + 1:]:
                    shared[(a, c)].append(d["label"])
    for (a, c), labels in sorted(shared.items()):
        g.add_edge(a, c, weight=len(labels), events=sorted(labels))
    return g


def events(ds: Dataset | Graph) -> nx.DiGraph:
    """Events with sub-event and after links, dated."""
    f = full(ds)
    g = nx.DiGraph()
    for n, d in f.nodes(data=True):
        if d.get("kind") == "event":
            g.add_node(n, **d)
    for a, b, d in f.edges(data=True):
        if a in g and b in g:
            g.add_edge(a, b, label=d["label"])
    return g


def central_actors(ds: Dataset | Graph, top: int = 10) -> list[tuple[str, float]]:
    """(label, degree centrality weighted by shared events), most central first."""
    g = actors(ds)
    if not g:
        return []
    scale = 1 / max(len(g) - 1, 1)
    score = {n: w * scale for n, w in g.degree(weight="weight")}
    return sorted(((g.nodes[n]["label"], round(s, 3)) for n, s in score.items()), key=lambda t: (-t[1], t[0]))[:top]


def communities(ds: Dataset | Graph) -> list[list[str]]:
    g = actors(ds)
    if g.number_of_edges() == 0:
        return [[g.nodes[n]["label"]] for n in g]
    from networkx.algorithms.community import greedy_modularity_communities

    return [sorted(g.nodes[n]["label"] for n in c) for c in greedy_modularity_communities(g, weight="weight")]


def ego(ds: Dataset | Graph, label: str, radius: int = 1) -> nx.Graph:
    g = actors(ds)
    node = next((n for n, d in g.nodes(data=True) if d["label"] == label), None)
    if node is None:
        raise KeyError(f"no actor labelled {label!r}")
    return nx.ego_graph(g, node, radius=radius)


def timeline(ds: Dataset | Graph):
    """The story timeline as a pandas DataFrame (date, event, type, status)."""
    import pandas as pd

    g = events(ds)
    rows = [{"date": d.get("date"), "event": d["label"], "type": d["type"], "status": d["status"]}
            for _, d in g.nodes(data=True)]
    df = pd.DataFrame(rows, columns=["date", "event", "type", "status"])
    return df.sort_values(["date", "event"], na_position="last").reset_index(drop=True)


def to_rdf(g: nx.Graph, base: str = "https://w3id.org/storykg/id/nx/") -> Graph:
    """Back from networkx: nodes with labels, edges as rdfs:seeAlso-style links named by their label."""
    out = Graph()
    for n, d in g.nodes(data=True):
        node = URIRef(n) if str(n).startswith("http") else URIRef(base + str(n))
        out.add((node, RDFS.label, Literal(d.get("label", str(n)))))
        if d.get("kind"):
            out.add((node, RDF.type, URIRef(base + "kind/" + d["kind"])))
    for a, b, d in g.edges(data=True):
        s = URIRef(a) if str(a).startswith("http") else URIRef(base + str(a))
        o = URIRef(b) if str(b).startswith("http") else URIRef(base + str(b))
        out.add((s, URIRef(base + "rel/" + str(d.get("label", "related"))), o))
    return out
