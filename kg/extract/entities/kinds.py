"""Pass 2 of entity finding: one kind per name (a name the article types two ways is reconciled), the
text's own word for what a name is ("engine maker X"), and titles and countries of people."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.entities.cluster import Cluster
from kg.extract.lexicon import COMPANY_NOUNS, HONORIFICS, ORG_WORDS, PLACE_WORDS, TITLE_WORDS
from kg.model import EntityKind
from kg.nlp import gazetteer as gz

if TYPE_CHECKING:
    from kg.extract.entities import Entities


def retype(kind: EntityKind, toks: list) -> EntityKind:
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


def title_for(words: str, country: str | None) -> str:
    words = " ".join(w[:1].upper() + w[1:] for w in words.split())
    if not country:
        return words
    p = gz.country_place(country)
    name = p.label if p else country
    if name.startswith("United ") or name.endswith(("Republic", "Kingdom", "States", "Netherlands")):
        name = "the " + name
    return f"{words} of {name}"


def reconcile(ents: Entities) -> None:
    """Names the model typed as places or organisations that are people: a surname of a person
    of the article, or the subject of a verb of saying or meeting."""
    from kg.extract.lexicon import HUMAN_VERBS, SPEECH_VERBS

    human_verbs = SPEECH_VERBS | HUMAN_VERBS
    for key, c in list(ents.clusters.items()):
        if c.gaz or c.kind not in (EntityKind.PLACE, EntityKind.ORGANIZATION):
            continue
        target = None
        for name in c.names:
            pkey = ents.person_key(name)
            if pkey in ents.clusters and pkey != key:
                target = ents.clusters[pkey]
        acts = any(h.dep_ in ("nsubj",) and h.head.lemma_ in human_verbs for h in c.heads)
        if target is None and c.kind is EntityKind.PLACE and acts and \
                all(w.lower() not in PLACE_WORDS for n in c.names for w in n.split()):
            del ents.clusters[key]
            target = ents.clusters.setdefault(ents.person_key(c.names[0]),
                                              Cluster(EntityKind.PERSON, ents.person_key(c.names[0])))
        if target is None:
            continue
        ents.clusters.pop(key, None)
        target.names += c.names
        target.mentions += c.mentions
        target.heads += c.heads
        ents.tokens = {pos: (target.key if v == key else v) for pos, v in ents.tokens.items()}


def titles_and_countries(ents: Entities) -> None:
    """Titles, nationality and country from the words before a person's name."""
    for par in ents.doc.paragraphs:
        doc = par.doc
        for tok in doc:
            key = ents.tokens.get((par.offset, tok.i))
            if not key or ents.clusters[key].kind is not EntityKind.PERSON:
                continue
            if tok.i > 0 and ents.tokens.get((par.offset, tok.i - 1)) == key:
                continue  # not the first token of the mention
            c = ents.clusters[key]
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
                    gkey = ents.tokens.get((par.offset, k)) if k >= 0 else None
                    p = gz.place(gkey) if gkey else None
                    if p and p.place_type == "Country":
                        country = p.country
            title_words = [w for w in title_words if w.lower() not in HONORIFICS]
            if country:
                c.country = c.country or country
            if title_words:
                c.titles.append(title_for(" ".join(title_words), country))
