"""Token-level tests shared by the entity passes: what a name looks like, where a noun phrase ends."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from kg.extract.lexicon import (
    HONORIFICS,
    MONTHS,
    ORG_WORDS,
    PLACE_WORDS,
    ROLE_NOUNS,
    TIME_NOUNS,
    WEEKDAYS,
)
from kg.model import EntityKind
from kg.nlp import gazetteer as gz

if TYPE_CHECKING:
    from spacy.tokens import Token


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


NAME_PARTICLES = {"de", "la", "del", "della", "van", "von", "der", "den", "da", "di", "du", "le", "bin", "ibn", "al",
                  "el", "dos", "das", "ter"}  # "Guillermo de la Dehesa", "De la Dehesa"
NAME_JOINERS = {"of", "for", "on", "and", "&", "de", "del", "du"}


# "the Island of Qeshm", "the Province of Aceh": the place is the one named after "of" (a gulf, a bay or a
# strait of X is a place of its own: "Gulf of Aden")
OF_PLACE_HEADS = {"island", "islands", "province", "state", "region", "city", "county", "district", "village", "town"}


def name_word(tok: Token, inner: bool) -> bool:
    """A word of a capitalised institution name (joiners only inside it)."""
    if inner and tok.lower_ in NAME_JOINERS:  # "for" and "on" only after the head: "Council on Foreign Relations"
        return tok.lower_ not in ("for", "on") or tok.nbor(-1).lower_ in ORG_WORDS
    low = tok.lower_
    if low in ROLE_NOUNS or low in HONORIFICS or low in MONTHS_DAYS or not tok.text[:1].isupper():
        return False
    if inner and tok.is_sent_start:
        return False
    return tok.pos_ in ("PROPN", "ADJ", "NOUN") or bool(tok.ent_type_) or tok.text.isupper()


def inner_hyphen(doc, j: int, start: int) -> bool:
    """'Council on American-Islamic Relations': a hyphen between two capitalised words."""
    return start < j < len(doc) - 1 and doc[j].text in ("-", "‑") and not doc[j - 1].whitespace_ and \
        not doc[j].whitespace_ and doc[j + 1].text[:1].isupper()


def place_after_of(toks: list, kind: EntityKind) -> tuple[list, EntityKind]:
    """'Iranian Island (of Qeshm)', 'Province of Aceh': the place is the name after 'of'."""
    doc = toks[0].doc
    cut = [k for k, t in enumerate(toks[:-1]) if t.lower_ in OF_PLACE_HEADS and toks[k + 1].lower_ == "of"]
    if cut:
        return toks[cut[-1] + 2:], EntityKind.PLACE
    end = toks[-1].i
    if toks[-1].lower_ in OF_PLACE_HEADS and end + 2 < len(doc) and doc[end + 1].lower_ == "of" and propn(doc[end + 2]):
        j = end + 2
        while j + 1 < len(doc) and propn(doc[j + 1]) and doc[j + 1].text[:1].isupper():
            j += 1
        return list(doc[end + 2:j + 1]), EntityKind.PLACE
    return toks, kind


def name_cased(tok: Token) -> bool:
    """'Cheeks', 'DiLeo', 'McCain', "O'Neill": a capital, then lower case letters among others."""
    text = tok.text.replace("'", "").replace("’", "")
    return text.isalpha() and text[:1].isupper() and any(c.islower() for c in text[1:])


def propn(tok: Token) -> bool:
    """A proper noun by either tagger (the UPOS and the PTB tag come from separate components and can disagree)."""
    return tok.pos_ == "PROPN" or tok.tag_ in ("NNP", "NNPS")


CLAUSE_DEPS = ("acl", "advcl", "ccomp", "xcomp", "parataxis", "conj", "cc", "appos", "punct", "dep", "list")


def noun_phrase(tok: Token) -> list[Token]:
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


def conjuncts(tok: Token) -> list[Token]:
    out, todo = [], [tok]
    while todo:
        t = todo.pop()
        for c in t.children:
            if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "PRON", "SYM", "X"):
                out.append(c)
                todo.append(c)
    return out


def is_name(text: str, toks: list) -> bool:
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


MONTHS_DAYS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
               "saturday", "sunday", "christmas", "easter"}


NOT_A_SURNAME = ORG_WORDS | PLACE_WORDS | {"convention", "accord", "agreement", "summit", "declaration",
                                          "protocol", "conference", "airport", "times", "post"}


def first_name_not_city(gaz: str, last: Token) -> bool:
    """'Vladimir Putin': a city name followed by a capitalised name is a first name."""
    if not gaz.startswith("geo:"):
        return False
    info = gz.place(gaz)
    if info is None or info.place_type != "City" or last.i + 1 >= len(last.doc):
        return False
    nxt = last.nbor(1)
    return nxt.is_alpha and nxt.is_title and nxt.pos_ == "PROPN" and nxt.lower_ not in NOT_A_SURNAME \
        and nxt.ent_type_ not in ("GPE", "LOC")


def head_of(toks: list) -> Token:
    ids = {t.i for t in toks}
    for t in toks:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return toks[0]


def extend_hyphens(toks: list) -> list:
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


PRONOUNS = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}


PLURAL_PRONOUNS = {"they", "them", "their"}
