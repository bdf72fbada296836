"""Pass 3 of entity finding: in-article coreference. Role descriptions ("the minister", "the Lithuanian
leader") to the holder the article names, handles to their people, groups of officials, soft aliases,
pronouns to their antecedents, "the company" to the organisation named before, "the government" to its
country, and unnamed sources as speaker groups."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.entities import kinds
from kg.extract.entities.cluster import Cluster
from kg.extract.entities.names import conjuncts, fold, noun_phrase
from kg.extract.lexicon import (
    GENERIC_ROLES,
    GOVERNMENT_NOUNS,
    SPEAKER_GROUPS,
    SPEAKER_NOUNS,
    SPEECH_VERBS,
)
from kg.model import EntityKind
from kg.nlp import gazetteer as gz

if TYPE_CHECKING:
    from spacy.tokens import Token

    from kg.extract.document import Paragraph
    from kg.extract.entities import Entities


def inside(ents: Entities, par: Paragraph, tok: Token) -> str | None:
    """An argument head that is not itself a name: look at its flat/compound/appos children."""
    for child in tok.children:  # "U.S. Secretary of State George Shultz": the person, not the country
        if child.dep_ in ("appos", "flat", "nmod:desc", "nmod", "flat:name") and child.i > tok.i:
            key = ents.entity_at(par, child)
            if key and ents.clusters[key].kind is EntityKind.PERSON:
                return key
    for child in tok.children:
        if child.dep_ in ("flat", "compound", "appos", "nmod:desc", "flat:name"):
            key = ents.entity_at(par, child)
            if key and child.dep_ == "compound" and ents.clusters[key].kind is EntityKind.PLACE and \
                    tok.lower_ not in GOVERNMENT_NOUNS and tok.lemma_.lower() not in GOVERNMENT_NOUNS:
                continue  # "a Brownsville mother", "an Oregon bank": from the place, not the place
            if key:
                return key
    for child in tok.children:  # "New South Wales government officials", "Japan's trade officials"
        if child.dep_ == "compound" or (child.dep_ == "nmod:poss" and tok.lower_ in GOVERNMENT_NOUNS):
            if child.dep_ == "compound" and child.lower_ not in GOVERNMENT_NOUNS:
                continue
            key = ents.entity_at(par, child) or next(
                (ents.entity_at(par, g) for g in child.children if g.dep_ in ("compound", "flat")
                 and ents.entity_at(par, g)), None)
            if key:
                return key
    return None


def antecedent(ents: Entities, par: Paragraph, tok: Token) -> str | None:
    """He/she/his: the subject of the governing clause (possessives), else the person who was
    the subject of the previous sentence, else the nearest person mentioned before."""
    pos = ents.doc.start(par, tok)
    if tok.lower_ in ("his", "her") and tok.dep_ == "nmod:poss":
        verb = tok.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubj:pass"):
                key = ents.entity_at(par, child) or inside(ents, par, child)
                if key and ents.clusters[key].kind is EntityKind.PERSON:
                    return key
    sent_start = ents.doc.start(par, tok.sent[0])
    want = "m" if tok.lower_ in ("he", "him", "his", "himself") else "f" if tok.lower_ in (
        "she", "her", "hers", "herself") else None
    before = [m for m in ents.person_mentions if m[0] < pos and ents.clusters[m[1]].gender in (None, want)]
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


def organisation_before(ents: Entities, par: Paragraph, tok: Token) -> str | None:
    """'The company', 'the software manufacturer': the organisation the article named last before it."""
    pos = ents.doc.start(par, tok)
    best, best_at = None, -1
    for c in ents.clusters.values():
        if c.kind is EntityKind.ORGANIZATION:
            at = max((m.start for m in c.mentions if m.start < pos), default=-1)
            if at > best_at:
                best, best_at = c.key, at
    return best


def bare_governments(ents: Entities) -> None:
    """'Spanish Secretary of State X said the government maintained its target': 'the government' with
    no country of its own is the government of the country named last before it (by name or demonym)."""
    named: list[tuple[int, str]] = []  # (offset, country key) in text order
    for par in ents.doc.paragraphs:
        for tok in par.doc:
            at = ents.doc.start(par, tok)
            key = ents.tokens.get((par.offset, tok.i))
            place = gz.place(key) if key else None
            iso = gz.demonym_country(tok.text) if key is None else None
            country = place if place is not None and place.place_type == "Country" else \
                gz.country_place(iso) if iso else None
            if country is not None:
                named.append((at, country.key))
            if tok.lower_ == "government" and key is None and named and \
                    [c.lower_ for c in tok.children if c.dep_ not in ("punct", "case")] == ["the"]:
                ents.add(par, tok, tok, EntityKind.PLACE, named[-1][1])


def resolve_role(ents: Entities, par: Paragraph, tok: Token, role: str, country: str | None) -> None:
    if _indefinite(tok) or any(  # "a presidential spokesman said ... the spokesman said": the same one
            t.lemma_.lower() == tok.lemma_.lower() and _indefinite(t)
            for p in ents.doc.paragraphs if p.offset <= par.offset
            for t in p.doc if p.offset < par.offset or t.i < tok.i):
        return  # someone new, not the holder of that role the article names
    people = [c for c in ents.clusters.values() if c.kind is EntityKind.PERSON]
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
        c.titles.append(kinds.title_for(role.title(), country))
    first = tok
    for t in tok.doc[max(tok.sent.start, tok.i - 3):tok.i]:
        if gz.demonym_country(t.text) or ents.tokens.get((par.offset, t.i), "").startswith("geo:"):
            first = t
            break
    span = ents.doc.span(par, first, tok)
    c.mentions.append(span)
    for i in range(first.i, tok.i + 1):
        ents.tokens[(par.offset, i)] = c.key


def _indefinite(tok: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("a", "an", "another", "one") for c in tok.children)


def resolve_handle(ents: Entities, par: Paragraph, tok: Token) -> None:
    handle = tok.text.lstrip("@").lower()
    office = gz.OFFICE_HANDLES.get(handle)
    for c in ents.clusters.values():
        if c.kind is EntityKind.PERSON:
            squashed = {re.sub(r"[^a-z]", "", fold(n)) for n in c.names}
            if handle in squashed or (office and c.country == office[1]
                                      and any(office[0].lower() in t.lower() for t in c.titles)):
                c.names.append(tok.text)
                c.handle = c.handle or (tok.text if not office else None)
                c.mentions.append(ents.doc.span(par, tok, tok))
                ents.tokens[(par.offset, tok.i)] = c.key
                return


def group(ents: Entities, par: Paragraph, tok: Token) -> None:
    """'Leaders of all three Baltic countries', 'Baltic leaders': a group with its member people."""
    region = None
    phrase = noun_phrase(tok)
    for t in phrase:
        key = ents.tokens.get((par.offset, t.i))
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
    people = [c.key for c in ents.clusters.values() if c.kind is EntityKind.PERSON and c.country in members]
    if not people:
        return
    toks = [t for t in phrase if not t.is_punct]
    while toks and toks[0].lower_ in ("the", "all", "a"):
        toks = toks[1:]
    first, last = toks[0], toks[-1]
    label = " ".join(t.text for t in tok.doc[first.i:last.i + 1]).replace(" 's", "'s")
    key = f"group:{fold(label)}"
    c = ents.clusters.get(key) or Cluster(EntityKind.GROUP, key)
    ents.clusters[key] = c
    c.names.append(label)
    c.mentions.append(ents.doc.span(par, first, last))
    c.members = sorted(set(c.members) | set(people))
    ents.tokens[(par.offset, tok.i)] = key


def speaker_group(ents: Entities, par: Paragraph, tok: Token) -> str | None:
    """Unnamed sources that speak: "political analysts said", "Western diplomats and economists say".
    A group node labelled with the noun phrase, so what they said keeps a speaker."""
    heads = [t for t in [tok, *conjuncts(tok)] if t.lemma_.lower() in SPEAKER_GROUPS or t.lower_ in SPEAKER_GROUPS
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
    if any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children) and key not in ents.clusters:
        same = [k for k, c in ents.clusters.items() if c.kind is EntityKind.GROUP and c.names
                and fold(c.names[0]).split()[-1:] == [fold(tok.text)]]
        key = same[-1] if same else key  # "a presidential spokesman said ... the spokesman said": one speaker
    c = ents.clusters.get(key) or Cluster(EntityKind.GROUP, key)
    ents.clusters[key] = c
    c.names.append(label)
    c.mentions.append(ents.doc.span(par, first, last))
    return key


def soft_aliases(ents: Entities) -> None:
    """'the Alliance' for NATO: organisation aliases that count only where the organisation is named."""
    present = {c.gaz: c for c in ents.clusters.values() if c.gaz and c.gaz.startswith("org:")}
    for gkey, c in present.items():
        org = gz.org(gkey)
        if not org or not org.soft_aliases:
            continue
        for par in ents.doc.paragraphs:
            for tok in par.doc:
                owner = ents.tokens.get((par.offset, tok.i))
                stray_owner = owner is not None and owner != gkey and \
                    set(ents.clusters[owner].names) <= set(org.soft_aliases)
                if tok.text in org.soft_aliases and (owner is None or stray_owner):
                    stray = [k for k, cl in ents.clusters.items()
                             if k != gkey and set(cl.names) <= set(org.soft_aliases)]
                    for k in stray:
                        del ents.clusters[k]
                        ents.tokens = {pos: v for pos, v in ents.tokens.items() if v != k}
                    c.names.append(tok.text)
                    c.mentions.append(ents.doc.span(par, tok, tok))
                    ents.tokens[(par.offset, tok.i)] = gkey


def index_people(ents: Entities) -> None:
    for par in ents.doc.paragraphs:
        for tok in par.doc:
            key = ents.tokens.get((par.offset, tok.i))
            if key and ents.clusters[key].kind is EntityKind.PERSON:
                if tok.i > 0 and ents.tokens.get((par.offset, tok.i - 1)) == key:
                    continue
                head = tok
                while ents.tokens.get((par.offset, head.head.i)) == key and head.head.i != head.i:
                    head = head.head
                subject = head.dep_ in ("nsubj", "nsubj:pass") or (
                    head.dep_ == "obl" and any(c.lower_ == "to" for c in head.children)
                    and head.head.lower_ == "according")
                speech = subject and head.head.lemma_.lower() in SPEECH_VERBS
                ents.person_mentions.append((ents.doc.start(par, tok), key, subject, speech))
    ents.person_mentions.sort()


def resolve_pending(ents: Entities, pending) -> None:
    """Role descriptions, handles and groups that pass 1 kept, now that every name is known."""
    for par, tok, role, iso in pending.roles:
        resolve_role(ents, par, tok, role, iso)
    for par, tok in pending.handles:
        resolve_handle(ents, par, tok)
    for par, tok in pending.groups:
        group(ents, par, tok)
