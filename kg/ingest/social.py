"""Embedded social posts: the text of a tweet or post quoted in an article, with its author.

Recognised by the byline that embed codes leave behind, e.g.
``... pic.twitter.com/abc — Jane Doe (@janedoe) June 14, 2021``.

The byline is found from its one sure sign, ``(@handle) date``, and read backwards from there (a
name of at most 60 characters after a dash); the post is the text between the start of its line
and the dash. Every character is looked at a bounded number of times, so the time is linear in
the length of the text, however long its lines (a regex scanning forward from every position
for a dash that may come much later was quadratic: 20,000 characters on one line took 16 s).

>>> post, = find_posts("Talks went well. pic.twitter.com/x — Jane Doe (@janedoe) June 14, 2021")
>>> post.text, post.author, post.handle, post.date
('Talks went well.', 'Jane Doe', '@janedoe', '2021-06-14')
"""

from __future__ import annotations

import re

from kg.ingest.dates import parse_date
from kg.model import Channel, SocialPost, Span

_HANDLE_DATE = re.compile(
    r"\(@(?P<handle>\w{1,30})\)\s*"
    r"(?P<date>(?:[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})|(?:\d{1,2} [A-Z][a-z]{2,8} \d{4}))")
_PIC = re.compile(r"(?:pic\.twitter\.com/|https?://t\.co/)\S+$")
DASHES = "—–-"
_NOT_IN_NAME = "\n()—–"  # a hyphen may stand in a name (Jean-Luc), a long dash may not
MAX_NAME = 60


def find_posts(text: str, published: str | None = None) -> tuple[SocialPost, ...]:
    posts = []
    done = 0  # end of the last post's byline: the next post starts after it
    for m in _HANDLE_DATE.finditer(text):
        found = _byline_dash(text, m.start(), done)
        if found is None:
            continue
        dash, author = found
        body_end = _space_before(text, dash, done)
        body_start = text.rfind("\n", done, body_end) + 1 or done
        done = m.end()
        start, end = _strip(text, body_start, body_end)
        if len(text[start:end].split()) < 3:
            continue
        parsed = parse_date(m["date"])
        body = text[start:end]
        posts.append(SocialPost(span=Span(start, end, body), text=body, author=author,
                                handle="@" + m["handle"], date=parsed[0] if parsed else published,
                                channel=Channel.TWITTER))
    return tuple(posts)


def _byline_dash(text: str, paren: int, floor: int) -> tuple[int, str] | None:
    """The dash that opens the byline ending at ``paren`` (the '(' of '(@handle)') and the author's
    name, or None. Of several dashes that could open it, the first counts (as in 'Jean-Luc')."""
    end = _space_before(text, paren, floor)
    window = text[max(floor, end - MAX_NAME):end]
    start = end - len(window) + 1 + max(window.rfind(c) for c in _NOT_IN_NAME)
    # the name stretch is text[start:end]; a dash right before it (whitespace between allowed) opens it
    before = _space_before(text, start, floor)
    candidates = [start + i for i, c in enumerate(text[start:end]) if c == "-"]
    if before > floor and text[before - 1] in DASHES:
        candidates.insert(0, before - 1)
        if before - 1 > floor and text[before - 2] in DASHES:
            candidates.insert(0, before - 2)
    for dash in candidates:
        double = dash + 1 < end and text[dash + 1] in DASHES  # '--' or '—-' is one dash
        for name_start in (dash + 2, dash + 1) if double else (dash + 1,):
            author = text[name_start:end].strip()
            if (author and len(author) <= MAX_NAME and not any(c in _NOT_IN_NAME for c in author)
                    and _room(text, end - len(author), end, paren) >= 2):
                return dash, author
    return None


def _room(text: str, start: int, end: int, limit: int) -> int:
    """Length of the name with the spaces around it on its line (a name is at least 2 characters)."""
    left = start
    while left > 0 and start - left < 2 and text[left - 1].isspace() and text[left - 1] != "\n":
        left -= 1
    right = end
    while right < limit and right - end < 2 and text[right].isspace() and text[right] != "\n":
        right += 1
    return right - left


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the post's text without surrounding whitespace and a trailing picture link."""
    body = text[start:end]
    start += len(body) - len(body.lstrip())
    end -= len(body) - len(body.rstrip())
    if start >= end:
        return start, start
    last = text[start:end].rsplit(None, 1)[-1]  # a picture link is only dropped at the very end
    pic = _PIC.search(text, end - len(last), end)
    if pic:
        end = _space_before(text, pic.start(), start)
    return start, end


def _space_before(text: str, pos: int, floor: int) -> int:
    """``pos`` moved back over whitespace, not below ``floor`` (in chunks: a hostile run of spaces
    costs C-speed string work, not a Python loop per character)."""
    while pos > floor:
        chunk = text[max(floor, pos - 256):pos]
        kept = chunk.rstrip()
        pos -= len(chunk) - len(kept)
        if kept:
            break
    return pos
