"""Embedded social posts: the text of a tweet or post quoted in an article, with its author.

Recognised by the byline that embed codes leave behind, e.g.
``... pic.twitter.com/abc — Jane Doe (@janedoe) June 14, 2021``.
"""

from __future__ import annotations

import re

from kg.ingest.dates import parse_date
from kg.model import Channel, SocialPost, Span

_TWEET = re.compile(
    r"(?P<body>[^\n]*?)\s*[—–-]{1,2}\s*(?P<author>[^\n()—–]{2,60}?)\s*\(@(?P<handle>\w{1,30})\)\s*"
    r"(?P<date>(?:[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})|(?:\d{1,2} [A-Z][a-z]{2,8} \d{4}))")
_PIC = re.compile(r"\s*(?:pic\.twitter\.com/\S+|https?://t\.co/\S+)\s*$")


def find_posts(text: str, published: str | None = None) -> tuple[SocialPost, ...]:
    posts = []
    for m in _TWEET.finditer(text):
        body_start = m.start("body")
        # a post is a paragraph of its own: start at the paragraph start
        par_start = text.rfind("\n", 0, m.start()) + 1
        body_start = max(body_start, par_start)
        body = text[body_start:m.start("body") + len(m["body"])]
        body = _PIC.sub("", body).strip()
        if len(body.split()) < 3:
            continue
        parsed = parse_date(m["date"])
        span = Span(body_start, body_start + len(body), body)
        posts.append(SocialPost(span=span, text=body, author=m["author"].strip(), handle="@" + m["handle"],
                                date=parsed[0] if parsed else published, channel=Channel.TWITTER))
    return tuple(posts)
