"""Bytes to text: size limit, binary detection, encoding detection.

Why charset-normalizer: news archives mix UTF-8, cp1252 and Latin-1; guessing wrong
turns "café" into "cafÃ©" and breaks quote and entity matching later.
"""
from __future__ import annotations

import codecs
import stat
import sys
from pathlib import Path

from charset_normalizer import from_bytes

from ..errors import InputError
from ..limits import LIMITS, mb

MAX_BYTES = LIMITS.max_bytes  # the default; the limit in force is LIMITS.max_bytes (docs/limits.md)
CHUNK = 1 << 20


def read_bytes(path: str) -> bytes:
    """Read a file (or '-' for stdin), counting bytes as they arrive: a growing file, a pipe or a
    device can never make us hold more than the limit. FIFOs, devices and sockets named as
    files are refused before opening (opening a FIFO blocks until someone writes to it)."""
    if path == "-":
        return _read_capped(sys.stdin.buffer, "<stdin>")
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as e:
        raise InputError(path, f"cannot read: {e.strerror or e}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(path, "is a directory (pass files, or use a directory with `read` only)")
    if not stat.S_ISREG(st.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "a socket or special file"
        raise InputError(path, f"is {kind}, not a regular file (to read a stream, pipe it to stdin and pass -)")
    cap = LIMITS.max_bytes
    if st.st_size > cap:
        raise InputError(path, f"file is {st.st_size / 2**20:.0f} MB; the limit for one input is {mb(cap)} (--max-bytes)")
    try:
        with open(p, "rb") as f:
            return _read_capped(f, path)
    except OSError as e:
        raise InputError(path, f"cannot read: {e.strerror or e}") from None


def _read_capped(f, where: str) -> bytes:
    cap = LIMITS.max_bytes
    parts: list[bytes] = []
    n = 0
    while True:
        chunk = f.read(min(CHUNK, cap + 1 - n))
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
        n += len(chunk)
        if n > cap:
            raise InputError(where, f"input is over the {mb(cap)} limit for one input (--max-bytes)")


def decode(data: bytes, where: str) -> str:
    """Decode bytes to str, refusing binary data and empty input."""
    if not data.strip():
        raise InputError(where, "empty input")
    if data.startswith(b"\x1f\x8b"):
        data = _gunzip(data, where)
    # UTF-16/32 carry NULs legitimately; a BOM tells us so. Otherwise a NUL anywhere (not only
    # in the first 8 KB: a text with a binary tail is still binary) means binary.
    boms = (b"\xff\xfe", b"\xfe\xff")
    nul = data.find(b"\x00")
    if nul >= 0 and not data.startswith(boms):
        raise InputError(where, "binary file, not text" + (f" (NUL byte at offset {nul})" if nul >= 8192 else ""))
    text = _decode_text(data, where)
    if _control_share(text[:8192]) > 0.05:
        raise InputError(where, "binary file, not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(where, "empty input")
    return text


def _gunzip(data: bytes, where: str) -> bytes:
    """Decompress at most LIMITS.max_bytes (a small .gz can expand to gigabytes)."""
    import zlib

    cap = LIMITS.max_bytes
    d = zlib.decompressobj(wbits=31)
    try:
        out = d.decompress(data, cap + 1)
    except zlib.error:
        raise InputError(where, "corrupt gzip data") from None
    if len(out) > cap:
        raise InputError(where, f"gzip data expands to over {mb(cap)}, the limit for one input (--max-bytes)")
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
