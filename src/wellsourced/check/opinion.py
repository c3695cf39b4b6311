"""Editorial judgement: words that evaluate rather than report ("is crucial to foster
stability", "underscores a renewed commitment"). Counted only where the evidence does not
use them itself, so a source's own quoted opinion reported faithfully stays supported.

A sentence can mix a fact and a judgement ("... a crucial step, and said a tram line will
open"): the judgement's clause is reported as opinion and the rest is checked as a claim of
its own (`factual_part`), so an invented fact is never hidden behind an evaluative word.
"""
from __future__ import annotations

import re

from ..model import Issue, Sentence
from .text import content, tokens

# Judgements a rewrite adds about an outcome ("a welcome relief", "a long-overdue ruling", "a
# generous deal"): evaluative whatever the rest of their clause says, unlike the topical words
# below ("complex", "landscape", "stability"), which a restatement may use
JUDGEMENT = (r"relief|boost|blow|setback|landmark|breakthrough|controversial|bold|sensible|much-needed|(?:long-)?overdue|"
             r"disappointing|encouraging|worrying|devastating|damaging|shocking|impressive|promising|commendable|generous|"
             r"misguided|reckless|step in the right direction|game-changer|"
             # praise or blame in the writer's voice, never a report of what happened
             r"short-sighted|ill-advised|ill-judged|heavy-handed|high-handed|unwise|foolish|admirable|laudable|"
             r"courageous|cynical|shameful|disgraceful|outrageous|excellent|brilliant|disastrous|dismal|lacklustre|"
             r"lackluster|well-deserved|belated|hasty|irresponsible|praiseworthy|regrettable|deplorable|"
             r"spectacular|stellar|embarrassing|unfortunate|fortunate|astute|savvy|shrewd")
# the adverbs too: "responded impressively", "recklessly cut"
JUDGED = r"(?:" + JUDGEMENT + r")(?:ly)?"
_JUDGEMENT = re.compile(r"^" + JUDGED + r"$", re.I)
MARKERS = re.compile(
    r"\b(crucial|essential|vital|imperative|paramount|pivotal|underscor\w*|highlight\w*|demonstrat\w*|signal\w*|"
    r"must|should|ought|need to|needs to|demand\w*|requir\w*|careful|tragic|remarkabl\w*|unprecedented|"
    r"significant(?:ly)?|importan\w*|complex|delicate|renewed|testament|clearly|undoubtedly|"
    r"indicat\w*|reflect\w*|emphasi\w* on|it is (?:clear|evident)|navigat\w*|landscape|fost\w*|pave the way|"
    r"stability|hope for|need for|ultimately|notabl\w*|alarming|troubling|welcome|" + JUDGED + r")\b", re.I)

# Words of degree: a source that calls something "key" or "main" is restated, not judged, by
# a summary that calls it "crucial" or "significant".
DEGREE = re.compile(
    r"\b(key|main|major|crucial|critical|essential|vital|important|significant|central|chief|principal|"
    r"primary|leading|strategic|close|top|senior|pivotal|serious)\b", re.I)
_DEGREE_MARKERS = {"crucial", "essential", "vital", "important", "importance", "significant", "significantly", "pivotal"}
# Where a sentence's clauses meet: commas, semicolons, dashes, and "and"/"but"/"while" after a comma.
_CLAUSE = re.compile(r"\s*(?:[;:\u2014\u2013]|\s-\s|,(?!\d)\s*(?:and|but|while|whereas|as|which)?\b)\s*", re.I)
MIN_FACT_WORDS = 3  # content words a clause needs to state a fact of its own


def markers(claim: str, evidence: str) -> list[str]:
    ev = evidence.lower()
    return [m.group(0) for m in MARKERS.finditer(claim) if m.group(0).lower()[:6] not in ev]


def clauses(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentence's clauses (separators left out)."""
    out, pos = [], 0
    for m in _CLAUSE.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def opinion_spans(claim: str, evidence: str) -> list[Issue]:
    """The claim's evaluative words that the evidence does not support, one finding per clause.

    Not an opinion: a word the evidence uses too; a word of degree ("crucial ties") where the
    evidence has one ("key ally"); a clause with one evaluative word whose other content words
    the evidence mostly holds ("complicating the diplomatic landscape" for "relations have
    become more complicated"): a restatement in other words, not a judgement."""
    ev = evidence.lower()
    ev_stems = set(content(tokens(evidence)))
    degree = bool(DEGREE.search(evidence))
    out = []
    for a, b in clauses(claim):
        words = [m for m in MARKERS.finditer(claim, a, b) if m.group(0).lower()[:6] not in ev
                 and not (degree and m.group(0).lower() in _DEGREE_MARKERS)]
        if not words:
            continue
        if len(words) == 1 and not _JUDGEMENT.match(words[0].group(0)):
            rest = [w for w in content(tokens(claim[a:b])) if w not in content(tokens(words[0].group(0)))]
            if rest and sum(w in ev_stems for w in rest) / len(rest) >= 0.5:
                continue
        said = ", ".join(f"'{m.group(0)}'" for m in words)
        out.append(Issue(kind="opinion", rule="opinion", detail=f"evaluative words the source does not use: {said}",
                         derived_span=claim[a:b], derived_start=a, derived_end=b))
    return out


def finite_verb(text: str) -> bool:
    from ..nlp import tagged

    return any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in tagged(text))


def factual_part(claim: Sentence, opinions: list[Issue]) -> Sentence | None:
    """The claim without its opinion clauses, with its facts' offsets moved to match; None when
    what is left states nothing of its own."""
    cut = [(i.derived_start, i.derived_end) for i in opinions if i.derived_start is not None]
    keep = [(a, b) for a, b in clauses(claim.text) if not any(a < y and x < b for x, y in cut)]
    if sum(len(content(tokens(claim.text[a:b]))) for a, b in keep) < MIN_FACT_WORDS \
            or not any(finite_verb(claim.text[a:b]) for a, b in keep):
        return None  # "particularly in battling IS remnants": a fragment states nothing of its own
    parts, shift, pos = [], [], 0
    for a, b in keep:
        shift.append((a, b, pos - a))
        parts.append(claim.text[a:b])
        pos += b - a + 2
    text = ", ".join(parts)

    def moved(items):
        out = []
        for f in items:
            for a, b, d in shift:
                if a <= f.start and f.end <= b:
                    out.append(f.model_copy(update={"start": f.start + d, "end": f.end + d}))
                    break
        return out

    return claim.model_copy(update={"text": text, "entities": moved(claim.entities), "numbers": moved(claim.numbers),
                                    "quotes": moved(claim.quotes)})
