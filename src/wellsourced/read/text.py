"""Plain text: a headline line, then paragraphs (blank-line separated, or one per line)."""
from __future__ import annotations

import re

from ..model import Article
from .build import build

BLANKS = re.compile(r"\n\s*\n")


def from_text(text: str, where: str, **meta) -> Article:
    text = text.strip("\ufeff")
    blocks = [b for b in BLANKS.split(text) if b.strip()]
    if len(blocks) > 1:
        # Hard-wrapped paragraphs: join a block's lines, but keep short edge lines such as a
        # headline or "Original Source: ..." apart so they can be recognised.
        paras: list[str] = []
        for b in blocks:
            lines = [ln for ln in b.split("\n") if ln.strip()]
            if len(lines) > 1 and all(len(ln) < 100 for ln in lines[:-1]) and _wrapped(lines):
                paras.append(" ".join(ln.strip() for ln in lines))
            else:
                paras.extend(lines)
    else:
        paras = [ln for ln in text.split("\n") if ln.strip()]
    return build(paras, where=where, guess_title=True, **meta)


def _wrapped(lines: list[str]) -> bool:
    """Lines of one paragraph wrapped at a fixed width: similar lengths, no line ends a sentence
    and the next begins with lower case... keep it simple: most lines are 50-100 chars."""
    body = lines[:-1]
    return sum(50 <= len(ln) <= 100 for ln in body) >= 0.8 * len(body)
