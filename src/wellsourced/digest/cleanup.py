"""Light, safe cleanup of extracted sentences: never adds a word the source lacks.

- A sentence that leans on the one before it (starts with a pronoun, is a bare quotation
  with no speaker, or names its speaker as "he said") brings that sentence along:
  depends() lists it, and the selector counts both.
- A leading connective ("However,", "But") whose previous sentence is not in the digest
  would point at nothing, so it is dropped (only ever words removed, first letter raised).
- A wire dateline ("WASHINGTON (CNN) --") is dropped: it is a label, not part of the claim.
"""
from __future__ import annotations

import re

from ..model import DigestSentence, Sentence
from ..read.split import dateline
from .text import quote_share

PRONOUN = re.compile(r"(?:he|she|they|it|his|her|their|its|him|them|this|these|those|that|such)\b", re.I)
SPEECH_WORDS = ("said", "says", "say", "told", "tells", "added", "adds", "stated", "wrote", "writes", "posted", "tweeted",
                "explained", "noted", "warned", "argued")
SPEECH = "(?:" + "|".join(SPEECH_WORDS) + ")"
PRONOUN_SAID = re.compile(rf"\b(?:he|she|they|it|we|i)\s+{SPEECH}\b|\b{SPEECH}\s+(?:he|she|they)\b", re.I)
SPEECH_VERB = re.compile(rf"\b{SPEECH}\b|\baccording to\b", re.I)
# Connectives that only link to the previous sentence; dropping one removes no claim.
CONNECTIVE = re.compile(
    r"(?:(?:However|Still|Meanwhile|Moreover|Furthermore|Additionally|In addition|Also|Indeed|Nevertheless|"
    r"Nonetheless|Besides|Likewise|Similarly|Separately|In turn|Even so|That said|Instead|As a result|"
    r"In response|Thus|Therefore|Consequently|Then|Now|Yet|And|But|So),\s+|(?:And|But)\s+(?=[a-z]))"
)
# Not a sentence: a byline or heading the reader kept ("By Mira Castell"), or a fragment of
# dialogue ("No.", "How?"): never selected on its own, because it states nothing.
ENDS = (".", "!", "?", "\"", "\u201d", "'", "\u2019", ")")
MAX_CHAIN = 2  # a pronoun chain longer than this usually means the antecedent is far away


MIN_WORDS = 6


def is_sentence(text: str) -> bool:
    t = text.strip()
    n = len(t.split())
    return n >= MIN_WORDS and (t.endswith(ENDS) or n >= 8)


def leans_back(text: str) -> bool:
    """True when the sentence cannot stand alone without the sentence before it."""
    t = text[dateline(text):]
    m = CONNECTIVE.match(t)
    if m:
        t = t[m.end():]
    if PRONOUN.match(t):
        return True
    quoted = '"' in text or "\u201c" in text
    outside = re.sub(r"\u201c[^\u201d]*\u201d?|\"[^\"]*\"?", " ", text) if quoted else text
    # The speech-verb regexes cost ~20 us a sentence (a case-blind alternation tried at every
    # position); a plain substring test first skips them where no such verb can match.
    low = outside.lower()
    speech = any(w in low for w in SPEECH_WORDS)
    if speech and PRONOUN_SAID.search(outside):  # "... ," he said.
        return True
    # a bare quotation, speaker named only in the sentence before
    if not (quoted and quote_share(text) > 0.7):
        return False
    return not ((speech or "according to" in low) and SPEECH_VERB.search(outside))


def depends(sents: list[Sentence]) -> list[list[int]]:
    """For each sentence, the earlier sentences it needs (nearest first)."""
    lean = [leans_back(s.text) for s in sents]
    deps: list[list[int]] = []
    for i in range(len(sents)):
        need: list[int] = []
        j = i
        while j > 0 and lean[j] and len(need) < MAX_CHAIN:
            j -= 1
            need.append(j)
        deps.append(need)
    return deps


def clean(s: Sentence, prev_included: bool) -> DigestSentence:
    """The sentence as it goes into the digest, with the exact span it was taken from."""
    cut = dateline(s.text)
    if not prev_included:
        m = CONNECTIVE.match(s.text, cut)
        if m and m.end() < len(s.text):
            cut = m.end()
    text = s.text[cut:]
    if cut and text[:1].islower():
        text = text[0].upper() + text[1:]
    return DigestSentence(text=text, source_ids=[s.id], spans=[(s.start + cut, s.end)])
