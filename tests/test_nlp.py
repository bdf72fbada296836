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
