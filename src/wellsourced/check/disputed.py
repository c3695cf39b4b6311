"""One side's account, which the other side denies, stated as plain fact.

"Lawyers for the centre told the court that officials had routed cases by nationality", followed
by "The ministry denied that", becomes "Officials routed cases by nationality": every word is in
the source, and the claim is still wrong, since the source only reports what one party says and
that another disputes it. The accusation markers of attribution.check_hedge ("accused",
"alleged") miss this when the source reports it with a plain verb of saying.

The rule needs three things, so that the many faithful summaries that drop a "said" for an
undisputed statement stay quiet:
- the closest source sentence reports the claim's content as someone's words (said, told,
  argued, insisted, according to ...), and the claim's words sit in that reported part;
- the source disputes it: a denial in that sentence after the report ("..., an allegation the
  company denied"), or a denial in the next sentence that points back ("Greyfield denied that")
  or shares a word with the report ("Lund denied receiving any such warning");
- the claim keeps no distance of its own (no said, claims, alleged, according to, denied ...).
"""
from __future__ import annotations

import re

from ..model import Issue, Sentence
from .attribution import KEEPS
from .text import content, tokens

# a verb of saying (or a source) that makes what follows someone's words, not the source's
_REPORTS = re.compile(r"\b(?:said|says|told|tells|saying|argued|argues|arguing|insisted|insists|contended|contends|"
                      r"maintained|maintains|testified|according to|asserted|asserts|complained|complains)\b", re.I)
# the other side's answer: a denial, or an allegation/claim rejected
# (the verb "disputes the figures", not the noun: "the land dispute took six years")
_DENIAL = re.compile(r"\b(?:den(?:y|ies|ied|ying)|disput(?:e|es|ed|ing)\s+(?:that|this|it|the|his|her|their|its|any|those|these)\b|"
                     r"(?:reject|dismiss|refut|contest)\w*\s+(?:the|that|this|those|these|such|any|its|his|her|their)?\s*"
                     r"(?:allegations?|claims?|accusations?|account|suggestions?|charges?|characteri[sz]ation|version))\b", re.I)
# a denial that points back at what was said before ("denied that", "denied it", "denies this")
_BACK = re.compile(r"\b(?:den(?:y|ies|ied|ying)|disput(?:e|es|ed|ing))\s+(?:that|this|it|the\s+(?:claims?|allegations?|"
                   r"accusations?|account))\b(?!\s+(?:it|he|she|they|the|a|an)\b)", re.I)
# the claim says it too: someone's words, or disputed (beyond attribution.KEEPS)
_OWN = re.compile(r"\b(?:told|tells|argu\w+|maintain\w*|testif\w+|reject\w*|asserts?|asserted|complain(?:s|ed)?)\b", re.I)
MIN_WORDS = 3  # content words of the claim the report must hold: a statement, not a topic
SHARE = 0.6  # of the claim's content words that the reported part holds


def check_disputed(claim: Sentence, best: Sentence | None, source: list[Sentence]) -> list[Issue]:
    """See the module doc. `best`: the source sentence closest to the claim; `source`: every
    source sentence in order (the one after `best` may hold the denial)."""
    if best is None or KEEPS.search(claim.text) or _OWN.search(claim.text):
        return []
    mine = set(content(tokens(claim.text)))
    if len(mine) < MIN_WORDS:
        return []
    for m in _REPORTS.finditer(best.text):
        said = best.text[m.end():]
        who = best.text[:m.start()].rsplit(",", 1)[-1]  # "Lawyers for the tenants told": the speaker
        if len(content(tokens(said))) < MIN_WORDS:  # "..., the union said.": the words come first
            said = best.text[:m.start()].rsplit(",", 1)[0]
        if {w for w in content(tokens(who)) if len(w) >= 4} & mine:
            continue  # the claim names the speaker ("The ombudsman's report raised concerns ..."): attributed
        held = mine & set(content(tokens(said)))
        if len(held) < MIN_WORDS or len(held) < SHARE * len(mine):
            continue
        denial = _DENIAL.search(said)
        if denial is None:
            nxt = _next(best, source)
            d = _DENIAL.search(nxt.text) if nxt is not None else None
            if d is not None and (_BACK.search(nxt.text) or _prefixes(nxt.text[d.end():]) & _prefixes(best.text)):
                denial = d
        if denial is not None:
            return [Issue(kind="hedge", detail=f"the source reports this as someone's account ('{m.group(0)}') and "
                          f"it is disputed ('{denial.group(0)}'); the derived text states it as fact",
                          source_span=best.text[m.start(): m.end() + 60].strip(), source_id=best.id)]
    return []


def _prefixes(text: str) -> set[str]:
    """First four letters of the content words: "warning" and "warnings" meet, which the stems do not."""
    return {w[:4] for w in content(tokens(text)) if len(w) >= 4}


def _next(s: Sentence, source: list[Sentence]) -> Sentence | None:
    for i, t in enumerate(source):
        if t is s:
            return source[i + 1] if i + 1 < len(source) else None
    return None
