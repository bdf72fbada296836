"""The spaCy pipeline: storykg's bundled English model by default, any installed pipeline on request.

Selection order: the ``name`` argument (``--model NAME``), the ``STORYKG_MODEL`` environment variable,
then the bundled model in ``kg/models/en_storykg``. Whatever is loaded gets storykg's news tokenizer
rules and its gazetteer entity ruler, placed before the statistical NER so gazetteer names win.
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
    if os.environ.get("STORYKG_GAZETTEER", "1") == "0":  # for ablations: the statistical NER alone
        return nlp
    if "storykg_ruler" not in nlp.pipe_names:
        ruler = nlp.add_pipe("entity_ruler", name="storykg_ruler", config={"phrase_matcher_attr": "ORTH",
                                                                          "overwrite_ents": True},
                             before="ner" if "ner" in nlp.pipe_names else None)
        ruler.add_patterns(patterns())  # type: ignore[attr-defined]
    return nlp
