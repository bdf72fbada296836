"""An article parsed paragraph by paragraph (the model never saw newlines), with exact offsets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.model import Article, Span
from kg.nlp.recase import is_lower_cased, recase

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan


@dataclass
class Paragraph:
    offset: int
    doc: Doc
    headline: bool = False
    post: int | None = None  # index into Article.posts when the paragraph is an embedded post


@dataclass
class Document:
    article: Article
    paragraphs: list[Paragraph]

    def start(self, par: Paragraph, tok: Token) -> int:
        return par.offset + tok.idx

    def end(self, par: Paragraph, tok: Token) -> int:
        return par.offset + tok.idx + len(tok.text)

    def span(self, par: Paragraph, first: Token, last: Token) -> Span:
        s, e = self.start(par, first), self.end(par, last)
        return Span(s, e, self.article.text[s:e])

    def char_span(self, start: int, end: int) -> Span:
        return Span(start, end, self.article.text[start:end])

    def sentences(self) -> Iterator[tuple[Paragraph, SpacySpan]]:
        for par in self.paragraphs:
            for sent in par.doc.sents:
                yield par, sent

    def sentence_span(self, par: Paragraph, sent: SpacySpan) -> Span:
        return self.span(par, sent[0], sent[-1])


def paragraph_texts(article: Article) -> list[tuple[int, str]]:
    """(offset, text) of each paragraph of the article text."""
    out, pos = [], 0
    for chunk in article.text.split("\n\n"):
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            out.append((pos + lead, chunk.strip()))
        pos += len(chunk) + 2
    return out


def parse(nlp, articles: list[Article], batch_size: int = 64, n_process: int = 1) -> list[Document]:
    """Parse many articles with one nlp.pipe call over all their paragraphs."""
    items = []
    for ai, art in enumerate(articles):
        lower = is_lower_cased(art.text)  # wire copy with names in lower case: the parser reads it recased
        for offset, text in paragraph_texts(art):
            if text.isupper() and len(text.split()) >= 3 and len(text.lower()) == len(text):
                text = recase(text.lower())  # "ECUADOR MINISTER RAISES QUESTIONS": read as a sentence
            elif lower:
                text = recase(text)
            items.append((text.replace("\n", " "), (ai, offset)))
    docs: list[Document] = [Document(a, []) for a in articles]
    for doc, (ai, offset) in nlp.pipe(items, as_tuples=True, batch_size=batch_size, n_process=n_process):
        art = articles[ai]
        post = next((i for i, p in enumerate(art.posts) if p.span.start <= offset + len(doc.text)
                     and offset <= p.span.end and p.span.start >= offset), None)
        docs[ai].paragraphs.append(Paragraph(offset, doc, headline=bool(art.headline) and offset == 0, post=post))
    return docs
