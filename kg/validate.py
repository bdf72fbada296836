"""SHACL validation of a built graph against ontology/shapes.ttl (pySHACL)."""

from __future__ import annotations

from rdflib import Dataset, Graph

from kg.ontology import ontology_dir


def shapes() -> Graph:
    g = Graph()
    g.parse(str(ontology_dir() / "shapes.ttl"), format="turtle")
    return g


def validate(ds: Dataset) -> tuple[bool, str]:
    """(conforms, readable report) for the union of all graphs plus the ontology."""
    from pyshacl import validate as shacl

    from kg.store import all_triples

    data = Graph()
    for triple in all_triples(ds):
        data.add(triple)
    ont = Graph()
    ont.parse(str(ontology_dir() / "story.ttl"), format="turtle")
    conforms, _, text = shacl(data, shacl_graph=shapes(), ont_graph=ont, inference="rdfs",
                              abort_on_first=False, allow_warnings=True)
    return bool(conforms), str(text)
