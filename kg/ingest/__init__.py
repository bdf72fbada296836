"""Ingest: files, directories, globs -> Article (or InputError for what cannot be read).

>>> from kg.ingest import read_string
>>> read_string("Leaders met in Brussels on Monday to talk about trade and security.", "x.txt").reader
'text'
"""

from __future__ import annotations

import glob
import io
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputError
from kg.ingest.decode import DEFAULT_MAX_BYTES, bounded_lines, decode, decode_line, over_limit, read_bounded
from kg.ingest.html import read_html
from kg.ingest.records import read_json, read_jsonl, read_record
from kg.ingest.text import is_english, read_text
from kg.model import Article

SUFFIXES = {".txt": "text", ".text": "text", ".md": "text", ".html": "html", ".htm": "html",
            ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def expand(inputs: Iterable[str | Path]) -> list[Path]:
    """Files, directories (recursively, known suffixes) and globs -> sorted file list.

    A name that matches nothing raises InputError, so a typo is not a silent empty build. Walks do
    not follow symbolic links to directories (a link to '.' would loop), and a file reached twice,
    through a link or two inputs, is read once (the first name it was reached by)."""
    out: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            out += sorted(f for f in _walk(p) if f.suffix.lower() in SUFFIXES
                          and not any(part.startswith(".") for part in f.relative_to(p).parts))
        elif p.is_file():
            out.append(p)
        else:
            hits = sorted(_glob(str(item)))
            if not hits:
                raise InputError(str(item), "no such file, directory or glob match")
            out += hits
    seen: set[Path] = set()
    files = []
    for f in out:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            files.append(f)
    return files


def _walk(root: Path) -> Iterator[Path]:
    """Every file under ``root``; symbolic links to files are kept, links to directories not entered."""
    for folder, _dirs, names in os.walk(root, followlinks=False):
        for name in names:
            f = Path(folder, name)
            if f.is_file():
                yield f


def _glob(pattern: str) -> list[Path]:
    """glob.glob, except that '**' walks without following symbolic links to directories."""
    if "**" not in pattern:
        return [Path(h) for h in glob.glob(pattern) if Path(h).is_file()]
    parts = Path(pattern).parts
    fixed = next(i for i, part in enumerate(parts) if glob.has_magic(part))
    root = Path(*parts[:fixed]) if fixed else Path(".")
    rx = _glob_regex(parts[fixed:])
    hits = []
    for f in _walk(root) if root.is_dir() else ():
        rel = f.relative_to(root).parts
        if rx.fullmatch("/".join(rel)):
            hits.append(f if fixed else Path(*rel))
    return hits


def _glob_regex(parts: tuple[str, ...]) -> re.Pattern[str]:
    """Glob segments -> regex over '/'-joined relative paths; '**' is any number of folders, and
    like glob.glob, wildcards do not match names starting with '.'."""
    out = ""
    for k, part in enumerate(parts):
        if part == "**":
            out += r"(?:[^/.][^/]*/)*"
            if k == len(parts) - 1:
                out += r"(?!\.)[^/]+/"
            continue
        seg = "" if part.startswith(".") else "(?!\\.)"
        i = 0
        while i < len(part):
            c = part[i]
            if c == "*":
                seg += "[^/]*"
            elif c == "?":
                seg += "[^/]"
            elif c == "[" and "]" in part[i + 2:]:
                j = part.index("]", i + 2)
                body = part[i + 1:j].replace("\\", "\\\\")
                seg += "[" + ("^" + body[1:] if body.startswith("!") else body) + "]"
                i = j
            else:
                seg += re.escape(c)
            i += 1
        out += seg + "/"
    return re.compile(out[:-1])


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
        text = decode(read_bounded(path, max_bytes), source, max_bytes)
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
    """One record per line, streamed; a line over ``max_bytes`` is reported (file:line) and skipped
    without being held in memory."""
    source = str(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield InputError(source, f"cannot read file ({exc.strerror or exc})")
        return
    records = 0
    with fh:
        for n, raw in enumerate(bounded_lines(fh, max_bytes), 1):
            if isinstance(raw, int):
                records += 1
                yield over_limit(source, raw, max_bytes, n)
                continue
            if not raw.strip():
                continue
            records += 1
            item = read_record(decode_line(raw), source, n)
            if isinstance(item, Article) and check_language:
                try:
                    _check_language(item)
                except InputError as err:
                    item = err
            yield item
    if not records:
        yield InputError(source, "file is empty; expected one JSON object per line")


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
