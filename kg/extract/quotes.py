"""Quotes and reported speech with speaker, speech verb and channel.

Shapes handled: “...,” X said. / X said: “...” / “...,” X said, “...” (split) / X said that ... /
According to X, ... / ..., X said. (reported, no quote marks) / paragraphs that continue a quote /
embedded social posts (the post's author is the speaker, the platform the channel).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract import lexicon as lx
from kg.extract.document import Document, Paragraph
from kg.extract.entities import Entities
from kg.model import Channel, EntityKind, Quote, Span

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

_QUOTE = re.compile(r"[“\"«„]([^“”\"«»„]{2,}?)[”\"»“]")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of text inside quote marks, marks excluded."""
    return [(m.start(1), m.end(1)) for m in _QUOTE.finditer(text)]


class QuoteFinder:
    def __init__(self, doc: Document, ents: Entities) -> None:
        self.doc, self.ents = doc, ents
        self.last: tuple[str, int] | None = None  # the latest speaker and where their statement began

    def run(self) -> list[Quote]:
        art = self.doc.article
        out: list[Quote] = []
        last_speaker: str | None = None
        self.last = None  # the latest speaker and where they spoke
        for par in self.doc.paragraphs:
            if par.post is not None:
                continue
            spans = [(par.offset + s, par.offset + e) for s, e in quote_spans(par.doc.text)]
            used: set[tuple[int, int]] = set()
            found_in_par = False
            for sent in par.doc.sents:
                q = self._sentence(par, sent, spans, used)
                if q is not None and len(q.text.split()) >= 3:
                    out.append(q)
                    last_speaker = q.speaker or last_speaker
                    if q.speaker:
                        self.last = (q.speaker, q.sentence.start)
                    found_in_par = True
            # a paragraph that is one quotation with no verb continues the previous speaker
            rest = [s for s in spans if s not in used]
            if rest and not found_in_par and last_speaker and sum(e - s for s, e in rest) > 0.8 * len(par.doc.text):
                s, e = rest[0][0], rest[-1][1]
                out.append(self._quote(par, s, e, last_speaker, None, None, True, self.doc.char_span(
                    par.offset, par.offset + len(par.doc.text))))
            elif rest and found_in_par and last_speaker:
                # '"The pound is stable," Berg said. "We will not intervene."': the speaker goes on in quoted
                # sentences of their own (a quoted phrase inside another sentence is part of that sentence)
                starts = {par.offset + sent.start_char for sent in par.doc.sents}
                said = [(q.sentence.start, q.sentence.end) for q in out if par.offset <= q.span.start
                        < par.offset + len(par.doc.text)]
                for s, e in rest:
                    text = self.doc.article.text[s:e]
                    own = (s - 1) in starts or s in starts
                    if own and len(text.split()) >= 4 and not any(a <= s < b for a, b in said) and \
                            text.rstrip()[-1:] in ".!?,":
                        out.append(self._quote(par, s, e, last_speaker, None, None, True, self.doc.char_span(s, e)))
        for post in art.posts:
            speaker = self._person(post.author, post.handle)
            if speaker is None:
                continue
            out.append(Quote(key=f"quote:{post.span.start}", text=post.text, span=post.span, sentence=post.span,
                             speaker=speaker, verb=None, channel=post.channel, direct=True,
                             date=post.date or art.date))
        return out

    def _sentence(self, par: Paragraph, sent: SpacySpan, spans: list[tuple[int, int]],
                  used: set[tuple[int, int]]) -> Quote | None:
        s0 = self.doc.start(par, sent[0])
        s1 = self.doc.end(par, sent[-1])
        inside = [sp for sp in spans if sp[0] < s1 and sp[1] > s0]
        sentence = self.doc.char_span(s0, s1)

        def in_quote(t: Token) -> bool:
            p = self.doc.start(par, t)
            return any(s <= p < e for s, e in inside)

        # According to X, ...
        for tok in sent:
            if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "to" \
                    and not in_quote(tok):
                who = [t for t in tok.doc[tok.i + 2:sent.end] if not t.is_punct][:6]
                speaker = None
                for t in who:
                    keys = self.ents.resolve(par, t)
                    if keys:
                        speaker = keys[0]
                        break
                if speaker is None:
                    return None
                comma = next((t for t in tok.doc[tok.i:sent.end] if t.text == ","), None)
                if comma is None:
                    return None
                start = self.doc.end(par, comma) + 1
                end = s1 - (1 if sentence.text.endswith(".") else 0)
                used.update(inside)
                return self._quote(par, start, end, speaker, "according to", None, bool(inside), sentence)
        verbs = [t for t in sent if t.pos_ in ("VERB", "AUX") and not in_quote(t) and (
            t.lemma_.lower() in lx.SPEECH_VERBS or any(
                c.lower_ == lx.SPEECH_PARTICLE_VERBS.get(t.lemma_.lower()) for c in t.children))]
        for verb in verbs:
            subj = next((c for c in verb.children if c.dep_ in ("nsubj",)), None)
            if subj is None:  # "Berg, speaking to reporters in London, said ...": the sentence's first name
                subj = next((t for t in sent[:4] if self.ents.resolve(par, t) and t.i < verb.i), None)
            if subj is None:
                continue
            keys = [] if subj.lower_ in lx.SPEAKER_GROUPS else self.ents.resolve(par, subj)
            if subj.lower_ in ("he", "she") and self.last and self._speaking_on(par, subj):
                keys = [self.last[0]]  # "..., he said": the one who has been speaking, unless someone new came up
            speaker = keys[0] if keys else self.ents.speaker_group(par, subj)  # "U.S. officials" are not the U.S.
            if speaker is None:
                continue
            channel = self._channel(par, sent, inside)
            comp = _content_clause(verb)
            if comp is not None and inside:  # a few quoted words inside a reported clause: the clause was said
                clause = [t for t in comp.subtree]
                c0, c1 = self.doc.start(par, clause[0]), self.doc.end(par, clause[-1])
                quoted = sum(min(e, c1) - max(s, c0) for s, e in inside if s < c1 and e > c0)
                if quoted < 0.5 * (c1 - c0):
                    inside = []
            if inside:
                used.update(inside)
                return self._quote(par, inside[0][0], inside[-1][1], speaker, verb.text, channel, True, sentence)
            if comp is not None:
                toks = [t for t in comp.subtree if t.dep_ != "mark" or t.head.i != comp.i]
                toks = [t for t in toks if not (t.dep_ == "mark" and t.lower_ == "that" and t.head.i == comp.i)]
                first, last = toks[0], toks[-1]
                while last.is_punct and last.i > first.i:
                    last = last.nbor(-1)
                return self._quote(par, self.doc.start(par, first), self.doc.end(par, last), speaker, verb.text,
                                   channel, False, sentence)
            rest = [t for t in sent.doc[verb.i + 1:sent.end] if not t.is_punct]
            if subj.i < verb.i and len(rest) >= 3 and rest[0].pos_ not in ("ADP", "PART", "SCONJ") and \
                    rest[0].i == verb.i + 1 and any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in rest) and \
                    verb.lemma_.lower() in ("say", "add", "report", "confirm"):
                # "X said 50 were injured" however the parser hung the clause
                return self._quote(par, self.doc.start(par, rest[0]), self.doc.end(par, rest[-1]), speaker,
                                   verb.text, channel, False, sentence)
            # "..., said X, an official": the content stands before the inverted verb
            if subj.i > verb.i > sent.start + 3:
                comma = next((t for t in reversed(list(sent.doc[sent.start:verb.i])) if t.text == ","), None)
                if comma is not None and comma.i > sent.start + 2:
                    return self._quote(par, s0, self.doc.end(par, comma.nbor(-1)), speaker, verb.text, channel,
                                       False, sentence)
            # "..., X said." : the content stands before the subject
            if subj.i > sent.start + 3 and verb.i >= subj.i:
                comma = next((t for t in reversed(list(sent.doc[sent.start:subj.i])) if t.text == ","), None)
                if comma is not None and comma.i > sent.start + 2:
                    last = comma.nbor(-1)
                    return self._quote(par, s0, self.doc.end(par, last), speaker, verb.text, channel, False,
                                       sentence)
        return None

    def _speaking_on(self, par: Paragraph, pronoun: Token) -> bool:
        """No other person was named between the latest speaker's statement and this pronoun."""
        assert self.last is not None
        speaker, since = self.last
        gender = self.ents.clusters[speaker].gender if speaker in self.ents.clusters else None
        if gender and gender != ("m" if pronoun.lower_ == "he" else "f"):
            return False
        at = self.doc.start(par, pronoun)
        if at - since > 1500:
            return False
        return not any(since < pos < at and key != speaker for pos, key, _, _ in self.ents.person_mentions)

    def _quote(self, par: Paragraph, start: int, end: int, speaker: str, verb: str | None,
               channel: Channel | None, direct: bool, sentence: Span) -> Quote:
        text = self.doc.article.text[start:end]
        if not direct and text.lower().startswith("that "):  # the complementiser is not what was said
            start, text = start + 5, text[5:]
        stripped = text.rstrip(" ,.;:")
        end -= len(text) - len(stripped)
        lead = len(stripped) - len(stripped.lstrip(" “\",;:—–-"))
        start += lead
        span = self.doc.char_span(start, end)
        return Quote(key=f"quote:{start}", text=span.text, span=span, sentence=sentence, speaker=speaker,
                     verb=verb, channel=channel, direct=direct, date=self.doc.article.date)

    def _channel(self, par: Paragraph, sent: SpacySpan, inside: list[tuple[int, int]]) -> Channel | None:
        text = " " + sent.text.lower() + " "
        for s, e in inside:  # words inside the quote are not the channel
            rel_s = max(0, s - par.offset - sent.start_char)
            rel_e = max(0, e - par.offset - sent.start_char)
            text = text[:rel_s + 1] + " " * (rel_e - rel_s) + text[rel_e + 1:]
        for words, channel in lx.CHANNELS:
            if any(w in text for w in words):
                return channel
        return None

    def _person(self, name: str, handle: str | None) -> str | None:
        for c in self.ents.clusters.values():
            if c.kind is EntityKind.PERSON and (name in c.names or (handle and handle in c.names)
                                                or c.label == name):
                return c.key
        return None


