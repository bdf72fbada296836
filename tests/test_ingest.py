from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest import expand, read, read_path, read_string
from kg.ingest.dedup import clusters
from kg.model import Article

from .conftest import CLEAN, ROOT, SCRAPED, SEEDS, SHARED


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
    assert isinstance(err, InputError) and "over the size limit" in str(err) and str(f) in str(err)


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


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600), st.sampled_from([".txt", ".html", ".json", ".jsonl"]))
def test_any_bytes_give_an_article_or_an_input_error(tmp_path_factory, data, suffix):
    f = tmp_path_factory.mktemp("fuzz") / f"x{suffix}"
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


# --- issue 17: ingest that stays linear and bounded on hostile input -------------------------------

PROSE = ("The foreign ministers met in Vilnius on Monday - the second such meeting this year - and "
         "agreed to keep talking about energy prices, officials said after the talks. ")


def _reads_within(path, seconds: float) -> list[str]:
    """Read ``path`` in a child process; the names of what came out, or a failure if it hangs."""
    code = textwrap.dedent(f"""
        from pathlib import Path
        from kg.ingest import read_path
        print([type(i).__name__ for i in read_path(Path({str(path)!r}), check_language=False)])
    """)
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=seconds,
                              cwd=ROOT, check=True)
    except subprocess.TimeoutExpired:
        pytest.fail(f"reading {path.name} ({path.stat().st_size:,} bytes) did not finish in {seconds:.0f} s")
    return eval(done.stdout)  # a list of class names printed by the child


@pytest.mark.parametrize("name,content", [
    # find_posts scanned to the end of the line from every position: quadratic (20k chars: 16 s)
    ("one_line.txt", PROSE * 12_000),
    ("tweet_at_end.txt", PROSE * 12_000 + "A post with its own words — Jane Doe (@janedoe) June 14, 2021"),
    # a line of tags: '#\s*[^#]+' could split the spaces two ways per tag: exponential
    ("tags.txt", PROSE + "\n\n" + "#  " * 60 + "x#"),
    # a byline: ' and X' matched two ways: exponential
    ("byline.txt", "By A" + " and A" * 60 + "#\n2021-06-14\n" + PROSE * 3),
    # 'caption / credit': '.+?\s+/' rescanned a run of spaces from every position: quadratic
    ("spaces.txt", "a" + " " * 1_000_000 + "b\n\n" + PROSE),
    ("date_prefix.txt", "date" + " " * 300_000 + "x " + PROSE),
])
def test_hostile_lines_do_not_hang(tmp_path, name, content):
    f = tmp_path / name
    f.write_text(content, encoding="utf-8")
    assert _reads_within(f, 90) in (["Article"], ["InputError"])


def test_a_post_on_a_long_line_is_found_with_exact_offsets():
    from kg.ingest.social import find_posts

    text = PROSE * 20 + "\n\nDuring turbulent times we stick together. pic.twitter.com/N4 — Jane Doe (@janedoe) June 14, 2021"
    (post,) = find_posts(text)
    assert (post.text, post.author, post.handle, post.date) == (
        "During turbulent times we stick together.", "Jane Doe", "@janedoe", "2021-06-14")
    assert text[post.span.start:post.span.end] == post.text
    two = find_posts("First post has words — A B (@ab) 1 May 2020 second post has words – C D (@cd) June 2, 2020")
    assert [(p.text, p.author) for p in two] == [("First post has words", "A B"), ("second post has words", "C D")]


def _peak_rss_mb(code: str) -> float:
    """Peak resident memory (MB) a child process adds while running ``code`` after importing kg.ingest."""
    child = textwrap.dedent("""
        import resource, sys
        from pathlib import Path
        from kg.ingest import read_path
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        """) + textwrap.dedent(code) + textwrap.dedent("""
        print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024)
        """)
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=120,
                          cwd=ROOT, check=True)
    return float(done.stdout.split()[-1])


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path):
    f = tmp_path / "huge.txt"
    with f.open("wb") as fh:  # sparse: 400 MB that take no disk
        fh.truncate(400 * 1024 * 1024)
    (err,) = list(read_path(f))
    assert isinstance(err, InputError) and str(f) in str(err)
    assert "419,430,400 bytes, over the size limit of 20,971,520 bytes" in str(err)
    grew = _peak_rss_mb(f"""
        (err,) = read_path(Path({str(f)!r}))
        assert "over the size limit" in str(err), err
        """)
    assert grew < 25, f"rejecting a 400 MB file took {grew:.0f} MB of memory (limit 20 MB)"


def test_an_oversized_jsonl_record_is_reported_with_its_line(tmp_path):
    good = json.dumps({"title": "Talks in Geneva", "text": PROSE})
    f = tmp_path / "corpus.jsonl"
    huge = '{"title": "Huge", "text": "' + "word " * (10 * 1024 * 1024) + '"}'  # 50 MB
    f.write_text(f"{good}\n{huge}\n{good}\n", encoding="utf-8")
    items = list(read_path(f))
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    err = items[1]
    assert err.line == 2 and f"{f}:2" in str(err) and "over the size limit" in str(err), err
    assert f"{len(huge):,} bytes" in str(err)


@pytest.mark.parametrize("words,encoding", [
    ("Talks in Zürich went on at a café near the lake, the Swiss minister said on Monday.", "latin-1"),
    ("“We agreed,” the minister said in Zürich – and the talks will go on in Genève, officials said.", "cp1252"),
    ("The président of the Société said the café in Zürich was très bien and the crème brûlée perfect.", "latin-1"),
])
def test_western_legacy_text_is_read_as_such(tmp_path, words, encoding):
    f = tmp_path / "legacy.txt"
    f.write_bytes(words.encode(encoding))
    art = next(read_path(f))
    assert isinstance(art, Article) and art.text == words, art


