"""Find numbers in a sentence: value, unit, hedge ("at least 1,383 civilians").

Written as regexes rather than spaCy's like_num because we need the hedge words in
front and the scale words after ("5.2 million"), and because it runs on every sentence
of every article.
"""
from __future__ import annotations

import re

from ..model import Number

WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a dozen": 12, "dozen": 12, "a hundred": 100, "a thousand": 1000, "a million": 1e6,
    "a billion": 1e9, "half": 0.5, "a half": 0.5, "a third": 1 / 3, "a quarter": 0.25,
    "hundreds": 100, "thousands": 1000, "dozens": 12, "millions": 1e6, "billions": 1e9,
}
SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
          "m": 1e6, "bn": 1e9, "k": 1e3, "mn": 1e6, "tn": 1e12}
# normalised hedge -> the ways news writes it
HEDGES = {
    "at least": ["at least", "no fewer than", "no less than", "a minimum of"],
    "over": ["more than", "over", "upwards of", "in excess of", "above", "just over", "well over"],
    "under": ["less than", "fewer than", "under", "below", "just under"],
    "at most": ["at most", "up to", "as many as", "no more than", "a maximum of"],
    "about": ["about", "around", "approximately", "roughly", "some", "an estimated", "estimated",
              "nearly", "almost", "close to", "nearly", "approx."],
}
# plural words ("thousands", "dozens") are themselves vague: hedge "about" unless written otherwise
VAGUE = {"hundreds", "thousands", "dozens", "millions", "billions"}
HEDGE_OF = {w: norm for norm, ws in HEDGES.items() for w in ws}
# "nearly"/"almost" mean "a little under"; keep them apart from "about" for the report
HEDGE_OF.update({"nearly": "nearly", "almost": "nearly", "close to": "nearly"})

_hedge_alt = "|".join(sorted((re.escape(h) for h in HEDGE_OF), key=len, reverse=True))
_word_alt = "|".join(sorted((re.escape(w) for w in WORDS), key=len, reverse=True))
_scale_alt = "|".join(sorted(SCALES, key=len, reverse=True))
NUM_RE = re.compile(
    rf"(?<![\w.,])(?:(?P<hedge>{_hedge_alt})\s+)?"
    rf"(?P<cur>[$£€¥])?\s?"
    rf"(?:(?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)|(?P<word>{_word_alt}))"
    rf"(?:\s?(?P<scale>{_scale_alt})\b)?"
    rf"(?P<pct>\s?(?:%|percent\b|per cent\b))?"
    rf"(?:[-\s](?:of\s)?(?P<unit>[A-Za-z][A-Za-z'’-]{{1,30}}))?",
    re.I,
)
UNIT_STOP = set(
    "and or to of in on at by for the a an as is was were are be been with from than that which who "
    "people's percent per cent times".split()
)
YEARISH = re.compile(r"^(1[89]\d\d|20\d\d)$")


def find_numbers(text: str) -> list[Number]:
    out: list[Number] = []
    for m in NUM_RE.finditer(text):
        word = (m.group("word") or "").lower()
        if word and not _word_ok(text, m):
            continue
        if m.group("digits"):
            value = float(m.group("digits").replace(",", ""))
        else:
            value = float(WORDS[word])
        scale = (m.group("scale") or "").lower()
        if scale:
            value *= SCALES[scale]
        hedge = HEDGE_OF.get((m.group("hedge") or "").lower())
        if word in VAGUE and hedge is None:
            hedge = "about"
        unit = m.group("unit")
        if m.group("pct"):
            unit = "%"
        elif m.group("cur"):
            unit = m.group("cur")
        elif unit and unit.lower() in UNIT_STOP:
            unit = None
        if unit and unit.lower() in ("people", "persons"):
            unit = "people"
        start, end = m.start(), m.end()
        if m.group("unit") and unit != m.group("unit"):
            end = m.start("unit") - 1 if m.group("unit") else end
        if m.group("digits") and YEARISH.match(m.group("digits")) and not unit and not hedge:
            unit = "year"
        out.append(Number(text=text[start:end].strip(), value=value, unit=unit, hedge=hedge, start=start, end=end))
    return out


def _word_ok(text: str, m: re.Match[str]) -> bool:
    """Word numbers are easy to mis-read: "one of the", "some of", "half of them"."""
    word = m.group("word").lower()
    if word in ("one",) and not m.group("hedge"):
        nxt = text[m.end("word") : m.end("word") + 4].lower()
        if nxt.startswith(" of") or nxt.startswith("'s") or nxt.startswith(" another"):
            return False
    if word in ("half", "a half") and not m.group("unit"):
        return False
    return True
