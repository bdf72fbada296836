"""Stories across the corpus: articles about the same happening, told by who takes part, what happens and when.

kg/story.py merges near-duplicate copies inside one batch; this module groups every article of a
store into stories. Each article is described by the actors it mentions (people, organisations,
groups; places count less) and by what happens to them (event type + actor). Articles are taken in
date order (then by source); each joins the story it shares the most rare actors and events with,
when that story is close in time, or starts a new one. How rare a feature is counts only the
articles seen before, so adding the next day's articles to a store gives the same stories as
recomputing them all, and ``cluster(read(ds))`` is a plain function of the store.

>>> a = Facts("a", "A", "2021-06-14", frozenset({"id/person/biden", "id/person/putin"}), frozenset({"Meeting:id/person/putin"}))
>>> b = Facts("b", "B", "2021-06-15", frozenset({"id/person/putin", "id/place/geneva"}), frozenset({"Meeting:id/person/putin"}))
>>> c = Facts("c", "C", "2021-09-01", frozenset({"id/organization/opec"}), frozenset())
>>> [s.articles for s in cluster([c, b, a])]
[('a', 'b'), ('c',)]
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rdflib import Dataset, Graph


def _rows(ds: Dataset | Graph, query: str) -> list[Any]:
    """SELECT rows (rdflib types a result row loosely; these are always rows here)."""
    return list(ds.query(query))

KIND_WEIGHT = {"person": 1.0, "organization": 1.0, "group": 0.6, "place": 0.8, "event": 1.2}
THRESHOLD = 0.25  # overlap (shared actors, places and events) over the weight of the article's own actors and places
WINDOW_DAYS = 10  # an article joins a story only within this many days of the story's articles


@dataclass(frozen=True)
class Facts:
    """What clustering needs to know of one article."""

    article: str  # article IRI
    headline: str
    date: str | None  # YYYY-MM-DD
    entities: frozenset[str]  # entity IRIs mentioned (people, organisations, groups, places)
    events: frozenset[str]  # "Type:entity IRI" for each event and each of its actors
    source: str = ""  # where the article was read from


@dataclass(frozen=True)
class Story:
    id: str  # the IRI of its first article (date order), so the same store gives the same ids
    articles: tuple[str, ...]  # article IRIs in date order
    start: str | None
    end: str | None
    headline: str  # of the first article


def _kind(feature: str) -> str:
    if ":" in feature and not feature.startswith("http"):
        return "event"
    for kind in ("person", "organization", "group", "place"):
        if f"/{kind}/" in feature:
            return kind
    return "place"


def _day(value: str | None) -> int | None:
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


@dataclass
class _Open:
    sid: str
    articles: list[str]
    headline: str
    features: Counter = field(default_factory=Counter)
    days: list[int] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)


class StoryIndex:
    """Stories so far; ``add`` places one more article (incremental clustering)."""

    def __init__(self, threshold: float = THRESHOLD, window_days: int = WINDOW_DAYS) -> None:
        self.threshold = threshold
        self.window = window_days
        self.df: Counter = Counter()  # feature -> articles seen with it
        self.seen = 0
        self.stories: list[_Open] = []
        self.by_feature: dict[str, set[int]] = defaultdict(set)
        self.of_article: dict[str, int] = {}

    def weight(self, feature: str) -> float:
        return KIND_WEIGHT[_kind(feature)] * math.log((self.seen + 2) / (self.df[feature] + 1))

    def add(self, f: Facts) -> str:
        """Put the article in a story and return the story's id."""
        if f.article in self.of_article:
            return self.stories[self.of_article[f.article]].sid
        features = f.entities | f.events
        weights = {x: self.weight(x) for x in features}
        # what the article is about is its actors and places; a shared event only adds to the overlap
        total = sum(weights[x] for x in f.entities)
        day = _day(f.date)
        best, best_score = None, 0.0
        candidates = sorted({i for x in features for i in self.by_feature.get(x, ())})
        for i in candidates:
            s = self.stories[i]
            if day is not None and s.days and min(abs(day - d) for d in s.days) > self.window:
                continue
            shared = [x for x in features if x in s.features]
            if not any(_kind(x) in ("person", "organization", "event") for x in shared):
                continue  # a place or a group alone does not make a story
            score = sum(weights[x] for x in shared) / total if total else 0.0
            if score > best_score:
                best, best_score = i, score
        if best is None or best_score < self.threshold:
            self.stories.append(_Open(f.article, [], f.headline))
            best = len(self.stories) - 1
        s = self.stories[best]
        s.articles.append(f.article)
        s.features.update(features)
        if day is not None:
            s.days.append(day)
            s.dates.append(f.date[:10] if f.date else "")
        for x in features:
            self.by_feature[x].add(best)
            self.df[x] += 1
        self.seen += 1
        self.of_article[f.article] = best
        return s.sid

    def result(self) -> list[Story]:
        """Stories, the largest first (then by id)."""
        out = [Story(s.sid, tuple(s.articles), min(s.dates) if s.dates else None, max(s.dates) if s.dates else None,
                     s.headline) for s in self.stories]
        return sorted(out, key=lambda s: (-len(s.articles), s.id))


