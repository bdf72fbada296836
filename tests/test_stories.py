"""Stories across the store: articles grouped by shared actors, events and time, incrementally."""

from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.stories import Facts, StoryIndex, cluster, order, read, score

NEWS = [
    {"id": "a", "title": "Biden and Putin meet in Geneva", "date": "2021-06-16",
     "text": "US President Joe Biden met Russian President Vladimir Putin in Geneva on Wednesday. The two leaders "
             "discussed arms control and cyber attacks. Biden said the talks were constructive."},
    {"id": "c", "title": "OPEC agrees to raise oil output", "date": "2021-07-18",
     "text": "OPEC ministers agreed on Sunday to raise oil output from August. Saudi Energy Minister Abdulaziz bin "
             "Salman said the deal would calm the market."},
    {"id": "b", "title": "Putin says summit with Biden was useful", "date": "2021-06-17",
     "text": "Vladimir Putin said on Thursday that his meeting with Joe Biden in Geneva was useful. Putin and Biden "
             "agreed to return ambassadors to their posts."},
]


def write(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def grouped(ds) -> list[list[str]]:
    facts = read(ds)
    source = {f.article: f.source.rsplit("#", 1)[-1] for f in facts}
    return sorted(sorted(source[a] for a in s.articles) for s in cluster(facts))


@pytest.mark.slow
def test_articles_about_one_happening_form_one_story_also_when_they_arrive_later(tmp_path):
    from kg.pipeline import build
    from kg.store import open_store

    whole = open_store("memory")
    build([str(write(tmp_path / "all.jsonl", NEWS))], whole)
    assert grouped(whole) == [["a", "b"], ["c"]]  # not near-duplicates: shared actors, place and days

    store = open_store(f"oxigraph:{tmp_path / 'store'}", read_only=False)
    build([str(write(tmp_path / "first.jsonl", NEWS[:2]))], store)
    assert grouped(store) == [["a"], ["c"]]
    build([str(write(tmp_path / "second.jsonl", NEWS[2:]))], store)  # the next day's article arrives
    assert grouped(store) == [["a", "b"], ["c"]]
    store.close()

    r = CliRunner().invoke(main, ["stories", f"oxigraph:{tmp_path / 'store'}"])
    assert r.exit_code == 0, r.output
    assert "2 articles  2021-06-16 to 2021-06-17  Biden and Putin meet in Geneva" in r.output
    assert "second.jsonl#b  Putin says summit with Biden was useful" in r.output
    assert "OPEC" not in r.output.split("stories of")[0]  # a story of one article is not listed by default
    r = CliRunner().invoke(main, ["stories", f"oxigraph:{tmp_path / 'store'}", "--min-articles", "1", "--format", "json"])
    assert [len(s["articles"]) for s in json.loads(r.stdout)] == [2, 1]


def facts(n: int = 60) -> list[Facts]:
    """Six running stories of ten articles over two months, plus noise actors everyone mentions."""
    rng = random.Random(3)
    out = []
    for i in range(n):
        k = i % 6
        day = 1 + (i // 6) * 3
        people = {f"id/person/p{k}-{j}" for j in rng.sample(range(4), 2)} | {"id/place/washington"}
        events = {f"Meeting:id/person/p{k}-{rng.randrange(4)}"}
        out.append(Facts(f"art{i:02}", f"headline {i}", f"2021-{3 + day // 28:02}-{1 + day % 28:02}",
                         frozenset(people), frozenset(events), f"s{i}"))
    return out


def test_adding_articles_one_by_one_gives_what_recomputing_gives():
    every = facts()
    index = StoryIndex()
    for f in order(every):
        index.add(f)
    assert index.result() == cluster(every) == cluster(list(reversed(every))) == cluster(random.sample(every, len(every)))
    gold = {f.article: str(int(f.article[3:]) % 6) for f in every}
    m = score([s.articles for s in cluster(every)], gold)
    assert m["purity"] == 1.0 and m["bcubed_f"] > 0.9


def test_time_keeps_apart_what_actors_would_join():
    a = Facts("a", "A", "2021-01-01", frozenset({"id/person/x", "id/person/y"}), frozenset())
    b = Facts("b", "B", "2021-01-03", frozenset({"id/person/x", "id/person/y"}), frozenset())
    late = Facts("c", "C", "2021-05-01", frozenset({"id/person/x", "id/person/y"}), frozenset())
    assert [s.articles for s in cluster([a, b, late])] == [("a", "b"), ("c",)]
    assert [s.articles for s in cluster([a, b, late], window_days=365)] == [("a", "b", "c")]


def test_a_shared_place_alone_does_not_make_a_story():
    a = Facts("a", "A", "2021-01-01", frozenset({"id/place/london", "id/person/x"}), frozenset())
    b = Facts("b", "B", "2021-01-01", frozenset({"id/place/london", "id/person/y"}), frozenset())
    assert len(cluster([a, b])) == 2


def test_scores():
    gold = {"a": "1", "b": "1", "c": "2", "d": "2"}
    assert score([["a", "b", "c", "d"]], gold) == {"purity": 0.5, "inverse_purity": 1.0, "bcubed_p": 0.5,
                                                   "bcubed_r": 1.0, "bcubed_f": 0.667}
    assert score([["a"], ["b"], ["c", "d"]], gold)["bcubed_r"] == 0.75
