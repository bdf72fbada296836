"""Entities: mentions from the model and the gazetteer ruler, titles and roles, and in-article
coreference (surnames, titles, role descriptions, handles, pronouns of speakers)."""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.extract.document import Document, Paragraph
from kg.extract.lexicon import (
    COMPANY_NOUNS,
    FEMALE_TITLES,
    GENERIC_ROLES,
    GOVERNMENT_NOUNS,
    HONORIFICS,
    MALE_TITLES,
    MONTHS,
    ORG_WORDS,
    PLACE_WORDS,
    ROLE_NOUNS,
    SPEAKER_GROUPS,
    SPEAKER_NOUNS,
    SPEECH_VERBS,
    STATE_NOUNS,
    TIME_NOUNS,
    TITLE_WORDS,
    WEEKDAYS,
)
from kg.model import Entity, EntityKind, Span
from kg.nlp import gazetteer as gz
from kg.nlp.actors import first_names

if TYPE_CHECKING:
    from spacy.tokens import Token

LABELS = {"PER": EntityKind.PERSON, "PERSON": EntityKind.PERSON, "ORG": EntityKind.ORGANIZATION,
          "GPE": EntityKind.PLACE, "LOC": EntityKind.PLACE, "FAC": EntityKind.PLACE}
PRONOUNS = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
PLURAL_PRONOUNS = {"they", "them", "their"}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


@dataclass
class _Cluster:
    kind: EntityKind
    key: str
    names: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    nationality: str | None = None
    country: str | None = None
    handle: str | None = None
    gaz: str | None = None
    members: list[str] = field(default_factory=list)
    heads: list[Token] = field(default_factory=list)
    gender: str | None = None  # "m" or "f" when a title says so (Mr, Msgr, Mrs, Sister): for he/she

    @property
    def label(self) -> str:
        if self.gaz:
            info = gz.place(self.gaz) or gz.org(self.gaz)
            if info is not None:
                return info.label
        names = [n for n in self.names if not n.startswith(("@", "#"))] or self.names
        return max(names, key=lambda n: (len(n.split()), len(n), -self.names.index(n)))


