"""Pass 1 of entity finding: name mentions in the text, from the model's entities, the gazetteer ruler and
rules for what the model cuts or misses (titled names, institution names, governments named by their
country, proper nouns it left untyped)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.entities import kinds
from kg.extract.entities.names import (
    MONTHS_DAYS,
    NAME_JOINERS,
    NAME_PARTICLES,
    OF_PLACE_HEADS,
    extend_hyphens,
    first_name_not_city,
    fold,
    head_of,
    inner_hyphen,
    is_name,
    name_cased,
    name_word,
    place_after_of,
    propn,
)
from kg.extract.lexicon import (
    COMPANY_NOUNS,
    ORG_WORDS,
    PLACE_WORDS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    STATE_NOUNS,
    TITLE_WORDS,
)
from kg.model import EntityKind
from kg.nlp import gazetteer as gz
from kg.nlp.actors import first_names

if TYPE_CHECKING:
    from spacy.tokens import Token

    from kg.extract.document import Paragraph
    from kg.extract.entities import Entities


@dataclass
class Pending:
    """Mentions that name no one by themselves, resolved once every name is known."""

    roles: list[tuple[Paragraph, Token, str, str | None]]  # "the minister", with the country it names
    handles: list[tuple[Paragraph, Token]]  # "@handle"
    groups: list[tuple[Paragraph, Token]]  # "officials", "ministers"


LABELS = {"PER": EntityKind.PERSON, "PERSON": EntityKind.PERSON, "ORG": EntityKind.ORGANIZATION,
          "GPE": EntityKind.PLACE, "LOC": EntityKind.PLACE, "FAC": EntityKind.PLACE}


def find(ents: Entities) -> Pending:
    """Pass 1: the names in the text (model, gazetteer ruler, rules for what the model cuts or misses);
    role descriptions, handles and groups are kept for coreference."""
    pending_roles: list[tuple[Paragraph, Token, str, str | None]] = []
    pending_groups: list[tuple[Paragraph, Token]] = []
    pending_handles: list[tuple[Paragraph, Token]] = []
    taken_by_par: dict[int, set[int]] = {}
    for par in ents.doc.paragraphs:
        doc = par.doc
        taken: set[int] = set()
        _institution_names(ents, par, taken)
        _governments(ents, par, taken)
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
            toks = extend_hyphens(toks)
            toks, kind = place_after_of(toks, kind)
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
                last = toks[-1].i  # "De | la Dehesa": the model stopped at a particle
                j = last + 1
                while j < len(doc) and doc[j].lower_ in NAME_PARTICLES and doc[j].text.islower():
                    j += 1
                if j > last + 1 and j < len(doc) and name_cased(doc[j]) and j not in taken:
                    toks = list(doc[toks[0].i:j + 1])
                elif len(toks) == 1 and toks[0].text in first_names() and last + 1 < len(doc) and \
                        name_cased(doc[last + 1]) and propn(doc[last + 1]) and last + 1 not in taken and \
                        not doc[last + 1].ent_type_ and doc[last + 1].lower_ not in TITLE_WORDS:
                    toks = list(doc[last:last + 2])  # "Dana | Tamir said": the model stopped after the given name
            # a person's title inside the entity span: keep the name only ("President Joe Biden")
            if kind is EntityKind.PERSON and toks[-1].lower_ not in ORG_WORDS:
                while len(toks) > 1 and toks[0].lower_ in TITLE_WORDS:
                    toks = toks[1:]
            text = doc[toks[0].i:toks[-1].i + 1].text
            if not is_name(text, toks) and not ent.ent_id_:
                continue
            if text.startswith("@") and not ent.ent_id_:
                pending_handles.append((par, toks[0]))
                continue
            if kind is EntityKind.PERSON and len(toks) == 1 and toks[0].pos_ != "PROPN" and not toks[0].is_title:
                continue
            if not ent.ent_id_:
                kind = kinds.retype(kind, toks)
                if kind is EntityKind.PERSON and \
                        f"{EntityKind.ORGANIZATION.value}:{fold(text)}" in ents.clusters:
                    kind = EntityKind.ORGANIZATION  # named as an organisation earlier in the article
            elif first_name_not_city(ent.ent_id_, toks[-1]):
                continue
            ents.add(par, toks[0], toks[-1], kind, ent.ent_id_ or None)
            taken.update(t.i for t in toks)
        for tok in doc:
            if tok.i in taken:
                continue
            flag = gz.flag_country(tok.text)
            if flag:
                country = gz.country_place(flag)
                if country:
                    ents.add(par, tok, tok, EntityKind.PLACE, country.key)
            elif tok.text.startswith("@") and len(tok.text) > 2:
                pending_handles.append((par, tok))
            elif tok.lemma_.lower() in ROLE_NOUNS or tok.lower_ in ROLE_NOUNS or tok.lower_.rstrip("s") in ROLE_NOUNS:
                if _is_title_of_name(ents, par, tok):
                    continue
                if tok.tag_ in ("NNS", "NNPS") or (tok.lower_.endswith("s") and tok.lower_.rstrip("s") in ROLE_NOUNS):
                    pending_groups.append((par, tok))
                else:
                    role = tok.lower_ if tok.lower_ in ROLE_NOUNS else tok.lemma_.lower()
                    pending_roles.append((par, tok, role, _country_modifier(ents, par, tok)))
        taken_by_par[par.offset] = taken
    for _ in range(2):  # the second pass finds names typed by a later paragraph
        for par in ents.doc.paragraphs:
            propn_fallback(ents, par, taken_by_par[par.offset])
    return Pending(pending_roles, pending_handles, pending_groups)


def _titled_names(ents: Entities, par: Paragraph, taken: set[int]) -> None:
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
                ents.add(par, toks[0], toks[-1], EntityKind.PERSON, None)
                taken.update(t.i for t in toks)


def _institution_names(ents: Entities, par: Paragraph, taken: set[int]) -> None:
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
        while j < len(doc) and (name_word(doc[j], inner=j > i) or inner_hyphen(doc, j, i)):
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
                ents.add(par, toks[0], toks[-1], kind, None)
                taken.update(t.i for t in toks)
        i = max(j, i + 1)


def propn_fallback(ents: Entities, par: Paragraph, taken: set[int]) -> None:
    """Proper-noun phrases the model missed: typed by a title before them or an organisation word."""
    _titled_names(ents, par, taken)
    doc = par.doc
    i = 0
    while i < len(doc):
        tok = doc[i]
        if tok.i in taken or not tok.text[:1].isupper() or tok.lower_ in TITLE_WORDS or not propn(tok) and not (
                name_cased(tok) and tok.i > tok.sent.start and ents.person_key(tok.text) in ents.clusters):
            i += 1  # a surname named in full before is a name however tagged ("Stefanski fired Cheeks")
            continue
        j = i
        while j + 1 < len(doc) and doc[j + 1].i not in taken and doc[j + 1].text[:1].isupper() and \
                doc[j + 1].lower_ not in TITLE_WORDS and (propn(doc[j + 1]) or j == i and tok.text in first_names()
                                                         and name_cased(doc[j + 1]) and doc[j + 1].pos_ == "NOUN"):
            j += 1  # a given name's capitalised neighbour is its surname, however tagged ("Maurice Cheeks")
        k = j + 1  # "De la Dehesa": lower-case particles inside a name
        while k < len(doc) and doc[k].lower_ in NAME_PARTICLES and doc[k].text.islower():
            k += 1
        if k > j + 1 and k < len(doc) and name_cased(doc[k]) and doc[k].i not in taken:
            j = k
        toks = extend_hyphens(list(doc[i:j + 1]))
        if any(t.i in taken for t in toks):
            i = j + 1
            continue
        j = toks[-1].i
        after = place_after_of(toks, EntityKind.PLACE)[0]
        if after != toks:  # "Iranian Island of Qeshm" names Qeshm
            if after and not any(t.i in taken for t in after) and is_name(doc[after[0].i:after[-1].i + 1].text, after):
                ents.add(par, after[0], after[-1], EntityKind.PLACE, None)
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
        elif f"{EntityKind.ORGANIZATION.value}:{fold(doc[i:j + 1].text)}" in ents.clusters:
            kind = EntityKind.ORGANIZATION  # named as an organisation elsewhere in the article
        elif len(toks) <= 3 and ents.person_key(doc[i:j + 1].text) in ents.clusters:
            kind = EntityKind.PERSON
        elif 2 <= len(toks) <= 3 and all(name_cased(t) for t in toks) and (
                toks[0].text in first_names() or
                head_of(toks).dep_ not in ("compound",) and i > toks[0].sent.start):
            kind = EntityKind.PERSON  # "Firstname Lastname": a known given name, or any such pair mid-sentence
        elif len(toks) == 1 and toks[0].dep_ == "nsubj" and toks[0].head.lemma_ in SPEECH_VERBS \
                and toks[0].is_alpha:
            kind = EntityKind.PERSON  # "Smith said"
        gaz = None
        head = head_of(toks)
        cases = {c.lower_ for c in head.children if c.dep_ == "case"}
        if kind is None and gz.city(doc[i:j + 1].text) is not None and \
                (cases & {"in", "at", "to", "from", "near", "outside"} or head.dep_ in ("compound",)):
            kind, gaz = EntityKind.PLACE, gz.city(doc[i:j + 1].text).key  # type: ignore[union-attr]
        elif kind is None and cases & {"in", "at", "near"} and toks[-1].lower_ not in MONTHS_DAYS:
            kind = EntityKind.PLACE
        if kind is not None and is_name(doc[i:j + 1].text, toks):
            if gaz:
                ents.add(par, toks[0], toks[-1], kind, gaz)
                taken.update(t.i for t in toks)
                i = j + 1
                continue
            ents.add(par, toks[0], toks[-1], kind, None)
            taken.update(t.i for t in toks)
        i = j + 1


def _governments(ents: Entities, par: Paragraph, taken: set[int]) -> None:
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
        ents.add(par, adj, tok, EntityKind.PLACE, country.key)
        taken.update(range(adj.i, tok.i + 1))


def _is_title_of_name(ents: Entities, par: Paragraph, tok: Token) -> bool:
    """'President' in 'US President Joe Biden' or 'President Putin' is a title, not a description."""
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return bool(nxt is not None and (par.offset, nxt.i) in ents.tokens and tok.text[:1].isupper()) or \
        (tok.dep_ in ("nmod:desc", "compound", "appos", "flat") and (par.offset, tok.head.i) in ents.tokens
         and tok.head.i > tok.i)


def _country_modifier(ents: Entities, par: Paragraph, tok: Token) -> str | None:
    """'Lithuanian' / 'US' / "Lithuania's" before a role noun -> ISO code."""
    for t in tok.doc[max(tok.sent.start, tok.i - 4):tok.i]:
        iso = gz.demonym_country(t.text)
        if iso:
            return iso
        key = ents.tokens.get((par.offset, t.i))
        if key and key.startswith("geo:"):
            p = gz.place(key)
            if p and p.place_type == "Country":
                return p.country
    return None
