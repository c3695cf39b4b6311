"""A claim widened to all of something the source gives only part of: "tests found the solvent
in all of the town's wells" for "in some wells", "all five bridges remain closed" for "two of the
five main bridges", "the cuts fall entirely on sorting staff" for "mostly on".

Told only when the claim restates one source sentence (half its content words or more), that
sentence never says all, and it limits the same thing: a noun within a few words after both
quantifiers ("all of the town's wells" / "some wells"), or, for an adverb ("entirely",
"unanimously"), an adverb of part ("mostly", "split"). A sentence that says neither tells
nothing: "the three suspects were released" may well be "all three"; "placed above all others"
has no part to compare.
"""
from __future__ import annotations

import re

from ..model import Issue, Sentence
from .text import content, tokens

ALL = re.compile(r"\b(?:all|every|entire|whole)\b", re.I)
PART = re.compile(r"\b(?:some|most|many|several|few|dozens|scores|only|half|(?:one|two|three|four|five|six|seven|eight|nine|"
                  r"ten|(?<![\d,.])\d[\d,]*) of)\b", re.I)
ALL_ADV = re.compile(r"\b(?:entirely|wholly|completely|exclusively|unanimously|always)\b", re.I)
PART_ADV = re.compile(r"\b(?:mostly|mainly|largely|partly|partially|primarily|split|divided|sometimes|often)\b", re.I)
SAYS_ALL = re.compile(r"\b(?:all|every|entire|entirely|whole|wholly|unanimous|unanimously|always|each)\b", re.I)
MIN_COVER = 0.5
NEAR = 40  # characters after a quantifier where the thing it counts is looked for


def check_scope(claim: Sentence, best: Sentence | None, cover: float) -> list[Issue]:
    if best is None or cover < MIN_COVER or SAYS_ALL.search(best.text):
        return []
    for m in ALL.finditer(claim.text):
        things = _after(claim.text, m)
        part = next((p for p in PART.finditer(best.text) if things & _after(best.text, p)), None)
        if part:
            return [_issue(m, part)]
    m = ALL_ADV.search(claim.text)
    part = PART_ADV.search(best.text) if m else None
    return [_issue(m, part)] if part else []


def _after(text: str, m: re.Match) -> set[str]:
    return set(content(tokens(text[m.end():m.end() + NEAR]))[:3])


def _issue(m: re.Match, part: re.Match) -> Issue:
    return Issue(kind="hedge", detail=f"'{part.group(0)}' -> '{m.group(0)}': the source says this of part, the derived "
                 "text of all", derived_span=m.group(0), source_span=part.group(0), derived_start=m.start(), derived_end=m.end())