class Entities:
    """Finds entities in a parsed article and resolves tokens to entity keys."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.clusters: dict[str, _Cluster] = {}
        self.tokens: dict[tuple[int, int], str] = {}  # (paragraph offset, token index) -> key
        # (char offset, key, is subject, is the subject of a speech verb)
        self.person_mentions: list[tuple[int, str, bool, bool]] = []
        self._find()

    # ------------------------------------------------------------------ public
    def entity_at(self, par: Paragraph, tok: Token) -> str | None:
        """The entity a token belongs to (names, descriptions, handles, flags)."""
        return self.tokens.get((par.offset, tok.i))

    def resolve(self, par: Paragraph, tok: Token) -> list[str]:
        """Entity keys an argument head stands for: the entity, its conjuncts, or a pronoun's antecedent."""
        keys: list[str] = []
        for t in [tok, *_conjuncts(tok)]:
            key = self.entity_at(par, t) or self._inside(par, t)
            if key is None and t.lower_ in PRONOUNS:
                key = self.antecedent(par, t)
            if key is None and t.lemma_.lower() in COMPANY_NOUNS and t.tag_ == "NN" and \
                    any(c.dep_ == "det" and c.lower_ == "the" for c in t.children):
                key = self.organisation_before(par, t)  # "Microsoft ... The software manufacturer said"
            if key and key not in keys:
                keys.append(key)
        return keys

    def organisation_before(self, par: Paragraph, tok: Token) -> str | None:
        """'The company', 'the software manufacturer': the organisation the article named last before it."""
        pos = self.doc.start(par, tok)
        best, best_at = None, -1
        for c in self.clusters.values():
            if c.kind is EntityKind.ORGANIZATION:
                at = max((m.start for m in c.mentions if m.start < pos), default=-1)
                if at > best_at:
                    best, best_at = c.key, at
        return best

    def antecedent(self, par: Paragraph, tok: Token) -> str | None:
        """He/she/his: the subject of the governing clause (possessives), else the person who was
        the subject of the previous sentence, else the nearest person mentioned before."""
        pos = self.doc.start(par, tok)
        if tok.lower_ in ("his", "her") and tok.dep_ == "nmod:poss":
            verb = tok.head
            while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                verb = verb.head
            for child in verb.children:
                if child.dep_ in ("nsubj", "nsubj:pass"):
                    key = self.entity_at(par, child) or self._inside(par, child)
                    if key and self.clusters[key].kind is EntityKind.PERSON:
                        return key
        sent_start = self.doc.start(par, tok.sent[0])
        want = "m" if tok.lower_ in ("he", "him", "his", "himself") else "f" if tok.lower_ in (
            "she", "her", "hers", "herself") else None
        before = [m for m in self.person_mentions if m[0] < pos and self.clusters[m[1]].gender in (None, want)]
        in_sentence = [m for m in before if m[0] >= sent_start and m[2]]
        if in_sentence:
            return in_sentence[-1][1]
        earlier = [m for m in before if m[0] < sent_start]
        if earlier:
            last_mention = max(m[0] for m in earlier)
            # subjects near the last person mentioned (within ~400 characters: about a sentence)
            prev_subjects = [m for m in earlier if m[2] and m[0] >= last_mention - 400]
            # "X resigned, a spokesman said. His resignation ...": a speaker is the antecedent of another
            # speaker ("He said"), the subject of what was said of anything else
            speaking = tok.dep_ == "nsubj" and tok.head.lemma_.lower() in SPEECH_VERBS
            preferred = [m for m in prev_subjects if m[3] == speaking]
            if preferred:
                return preferred[-1][1]
            if prev_subjects:
                return prev_subjects[-1][1]
            return earlier[-1][1]
        return None

    def entities(self) -> tuple[Entity, ...]:
        out = []
        for c in self.clusters.values():
            if not c.mentions:
                continue
            info = gz.place(c.gaz) if c.gaz else None
            names = [n for n in dict.fromkeys(c.names)]
            label = c.label
            out.append(Entity(
                key=c.key, kind=c.kind, label=label, mentions=tuple(sorted(set(c.mentions), key=lambda s: s.start)),
                aliases=tuple(n for n in names if n != label), titles=tuple(dict.fromkeys(c.titles)),
                nationality=c.nationality, country=c.country or (info.country if info else None),
                geonames_id=info.geonames_id if info else None, latitude=info.latitude if info else None,
                longitude=info.longitude if info else None, place_type=info.place_type if info else None,
                members=tuple(c.members)))
        return tuple(sorted(out, key=lambda e: e.mentions[0].start))

    # ------------------------------------------------------------------ finding
    def _find(self) -> None:
        pending_roles: list[tuple[Paragraph, Token, str, str | None]] = []
        pending_groups: list[tuple[Paragraph, Token]] = []
        pending_handles: list[tuple[Paragraph, Token]] = []
        taken_by_par: dict[int, set[int]] = {}
        for par in self.doc.paragraphs:
            doc = par.doc
            taken: set[int] = set()
            self._institution_names(par, taken)
            self._governments(par, taken)
            for ent in doc.ents:
                kind = LABELS.get(ent.label_)
                if ent.label_ == "NORP" or kind is None or any(t.i in taken for t in ent):
                    continue
                toks = list(ent)
                while toks and (toks[0].lower_ in ("the", "a", "an") or toks[0].is_punct):
                    toks = toks[1:]
                while toks and (toks[-1].is_punct or toks[-1].text in ("'s", "’s")
                                or toks[-1].pos_ in ("ADP", "DET", "CCONJ") or toks[-1].lower_ in ("of", "the", "and")):
                    toks = toks[:-1]
                if not toks:
                    continue
                toks = _extend_hyphens(toks)
                toks, kind = _place_after_of(toks, kind)
                if not toks or any(t.i in taken for t in toks):
                    continue
                if kind is EntityKind.PERSON:  # the model cut off a first name: "Fumio | Kishida"
                    first = toks[0].i
                    while first > 0 and doc[first - 1].is_title and doc[first - 1].is_alpha and \
                            not doc[first - 1].is_stop and doc[first - 1].lower_ not in TITLE_WORDS and \
                            not doc[first - 1].ent_type_ and first - 1 > doc[first - 1].sent.start - 1 and \
                            first - 1 not in taken and toks[0].i - first < 2:
                        first -= 1
                    toks = list(doc[first:toks[-1].i + 1])
                # a person's title inside the entity span: keep the name only ("President Joe Biden")
                if kind is EntityKind.PERSON and toks[-1].lower_ not in ORG_WORDS:
                    while len(toks) > 1 and toks[0].lower_ in TITLE_WORDS:
                        toks = toks[1:]
                text = doc[toks[0].i:toks[-1].i + 1].text
                if not _is_name(text, toks) and not ent.ent_id_:
                    continue
                if text.startswith("@") and not ent.ent_id_:
                    pending_handles.append((par, toks[0]))
                    continue
                if kind is EntityKind.PERSON and len(toks) == 1 and toks[0].pos_ != "PROPN" and not toks[0].is_title:
                    continue
                if not ent.ent_id_:
                    kind = _retype(kind, toks)
                    if kind is EntityKind.PERSON and \
                            f"{EntityKind.ORGANIZATION.value}:{fold(text)}" in self.clusters:
                        kind = EntityKind.ORGANIZATION  # named as an organisation earlier in the article
                elif _first_name_not_city(ent.ent_id_, toks[-1]):
                    continue
                self._add(par, toks[0], toks[-1], kind, ent.ent_id_ or None)
                taken.update(t.i for t in toks)
            for tok in doc:
                if tok.i in taken:
                    continue
                flag = gz.flag_country(tok.text)
                if flag:
                    country = gz.country_place(flag)
                    if country:
                        self._add(par, tok, tok, EntityKind.PLACE, country.key)
                elif tok.text.startswith("@") and len(tok.text) > 2:
                    pending_handles.append((par, tok))
                elif tok.lemma_.lower() in ROLE_NOUNS or tok.lower_ in ROLE_NOUNS or tok.lower_.rstrip("s") in ROLE_NOUNS:
                    if self._is_title_of_name(par, tok):
                        continue
                    if tok.tag_ in ("NNS", "NNPS") or (tok.lower_.endswith("s") and tok.lower_.rstrip("s") in ROLE_NOUNS):
                        pending_groups.append((par, tok))
                    else:
                        role = tok.lower_ if tok.lower_ in ROLE_NOUNS else tok.lemma_.lower()
                        pending_roles.append((par, tok, role, self._country_modifier(par, tok)))
            taken_by_par[par.offset] = taken
        for _ in range(2):  # the second pass finds names typed by a later paragraph
            for par in self.doc.paragraphs:
                self._propn_fallback(par, taken_by_par[par.offset])
        self._reconcile()
        self._bare_governments()
        self._titles_and_countries()
        for par, tok, role, iso in pending_roles:
            self._resolve_role(par, tok, role, iso)
        for par, tok in pending_handles:
            self._resolve_handle(par, tok)
        for par, tok in pending_groups:
            self._group(par, tok)
        self._soft_aliases()
        self._index_people()

    def _add(self, par: Paragraph, first: Token, last: Token, kind: EntityKind, gaz: str | None,
             key: str | None = None) -> str:
        span = self.doc.span(par, first, last)
        text = first.doc.text[first.idx:last.idx + len(last.text)]  # as parsed: recased copy reads "Marco Lara"
        if key is None:
            if gaz:
                key = gaz
            elif kind is EntityKind.PERSON:
                key = self._person_key(text)
            else:
                key = f"{kind.value}:{fold(re.sub(r'^(the|The) ', '', text))}"
        if gaz and gaz.startswith("norp:"):
            return key
        c = self.clusters.get(key)
        if c is None:
            c = self.clusters[key] = _Cluster(kind, key, gaz=gaz)
        c.names.append(text)
        c.mentions.append(span)
        c.heads.append(_head_of(list(first.doc[first.i:last.i + 1])))
        before = first.doc[first.i - 1].lower_ if first.i > 0 else ""
        if kind is EntityKind.PERSON and c.gender is None:
            c.gender = "m" if before in MALE_TITLES else "f" if before in FEMALE_TITLES else None
        for t in range(first.i, last.i + 1):
            self.tokens[(par.offset, t)] = key
        return key

    def _person_key(self, name: str) -> str:
        """Surname-only and title+surname mentions join the person with the fullest name."""
        words = [w for w in re.findall(r"[^\W\d_][\w'’\-.]*", name) if fold(w) not in HONORIFICS]
        folded = [fold(w) for w in words]
        for key, c in self.clusters.items():
            if c.kind is not EntityKind.PERSON:
                continue
            for n in c.names:
                other = [fold(w) for w in re.findall(r"[^\W\d_][\w'’\-.]*", n)]
                if not other or not folded:
                    continue
                if folded == other or (len(folded) == 1 and folded[0] in (other[-1], other[0])) or \
                        (len(other) == 1 and other[0] == folded[-1]) or \
                        (len(folded) > 1 and len(other) > 1 and folded[-1] == other[-1] and folded[0][0] == other[0][0]):
                    return key
        return f"person:{' '.join(folded)}"

    def _reconcile(self) -> None:
        """Names the model typed as places or organisations that are people: a surname of a person
        of the article, or the subject of a verb of saying or meeting."""
        from kg.extract.lexicon import HUMAN_VERBS, SPEECH_VERBS

        human_verbs = SPEECH_VERBS | HUMAN_VERBS
        for key, c in list(self.clusters.items()):
            if c.gaz or c.kind not in (EntityKind.PLACE, EntityKind.ORGANIZATION):
                continue
            target = None
            for name in c.names:
                pkey = self._person_key(name)
                if pkey in self.clusters and pkey != key:
                    target = self.clusters[pkey]
            acts = any(h.dep_ in ("nsubj",) and h.head.lemma_ in human_verbs for h in c.heads)
            if target is None and c.kind is EntityKind.PLACE and acts and \
                    all(w.lower() not in PLACE_WORDS for n in c.names for w in n.split()):
                del self.clusters[key]
                target = self.clusters.setdefault(self._person_key(c.names[0]),
                                                  _Cluster(EntityKind.PERSON, self._person_key(c.names[0])))
            if target is None:
                continue
            self.clusters.pop(key, None)
            target.names += c.names
            target.mentions += c.mentions
            target.heads += c.heads
            self.tokens = {pos: (target.key if v == key else v) for pos, v in self.tokens.items()}

    def _titled_names(self, par: Paragraph, taken: set[int]) -> None:
        """'Chancellor Olaf Scholz': capitalised words after a title are a person's name, whatever
        the tagger made of them."""
        doc = par.doc
        for tok in doc:
            if tok.i in taken or not (tok.text[:1].isupper() and tok.lower_ in TITLE_WORDS):
                continue
            j = tok.i + 1
            while j < len(doc) and doc[j].lower_ in TITLE_WORDS and doc[j].text[:1].isupper():
                j += 1
            k = j
            while k < len(doc) and k not in taken and doc[k].is_title and not doc[k].is_stop and \
                    (doc[k].is_alpha or "-" in doc[k].text) and doc[k].lower_ not in TITLE_WORDS and k - j < 4:
                k += 1
            if k > j and not (k - j == 1 and doc[j].pos_ not in ("PROPN", "NOUN", "ADJ", "X")):
                toks = list(doc[j:k])
                if toks[-1].lower_ not in ORG_WORDS | PLACE_WORDS:
                    self._add(par, toks[0], toks[-1], EntityKind.PERSON, None)
                    taken.update(t.i for t in toks)

    def _institution_names(self, par: Paragraph, taken: set[int]) -> None:
        """Capitalised names headed by an organisation or place word, which the model and the gazetteer
        cut into pieces: 'Saudi Gazette', 'US State Department', 'University of Texas Arlington',
        'Australian Broadcasting Corporation'. Only where the name is more than one entity, or an
        entity plus words it left out; a name the model or the gazetteer got whole is left alone."""
        doc = par.doc
        i = 0
        while i < len(doc):
            if i > 0 and doc[i - 1].text in ("-", "‑") and not doc[i - 1].whitespace_:
                i += 1  # "pro-Beijing": not the start of a name
                continue
            j = i
            while j < len(doc) and (_name_word(doc[j], inner=j > i) or _inner_hyphen(doc, j, i)):
                if doc[j].lower_ == "and" and any(t.lower_ in ORG_WORDS | PLACE_WORDS for t in doc[i:j]):
                    break  # "Massachusetts Institute of Technology and Colorado State University": two names
                j += 1
            while j > i + 1 and doc[j - 1].lower_ in NAME_JOINERS:
                j -= 1
            toks = list(doc[i:j])
            if len(toks) >= 2 and toks[0].lower_ not in NAME_JOINERS:
                head_of = {a.lower_ for a, b in itertools.pairwise(toks) if b.lower_ in ("of", "for", "on")}
                last = toks[-1].lower_  # the head word ends the name or comes before its "of"-phrase
                kind = EntityKind.ORGANIZATION if last in ORG_WORDS or head_of & ORG_WORDS else \
                    EntityKind.PLACE if last in PLACE_WORDS or head_of & PLACE_WORDS - OF_PLACE_HEADS else None
                whole = any(e.start == i and e.end == j for e in doc.ents)
                pieces = len({e.start for e in doc.ents if i <= e.start < j or i < e.end <= j})
                if kind is not None and any(t.ent_type_ for t in toks) and not whole and (pieces > 1 or any(not t.ent_type_ for t in toks)):
                    self._add(par, toks[0], toks[-1], kind, None)
                    taken.update(t.i for t in toks)
            i = max(j, i + 1)

    def _propn_fallback(self, par: Paragraph, taken: set[int]) -> None:
        """Proper-noun phrases the model missed: typed by a title before them or an organisation word."""
        self._titled_names(par, taken)
        doc = par.doc
        i = 0
        while i < len(doc):
            tok = doc[i]
            if tok.i in taken or not tok.text[:1].isupper() or tok.lower_ in TITLE_WORDS or not _propn(tok) and not (
                    _name_cased(tok) and tok.i > tok.sent.start and self._person_key(tok.text) in self.clusters):
                i += 1  # a surname named in full before is a name however tagged ("Stefanski fired Cheeks")
                continue
            j = i
            while j + 1 < len(doc) and doc[j + 1].i not in taken and doc[j + 1].text[:1].isupper() and \
                    doc[j + 1].lower_ not in TITLE_WORDS and (_propn(doc[j + 1]) or j == i and tok.text in first_names()
                                                             and _name_cased(doc[j + 1]) and doc[j + 1].pos_ == "NOUN"):
                j += 1  # a given name's capitalised neighbour is its surname, however tagged ("Maurice Cheeks")
            toks = _extend_hyphens(list(doc[i:j + 1]))
            if any(t.i in taken for t in toks):
                i = j + 1
                continue
            j = toks[-1].i
            after = _place_after_of(toks, EntityKind.PLACE)[0]
            if after != toks:  # "Iranian Island of Qeshm" names Qeshm
                if after and not any(t.i in taken for t in after) and _is_name(doc[after[0].i:after[-1].i + 1].text, after):
                    self._add(par, after[0], after[-1], EntityKind.PLACE, None)
                    taken.update(t.i for t in after)
                i = max(j, after[-1].i if after else j) + 1
                continue
            prev = doc[i - 1] if i > 0 else None
            kind = None
            if toks[-1].lower_ in ORG_WORDS and len(toks) > 1:
                kind = EntityKind.ORGANIZATION
            elif toks[-1].lower_ in PLACE_WORDS and len(toks) > 1:
                kind = EntityKind.PLACE
            elif prev is not None and prev.lower_ in TITLE_WORDS and prev.text[:1].isupper():
                kind = EntityKind.PERSON
            elif prev is not None and prev.lower_ in COMPANY_NOUNS and prev.pos_ == "NOUN":
                kind = EntityKind.ORGANIZATION  # "aircraft maker Boeing"
            elif f"{EntityKind.ORGANIZATION.value}:{fold(doc[i:j + 1].text)}" in self.clusters:
                kind = EntityKind.ORGANIZATION  # named as an organisation elsewhere in the article
            elif len(toks) <= 3 and self._person_key(doc[i:j + 1].text) in self.clusters:
                kind = EntityKind.PERSON
            elif 2 <= len(toks) <= 3 and all(_name_cased(t) for t in toks) and (
                    toks[0].text in first_names() or
                    _head_of(toks).dep_ not in ("compound",) and i > toks[0].sent.start):
                kind = EntityKind.PERSON  # "Firstname Lastname": a known given name, or any such pair mid-sentence
            elif len(toks) == 1 and toks[0].dep_ == "nsubj" and toks[0].head.lemma_ in SPEECH_VERBS \
                    and toks[0].is_alpha:
                kind = EntityKind.PERSON  # "Smith said"
            gaz = None
            head = _head_of(toks)
            cases = {c.lower_ for c in head.children if c.dep_ == "case"}
            if kind is None and gz.city(doc[i:j + 1].text) is not None and \
                    (cases & {"in", "at", "to", "from", "near", "outside"} or head.dep_ in ("compound",)):
                kind, gaz = EntityKind.PLACE, gz.city(doc[i:j + 1].text).key  # type: ignore[union-attr]
            elif kind is None and cases & {"in", "at", "near"} and toks[-1].lower_ not in MONTHS_DAYS:
                kind = EntityKind.PLACE
            if kind is not None and _is_name(doc[i:j + 1].text, toks):
                if gaz:
                    self._add(par, toks[0], toks[-1], kind, gaz)
                    taken.update(t.i for t in toks)
                    i = j + 1
                    continue
                self._add(par, toks[0], toks[-1], kind, None)
                taken.update(t.i for t in toks)
            i = j + 1

    def _is_title_of_name(self, par: Paragraph, tok: Token) -> bool:
        """'President' in 'US President Joe Biden' or 'President Putin' is a title, not a description."""
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        return bool(nxt is not None and (par.offset, nxt.i) in self.tokens and tok.text[:1].isupper()) or \
            (tok.dep_ in ("nmod:desc", "compound", "appos", "flat") and (par.offset, tok.head.i) in self.tokens
             and tok.head.i > tok.i)

    def _country_modifier(self, par: Paragraph, tok: Token) -> str | None:
        """'Lithuanian' / 'US' / "Lithuania's" before a role noun -> ISO code."""
        for t in tok.doc[max(tok.sent.start, tok.i - 4):tok.i]:
            iso = gz.demonym_country(t.text)
            if iso:
                return iso
            key = self.tokens.get((par.offset, t.i))
            if key and key.startswith("geo:"):
                p = gz.place(key)
                if p and p.place_type == "Country":
                    return p.country
        return None

    def _titles_and_countries(self) -> None:
        """Titles, nationality and country from the words before a person's name."""
        for par in self.doc.paragraphs:
            doc = par.doc
            for tok in doc:
                key = self.tokens.get((par.offset, tok.i))
                if not key or self.clusters[key].kind is not EntityKind.PERSON:
                    continue
                if tok.i > 0 and self.tokens.get((par.offset, tok.i - 1)) == key:
                    continue  # not the first token of the mention
                c = self.clusters[key]
                title_words: list[str] = []
                j = tok.i - 1
                while j >= tok.sent.start and (doc[j].lower_ in TITLE_WORDS or (doc[j].text[:1].isupper()
                                               and doc[j].lower_ in ("foreign", "interior", "prime"))):
                    title_words.insert(0, doc[j].text)
                    j -= 1
                country = None
                if j >= tok.sent.start:
                    iso = gz.demonym_country(doc[j].text)
                    if iso:
                        c.nationality = c.nationality or doc[j].text
                        country = iso
                    else:
                        k = j - 1 if doc[j].text in ("'s", "’s") else j
                        gkey = self.tokens.get((par.offset, k)) if k >= 0 else None
                        p = gz.place(gkey) if gkey else None
                        if p and p.place_type == "Country":
                            country = p.country
                title_words = [w for w in title_words if w.lower() not in HONORIFICS]
                if country:
                    c.country = c.country or country
                if title_words:
                    c.titles.append(_title(" ".join(title_words), country))

    def _resolve_role(self, par: Paragraph, tok: Token, role: str, country: str | None) -> None:
        if self._indefinite(tok) or any(  # "a presidential spokesman said ... the spokesman said": the same one
                t.lemma_.lower() == tok.lemma_.lower() and self._indefinite(t)
                for p in self.doc.paragraphs if p.offset <= par.offset
                for t in p.doc if p.offset < par.offset or t.i < tok.i):
            return  # someone new, not the holder of that role the article names
        people = [c for c in self.clusters.values() if c.kind is EntityKind.PERSON]
        cands = []
        for c in people:
            if country and c.country != country:
                continue
            has_title = any(role in t.lower() for t in c.titles)
            if role in GENERIC_ROLES and country:
                cands.append((1, c))
            elif has_title:
                cands.append((2 if country else 1, c))
            elif country and not c.titles:
                cands.append((0, c))
        if not cands or (not country and len(cands) != 1):
            return
        best = max(cands, key=lambda x: x[0])[0]
        top = [c for s, c in cands if s == best]
        if len(top) != 1:
            return
        c = top[0]
        if country and not any(role in t.lower() for t in c.titles) and role not in GENERIC_ROLES:
            c.titles.append(_title(role.title(), country))
        first = tok
        for t in tok.doc[max(tok.sent.start, tok.i - 3):tok.i]:
            if gz.demonym_country(t.text) or self.tokens.get((par.offset, t.i), "").startswith("geo:"):
                first = t
                break
        span = self.doc.span(par, first, tok)
        c.mentions.append(span)
        for i in range(first.i, tok.i + 1):
            self.tokens[(par.offset, i)] = c.key

    @staticmethod
    def _indefinite(tok: Token) -> bool:
        return any(c.dep_ == "det" and c.lower_ in ("a", "an", "another", "one") for c in tok.children)

    def _resolve_handle(self, par: Paragraph, tok: Token) -> None:
        handle = tok.text.lstrip("@").lower()
        office = gz.OFFICE_HANDLES.get(handle)
        for c in self.clusters.values():
            if c.kind is EntityKind.PERSON:
                squashed = {re.sub(r"[^a-z]", "", fold(n)) for n in c.names}
                if handle in squashed or (office and c.country == office[1]
                                          and any(office[0].lower() in t.lower() for t in c.titles)):
                    c.names.append(tok.text)
                    c.handle = c.handle or (tok.text if not office else None)
                    c.mentions.append(self.doc.span(par, tok, tok))
                    self.tokens[(par.offset, tok.i)] = c.key
                    return

    def _group(self, par: Paragraph, tok: Token) -> None:
        """'Leaders of all three Baltic countries', 'Baltic leaders': a group with its member people."""
        region = None
        phrase = _noun_phrase(tok)
        for t in phrase:
            key = self.tokens.get((par.offset, t.i))
            if key and key.startswith(("region:", "geo:")):
                region = gz.place(key)
                break
            if t.text[:1].isupper() and t.i < tok.i:
                for r in gz.REGIONS:
                    if r.adjective and t.text == r.adjective:
                        region = gz.place(f"region:{r.key}")
        if region is None:
            return
        members = set(region.members) if region.members else ({region.country} if region.country else set())
        people = [c.key for c in self.clusters.values() if c.kind is EntityKind.PERSON and c.country in members]
        if not people:
            return
        toks = [t for t in phrase if not t.is_punct]
        while toks and toks[0].lower_ in ("the", "all", "a"):
            toks = toks[1:]
        first, last = toks[0], toks[-1]
        label = " ".join(t.text for t in tok.doc[first.i:last.i + 1]).replace(" 's", "'s")
        key = f"group:{fold(label)}"
        c = self.clusters.get(key) or _Cluster(EntityKind.GROUP, key)
        self.clusters[key] = c
        c.names.append(label)
        c.mentions.append(self.doc.span(par, first, last))
        c.members = sorted(set(c.members) | set(people))
        self.tokens[(par.offset, tok.i)] = key

    def _governments(self, par: Paragraph, taken: set[int]) -> None:
        """'The Brazilian government', 'Chinese authorities': a government named by its country is that
        country, as an actor (the country node keeps the phrase as an alias)."""
        for tok in par.doc:
            if tok.lower_ not in STATE_NOUNS or tok.i in taken:
                continue
            adj = next((c for c in tok.children if c.dep_ in ("amod", "compound") and c.i < tok.i
                        and gz.demonym_country(c.text)), None)
            country = gz.country_place(gz.demonym_country(adj.text) or "") if adj is not None else None
            if country is None or adj is None:
                continue
            self._add(par, adj, tok, EntityKind.PLACE, country.key)
            taken.update(range(adj.i, tok.i + 1))

    def _bare_governments(self) -> None:
        """'Spanish Secretary of State X said the government maintained its target': 'the government' with
        no country of its own is the government of the country named last before it (by name or demonym)."""
        named: list[tuple[int, str]] = []  # (offset, country key) in text order
        for par in self.doc.paragraphs:
            for tok in par.doc:
                at = self.doc.start(par, tok)
                key = self.tokens.get((par.offset, tok.i))
                place = gz.place(key) if key else None
                iso = gz.demonym_country(tok.text) if key is None else None
                country = place if place is not None and place.place_type == "Country" else \
                    gz.country_place(iso) if iso else None
                if country is not None:
                    named.append((at, country.key))
                if tok.lower_ == "government" and key is None and named and \
                        [c.lower_ for c in tok.children if c.dep_ not in ("punct", "case")] == ["the"]:
                    self._add(par, tok, tok, EntityKind.PLACE, named[-1][1])

    def speaker_group(self, par: Paragraph, tok: Token) -> str | None:
        """Unnamed sources that speak: "political analysts said", "Western diplomats and economists say".
        A group node labelled with the noun phrase, so what they said keeps a speaker."""
        heads = [t for t in [tok, *_conjuncts(tok)] if t.lemma_.lower() in SPEAKER_GROUPS or t.lower_ in SPEAKER_GROUPS
                 or t.lower_ in SPEAKER_NOUNS]
        if not heads or tok.pos_ not in ("NOUN", "PROPN"):
            return None
        phrase = {x.i for x in tok.subtree}
        toks = [t for t in tok.subtree if t.dep_ not in ("acl", "acl:relcl", "punct", "appos")
                and not any(a.dep_ in ("acl", "acl:relcl", "appos") for a in t.ancestors if a.i in phrase
                            and a.i != tok.i)]
        aside = {x.i for c in tok.children if {g.lower_ for g in c.children if g.dep_ == "case"} & {"including", "like",
                                                                                             "such"} for x in c.subtree}
        toks = [t for t in toks if t.i not in aside and (t.dep_ not in ("cc", "conj") or t.i > tok.i
                                                         or t.head.i != tok.i and t.dep_ != "cc")]
        while toks and toks[-1].is_punct:
            toks = toks[:-1]
        while toks and (toks[0].lower_ in ("the", "a", "an", "some", "many", "several", "most", "other", "but", "and")
                        or toks[0].dep_ == "cc" or toks[0].is_punct):
            toks = toks[1:]
        if not toks:
            return None
        first, last = toks[0], toks[-1]
        label = tok.doc[first.i:last.i + 1].text
        key = f"group:{fold(label)}"
        if any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children) and key not in self.clusters:
            same = [k for k, c in self.clusters.items() if c.kind is EntityKind.GROUP and c.names
                    and fold(c.names[0]).split()[-1:] == [fold(tok.text)]]
            key = same[-1] if same else key  # "a presidential spokesman said ... the spokesman said": one speaker
        c = self.clusters.get(key) or _Cluster(EntityKind.GROUP, key)
        self.clusters[key] = c
        c.names.append(label)
        c.mentions.append(self.doc.span(par, first, last))
        return key

    def _soft_aliases(self) -> None:
        """'the Alliance' for NATO: organisation aliases that count only where the organisation is named."""
        present = {c.gaz: c for c in self.clusters.values() if c.gaz and c.gaz.startswith("org:")}
        for gkey, c in present.items():
            org = gz.org(gkey)
            if not org or not org.soft_aliases:
                continue
            for par in self.doc.paragraphs:
                for tok in par.doc:
                    owner = self.tokens.get((par.offset, tok.i))
                    stray_owner = owner is not None and owner != gkey and \
                        set(self.clusters[owner].names) <= set(org.soft_aliases)
                    if tok.text in org.soft_aliases and (owner is None or stray_owner):
                        stray = [k for k, cl in self.clusters.items()
                                 if k != gkey and set(cl.names) <= set(org.soft_aliases)]
                        for k in stray:
                            del self.clusters[k]
                            self.tokens = {pos: v for pos, v in self.tokens.items() if v != k}
                        c.names.append(tok.text)
                        c.mentions.append(self.doc.span(par, tok, tok))
                        self.tokens[(par.offset, tok.i)] = gkey

    def _index_people(self) -> None:
        for par in self.doc.paragraphs:
            for tok in par.doc:
                key = self.tokens.get((par.offset, tok.i))
                if key and self.clusters[key].kind is EntityKind.PERSON:
                    if tok.i > 0 and self.tokens.get((par.offset, tok.i - 1)) == key:
                        continue
                    head = tok
                    while self.tokens.get((par.offset, head.head.i)) == key and head.head.i != head.i:
                        head = head.head
                    subject = head.dep_ in ("nsubj", "nsubj:pass") or (
                        head.dep_ == "obl" and any(c.lower_ == "to" for c in head.children)
                        and head.head.lower_ == "according")
                    speech = subject and head.head.lemma_.lower() in SPEECH_VERBS
                    self.person_mentions.append((self.doc.start(par, tok), key, subject, speech))
        self.person_mentions.sort()

    def _inside(self, par: Paragraph, tok: Token) -> str | None:
        """An argument head that is not itself a name: look at its flat/compound/appos children."""
        for child in tok.children:  # "U.S. Secretary of State George Shultz": the person, not the country
            if child.dep_ in ("appos", "flat", "nmod:desc", "nmod", "flat:name") and child.i > tok.i:
                key = self.entity_at(par, child)
                if key and self.clusters[key].kind is EntityKind.PERSON:
                    return key
        for child in tok.children:
            if child.dep_ in ("flat", "compound", "appos", "nmod:desc", "flat:name"):
                key = self.entity_at(par, child)
                if key and child.dep_ == "compound" and self.clusters[key].kind is EntityKind.PLACE and \
                        tok.lower_ not in GOVERNMENT_NOUNS and tok.lemma_.lower() not in GOVERNMENT_NOUNS:
                    continue  # "a Brownsville mother", "an Oregon bank": from the place, not the place
                if key:
                    return key
        for child in tok.children:  # "New South Wales government officials", "Japan's trade officials"
            if child.dep_ == "compound" or (child.dep_ == "nmod:poss" and tok.lower_ in GOVERNMENT_NOUNS):
                if child.dep_ == "compound" and child.lower_ not in GOVERNMENT_NOUNS:
                    continue
                key = self.entity_at(par, child) or next(
                    (self.entity_at(par, g) for g in child.children if g.dep_ in ("compound", "flat")
                     and self.entity_at(par, g)), None)
                if key:
                    return key
        return None


