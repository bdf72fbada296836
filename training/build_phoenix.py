"""Build kg/nlp/data/phoenix_actors.tsv.gz, storykg's political-actor gazetteer, from PETRARCH2's
Phoenix actor dictionaries (MIT, Open Event Data Alliance; format in dictionaries.rst beside them).

    python training/build_phoenix.py [--src ../shared/data/petrarch] [--out kg/nlp/data/phoenix_actors.tsv.gz]

Kept: people (with their country and dated CAMEO roles), international organisations and militant or
non-state groups, each with its name variants. Left out: the country, city and institution names of
Phoenix.Countries (storykg's GeoNames gazetteer covers places; "National Assembly" is every country's),
and name variants that carry a title ("PRESIDENT_REAGAN"): the extractor reads titles itself.

Output, one actor a line, tab-separated: kind (person|organization), key, name, variants ('|'),
ISO 3166 alpha-2 countries (','), roles (';' of 'CODE START END', ISO dates, empty when open).
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.ids import name_id  # noqa: E402

FILES = {"Phoenix.Countries.actors.txt": "countries", "Phoenix.International.actors.txt": "international",
         "Phoenix.MilNonState.actors.txt": "nonstate"}
# words that make a variant a title or description, not a name
TITLES = {
    "PRESIDENT", "PRESIDENT-ELECT", "FORMER", "PRIME", "MINISTER", "GOV.", "GOV", "GOVERNOR", "GOVENOR", "SECRETARY",
    "SECRETARY-GENERAL", "SECRETARY_GENERAL", "GENERAL", "GEN.", "GEN", "KING", "QUEEN", "PRINCE", "PRINCESS", "SHEIKH",
    "SHEIK", "EMIR", "AMIR", "SULTAN", "CHANCELLOR", "SENATOR", "SEN.", "REP.", "DR.", "MR.", "MRS.", "MS.", "THE",
    "ADMINISTRATION", "GOVERNMENT", "REGIME", "CHIEF", "CHAIRMAN", "LEADER", "MAYOR", "AMBASSADOR", "AYATOLLAH",
    "PREMIER", "VICE", "DEPUTY", "FOREIGN", "DEFENSE", "DEFENCE", "MINISTRY", "COL.", "COLONEL", "LT.", "CAPT.",
    "ADM.", "ADMIRAL", "MARSHAL", "FIELD", "JUSTICE", "JUDGE", "SPEAKER", "CONGRESSMAN", "CONGRESSWOMAN", "POPE",
    "REPRESENTATIVE", "CANDIDATE", "NOMINEE", "SECY", "SEC.", "GENERAL-SECRETARY", "CHAIRWOMAN", "LATE", "EX",
    "DICTATOR", "STRONGMAN", "MONARCH", "CROWN", "PM", "FM", "BISHOP", "ARCHBISHOP", "CARDINAL", "REV.", "SIR",
    "LORD", "SAINT", "ST.", "MAJ.", "SGT.", "PRES.", "COMMANDER", "COMMANDER-IN-CHIEF", "HEAD", "AND", "OF", "'S",
    "ADVISOR", "ADVISER", "SPOKESMAN", "SPOKESWOMAN", "ENVOY", "DELEGATE", "OFFICIAL", "MEMBER", "EMPEROR",
}
ORG_WORDS = {
    "ORGANIZATION", "ORGANISATION", "AGENCY", "COMMISSION", "COUNCIL", "COURT", "BANK", "FUND", "UNION", "PROGRAMME",
    "PROGRAM", "FOUNDATION", "INSTITUTE", "ASSOCIATION", "COMMITTEE", "FEDERATION", "PANEL", "OFFICE", "PARTY",
    "FRONT", "ARMY", "MOVEMENT", "BRIGADE", "BRIGADES", "FORCES", "FORCE", "LEAGUE", "ALLIANCE", "CONFERENCE",
    "SECRETARIAT", "TRIBUNAL", "NETWORK", "GROUP", "CENTRE", "CENTER", "CORPS", "AUTHORITY", "BUREAU", "MISSION",
    "WATCH", "INTERNATIONAL", "COMMUNITY", "ORGANIZATIONS", "ASSEMBLY", "PARLIAMENT", "SOCIETY", "CROSS",
    "CRESCENT", "FACTION", "CELLS", "COMMANDOS", "MILITIA", "JIHAD", "HAMAS", "HEZBOLLAH", "TALIBAN", "QAEDA",
    "NATIONS", "INC", "INC.", "CORP", "CORP.", "CORPORATION", "COMPANY", "LTD", "LTD.", "PLC", "HOLDINGS",
    "LABORATORIES", "AIRLINES", "MOTORS", "INDUSTRIES", "ENERGY", "PETROLEUM", "COALITION", "INITIATIVE",
    "BATTALION", "BATTALIONS", "REGIMENT", "LEGION", "SQUAD", "GUARD", "GUARDS", "MUJAHIDEEN", "AL-QAEDA",
    "AL-QAIDA", "JAMAAT", "JEMAAH", "ISLAMIYAH", "LASHKAR", "HARAKAT", "TEHRIK", "REVOLUTIONARY",
}
SUFFIXES = {"LTD": "Ltd", "LTD.": "Ltd.", "INC": "Inc", "INC.": "Inc.", "PLC": "plc", "CORP": "Corp", "CORP.": "Corp.",
            "CO.": "Co.", "1ST": "1st", "2ND": "2nd", "3RD": "3rd"}
# lower case inside names
PARTICLES = {"AL", "BIN", "IBN", "BINT", "DE", "DA", "DI", "DU", "DEL", "DELLA", "DES", "LA", "LE", "VAN", "VON",
             "DER", "DEN", "TEN", "Y", "DOS", "DAS", "EL", "UL", "UD"}
FUNCTION = {"OF", "THE", "AND", "FOR", "ON", "IN", "TO", "AT", "BY", "A", "AN", "WITH", "FROM"}
VOWELS = set("AEIOUY")


@dataclass
class Record:
    source: str
    forms: list[str]
    codes: list[tuple[str, str, str]] = field(default_factory=list)  # (code, start, end)
    comments: list[str] = field(default_factory=list)


def _date(text: str) -> str | None:
    """YYYYMMDD or YYMMDD (TABARI: two-digit years up to 30 are 20xx) -> ISO date."""
    if not text.isdigit() or len(text) not in (6, 8):
        return None
    if len(text) == 6:
        yy = int(text[:2])
        text = ("20" if yy <= 30 else "19") + text
    y, m, d = text[:4], text[4:6], text[6:]
    if not ("01" <= m <= "12" and "01" <= d <= "31"):
        return None
    return f"{y}-{m}-{d}"


def _restriction(body: str) -> tuple[str, str, str] | None:
    parts = body.split()
    if not parts or not re.fullmatch(r"[A-Z~]{3,}", parts[0]) or parts[0] == "---":
        return None
    code = parts[0].strip("~")
    if len(parts) == 1:
        return code, "", ""
    r = parts[1]
    if r.startswith("<"):
        end = _date(r[1:])
        return (code, "", end) if end else None
    if r.startswith(">"):
        start = _date(r[1:])
        return (code, start, "") if start else None
    if "-" in r:
        a, b = (_date(x) for x in r.split("-", 1))
        return (code, a, b) if a and b else None
    return None


def parse(path: Path, source: str) -> list[Record]:
    records: list[Record] = []
    for raw in path.read_text(encoding="latin-1").splitlines():
        line, _, comment = raw.partition("#")
        if not line.strip():
            continue
        stripped = line.strip()
        codes = [c for c in (_restriction(b) for b in re.findall(r"\[([^\]]*)\]", stripped)) if c]
        if raw[:1] in (" ", "\t") or stripped.startswith("["):
            if records:
                records[-1].codes += codes
            continue
        phrase = re.sub(r"\[[^\]]*\]", "", stripped).strip()
        if phrase.startswith("+"):
            if records:
                records[-1].forms.append(phrase[1:].strip())
                records[-1].comments.append(comment)
            continue
        records.append(Record(source, [phrase], codes, [comment]))
    return records


def _words(form: str) -> list[str]:
    return [w for w in re.split(r"[_\s]+", form.strip("_ ").upper()) if w]


def display(words: list[str], person: bool) -> str:
    out = []
    for i, w in enumerate(words):
        if w.startswith("(") and w.endswith(")"):
            continue
        if w in SUFFIXES:
            out.append(SUFFIXES[w])
        elif i and w in (PARTICLES if person else FUNCTION):
            out.append(w.lower())
        elif not person and w.replace(".", "").isalpha() and ("." in w or (len(w) <= 5 and not VOWELS & set(w))):
            out.append(w)  # U.N., ICJ
        else:
            out.append("-".join(_cap(p, i > 0 and person and j == 0 and p in PARTICLES)
                                for j, p in enumerate(w.split("-"))))
    return " ".join(out)


def _cap(part: str, particle: bool) -> str:
    if particle:
        return part.lower()
    if part.startswith("MC") and len(part) > 3:
        return "Mc" + part[2:].capitalize()
    if "'" in part:
        return "'".join(p.capitalize() if len(p) > 1 else p.lower() for p in part.split("'"))
    return part.capitalize()


def _countries(codes: list[tuple[str, str, str]]) -> list[str]:
    """ISO alpha-2 codes of the countries in an actor's roles, most frequent first ('SU' for SUN)."""
    import pycountry

    out = []
    for iso3, _ in Counter(c[0][:3] for c in codes).most_common():
        country = pycountry.countries.get(alpha_3=iso3) or pycountry.historic_countries.get(alpha_3=iso3)
        if country is not None and country.alpha_2 not in out:
            out.append(str(country.alpha_2))
    return out


