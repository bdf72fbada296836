"""JSON and JSONL records. Field names are mapped leniently (documented in README):

id: id, guid, uid | headline: title, headline, name | text: text, body, content, article, story
date: date, published, published_at, datePublished, pubDate, time | url: url, link, href
publisher: source, publisher, site, sitename, agency | author: author, authors, byline
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from kg.errors import InputError
from kg.ingest.dates import parse_date
from kg.ingest.social import find_posts
from kg.model import Article, Granularity

FIELDS = {
    "id": ("id", "guid", "uid", "doc_id"),
    "headline": ("title", "headline", "name"),
    "text": ("text", "body", "content", "article", "story"),
    "date": ("date", "published", "published_at", "datePublished", "pubDate", "time", "dateline"),
    "url": ("url", "link", "href"),
    "publisher": ("source", "publisher", "site", "sitename", "agency"),
    "author": ("author", "authors", "byline"),
    "keywords": ("keywords", "tags", "topics", "categories"),
}


def _get(rec: dict[str, Any], name: str) -> Any:
    lower = {k.lower(): v for k, v in rec.items()}
    for key in FIELDS[name]:
        if lower.get(key.lower()) not in (None, "", []):
            return lower[key.lower()]
    return None


def _strings(value: Any) -> list[str]:
    """A field that may hold one value or a list of them -> list of strings."""
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def from_record(rec: Any, source: str, line: int | None = None) -> Article:
    if not isinstance(rec, dict):
        raise InputError(source, f"expected a JSON object with a text field, got {type(rec).__name__}", line)
    text = _get(rec, "text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(source, "record has no text (expected one of: " + ", ".join(FIELDS["text"]) + ")", line)
    headline = _get(rec, "headline")
    headline = " ".join(str(headline).split()) if headline else None
    body = "\n\n".join(" ".join(p.split()) for p in text.replace("\r", "").split("\n\n") if p.strip())
    full = f"{headline}\n\n{body}" if headline else body
    published, gran = None, Granularity.DAY
    if _get(rec, "date"):
        parsed = parse_date(str(_get(rec, "date")))
        if parsed:
            published, gran = parsed
    authors = _strings(_get(rec, "author"))
    keywords = _strings(_get(rec, "keywords"))
    rid = _get(rec, "id")
    src = f"{source}#{rid}" if rid is not None else (f"{source}:{line}" if line else source)
    url = _get(rec, "url")
    return Article(source=str(url or src), text=full, headline=headline,
                   body_start=len(headline) + 2 if headline else 0, published=published, granularity=gran,
                   publisher=str(_get(rec, "publisher")) if _get(rec, "publisher") else None,
                   authors=tuple(authors), keywords=tuple(keywords), url=str(url) if url else None,
                   posts=find_posts(full, published), reader="jsonl")


def read_jsonl(lines: Iterator[str], source: str) -> Iterator[Article | InputError]:
    """Stream records; a bad line yields an InputError naming file:line and the reading goes on."""
    for n, line in enumerate(lines, 1):
        if line.strip():
            yield read_record(line, source, n)


def read_record(line: str, source: str, n: int) -> Article | InputError:
    """One JSONL line -> its Article, or the InputError that says why not (file:line)."""
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(source, f"not JSON ({exc.msg}); expected one JSON object per line", n)
    except RecursionError:
        return InputError(source, "JSON nested too deeply; expected one flat JSON object per line", n)
    try:
        return from_record(rec, source, n)
    except InputError as err:
        return err


def read_json(text: str, source: str) -> Iterator[Article | InputError]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"not JSON ({exc.msg}); expected an object or a list of objects",
                         exc.lineno) from exc
    except RecursionError as exc:
        raise InputError(source, "JSON nested too deeply; expected an object or a list of objects") from exc
    items = data if isinstance(data, list) else [data]
    for i, rec in enumerate(items, 1):
        try:
            yield from_record(rec, source, i if len(items) > 1 else None)
        except InputError as err:
            yield err
