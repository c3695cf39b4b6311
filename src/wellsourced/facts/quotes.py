"""Quotations and who said them.

The speaker is, in order of preference:
1. the subject just before the speech verb: from the sentence start, or from the closing
   quote or comma before it, at most ~6 words ("Syria's interim foreign minister said",
   '"...," Shaibani told', "Sudani on Friday posted on X that" -> "Sudani");
2. the words after the verb when it follows the quotation ('"...," said Hussein');
3. the PERSON/ORG entity nearest the speech verb, outside the quotation;
4. a pronoun ("he said").
The nearest entity alone used to give "Baghdad" for "Syria's interim foreign minister said
in Baghdad on Friday ...".
"""
from __future__ import annotations

import re

from ..model import Entity, Quote

# double quotes (closing one optional: a quotation may run on past the sentence), and single ones
# that open after a space and close before one, against the words they hold: "the workers' union"
# holds no quotation, nor does tokenised text's "the players ' union"
QUOTE_RE = re.compile(r"\u201c(?P<a>[^\u201d]{2,})\u201d?|\"(?P<b>[^\"]{2,})\"?"
                      r"|(?<![\w\u2018'])[\u2018'](?=\S)(?P<c>[^\u2018\u2019'\n]{2,}?)(?<=\S)[\u2019'](?![\w\u2019'])")
SPEECH = (
    r"(?:said|says|say|told|tells|added|adds|stated|states|wrote|writes|posted|tweeted|announced|"
    r"declared|insisted|warned|argued|noted|explained|asked|asks|replied|testified|recalled|"
    r"acknowledged|admitted|claimed|cautioned|continued|called|calls|described|describes|according to)"
)
PRONOUNS = ("he", "she", "they", "it", "we", "i")
PRONOUN_SPEAKER = re.compile(rf"\b(?P<who>he|she|they|it|we|i)\s+{SPEECH}\b", re.I)
SPEECH_RE = re.compile(rf"\b{SPEECH}\b", re.I)
SPEAKER_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
MAX_SUBJECT_WORDS = 6

# Words between a subject and its verb: "Sudani on Friday posted", "Hussein has also said".
_TIME = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|week|month|year|"
    r"morning|afternoon|evening|night|today|yesterday|statement|interview|conference|briefing|"
    r"speech|post|tweet|letter|\w+day|january|february|march|april|may|june|july|august|"
    r"september|october|november|december)"
)
_TAIL = re.compile(
    rf"(?:\s+(?:on|in|at|during|last|this|earlier|later|late|early|late\s+on)\s+(?:[\w'’-]+\s+){{0,3}}?{_TIME}\b.*"
    r"|\s+(?:has|have|had|was|is|were|also|then|later|earlier|previously|reportedly|recently|again|"
    r"repeatedly|once|would|will|had\s+previously|has\s+also|have\s+also|had\s+also))+$",
    re.I,
)
_LEAD = re.compile(r"^(?:(?:and|but|so|yet|or|while|as|meanwhile|however|then|that|who)\b[\s,]*)+", re.I)
_AFTER = re.compile(r"\s+((?:[\w.'’-]+\s*){1,6}?)(?=\s*(?:[,.;:!?]|$|\s+(?:on|in|at|who|that|adding|after|before|during|when|while|as)\b))", re.I)
_OPENERS = '"\u201c\u201d'
_AGE = re.compile(r",\s*\d{1,3}\s*,")
_PREPOSITIONS = {"in", "on", "at", "during", "by", "to", "with", "after", "before", "from", "via", "through", "for"}


def find_quotes(text: str, entities: list[Entity]) -> list[Quote]:
    quotes = []
    for m in QUOTE_RE.finditer(text):
        q = (m.group("a") or m.group("b") or m.group("c") or "").strip()
        if len(q.split()) < 2:  # "so-called" scare quotes are not quotations
            continue
        quotes.append(Quote(text=q.strip(" ,."), start=m.start(), end=m.end()))
    if quotes:
        speaker = find_speaker(text, entities, [(q.start, q.end) for q in quotes])
        for q in quotes:
            q.speaker = speaker
    return quotes


