"""Ingest: files, directories, globs -> Article (or InputError for what cannot be read).

>>> from kg.ingest import read_string
>>> read_string("Leaders met in Brussels on Monday to talk about trade and security.", "x.txt").reader
'text'
"""

from __future__ import annotations

import glob
import io
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputError
from kg.ingest.decode import DEFAULT_MAX_BYTES, decode
from kg.ingest.html import read_html
from kg.ingest.records import read_json, read_jsonl
from kg.ingest.text import is_english, read_text
from kg.model import Article

SUFFIXES = {".txt": "text", ".text": "text", ".md": "text", ".html": "html", ".htm": "html",
            ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def expand(inputs: Iterable[str | Path]) -> list[Path]:
    """Files, directories (recursively, known suffixes) and globs -> sorted file list.

    A name that matches nothing raises InputError, so a typo is not a silent empty build."""
    out: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
                          and not any(part.startswith(".") for part in f.relative_to(p).parts))
        elif p.is_file():
            out.append(p)
        else:
            hits = sorted(Path(h) for h in glob.glob(str(item), recursive=True) if Path(h).is_file())
            if not hits:
                raise InputError(str(item), "no such file, directory or glob match")
            out += hits
    return list(dict.fromkeys(out))


def read_string(text: str, source: str, kind: str | None = None, check_language: bool = True) -> Article:
    kind = kind or _sniff(text, source)
    if kind == "html":
        art = read_html(text, source)
    elif kind in ("json", "jsonl"):
        items = list(read_json(text, source)) if kind == "json" else list(read_jsonl(io.StringIO(text), source))
        if not items:
            raise InputError(source, "no records found")
        first = items[0]
        if isinstance(first, InputError):
            raise first
        art = first
    else:
        art = read_text(text, source)
    if check_language:
        _check_language(art)
    return art


def read_path(path: Path, kind: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
              check_language: bool = True) -> Iterator[Article | InputError]:
    """One file -> its articles (JSONL: one per line, streamed) or errors; never raises InputError."""
    source = str(path)
    try:
        kind = kind or SUFFIXES.get(path.suffix.lower())
        if kind == "jsonl":
            yield from _read_jsonl_file(path, max_bytes, check_language)
            return
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(source, f"cannot read file ({exc.strerror})") from exc
        text = decode(data, source, max_bytes)
        if (kind or _sniff(text, source)) == "json":
            for item in read_json(text, source):
                if isinstance(item, Article) and check_language:
                    try:
                        _check_language(item)
                    except InputError as err:
                        item = err  # noqa: PLW2901
                yield item
            return
        yield read_string(text, source, kind, check_language)
    except InputError as err:
        yield err


def _read_jsonl_file(path: Path, max_bytes: int, check_language: bool) -> Iterator[Article | InputError]:
    source = str(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield InputError(source, f"cannot read file ({exc.strerror})")
        return
    with fh:
        def lines() -> Iterator[str]:
            for raw in fh:
                if len(raw) > max_bytes:
                    yield "\x00"  # reported as not JSON below
                    continue
                try:
                    yield raw.decode("utf-8")
                except UnicodeDecodeError:
                    yield raw.decode("latin-1")
        for item in read_jsonl(lines(), source):
            if isinstance(item, Article) and check_language:
                try:
                    _check_language(item)
                except InputError as err:
                    item = err  # noqa: PLW2901
            yield item


def read(inputs: Iterable[str | Path], kind: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
         check_language: bool = True) -> Iterator[Article | InputError]:
    """Stream every article of every input; bad items come out as InputError values."""
    for path in expand(inputs):
        yield from read_path(path, kind, max_bytes, check_language)


def _sniff(text: str, source: str) -> str:
    head = text.lstrip()[:2000].lower()
    if head.startswith(("{", "[")):
        return "json" if not source.endswith(".jsonl") else "jsonl"
    if head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head):
        return "html"
    return "text"


def _check_language(art: Article) -> None:
    if not is_english(art.text[art.body_start:]):
        raise InputError(art.source, "text is not English (function-word test); "
                                     "storykg's pipeline reads English news, so the article was skipped")


__all__ = ["expand", "read", "read_path", "read_string", "InputError", "Article"]
