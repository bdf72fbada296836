"""Deterministic IRI minting: the same input always gives the same IRI (no uuid4, no counters).

Names become readable ASCII slugs where that loses nothing ('Gitanas Nausėda' -> 'gitanas-nauseda',
'Đặng Thái Sơn' -> 'dang-thai-son'); a name the slug cannot spell exactly (Cyrillic, Greek, Arabic,
CJK, or longer than the slug) keeps a readable or placeholder part plus ``--`` and a digest of its
normalised form, so two different names never share an IRI, whatever their script.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

from rdflib import URIRef

from kg.ontology import DATA

# Latin letters that do not decompose into a base letter plus marks
LATIN = {"Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "ß": "ss", "ẞ": "SS",
         "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th", "ı": "i", "Ħ": "H", "ħ": "h",
         "Ŧ": "T", "ŧ": "t", "Ŋ": "N", "ŋ": "n", "ĸ": "q", "ſ": "s", "Ɖ": "D", "ɖ": "d", "Ƒ": "F", "ƒ": "f"}
# a readable (lossy) spelling of Cyrillic and Greek; the digest keeps such names apart
OTHER = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґў",
                 ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
                  "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "i", "ye", "yi",
                  "g", "u"], strict=True))
OTHER |= dict(zip("αβγδεζηθικλμνξοπρσςτυφχψω",
                  ["a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p", "r", "s", "s",
                   "t", "y", "f", "ch", "ps", "o"], strict=True))


@functools.lru_cache(maxsize=1 << 16)  # names repeat across mentions and articles
def normalise(text: str) -> str:
    """The form names are compared in: case, Latin diacritics, punctuation and spacing ignored.

    >>> normalise("  Gitanas  NAUSĖDA ") == normalise("Gitanas Nauseda")
    True
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text)):
        if unicodedata.combining(ch) and out and out[-1].isascii():
            continue  # a mark on a Latin letter: 'ė' -> 'e'
        ch = LATIN.get(ch, ch)
        out.append(ch if ch.isalnum() or unicodedata.combining(ch) else " ")
    return unicodedata.normalize("NFC", " ".join("".join(out).casefold().split()))


def slug(text: str, limit: int = 60) -> str:
    """Readable ASCII slug of a name: 'Gitanas Nausėda' -> 'gitanas-nauseda', 'Đặng' -> 'dang',
    'Владимир' -> 'vladimir'; 'x' when nothing readable is left. Not one-to-one: see :func:`name_id`."""
    text = "".join(OTHER.get(c, c) for c in normalise(text))
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:limit].strip("-") or "x"


def name_id(text: str, limit: int = 60) -> str:
    """One-to-one id of a normalised name: its slug when the slug spells it exactly, else the slug,
    ``--`` and a digest ('Владимир Путин' -> 'vladimir-putin--3b0c...'). Plain slugs never contain
    ``--``, so the two forms cannot meet."""
    key = normalise(text)
    body = slug(key, limit)
    if body == key.replace(" ", "-"):
        return body
    return f"{body}--{digest(key)}"


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


def entity_iri(kind: str, key: str, qualifier: str | None = None) -> URIRef:
    """The same key (a gazetteer id or a name) and qualifier (what tells namesakes apart, a country
    code) is one node everywhere; different normalised keys are different nodes, whatever their script.
    'person', 'John Smith', 'gb' -> .../person/john-smith.gb (no name id contains a dot)."""
    return DATA[f"{kind}/{name_id(key)}" + (f".{name_id(qualifier)}" if qualifier else "")]


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


def reports_graph_iri() -> URIRef:
    """The named graph where a store keeps its whole-graph reports (kg.reports); no article graph has
    this name (theirs end in a digest)."""
    return DATA["graph/reports"]


def report_iri(query: str) -> URIRef:
    """A kept report: named by a digest of its query text, so a changed query is another report."""
    return DATA[f"report/{digest(query, size=16)}"]


def software_iri(name: str, version: str) -> URIRef:
    """A piece of software at one version: an extractor ('rules.v1' '1.0') or a spaCy pipeline."""
    return DATA[f"software/{name_id(f'{name} {version}')}"]


def time_iri(value: str) -> URIRef:
    return DATA[f"time/{slug(value)}"]
