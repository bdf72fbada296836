from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest import read, read_path, read_string
from kg.ingest.dedup import clusters
from kg.model import Article

from .conftest import CLEAN, SCRAPED, SEEDS, SHARED


def _body_without_posts(art: Article) -> str:
    body = art.text[art.body_start:]
    pars = [p for p in body.split("\n\n") if not any(post.text[:30] in p for post in art.posts)]
    return "\n\n".join(pars)


def test_scraped_page_metadata_and_furniture():
    art = next(read_path(SCRAPED))
    assert isinstance(art, Article)
    assert art.headline == "Lithuanian president meets with Joe Biden, asks for more US military presence in Baltics"
    assert art.published == "2021-06-14T16:26"
    assert art.publisher == "BNS"
    assert set(art.keywords) >= {"News", "Defence"}
    assert "Lithuanian President's Office" in art.photo_credits
    for junk in ("Mums svarbus", "portalas@lrt.lt", "1 / 3", "# News", "BNS2021"):
        assert junk not in art.text
    assert any("Mums svarbus" in f for f in art.furniture)  # removed, not lost


def test_scraped_page_related_headlines_are_stubs():
    art = next(read_path(SCRAPED))
    heads = {r.headline: r.published for r in art.related}
    assert len(heads) == 10
    assert heads["Lithuanian president leaves for NATO summit amid tensions with Minsk"] == "2021-06-14T09:41"
    assert all(h not in art.text for h in heads)


def test_both_seeds_have_the_same_body_modulo_the_tweet():
    scraped, clean = next(read_path(SCRAPED)), next(read_path(CLEAN))
    assert clean.published == "2021-06-14" and clean.headline is None
    assert _body_without_posts(scraped) == _body_without_posts(clean)
    assert len(clean.posts) == 1 and not scraped.posts


def test_embedded_tweet_is_recognised():
    post = next(read_path(CLEAN)).posts[0]
    assert post.author == "Gitanas Nausėda" and post.handle == "@GitanasNauseda"
    assert post.date == "2021-06-14" and post.channel.value == "tweet"
    assert post.text.startswith("During turbulent times") and "pic.twitter.com" not in post.text


def test_near_duplicates_form_one_story():
    arts = [a for a in read([SEEDS]) if isinstance(a, Article)]
    assert clusters(arts) == [[0, 1]]
    other = read_string("Apple released a new phone on Tuesday in California, the company said in a statement "
                        "to reporters who gathered outside its offices.", "other.txt")
    assert clusters([*arts, other]) == [[0, 1], [2]]


def test_html_page(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Leaders meet in Rome</title><meta name='date' content='2022-03-01'></head>"
                    "<body><nav>Home | World</nav><article><h1>Leaders meet in Rome</h1>"
                    "<p>The leaders of France and Italy met in Rome on Tuesday to discuss energy prices.</p>"
                    "<p>They agreed to meet again next month in Paris, officials said after the talks.</p>"
                    "</article><footer>Copyright 2022</footer></body></html>")
    art = next(read_path(page))
    assert isinstance(art, Article), art
    assert art.headline == "Leaders meet in Rome" and art.published == "2022-03-01"
    assert "met in Rome on Tuesday" in art.text and "Copyright" not in art.text


def test_jsonl_bad_lines_are_reported_with_line_numbers(tmp_path):
    f = tmp_path / "corpus.jsonl"
    good = {"title": "Talks in Geneva", "text": "Officials met in Geneva on Monday to talk about the war.",
            "date": "2022-01-10", "id": 7}
    f.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"title": "no text"}) + "\n" + json.dumps(good) + "\n")
    items = list(read_path(f))
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "InputError", "Article"]
    assert items[1].line == 2 and "not JSON" in str(items[1])
    assert items[2].line == 3 and "no text" in str(items[2])
    assert items[0].source.endswith("#7") and items[0].published == "2022-01-10"


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"),
    (b"   \n\n ", "empty"),
    (b"\x00\x01\x02binary\x00" * 50, "binary"),
])
def test_bad_files_give_input_errors(tmp_path, data, reason):
    f = tmp_path / "bad.txt"
    f.write_bytes(data)
    (err,) = list(read_path(f))
    assert isinstance(err, InputError) and reason in str(err) and str(f) in str(err)


def test_other_encodings_are_decoded(tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes("Le président français a rencontré le chancelier à Genève. The French president met "
                  "the German chancellor in Geneva on Monday, officials said.".encode("latin-1"))
    art = next(read_path(f, check_language=False))
    assert isinstance(art, Article) and "Genève" in art.text


def test_size_limit(tmp_path):
    f = tmp_path / "big.txt"
    f.write_text("The minister met the press. " * 1000)
    (err,) = list(read_path(f, max_bytes=1000))
    assert isinstance(err, InputError) and "over the limit" in str(err)


def test_non_english_is_skipped_with_a_reason(tmp_path):
    f = tmp_path / "lt.txt"
    f.write_text("Prezidentas Gitanas Nausėda pirmadienį Briuselyje susitiko su JAV prezidentu Joe Bidenu. "
                 "Jie aptarė saugumo klausimus regione ir NATO pajėgų buvimą Lietuvoje bei kitose šalyse.")
    (err,) = list(read_path(f))
    assert isinstance(err, InputError) and "not English" in str(err)


def test_malformed_html_is_reported(tmp_path):
    f = tmp_path / "broken.html"
    f.write_text("<html><body><div><p>Short")
    (err,) = list(read_path(f))
    assert isinstance(err, InputError) and "broken.html" in str(err)


def test_mixed_directory_keeps_every_good_file(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Leaders met in Brussels on Monday to discuss security and the war, officials said.")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "junk.json").write_text("{oops")
    items = list(read([tmp_path]))
    good = [i for i in items if isinstance(i, Article)]
    bad = [i for i in items if isinstance(i, InputError)]
    assert len(good) == 2 and {re.sub(r".*/", "", e.source) for e in bad} == {"empty.txt", "junk.json"}


def test_missing_input_is_an_error():
    with pytest.raises(InputError, match="no such file"):
        list(read(["does/not/exist.txt"]))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_give_an_article_or_an_input_error(tmp_path_factory, data):
    f = tmp_path_factory.mktemp("fuzz") / "x.txt"
    f.write_bytes(data)
    for item in read_path(f, check_language=False):
        assert isinstance(item, (Article, InputError))
        if isinstance(item, Article):
            assert 0 <= item.body_start <= len(item.text)
            for post in item.posts:
                assert item.text[post.span.start:post.span.end] == post.span.text


@pytest.mark.shared
def test_gum_news_documents_ingest():
    files = sorted((SHARED / "data" / "gum_news").glob("*.txt"))
    assert len(files) == 24
    items = list(read(files))
    assert all(isinstance(i, Article) for i in items), [str(i) for i in items if isinstance(i, InputError)]


@pytest.mark.shared
@pytest.mark.slow
def test_reuters_jsonl_ingests_streaming():
    path = next((SHARED / "data" / "reuters").glob("*.jsonl"))
    n_ok = n_bad = 0
    for item in read_path(path, check_language=False):
        if isinstance(item, Article):
            n_ok += 1
        else:
            n_bad += 1
            assert "no text" in str(item)
    assert n_ok > 18000


def test_a_text_pasted_twice_is_read_once(tmp_path):
    par = ("Officials said on Tuesday that the minister is under serious consideration to lead the "
           "health agency, according to two people familiar with the talks.")
    f = tmp_path / "twice.txt"
    f.write_text(f"{par}\n\n{par}\n")
    art = next(read_path(f))
    assert isinstance(art, Article) and art.text == par
