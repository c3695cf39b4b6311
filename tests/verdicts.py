"""A helper the rule tests share: the label and the kinds of finding of the first claim."""
from __future__ import annotations

from wellsourced.check import check_texts


def kinds(source: str, derived: str, engine: str = "default") -> tuple[str, set[str]]:
    v = check_texts(source, derived, engine=engine).verdicts[0]
    return v.label, {i.kind for i in v.issues}
