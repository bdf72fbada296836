"""The corpus view's data, read from any store with standard SPARQL.

Nodes are actors (people, organisations, groups) that take part in events; an edge joins two actors
that share events and lists them (label, date, article). Every node keeps a few sentences that
support it (where its events are told) and the articles they come from; every story keeps its
timeline.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Dataset, Graph

from kg.analysis import KINDS
from kg.query import view_queries


def _rows(ds: Dataset | Graph, query: str) -> list[dict[str, Any]]:
    """SELECT rows as Python values (kg.query.run: the rows a store keeps for the view, when it keeps them)."""
    from kg.query import run

    return run(ds, query)[1]  # type: ignore[arg-type]  # a Graph answers SPARQL as a Dataset does


SENTENCES_PER_NODE = 4
EVENTS_PER_EDGE = 12
SENTENCE_CHARS = 320

_ARTICLES = """
PREFIX schema: <https://schema.org/>
PREFIX story: <https://w3id.org/storykg/ontology#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
SELECT DISTINCT ?a ?src ?headline ?date ?url ?text WHERE {
  ?a a schema:NewsArticle ; story:sourcePath ?src ; nif:isString ?text .
  OPTIONAL { ?a schema:headline ?headline } OPTIONAL { ?a schema:datePublished ?date }
  OPTIONAL { ?a schema:url ?url }
}"""

QUERIES = view_queries()
_EVENTS, _SPANS, _ACTORS = QUERIES["view events"], QUERIES["view spans"], QUERIES["view actors"]


@dataclass
class Article:
    iri: str
    source: str
    headline: str = ""
    date: str | None = None
    href: str | None = None
    text: str = ""


@dataclass
class EventRow:
    iri: str
    label: str
    type: str
    status: str
    date: str | None
    articles: set[str] = field(default_factory=set)
    actors: set[str] = field(default_factory=set)
    spans: list[tuple[str, int, int]] = field(default_factory=list)


def _local(iri: object) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _href(source: str, url: str | None) -> str | None:
    """A link to the article: its URL, or the file it was read from when that file exists here."""
    if url and url.startswith(("http://", "https://")):
        return url
    if source.startswith(("http://", "https://")):
        return source
    path = Path(source.split("#", 1)[0])
    try:
        if path.is_file():
            return path.resolve().as_uri()
    except OSError:
        return None
    return None


_ABBREV = {"mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "inc", "co", "corp", "ltd", "jr", "sr", "no",
           "vs", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "prof", "lt", "col", "capt"}
_END = re.compile(r"[.!?][\"'”’)]?(?=\s)|\n")


def _ends(text: str) -> list[int]:
    """Offsets just past each sentence end; a period after an abbreviation, an initial or U.S. is no end."""
    out = []
    for m in _END.finditer(text):
        if text[m.start()] == ".":
            word = re.search(r"(\S+)$", text[max(0, m.start() - 12):m.start()])
            w = word.group(1).lower() if word else ""
            if w.strip("(\"'") in _ABBREV or len(w) == 1 or re.fullmatch(r"(?:[a-z]\.)+[a-z]", w):
                continue
        out.append(m.end())
    return out


def sentence(text: str, start: int, end: int, limit: int = SENTENCE_CHARS) -> str:
    """The sentence around text[start:end], at most limit characters.

    >>> sentence("First one. Mr. Biden met U.S. allies in Geneva. Then more.", 15, 20)
    'Mr. Biden met U.S. allies in Geneva.'
    """
    if not text:
        return ""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    ends = _ends(text)
    left = max((e for e in ends if e <= start), default=0)
    right = min((e for e in ends if e >= end), default=len(text))
    out = text[left:right].strip()
    if len(out) > limit:
        mid = (start + end) // 2 - left
        lo = max(0, min(len(out) - limit, mid - limit // 2))
        out = ("…" if lo else "") + out[lo:lo + limit].strip() + ("…" if lo + limit < len(out) else "")
    return out


def read(ds: Dataset | Graph) -> tuple[dict[str, Article], dict[str, EventRow], dict[str, dict]]:
    """Articles, events and actors of the store."""
    articles: dict[str, Article] = {}
    for r in _rows(ds, _ARTICLES):
        a = str(r["a"])
        art = articles.setdefault(a, Article(a, str(r["src"])))
        if r["headline"] is not None:
            art.headline = str(r["headline"])
        if r["date"] is not None:
            art.date = str(r["date"])[:10]
        art.href = art.href or _href(art.source, str(r["url"]) if r["url"] is not None else None)
        art.text = str(r["text"])
    events: dict[str, EventRow] = {}
    for r in _rows(ds, _EVENTS):
        e = str(r["e"])
        ev = events.setdefault(e, EventRow(e, str(r["label"]), _local(r["cls"]), _local(r["status"]).lower(),
                                           str(r["date"])[:10] if r["date"] is not None else None))
        ev.articles.add(str(r["a"]))
        if r["x"] is not None:
            ev.actors.add(str(r["x"]))
    for r in _rows(ds, _SPANS):
        e = str(r["e"])
        if e in events:
            events[e].spans.append((str(r["a"]), int(r["b"]), int(r["end"])))
    actors: dict[str, dict] = {}
    for r in _rows(ds, _ACTORS):
        x = str(r["x"])
        d = actors.setdefault(x, {"label": str(r["label"]), "kind": KINDS[str(r["kind"])], "titles": set()})
        if r["title"] is not None:
            d["titles"].add(str(r["title"]))
    return articles, events, actors


def actor_network(ds: Dataset | Graph) -> tuple[nx.Graph, dict[str, Article], dict[str, EventRow]]:
    """The actor network of the whole store, with what the page shows on each node and edge."""
    articles, events, actors = read(ds)
    g = nx.Graph()
    of_actor: dict[str, list[EventRow]] = defaultdict(list)
    for ev in sorted(events.values(), key=lambda e: (e.date or "9999", e.iri)):
        people = sorted(x for x in ev.actors if x in actors)
        for x in people:
            of_actor[x].append(ev)
        for i, a in enumerate(people):
            for b in people[i + 1:]:
                if g.has_edge(a, b):
                    g[a][b]["events"].append(ev)
                else:
                    g.add_edge(a, b, events=[ev])
    for x, evs in of_actor.items():
        d = actors[x]
        sents: list[dict[str, Any]] = []
        seen: set[str] = set()
        for ev in evs:
            for a, begin, stop in sorted(ev.spans):
                art = articles.get(a)
                if art is None or len(sents) >= SENTENCES_PER_NODE:
                    continue
                s = sentence(art.text, begin, stop)
                if s and s not in seen:
                    seen.add(s)
                    sents.append({"text": s, "article": art.headline or art.source, "href": art.href,
                                  "date": art.date or ev.date})
        dates = sorted({ev.date for ev in evs if ev.date})
        g.add_node(x, label=d["label"], kind=d["kind"], titles=sorted(d["titles"]), events=len(evs),
                   articles=len({a for ev in evs for a in ev.articles}), dates=dates, sentences=sents)
    for _, _, d in g.edges(data=True):
        evs = d.pop("events")
        d["weight"] = len(evs)
        d["dates"] = sorted({ev.date for ev in evs if ev.date})
        d["list"] = [{"label": ev.label, "date": ev.date, "type": ev.type, "status": ev.status}
                     for ev in evs[:EVENTS_PER_EDGE]]
    return g, articles, events
