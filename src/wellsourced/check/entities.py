"""Entity checks: a person/place/organisation the source does not name, or a changed one."""
from __future__ import annotations

import re

from ..facts.entities import ALIASES, _parts, names_match, normalise
from ..model import Entity, Issue, Sentence

CHECKED = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"}
# NORP adjectives and their countries: "Iraqi forces" is supported by "Iraq's forces"
_DEMONYM = {"iraqi": "iraq", "syrian": "syria", "iranian": "iran", "american": "united states", "british": "united kingdom",
            "russian": "russia", "chinese": "china", "french": "france", "german": "germany", "israeli": "israel",
            "turkish": "turkey", "lebanese": "lebanon", "ukrainian": "ukraine", "palestinian": "palestine",
            "english": "england", "scottish": "scotland", "welsh": "wales", "irish": "ireland", "spanish": "spain",
            "italian": "italy", "dutch": "netherlands", "japanese": "japan", "indian": "india", "pakistani": "pakistan",
            "afghan": "afghanistan", "egyptian": "egypt", "nigerian": "nigeria", "kenyan": "kenya", "australian": "australia",
            "canadian": "canada", "mexican": "mexico", "brazilian": "brazil", "greek": "greece", "polish": "poland",
            "swedish": "sweden", "norwegian": "norway", "danish": "denmark", "saudi": "saudi arabia", "yemeni": "yemen"}


def _key(norm: str) -> str:
    n = norm.rstrip("s") if norm.endswith("ns") else norm  # "syrians" -> "syrian"
    return _DEMONYM.get(n, n)


_WORDS = re.compile(r"[a-z0-9]+")
_COUNTRY = {v: k for k, v in _DEMONYM.items()}


def source_words(source_lower: str) -> set[str]:
    """The source's words, and its normalised names' words, for `known`."""
    return set(_WORDS.findall(normalise(source_lower[:2_000_000]).replace("-", " "))) | set(_WORDS.findall(source_lower))


def known(e: Entity, source_lower: str, words: set[str]) -> bool:
    """Is this claim entity named in the source? Decided on the source text, without NER of
    the source: the name itself, its normalised form, an alias ("U.S." = "United States"),
    a demonym ("Iraqi" = "Iraq"), or all the words of the name ("Shaibani" for "Asaad
    al-Shaibani", person surnames alone for persons)."""
    k = _key(e.norm)
    if e.text.lower().replace("’", "'") in source_lower or (len(k) > 3 and k in source_lower):
        return True
    forms = {k, e.norm, _COUNTRY.get(k, k)} | set(ALIASES.get(k, []))
    for f in forms:
        fw = _WORDS.findall(f)
        if fw and (len(f) > 3 or len(fw) > 1) and all(w in words for w in fw) and f in source_lower:
            return True
        if len(f) <= 3 and fw and re.search(rf"\b{re.escape(f)}\b", source_lower):
            return True
    parts = [w for w in _parts(k) if len(w) > 2]
    if not parts:
        return False
    if e.label == "PERSON":
        return parts[-1] in words  # "Sudani" is "Mohammed Shia al-Sudani"
    return all(p in words for p in parts)


def check_entities(claim: Sentence, window: list[Sentence], source_lower: str, words: set[str]) -> tuple[list[Issue], int]:
    issues: list[Issue] = []
    novel = 0
    win_ents = [e for s in window for e in s.entities if e.label in CHECKED]
    for e in claim.entities:
        if e.label not in CHECKED or known(e, source_lower, words):
            continue
        novel += 1
        others = [w for w in win_ents if not any(names_match(_key(w.norm), _key(c.norm)) for c in claim.entities)]
        # NER labels drift between texts ("Nordhavn" PERSON here, GPE there): same label first
        rival = sorted(others, key=lambda w: w.label != e.label)
        if rival:
            issues.append(Issue(kind="entity", detail=f"'{rival[0].text}' -> '{e.text}'", derived_span=e.text, source_span=rival[0].text))
        else:
            issues.append(Issue(kind="invented", detail=f"'{e.text}' is not named in the source", derived_span=e.text))
    return issues, novel


__all__ = ["check_entities", "known", "normalise"]
