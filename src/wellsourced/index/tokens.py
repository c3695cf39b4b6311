"""Index terms: lowercase words and numbers, stop words dropped, a light plural strip.

Summaries paraphrase, so "officials" and "official" must meet; a full stemmer buys little
more on news (measured in bench/trace.py) and this one costs nothing.
"""
from __future__ import annotations

import re

WORD = re.compile(r"[a-z0-9]+")

STOP = frozenset(
    "a an the and or but if of to in on at by for from with as into onto about over under after before "
    "than then that this these those it its is are was were be been being has have had do does did "
    "not no nor so such he she his her him hers they them their theirs we us our you your i me my "
    "who whom whose which what when where why how will would shall should can could may might must "
    "said says say also more most very just all any some each both other there here out up down off "
    "s t ll re ve d m one two".split()
)


def stem(w: str) -> str:
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


_SEEN: dict[str, str | None] = {}  # word -> term (None: a stop word); bounded below


def terms(text: str) -> list[str]:
    """Content terms of `text`, in order (so adjacent pairs are real word pairs, minus stop words)."""
    seen = _SEEN
    out = []
    for w in WORD.findall(text.lower()):
        t = seen.get(w, "")
        if t == "":
            t = None if w in STOP else stem(w)
            if len(seen) < 2_000_000:
                seen[w] = t
        if t is not None:
            out.append(t)
    return out
