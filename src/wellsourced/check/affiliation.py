"""A person given another organisation than the source gives them.

"Priya Venn of the Animation Crafts Guild said more cuts could follow" where the source has
"Priya Venn, an analyst at Harcastle Securities, said ..." and names the guild elsewhere: both
names are in the source, so the name checks pass, but the claim ties them together and the
source never does. The rule fires only when the source itself ties the person to another
organisation in the same way (", an analyst at X", " of X", ", who chairs X") and no source
sentence names the person with the claim's organisation: a source that never says where
someone works leaves the claim's word unchecked rather than wrong.

Names are read with plain patterns, not NER, on the source side: the claim's person comes from
its entities, and the source sentences holding the person's surname are few.
"""
from __future__ import annotations

import re

from ..facts.entities import mentioned, normalise
from ..model import Issue, Sentence

# how news ties a person to where they work: "Ann Lee, a partner at X", "Ann Lee of X",
# "Ann Lee, who chairs X" (the organisation follows)
_LINK = (r"(?:,\s+(?:the\s+|a\s+|an\s+|its\s+)?(?:[\w'’-]+\s+){0,5}?(?:of|at|for|from)\s+"
         r"|\s+of\s+|,\s+who\s+(?:joined|works?\s+(?:for|at)|runs?|heads?|leads?|chairs?|founded)\s+)(?:the\s+)?")
# (not a possessive: "many of VoltPath's applications" names no employer)
_ORG = (r"(?P<org>[A-Z][\w'’&.-]*(?:\s+(?:of|for|and|&)\s+(?:the\s+)?[A-Z][\w'’&.-]*|\s+[A-Z][\w'’&.-]*)*)"
        r"(?<!'s)(?<!’s)(?![\w'’])")
_TIED = re.compile(_LINK + _ORG)
# words that name a kind of body, not which one: "Council" alone does not tie two texts
_GENERIC = frozenset("the of and for a an society council network capital group union association federation board "
                     "authority agency ministry department office institute university college company trust foundation "
                     "alliance party league commission committee service services national regional city county state "
                     "international inc ltd plc corp".split())
_CAPWORD = re.compile(r"[A-Z][\w'’-]+")
# a person's name as written: two or three capitalised words, the first no determiner
_PERSON = re.compile(r"\b(?!(?:The|A|An|This|That|Its|His|Her|Their)\b)[A-Z][a-z]+(?:\s+[A-Z][\w'’-]+){1,2}\b")


def _distinct(org: str) -> list[str]:
    return [w for w in _CAPWORD.findall(org) if w.lower() not in _GENERIC]


def _names_org(text: str, org: str) -> bool:
    """Does the text name this organisation: in full, or by one of its own words ("Harcastle")?"""
    return mentioned(normalise(org.lower()), text.lower()) or any(re.search(rf"\b{re.escape(w)}\b", text) for w in _distinct(org))


def check_affiliation(claim: Sentence, source: list[Sentence], source_text: str) -> list[Issue]:
    """See the module doc. `source`: every source sentence; `source_text`: the source's body."""
    people = {(e.text, e.end) for e in claim.entities if e.label == "PERSON"}
    people |= {(m.group(0), m.end()) for m in _PERSON.finditer(claim.text)}  # the small NER model misses some
    for name, end in sorted(people, key=lambda p: (p[1], p[0])):  # by position, then name: no set order
        m = _TIED.match(claim.text, end)
        if not m or not _distinct(m.group("org")) or not _names_org(source_text, m.group("org")):
            continue  # no organisation tied to the person, or one the source never names (another rule's case)
        org = m.group("org")
        surname = re.compile(rf"\b{re.escape(name.split()[-1])}\b")
        theirs = [s for s in source if surname.search(s.text)]
        if any(_names_org(s.text, org) for s in theirs):
            continue  # the source ties them somewhere
        for s in theirs:
            for k in surname.finditer(s.text):
                t = _TIED.match(s.text, k.end())
                if t and _distinct(t.group("org")) and not set(_distinct(t.group("org"))) & set(_distinct(org)):
                    return [Issue(kind="entity", detail=f"'{name}' is of '{t.group('org')}' in the source, not '{org}'",
                                  derived_span=org, source_span=t.group("org"), source_id=s.id)]
    return []


# "Its managing director, X": the body named in the sentence before ("The council's planning
# chief, Rolf Sand" names its own body, and the sentence before may name someone else)
_ITS = re.compile(r"\b[Ii]ts\s+(?:[\w-]+\s+){0,3}?[\w-]+,?\s*$")


def tied(a: str, b: str, source: list[Sentence]) -> bool:
    """Does the source tie the two together, a person and the body they speak for, the way news
    introduces someone: "Vasquez-Hart, managing director of Brannoch", "Brannoch's managing
    director, Linnea Vasquez-Hart", "Brannoch spokeswoman Vasquez-Hart", or "Its managing
    director, Linnea Vasquez-Hart" after a sentence naming Brannoch? (Named together in any other
    way, they may be two sides of a dispute.)"""
    wa, wb = _distinct(a), _distinct(b)
    if not wa or not wb or set(wa) & set(wb):
        return False
    alt = lambda ws: "(?:" + "|".join(map(re.escape, ws)) + ")"  # noqa: E731
    for p, q in ((alt(wa), alt(wb)), (alt(wb), alt(wa))):
        # p is the person, q the body: "P, a partner at Q", "Q's director, P", "Q spokeswoman P"
        pats = [re.compile(rf"\b{p}\b" + _LINK + rf"(?:[A-Z][\w'’&.-]*\s+){{0,4}}{q}\b"),
                re.compile(rf"\b{q}(?:'s|’s)?(?:\s+[a-z][\w-]*,?){{1,4}}\s+(?:[A-Z][\w'’-]*\s+){{0,2}}{p}\b")]
        its = re.compile(rf"\b{p}\b")
        for i, s in enumerate(source):
            if any(x.search(s.text) for x in pats):
                return True
            m = its.search(s.text)  # "Brannoch rejected it. Its managing director, Linnea Vasquez-Hart, said ..."
            if m and i and _ITS.search(s.text, 0, m.start()) and re.search(rf"\b{q}\b", source[i - 1].text):
                return True
    return False

