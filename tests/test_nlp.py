"""The bundled pipeline loads offline and parses the structures the extraction relies on."""

from __future__ import annotations

from kg.extract.document import parse
from kg.ingest import read_path

from .conftest import SCRAPED


def _sentence(docs, start: str):
    for d in docs:
        for par in d.paragraphs:
            for sent in par.doc.sents:
                if sent.text.startswith(start):
                    return sent
    raise AssertionError(f"no sentence starting {start!r}")


def test_bundled_model_is_the_default(nlp):
    assert nlp.meta["name"] == "storykg" and nlp.meta["license"] == "CC BY-SA 4.0"
    assert {"tagger", "parser", "ner", "storykg_ruler"} <= set(nlp.pipe_names)


def test_subject_of_discussed(nlp):
    docs = parse(nlp, [next(read_path(SCRAPED))])
    s = _sentence(docs, "During a meeting")
    discussed = next(t for t in s if t.lemma_ == "discuss")
    subject = [t for t in discussed.children if t.dep_ == "nsubj"]
    assert subject and subject[0].text in ("Gitanas", "Nausėda")


def test_seed_structures(nlp):
    docs = parse(nlp, [next(read_path(SCRAPED))])
    s = _sentence(docs, "During a meeting")
    meeting = next(t for t in s if t.text == "meeting")
    with_phrase = [t for t in meeting.subtree if t.text == "with"]
    assert with_phrase and with_phrase[0].head.text in ("Joe", "Biden")
    q = _sentence(docs, "“Our aim")
    assert q.text.endswith("press release.")  # the quote and its attribution are one sentence
    ents = {e.text for d in docs for p in d.paragraphs for e in p.doc.ents}
    assert {"NATO", "Brussels", "Geneva"} <= ents
    assert any("Biden" in e for e in ents) and any("Nausėda" in e for e in ents)
    # "Vladimir" alone is a GeoNames city; the extractor turns "Vladimir Putin" back into a person (below)


def test_seed_entities_as_the_extractor_sees_them(extractor):
    x = next(iter(extractor.extract([next(read_path(SCRAPED))])))
    labels = {e.label for e in x.entities}
    assert {"Gitanas Nausėda", "Joe Biden", "Vladimir Putin", "NATO", "Brussels", "Geneva"} <= labels


def test_news_tokenizer(nlp):
    doc = nlp("🇱🇹 🇱🇻 met @Potus at #NATOSummit in the U.S. on Monday.")
    assert [t.text for t in doc][:6] == ["🇱🇹", "🇱🇻", "met", "@Potus", "at", "#NATOSummit"]
    assert "U.S." in [t.text for t in doc]


def test_political_actors_are_recognised_and_typed_by_name(nlp):
    """Phoenix actors (kg.nlp.actors): names the statistical model misses, cuts or mistypes."""
    doc = nlp("Noboru Takeshita spoke with Eduard Shevardnadze and Boutros Boutros-Ghali on Tuesday, "
              "and Abu Sayyaf Group gunmen fled.")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert {("Noboru Takeshita", "PER"), ("Eduard Shevardnadze", "PER"), ("Boutros Boutros-Ghali", "PER"),
            ("Abu Sayyaf Group", "ORG")} <= ents


def test_actor_names_inside_longer_names_are_left_alone(nlp):
    with nlp.select_pipes(disable=["ner"]):  # what the gazetteer components alone find
        inside = nlp("Passengers at Ronald Reagan Washington National Airport waited.")
        alone = nlp("Passengers waited, Ronald Reagan said.")
    assert ("Ronald Reagan", "PER") not in {(e.text, e.label_) for e in inside.ents}
    assert ("Ronald Reagan", "PER") in {(e.text, e.label_) for e in alone.ents}


def test_actor_roles_on_the_article_date():
    from kg.nlp.gazetteer import actor_roles

    assert actor_roles("Yasuhiro Nakasone", "1985-06-01") == [
        "government of Japan, 1982-11-26 to 1987-11-06 (Phoenix JPNGOV)"]
    assert actor_roles("Reagan", "1985-06-01") == [
        "government of United States, 1981-01-20 to 1989-01-20 (Phoenix USAGOV)"]
    assert actor_roles("Reagan", None) == []  # a lone surname needs the date to say who it is
    assert actor_roles("Yasuhiro Nakasone", "2010-01-01") == []  # no role held then
    assert actor_roles("Yasuhiro Nakasone", "1985-06-01", country="FR") == []  # another country: a namesake


def test_acronyms_of_organisation_names():
    from kg.nlp.gazetteer import is_acronym

    assert is_acronym("U.N.", "United Nations") and is_acronym("FBI", "Federal Bureau of Investigation")
    assert is_acronym("AQAP", "Al-Qaeda in the Arabian Peninsula")
    assert not is_acronym("UN", "United Kingdom") and not is_acronym("Un", "United Nations")
