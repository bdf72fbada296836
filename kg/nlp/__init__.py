"""The spaCy pipeline: storykg's bundled English model by default, any installed pipeline on request.

Selection order: the ``name`` argument (``--model NAME``), the ``STORYKG_MODEL`` environment variable,
then the bundled model in ``kg/models/en_storykg``. Whatever is loaded gets storykg's news tokenizer
rules, its gazetteer entity ruler and its political-actor component (Phoenix names, kg.nlp.actors),
placed before the statistical NER so gazetteer names win. :func:`describe` names the pipeline for
provenance ('en_storykg 0.1.0').
"""

from __future__ import annotations

import logging
import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import ExtractionError

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)
ENV = "STORYKG_MODEL"
BUNDLED = "en_storykg"
# abbreviated titles before a name that spaCy's English exceptions leave out (it has Mr., Dr., Gov., Sen., Rev., ...)
TITLE_ABBREVIATIONS = ("Msgr.", "Const.", "Sgt.", "Capt.", "Lt.", "Col.", "Maj.", "Cmdr.", "Cdr.", "Cpl.", "Pvt.",
                       "Supt.", "Insp.", "Det.", "Fr.", "Sr.", "Amb.", "Pres.", "Atty.", "Gens.", "Reps.", "Sens.")
_FLAG_OR_TAG = re.compile(r"^(?:[\U0001F1E6-\U0001F1FF]{2}|[#@][A-Za-z_][\w]*)$")


def bundled_path() -> Path:
    return Path(str(resources.files("kg") / "models" / BUNDLED))


@lru_cache(maxsize=4)
def load(name: str | None = None) -> Language:
    """Load (once per process) and adapt a pipeline."""
    import spacy

    name = name or os.environ.get(ENV) or str(bundled_path())
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ExtractionError(f"cannot load spaCy pipeline {name!r}: {exc}. Install it, or unset {ENV} "
                              "to use storykg's bundled model") from exc
    adapt(nlp)
    log.info("loaded spaCy pipeline %s (%s)", nlp.meta.get("name"), nlp.pipe_names)
    return nlp


def describe(nlp: Language) -> str:
    """The pipeline as provenance records it: 'en_storykg 0.1.0' (spaCy's package name and version)."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')} {meta.get('version', '0.0.0')}"


def adapt(nlp: Language) -> Language:
    """News tokenizer rules (flags, hashtags, handles as one token) and the gazetteer ruler."""
    from kg.nlp.gazetteer import patterns

    tokenizer: Any = nlp.tokenizer
    old = tokenizer.token_match

    def token_match(text: str):  # noqa: ANN202 - spaCy's callback type
        return _FLAG_OR_TAG.match(text) or (old(text) if old else None)

    tokenizer.token_match = token_match
    for title in TITLE_ABBREVIATIONS:  # "Msgr. Farmer said": one token, so no sentence ends at its period
        if title not in tokenizer.rules:
            tokenizer.add_special_case(title, [{"ORTH": title}])
    if os.environ.get("STORYKG_GAZETTEER", "1") == "0":  # for ablations: the statistical NER alone
        return nlp
    if "storykg_ruler" not in nlp.pipe_names:
        ruler = nlp.add_pipe("entity_ruler", name="storykg_ruler", config={"phrase_matcher_attr": "ORTH",
                                                                          "overwrite_ents": True},
                             before="ner" if "ner" in nlp.pipe_names else None)
        ruler.add_patterns(patterns())  # type: ignore[attr-defined]
        # spaCy's EntityRuler counts all its patterns on every doc only to warn when there are none: with the
        # gazetteer's thousands of labels that was ~5-9% of the parse (measured on Reuters). There are patterns.
        ruler._require_patterns = lambda: None  # type: ignore[attr-defined]  # noqa: SLF001
    if os.environ.get("STORYKG_PHOENIX", "1") != "0" and "storykg_actors" not in nlp.pipe_names:
        _register_actors()
        nlp.add_pipe("storykg_actors", after="storykg_ruler")
    return nlp


def _register_actors() -> None:
    """The 'storykg_actors' component: Phoenix political actors (kg.nlp.actors) by name, added where
    neither the gazetteer ruler nor an earlier actor took the words, and not when a capitalised word
    follows ('George Washington University' is no person)."""
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc, Span
    from spacy.util import filter_spans

    if Language.has_factory("storykg_actors"):
        return

    @Language.factory("storykg_actors")
    def make(nlp: Language, name: str):  # noqa: ANN202 - spaCy's factory signature
        from kg.nlp.actors import patterns

        matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        labels: dict[str, str] = {}
        by_key: dict[str, list[str]] = {}
        for p in patterns():
            labels[p["id"]] = p["label"]
            by_key.setdefault(p["id"], []).append(p["pattern"])
        for key, forms in by_key.items():
            matcher.add(key, [nlp.make_doc(f) for f in forms])

        def actors(doc: Doc) -> Doc:
            found = []
            for match_id, start, end in matcher(doc):
                nxt = doc[end] if end < len(doc) else None
                if nxt is not None and nxt.is_title and not nxt.is_sent_start:
                    continue
                key = nlp.vocab.strings[match_id]
                found.append(Span(doc, start, end, label=labels[key]))
            taken = {i for e in doc.ents for i in range(e.start, e.end)}
            new = [s for s in filter_spans(found) if not taken & set(range(s.start, s.end))]
            if new:
                doc.ents = sorted([*doc.ents, *new], key=lambda s: s.start)
            return doc
        return actors
