"""Number checks: a changed value, a number moved to another noun or role ("300 workers and
12 stores" -> "12 workers and 300 stores"), a changed currency, percent vs points, a changed
date or year, or a hedge lost or changed ("at least 1,383" -> "1,383").

A number is compared together with what it measures (its unit: the noun counted, a currency,
"%", a calendar unit) and, when it has no unit, its role (the word before it: "killed 12").
A claim number is only called wrong on evidence: a source number with the same unit or role
and another value, or the same value with a unit from a closed set that differs ("$" vs "£").
A different noun alone ("300 employees" for "300 workers") is taken as a paraphrase.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..facts.numbers import (CALENDAR, CURRENCY_UNITS, CURRENCY_WORDS, DAYS, DURATIONS, SCALES, as_date, find_numbers,
                             resolve_dates, word_value)
from ..model import Issue, Number, Sentence
from .arithmetic import FRACTION_WORD, accounted, difference, is_share, worked_out
from .copydiff import edits, overlaps
from .text import CLAUSE_END, content, stem, tokens

# units from a closed set: two different ones are a conflict, never a paraphrase
CLOSED = CURRENCY_UNITS | {"%", "points"}
_ROLE_SKIP = set(
    "a an the of to by and or than some about around nearly almost over under more less least at most up "
    "as many just well only another other were was are is be been had have has its their his her every each per".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_OWN = set(SCALES) | set(CURRENCY_WORDS) | {"percent", "per", "cent", "points", "bn", "m"}  # a number's own words
_VAGUE = re.compile(r"^(?:\w+\s+)*(?:hundreds|thousands|dozens|millions|billions)\b", re.I)


def _bounds(n: Number) -> tuple[float, float]:
    v, h = n.value, n.hedge
    # a count goes in steps of one ("over a dozen" = at least 13); "over 6%" may be 6.2%, "more
    # than three decades" 31 years
    step = 1.0 if float(v).is_integer() and n.unit not in CLOSED and not _span(n) else 0.0
    if h == "at least":
        return v, float("inf")
    if h == "over":
        return v + step, float("inf")  # "over a dozen" = "at least 13" for counts
    if h == "at most":
        return float("-inf"), v
    if h in ("under", "nearly"):
        return float("-inf"), v - step if h == "under" else v
    if h == "about" and _VAGUE.match(n.text):
        return v, v * 10  # "hundreds of homes": a few hundred, not about 100
    if h == "about":
        return v * 0.85, v * 1.15
    return v, v


def _same_claim(a: Number, b: Number) -> bool:
    """Same statement about the quantity: the derived number's range equals the source's, or
    one is the other in another form (see _equivalent)."""
    return _bounds(a) == _bounds(b) or (a.hedge == b.hedge and a.value == b.value) or _equivalent(a, b)


def _equivalent(a: Number, b: Number) -> bool:
    """One number in another form: a share in words that the other rounds to ("three in five"
    for "62 percent"), a fraction for a percentage ("about three-fifths" for "roughly 60
    percent"), a length of time in other units ("two months" for "60 days")."""
    return (_share_fits(a, b) or _share_fits(b, a) or _fraction_fits(a, b) or _fraction_fits(b, a)
            or _duration_fits(a, b))


_DAYS = {**DAYS, "centurie": DAYS["century"]}  # _key makes "centuries" "centurie"
_LOOSE = (None, "about", "nearly")  # hedges under which two forms of a number may round differently


def _fraction_fits(a: Number, b: Number) -> bool:
    """a is a fraction in words and b the same share in percent: equal to a point when both are
    exact or under the same hedge ("a third" for "33 percent", "more than a fifth" for "over 20
    percent"), within 3.5 points under "about"/"nearly" ("nearly a fifth" for "18 percent")."""
    if b.unit != "%" or not 0 < a.value < 1 or not FRACTION_WORD.search(a.text):
        return False
    if a.hedge != b.hedge and (a.hedge not in _LOOSE or b.hedge not in _LOOSE):
        return False  # "more than a fifth" is "over 20 percent", not "20 percent"
    return abs(a.value * 100 - b.value) <= (1.0 if a.hedge is b.hedge is None else 3.5)


def _duration_fits(a: Number, b: Number) -> bool:
    """Two lengths of time in different units that are the same length within 4% ("two months"
    for "60 days", "roughly six months" for "180 days", "three weeks" for "21 days")."""
    fa, fb = _days(a), _days(b)
    if fa is None or fb is None or _key(a.unit) == _key(b.unit):
        return False
    if (a.hedge not in _LOOSE or b.hedge not in _LOOSE) and a.hedge != b.hedge:
        return False  # "up to three months" for "up to 90 days" is the same bound
    da, db = a.value * fa, b.value * fb
    words = not (_DIGITS.search(a.text) and _DIGITS.search(b.text))  # "a month and a half" for "six weeks"
    return abs(da - db) <= (0.1 if words else 0.04) * max(da, db)


_SHARE_OF = re.compile(r"\b(?:in|out of)\s+(?:every\s+)?([\w,.]+)", re.I)


def _share_fits(a: Number, b: Number) -> bool:
    """a is "N in M" and b's percentage is within half a step of it (the nearest fifth for "in
    five"), 7.5 points at most: "one in four" is 20-30%, not 35%."""
    m = _SHARE_OF.search(a.text) if a.unit == "%" and b.unit == "%" else None
    if m is None or _SHARE_OF.search(b.text):
        return False  # two shares in words: compared as they are ("one in four" is not "one in five")
    d = _denominator(m.group(1))
    return d > 0 and abs(a.value - b.value) <= min(50 / d, 7.5)


def _denominator(word: str) -> float:
    try:
        return float(word.replace(",", ""))
    except ValueError:
        return word_value(word)


def _key(u: str | None) -> str | None:
    """A unit to compare: closed and calendar units as they are, a length of time as "for" and
    its singular, a unit of measure as "of" and its symbol, other nouns lower case, singular,
    marked "~" (a paraphrase may change them)."""
    if u is None or u in CLOSED or u in CALENDAR:
        return u
    u = u.lower().replace("’", "'").rstrip("'")  # "three months' pay"
    u = {"centuries": "centurie", "year-old": "year", "years-old": "year"}.get(u, u)  # an age is years too
    if u in MEASURES:
        return "of " + MEASURES[u]
    area = u.split(" ", 1)
    if len(area) == 2 and area[1] in MEASURES:  # "square kilometres", "cubic metres"
        return f"of {area[0]} {MEASURES[area[1]]}"
    one = u[:-3] + "y" if u.endswith("ies") else u.rstrip("s")
    return "for " + one if one in DURATIONS else "~" + one  # "for": not the calendar's "month"


# units of measure, spelt out or as symbols: "a 2.3-mile stretch" is not "a 2.3-kilometre
# stretch" (no paraphrase changes the unit and keeps the number). Not "m" (also "million") nor
# "pounds" (also money); tons and tonnes are one unit here, since news writes both for either.
MEASURES = {w: sym for sym, words in {
    "km": "km kilometre kilometres kilometer kilometers", "mile": "mi mile miles", "metre": "metre metres meter meters",
    "cm": "cm centimetre centimetres centimeter centimeters", "mm": "mm millimetre millimetres millimeter millimeters",
    "ft": "ft foot feet", "in": "inch inches", "yard": "yard yards", "kg": "kg kilogram kilograms kilogramme kilogrammes kilo kilos",
    "g": "gram grams gramme grammes", "tonne": "tonne tonnes ton tons", "litre": "l litre litres liter liters",
    "gallon": "gallon gallons", "hectare": "ha hectare hectares", "acre": "acre acres", "mph": "mph", "km/h": "km/h kph",
    "kw": "kw kilowatt kilowatts", "mw": "mw megawatt megawatts", "gw": "gw gigawatt gigawatts",
    "kwh": "kwh", "mwh": "mwh", "gwh": "gwh", "°c": "°c celsius", "°f": "°f fahrenheit",
    "byte": "byte bytes", "kb": "kb kilobyte kilobytes", "mb": "mb megabyte megabytes", "gb": "gb gigabyte gigabytes",
    "tb": "tb terabyte terabytes", "pb": "pb petabyte petabytes",
}.items() for w in words.split()}


def _closed(u: str | None) -> bool:
    """A unit from a closed set: a currency, %, points, a length of time."""
    k = _key(u)
    return k is not None and k[0] != "~" and u not in CALENDAR


def measured(n: Number) -> bool:
    """An amount in a closed unit ("1.3 million dollars", "40 km", "six weeks"): what it counts
    is the unit, which these checks compare, not a thing named in the text."""
    return _closed(n.unit)


def comparable(a: Number, b: Number) -> bool:
    """The same unit, or one side without a unit: "18 percent" and "18%", "300 workers" and "300"."""
    return _units(a, b) == "same"


def _units(a: Number, b: Number) -> str:
    """'same' (or unknown on one side), 'other' (different nouns: maybe a paraphrase) or
    'conflict' (different closed units, or a calendar unit against anything else)."""
    x, y = _key(a.unit), _key(b.unit)
    if (a.unit in CALENDAR) != (b.unit in CALENDAR):
        return "conflict"
    if x is None or y is None:
        return "same"
    if x == y or (x[0] == "~" and y[0] == "~" and (x.startswith(y) or y.startswith(x))):
        return "same"
    return "other" if x[0] == "~" and y[0] == "~" else "conflict"


def _role(n: Number, text: str) -> str | None:
    """The content word just before a number without a unit or with a closed one ("killed 12"
    -> "killed", "won 58 percent" -> "won", "a turnout of 58 percent" -> "turnout")."""
    if n.unit and not _closed(n.unit):
        return None
    parts = re.split(r"\d", text[max(0, n.start - 40):n.start])  # not past another number
    words = _WORD.findall(parts[-1])
    if len(parts) > 1:  # "by 1.2 billion crowns, to 4.8 billion crowns": the number before's own
        while words and words[0].lower() in _OWN:  # words are no role of this one
            words.pop(0)
    for w in reversed(words[-4:]):
        lw = w.lower()
        if lw not in _ROLE_SKIP:
            return stem(lw)  # "served a third" and "after serving half": one role
    return None


# A space after a thousands separator or decimal point between digits: tokenised text.
_SQUEEZE = re.compile(r"(?<=\d)([,.]) (?=\d)")
_DIGITS = re.compile(r"\d[\d,.]*\d|\d")


def _stated(n: Number, text: str) -> bool:
    d = _DIGITS.search(n.text)
    return bool(d) and re.search(rf"(?<![\d.,]){re.escape(d.group(0))}(?!\d|[.,]\d)", text) is not None


@lru_cache(maxsize=8192)
def _resolved(text: str, ref) -> tuple[Number, ...]:
    return tuple(resolve_dates(text, find_numbers(text), ref))


def _facts(s: Sentence, ref) -> list[Number]:
    """A sentence's numbers, with the calendar facts its article's date gives its relative dates."""
    return list(s.numbers) + [m.model_copy() for m in _resolved(s.text, ref)] if ref else list(s.numbers)


def _issue(n: Number, s: Sentence, m: Number, detail: str) -> Issue:
    return Issue(kind="number", detail=detail, derived_span=n.text, source_span=m.text, derived_start=n.start,
                 derived_end=n.end, source_id=s.id, source_start=m.start, source_end=m.end)


def check_numbers(claim: Sentence, window: list[Sentence], source: list[Sentence],
                  published=None, claim_published=None, evidence: list[Sentence] | None = None) -> tuple[list[Issue], list[Number]]:
    """Issues for numbers in the claim; also the claim numbers the source never states.

    window: the source sentences the claim is aligned to (where a rival number is looked for);
    evidence: the sentences of every candidate window (a claim fusing two of them may give one's
    number to the other's noun); source: all source sentences; published / claim_published: the
    source's and the derived article's dates (date, datetime or ISO string; the claim's defaults
    to the source's)."""
    ref = as_date(published)
    cref = as_date(claim_published) or ref
    issues: list[Issue] = []
    novel: list[Number] = []
    win_ids = {s.id for s in window}
    src = [(s, m) for s in source for m in _facts(s, ref)]
    win = [(s, m) for s, m in src if s.id in win_ids]
    ev_ids = win_ids | {s.id for s in evidence or ()}
    ev = [(s, m) for s, m in src if s.id in ev_ids]
    text = " ".join(s.text for s in window)
    squeezed = _SQUEEZE.sub(r"\1", text) if _SQUEEZE.search(text) else ""
    seen_spans: set[tuple[int, int, str]] = set()
    for n in _facts(claim, cref):
        if (n.start, n.end, n.unit or "") in seen_spans:
            continue
        seen_spans.add((n.start, n.end, n.unit or ""))
        if squeezed and _stated(n, squeezed) and not _stated(n, text):
            continue  # "1, 056" / "2. 4": tokenised text (as in the benchmarks) split the number the claim gives whole
        if n.unit in CALENDAR:
            bad = _calendar(n, src, win)
            if bad is True:
                continue
            novel.append(n)
            if bad:
                issues.append(_issue(n, bad[0], bad[1], f"'{bad[1].text}' -> '{n.text}' (date)"))
            continue
        issue, ok = _count(n, claim.text, src, win, ev)
        if issue is not None:
            issues.append(issue)
        elif not ok:
            novel.append(n)
    return issues, novel


def invented(novel: list[Number], claim: Sentence, evidence: list[Sentence], source_text: str) -> list[Number]:
    """The claim's numbers that are an added detail: no source sentence states them, and no
    sum, difference or percentage of the evidence's numbers gives them. Not dates and
    months (a summary resolves "next month"), nor "one"/"two"/"half" in words ("the two
    companies", "one bird charity"), shares ("a third of"), vague words ("dozens"), ordinals
    ("the 70th anniversary") or a length of time the source gives in another unit ("just over
    ten weeks" for 73 days)."""
    if not novel:
        return []  # most claims: no scan of the source's text for the claim's numbers
    values = [m.value for s in evidence for m in s.numbers] + [m.value for m in claim.numbers if _stated(m, source_text)]
    out = []
    for n in novel:
        if n.unit in CALENDAR or is_share(n) or _VAGUE.match(n.text) or (not _DIGITS.search(n.text) and n.value <= 2) \
                or _ORDINAL.match(claim.text, n.end):
            continue
        if _stated(n, source_text) or _duration_near(n, evidence) or accounted(n, values):
            continue
        out.append(n)
    return out


_ORDINAL = re.compile(r"(?:st|nd|rd|th)\b")


def _duration_near(n: Number, evidence: list[Sentence]) -> bool:
    f = _days(n)
    if f is None:
        return False
    days = n.value * f
    for s in evidence:
        for m in s.numbers:
            fm = _days(m)
            if fm is not None and abs(m.value * fm - days) <= 0.2 * days:
                return True
    return False


def _clock(text: str, m: Number) -> bool:
    """Part of a time of day ("11:30 p.m." reads as 11 and 30): no operand of a sum."""
    return text[m.end:m.end + 1] == ":" or text[max(m.start - 1, 0):m.start] == ":"


def _calendar(n: Number, src, win):
    """True when the source states this date/year/month/weekday; else a rival (sentence, number)
    of the same calendar unit in the evidence window, or None."""
    if any(m.unit == n.unit and m.value == n.value for _, m in src):
        return True
    return next(((s, m) for s, m in win if m.unit == n.unit), None)


# a maximum in the claim's own words: the source's "up to" kept
_PEAK = re.compile(r"\b(?:reach(?:ed|es|ing)?|stretch(?:ed|es|ing)? to|peak(?:ed|s|ing)? at|(?:a )?maximum of|topp(?:ed|ing) out at|"
                   r"as (?:long|high|much|many|far) as)\s+$", re.I)
_ESTIMATE = re.compile(r"\b(?:estimat|approximat)\w*", re.I)


def _count(n: Number, text: str, src, win, ev) -> tuple[Issue | None, bool]:
    """(issue, stated) for a count, amount or share."""
    plain = [(s, m) for s, m in src if m.unit not in CALENDAR]
    same = [(s, m) for s, m in plain if m.value == n.value and _units(n, m) == "same"]
    role = _role(n, text)
    exact = [(s, m) for s, m in same if _same_claim(n, m)]
    exact += [(s, m) for s, m in plain if _share_fits(n, m) or _share_fits(m, n)]  # "three in five" for "62 percent"
    # another form of a number in the claim's own evidence ("two months" for "60 days"); elsewhere
    # in the source it may be another length ("180 days" to reopen, "four months" before the vote)
    in_win = {id(m) for _, m in win}
    exact += [(s, m) for s, m in plain if id(m) in in_win and _equivalent(n, m)]
    if exact:
        per = _per(n, text)
        if per and not any(_per(m, s.text) in (None, per) for s, m in exact):
            s, m = exact[0]
            return _issue(n, s, m, f"'{m.text} a {_per(m, s.text)}' -> '{n.text} a {per}' (per {_per(m, s.text)} -> per {per})"), True
        if any(_role(m, s.text) in (None, role) for s, m in exact):
            return None, True  # stated with this role somewhere (or a role we cannot tell)
        return _role_swap(n, role, exact[0][0], exact[0][1], win), True
    if not any(m.value == n.value for _, m in win) and worked_out(
            n, text, [(s.id, m) for s, m in ev if m.unit not in CALENDAR and not _clock(s.text, m)], lambda m: _units(n, m)):
        return None, True  # a sum, difference, product or share of the evidence's numbers
    if n.hedge and any(_span_holds(n, m) for _, m in ev):
        return None, True  # "more than three decades" for "31 years"
    swap = _unit_swap(n, win, ev)
    if swap is not None:
        return swap, False
    # "more than 300" -> "more than 210" is a changed number, though still true: vaguer or
    # compatible only under another hedge ("about 1,400" for "at least 1,383")
    plain = [(s, m) for s, m in plain if not (m.hedge and m.hedge == n.hedge and m.value != n.value and not _rounded(n, m))]
    clash = next(((s, m) for s, m in plain if id(m) in in_win and m.value == n.value and _units(n, m) == "conflict"), None)
    if clash and _closed(n.unit) and _closed(clash[1].unit):  # "$5 million" -> "£5 million", "5 points" -> "5%", "six weeks" -> "six months"
        s, m = clash
        return _issue(n, s, m, f"'{m.text}' -> '{n.text}' ({m.unit} -> {n.unit})"), False
    # a vaguer statement ("about 1,400" for "1,383"): not wrong; a bare number of another value
    # ("two") is only that in the claim's own window ("up to 18 weeks" does not contain "two" of anything)
    if any(_contains(n, m) and _units(n, m) == "same" and (m.unit or m.value == n.value or id(m) in in_win) for _, m in plain):
        return None, True
    hedged = same + [(s, m) for s, m in plain if m.value == n.value and _units(n, m) == "other" and not _same_claim(n, m)]
    # the hedge is the source's elsewhere: "roughly 4,000 people" for "about 4,000 residents",
    # though the headline says "4,000 residents"
    if hedged and not n.hedge and all(m.hedge == "about" for _, m in hedged) and _ESTIMATE.search(text):
        return None, True  # "The county estimates it has spent 0.7 million" for "an estimated 700,000"
    if hedged and not n.hedge and all(m.hedge == "at most" for _, m in hedged) and _PEAK.search(text, 0, n.start):
        return None, True  # "waits stretched to three and a half hours" for "waits of up to three and a half hours"
    if hedged and not any(m.value == n.value and _same_claim(n, m) and _units(n, m) == "other" for _, m in plain):
        s, m = hedged[0]
        lost = "lost" if not n.hedge else "changed"
        return _issue(n, s, m, f"'{m.text}' -> '{n.text}' (hedge {lost})"), True
    if n.hedge and any(_overlaps(n, m) and _units(n, m) == "same" and (n.unit and m.unit) for _, m in plain):
        return None, True  # compatible ranges ("about 1,400" vs "at least 1,383")
    if any(m.value == n.value and id(m) not in in_win for _, m in plain):
        return None, True  # the value is in the source, said of another noun: maybe a paraphrase
    wplain = [(s, m) for s, m in win if m.unit not in CALENDAR]
    rival = next(((s, m) for s, m in wplain if n.unit and m.unit and _units(n, m) == "same"), None)
    if rival is None and role:
        rival = next(((s, m) for s, m in wplain if _role(m, s.text) == role and not (n.unit and m.unit)), None)
    if rival is None and _span(n):  # "half an hour" for "15 minutes": another length in other units
        rival = next(((s, m) for s, m in wplain if _span(m) and not _duration_fits(n, m) and not _span_holds(n, m)), None)
    if rival is not None:
        s, m = rival
        return _issue(n, s, m, f"'{m.text}' -> '{n.text}'"), False
    if any(m.value == n.value for _, m in plain):
        return None, True  # same value, another noun: a paraphrase ("300 employees" for "300 workers")
    return None, False


_PER = re.compile(r"\s*(?:a|an|per|each|every)\s+(hour|day|week|month|year|quarter|season)\b", re.I)


def _per(n: Number, text: str) -> str | None:
    """The period a rate is given for: "$4 million a week" -> "week"."""
    m = _PER.match(text, n.end)
    return m.group(1).lower() if m else None


def _unit_swap(n: Number, win, ev) -> Issue | None:
    """The evidence gives this value to another noun and the window another value to this noun:
    "130 witnesses and 400 pieces" -> "400 witnesses and 130 pieces" (hedges aside), also across
    two windows ("6,500 homes" in one, "3,000 owners" in the other)."""
    if not n.unit or n.unit in CLOSED:
        return None
    if not any(m.value == n.value and m.unit and _units(n, m) == "other" for _, m in ev):
        return None
    for s, m in win:
        if m.value != n.value and m.unit and _units(n, m) == "same":
            return _issue(n, s, m, f"'{m.text}' -> '{n.text}'")
    return None


def _role_swap(n: Number, role: str | None, s: Sentence, m: Number, win) -> Issue | None:
    """The value is in the source, but as the count of another role, and the claim's role has
    another value there: "killed 300 and injured 12" -> "killed 12 and injured 300", "won 50.4%
    on a turnout of 58%" -> "won 58% on a turnout of 50.4%". Not when the two roles are verbs
    moving a number the same way (_SAME_MOVE)."""
    if role is None or (m.unit and not _closed(m.unit)):
        return None
    theirs = _role(m, s.text)
    if theirs is None or theirs == role or _SAME_MOVE.get(theirs, 0) == _SAME_MOVE.get(role, 1):
        return None
    for s2, m2 in win:
        if _key(m2.unit) == _key(m.unit) and m2.value != n.value and _role(m2, s2.text) == role:
            return _issue(n, s2, m2, f"'{m2.text}' -> '{n.text}' ({role})")
    return None


# verbs that move a number the same way: "net profit climbed 18%" for "net profit rose 18%" is no
# swap with the source's "revenue climbed 6.4%"
_SAME_MOVE = {stem(w): k for k, ws in enumerate((
    "rose rise rises risen rising climbed climb climbs climbing increased increase increases grew grow grows growing "
    "jumped jump jumps gained gain gains soared soar surged surge advanced advance up higher",
    "fell fall falls fallen falling dropped drop drops declined decline declines decreased decrease decreases slipped "
    "slip slid slide plunged plunge shrank shrink lost down lower",
    "killed kill killing dead died death deaths",
    "injured injure injuring wounded wound hurt")) for w in ws.split()}


def _overlaps(a: Number, b: Number) -> bool:
    if a.hedge is None and b.hedge is None:
        return False
    la, ha = _bounds(a)
    lb, hb = _bounds(b)
    return la <= hb and lb <= ha


def _rounded(n: Number, m: Number) -> bool:
    """n is m rounded to a rounder figure on the safe side of the same bound: "upwards of
    300,000" for "more than 310,000", "up to 2,000" for "up to 1,960" (within 5%)."""
    if not (float(n.value).is_integer() and float(m.value).is_integer()) or _zeros(n.value) <= _zeros(m.value):
        return False
    if n.hedge in ("over", "at least"):
        return 0.95 * m.value <= n.value < m.value
    return n.hedge in ("under", "at most") and m.value < n.value <= 1.05 * m.value


def _zeros(v: float) -> int:
    i, z = int(v), 0
    while i and i % 10 == 0:
        i, z = i // 10, z + 1
    return z


def _days(n: Number) -> float | None:
    """Days in one of n's units when n is a length of time ("six weeks": 7), else None."""
    k = _key(n.unit)
    return _DAYS[k[4:]] if k and k.startswith("for ") else None


def _span(n: Number) -> bool:
    return _days(n) is not None


def _span_holds(n: Number, m: Number) -> bool:
    """Two lengths of time in different units, and n's range holds m ("more than three decades"
    for "31 years", "up to about three months" for "up to 90 days" is _duration_fits)."""
    fn, fm = _days(n), _days(m)
    if fn is None or fm is None or _key(n.unit) == _key(m.unit) or n.hedge not in ("over", "at least"):
        return False
    low, other = n.value * fn, _bounds(m)[0] * fm
    return low <= other <= 1.5 * low  # not "more than ten hours" for "ten days"


def _contains(a: Number, b: Number) -> bool:
    """a's range holds b's: the derived text is vaguer than the source, not different."""
    if a.hedge is None:
        return False
    la, ha = _bounds(a)
    lb, hb = _bounds(b)
    return la <= lb and hb <= ha


def edited_numbers(claim: Sentence, best: Sentence | None) -> list[Issue]:
    """A number changed inside text copied from one source sentence ("opened 12 stores" ->
    "opened 15 stores"; "300 workers and 12 stores" -> "12 workers and 300 stores"). The claim
    repeats that sentence's words but for the number, so it says something else, whatever
    another sentence of the source counts with the same noun. Values are compared, not strings
    ("five" = "5", "1,500" = "1500"); a vaguer or compatible number is not a change ("about
    1,500" for "1,512", "about 1,400" for "at least 1,383"); numbers that moved with their noun
    or role ("12 stores and 300 workers") are left to check_numbers."""
    if best is None or not claim.numbers or not best.numbers:
        return []
    out: list[Issue] = []
    seen: set[int] = set()
    for e in edits(claim.text, best.text):
        if not (e.claim and e.source):
            continue
        theirs = [m for m in best.numbers if overlaps(m.start, m.end, e.source_span)]
        for n in claim.numbers:
            if n.start in seen or not overlaps(n.start, n.end, e.claim_span):
                continue
            role = _role(n, claim.text)
            kin = [m for m in best.numbers if _units(n, m) == "same" and role in (None, _role(m, best.text))]
            if any(_same_claim(n, m) for m in kin):
                continue  # the sentence states it, in another place
            rival = next((m for m in theirs if m in kin), None)
            # only a difference, or a share: a sum or a product in copied text is a changed number
            # that happens to fit ("18 people have died and five ..." -> "23 people have died")
            if rival is None or _equivalent(n, rival) or difference(
                    n, [m.value for m in best.numbers if n.unit and m.unit and _units(n, m) == "same"]) \
                    or ((is_share(n) or not n.unit) and worked_out(
                        n, claim.text, [(best.id, m) for m in best.numbers if m.unit not in CALENDAR and not _clock(best.text, m)],
                        lambda m: _units(n, m))):
                continue
            # "more than 300" -> "more than 210" is still true, but under the same hedge it is the
            # source's number changed; under another hedge a compatible range is a paraphrase
            if (rival.hedge == n.hedge and not _rounded(n, rival)) or not (_contains(n, rival) or (n.hedge and _overlaps(n, rival))):
                seen.add(n.start)
                out.append(_issue(n, best, rival, f"'{rival.text}' -> '{n.text}' (changed in copied text)"))
    return out


# "No one was injured", "nobody claimed responsibility", "no arrests have been made": a count of
# zero stated in words; "no longer", "no more than" and the like are not
_ZERO = re.compile(r"\b(?:no one|no-one|nobody|none|no(?!\s+(?:longer|more|fewer|less|doubt|matter|sooner|later|one)\b)(?=\s+[a-z]))\b", re.I)
_EVENT_PREFIX = 5  # "injured" / "injuries" / "injuring" are one event
_GENERIC = {"peopl", "perso", "one", "resid", "indiv"}  # "no people were hurt": the event is the verb


@lru_cache(maxsize=65536)
def _event(text: str, start: int) -> str | None:
    """What a count (or "no one") at `start` counts: the first content word after it in its
    clause, past a generic noun ("no one was *injured*", "no *arrests* were made")."""
    words = [w[:_EVENT_PREFIX] for w in content(tokens(CLAUSE_END.split(text[start:], maxsplit=1)[0]))[:2]]
    words = [w for w in words if w not in _GENERIC]
    return words[0] if words else None


def source_zeros(source: list[Sentence]) -> tuple[list[tuple[Sentence, re.Match, str]], frozenset[str]]:
    """The source's counts of zero (sentence, match, what is counted) and what it counts as one
    or more elsewhere: once per source, for check_zero."""
    zeros = [(s, m, _event(s.text, m.end())) for s in source if "no" in s.text.lower() for m in _ZERO.finditer(s.text)]
    zeros = [z for z in zeros if z[2]]
    if not zeros:
        return [], frozenset()
    spans = {(s.id, m.start(), m.end()) for s, m, _ in zeros}
    positive = {w for t in source for k in t.numbers if k.value >= 1 and k.unit not in CALENDAR
                and not any(i == t.id and a <= k.start < b for i, a, b in spans)
                for w in ((k.unit or "")[:_EVENT_PREFIX].lower(), _event(t.text, k.end)) if w}
    return zeros, frozenset(positive)


def check_zero(claim: Sentence, source_zeros: tuple[list[tuple[Sentence, re.Match, str]], frozenset[str]]) -> list[Issue]:
    """A count in the claim where the source says there were none ("Two people were injured" for
    "No one was injured in the collision"): the count's noun or the word after it is the word
    after the source's "no one" / "no". Quiet when the source also gives a count for that event
    ("no one was killed, but three were injured" does not contradict "three injured").
    `source_zeros`: source_zeros() of the source."""
    zeros, positive = source_zeros
    if not zeros:
        return []
    mine = [(m.start(), m.end()) for m in _ZERO.finditer(claim.text)]
    counts = [n for n in claim.numbers if n.value >= 1 and n.unit not in CALENDAR and not _closed(n.unit)
              and not any(a <= n.start < b for a, b in mine)]  # "no one" is no count of one
    for n in counts:
        said = {w for w in ((n.unit or "")[:_EVENT_PREFIX].lower(), _event(claim.text, n.end)) if w and w not in _GENERIC}
        for s, m, zero in zeros:
            if zero not in said or zero in positive:
                continue
            span = s.text[m.start(): m.start() + 60].split(".")[0]
            return [Issue(kind="number", detail=f"'{span}' -> '{n.text}': the source says there were none",
                          derived_span=n.text, source_span=span, derived_start=n.start, derived_end=n.end,
                          source_id=s.id, source_start=m.start())]
    return []