NAME_JOINERS = {"of", "for", "on", "and", "&", "de", "del", "du"}
# "the Island of Qeshm", "the Province of Aceh": the place is the one named after "of" (a gulf, a bay or a
# strait of X is a place of its own: "Gulf of Aden")
OF_PLACE_HEADS = {"island", "islands", "province", "state", "region", "city", "county", "district", "village", "town"}


def _name_word(tok: Token, inner: bool) -> bool:
    """A word of a capitalised institution name (joiners only inside it)."""
    if inner and tok.lower_ in NAME_JOINERS:  # "for" and "on" only after the head: "Council on Foreign Relations"
        return tok.lower_ not in ("for", "on") or tok.nbor(-1).lower_ in ORG_WORDS
    low = tok.lower_
    if low in ROLE_NOUNS or low in HONORIFICS or low in MONTHS_DAYS or not tok.text[:1].isupper():
        return False
    if inner and tok.is_sent_start:
        return False
    return tok.pos_ in ("PROPN", "ADJ", "NOUN") or bool(tok.ent_type_) or tok.text.isupper()


def _inner_hyphen(doc, j: int, start: int) -> bool:
    """'Council on American-Islamic Relations': a hyphen between two capitalised words."""
    return start < j < len(doc) - 1 and doc[j].text in ("-", "‑") and not doc[j - 1].whitespace_ and \
        not doc[j].whitespace_ and doc[j + 1].text[:1].isupper()


