"""HTML pages: main text and metadata through trafilatura, then the same post detection as text."""

from __future__ import annotations

import re
from typing import Any

from kg.errors import InputError
from kg.ingest.dates import parse_date
from kg.ingest.social import find_posts
from kg.model import Article, Granularity


def read_html(html: str, source: str) -> Article:
    if not re.search(r"<\s*(html|body|p|div|article|h1)\b", html, re.I):
        raise InputError(source, "no HTML elements found; expected an HTML page")
    trafilatura = _trafilatura(source)
    try:
        doc = trafilatura.bare_extraction(html, url=source if source.startswith("http") else None,
                                          with_metadata=True, include_comments=False, include_tables=False,
                                          favor_precision=True)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise InputError(source, f"HTML could not be parsed ({type(exc).__name__}: {exc})") from exc
    if doc is None:
        raise InputError(source, "no main text found in the HTML page")
    meta = doc if isinstance(doc, dict) else doc.as_dict()
    body = (meta.get("text") or "").strip()
    if len(body.split()) < 5:
        raise InputError(source, "no main text found in the HTML page (truncated or empty?)")
    pars = [re.sub(r"[ \t]+", " ", p).strip() for p in re.split(r"\n+", body) if p.strip()]
    headline = (meta.get("title") or "").strip() or None
    if headline and pars and pars[0] == headline:
        pars = pars[1:]
    text_body = "\n\n".join(pars)
    text = f"{headline}\n\n{text_body}" if headline else text_body
    published, granularity = None, Granularity.DAY
    if meta.get("date"):
        parsed = parse_date(str(meta["date"]))
        if parsed:
            published, granularity = parsed
    authors = tuple(a.strip() for a in re.split(r";|,| and ", meta.get("author") or "") if a.strip())
    tags = [t.strip() for t in (meta.get("tags") or meta.get("categories") or []) if str(t).strip()]
    return Article(
        source=source, text=text, headline=headline, body_start=len(headline) + 2 if headline else 0,
        published=published, granularity=granularity, publisher=meta.get("sitename") or None,
        authors=authors, keywords=tuple(tags), url=meta.get("url") or None,
        posts=find_posts(text, published), reader="html",
    )


def _trafilatura(source: str) -> Any:
    """trafilatura, or an InputError for this page when it (or a module it needs, such as
    lxml.html.clean, a separate distribution since lxml 5.2) is missing: the HTML pages are
    skipped with the reason, the rest of the build goes on."""
    try:
        import trafilatura
    except ImportError as exc:
        raise InputError(source, f"HTML cannot be read: {exc.name or exc} is not installed "
                                 "(pip install 'lxml_html_clean' 'trafilatura'; storykg declares both)") from exc
    return trafilatura
