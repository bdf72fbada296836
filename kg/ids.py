"""Deterministic IRI minting: the same input always gives the same IRI (no uuid4, no counters)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from kg.ontology import DATA


def slug(text: str, limit: int = 60) -> str:
    """ASCII slug of a name: 'Gitanas Nausėda' -> 'gitanas-nauseda'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:limit].strip("-") or "x"


def digest(*parts: object, size: int = 12) -> str:
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:size]


def article_iri(source: str, content_hash: str) -> URIRef:
    """Articles are keyed by source and content: a changed file gets a new node and graph."""
    name = re.split(r"[/\\]", source.rstrip("/"))[-1]
    return DATA[f"article/{slug(name, 40)}-{digest(source, content_hash, size=10)}"]


def graph_iri(source: str) -> URIRef:
    """One named graph per source: re-ingesting the source replaces it."""
    name = re.split(r"[/\\]", source.rstrip("/"))[-1]
    return DATA[f"graph/{slug(name, 40)}-{digest(source, size=10)}"]


def related_iri(headline: str, published: str | None) -> URIRef:
    return DATA[f"article/related-{digest(headline, published or '')}"]


def entity_iri(kind: str, key: str) -> URIRef:
    """Entities are global: the same key (a gazetteer id or a normalised name) is one node everywhere."""
    return DATA[f"{kind}/{slug(key)}"]


def event_iri(story: str, key: str) -> URIRef:
    return DATA[f"event/{digest(story, key)}"]


def quote_iri(article: URIRef, start: int, end: int) -> URIRef:
    return DATA[f"quote/{digest(article, start, end)}"]


def mention_iri(article: URIRef, start: int, end: int) -> URIRef:
    """RFC 5147 style: the article IRI with #char=START,END."""
    return URIRef(f"{article}#char={start},{end}")


def story_iri(story: str) -> URIRef:
    return DATA[f"story/{digest(story)}"]


def role_iri(event: URIRef, entity: URIRef, role: str) -> URIRef:
    return DATA[f"role/{digest(event, entity, role)}"]


def time_iri(value: str) -> URIRef:
    return DATA[f"time/{slug(value)}"]
