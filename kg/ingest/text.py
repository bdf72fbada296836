"""Plain-text articles: a clean text, or a scraped web page with its furniture.

A scraped page is read line by line. The body is the longest run of prose paragraphs; what
stands before it gives the headline, time stamp, section and byline; what stands after it gives
captions, photo credits, tags, a footer and the list of related headlines. Furniture is kept
on the Article (``furniture``, ``photo_credits``, ``keywords``, ``related``), never in its text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kg.ingest.dates import RELATIVE, parse_date, parse_dateline, relative_date
from kg.ingest.social import find_posts
from kg.model import Article, Granularity, RelatedHeadline

ENGLISH = set(
    "the a an of to and in is are was were be been for on that with as by at from it its this these those "
    "he she they we i you his her their our has have had will would not but or if than who which what when "
    "said says after before about into over more most also can could may".split())
_BYLINE = re.compile(r"^(?P<agency>[A-Z][A-Za-z&.\-]*(?: [A-Z][A-Za-z&.\-]*){0,3})\s*(?P<date>\d{4}[.\-]\d{2}[.\-]\d{2}(?: \d{1,2}:\d{2})?)$")
# no two ways to match the same text (' and X' is already in the name class): linear on any line
_BY = re.compile(r"^(?:By|BY)\s+(?P<names>[A-Z][\w.'\- ]+(?:, [A-Z][\w.'\- ]+)*)$")
_COUNTER = re.compile(r"^\d+\s*/\s*\d+\s*(?P<credit>.*)$")
_TAGS = re.compile(r"^(?:#[^#]+)+$")
_DATE_PREFIX = re.compile(r"^\s*(?:date|published|posted|updated)\s*(?::\s*)?(?P<date>\d{4}-\d{2}-\d{2}(?:[T ][\d:+\-Z]+)?)\s*", re.I)
_ONLY_NUMBER = re.compile(r"^\d{1,4}$")


@dataclass
class _Line:
    index: int
    text: str
    kind: str = ""  # prose, blank, date, byline, counter, credit, tags, foreign, repeated, short


def _credit(line: str) -> str | None:
    """'Caption / Credit' -> 'Credit' (the credit after the last ' / ', 2-80 characters), else None.

    >>> _credit("Gitanas Nausėda and Joe Biden / Lithuanian President's Office")
    "Lithuanian President's Office"
    """
    slash = line.rfind("/")
    before, after = line[:slash], line[slash + 1:]
    if slash < 2 or not before[-1].isspace() or not after[:1].isspace():
        return None
    space = min(len(after) - len(after.lstrip()), len(after) - 2)  # at least one space, 2+ characters
    return after[space:] if space >= 1 and len(after) - space <= 80 else None


def english_ratio(text: str) -> float:
    words = re.findall(r"[A-Za-z']+", text.lower())
    return sum(w in ENGLISH for w in words) / len(words) if words else 0.0


# frequent function words of other languages (words that are also English, like "in" or "die", left out)
OTHER_LANGUAGES = set(
    "der das und ist nicht mit von zu den ein eine auf für sich des dem im auch wird "  # de
    "le la les et est des une un du dans pour que qui pas sur au avec ce sont "  # fr
    "el los las y del en que por con una para se lo como más pero "  # es
    "il di che è non della gli sono anche "  # it
    "os do da em um uma não com para são "  # pt
    "het een en van dat op te niet met voor zijn er maar "  # nl
    "ir su bei kad tai jie iš apie yra buvo nuo dėl "  # lt
    "w z się nie że jest jak "  # pl
    "och att är som för på med "  # sv
    .split())


LANGUAGE_SAMPLE = 100_000


def is_english(text: str) -> bool:
    """Function-word test. Text is taken as not English only on positive evidence: mostly non-Latin
    letters, or more function words of other languages than of English (so English tables of
    figures, which have few function words at all, still count as English). Judged on the first
    ``LANGUAGE_SAMPLE`` characters: plenty for the decision, and the cost stays flat."""
    text = text[:LANGUAGE_SAMPLE]
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 40:
        return True
    if sum(1 for c in letters if ord(c) > 0x24F) > 0.5 * len(letters):
        return False
    words = re.findall(r"[^\W\d_]+", text.lower())
    english = sum(w in ENGLISH for w in words) / len(words)
    other = sum(w in OTHER_LANGUAGES for w in words) / len(words)
    return not (other >= 0.06 and other > english)


def _fill(lines: list[str], counts: Counter) -> list[_Line]:
    res = []
    for i, raw in enumerate(lines):
        s = raw.strip()
        line = _Line(i, s)
        words = s.split()
        if not s:
            line.kind = "blank"
        elif _BYLINE.match(s):
            line.kind = "byline"
        elif (len(re.sub(r"[\d.:\-/ T]", "", s)) <= 4 and parse_date(s)) or RELATIVE.match(s) or parse_dateline(s):
            line.kind = "date"
        elif counts[s] > 1 and len(words) < 30:
            line.kind = "repeated"
        elif _COUNTER.match(s):
            line.kind = "counter"
        elif _TAGS.match(s):
            line.kind = "tags"
        elif len(words) >= 6 and english_ratio(s) < 0.08:
            line.kind = "foreign"
        elif len(words) < 20 and not s.endswith((".", "”", '"')) and _credit(s):
            line.kind = "credit"
        elif (len(words) >= 6 and s[-1] in '.!?"”’)…') or len(words) >= 20:
            line.kind = "prose"
        else:
            line.kind = "short"
        res.append(line)
    return res


def _body_run(lines: list[_Line]) -> tuple[int, int]:
    """[first, last] line indexes of the longest run of prose (blank and short lines may sit inside)."""
    best, best_len = (0, -1), 0
    start, size, last_prose = None, 0, None
    for ln in lines + [_Line(len(lines), "", "end")]:
        if ln.kind == "prose":
            if start is None:
                start, size = ln.index, 0
            size += len(ln.text)
            last_prose = ln.index
        elif ln.kind in ("blank", "short") and start is not None:
            continue
        else:
            if start is not None and last_prose is not None and size > best_len:
                best, best_len = (start, last_prose), size
            start, size, last_prose = None, 0, None
    return best


def read_text(text: str, source: str) -> Article:
    """Read a clean text or a scraped page (decided by what the lines look like)."""
    published: str | None = None
    granularity = Granularity.DAY
    m = _DATE_PREFIX.match(text)
    if m:
        parsed = parse_date(m["date"])
        if parsed:
            published, granularity = parsed
        text = text[m.end():]
    lines = text.split("\n")
    classified = _fill(lines, Counter(s.strip() for s in lines if s.strip()))
    first, last = _body_run(classified)
    if last < 0:  # no prose at all: take every non-empty line
        first, last = 0, len(lines) - 1
    header, trailer = classified[:first], classified[last + 1:]
    body_lines = [ln for ln in classified[first:last + 1]]

    headline, publisher, authors, keywords, credits, furniture = None, None, [], [], [], []
    for ln in header:
        if ln.kind == "blank":
            continue
        if ln.kind == "date" and published is None:
            parsed = parse_date(ln.text) or parse_dateline(ln.text)
            if parsed:
                published, granularity = parsed
        elif ln.kind == "byline":
            bm = _BYLINE.match(ln.text)
            assert bm is not None
            publisher = bm["agency"].strip()
            parsed = parse_date(bm["date"])
            if parsed and (published is None or len(parsed[0]) > len(published)):
                published, granularity = parsed
        elif _BY.match(ln.text):
            authors += re.split(r",\s*|\s+and\s+", _BY.match(ln.text)["names"])  # type: ignore[index]
        elif ln.kind == "credit":
            credits.append((_credit(ln.text) or "").strip())
            furniture.append(ln.text)
        elif headline is None and len(ln.text.split()) >= 4 and (
                ln.kind in ("short", "prose") or ln.kind == "foreign" and is_english(ln.text)):
            headline = ln.text  # headline grammar drops the function words the foreign-line test counts
        elif ln.kind == "short" and len(ln.text.split()) <= 3 and headline is None:
            keywords.append(ln.text)
        else:
            furniture.append(ln.text)
    # a clean text whose first line is the headline: a short line then the body
    if headline is None and first == 0 and body_lines:
        top = body_lines[0]
        nxt = body_lines[1] if len(body_lines) > 1 else None
        if top.kind == "short" and len(top.text.split()) >= 3 and nxt is not None:
            headline = top.text
            body_lines = body_lines[1:]
    related: dict[str, RelatedHeadline] = {}
    exact: set[str] = set()  # headlines whose time stamp was absolute, not "2 h ago"
    pending_time: str | None = None
    pending_exact = False
    for ln in trailer:
        if ln.kind == "blank":
            continue
        if ln.kind == "date":
            pending_exact = not RELATIVE.match(ln.text)
            parsed = parse_date(ln.text) if pending_exact else relative_date(ln.text, published)
            pending_time = parsed[0] if parsed else None
            continue
        if pending_time is not None and not _ONLY_NUMBER.match(ln.text):
            if ln.text not in related or (pending_exact and ln.text not in exact):
                related[ln.text] = RelatedHeadline(ln.text, pending_time)
                if pending_exact:
                    exact.add(ln.text)
            pending_time = None
            continue
        if ln.kind == "tags":
            keywords += [t.strip() for t in ln.text.split("#") if t.strip()]
        elif ln.kind == "counter":
            cm = _COUNTER.match(ln.text)
            if cm and cm["credit"].strip():
                credits.append(cm["credit"].strip())
            furniture.append(ln.text)
        elif ln.kind == "credit":
            credits.append((_credit(ln.text) or "").strip())
            furniture.append(ln.text)
        else:
            furniture.append(ln.text)
    body_pars = _paragraphs([ln.text for ln in body_lines if ln.kind != "repeated"])
    if not body_pars:  # a page that is nothing but one text pasted twice: keep one copy
        unique = list(dict.fromkeys(s.strip() for s in lines if s.strip()))
        body_pars = [s for s in unique if len(s.split()) >= 6 and is_english(s)]
        headline = None
    if not body_pars:
        from kg.errors import InputError

        raise InputError(source, "no article text found; expected prose paragraphs")
    body = "\n\n".join(body_pars)
    full = f"{headline}\n\n{body}" if headline else body
    body_start = len(headline) + 2 if headline else 0
    kind = "scraped" if (furniture or related or publisher or credits) else "text"
    return Article(
        source=source, text=full, headline=headline, body_start=body_start, published=published,
        granularity=granularity, publisher=publisher, authors=tuple(a.strip() for a in authors if a.strip()),
        keywords=tuple(dict.fromkeys(keywords)), photo_credits=tuple(dict.fromkeys(credits)),
        furniture=tuple(furniture), related=tuple(related.values()),
        posts=find_posts(full, published), reader=kind,
    )


def _paragraphs(lines: list[str]) -> list[str]:
    """Blank lines separate paragraphs; single line breaks inside a paragraph become spaces."""
    pars, cur = [], []
    for s in lines:
        if s:
            cur.append(s)
        elif cur:
            pars.append(" ".join(cur))
            cur = []
    if cur:
        pars.append(" ".join(cur))
    return pars
