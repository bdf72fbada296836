"""Bytes -> text: size limit, binary detection, encoding detection. Any bytes give str or InputError.

Encodings, in order: UTF-8 (with or without a byte-order mark; UTF-16 with one; UTF-8 with a few
stray bytes, which become U+FFFD, when valid UTF-8 characters outnumber them two to one); then Windows-1252,
the superset of Latin-1 that Western European pages are written in, whenever its reading looks
like Western text; only then a guess by charset-normalizer, for text that Windows-1252 would turn
into a jumble of accented letters (Cyrillic, Greek, Central European code pages, East Asian
encodings). A guesser asked first reads Latin-1 "Zürich" as cp775 "Z³rich".

>>> decode("Zürich café".encode("latin-1"), "x.txt")
'Zürich café'
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
CHUNK = 1024 * 1024
SAMPLE = 1024 * 1024  # characters looked at to decide an encoding

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# what Western text holds besides letters: Windows-1252 punctuation, symbols, no-break space
_WESTERN_SIGNS = set("\u00a0¡¢£¤¥§©«®°±²³´µ¶·¹º»¿×÷€‚„…†‡ˆ‰‹‘’“”•–—˜™›")


def over_limit(source: str, size: int | None, max_bytes: int, line: int | None = None) -> InputError:
    what = "record" if line is not None else "file"
    size_text = f"{size:,} bytes" if size is not None else "larger"
    return InputError(source, f"{what} is {size_text}, over the size limit of {max_bytes:,} bytes "
                              "(raise it with --max-bytes)", line)


def read_bounded(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of ``path``, refusing a file over ``max_bytes`` before reading it (its size as the
    file system reports it) and while reading it (a size that lies or grows): memory stays under
    ``max_bytes`` whatever the file."""
    source = str(path)
    try:
        with path.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                raise over_limit(source, size, max_bytes)
            data = fh.read(size + 1)  # a buffer of the file's size, not of the limit
            if len(data) > size:  # growing, or a size the file system does not know (/proc, FUSE)
                data += fh.read(max_bytes + 1 - len(data))
    except OSError as exc:
        raise InputError(source, f"cannot read file ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:
        raise over_limit(source, None, max_bytes)
    return data


def bounded_lines(fh: BinaryIO, max_bytes: int) -> Iterator[bytearray | int]:
    """Lines of a binary file, read in chunks; a line longer than ``max_bytes`` (newline aside)
    comes out as its length (an int), read past without being kept: memory stays near the limit."""
    while True:
        line, size, ended = bytearray(), 0, False
        while not ended:
            piece = fh.readline(CHUNK)
            if not piece:
                break
            size += len(piece)
            ended = piece.endswith(b"\n")
            if size <= max_bytes + 1:
                line += piece
        if not size:
            return
        if size - ended > max_bytes:
            yield size - ended
        else:
            yield line


def decode(data: bytes, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    if len(data) > max_bytes:
        raise over_limit(source, len(data), max_bytes)
    if not data.strip():
        raise InputError(source, "file is empty; expected article text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head = data[:4096]
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in head and not utf16:
        raise InputError(source, "file looks binary (NUL bytes); expected text, HTML or JSON")
    try:
        text = data.decode("utf-16") if utf16 else data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = _legacy(data, source, exc)
    controls = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(8, len(text[:4096]) // 50):
        raise InputError(source, "file looks binary (control characters); expected text, HTML or JSON")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_line(raw: bytes | bytearray) -> str:
    """One JSONL line: UTF-8, else Windows-1252 (JSON text is UTF-8 by definition; a legacy line is
    most likely a Western one, and a wrong guess costs one record, not the corpus)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return western(raw)


def western(data: bytes | bytearray) -> str:
    """Windows-1252, with its five unassigned bytes read as Latin-1 (never fails)."""
    return data.decode("cp1252", errors="kg-latin1")


def looks_western(text: str) -> bool:
    """True when ``text`` (read as Windows-1252) looks like Western text: its other characters are
    letters and common signs, and accented letters stay a minority of the letters (Cyrillic or
    Greek bytes read this way give nearly nothing but accented letters)."""
    letters = accented = odd = 0
    for c in text[:SAMPLE]:
        if c.isascii():
            letters += c.isalpha()
        elif c.isalpha():
            letters += 1
            accented += 1
        elif c not in _WESTERN_SIGNS:
            odd += 1
    others = accented + odd
    return others == 0 or (odd <= max(2, others // 20) and accented <= 0.3 * letters)


def _legacy(data: bytes, source: str, exc: UnicodeDecodeError) -> str:
    lossy = data.decode("utf-8", errors="replace")
    bad = lossy.count("\ufffd")
    if len(_NON_ASCII.findall(lossy)) - bad >= 2 * bad:  # UTF-8 with a few stray bytes: keep UTF-8
        return lossy
    text = western(data)
    if looks_western(text):
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(source, f"not valid UTF-8 (byte {exc.start}) and no other encoding fits")
    return str(best)


def _latin1_fallback(err: UnicodeError) -> tuple[str, int]:
    assert isinstance(err, UnicodeDecodeError)
    return err.object[err.start:err.end].decode("latin-1"), err.end


codecs.register_error("kg-latin1", _latin1_fallback)
