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

ALL = re.compile(r"\b(?:all|every|entire|whole)\b(?!\s+but\b)", re.I)  # "all but five of the 24" is no "all"
PART = re.compile(r"\b(?:some|most|many|several|few|dozens|scores|only|half|(?:one|two|three|four|five|six|seven|eight|nine|"
                  r"ten|(?<![\d,.])\d[\d,]*) of)\b", re.I)
ALL_ADV = re.compile(r"\b(?:entirely|wholly|completely|exclusively|unanimously|always)\b", re.I)
PART_ADV = re.compile(r"\b(?:mostly|mainly|largely|partly|partially|primarily|split|divided|sometimes|often)\b", re.I)
SAYS_ALL = re.compile(r"\b(?:all|every|entire|entirely|whole|wholly|unanimous|unanimously|always|each)\b", re.I)
MIN_COVER = 0.5
WIDE_COVER = 0.3  # "all" of a thing the sentence names: the thing itself must be in it, so a looser match will do
NEAR = 40  # characters after a quantifier where the thing it counts is looked for


def check_scope(claim: Sentence, best: Sentence | None, cover: float) -> list[Issue]:
    if best is None or cover < WIDE_COVER or SAYS_ALL.search(best.text):
        return []
    if cover < MIN_COVER:
        return _widened(claim.text, best.text)
    for m in ALL.finditer(claim.text):
        things = _after(claim.text, m)
        part = next((p for p in PART.finditer(best.text) if things & _after(best.text, p)), None)
        if part:
            return [_issue(m, part)]
    m = ALL_ADV.search(claim.text)
    part = PART_ADV.search(best.text) if m else None
    if part:
        return [_issue(m, part)]
    return _widened(claim.text, best.text)


# "all"/"every" before a thing, not in set phrases; "across the country" for a place the source names
WIDE = re.compile(r"(?<!\babove )(?<!\bat )(?<!\bafter )(?<!\bfor )(?<!\bnot )\b(?:all|every|entire|whole)\b"
                  r"(?!-|\s+(?:but|over|along|too|the\s+same)\b)"
                  r"|\b(?:nationwide|countrywide|across the (?:whole |entire )?(?:country|nation))\b", re.I)
_QUOTE = re.compile(r"[\"“”`]|(?<!\w)['‘]|['’](?!\w)")
_IN_ALL = re.compile(r"\bin all$", re.I)
_THING = re.compile(r"\s+(?:of\b|[a-z0-9])")
_NATIONAL = re.compile(r"\b(?:country|countries|nation|national|nationwide|countrywide|across)\b", re.I)
_COUNT = re.compile(r"\s+(?:of\s+)?(?:the\s+|its\s+|their\s+)?(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|both)\b", re.I)


def _widened(claim: str, best: str) -> list[Issue]:
    """The claim says "all", "every", "the whole" or "across the country" of a thing the source
    sentence it restates names without any such word ("tougher checks on all honey" for "on
    imported honey", "supermarkets across the country" for "in the northern region"): one of
    the thing's first words is in that sentence. Not "all three suspects" where the sentence
    gives the count ("the three suspects")."""
    have = set(content(tokens(best)))
    for m in WIDE.finditer(claim):
        if len(_QUOTE.findall(claim, 0, m.start())) % 2:
            continue  # inside a quotation: the speaker's words ("'all evasion'")
        if _IN_ALL.search(claim, 0, m.end()) and not _THING.match(claim, m.end()):
            continue  # "In all, 14 passengers": in total
        if m.group(0).lower().startswith(("nationwide", "countrywide", "across")):
            if not _NATIONAL.search(best):
                return [_wide(m)]
            continue
        count = _COUNT.match(claim, m.end())
        if count and m.group(0).lower() == "every":
            continue  # "three out of every five"
        if count and re.search(rf"\b{re.escape(count.group(0).split()[-1])}\b", best, re.I):
            continue  # "all three suspects" for "the three suspects"
        if _after(claim, m) & have:
            return [_wide(m)]
    return []


def _wide(m: re.Match) -> Issue:
    return Issue(kind="hedge", detail=f"'{m.group(0)}': the source does not say this of all", derived_span=m.group(0),
                 derived_start=m.start(), derived_end=m.end())


def _after(text: str, m: re.Match) -> set[str]:
    return set(content(tokens(text[m.end():m.end() + NEAR]))[:3])


def _issue(m: re.Match, part: re.Match) -> Issue:
    return Issue(kind="hedge", detail=f"'{part.group(0)}' -> '{m.group(0)}': the source says this of part, the derived "
                 "text of all", derived_span=m.group(0), source_span=part.group(0), derived_start=m.start(), derived_end=m.end())