def order(facts: Iterable[Facts]) -> list[Facts]:
    """The canonical order: dated articles by date, then undated ones; ties by IRI."""
    return sorted(facts, key=lambda f: (f.date is None, f.date or "", f.article))


def cluster(facts: Iterable[Facts], threshold: float = THRESHOLD, window_days: int = WINDOW_DAYS) -> list[Story]:
    index = StoryIndex(threshold, window_days)
    for f in order(facts):
        index.add(f)
    return index.result()


_ARTICLES = """
PREFIX schema: <https://schema.org/>
PREFIX story: <https://w3id.org/storykg/ontology#>
SELECT DISTINCT ?a ?headline ?date ?src WHERE {
  ?a a schema:NewsArticle ; story:sourcePath ?src .
  OPTIONAL { ?a schema:headline ?headline } OPTIONAL { ?a schema:datePublished ?date }
}"""
_MENTIONED = """
PREFIX schema: <https://schema.org/>
PREFIX story: <https://w3id.org/storykg/ontology#>
PREFIX gaf: <http://groundedannotationframework.org/gaf#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
SELECT DISTINCT ?a ?x WHERE {
  ?x a ?kind ; gaf:denotedBy ?m . ?m nif:referenceContext ?a .
  VALUES ?kind { schema:Person schema:Organization schema:Place story:Group }
}"""
_EVENTS = """
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX story: <https://w3id.org/storykg/ontology#>
SELECT DISTINCT ?a ?cls ?x WHERE {
  ?e a sem:Event ; a ?cls ; prov:wasDerivedFrom ?a ; sem:hasActor ?x .
  FILTER(STRSTARTS(STR(?cls), "https://w3id.org/storykg/ontology#"))
}"""


def read(ds: Dataset | Graph) -> list[Facts]:
    """The facts of every article in the store (any store: the queries use standard SPARQL)."""
    heads: dict[str, tuple[str, str | None, str]] = {}
    for r in _rows(ds, _ARTICLES):
        a = str(r[0])
        headline, when, src = r[1], r[2], r[3]
        old = heads.get(a)
        heads[a] = (str(headline) if headline is not None else (old[0] if old else ""),
                    str(when)[:10] if when is not None else (old[1] if old else None), str(src))
    entities: dict[str, set[str]] = defaultdict(set)
    for r in _rows(ds, _MENTIONED):
        entities[str(r[0])].add(str(r[1]))
    events: dict[str, set[str]] = defaultdict(set)
    for r in _rows(ds, _EVENTS):
        cls = str(r[1]).rsplit("#", 1)[-1]
        events[str(r[0])].add(f"{cls}:{r[2]}")
    return [Facts(a, h, d, frozenset(entities.get(a, ())), frozenset(events.get(a, ())), src)
            for a, (h, d, src) in sorted(heads.items())]


def stories(ds: Dataset | Graph, threshold: float = THRESHOLD, window_days: int = WINDOW_DAYS) -> list[Story]:
    """Every article of the store in exactly one story."""
    return cluster(read(ds), threshold, window_days)


def score(clusters: Iterable[Iterable[str]], gold: dict[str, str]) -> dict[str, float]:
    """Purity, inverse purity and B-cubed precision, recall and F of clusters against gold labels
    (items without a gold label are left out).

    >>> score([["a", "b"], ["c"]], {"a": "x", "b": "x", "c": "y"})["bcubed_f"]
    1.0
    """
    groups = [[x for x in c if x in gold] for c in clusters]
    groups = [c for c in groups if c]
    n = sum(len(c) for c in groups)
    if not n:
        return {"purity": 0.0, "inverse_purity": 0.0, "bcubed_p": 0.0, "bcubed_r": 0.0, "bcubed_f": 0.0}
    gold_size = Counter(gold[x] for c in groups for x in c)
    purity = sum(Counter(gold[x] for x in c).most_common(1)[0][1] for c in groups) / n
    by_gold: dict[str, Counter] = defaultdict(Counter)
    for i, c in enumerate(groups):
        for x in c:
            by_gold[gold[x]][i] += 1
    inverse = sum(cnt.most_common(1)[0][1] for cnt in by_gold.values()) / n
    p = r = 0.0
    for c in groups:
        labels = Counter(gold[x] for x in c)
        for x in c:
            p += labels[gold[x]] / len(c)
            r += labels[gold[x]] / gold_size[gold[x]]
    p, r = p / n, r / n
    return {"purity": round(purity, 3), "inverse_purity": round(inverse, 3), "bcubed_p": round(p, 3),
            "bcubed_r": round(r, 3), "bcubed_f": round(2 * p * r / (p + r), 3) if p + r else 0.0}