def _place_after_of(toks: list, kind: EntityKind) -> tuple[list, EntityKind]:
    """'Iranian Island (of Qeshm)', 'Province of Aceh': the place is the name after 'of'."""
    doc = toks[0].doc
    cut = [k for k, t in enumerate(toks[:-1]) if t.lower_ in OF_PLACE_HEADS and toks[k + 1].lower_ == "of"]
    if cut:
        return toks[cut[-1] + 2:], EntityKind.PLACE
    end = toks[-1].i
    if toks[-1].lower_ in OF_PLACE_HEADS and end + 2 < len(doc) and doc[end + 1].lower_ == "of" and _propn(doc[end + 2]):
        j = end + 2
        while j + 1 < len(doc) and _propn(doc[j + 1]) and doc[j + 1].text[:1].isupper():
            j += 1
        return list(doc[end + 2:j + 1]), EntityKind.PLACE
    return toks, kind


def _name_cased(tok: Token) -> bool:
    """'Cheeks', 'DiLeo', 'McCain', "O'Neill": a capital, then lower case letters among others."""
    text = tok.text.replace("'", "").replace("’", "")
    return text.isalpha() and text[:1].isupper() and any(c.islower() for c in text[1:])


def _propn(tok: Token) -> bool:
    """A proper noun by either tagger (the UPOS and the PTB tag come from separate components and can disagree)."""
    return tok.pos_ == "PROPN" or tok.tag_ in ("NNP", "NNPS")


