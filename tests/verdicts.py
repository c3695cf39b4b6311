"""Helpers the rule tests share: the label and the kinds of finding of the first claim, and the two
assertions each rule's table of cases makes."""
from __future__ import annotations

import pytest

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


def table_tests(source: dict[str, str], flagged: list, not_flagged: list):
    """The two tests a rule round's table makes (tests/test_check_stop24.py on): each one-edit
    claim (source key, derived, kind) flagged with that kind, each faithful twin not."""
    @pytest.mark.parametrize("key, derived, kind", flagged)
    def test_one_change_is_flagged(key, derived, kind):
        assert_flagged(source[key], derived, kind)

    @pytest.mark.parametrize("key, derived, kind", not_flagged)
    def test_a_faithful_twin_is_not(key, derived, kind):
        assert_not_flagged(source[key], derived, kind)

    return test_one_change_is_flagged, test_a_faithful_twin_is_not
