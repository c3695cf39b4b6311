"""Bytes to text: size limit, binary detection, encoding detection.

Why charset-normalizer: news archives mix UTF-8, cp1252 and Latin-1; guessing wrong
turns "café" into "cafÃ©" and breaks quote and entity matching later.
"""
from __future__ import annotations

import codecs
import sys
from pathlib import Path

from charset_normalizer import from_bytes

from ..errors import InputError

MAX_BYTES = 50 * 1024 * 1024  # one article is never this big; a 100 MB "article" is a mistake


def read_bytes(path: str) -> bytes:
    """Read a file (or '-' for stdin) with the size limit and clear errors."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        where = "<stdin>"
    else:
        p = Path(path)
        where = path
        if not p.exists():
            raise InputError(path, "no such file")
        if p.is_dir():
            raise InputError(path, "is a directory (pass files, or use a directory with `read` only)")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(path, f"file is {size / 1e6:.0f} MB; the limit for one input is {MAX_BYTES // 2**20} MB")
        try:
            data = p.read_bytes()
        except OSError as e:
            raise InputError(path, f"cannot read: {e.strerror or e}") from None
    if len(data) > MAX_BYTES:
        raise InputError(where, f"input is over the {MAX_BYTES // 2**20} MB limit")
    return data


def decode(data: bytes, where: str) -> str:
    """Decode bytes to str, refusing binary data and empty input."""
    if not data.strip():
        raise InputError(where, "empty input")
    if data.startswith(b"\x1f\x8b"):
        data = _gunzip(data, where)
    head = data[:8192]
    # UTF-16/32 carry NULs legitimately; a BOM tells us so. Otherwise NULs mean binary.
    boms = (b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")
    if b"\x00" in head and not head.startswith(boms):
        raise InputError(where, "binary file, not text")
    text = _decode_text(data, where)
    if _control_share(text[:8192]) > 0.05:
        raise InputError(where, "binary file, not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(where, "empty input")
    return text


def _gunzip(data: bytes, where: str) -> bytes:
    """Decompress at most MAX_BYTES (a small .gz can expand to gigabytes)."""
    import zlib

    d = zlib.decompressobj(wbits=31)
    try:
        out = d.decompress(data, MAX_BYTES + 1)
    except zlib.error:
        raise InputError(where, "corrupt gzip data") from None
    if len(out) > MAX_BYTES:
        raise InputError(where, f"gzip data expands to over {MAX_BYTES // 2**20} MB; the limit for one input")
    if not out.strip():
        raise InputError(where, "empty input" if d.eof else "corrupt gzip data")
    return out


def _decode_text(data: bytes, where: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16/32 with a byte order mark
        for enc in ("utf-32", "utf-16"):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                continue
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Western text that is not UTF-8 is nearly always cp1252 (or its subset Latin-1), often
    # mixed with UTF-8 in one file (pasted quotes, concatenated feeds): keep each valid UTF-8
    # sequence and read the other bytes as cp1252. Guessers get this wrong on short texts
    # ("José Müller" came out as Baltic "Josķ M³ller").
    text = data.decode("utf-8", errors=_CP1252_ERRORS).removeprefix("\ufeff")
    if _western(text):
        return text
    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise InputError(where, "binary file or unknown text encoding")
    try:
        return data.decode(best.encoding, errors="replace")
    except LookupError:
        raise InputError(where, f"unknown text encoding {best.encoding}") from None


def _cp1252_char(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d: unassigned; Latin-1 reading
        return chr(b)


_CP1252 = [_cp1252_char(b) for b in range(256)]
_CP1252_ERRORS = "wellsourced-cp1252"


def _cp1252_handler(err: UnicodeDecodeError) -> tuple[str, int]:
    bad = err.object[err.start : err.end]
    return "".join(_CP1252[b] for b in bad), err.end


codecs.register_error(_CP1252_ERRORS, _cp1252_handler)


def _western(text: str) -> bool:
    """Mostly ASCII letters: English (or another Western language) read correctly. Text in
    another 8-bit encoding (cp1251 Cyrillic, Shift-JIS...) read as cp1252 is mostly accented
    letters and symbols instead."""
    sample = text[:200_000]
    letters = sum(c.isalpha() for c in sample)
    if not letters:
        return False
    high = sum(1 for c in sample if ord(c) > 127)
    return high / letters < 0.2


def _control_share(s: str) -> float:
    if not s:
        return 0.0
    bad = sum(1 for c in s if (ord(c) < 32 and c not in "\n\r\t\f") or c == "\ufffd")
    return bad / len(s)
