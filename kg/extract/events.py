"""Events: verbal and nominal triggers, participants with roles, place, time, status, links
(sub-event, after/before, purpose), and merging of the mentions of one real event."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from kg.extract import lexicon as lx
from kg.extract.document import Document, Paragraph
from kg.extract.entities import Entities
from kg.extract.timex import normalise
from kg.model import (
    EntityKind,
    Event,
    EventType,
    Granularity,
    Participant,
    Quote,
    Role,
    Span,
    Status,
    TimeValue,
)
from kg.nlp import gazetteer as gz

if TYPE_CHECKING:
    from spacy.tokens import Token

# verbs whose subject event is what takes place ("the summit will take place", "talks will resume")
OCCURRENCE_VERBS = lx.LIGHT_VERBS | lx.IMPACT_VERBS | {"happen", "occur", "continue", "go", "proceed", "close",
                                                       "conclude", "finish", "convene", "meet", "come"}
TIME_DEPS = {"obl:tmod", "obl:npmod", "nmod:tmod", "nmod:npmod", "obl:unmarked"}
PLACE_CASES = {"in", "at", "to", "near", "inside", "outside", "into", "across", "from"}
PARTICIPANT_CASES = {"with", "between", "among", "alongside"}


@dataclass
class _Mention:
    trigger: lx.Trigger
    par: Paragraph
    tok: Token
    span: Span
    sentence: Span
    agents: list[str] = field(default_factory=list)
    patients: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    organizer: str | None = None
    place: str | None = None
    time: TimeValue | None = None
    status: Status | None = None
    negated: bool = False
    super_: _Mention | None = None  # the containing event's mention
    after: list[_Mention] = field(default_factory=list)  # mentions of events this one follows
    before: list[_Mention] = field(default_factory=list)
    cluster: int = -1  # index of its event in EventFinder._merge's list
    guessed: bool = False  # place or time taken from the sentence, not from the parse: no reason to split

    @property
    def type(self) -> EventType:
        return self.trigger.type

    @property
    def where(self) -> tuple[int, int]:
        return (self.par.offset, self.tok.i)

    def actors(self) -> set[str]:
        return set(self.agents) | set(self.patients) | set(self.participants)


class EventFinder:
    def __init__(self, doc: Document, ents: Entities, quotes: list[Quote] | tuple[Quote, ...] = ()) -> None:
        self.doc, self.ents = doc, ents
        self.quotes = [q for q in quotes if q.direct and q.speaker]
        self.kinds = {c.key: c.kind for c in ents.clusters.values()}
        self.members = {c.key: set(c.members) for c in ents.clusters.values()}
        self.mentions: list[_Mention] = []
        self.by_token: dict[tuple[int, int], _Mention] = {}

    # ------------------------------------------------------------------ triggers
    def run(self) -> tuple[list[Event], dict[tuple[int, int], str]]:
        for par, sent in self.doc.sentences():
            for tok in sent:
                trig = self._trigger(tok)
                if trig is not None:
                    m = _Mention(trig, par, tok, self.doc.span(par, tok, tok), self.doc.sentence_span(par, sent))
                    self.mentions.append(m)
                    self.by_token[m.where] = m
        for m in self.mentions:
            (self._verb_args if self._verbal(m.tok) else self._noun_args)(m)
        for m in self.mentions:
            self._links(m)
        self._causes()
        self._journeys()
        self._when_clauses()
        self._share_context()
        self._one_time_per_sentence()
        self._lead_time()
        self._lead_scene()
        events = self._merge()
        return events, {m.where: ev.key for m in self.mentions if (ev := self._built[m.cluster]) is not None}

    def _trigger(self, tok: Token) -> lx.Trigger | None:
        lemma = lx.verb_lemma(tok.lemma_.lower(), tok.text) if tok.pos_ in ("VERB", "AUX") else tok.lemma_.lower()
        verbal = self._verbal(tok)
        if verbal:
            trig = lx.VERB_TRIGGERS.get(lemma)
            if trig is None:
                return None
            if lemma in lx.TRAVEL_NEEDS_DESTINATION and not any(
                    c.dep_ in ("obl", "advmod") and any(g.lower_ in ("to", "for") for g in c.children)
                    for c in tok.children):
                return None
            if tok.dep_ == "conj" and tok.head.pos_ in ("NOUN", "PROPN") and \
                    lx.verb_lemma(tok.head.lemma_.lower(), tok.head.text) not in lx.VERB_TRIGGERS and \
                    not any(c.dep_.startswith("nsubj") for c in tok.children):
                return None  # a verb the parser hung on a noun ("strengthen X in the flank, support Y"): no clause
            if lemma in lx.IMPACT_VERBS and self._impact_of(tok) is not None:
                return None  # "the quake struck Aceh": the verb places the quake, it is no event of its own
            if trig.dyadic and lemma in lx.LIGHT_VERBS and any(
                    c.dep_ == "obj" and (lx.NOUN_TRIGGERS.get(c.lemma_.lower()) or lx.NOUN_TRIGGERS.get(c.lower_))
                    for c in tok.children):
                return None  # "filed a suit against X": the suit is the event, the verb only does it
            if trig.type is EventType.REQUEST and lemma == "ask" and not any(
                    c.dep_ in ("obl", "xcomp", "obj") for c in tok.children):
                return None
            return trig
        if tok.pos_ in ("NOUN", "PROPN", "VERB"):
            word = lemma if lemma in lx.NOUN_TRIGGERS else tok.lower_
            trig = lx.NOUN_TRIGGERS.get(word)
            if trig is None:
                return None
            if word in lx.WEAK_NOUNS and not any(c.dep_ in ("nmod:poss", "compound", "nmod") for c in tok.children) \
                    and not (tok.dep_ == "obj" and tok.head.lemma_.lower() in lx.LIGHT_VERBS):
                return None  # "the support" alone is vague; "expressed support", "its support" are events
            return trig
        return None

    @staticmethod
    def _verbal(tok: Token) -> bool:
        """Verb or noun? Trust the tagger where a word can be both; otherwise go by the lexicons."""
        lemma = lx.verb_lemma(tok.lemma_.lower(), tok.text) if tok.pos_ in ("VERB", "AUX") else tok.lemma_.lower()
        in_verbs, in_nouns = lemma in lx.VERB_TRIGGERS, (lemma in lx.NOUN_TRIGGERS or tok.lower_ in lx.NOUN_TRIGGERS)
        if in_verbs and in_nouns:
            return tok.pos_ in ("VERB", "AUX")
        if in_verbs:
            return tok.pos_ in ("VERB", "AUX") or tok.dep_ in ("ROOT", "conj", "advcl", "xcomp", "ccomp", "acl")
        return False

    # ------------------------------------------------------------------ arguments
    def _resolve(self, par: Paragraph, tok: Token) -> list[str]:
        return self.ents.resolve(par, tok)

    def _actor_keys(self, par: Paragraph, tok: Token) -> list[str]:
        """Who a subject or object stands for. Places act too ("Japan rejected ...", "Washington said"): a
        government named by its country or region is that place, as an actor."""
        keys = self._resolve(par, tok)
        if not keys and tok.lower_ in lx.FIRST_PERSON:  # "We have decided ...," Tian said: the speaker's side
            at = self.doc.start(par, tok)
            keys = [q.speaker for q in self.quotes if q.span.start <= at < q.span.end and q.speaker][:1]
        return keys

    def _verb_args(self, m: _Mention) -> None:
        par, tok = m.par, m.tok
        m.status, m.negated = self._verb_status(tok, m.par)  # first: "on Thursday" of a planned event is ahead
        for c in tok.children:
            dep = _verbal_dep(c)
            if dep == "nsubj":
                m.agents += self._actor_keys(par, c)
            elif dep == "nsubj:pass":
                m.patients += self._actor_keys(par, c) or self._event_owner(par, c)
            elif dep in ("obj", "iobj"):
                keys = self._actor_keys(par, c)
                keys = keys or self._event_owner(par, c)  # "accepted his resignation": the one who resigned
                if m.type in (EventType.MEETING, EventType.DISCUSSION):
                    m.participants += keys
                elif m.type is EventType.VISIT and keys and all(self.kinds.get(k) is EntityKind.PLACE for k in keys):
                    m.place = m.place or keys[0]
                else:
                    m.patients += keys
            elif dep.startswith("obl") or dep == "advmod":
                self._oblique(m, c)
        if not m.agents and tok.dep_ in ("acl", "acl:relcl") and tok.tag_ in ("VBG", "VBD", "VBZ", "VBP"):
            m.agents += self._owner(par, tok.head)  # "Sarney's decision suspending payments", "Japan, which rejected"
        if not m.agents and not any(_verbal_dep(c) == "nsubj" for c in tok.children):
            m.agents += self._stray_subject(par, tok)
        if not m.agents:
            m.agents += self._inherited_subject(par, tok)
        if not m.agents and m.par.post is not None and self._author_is_subject(par, tok):
            m.agents.append(self._post_author(m.par))
        m.agents = [a for a in m.agents if a]

    def _owner(self, par: Paragraph, noun: Token) -> list[str]:
        """Who a noun stands for, or whose it is when it is an event noun ("Sarney's decision")."""
        return self._actor_keys(par, noun) or self._event_owner(par, noun)

    def _event_owner(self, par: Paragraph, noun: Token) -> list[str]:
        """The possessor or by/of-agent of an event noun: 'his resignation' -> him, 'the decision by X' -> X."""
        if (par.offset, noun.i) not in self.by_token:
            return []
        for c in noun.children:
            case = {g.lower_ for g in c.children if g.dep_ == "case"}
            if c.dep_ == "nmod:poss" or (c.dep_ == "nmod" and case & {"by", "of"}):
                keys = self._actor_keys(par, c)
                if keys:
                    return keys
        return []

    def _oblique(self, m: _Mention, c: Token) -> None:
        par = m.par
        case = {g.lower_ for g in c.children if g.dep_ in ("case", "mark")}
        if c.dep_ in TIME_DEPS or (case & {"on", "in", "at", "during", "by", "since", "until", "from"} or not case):
            tv = self._time(c, m)
            if tv is not None:
                m.time = m.time or tv
                return
        if c.lemma_.lower() in lx.SIDELINE_NOUNS:  # "on the sidelines of X in Brussels on Saturday"
            for g in c.children:
                if g.dep_.startswith(("nmod", "obl")) and not self.by_token.get((m.par.offset, g.i)):
                    tv = self._time(g, m)
                    if tv is not None:
                        m.time = m.time or tv
                    elif {x.lower_ for x in g.children if x.dep_ == "case"} & PLACE_CASES:
                        places = [k for k in self._resolve(par, g) if self.kinds.get(k) is EntityKind.PLACE]
                        m.place = m.place or (places[0] if places else None)
        keys = self._resolve(par, c)
        if case & {"by"} and c.dep_ == "obl:agent" or (case == {"by"} and m.tok.tag_ == "VBN"):
            m.agents += [k for k in keys if self.kinds.get(k) is not EntityKind.PLACE]
        elif case & PARTICIPANT_CASES:
            m.participants += keys
        elif case == {"against"}:  # "protested against X", "filed charges against X"
            m.patients += [k for k in keys if k not in m.agents]
        elif case & PLACE_CASES and not (case & {"from"} and m.type in (EventType.TRAVEL, EventType.VISIT)):
            places = self._places(par, c)  # where a journey starts is not where it happens
            if places:
                m.place = m.place or places[0]

    def _sentence_context(self, m: _Mention) -> None:
        """An event that needs no actor ("the quake", "the strike") and got no time or place from the parse
        takes them from its sentence: the most specific place named there, and its time expression."""
        sent = m.tok.sent
        m.guessed = m.place is None or m.time is None
        if m.place is None:
            places = [k for t in sent for k in self.ents.resolve(m.par, t)[:1]
                      if self.kinds.get(k) is EntityKind.PLACE and t.dep_ not in ("amod", "nmod:poss")
                      and not (_compound_head(t) is not t and _compound_head(t).lower_ in lx.PLACE_WORDS
                               and not self.ents.resolve(m.par, _compound_head(t)))]  # "the Persian Gulf island"
            if places:  # the most specific, then the first: a city before its region, its country, its continent
                rank = {"City": 0, "Region": 1, None: 1, "State": 2, "Country": 3, "Continent": 4}
                m.place = min(places, key=lambda k: rank.get(getattr(gz.place(k), "place_type", None), 1))
        if m.time is None and not _in_after_phrase(m.tok):
            times = self._sentence_times(m)
            m.time = times[0] if times else None

    def _sentence_times(self, m: _Mention) -> list[TimeValue]:
        """The days a mention's sentence names ("on Tuesday", "today", "March 5"), resolved for the mention."""
        sent, out = m.tok.sent, []
        for t in sent:
            if t.lower_ in lx.WEEKDAYS or t.lower_ in ("today", "yesterday", "tonight", "tomorrow") or \
                    (t.lower_.rstrip(".") in lx.MONTHS and t.i + 1 < sent.end and t.nbor(1).like_num):
                words = t.doc[t.i:min(t.i + 2, sent.end)] if t.lower_.rstrip(".") in lx.MONTHS else t.doc[t.i:t.i + 1]
                tv = normalise(words.text, self.doc.article.date, future=m.status is Status.PLANNED)
                if tv is not None:
                    out.append(TimeValue(tv.value, tv.granularity, self.doc.span(m.par, words[0], words[-1])))
        return out

    def _one_time_per_sentence(self) -> None:
        """A sentence that names one day only: its events without a time of their own take that day (the
        parser often hangs "today" or "which began on Monday" on a neighbouring word)."""
        for m in self.mentions:
            if _in_after_phrase(m.tok):
                continue  # "predicted today that the crash after the collapse ...": the collapse is not today
            if m.time is None and (m.actors() or m.place):
                times = self._sentence_times(m)
                if len({t.value for t in times}) == 1:
                    m.time, m.guessed = times[0], True

    def _places(self, par: Paragraph, tok: Token) -> list[str]:
        """Places a phrase names: itself, or through 'of' ("the island of Qeshm", "the province of Aceh")."""
        for t in [tok, *(c for c in tok.children if c.dep_.startswith("nmod")
                         and {g.lower_ for g in c.children if g.dep_ == "case"} <= {"of"})]:
            places = [k for k in self._resolve(par, t) if self.kinds.get(k) is EntityKind.PLACE]
            if places:
                return places
        for c in tok.children:  # "in an elegant Moscow mansion": where the mansion stands
            key = self.ents.entity_at(par, c) if c.dep_ == "compound" else None
            if key and self.kinds.get(key) is EntityKind.PLACE:
                return [key]
        return []

    def _impact_of(self, verb: Token) -> Token | None:
        """The disaster noun a verb of impact tells of: its subject, or the noun it was hung on."""
        for t in [*(c for c in verb.children if _verbal_dep(c) == "nsubj"), verb.head]:
            trig = lx.NOUN_TRIGGERS.get(t.lemma_.lower()) or lx.NOUN_TRIGGERS.get(t.lower_)
            if trig is not None and trig.type in (EventType.DISASTER, EventType.STRIKE) and t.i != verb.i:
                return t
        return None

    def _impact_context(self, m: _Mention) -> None:
        """'An earthquake struck the province of Aceh on Tuesday': place and time from the verb of impact."""
        tok = m.tok
        verbs = [c for c in tok.children if c.dep_ in ("acl", "acl:relcl") and c.lemma_.lower() in lx.IMPACT_VERBS]
        if tok.dep_ in ("nsubj", "nsubj:pass") and tok.head.lemma_.lower() in lx.IMPACT_VERBS:
            verbs.append(tok.head)
        for v in verbs:
            for c in v.children:
                if c.dep_ in ("obj", "xcomp", "nsubj:pass") or c.dep_.startswith("obl") or c.dep_ in TIME_DEPS:
                    if c.dep_ in ("obj", "xcomp") or ({g.lower_ for g in c.children if g.dep_ == "case"} & PLACE_CASES):
                        places = self._places(m.par, c)
                        if places:
                            m.place = m.place or places[0]
                    else:
                        self._oblique_context(m, c)

    def _oblique_context(self, m: _Mention, c: Token) -> None:
        """Time and place (never actors) from an oblique of the verb a nominal event hangs on."""
        case = {g.lower_ for g in c.children if g.dep_ in ("case", "mark")}
        if c.dep_ in TIME_DEPS or not case or case & {"on", "in", "at", "during", "since", "until"}:
            tv = self._time(c, m)
            if tv is not None:
                m.time = m.time or tv
                return
        if case & PLACE_CASES - {"from", "to"} or c.dep_ == "obj":
            places = self._places(m.par, c)
            if places:
                m.place = m.place or places[0]

    def _time(self, tok: Token, m: _Mention) -> TimeValue | None:
        nested = {t.i for c in tok.children if c.dep_.startswith(("nmod", "acl")) and
                  any(g.dep_ == "case" for g in c.children) for t in c.subtree}
        words = [t for t in tok.subtree if t.dep_ not in ("acl", "acl:relcl", "punct") and t.i not in nested]
        if not words:
            return None
        text = " ".join(t.text for t in words)
        if not any(t.like_num or t.lower_ in lx.MONTHS or t.lower_ in lx.WEEKDAYS or t.lower_ in lx.TIME_NOUNS
                   for t in words):
            return None
        tv = normalise(text, self.doc.article.date, future=m.status is Status.PLANNED)
        if tv is None:
            return None
        return TimeValue(tv.value, tv.granularity, self.doc.span(m.par, words[0], words[-1]))

    def _stray_subject(self, par: Paragraph, tok: Token) -> list[str]:
        """The subject of a verb the parser left without one: the noun phrase a finite verb was hung on
        as a clause ("Chancellor Olaf Scholz met with ..." parsed as "Scholz [who] met"), or the name just
        before the verb and its auxiliaries ("After the talks, Prime Minister Fumio Kishida will travel")."""
        if tok.dep_ == "acl" and tok.tag_ in ("VBD", "VBZ", "VBP") and tok.head.i < tok.i:
            top = tok.head
            while top.dep_.startswith(("nmod", "compound")) and top.head.i < top.i:
                top = top.head
            keys = self._actor_keys(par, top)
            if keys:
                return keys
        i = tok.i - 1
        while i >= tok.sent.start and tok.doc[i].head.i == tok.i and tok.doc[i].dep_ in ("aux", "advmod"):
            i -= 1
        if i < tok.sent.start or tok.doc[i].is_punct or tok.doc[i].pos_ in ("PRON", "DET"):
            return []
        return self._actor_keys(par, tok.doc[i])

    def _inherited_subject(self, par: Paragraph, tok: Token) -> list[str]:
        """xcomp/advcl/conj verbs share the subject of the verb they hang from."""
        t, hops = tok, 0
        while t.dep_ in ("xcomp", "advcl", "conj", "ccomp") and t.head.i != t.i and hops < 3:
            if t.dep_ == "ccomp" and t.head.lemma_.lower() in lx.SPEECH_VERBS:
                break  # what was said has its own subject, not the speaker
            raising = t.dep_ == "xcomp"  # "Shultz is expected to protest": the passive subject protests
            t, hops = t.head, hops + 1
            for c in t.children:
                if _verbal_dep(c) == "nsubj" or raising and c.dep_ == "nsubj:pass":
                    keys = self._actor_keys(par, c)
                    if keys:
                        return keys
            if t.pos_ in ("VERB", "AUX") and not any(_verbal_dep(c) == "nsubj" for c in t.children):
                keys = self._stray_subject(par, t)
                if keys:
                    return keys
        return []

    def _author_is_subject(self, par: Paragraph, tok: Token) -> bool:
        """A post's subjectless sentence ("Met with X.") is its author's, unless the sentence before it
        named other subjects ("We/Our three countries have met ... Agreed to ..."): then it is theirs, and who
        exactly is not said, so no actor is guessed."""
        prev = [s for s in par.doc.sents if s.end <= tok.sent.start]
        if not prev:
            return True
        subjects = [c for c in prev[-1].root.children if c.dep_ in ("nsubj", "nsubj:pass")]
        author = self._post_author(par)
        return not subjects or all(author in self._resolve(par, c) for c in subjects)

    def _post_author(self, par: Paragraph) -> str:
        post = self.doc.article.posts[par.post] if par.post is not None else None
        if post is None:
            return ""
        for c in self.ents.clusters.values():
            if c.kind is EntityKind.PERSON and (post.author in c.names or (post.handle and post.handle in c.names)):
                return c.key
        return ""

    def _noun_args(self, m: _Mention) -> None:
        par, tok = m.par, m.tok
        m.status = self._nominal_status(tok, par)  # first: the time of a planned event lies ahead
        for c in tok.children:
            dep = c.dep_
            case = {g.lower_ for g in c.children if g.dep_ == "case"}
            if dep == "nmod:poss" and (c.lower_ in lx.TIME_NOUNS or c.lower_ in lx.WEEKDAYS):
                self._oblique(m, c)  # "today's agreement"
            elif dep in ("compound", "amod", "nmod:tmod", "obl:tmod") and c.i < tok.i and c.lower_ in lx.MONTHS:
                last = c.nbor(1) if c.nbor(1).like_num and c.nbor(1).i < tok.i else c  # "the March 5 quake"
                year = (self.doc.article.date or "")[:4]  # a bare month is the article year's (TimeML)
                words = c.doc[c.i:last.i + 1].text if last is not c else f"{c.text} {year}"
                tv = normalise(words, self.doc.article.date, future=m.status is Status.PLANNED)
                if tv is not None:  # "the July conference"
                    m.time = m.time or TimeValue(tv.value, tv.granularity, self.doc.span(par, c, last))
            elif dep == "nmod:poss":
                m.agents += self._actor_keys(par, c)
            elif dep in ("compound", "amod", "flat", "nsubj", "nmod:poss") and c.i < tok.i and \
                    any(self.kinds.get(k) is EntityKind.ORGANIZATION for k in self._resolve(par, c)):
                m.organizer = next(k for k in self._resolve(par, c) if self.kinds.get(k) is EntityKind.ORGANIZATION)
            elif dep in ("compound", "amod", "flat") and c.i < tok.i:
                keys = self._resolve(par, c)
                if keys and self.kinds.get(keys[0]) is EntityKind.ORGANIZATION:
                    m.organizer = keys[0]
                elif keys and self.kinds.get(keys[0]) is EntityKind.PLACE:
                    m.place = m.place or keys[0]
            elif dep.startswith(("nmod", "obl")) or dep == "acl":
                if case & PARTICIPANT_CASES:
                    m.participants += self._resolve(par, c)
                elif case & {"of"} and m.type in (EventType.MEETING, EventType.SUMMIT):
                    m.participants += self._actor_keys(par, c)
                elif case == {"against"}:  # "a suit against X", "sanctions against X"
                    m.patients += self._actor_keys(par, c)
                elif case == {"of"} or case == {"by"}:  # "the resignation of X", "an attack by X"
                    keys = self._actor_keys(par, c)
                    if case == {"by"} or m.type in lx.OF_IS_AGENT:
                        m.agents += keys
                    else:
                        m.patients += keys
                    if not keys:
                        self._oblique(m, c)
                else:
                    self._oblique(m, c)
        nxt = tok.i + 1
        if not m.participants and nxt < len(tok.doc) and tok.doc[nxt].lower_ in PARTICIPANT_CASES:
            for t in tok.doc[nxt + 1:tok.sent.end]:  # "the summit with X" however X was attached
                keys = self.ents.resolve(par, t)
                if keys:
                    m.participants += keys
                    break
                if t.is_punct or t.pos_ == "VERB":
                    break
        head, dep = tok.head, tok.dep_
        case = {g.lower_ for g in tok.children if g.dep_ == "case"}
        if head.i != tok.i and dep.startswith("obl") and case & {"during", "at", "in", "into", "after"}:
            subjects = [c for c in head.children if c.dep_ == "nsubj"]
            for c in subjects:  # "X went into a meeting with Y", "X spoke at the summit"
                m.participants += self._actor_keys(par, c)
            if not subjects and head.pos_ in ("VERB", "AUX"):
                m.participants += self._inherited_subject(par, head)
        if _subject_does_it(tok, case):
            for c in head.children:  # "X held talks with Y", "X reached a compromise", "talks were held by X"
                if _verbal_dep(c) == "nsubj" or c.dep_ == "obl:agent":
                    keys = self._actor_keys(par, c)
                    if m.type in (EventType.MEETING, EventType.SUMMIT, EventType.DISCUSSION):
                        m.participants += keys
                    else:
                        m.agents += keys
        if head.i != tok.i and (dep in ("nsubj", "nsubj:pass") or head.lemma_.lower() in lx.LIGHT_VERBS) \
                and head.pos_ in ("VERB", "AUX"):
            planned = head.lemma_.lower() in lx.PLAN_VERBS and dep.startswith("nsubj")
            verbs = [head] + [c for c in head.children if c.dep_ == "xcomp"] if planned else [head]
            for v in verbs:  # "the quake struck Aceh on Tuesday", "talks are scheduled to end on Wednesday"
                for c in v.children:
                    if c.i != tok.i and (c.dep_.startswith("obl") or c.dep_ in TIME_DEPS):
                        self._oblique_context(m, c)
        if m.type in (EventType.DISASTER, EventType.STRIKE):
            self._impact_context(m)
        if m.type in (EventType.DISASTER, EventType.STRIKE, EventType.DEATH, EventType.ATTACK) and \
                not m.agents and not m.participants:
            self._sentence_context(m)

    # ------------------------------------------------------------------ status
    def _verb_status(self, tok: Token, par: Paragraph) -> tuple[Status, bool]:
        negated = any(c.dep_ == "advmod" and c.lower_ in ("not", "n't", "never") for c in tok.children)
        aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "aux:pass")}
        marks = {c.lower_ for c in tok.children if c.dep_ == "mark"}
        status = Status.HAPPENED
        if aux & lx.MODALS_FUTURE or "going" in aux:
            status = Status.PLANNED
        elif "to" in marks or "to" in aux:
            head = tok.head
            if tok.dep_ in ("xcomp", "advcl") and head.i != tok.i:
                if head.lemma_.lower() in lx.PLAN_VERBS:
                    status = Status.PLANNED
                else:
                    status = self._verb_status(head, par)[0]
            elif par.headline or tok.dep_ == "ROOT" or any(c.lemma_ == "be" and c.dep_ in ("cop", "aux")
                                                           for c in tok.children):
                status = Status.PLANNED  # "Biden to meet Putin", "the government is to sell"
        elif tok.dep_ == "conj" and tok.head.i != tok.i and tok.head.pos_ in ("VERB", "AUX"):
            status = self._verb_status(tok.head, par)[0]
        if any(c.lemma_.lower() in lx.CANCEL_WORDS for c in [tok.head] if tok.dep_ in ("xcomp", "obj")):
            status = Status.CANCELLED
        if negated and status is Status.HAPPENED:
            status = Status.DENIED
        return status, negated

    def _nominal_status(self, tok: Token, par: Paragraph) -> Status | None:
        if tok.dep_.startswith("nsubj") and tok.head.lemma_.lower() in lx.PLAN_VERBS and tok.head.i != tok.i and \
                any(c.dep_ == "xcomp" for c in tok.head.children):
            return Status.PLANNED  # "the talks are scheduled to end", "the vote is expected to ..."
        return self._noun_status(tok, par)

    def _noun_status(self, tok: Token, par: Paragraph) -> Status | None:
        mods = {c.lower_ for c in tok.children if c.dep_ in ("amod", "advmod", "compound")}
        if mods & lx.PLANNED_ADJ:
            return Status.PLANNED
        if mods & lx.PAST_ADJ:
            return Status.HAPPENED
        head = tok.head
        case = {g.lower_ for g in tok.children if g.dep_ == "case"}
        if case & (lx.AFTER_MARKERS | lx.BEFORE_MARKERS) or head.lower_ in (lx.AFTER_MARKERS | lx.BEFORE_MARKERS):
            return None
        if tok.dep_ == "nmod" and head.lemma_.lower() in lx.SIDELINE_NOUNS and head.head.pos_ == "VERB":
            return self._verb_status(head.head, par)[0]
        if head.dep_ in ("xcomp", "advcl") and any(c.dep_ == "mark" and c.lower_ == "to" for c in head.children):
            return None  # "pledged to defend ... during his meeting": the infinitive says nothing of when
        if head.i != tok.i and head.pos_ in ("VERB", "AUX") and tok.dep_ in ("obl", "obj", "nsubj", "nsubj:pass"):
            if head.lemma_.lower() in lx.CANCEL_WORDS:
                return Status.CANCELLED
            if tok.dep_ == "obl" and not case & {"during", "at", "in", "on"}:
                return None
            status = self._verb_status(head, par)[0]
            if status is Status.PLANNED and tok.dep_ == "nsubj" and head.lemma_.lower() not in OCCURRENCE_VERBS:
                return None  # "the crash would not last": what lies ahead is the lasting, not the crash
            return status if status is Status.PLANNED or case & {"during", "at"} or tok.dep_ != "obl" else None
        return None

    # ------------------------------------------------------------------ links
    def _event_in(self, par: Paragraph, tok: Token) -> _Mention | None:
        for t in [tok, *tok.subtree]:
            m = self.by_token.get((par.offset, t.i))
            if m is not None:
                return m
        return None

    def _links(self, m: _Mention) -> None:
        par, tok = m.par, m.tok
        kids = list(tok.children)
        if tok.pos_ in ("NOUN", "PROPN"):  # "the crash recorded after the collapse": the clause dates its noun
            kids += [g for c in tok.children if c.dep_ in ("acl", "acl:relcl") and (par.offset, c.i) not in self.by_token
                     for g in c.children if g.dep_.startswith(("obl", "advcl"))]
        for c in kids:
            case = {g.lower_ for g in c.children if g.dep_ in ("case", "mark")} | {c.lower_}
            if c.dep_.startswith(("obl", "advcl", "nmod")) or c.dep_ == "advmod":
                if c.lemma_.lower() in lx.SIDELINE_NOUNS or case & {"during", "at", "amid", "in"}:
                    target = self._event_in(par, c)
                    if target is not None and target is not m and target.type in lx.CONTAINERS and (
                            "in" not in case or case & {"during", "at", "amid"} or target.tok.i == c.i):
                        m.super_ = target
                        continue
                if case & lx.AFTER_MARKERS:
                    target = self._event_in(par, c)
                    if target is not None and target is not m:
                        self._after(m, target)
                elif case & lx.BEFORE_MARKERS:
                    target = self._event_in(par, c)
                    if target is not None and target is not m:
                        m.before.append(target)
            if _verbal_dep(c) in ("nsubj", "csubj") and (tok.lemma_.lower() in lx.CAUSE_VERBS
                                                          or tok.lemma_.lower() in lx.VERB_TRIGGERS):
                cause = self.by_token.get((par.offset, c.i))  # "the quake killed 300", "the plan sparked strikes"
                if cause is not None and cause is not m and cause.tok.pos_ == "NOUN":
                    m.after.append(cause)
            if c.dep_ in ("acl:relcl", "acl") and m.tok.pos_ == "NOUN":
                effect = self.by_token.get((par.offset, c.i))  # "the earthquake that killed 300 people"
                if effect is not None and effect is not m and c.tag_ in ("VBD", "VBN"):
                    effect.after.append(m)
            if c.dep_ in ("advcl", "xcomp") and "to" in {g.lower_ for g in c.children if g.dep_ == "mark"}:
                child = self.by_token.get((par.offset, c.i))
                if child is not None:
                    child.after.append(m)  # "travel to Geneva to meet ...": the meeting follows

    def _when_clauses(self) -> None:
        """'Ten people were killed when an earthquake razed villages on Qeshm on Sunday': the events of a
        when-clause and of its main clause share time and place."""
        for par, sent in self.doc.sentences():
            for verb in sent:
                if verb.dep_ != "advcl" or not any(c.lower_ in ("when", "as", "while") and c.dep_ in ("mark", "advmod")
                                                   for c in verb.children):
                    continue
                group = [self.by_token.get((par.offset, t.i)) for t in (verb, verb.head)]
                group += [self.by_token.get((par.offset, c.i)) for c in verb.children if _verbal_dep(c) == "nsubj"]
                found = [m for m in group if m is not None]
                time = next((m.time for m in found if m.time), None)
                place = next((m.place for m in found if m.place), None)
                for m in found:
                    m.time, m.place = m.time or time, m.place or place

    def _causes(self) -> None:
        """'The proposal caused a strike': the effect (object) follows the cause (subject)."""
        for par, sent in self.doc.sentences():
            for verb in sent:
                if verb.lemma_.lower() not in lx.CAUSE_VERBS:
                    continue
                kids = list(verb.children)
                causes = [self.by_token.get((par.offset, c.i)) for c in kids if _verbal_dep(c) == "nsubj"]
                effects = [self.by_token.get((par.offset, c.i)) for c in kids if c.dep_ in ("obj", "xcomp")]
                for cause in filter(None, causes):
                    for effect in filter(None, effects):
                        if effect is not cause:
                            effect.after.append(cause)

    def _journeys(self) -> None:
        """'X arrived from Helsinki and went straight into talks with Y': what a traveller does in the verb
        joined to the journey comes after it (the verb itself, or the event noun it governs)."""
        for m in self.mentions:
            if m.type is not EventType.TRAVEL or m.tok.pos_ not in ("VERB", "AUX"):
                continue
            for verb in (c for c in m.tok.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")):
                anchored = [verb] + [c for c in verb.children if c.dep_ == "obj" or c.dep_.startswith("obl")]
                for t in anchored:
                    later = self.by_token.get((m.par.offset, t.i))
                    if later is not None and later is not m:
                        later.after.append(m)

    def _after(self, m: _Mention, target: _Mention) -> None:
        """'Following X, A will travel ... to meet ...': A and its purpose events come after X."""
        m.after.append(target)
        for t in m.tok.subtree:
            child = self.by_token.get((m.par.offset, t.i))
            if child is not None and child is not m and t.dep_ in ("advcl", "xcomp", "conj") \
                    and child.tok.pos_ in ("VERB", "AUX"):
                child.after.append(target)

    def _share_context(self) -> None:
        """Purpose events inherit the destination; sub-events and their container share place and time;
        a passive event in a meeting without its agent was done by those who met ("was accepted during a
        meeting with X")."""
        for m in self.mentions:
            sup = m.super_
            if sup is not None and not m.agents and any(c.dep_ == "aux:pass" for c in m.tok.children):
                m.agents += [k for k in sup.actors() if k not in m.patients]
            for parent in m.after:
                if parent.tok.head is not None and m.tok.head.i == parent.tok.i and m.par is parent.par:
                    m.place = m.place or parent.place
                    if m.status is None or parent.status is Status.PLANNED:
                        m.status = parent.status
            if sup is not None:
                sup.place = sup.place or m.place
                m.place = m.place or sup.place
                sup.time = sup.time or m.time
                m.time = m.time or sup.time
                if sup.status is None and not any(c.dep_ == "mark" and c.lower_ == "to" for c in m.tok.children):
                    sup.status = m.status  # an infinitive ("pledged to defend X during the meeting") says nothing

    def _lead_time(self) -> None:
        """News style puts the day's news in the first sentence: an event the lead reports as done (past or
        present perfect), with no time of its own, happened on the day of publication (TimeML's document
        creation time). Later sentences tell background, so they get nothing."""
        today, art = self.doc.article.date, self.doc.article
        if not today or art.granularity not in (Granularity.DAY, Granularity.MINUTE):
            return
        body = next(((p, s) for p, s in self.doc.sentences() if not p.headline and p.post is None), None)
        if body is None:
            return
        lead = self.doc.sentence_span(*body)
        for m in self.mentions:
            if m.sentence == lead and m.time is None and m.status is Status.HAPPENED and _told_as_done(m.tok) \
                    and (m.actors() or m.place):  # a date alone makes no event
                m.time, m.guessed = TimeValue(today, Granularity.DAY), True

    def _lead_scene(self) -> None:
        """The lead sets the scene: what the same actors do in the next sentences, told as done and with no
        place or time of their own, happens where and when the lead's event did ("X and Y met today in
        Moscow. X arrived from Helsinki and went straight into talks")."""
        body = [(p, s) for p, s in self.doc.sentences() if not p.headline and p.post is None][:3]
        if not body:
            return
        spans = [self.doc.sentence_span(p, s) for p, s in body]
        scene = [m for m in self.mentions if m.sentence == spans[0] and m.status is Status.HAPPENED
                 and (m.place and not m.guessed or m.time) and m.actors()]
        for m in self.mentions:
            if m.sentence not in spans[1:] or m.status is not Status.HAPPENED or not _told_as_done(m.tok):
                continue
            lead = next((x for x in scene if self._expand(x.actors()) & self._expand(m.actors())), None)
            if lead is not None:
                if m.place is None and lead.place and not lead.guessed:
                    m.place, m.guessed = lead.place, True
                if m.time is None and lead.time is not None:
                    m.time, m.guessed = lead.time, True

    # ------------------------------------------------------------------ merging
    def _expand(self, keys: set[str]) -> set[str]:
        out = set(keys)
        for k in keys:
            out |= self.members.get(k, set())
        return out

    def _merge(self) -> list[Event]:
        clusters: list[list[_Mention]] = []
        for m in self.mentions:
            best, best_score = -1, 0.0
            for i, cl in enumerate(clusters):
                score = self._compat(m, cl)
                if score > best_score:
                    best, best_score = i, score
            if best < 0:
                clusters.append([m])
                m.cluster = len(clusters) - 1
            else:
                clusters[best].append(m)
                m.cluster = best
        built = [self._event(i, cl) for i, cl in enumerate(clusters)]  # None: not an event after all
        self._built = built

        def key(m: _Mention) -> str | None:
            ev = built[m.cluster]
            return ev.key if ev is not None else None

        out = []
        for ev, cl in zip(built, clusters, strict=True):
            if ev is None:
                continue
            sup = next((key(m.super_) for m in cl if m.super_ is not None and key(m.super_)), None)
            after = {key(earlier) for m in cl for earlier in m.after}
            after |= {key(other) for other in self.mentions for later in other.before if later in cl}
            after.discard(None)
            after.discard(ev.key)
            out.append(replace(ev, sub_event_of=sup if sup != ev.key else None,
                               after=tuple(sorted(a for a in after if a))))
        return out

    def _compat(self, m: _Mention, cl: list[_Mention]) -> float:
        if any(x.type is not m.type for x in cl):
            return 0
        statuses = {x.status for x in cl if x.status is not None}
        if m.status is not None and statuses and m.status not in statuses:
            return 0
        places = {x.place for x in cl if x.place and not x.guessed}
        if m.place and not m.guessed and places and m.place not in places:
            return 0
        times = {x.time.value for x in cl if x.time and not x.guessed}
        if m.time and not m.guessed and times and m.time.value not in times:
            return 0
        if any(x.par is m.par and x.sentence == m.sentence and x.tok.pos_ == m.tok.pos_ == "VERB" for x in cl):
            return 0  # two verbs in one sentence are two events
        mine = self._expand(m.actors())
        theirs = self._expand(set().union(*(x.actors() for x in cl)))
        score = 2.0 * len(mine & theirs)
        orgs = {x.organizer for x in cl if x.organizer}
        if m.organizer and m.organizer in orgs:
            score += 2
        if m.place and m.place in places:
            score += 1
        if not mine and not m.organizer and m.tok.pos_ == "NOUN" and score == 0 and \
                any(x.tok.lemma_ == m.tok.lemma_ for x in cl) and len(cl) and m.status is None:
            score = 0.5  # a bare "the summit" joins the summit already named
        if score == 0 and not mine and m.type in lx.ACTORLESS and \
                any(x.trigger.kind == m.trigger.kind and not x.actors() for x in cl):
            score = 0.5  # "the quake" of one article is the quake it reports, unless its own words say otherwise
        return score

    def _event(self, index: int, cl: list[_Mention]) -> Event | None:
        agents, patients, parts = [], [], []
        for m in cl:
            agents += [a for a in dict.fromkeys(m.agents) if a not in agents]
            patients += [a for a in dict.fromkeys(m.patients) if a not in patients and a not in agents]
            parts += [a for a in dict.fromkeys(m.participants) if a not in parts and a not in agents and a not in patients]
        organizer = next((m.organizer for m in cl if m.organizer), None)
        place = next((m.place for m in cl if m.place and not m.guessed), None) or \
            next((m.place for m in cl if m.place), None)
        time = next((m.time for m in cl if m.time and not m.guessed), None) or next((m.time for m in cl if m.time), None)
        statuses = [m.status for m in cl if m.status is not None]
        status = Status.PLANNED if Status.PLANNED in statuses else (statuses[0] if statuses else Status.UNKNOWN)
        today = self.doc.article.date
        if time and today and status in (Status.HAPPENED, Status.UNKNOWN) and time.value[:10] > today[:len(time.value)]:
            status = Status.PLANNED  # dated after the article: it has not happened yet
        etype = cl[0].type
        if not (agents or patients or parts or organizer or place or (time and etype in lx.ACTORLESS)):
            return None
        if not (agents or patients or parts or organizer) and etype not in lx.ACTORLESS | lx.GATHERINGS:
            return None  # "a proposal in the United States": a place alone does not make a criticism an event
        if cl[0].trigger.dyadic and not all(m.tok.pos_ == "VERB" and m.agents and (m.patients or m.participants)
                                            for m in cl[:1]):
            return None  # a verb known only from CAMEO's dictionary counts between two actors, as in PETRARCH
        roles = _roles(etype)
        participants = [Participant(a, roles[0]) for a in agents] + [Participant(a, roles[1]) for a in patients]
        participants += [Participant(a, Role.PARTICIPANT) for a in parts]
        if organizer and organizer not in agents + patients + parts:
            participants.append(Participant(organizer, Role.ORGANIZER))
        names = {c.key: c.label for c in self.ents.clusters.values()}
        who = list(dict.fromkeys(names.get(p.entity, p.entity) for p in participants if p.role is not Role.ORGANIZER))
        label = cl[0].trigger.kind.capitalize() or etype.value
        if organizer:
            label = f"{names.get(organizer, organizer)} {label.lower()}"
        if who:
            label += " of " + _join(who[:4])
        if place:
            label += f" in {names.get(place, place)}"
        return Event(key=f"{etype.value}:{'|'.join(sorted(set(agents + patients + parts)))}:{organizer}:{place}#{index}",
                     type=etype, cameo=cl[0].trigger.cameo, kind=cl[0].trigger.kind, label=label,
                     mentions=tuple(m.span for m in cl), sentences=tuple(dict.fromkeys(m.sentence for m in cl)),
                     participants=tuple(participants), place=place, time=time, status=status,
                     negated=any(m.negated for m in cl), name_entity=organizer)


def _roles(etype: EventType) -> tuple[Role, Role]:
    if etype is EventType.VISIT:
        return Role.VISITOR, Role.HOST
    return Role.AGENT, Role.PATIENT


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _subject_does_it(noun: Token, case: set[str]) -> bool:
    """Does the subject of the verb an event noun hangs on take part in the event? Yes for the object (or
    passive subject) of a light verb ("X held talks", "talks were held by X", "X paid a visit"), for a light
    verb's to/at/during phrase ("X went to the summit"), and for the object or venue of a speech verb ("X
    said at the summit", "X told a news conference", "X said in an interview"): the speaker was there."""
    head, dep = noun.head, noun.dep_
    oblique = dep.startswith("obl")
    if head.i == noun.i or oblique and case - {"to", "at", "in", "during"}:
        return False  # "with", "after", "for" ... relate the noun to the verb some other way
    lemma = head.lemma_.lower()
    speech = lemma in lx.SPEECH_VERBS and (dep in ("obj", "iobj") or oblique)
    light = lemma in lx.LIGHT_VERBS and (dep in ("obj", "iobj", "nsubj:pass") or oblique and "in" not in case)
    return speech or light


def _in_after_phrase(tok: Token) -> bool:
    """Inside an after/before phrase of its clause: 'after the collapse (of the meeting)', 'before the vote'."""
    t = tok
    while True:
        marked = {g.lower_ for g in t.children if g.dep_ in ("case", "mark")} | {t.head.lower_}
        if marked & (lx.AFTER_MARKERS | lx.BEFORE_MARKERS) and not marked & {"during", "at", "on"}:
            return True
        if t.pos_ in ("VERB", "AUX") or t.head.i == t.i or not t.dep_.startswith(("nmod", "compound", "appos")):
            return False
        t = t.head


def _compound_head(tok: Token) -> Token:
    """The noun a chain of compounds modifies ('Persian' -> 'Gulf' -> 'island'); the token itself if none."""
    head = tok
    while head.dep_ == "compound" and head.head.i != head.i:
        head = head.head
    return head


def _told_as_done(tok: Token) -> bool:
    """'resigned', 'has announced', 'is nominating': a verb that reports its event as done or under way."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "aux:pass")}
    if tok.tag_ == "VBD":
        return not aux - {"did", "was", "were"}
    if tok.tag_ == "VBN":
        return bool(aux & {"has", "have", "was", "were"}) and not aux & lx.MODALS_FUTURE
    if tok.tag_ == "VBG":
        return bool(aux & {"is", "are"}) and not aux & lx.MODALS_FUTURE
    return False


def _verbal_dep(c: Token) -> str:
    """The dependency of `c` on its head read as a verb. Headlines trip the tagger into nouns
    ("Lithuanian president meets with Joe Biden": "meets" a plural noun, "president" its compound):
    there the compound before the head is the subject and a prepositional nmod an oblique."""
    if c.dep_ in ("nsubj:outer", "nsubj:xsubj"):
        return "nsubj"  # "the government is to sell": the subject of a copular frame
    head = c.head
    lemma = head.lemma_.lower()
    if head.pos_ in ("VERB", "AUX") or head.i == c.i or not head.lower_.endswith("s") or \
            lemma not in lx.VERB_TRIGGERS and lemma not in lx.SPEECH_VERBS:
        return c.dep_
    if c.dep_ == "compound" and c.i < head.i and c.pos_ in ("NOUN", "PROPN") and head.i == c.i + 1:
        return "nsubj"
    if c.dep_.startswith("nmod") and c.i > head.i and any(g.dep_ == "case" for g in c.children):
        return "obl"
    return c.dep_
