"""Bytes -> text: size limit, binary detection, encoding detection. Any bytes give str or InputError."""

from __future__ import annotations

from kg.errors import InputError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def decode(data: bytes, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    if len(data) > max_bytes:
        raise InputError(source, f"file is {len(data):,} bytes, over the limit of {max_bytes:,} "
                                 "(raise it with --max-bytes)")
    if not data.strip():
        raise InputError(source, "file is empty; expected article text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head = data[:4096]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise InputError(source, "file looks binary (NUL bytes); expected text, HTML or JSON")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = _detect(data, source, exc)
    controls = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(8, len(text[:4096]) // 50):
        raise InputError(source, "file looks binary (control characters); expected text, HTML or JSON")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _detect(data: bytes, source: str, exc: UnicodeDecodeError) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(source, f"not valid UTF-8 (byte {exc.start}) and no other encoding fits")
    return str(best)
