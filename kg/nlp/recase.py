"""Case restored for the parser when a wire comes all in lower case.

Some agency copy reaches us lower-cased ("ecuador cannot service its debt ... central bank president carlos
julio emanuel said"): a cased model then finds no names and parses badly. :func:`recase` gives the parser a
copy of the text with the case a reader would expect, letter for letter the same length (so every offset
into the original text still holds): sentence starts, the names of the gazetteer and of the Phoenix
actors, and a known given name with the name words after it. The article text itself is never changed.

>>> recase("ecuador said on monday that finance minister domingo cordovez would visit new york.")
'Ecuador said on Monday that finance minister Domingo Cordovez would visit New York.'
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.ingest.text import ENGLISH

_WORD = re.compile(r"[^\W\d_][\w'’\-.]*[^\W_]|[^\W\d_]")
_SENTENCE_START = re.compile(r"(?:^|\n\s*|(?<!\.\.)[.!?][\"'”’)]*\s+)[\"“‘']?([^\W\d_])")
_ABBREVIATION = re.compile(r"(?:\b(?:[A-Za-z]\.)+|\b(?:mr|mrs|ms|dr|gov|gen|sen|rep|st|col|lt|sgt|jr|sr|co|corp|inc)\.)$", re.I)
_MAX_WORDS = 4
WEEKDAYS_MONTHS = ("monday tuesday wednesday thursday friday saturday sunday january february march april may "
                   "june july august september october november december").split()
# words that end a name begun by a given name ("marco lara told reuters"): function words and the verbs
# and titles that follow a name in news copy
_NOT_NAME = set(
    "the a an of to and in is are was were be been for on that with as by at from it its this these those he she "
    "they we i you his her their our has have had will would not but or if than who which what when said says "
    "told tells added asked says say reported announced after before about into over also can could may might per "
    "minister president secretary governor chairman director spokesman official officials".split())


def is_lower_cased(text: str) -> bool:
    """True when the copy writes names in lower case: country names (no English word is one) occur
    lower-cased at least twice and more often than capitalised ("ecuador cannot service its debt")."""
    countries = _countries()
    low = high = 0
    for m in _WORD.finditer(text):
        w = m.group()
        if w.lower() in countries and not w.isupper():  # an all-capitals headline says nothing
            low += w.islower()
            high += w[:1].isupper()
    return low > high


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    from kg.nlp import gazetteer

    out = set()
    for p in gazetteer.patterns():
        place = gazetteer.place(p.get("id", ""))
        if place is not None and place.place_type == "Country" and " " not in p["pattern"]:
            out.add(p["pattern"].lower())
    return frozenset(out - _NOT_NAME - {"us", "uk", "china", "turkey", "chad", "jordan", "georgia", "guinea"})


@lru_cache(maxsize=1)
def _names() -> dict[tuple[str, ...], str]:
    """Lower-cased word tuples -> the name as written, from the gazetteer and the Phoenix actors."""
    from kg.nlp import actors, gazetteer

    out: dict[tuple[str, ...], str] = {}

    def add(name: str) -> None:
        words = name.split()
        if 0 < len(words) <= _MAX_WORDS and any(c.isupper() for c in name) and name.lower() not in _NOT_NAME:
            out.setdefault(tuple(w.lower() for w in words), name)

    for p in gazetteer.patterns():
        if p["label"] != "NORP" or len(p["pattern"]) > 3:
            add(p["pattern"])
    for actor in actors.all_actors():
        for n in (actor.name, *actor.variants):
            if len(n.split()) >= 2:
                add(n)
    for w in WEEKDAYS_MONTHS:
        out.setdefault((w,), w.capitalize())
    return out


def recase(text: str) -> str:
    """The text with a reader's case restored; the same length as `text`."""
    from kg.nlp.actors import first_names

    chars = list(text)

    def cap(start: int, end: int, cased: str | None = None) -> None:
        if cased is not None and len(cased) == end - start:
            chars[start:end] = list(cased)
        elif cased is not None and len(cased) == 1:
            chars[start] = cased
        else:
            chars[start] = chars[start].upper()

    for m in _SENTENCE_START.finditer(text):
        if not _ABBREVIATION.search(text[max(0, m.start() - 12):m.start() + 1]):
            cap(m.start(1), m.end(1))  # not after "u.s." or "gov."
    words = list(_WORD.finditer(text))
    names = dict(_names())
    given = {n.lower() for n in first_names() if len(n) > 2} - _NOT_NAME - ENGLISH
    i = 0
    while i < len(words):
        for n in range(min(_MAX_WORDS, len(words) - i), 0, -1):
            key = tuple(re.sub(r"['’]s$", "", w.group().lower()) for w in words[i:i + n])  # "ecuador's"
            cased = names.get(key)
            if cased is not None and key[-1] != words[i + n - 1].group().lower():
                cased = None if n > 1 else cased[:1]  # the possessive: its first letter only
            if cased is not None and " ".join(w.group() for w in words[i:i + n]) == \
                    text[words[i].start():words[i + n - 1].end()]:
                cap(words[i].start(), words[i + n - 1].end(), cased)
                i += n
                break
        else:
            w = words[i].group().lower()
            if w in given and i + 1 < len(words) and words[i + 1].group().lower() not in _NOT_NAME \
                    and text[words[i].end():words[i + 1].start()] == " ":
                j = i + 1  # "carlos julio emanuel said": the given name and the name words after it
                while j < len(words) and j - i <= 2 and words[j].group().lower() not in _NOT_NAME and \
                        text[words[j - 1].end():words[j].start()] == " " and words[j].group().isalpha():
                    cap(words[j].start(), words[j].end())
                    surname = words[j].group().lower()
                    if len(surname) > 3:  # "... emanuel said" later: the surname alone
                        names.setdefault((surname,), surname.capitalize())
                    j += 1
                cap(words[i].start(), words[i].end())
                i = j
            else:
                i += 1
    return "".join(chars)