CLAUSE_DEPS = ("acl", "advcl", "ccomp", "xcomp", "parataxis", "conj", "cc", "appos", "punct", "dep", "list")


def _noun_phrase(tok: Token) -> list[Token]:
    """The words of the noun phrase headed by `tok`, without the clauses a parser may have hung on it
    ("Leaders of all three Baltic countries [met with ...]" when "met" was parsed as a clause of "countries")."""
    keep, todo = [tok], [tok]
    while todo:
        for child in todo.pop().children:
            if not child.dep_.startswith(CLAUSE_DEPS):
                keep.append(child)
                todo.append(child)
    at = {t.i for t in keep}
    first = last = tok.i
    while first - 1 in at:
        first -= 1
    while last + 1 in at:
        last += 1
    return list(tok.doc[first:last + 1])


def _conjuncts(tok: Token) -> list[Token]:
    out, todo = [], [tok]
    while todo:
        t = todo.pop()
        for c in t.children:
            if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "PRON", "SYM", "X"):
                out.append(c)
                todo.append(c)
    return out


def _is_name(text: str, toks: list) -> bool:
    if not any(ch.isupper() for ch in text) and not text.startswith("@"):
        return False
    if len(text) < 2 or text.lower() in PRONOUNS | PLURAL_PRONOUNS | {"i", "we", "it", "you"}:
        return False
    if all(t.is_stop or t.is_punct or t.like_num for t in toks):
        return False
    if all(t.lower_.rstrip(".") in MONTHS or t.lower_ in WEEKDAYS or t.lower_ in TIME_NOUNS or t.like_num
           or t.is_punct for t in toks):
        return False  # "Friday", "March 3", "Budget Day" is a name but "Day" alone is not
    return bool(re.search(r"[^\W\d_]", text))


