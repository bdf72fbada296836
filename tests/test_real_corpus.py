"""storykg's output on real news conforms to its own shapes (issue: a 300-article Reuters build gave events
with two statuses). Needs ../shared (the dev texts and Reuters)."""

from __future__ import annotations

import itertools

import pytest

from kg.pipeline import build
from kg.store import open_store
from kg.validate import validate

from .conftest import SHARED

pytestmark = [pytest.mark.shared, pytest.mark.slow]


def _reuters(n: int, tmp_path):
    path = tmp_path / "reuters.jsonl"
    with open(SHARED / "data" / "reuters" / "reuters21578.jsonl", encoding="utf-8") as src:
        path.write_text("".join(itertools.islice(src, n)), encoding="utf-8")
    return path


def test_dev_set_and_reuters_conform_to_the_shapes(tmp_path):
    dev = [SHARED / "data" / "news_samples" / (g.stem + ".txt") for g in sorted((SHARED / "eval" / "gold" / "dev").glob("*.json"))]
    assert dev, "no news samples"
    ds = open_store("memory")
    build([*dev, _reuters(150, tmp_path)], ds)
    conforms, report = validate(ds)
    assert conforms, report[:3000]


def test_two_events_of_one_article_never_share_an_iri():
    from kg import story
    from kg.model import Article, Event, EventType, Extraction, Participant, Role, Status

    art = Article(source="a.txt", text="x")
    one = Event(key="Meeting:a#0", type=EventType.MEETING, cameo="040", label="m", mentions=(), sentences=(),
                participants=(Participant("person:a", Role.AGENT),), status=Status.HAPPENED)
    two = Event(key="Meeting:a#1", type=EventType.MEETING, cameo="040", label="m", mentions=(), sentences=(),
                participants=(Participant("person:a", Role.AGENT),), status=Status.UNKNOWN)
    (x,) = story.unify([Extraction(article=art, events=(one, two))])
    assert len({e.key for e in x.events}) == 2