def _content_clause(verb: Token) -> Token | None:
    """The "that"-clause of what was said: the verb's complement clause, or one the parser hung on a word
    between them ("added in a Facebook post that Biden had pledged ..." parsed as a relative clause of
    "post"; a relative "that" is the clause's subject or object, never its `mark`). After a speech verb
    and a channel noun ("said in a statement that ...") the "that" opens what was said however the parser
    read it: the relative reading ("said in a statement that he had issued") is rare in news."""
    comp = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
    if comp is not None:
        return comp
    for noun in (c for c in verb.children if c.dep_ in ("obl", "advcl", "iobj", "obj") and c.i > verb.i):
        for clause in noun.children:
            if clause.dep_ not in ("acl", "acl:relcl", "ccomp") or clause.i < noun.i:
                continue
            that = next((c for c in clause.children if c.lower_ == "that" and c.i == clause.left_edge.i), None)
            subject = any(c.dep_.startswith("nsubj") and c is not that for c in clause.children)
            addressee = noun.dep_ in ("iobj", "obj")  # "told reporters that ...": what follows was said
            if that is not None and subject and (that.dep_ == "mark" or noun.lemma_.lower() in lx.CHANNEL_NOUNS
                                                 or addressee):
                return clause
    if verb.lemma_.lower() in ("say", "report", "claim", "add", "confirm", "state"):
        for noun in (c for c in verb.children if c.dep_ == "obj" and c.i > verb.i and c.pos_ in ("NOUN", "PROPN")):
            if any(c.dep_ in ("acl", "acl:relcl") and c.tag_ in ("VBD", "VBZ", "VBP") and c.i > noun.i
                   for c in noun.children):
                return noun  # "police say a bomb exploded at the bank": a clause read as a noun and its participle
    return None
