"""Bytes to text: size limit, binary detection, encoding detection.

Why charset-normalizer: news archives mix UTF-8, cp1252 and Latin-1; guessing wrong
turns "café" into "cafÃ©" and breaks quote and entity matching later.
"""
from __future__ import annotations

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
        import gzip

        try:
            data = gzip.decompress(data)[: MAX_BYTES + 1]
        except OSError:
            raise InputError(where, "corrupt gzip data") from None
    head = data[:8192]
    # UTF-16/32 carry NULs legitimately; a BOM tells us so. Otherwise NULs mean binary.
    boms = (b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")
    if b"\x00" in head and not head.startswith(boms):
        raise InputError(where, "binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data[:200_000]).best()
        if best is None:
            raise InputError(where, "binary file or unknown text encoding") from None
        try:
            text = data.decode(best.encoding, errors="replace")
        except LookupError:
            raise InputError(where, f"unknown text encoding {best.encoding}") from None
    if _control_share(text[:8192]) > 0.05:
        raise InputError(where, "binary file, not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(where, "empty input")
    return text


def _control_share(s: str) -> float:
    if not s:
        return 0.0
    bad = sum(1 for c in s if (ord(c) < 32 and c not in "\n\r\t\f") or c == "\ufffd")
    return bad / len(s)
