"""rules.v2: dependency rules and lexicons over a spaCy pipeline with Universal Dependencies labels.

v2 (this round): events from PETRARCH2's CAMEO verb dictionary under a news trigger table, nominal and
light-verb events, places as actors, unnamed groups as speakers, causal and container links. v1 is retired:
a store built by it is rebuilt, since the resume marker carries the extractor's name and version.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from kg.errors import ExtractionError
from kg.extract import register
from kg.extract.document import Document, parse
from kg.extract.entities import Entities
from kg.extract.events import EventFinder
from kg.extract.quotes import QuoteFinder
from kg.model import Article, Extraction, Quote

VERSION = "2.0"
UD_LABELS = {"obl", "nsubj:pass", "nmod:poss"}  # labels the rules key on; ClearNLP parsers have none


@register("rules.v2")
class RulesExtractor:
    name = "rules.v2"
    version = VERSION

    def __init__(self, model: str | None = None, batch_size: int = 32, n_process: int = 1) -> None:
        from kg import nlp

        self.nlp = nlp.load(model)
        self.pipeline = nlp.describe(self.nlp)
        check_labels(self.nlp)
        self.batch_size, self.n_process = batch_size, n_process

    def extract(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        batch: list[Article] = []
        for art in articles:
            batch.append(art)
            if len(batch) >= self.batch_size:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, articles: list[Article]) -> Iterator[Extraction]:
        for doc in parse(self.nlp, articles, batch_size=self.batch_size, n_process=self.n_process):
            yield replace(extract_document(doc), pipeline=self.pipeline)


def check_labels(nlp) -> None:
    """The rules read Universal Dependencies labels: refuse, saying so, a parser that speaks another scheme
    (spaCy's own English pipelines use ClearNLP's nsubj/dobj/pobj/prep), rather than extract half silently."""
    if "parser" not in nlp.pipe_names:
        raise ExtractionError(f"spaCy pipeline {nlp.meta.get('name')!r} has no dependency parser; rules.v2 needs one")
    labels = set(nlp.get_pipe("parser").labels)
    if not labels & UD_LABELS:
        sample = ", ".join(sorted(labels)[:8])
        raise ExtractionError(
            f"spaCy pipeline {nlp.meta.get('lang')}_{nlp.meta.get('name')} labels dependencies with another scheme "
            f"({sample}, ...): rules.v2 reads Universal Dependencies labels (nsubj, obj, obl, nsubj:pass, nmod:poss). "
            "Use the bundled model (the default) or a pipeline trained on UD treebanks.")


def extract_document(doc: Document) -> Extraction:
    ents = Entities(doc)
    quotes = QuoteFinder(doc, ents).run()
    events, event_at = EventFinder(doc, ents, quotes).run()
    quotes = [_about(q, events) for q in quotes]
    return Extraction(article=doc.article, entities=ents.entities(), events=tuple(events), quotes=tuple(quotes),
                      extractor=RulesExtractor.name, extractor_version=VERSION)


def _about(q: Quote, events: list) -> Quote:
    """A quote is about the first event mentioned inside it."""
    for ev in events:
        if any(q.span.start <= m.start and m.end <= q.span.end for m in ev.mentions):
            return replace(q, about=ev.key)
    return q
