"""Quotation checks: words inside quotation marks must be in the source, near-verbatim."""
from __future__ import annotations

import re

from rapidfuzz import fuzz

from ..model import Issue, Sentence

_NORM = re.compile(r"[^a-z0-9 ]+")


def _n(s: str) -> str:
    return " ".join(_NORM.sub(" ", s.lower().replace("’", "'")).split())


def check_quotes(claim: Sentence, source_body_norm: str, context=None) -> list[Issue]:
    """source_body_norm: the source body through _n(), built once per source. `context(quote)`
    gives the normalised stretch of source to match a quotation against fuzzily (the sentences
    sharing its words): bounded, so a long source is matched as carefully as a short one."""
    issues = []
    for q in claim.quotes:
        qn = _n(q.text)
        if not qn or qn in source_body_norm:
            continue
        where = context(q.text) if context else source_body_norm
        # partial_ratio aligns the quote with its best-matching stretch of the source
        r = fuzz.partial_ratio(qn, where) if where else 0.0
        if r >= 92:
            continue  # punctuation/spelling differences only
        kind = "altered" if r >= 70 else "not found in the source"
        issues.append(Issue(kind="quote", detail=f"quotation {kind}: \u201c{q.text}\u201d", derived_span=q.text))
    return issues


normalise = _n