def _retype(kind: EntityKind, toks: list) -> EntityKind:
    """The text's own word for what the name is beats the model's type: "Acme Party", "engine maker Europrop"."""
    last = toks[-1].lower_
    prev = toks[0].nbor(-1) if toks[0].i > 0 else None
    if kind is not EntityKind.ORGANIZATION and prev is not None and prev.lower_ in COMPANY_NOUNS \
            and prev.pos_ == "NOUN":
        return EntityKind.ORGANIZATION
    if last in ORG_WORDS and kind is not EntityKind.ORGANIZATION:
        return EntityKind.ORGANIZATION
    if last in PLACE_WORDS and kind is EntityKind.PERSON:
        return EntityKind.PLACE
    return kind


def _title(words: str, country: str | None) -> str:
    words = " ".join(w[:1].upper() + w[1:] for w in words.split())
    if not country:
        return words
    p = gz.country_place(country)
    name = p.label if p else country
    if name.startswith("United ") or name.endswith(("Republic", "Kingdom", "States", "Netherlands")):
        name = "the " + name
    return f"{words} of {name}"


MONTHS_DAYS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
               "saturday", "sunday", "christmas", "easter"}
NOT_A_SURNAME = ORG_WORDS | PLACE_WORDS | {"convention", "accord", "agreement", "summit", "declaration",
                                          "protocol", "conference", "airport", "times", "post"}


