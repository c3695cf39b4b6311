"""Entity checks: a person/place/organisation the source does not name, or a changed one."""
from __future__ import annotations

from ..facts.entities import names_match, normalise
from ..model import Entity, Issue, Sentence

CHECKED = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"}
# NORP adjectives and their countries: "Iraqi forces" is supported by "Iraq's forces"
_DEMONYM = {"iraqi": "iraq", "syrian": "syria", "iranian": "iran", "american": "united states", "british": "united kingdom",
            "russian": "russia", "chinese": "china", "french": "france", "german": "germany", "israeli": "israel",
            "turkish": "turkey", "lebanese": "lebanon", "ukrainian": "ukraine", "palestinian": "palestine"}


def _key(norm: str) -> str:
    n = norm.rstrip("s") if norm.endswith("ns") else norm  # "syrians" -> "syrian"
    return _DEMONYM.get(n, n)


def known(e: Entity, source_ents: list[Entity], source_lower: str) -> bool:
    k = _key(e.norm)
    if any(names_match(k, _key(s.norm)) for s in source_ents):
        return True
    # NER differs between a sentence and its paraphrase: fall back to the words themselves
    return e.text.lower().replace("’", "'") in source_lower or (len(k) > 3 and k in source_lower)


def check_entities(claim: Sentence, window: list[Sentence], source_ents: list[Entity], source_lower: str) -> tuple[list[Issue], int]:
    issues: list[Issue] = []
    novel = 0
    win_ents = [e for s in window for e in s.entities if e.label in CHECKED]
    for e in claim.entities:
        if e.label not in CHECKED or known(e, source_ents, source_lower):
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