def test_utf8_with_a_stray_byte_stays_utf8(tmp_path):
    f = tmp_path / "mixed.txt"
    f.write_bytes("Talks in Zürich and Genève went on at a café, the Swiss minister said on Monday.".encode()
                  + b" The caf\xe9 closed.")
    art = next(read_path(f))
    assert isinstance(art, Article) and "Zürich and Genève" in art.text and "caf\ufffd closed" in art.text


def test_other_code_pages_are_still_recognised(tmp_path):
    words = ("Министр иностранных дел встретился с коллегами в Вильнюсе в понедельник, "
             "чтобы обсудить цены на энергию и безопасность в регионе, сообщили чиновники.")
    f = tmp_path / "cyrillic.txt"
    f.write_bytes(words.encode("cp1251"))
    art = next(read_path(f, check_language=False))
    assert isinstance(art, Article) and "Вильнюсе" in art.text


def _declared(pyproject) -> set[str]:
    deps = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    return {re.split(r"[<>=!~;\[ ]", d, maxsplit=1)[0].lower().replace("-", "_") for d in deps}


def test_the_html_cleaner_is_a_declared_dependency():
    """pip 23.2 did not resolve justext's 'lxml[html_clean]' extra: every HTML input then failed."""
    assert {"trafilatura", "lxml_html_clean"} <= _declared(ROOT / "pyproject.toml")


def test_html_without_its_cleaner_skips_the_page_not_the_build(tmp_path, monkeypatch):
    for name in list(sys.modules):
        if name.split(".")[0] in ("trafilatura", "justext") or name == "lxml.html.clean":
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "lxml.html.clean", None)  # as in an install that lacks it
    (tmp_path / "page.html").write_text("<html><body><p>" + PROSE + "</p></body></html>")
    (tmp_path / "story.txt").write_text(PROSE)
    before = set(sys.modules)
    try:
        items = list(read([tmp_path]))
    finally:  # half-imported modules must not outlive the test
        for name in set(sys.modules) - before:
            del sys.modules[name]
    assert [type(i).__name__ for i in items] == ["InputError", "Article"]
    assert "page.html" in str(items[0]) and "lxml.html.clean" in str(items[0])


def test_html_input_builds(tmp_path):
    import kg
    from kg.ids import graph_iri

    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Leaders meet in Rome</title></head><body><article>"
                    "<h1>Leaders meet in Rome</h1><p>The leaders of France and Italy met in Rome on Tuesday to "
                    "discuss energy prices, officials said.</p><p>They agreed to meet again next month in "
                    "Paris, the Italian prime minister said after the talks.</p></article></body></html>")
    ds = kg.build([page])
    assert len(ds.graph(graph_iri(str(page)))) > 20


def test_symlink_loops_are_not_followed(tmp_path):
    (tmp_path / "a.txt").write_text(PROSE)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(PROSE.replace("Vilnius", "Riga"))
    os.symlink(".", tmp_path / "self")  # glob.glob('**') followed it to the path length limit: 41 copies
    expected = [tmp_path / "a.txt", tmp_path / "sub" / "b.txt"]
    assert expand([tmp_path]) == expected
    assert expand([f"{tmp_path}/**/*.txt"]) == expected
    assert len([i for i in read([f"{tmp_path}/**/*.txt"]) if isinstance(i, Article)]) == 2


def test_a_file_reached_twice_is_read_once(tmp_path):
    (tmp_path / "a.txt").write_text(PROSE)
    os.symlink("a.txt", tmp_path / "b.txt")
    assert expand([tmp_path, tmp_path / "a.txt", f"{tmp_path}/*.txt"]) == [tmp_path / "a.txt"]


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_an_empty_jsonl_is_an_input_error(tmp_path, content):
    f = tmp_path / "empty.jsonl"
    f.write_bytes(content)
    (err,) = list(read_path(f))
    assert isinstance(err, InputError) and str(f) in str(err) and "empty" in str(err)


# --- datelines: the article's date however the page writes it ----------------------------------------
BODY = ("A strong earthquake struck the coastal province on Tuesday, killing at least two people and damaging "
        "dozens of houses, officials said.\n\nRescue teams reached the worst-hit villages by the evening, the "
        "provincial disaster agency said in a statement.")


@pytest.mark.parametrize(("dateline", "published"), [
    ("Tuesday, July 2, 2013", "2013-07-02"),
    ("Reuters, Tuesday 2 Jul 2013", "2013-07-02"),
    ("Last Updated: Tuesday, 2 July 2013, 02:24 GMT", "2013-07-02T02:24"),
    ("Jakarta, Jul 2, 2013 / 02:00 pm (AFP)", "2013-07-02T14:00"),
    ("07 / 02 / 13 07:35 PM ET", "2013-07-02T19:35"),
    ("Published: July 2, 2013 9:09 AM", "2013-07-02T09:09"),
])
def test_a_dateline_under_the_headline_dates_the_article(tmp_path, dateline, published):
    f = tmp_path / "quake.txt"
    f.write_text(f"Strong quake hits coastal province; two dead\n{dateline}\n\n{BODY}\n")
    art = next(read_path(f))
    assert isinstance(art, Article)
    assert art.published == published
    assert art.headline == "Strong quake hits coastal province; two dead"  # headline grammar is no foreign text
    assert dateline not in art.text


def test_a_headline_with_a_date_in_it_stays_a_headline(tmp_path):
    f = tmp_path / "visit.txt"
    f.write_text(f"Minister to visit the quake zone on Jul 9, 2013\n\n{BODY}\n")
    art = next(read_path(f))
    assert isinstance(art, Article)
    assert art.headline == "Minister to visit the quake zone on Jul 9, 2013" and art.published is None
