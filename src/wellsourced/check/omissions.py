"""What the derived text leaves out: the source's denials, the other side's response, caveats,
and qualifiers of numbers, dropped while the claim they qualify is kept.

A rewrite that keeps "the council was accused of ignoring the study" and drops "the council
denied the claim" is one-sided even when every sentence it has is supported. Omissions are
reported beside the verdicts; they change the exit code only with `--strict`.
"""
from __future__ import annotations

import re

from ..model import Omission, Verdict

KINDS: dict[str, re.Pattern[str]] = {
    "denial": re.compile(
        r"\b(den(?:y|ies|ied|ying)|rejected (?:the|these|those|such|any|all) \w*\s*(?:claims?|allegations?|accusations?|charges?|reports?)|"
        r"dismissed (?:the|these|such)? ?(?:claims?|allegations?|accusations?|reports?)|refut\w+|disputed|"
        r"pleaded not guilty|not guilty|baseless|unfounded|false (?:claims?|allegations?))\b", re.I),
    "response": re.compile(
        r"\b(did not (?:immediately )?(?:respond|reply|return)|declined to comment|could not be reached|"
        r"no immediate comment|not available for comment|in a statement|said in response|responded|spokes(?:man|woman|person))\b",
        re.I),
    "caveat": re.compile(
        r"\b(could not (?:be )?(?:independently )?(?:verif|confirm)\w*|unverified|unconfirmed|not (?:yet )?(?:been )?confirmed|"
        r"it (?:is|was) (?:not|un)clear|unclear whether|preliminary|provisional|estimates? (?:vary|varied)|"
        r"not (?:yet )?known)\b", re.I),
}
BEFORE = 2  # sentences before a denial or caveat that may hold the claim it answers


def find_omissions(prep, verdicts: list[Verdict]) -> list[Omission]:
    """`prep`: the pipeline's Prepared source; `verdicts` still carry the pipeline's internal
    sentence ids (before `pipeline._attribute` splits them into article and sentence)."""
    from .pipeline import split_id

    idx = prep.index
    claims = [v for v in verdicts if v.label != "not a claim"]
    used: dict[int, list[str]] = {}  # source sentence position -> derived claims whose evidence holds it
    for v in claims:
        for e in v.evidence[:1]:
            for sid in e.sentence_ids:
                if sid in idx.pos:
                    used.setdefault(idx.pos[sid], []).append(v.sentence.id)
    order = {v.sentence.id: k for k, v in enumerate(claims)}
    out: list[Omission] = []
    for i, s in enumerate(idx.sents):
        for kind, rx in KINDS.items():
            m = rx.search(s.text)
            if not m:
                continue
            near = [j for j in range(max(0, i - BEFORE), i + 1) if idx.doc[j] == idx.doc[i]]
            kept = sorted({c for j in near for c in used.get(j, [])}, key=order.__getitem__)
            said = any(rx.search(v.sentence.text) for v in claims if v.sentence.id in used.get(i, []) or v.sentence.id in kept)
            if kept and not said:
                art, sid = split_id(prep, s.id)
                out.append(Omission(kind=kind, source=art, source_id=sid, text=s.text,
                                    detail=f"the source's {kind} ('{m.group(0)}') is left out, while the claim it answers is kept",
                                    kept=kept))
            break  # one omission per source sentence
    for v in claims:
        for iss in v.issues:
            if iss.kind == "number" and "hedge lost" in iss.detail and iss.source_id:
                art, sid = split_id(prep, iss.source_id)
                out.append(Omission(kind="qualifier", source=art, source_id=sid,
                                    text=iss.source_span or "", detail=f"the qualifier of a number is dropped: {iss.detail}",
                                    kept=[v.sentence.id]))
    return out
