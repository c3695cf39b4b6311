"""A claim's number worked out from the source's: summaries add, subtract, multiply and divide.

"$25 million a year for five years" becomes "$125 million over five years", "611 and 574 votes"
"1,185 votes in all", "31 of its 118 stores" "roughly a quarter of its stores", "4 percent of
$285 million" "about $11.4 million". Such a number is in no source sentence, yet it is right;
numbers.py asks here before it calls the number changed.

Only operations a summary makes are tried, and only between numbers that can meet: a sum or a
difference of two amounts in the claim's unit, an amount times or divided by a count, a share
of an amount, a count over another as a share. How close the result must come is read from the
claim's own number: the digits it prints ("9.4 billion" is to a tenth of a billion, "240" to
one) and its hedge ("roughly" 4%, "more than" the right side of it, within a tenth).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from itertools import combinations

from ..facts.numbers import CALENDAR, CURRENCY_UNITS, find_numbers
from ..model import Number

_DIGITS = re.compile(r"(\d[\d,]*)(?:\.(\d+))?")
FRACTION_WORD = re.compile(r"\b(?:half|halves|thirds?|quarters?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)\b", re.I)
_LOOSE = 0.04  # "about", "roughly", "nearly": a worked-out figure within 4%
_SIDE = 0.1  # "more than", "under": on the right side, and within a tenth
_TOTAL = re.compile(r"\b(?:total|totall?ing|combined|altogether|in all|together|overall|sum)\b", re.I)
_RATE = re.compile(r"\b(?:each|per|apiece|average|a (?:year|month|week|day|head)|every)\b", re.I)


def _step(n: Number) -> float:
    """Half the last digit the claim prints, at its scale: "9.4 billion" to a twentieth of a
    billion, "2.7%" to 0.05; a whole number ("240", "twelve") to 0.5: "240 jobs" is not 242."""
    m = _DIGITS.search(n.text)
    if m is None:
        return 0.5 if float(n.value).is_integer() else 0.005 * abs(n.value)
    whole, frac = m.group(1).replace(",", ""), m.group(2)
    printed = float(f"{whole}.{frac}" if frac else whole)
    if printed == 0:
        return 0.5
    return 0.5 * 10 ** -len(frac or "") * n.value / printed


def fits(x: float, n: Number) -> bool:
    """Does the worked-out value x make the claim's number true under its hedge?"""
    v = n.value
    if n.hedge in ("over", "at least"):  # "more than 460" is not 530
        return v <= x <= v * (1 + _SIDE)
    if n.hedge in ("under", "at most"):
        return v * (1 - _SIDE) <= x <= v
    slack = _LOOSE * abs(v) if n.hedge in ("about", "nearly") else 0.0
    return abs(x - v) <= max(slack, _step(n))


def is_share(n: Number) -> bool:
    """A share of a whole: a percentage, "four out of five", or a fraction in words."""
    return n.unit == "%" or (n.unit is None and 0 < n.value < 1 and bool(FRACTION_WORD.search(n.text)))


