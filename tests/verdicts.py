"""Helpers the rule tests share: the label and the kinds of finding of the first claim, and the two
assertions each rule's table of cases makes."""
from __future__ import annotations

from wellsourced.check import check_texts


def kinds(source: str, derived: str, engine: str = "default") -> tuple[str, set[str]]:
    v = check_texts(source, derived, engine=engine).verdicts[0]
    return v.label, {i.kind for i in v.issues}


def assert_flagged(source: str, derived: str, kind: str) -> None:
    """One distortion: the claim is contradicted or unsupported, with a finding of this kind."""
    label, found = kinds(source, derived)
    assert label in ("contradicted", "unsupported") and kind in found, (label, found)


def assert_not_flagged(source: str, derived: str, kind: str) -> None:
    """A faithful twin: no finding of this kind (another may flag it for its own reason)."""
    label, found = kinds(source, derived)
    assert kind not in found, (label, found)
