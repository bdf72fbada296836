"""Entities of an article: mentions from the model and the gazetteer ruler, their kinds, titles and
roles, and in-article coreference (surnames, titles, role descriptions, handles, pronouns of speakers).

Three passes with one job each, over one shared state (:class:`Entities`): :mod:`.mentions` finds the
names in the text, :mod:`.kinds` settles what each name is, :mod:`.coref` resolves what refers to them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.document import Document, Paragraph
from kg.extract.entities import coref, kinds, mentions
from kg.extract.entities.cluster import Cluster
from kg.extract.entities.names import NAME_PARTICLES, PRONOUNS, conjuncts, fold, head_of
from kg.extract.lexicon import COMPANY_NOUNS, FEMALE_TITLES, HONORIFICS, MALE_TITLES
from kg.model import Entity, EntityKind
from kg.nlp import gazetteer as gz

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["Entities", "fold"]



class Entities:
    """Finds entities in a parsed article and resolves tokens to entity keys."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.clusters: dict[str, Cluster] = {}
        self.tokens: dict[tuple[int, int], str] = {}  # (paragraph offset, token index) -> key
        # (char offset, key, is subject, is the subject of a speech verb)
        self.person_mentions: list[tuple[int, str, bool, bool]] = []
        pending = mentions.find(self)  # pass 1: names in the text
        kinds.reconcile(self)  # pass 2: one kind per name, titles and countries
        kinds.titles_and_countries(self)
        coref.bare_governments(self)  # pass 3: what refers to the names
        coref.resolve_pending(self, pending)
        coref.soft_aliases(self)
        coref.index_people(self)

    def entity_at(self, par: Paragraph, tok: Token) -> str | None:
        """The entity a token belongs to (names, descriptions, handles, flags)."""
        return self.tokens.get((par.offset, tok.i))

    def resolve(self, par: Paragraph, tok: Token) -> list[str]:
        """Entity keys an argument head stands for: the entity, its conjuncts, or a pronoun's antecedent."""
        keys: list[str] = []
        for t in [tok, *conjuncts(tok)]:
            key = self.entity_at(par, t) or coref.inside(self, par, t)
            if key is None and t.lower_ in PRONOUNS:
                key = coref.antecedent(self, par, t)
            if key is None and t.lemma_.lower() in COMPANY_NOUNS and t.tag_ == "NN" and \
                    any(c.dep_ == "det" and c.lower_ == "the" for c in t.children):
                key = coref.organisation_before(self, par, t)  # "Microsoft ... The software manufacturer said"
            if key and key not in keys:
                keys.append(key)
        return keys

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

    def add(self, par: Paragraph, first: Token, last: Token, kind: EntityKind, gaz: str | None,
             key: str | None = None) -> str:
        span = self.doc.span(par, first, last)
        text = first.doc.text[first.idx:last.idx + len(last.text)]  # as parsed: recased copy reads "Marco Lara"
        if key is None:
            if gaz:
                key = gaz
            elif kind is EntityKind.PERSON:
                key = self.person_key(text)
            else:
                key = f"{kind.value}:{fold(re.sub(r'^(the|The) ', '', text))}"
        if gaz and gaz.startswith("norp:"):
            return key
        c = self.clusters.get(key)
        if c is None:
            c = self.clusters[key] = Cluster(kind, key, gaz=gaz)
        c.names.append(text)
        c.mentions.append(span)
        c.heads.append(head_of(list(first.doc[first.i:last.i + 1])))
        before = first.doc[first.i - 1].lower_ if first.i > 0 else ""
        if kind is EntityKind.PERSON and c.gender is None:
            c.gender = "m" if before in MALE_TITLES else "f" if before in FEMALE_TITLES else None
        for t in range(first.i, last.i + 1):
            self.tokens[(par.offset, t)] = key
        return key

    def person_key(self, name: str) -> str:
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
                        (len(folded) > 1 and len(other) > 1 and folded[-1] == other[-1] and folded[0][0] == other[0][0]) \
                        or (folded[0] in NAME_PARTICLES and len(other) > len(folded) and other[-len(folded):] == folded):
                    return key  # ... or "De la Dehesa" of "Guillermo de la Dehesa"
        return f"person:{' '.join(folded)}"

    def speaker_group(self, par: Paragraph, tok: Token) -> str | None:
        return coref.speaker_group(self, par, tok)

    def antecedent(self, par: Paragraph, tok: Token) -> str | None:
        return coref.antecedent(self, par, tok)