def find_speaker(text: str, entities: list[Entity], inside: list[tuple[int, int]]) -> str | None:
    """Who says the quoted words (see the module docstring for the order of preference)."""

    def outside(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in inside)

    verbs = [m for m in SPEECH_RE.finditer(text) if outside(m.start(), m.end())]
    if not verbs:
        return None
    v = verbs[0]
    who = _subject(text, v.start(), inside, entities)
    if who:
        return who
    who = _after(text, v, inside)
    if who:
        return who
    cands = [e for e in entities if e.label in SPEAKER_LABELS and outside(e.start, e.end)]
    if cands:
        rank = {"PERSON": 0, "ORG": 1, "NORP": 2, "GPE": 3}
        best = min(cands, key=lambda e: (rank.get(e.label, 4), min(abs(e.end - v.start()), abs(e.start - v.end()))))
        return best.text
    m = PRONOUN_SPEAKER.search(text)
    return m.group("who").lower() if m and outside(m.start(), m.end()) else None


def _subject(text: str, verb: int, inside: list[tuple[int, int]], entities: list[Entity]) -> str | None:
    """The words before the verb, back to the sentence start, a closing quote or a comma."""
    start = 0
    for _, e in inside:
        if e <= verb:
            start = max(start, e)
    # an age between commas belongs to the name: "chief executive Stefan Maurer, 49, said"
    bare = _AGE.sub(lambda m: " " * len(m.group(0)), text)
    comma = max(bare.rfind(",", start, verb), bare.rfind(";", start, verb), bare.rfind(":", start, verb))
    if comma >= 0:
        start = comma + 1
    seg = bare[start:verb]
    seg = seg.strip().strip(_OPENERS + ",;:- ").strip()
    seg = _LEAD.sub("", seg).strip()
    seg = _TAIL.sub("", seg).strip(" ,")
    if not seg:
        return None
    words = seg.split()
    if words[0].lower() in PRONOUNS and len(words) == 1:
        return words[0].lower()
    if len(words) <= MAX_SUBJECT_WORDS and _nounish(words):
        return seg
    # a long clause: the name in it nearest the verb, if any
    seg_start = text.find(seg, start)
    names = [
        e for e in entities if e.label in ("PERSON", "ORG") and seg_start <= e.start and e.end <= seg_start + len(seg)
    ]
    return max(names, key=lambda e: e.end).text if names else None


def _nounish(words: list[str]) -> bool:
    """A subject names someone: a capitalised word or a role noun, not a clause."""
    if any(w[:1].isupper() for w in words):
        return True
    roles = (
        "official", "officials", "spokesman", "spokeswoman", "spokesperson", "minister", "ministry",
        "police", "source", "sources", "witness", "witnesses", "statement", "report", "government",
        "president", "leader", "residents", "analysts", "experts", "doctors", "army", "military",
        "agency", "group", "company", "lawyer", "lawyers", "mother", "father", "activists",
    )
    return any(w.lower().strip(",.") in roles for w in words)


def _after(text: str, v: re.Match[str], inside: list[tuple[int, int]]) -> str | None:
    """'"...," said Hussein' / '... according to the ministry.'"""
    before = text[: v.start()].rstrip()
    follows_quote = before.endswith(tuple(_OPENERS)) or before.endswith(",") or v.group().lower() == "according to"
    if not follows_quote:
        return None
    m = _AFTER.match(text, v.end())
    if not m:
        return None
    who = m.group(1).strip()
    if who.split()[0].lower() in _PREPOSITIONS:
        return None  # '..., 49, said in a statement': where, not who
    if who.endswith(".") and who.split()[-1].count(".") == 1:  # sentence end, not "U.S."
        who = who[:-1]
    who = _TAIL.sub("", who).strip(" ,") or who  # '"...," said Hussein on Monday
    if any(v.end() < s < v.end() + m.end() for s, _ in inside):
        return None
    words = who.split()
    if not words or not _nounish(words):
        return who.lower() if who.lower() in PRONOUNS else None
    return who
