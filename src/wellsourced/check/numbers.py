"""Number checks: a changed value, or a hedge lost or changed ("at least 1,383" -> "1,383")."""
from __future__ import annotations

import re

from ..model import Issue, Number, Sentence

# the range of true values each hedge allows, as (low, high) multipliers/offsets of v
_LOWER = {"at least", "over"}  # bounded below
_UPPER = {"at most", "under", "nearly"}  # bounded above


def _bounds(n: Number) -> tuple[float, float]:
    v, h = n.value, n.hedge
    step = 1.0 if float(v).is_integer() else 0.0
    if h == "at least":
        return v, float("inf")
    if h == "over":
        return v + step, float("inf")  # "over a dozen" = "at least 13" for counts
    if h == "at most":
        return float("-inf"), v
    if h in ("under", "nearly"):
        return float("-inf"), v - step if h == "under" else v
    if h == "about":
        return v * 0.85, v * 1.15
    return v, v


def _same_claim(a: Number, b: Number) -> bool:
    """Same statement about the quantity: the derived number's range equals the source's."""
    return _bounds(a) == _bounds(b) or (a.hedge == b.hedge and a.value == b.value)


def _units_match(a: Number, b: Number) -> bool:
    if not a.unit or not b.unit:
        return True
    x, y = a.unit.lower().rstrip("s"), b.unit.lower().rstrip("s")
    return x == y or x.startswith(y) or y.startswith(x)


# A space after a thousands separator or decimal point between digits: tokenised text.
_SQUEEZE = re.compile(r"(?<=\d)([,.]) (?=\d)")
_DIGITS = re.compile(r"\d[\d,.]*\d|\d")


def _stated(n: Number, text: str) -> bool:
    d = _DIGITS.search(n.text)
    return bool(d) and re.search(rf"(?<![\d.,]){re.escape(d.group(0))}(?!\d|[.,]\d)", text) is not None


def check_numbers(claim: Sentence, window: list[Sentence], source_numbers: list[Number]) -> tuple[list[Issue], int]:
    """Issues for numbers in the claim; also how many claim numbers the source never states."""
    issues: list[Issue] = []
    novel = 0
    win = [n for s in window for n in s.numbers]
    text = " ".join(s.text for s in window)
    squeezed = _SQUEEZE.sub(r"\1", text) if _SQUEEZE.search(text) else ""
    for n in claim.numbers:
        if squeezed and _stated(n, squeezed) and not _stated(n, text):
            continue  # "1, 056" / "2. 4": tokenised text (as in the benchmarks) split the number the claim gives whole
        if n.unit == "year" and any(m.value == n.value for m in source_numbers):
            continue
        if any(_same_claim(n, m) or _contains(n, m) for m in source_numbers):
            continue  # same statement, or a vaguer one ("about 1,400" for "1,383") - not wrong
        same_value = [m for m in win + source_numbers if m.value == n.value and _units_match(n, m)]
        if same_value:
            m = same_value[0]
            issues.append(Issue(kind="number", detail=f"'{m.text}' -> '{n.text}' (hedge {'lost' if not n.hedge else 'changed'})"
                                if m.hedge != n.hedge else f"'{m.text}' -> '{n.text}'",
                                derived_span=n.text, source_span=m.text))
            continue
        overlap = [m for m in win + source_numbers if _overlaps(n, m) and _units_match(n, m) and n.unit]
        if overlap:  # compatible ranges ("about 1,400" vs "at least 1,383"): vaguer, not wrong
            continue
        novel += 1
        rival = [m for m in win if _units_match(n, m) and m.unit and n.unit and m.unit != "year"]
        if rival:
            m = rival[0]
            issues.append(Issue(kind="number", detail=f"'{m.text}' -> '{n.text}'", derived_span=n.text, source_span=m.text))
    return issues, novel


def _overlaps(a: Number, b: Number) -> bool:
    if a.hedge is None and b.hedge is None:
        return False
    la, ha = _bounds(a)
    lb, hb = _bounds(b)
    return la <= hb and lb <= ha


def _contains(a: Number, b: Number) -> bool:
    """a's range holds b's: the derived text is vaguer than the source, not different."""
    if a.hedge is None:
        return False
    la, ha = _bounds(a)
    lb, hb = _bounds(b)
    return la <= lb and hb <= ha
