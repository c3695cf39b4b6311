"""Small edits inside copied text: the claim repeats a source sentence but for a word or two.

Rewrites copy long stretches of their source and change one word: a "not" added or dropped,
"allegedly" left out, another name before "said". Whatever the rest of the sentence shares,
such an edit changes what is stated, so the negation, hedge and attribution rules look at it
directly: `edits(claim, source)` lines the two up token by token (difflib) and returns the
small changed stretches that sit inside copied text (an equal stretch on either side), with
character offsets into both sentences. Reordered clauses and compressions that drop a whole
clause give large or edge stretches and are left to the other checks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

_TOK = re.compile(r"\w+(?:[’']\w+)*|[^\w\s]")
SMALL = 4  # tokens a changed stretch may hold on either side ("Arnold O. Jones")
MIN_SHARED = 0.6  # share of the claim's tokens that must be copied from the sentence


@dataclass(frozen=True)
class Edit:
    claim: str  # the claim's words in the stretch ("" when the source's were dropped)
    source: str  # the source's words in the stretch ("" when the claim's were added)
    claim_span: tuple[int, int]  # character offsets into the claim (empty span where nothing)
    source_span: tuple[int, int]
    before: str  # the copied words just before the stretch (lower case), for context
    after: str


def overlaps(start: int, end: int, span: tuple[int, int]) -> bool:
    """Does [start, end) share a character with `span` (an edit's claim_span or source_span)?"""
    return start < span[1] and span[0] < end


def _toks(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _TOK.finditer(text)]


@lru_cache(maxsize=4096)
def edits(claim: str, source: str) -> tuple[Edit, ...]:
    a, b = _toks(claim), _toks(source)
    if not a or not b:
        return ()
    ka = [t.lower().replace("’", "'") for t, _, _ in a]
    kb = [t.lower().replace("’", "'") for t, _, _ in b]
    sm = SequenceMatcher(None, ka, kb, autojunk=False)
    ops = sm.get_opcodes()
    if sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal") < MIN_SHARED * len(ka):
        return ()
    out = []
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal" or i2 - i1 > SMALL or j2 - j1 > SMALL:
            continue
        prev = ops[k - 1] if k else None
        nxt = ops[k + 1] if k + 1 < len(ops) else None
        starts = i1 == 0 and j1 == 0  # both sentences open with the changed words
        ends = i2 == len(ka) and j2 == len(kb)
        if not ((starts or (prev and prev[0] == "equal")) and (ends or (nxt and nxt[0] == "equal"))) or (starts and ends):
            continue  # a clause cut off at one edge: not a word changed inside copied text
        cs, ss = _span(a, i1, i2), _span(b, j1, j2)
        out.append(Edit(claim=claim[cs[0]:cs[1]], source=source[ss[0]:ss[1]], claim_span=cs, source_span=ss,
                        before=" ".join(ka[max(0, i1 - 3):i1]), after=" ".join(ka[i2:i2 + 3])))
    return tuple(out)


def _span(toks: list[tuple[str, int, int]], i: int, j: int) -> tuple[int, int]:
    """Character span of tokens i..j-1; an empty stretch sits where token i would start (after
    the last token when i is past the end)."""
    if j > i:
        return toks[i][1], toks[j - 1][2]
    at = toks[i][1] if i < len(toks) else toks[-1][2]
    return at, at
