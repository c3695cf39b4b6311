"""Limits that keep memory and time bounded on any input (docs/limits.md).

One process-wide `LIMITS`, read from the environment at import (WELLSOURCED_MAX_BYTES, ...)
and set by the CLI's global options (`wellsourced --max-bytes 10MB read ...`) or by
`wellsourced serve`. Every limit answers with an InputError naming the input and the limit,
never a traceback; the CLI exits 2, the HTTP API answers 413 (size) or 422 (other input).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields

ENV = "WELLSOURCED_"


@dataclass
class Limits:
    max_bytes: int = 50 * 2**20  # bytes read from one input, counted as they arrive
    max_sentence_chars: int = 2000  # longer runs are split at this many characters (warning)
    max_depth: int = 100  # JSON nesting depth
    max_sentences: int = 10_000  # sentences in one document (a long feature has ~500; check calls >2000 large)
    timeout: float = 0.0  # seconds per CLI command or HTTP request; 0 = none (serve defaults to 60)


SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$", re.I)
_UNITS = {"": 1, "b": 1, "k": 2**10, "m": 2**20, "g": 2**30}


def parse_size(s: str | int) -> int:
    """'50MB', '512k', '1048576' -> bytes (binary units: 1 MB = 2**20 bytes)."""
    if isinstance(s, int):
        return s
    m = SIZE.match(str(s))
    if not m:
        raise ValueError(f"not a size: {s!r} (e.g. 50MB, 512KB, 1000000)")
    return int(float(m.group(1)) * _UNITS[(m.group(2) or "").lower()[:1]])


def from_env(env: dict[str, str] | None = None) -> Limits:
    """Limits from WELLSOURCED_MAX_BYTES, _MAX_SENTENCE_CHARS, _MAX_DEPTH, _MAX_SENTENCES, _TIMEOUT."""
    env = os.environ if env is None else env
    lim = Limits()
    for f in fields(Limits):
        raw = env.get(ENV + f.name.upper())
        if raw is None or not raw.strip():
            continue
        try:
            value = parse_size(raw) if f.name == "max_bytes" else (float(raw) if f.type == "float" else int(raw))
        except ValueError:
            raise SystemExit(f"error: {ENV + f.name.upper()}={raw}: not a valid number") from None
        setattr(lim, f.name, value)
    return lim


LIMITS = from_env()


def mb(n: int) -> str:
    """A byte count as people read it in a message: '50 MB', '512 KB'."""
    if n >= 2**20 and n % 2**20 == 0:
        return f"{n // 2**20} MB"
    if n >= 2**10 and n % 2**10 == 0:
        return f"{n // 2**10} KB"
    return f"{n} bytes"
