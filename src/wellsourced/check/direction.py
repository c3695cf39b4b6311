"""A change stated in the other direction: "shares closed down 18 percent" where the source has
"closed up 18 percent", "the crown weakened 0.8 percent" for "rose 0.8 percent".

The number is the anchor: the claim's number and the source's are the same amount (value and
unit), so the words of change next to each must agree. check_opposite (attribution.py) reads
opposite words in a close paraphrase of one sentence and leaves "up"/"down" alone (too common
as particles); tied to a number, "edged up 2.4 percent" and "2.4 percent lower" are plain. The
rule stays quiet when the source gives that amount with the claim's direction anywhere, or with
none.
"""
from __future__ import annotations

import re

from ..model import Issue, Number, Sentence
from .numbers import comparable
from .text import tokens

# Words that state how an amount changed, next to it ("rose 4 percent"). Not the rise/fall scale
# of attribution._OPPOSITES: that one holds verbs done to a thing ("raised rates", "cut 300
# jobs"), which next to a number need not be its direction, and lacks "up", "gained", "lost".
_UP = frozenset("rise rises rose risen rising up higher climb climbs climbed climbing jump jumps jumped jumping soar "
                "soars soared soaring surge surges surged surging grow grows grew grown growing increase increases "
                "increased increasing gain gains gained gaining advance advances advanced advancing rally rallies "
                "rallied strengthen strengthens strengthened strengthening added".split())
_DOWN = frozenset("fall falls fell fallen falling down lower drop drops dropped dropping slip slips slipped slipping "
                  "slide slides slid sliding plunge plunges plunged plunging tumble tumbles tumbled tumbling sink "
                  "sinks sank sinking shrink shrinks shrank shrunk shrinking decline declines declined declining "
                  "decrease decreases decreased decreasing lost losing lose loses shed sheds shedding weaken weakens "
                  "weakened weakening ease eases eased easing dip dips dipped dipping".split())
# where the words about a number stop: a clause boundary, or a word that starts another figure
# ("from 64 to 51", "compared with 12 percent a year earlier")
_END = re.compile(r"[,;:()\u2014\u2013]|\s-\s|\b(?:and|but|while|after|from|to|compared|against|since)\b", re.I)
_PARTICLES = frozenset(("up", "down"))
_BEFORE, _AFTER = 4, 2  # words looked at before the number ("edged up") and after it ("18 percent higher")


def _direction(text: str, n: Number) -> tuple[str, str] | None:
    """("up"|"down", the word) for the change the text states with number n, or None."""
    before = text[:n.start]
    cut = max((m.end() for m in _END.finditer(before)), default=0)
    after = text[n.end:]
    stop = _END.search(after)
    ahead = tokens(before[cut:])[-_BEFORE:]
    words = ahead + tokens(after[:stop.start()] if stop else after)[:_AFTER]
    # "up"/"down" tell a change only right before the number ("closed down 18 percent"); further
    # off they belong to a verb ("turned down the 9 percent offer", "set up a 5 million fund")
    found = {("up" if w in _UP else "down"): w for k, w in enumerate(words)
             if (w in _UP or w in _DOWN) and (w not in _PARTICLES or k == len(ahead) - 1)}
    return next(iter(found.items())) if len(found) == 1 else None


def check_direction(claim: Sentence, source: list[Sentence]) -> list[Issue]:
    for n in claim.numbers:
        mine = _direction(claim.text, n)
        if mine is None:
            continue
        theirs = [(s, m, d) for s in source for m in s.numbers if m.value == n.value and comparable(n, m)
                  for d in [_direction(s.text, m)] if d is not None]
        if theirs and all(d[0] != mine[0] for _, _, d in theirs):
            s, m, (_, word) = theirs[0]
            return [Issue(kind="negation", detail=f"'{word}' -> '{mine[1]}' ({n.text}): the change goes the other way in "
                          "the source", derived_span=n.text, derived_start=n.start, derived_end=n.end,
                          source_span=m.text, source_id=s.id, source_start=m.start, source_end=m.end)]
    return []


def said_elsewhere(issue: Issue, claim: Sentence, source: list[Sentence]) -> bool:
    """An opposite word (check_opposite) that states the change of one of the claim's amounts,
    which a source sentence gives the same way: "sales fell 4 percent in the autumn" is no flip
    of "rose 4 percent in spring" when the source also says "they fell 4 percent" (the aligner
    may pick the sentence with more words in common)."""
    for n in claim.numbers:
        mine = _direction(claim.text, n)
        if mine is not None and mine[1] == issue.derived_span and any(
                m.value == n.value and comparable(n, m) and (_direction(s.text, m) or ("",))[0] == mine[0]
                for s in source for m in s.numbers):
            return True
    return False
