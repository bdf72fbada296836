"""rules.v1: dependency rules and lexicons over the spaCy pipeline."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.extract import register
from kg.extract.document import Document, parse
from kg.extract.entities import Entities
from kg.extract.events import EventFinder
from kg.extract.quotes import QuoteFinder
from kg.model import Article, Extraction, Quote

VERSION = "1.0"


@register("rules.v1")
class RulesExtractor:
    name = "rules.v1"
    version = VERSION

    def __init__(self, model: str | None = None, batch_size: int = 32, n_process: int = 1) -> None:
        from kg import nlp

        self.nlp = nlp.load(model)
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
            yield extract_document(doc)


def extract_document(doc: Document) -> Extraction:
    ents = Entities(doc)
    events, event_at = EventFinder(doc, ents).run()
    quotes = QuoteFinder(doc, ents).run()
    quotes = [_about(q, events) for q in quotes]
    return Extraction(article=doc.article, entities=ents.entities(), events=tuple(events), quotes=tuple(quotes),
                      extractor=RulesExtractor.name, extractor_version=VERSION)


def _about(q: Quote, events: list) -> Quote:
    """A quote is about the first event mentioned inside it."""
    from dataclasses import replace

    for ev in events:
        if any(q.span.start <= m.start and m.end <= q.span.end for m in ev.mentions):
            return replace(q, about=ev.key)
    return q