def worked_out(n: Number, text: str, pool: list[tuple[str, Number]], units: Callable[[Number], str]) -> bool:
    """Is the claim's number n a sum, difference, product, quotient or share of the source's?

    text: the claim; pool: (sentence id, number) for the source's numbers the claim may draw on
    (no calendar facts); units: how a source number's unit compares with n's ("same", "other",
    "conflict"). Multipliers, divisors and the two counts of a share come from one sentence
    ("41 pupils at about 68,000 pounds each", "31 of its 118 stores"): across sentences too many
    pairs would fit by chance."""
    if is_share(n):
        if n.unit == "%" and any(fits(100 - m.value, n) for _, m in pool if m.unit == "%"):
            return True  # "85 percent uncontained" for "15 percent contained"
        return any(_share_fits(a.value / b.value, n) for a, b in _within(pool, _whole, _whole) if 0 < a.value < b.value)
    amount = lambda m: units(m) == "same" and m.unit is not None  # noqa: E731
    if any(fits(a.value * _share(c), n) for a, c in _within(pool, amount, _share)):
        return True  # "about $11.4 million" for "4 percent of $285 million", "some 210 of" 25% of 840
    if not n.unit:
        return False
    partner = lambda m: units(m) != "conflict" and m.unit not in ("%", "points")  # noqa: E731
    near = lambda a, b: 0.2 <= a.value / b.value <= 5 if b.value else False  # noqa: E731
    mine = [m.value for _, m in pool if amount(m) or (n.unit == "points" and m.unit == "%")]  # "13 points" for 44% -> 31%
    # the other side may go without its noun in the same sentence: "611 workers voted against
    # and 574 voted in favour", "fell to 36.7 billion marks from 40.5 billion"
    # (of a like size: "11 in hospital, three with crush injuries", not "11 checks ... 2 guards")
    pairs = list(combinations(mine, 2)) + [(a.value, b.value) for a, b in _within(pool, amount, partner) if near(a, b)]
    if any(fits(a + b, n) or fits(abs(a - b), n) for a, b in pairs):
        return True
    # times or over a count only where the claim says so: the count is in the claim ("over five
    # years"), or it speaks of a total ("combined") or a rate ("a year", "each"); else a stray
    # "two" of the sentence halves or doubles any figure into a match
    counted = [(a.value, c.value) for a, c in _within(pool, amount, _count) if c.value > 1]
    if not counted:
        return False  # the claim is parsed again only when there is something to scale
    stated = {m.value for m in find_numbers(text)}
    total, rate = bool(_TOTAL.search(text)), bool(_RATE.search(text))
    scaled = [(a, c, c in stated) for a, c in counted]
    return any((fits(a * c, n) and (said or total)) or (fits(a / c, n) and (said or rate)) for a, c, said in scaled)


def _whole(m: Number) -> bool:
    return m.unit not in CALENDAR and m.unit not in ("%", "points")


def _count(m: Number) -> bool:
    return m.unit not in CALENDAR and m.unit not in CURRENCY_UNITS and m.unit not in ("%", "points")


def _share(m: Number) -> float:
    """A share as a fraction ("31 percent" 0.31, "a third" 0.33), 0 for anything else."""
    if m.unit == "%" and 0 < m.value < 100:
        return m.value / 100
    return m.value if is_share(m) and m.unit is None else 0.0


def _within(pool, first, second):
    """Pairs of two different numbers of one sentence: the first of a kind, the second of another."""
    return [(a, b) for i, (sa, a) in enumerate(pool) for j, (sb, b) in enumerate(pool)
            if i != j and sa == sb and first(a) and second(b)]


def _share_fits(ratio: float, n: Number) -> bool:
    """A share worked out from two counts, at the precision the claim gives it: "about 22%" to
    4% of itself, "a quarter" within two points (five under "roughly"), "four out of five" the
    same way, "more than half" above it by at most 15 points."""
    if n.unit == "%" and _DIGITS.search(n.text):
        return fits(ratio * 100, n)
    share = n.value / 100 if n.unit == "%" else n.value
    if n.hedge in ("over", "at least"):
        return share < ratio <= min(1.0, share + 0.15)
    if n.hedge in ("under", "at most"):
        return max(0.0, share - 0.15) <= ratio < share
    return abs(ratio - share) <= (0.05 if n.hedge in ("about", "nearly") else 0.02)


def accounted(n: Number, values: list[float]) -> bool:
    """Looser than worked_out, for telling an added number from one a summary made: n is a sum,
    difference or percentage of any two of `values` (the evidence's numbers and years, whatever
    they count: "fell by 13, from 64 to 51", "141 years" since 1883)."""
    vals = sorted(set(values))
    if any(fits(v, n) for v in vals):
        return True
    for i, a in enumerate(vals):
        for b in vals[i + 1:]:
            cands = (a + b, b - a, 100 * a / b if b else 0.0)  # products and quotients fit added numbers as often as made ones
            if any(fits(x, n) for x in cands):
                return True
    return False


def difference(n: Number, values: list[float]) -> bool:
    """The narrow test for a number changed inside text copied from one sentence: only the
    difference of two of that sentence's amounts in its unit, or the rest of a percentage
    ("raised by 500,000 tonnes" in "to 1.2 million tonnes from 700,000"). A copy that changes
    "18 people have died" to "23" is not made true by "and five people are being treated"."""
    if n.unit == "%" and any(abs(100 - v - n.value) <= 0.005 * max(n.value, 1e-9) for v in values):
        return True
    return any(abs(abs(a - b) - n.value) <= 0.005 * max(abs(n.value), 1e-9) for a, b in combinations(values, 2))