def _is_org(words: list[str]) -> bool:
    """A named organisation: an organisation word, or an acronym; no amounts or slashes."""
    if any(not re.fullmatch(r"[A-Z0-9.'&()-]+", w) for w in words):
        return False
    return bool(set(words) & ORG_WORDS) or (len(words) == 1 and len(words[0]) >= 3 and words[0].isalpha()
                                            and not VOWELS & set(words[0]))


def _keep_variant(ws: list[str], primary: list[str]) -> bool:
    """A variant of an organisation's name, not a person or a place listed under it."""
    significant = {w for w in primary if len(w) >= 4 and w not in FUNCTION and w not in ORG_WORDS}
    return _is_org(ws) or bool(significant & set(ws))


def _is_person(rec: Record, words: list[str]) -> bool:
    tagged = any(("CountryInfo" in c or "IGOrulers" in c) for c in rec.comments)
    dated = any(start or end for _, start, end in rec.codes)
    return 2 <= len(words) <= 6 and not (set(words) & ORG_WORDS) and (tagged or dated)


def build(src: Path) -> list[tuple[str, ...]]:
    rows: dict[str, tuple[str, ...]] = {}
    for fname, source in FILES.items():
        for rec in parse(src / fname, source):
            words = _words(rec.forms[0])
            if len(words) > 1 and words[0] == "THE":
                words = words[1:]
            if not words:
                continue
            person = _is_person(rec, words)
            if not person and (source == "countries" or not _is_org(words)):
                continue  # countries, cities and national institutions; unnamed or undated people
            variants = []
            for form in rec.forms:
                ws = _words(form)
                if person and (len(ws) < 2 or set(ws) & TITLES):
                    continue
                if len(ws) > 1 and ws[0] == "THE":
                    ws = ws[1:]
                if not ws or "+" in "".join(ws) or (not person and not _keep_variant(ws, words)):
                    continue
                variants.append(display(ws, person))
                acronyms = [w.strip("()") for w in ws if w.startswith("(") and w.endswith(")")]
                variants += [a for a in acronyms if len(a) >= 3]
            variants = [v for v in dict.fromkeys(variants) if v]
            if not variants:
                continue
            name = display(words, person) if not (set(words) & TITLES and person) else variants[0]
            kind = "person" if person else "organization"
            key = f"{kind}:{name_id(name)}"
            country = ",".join(_countries(rec.codes))
            roles = ";".join(dict.fromkeys(" ".join(c) for c in rec.codes))
            if key in rows:  # the same name twice: merge variants and roles
                old = rows[key]
                variants = list(dict.fromkeys([*old[3].split("|"), *variants]))
                roles = ";".join(dict.fromkeys(x for x in (*old[5].split(";"), *roles.split(";")) if x))
                country = ",".join(dict.fromkeys(x for x in (*old[4].split(","), *country.split(",")) if x))
            rows[key] = (kind, key, name, "|".join(v for v in variants if v != name), country, roles)
    return sorted(rows.values(), key=lambda r: r[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--src", type=Path, default=ROOT.parent / "shared" / "data" / "petrarch")
    ap.add_argument("--out", type=Path, default=ROOT / "kg" / "nlp" / "data" / "phoenix_actors.tsv.gz")
    args = ap.parse_args()
    rows = build(args.src)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".tmp")
    with open(tmp, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as fh:
        fh.write("".join("\t".join(r) + "\n" for r in rows).encode("utf-8"))  # no name, no time: same bytes
    tmp.replace(args.out)
    kinds = Counter(r[0] for r in rows)
    print(f"{args.out}: {len(rows)} actors ({dict(kinds)}), {args.out.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