def _first_name_not_city(gaz: str, last: Token) -> bool:
    """'Vladimir Putin': a city name followed by a capitalised name is a first name."""
    if not gaz.startswith("geo:"):
        return False
    info = gz.place(gaz)
    if info is None or info.place_type != "City" or last.i + 1 >= len(last.doc):
        return False
    nxt = last.nbor(1)
    return nxt.is_alpha and nxt.is_title and nxt.pos_ == "PROPN" and nxt.lower_ not in NOT_A_SURNAME \
        and nxt.ent_type_ not in ("GPE", "LOC")


def _head_of(toks: list) -> Token:
    ids = {t.i for t in toks}
    for t in toks:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return toks[0]


def _extend_hyphens(toks: list) -> list:
    """'Kwok Ka-ki', 'El-Hassan': the tokenizer splits at hyphens; names do not."""
    doc = toks[0].doc
    last = toks[-1].i
    while last + 2 < len(doc) and doc[last].whitespace_ == "" and doc[last + 1].text in ("-", "‑") and \
            doc[last + 1].whitespace_ == "" and doc[last + 2].is_alpha:
        last += 2
    first = toks[0].i
    while first - 2 >= 0 and doc[first - 1].text in ("-", "‑") and doc[first - 2].whitespace_ == "" and \
            doc[first - 1].whitespace_ == "" and doc[first - 2].is_alpha and doc[first - 2].text[:1].isupper():
        first -= 2
    return list(doc[first:last + 1])
