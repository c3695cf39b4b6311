"""Quotations and who said them."""
from __future__ import annotations

import re

from ..model import Entity, Quote

QUOTE_RE = re.compile(r"\u201c(?P<a>[^\u201d]{2,})\u201d?|\"(?P<b>[^\"]{2,})\"?")
SPEECH = r"(?:said|says|say|told|tells|added|adds|stated|states|wrote|writes|posted|tweeted|announced|declared|insisted|warned|argued|noted|explained|according to)"
PRONOUN_SPEAKER = re.compile(rf"\b(?P<who>he|she|they|it|we|i)\s+{SPEECH}\b", re.I)
SPEECH_RE = re.compile(rf"\b{SPEECH}\b", re.I)
SPEAKER_LABELS = {"PERSON", "ORG", "GPE", "NORP"}


def find_quotes(text: str, entities: list[Entity]) -> list[Quote]:
    quotes = []
    for m in QUOTE_RE.finditer(text):
        q = (m.group("a") or m.group("b") or "").strip()
        if len(q.split()) < 2:  # "so-called" scare quotes are not quotations
            continue
        quotes.append(Quote(text=q.strip(" ,."), start=m.start(), end=m.end()))
    if quotes:
        speaker = find_speaker(text, entities, [(q.start, q.end) for q in quotes])
        for q in quotes:
            q.speaker = speaker
    return quotes


def find_speaker(text: str, entities: list[Entity], inside: list[tuple[int, int]]) -> str | None:
    """The entity nearest a speech verb, outside the quoted spans; else a pronoun ('he')."""

    def outside(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in inside)

    verbs = [m for m in SPEECH_RE.finditer(text) if outside(m.start(), m.end())]
    if not verbs:
        return None
    cands = [e for e in entities if e.label in SPEAKER_LABELS and outside(e.start, e.end)]
    if cands:
        v = verbs[0]
        best = min(cands, key=lambda e: min(abs(e.end - v.start()), abs(e.start - v.end())))
        return best.text
    m = PRONOUN_SPEAKER.search(text)
    return m.group("who").lower() if m and outside(m.start(), m.end()) else None
