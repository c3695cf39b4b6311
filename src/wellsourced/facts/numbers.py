"""Find numbers in a sentence: value, what they count, hedge ("at least 1,383 civilians").

Written as regexes rather than spaCy's like_num because we need the hedge words in
front, the scale words after ("5.2 million"), number words ("twenty-five", "half a
million", "two-thirds"), and because it runs on every sentence of every article.

`unit` says what a number measures. Most are the noun counted ("civilians"); a closed set
is written as a symbol so that two texts compare alike: currencies ("$", "£", "€", "¥", "₹"),
"%" for percent and "points" for percentage points, and calendar units: "year" (a calendar
year, 2023), "date" (month*100 + day, "March 3" -> 303), "month" (1-12, "in March") and
"weekday" (0 = Monday). A duration "13-year" has unit "years". A range "10-15 people" or
"between 10 and 15" is two numbers, hedged "at least" and "at most".
"""
from __future__ import annotations

import datetime as _dt
import re

from ..model import Number

SMALL = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
BIG = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
FRACTION = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
            "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10}
# plural words are themselves vague: hedge "about" unless written otherwise
VAGUE = {"hundreds": 100, "thousands": 1000, "dozens": 12, "millions": 1e6, "billions": 1e9}
SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
          "m": 1e6, "bn": 1e9, "k": 1e3, "mn": 1e6, "tn": 1e12, "mln": 1e6, "bln": 1e9}
# normalised hedge -> the ways news writes it
HEDGES = {
    "at least": ["at least", "no fewer than", "no less than", "a minimum of"],
    "over": ["more than", "over", "upwards of", "in excess of", "above", "just over", "well over", "longer than",
             "older than", "greater than", "higher than", "exceeding", "topped", "topping"],
    "under": ["less than", "fewer than", "under", "below", "just under", "younger than", "shorter than", "lower than"],
    "at most": ["at most", "up to", "up to about", "up to around", "up to roughly", "as many as", "as much as", "no more than", "a maximum of", "reaching", "peaking at",
                "as high as", "as long as", "as far as"],
    "about": ["about", "around", "approximately", "roughly", "some", "an estimated", "estimated",
              "nearly", "almost", "close to", "nearly", "approx."],
}
HEDGE_OF = {w: norm for norm, ws in HEDGES.items() for w in ws}
# "nearly"/"almost" mean "a little under"; keep them apart from "about" for the report
HEDGE_OF.update({"nearly": "nearly", "almost": "nearly", "close to": "nearly"})
CURRENCY = {"$": "$", "us$": "$", "usd": "$", "£": "£", "gbp": "£", "€": "€", "eur": "€", "¥": "¥", "₹": "₹",
            "a$": "A$", "au$": "A$", "c$": "C$", "ca$": "C$", "hk$": "HK$"}
CURRENCY_WORDS = {"dollar": "$", "dollars": "$", "euro": "€", "euros": "€", "pound": "£", "pounds": "£",
                  "sterling": "£", "yen": "¥", "rupee": "₹", "rupees": "₹", "yuan": "yuan", "renminbi": "yuan"}
# other currencies by name, each its own unit: "1.3 million crowns" is not "1.3 million dollars"
# ("won" is left out: "won 58 percent")
CURRENCY_WORDS.update({w: w.rstrip("s") for w in (
    "crown crowns krona kronor krone kroner franc francs mark marks peso pesos rand rouble roubles ruble rubles "
    "lira lire zloty zlotys dinar dinars dirham dirhams riyal riyals shekel shekels shilling shillings naira baht "
    "ringgit rupiah forint forints").split()})
CURRENCY_UNITS = frozenset(CURRENCY.values()) | frozenset(CURRENCY_WORDS.values())
MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"], 1)}
MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
               "nov": 11, "dec": 12})
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
# a length of time in days, by its unit (singular): "a year and two months" is 14 months; check
# compares lengths given in different units with it
DAYS = {"second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1, "week": 7, "fortnight": 14, "month": 30.44,
        "year": 365.25, "decade": 3652.5, "century": 36525}
CALENDAR = {"year", "date", "month", "weekday", "clock"}  # "clock": a time of day, minutes past 12 (a.m. or p.m.)


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_small, _tens, _big, _frac = _alt(SMALL), _alt(TENS), _alt(BIG), _alt(FRACTION)
_base = rf"(?:(?:{_tens})(?:[-\s](?:{_alt(list(SMALL)[:9])}))?(?![-\w])|(?:{_small}))"
_hundreds = rf"(?:(?:{_base}|a|one)\s+hundred(?:\s+(?:and\s+)?{_base})?)"
# most specific first: the regex takes the first alternative that matches, not the longest
_WORD = (
    rf"(?:(?:{_hundreds}|{_base}|a|an|half\s+a|half\s+an)\s+(?:{_big})(?!s)"
    rf"|{_hundreds}"
    rf"|(?:{_small})[-\s](?:{_frac})|(?:a|one)[-\s](?:{_frac})(?=\s+of\b)"
    rf"|{_base}|a\s+dozen|dozen|{_alt(VAGUE)}|a\s+hundred|a\s+thousand|half)"
)
_hedge_alt = _alt(HEDGE_OF)
_scale_alt = _alt(SCALES)
_cur_alt = r"US\$|AU?\$|CA?\$|HK\$|USD|GBP|EUR|[$£€¥₹]"
NUM_RE = re.compile(
    rf"(?<![\w.,$£€¥₹])(?<![A-Za-z]-)(?:(?P<hedge>{_hedge_alt})\s+)?"
    rf"(?P<cur>{_cur_alt})?\s?"
    rf"(?:(?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)|(?P<word>{_WORD})(?![\w]))"
    rf"(?:\s?(?P<scale>{_scale_alt})\b)?"
    rf"(?P<pct>\s?(?:%|percent\b|per cent\b))?"
    rf"(?P<pts>\s(?:percentage|basis)[\s-]points?\b)?"
    rf"(?:[-\s](?:of\s)?(?!(?:{_hedge_alt})\s+[\d$£€¥₹])(?P<unit>[A-Za-z][A-Za-z'’-]{{1,30}}))?",
    re.I,
)
UNIT_STOP = set(
    "and or to of in on at by for the a an as is was were are be been with from than that which who "
    "people's percent per cent times this these those its their his her our them us it you all whom "
    "because after before while when but so if since until despite though although amid into against between "
    "within without during across through via versus "
    # "1.4 billion more than approved": a comparison, not what is counted
    "more less fewer higher lower extra additional further larger smaller bigger greater".split()
)
YEARISH = re.compile(r"^(1[89]\d\d|20\d\d)$")
_M = _alt(MONTHS)
DATE_RE = re.compile(
    rf"\b(?:(?P<m1>{_M})\.?\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?(?![\d,]\d)(?:,?\s+(?P<y1>1[89]\d\d|20\d\d))?"
    rf"|(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_M})\b\.?(?:,?\s+(?P<y2>1[89]\d\d|20\d\d))?"
    rf"|(?P<pre>(?:in|since|until|till|by|during|early|late|mid-?|last|next|this|from|of|through|before|after)\s+)"
    rf"(?P<m3>{_M})\b(?:,?\s+(?P<y3>1[89]\d\d|20\d\d))?"
    rf"|(?P<m4>{_M})\s+(?P<y4>1[89]\d\d|20\d\d))\b",
    re.I,
)
WEEKDAY_RE = re.compile(rf"\b(?:{_alt(WEEKDAYS)})\b", re.I)
_RANGE_GAP = re.compile(r"^\s?(?:-|–|—|to)\s?$|^\s+(?:and|to)\s+$", re.I)


def word_value(words: str) -> float:
    """Value of number words as matched by the finder: "twenty-five" 25, "half a million" 5e5,
    "two-thirds" 2/3, "one hundred and twenty" 120, "a dozen" 12."""
    toks = [t for t in re.split(r"[\s-]+", words.lower()) if t not in ("and", "")]
    if toks and toks[0] in VAGUE:
        return float(VAGUE[toks[0]])
    total, cur = 0.0, 0.0
    for i, t in enumerate(toks):
        if t in ("a", "an"):
            cur = cur or 1.0
        elif t in SMALL:
            cur += SMALL[t]
        elif t in TENS:
            cur += TENS[t]
        elif t == "dozen":
            cur = (cur or 1.0) * 12
        elif t == "hundred":
            cur = (cur or 1.0) * 100
        elif t in BIG:
            total += (cur or 1.0) * BIG[t]
            cur = 0.0
        elif t in FRACTION:
            if t in ("half", "halves") and i + 1 < len(toks):  # "half a million"
                cur = 0.5
            else:
                cur = (cur or 1.0) / FRACTION[t]
    return total + cur


def find_numbers(text: str) -> list[Number]:
    """Numbers, dates and weekdays in the sentence, in text order."""
    out = _dates(text)
    for n in _clocks(text) + _parts(text) + _half_years(text):
        if not any(n.start < x.end and x.start < n.end for x in out):
            out.append(n)
    taken = [(n.start, n.end) for n in out]
    for m in NUM_RE.finditer(text):
        if any(a <= m.start("digits" if m.group("digits") else "word") < b for a, b in taken):
            continue
        n = _number(text, m)
        if n is not None:
            out.append(n)
    out.sort(key=lambda n: (n.start, n.end))
    _ranges(text, out)
    return _shares(text, out)


_AREA = re.compile(r"\s+([A-Za-z]+)")
# "went on for over seven weeks", "the first in over 20 years": "over" is "more than" there
_FOR_OVER = re.compile(r"\b(?:for|in|after|lasted|lasting|took|take|takes)\s+$", re.I)


def _number(text: str, m: re.Match[str]) -> Number | None:
    word = (m.group("word") or "").lower()
    if word and not _word_ok(text, m):
        return None
    value = float(m.group("digits").replace(",", "")) if m.group("digits") else word_value(word)
    scale = (m.group("scale") or "").lower()
    if scale:
        value *= SCALES[scale]
    hedge = HEDGE_OF.get((m.group("hedge") or "").lower())
    if word.split(" ")[0] in VAGUE and hedge is None:
        hedge = "about"
    raw = m.group("unit")
    two = _AREA.match(text, m.end("unit")) if raw and raw.lower() in ("square", "cubic") else None
    if two:  # "14 square kilometres": the unit is both words
        raw = f"{raw} {two.group(1)}"
    unit = raw
    cur = CURRENCY.get((m.group("cur") or "").lower())
    if m.group("pct"):
        unit = "%"
    elif m.group("pts"):
        unit = "points"
        if "basis" in m.group("pts").lower():
            value /= 100  # "40 basis points" is 0.4 percentage points
    elif cur:
        unit = cur
    elif raw and raw.lower() in CURRENCY_WORDS:
        unit = CURRENCY_WORDS[raw.lower()]
    elif raw and raw.lower() in UNIT_STOP:
        unit = None
    elif raw and raw.lower() in ("year", "years", "year-old", "years-old"):
        unit = "years" if raw.lower() in ("year", "years") else "year-old"
    if unit and unit.lower() in ("people", "persons"):
        unit = "people"
    start, end = m.start(), two.end() if two else m.end()
    if (m.group("hedge") or "").lower() == "over" and unit and unit.lower().rstrip("s") in _SPANS \
            and not _FOR_OVER.search(text, 0, m.start("hedge")):
        # "a 14 percent raise over three years", "by 18 percent over 60 days": "over" is "during"
        # before a length of time, and a rewrite drops or keeps it freely; not "more than"
        hedge, start = None, m.end("hedge")
    if raw and unit in (None, "%", "points") or (raw and cur):
        end = max(m.end(g) for g in ("digits", "word", "scale", "pct", "pts") if m.group(g))
    if m.group("digits") and YEARISH.match(m.group("digits")) and not hedge and not cur and not scale and (
            not unit or (unit == raw and not _plural(unit))):
        unit, end = "year", m.end("digits")  # "in 2023", "the 2009 vote"
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():  # "family: two parents": the match may open on the space
        start += 1
    return Number(text=text[start:end], value=value, unit=unit, hedge=hedge, start=start, end=end)


# lengths of time: "six weeks" is not "six months" (a noun unit like "stores" vs "shops" may be a
# paraphrase; these never are). check/numbers.py compares them; here "over" before one is "during"
DURATIONS = {"second", "minute", "hour", "day", "week", "fortnight", "month", "year", "decade", "century"}
_SPANS = DURATIONS | {"centurie"}  # "centuries".rstrip("s")


def _plural(noun: str) -> bool:
    n = noun.lower()
    return n.endswith("s") or n in ("people", "men", "women", "children", "police", "staff", "feet", "cattle", "personnel")


def _dates(text: str) -> list[Number]:
    """Explicit dates ("March 3", "3 March 2023"), months ("in March") and weekdays."""
    out: list[Number] = []
    for m in DATE_RE.finditer(text):
        mon = next(g for g in (m.group("m1"), m.group("m2"), m.group("m3"), m.group("m4")) if g)
        if mon.lower() == "may" and mon == "may":
            continue  # the verb
        day = m.group("d1") or m.group("d2")
        year = m.group("y1") or m.group("y2") or m.group("y3") or m.group("y4")
        start = m.start("m3") if m.group("m3") else m.start()
        if day and 1 <= int(day) <= 31:
            end = m.end(m.lastindex) if not year else m.start("y1" if m.group("y1") else "y2")
            end = _rstrip(text, start, end)
            out.append(Number(text=text[start:end], value=MONTHS[mon.lower().rstrip(".")] * 100 + int(day), unit="date",
                              start=start, end=end))
        elif not day:
            end = start + len(mon)
            out.append(Number(text=text[start:end], value=MONTHS[mon.lower().rstrip(".")], unit="month", start=start, end=end))
        if year:
            ys = m.start("y1" if m.group("y1") else "y2" if m.group("y2") else "y3" if m.group("y3") else "y4")
            out.append(Number(text=year, value=float(year), unit="year", start=ys, end=ys + 4))
    for m in WEEKDAY_RE.finditer(text):
        out.append(Number(text=m.group(0), value=WEEKDAYS[m.group(0).lower()], unit="weekday", start=m.start(), end=m.end()))
    return out


_HOUR_WORD = {w: v for w, v in SMALL.items() if 1 <= v <= 12}
_h = rf"(?:{_alt(_HOUR_WORD)}|1[0-2]|0?[1-9])"
_CLOCK = re.compile(
    rf"(?<![\w.,:])(?:(?P<hedge>{_hedge_alt})\s+)?(?:"
    rf"(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?![:\d])(?:\s?(?P<ap>[ap]\.?m\b\.?))?"
    rf"|(?P<h2>1[0-2]|0?[1-9])\s?(?P<ap2>[ap]\.?m\b\.?)"
    rf"|(?P<mw>(?:a\s+)?quarter|half|{_base}|\d{{1,2}}(?:\s+minutes)?)\s+(?P<dir>past|to)\s+(?P<hw>{_h})(?![\w:])"
    rf"|(?P<hw2>{_h})\s+o['’]clock)",
    re.I,
)


def _clocks(text: str) -> list[Number]:
    """Times of day ("4:40 a.m.", "11 p.m.", "twenty to five", "half past nine", "ten o'clock"):
    one number each, in minutes past 12 on a 12-hour dial, so that "twenty past eleven in the
    morning" is "11:20 a.m." and neither reads as the counts 11 and 20."""
    out: list[Number] = []
    for m in _CLOCK.finditer(text):
        if m.group("h"):
            minutes = int(m.group("h")) * 60 + int(m.group("m"))
        elif m.group("h2"):
            minutes = int(m.group("h2")) * 60
        else:
            if m.group("mw") and not _clock_words(text, m):
                continue
            hw = (m.group("hw") or m.group("hw2")).lower()
            hour = int(hw) if hw.isdigit() else _HOUR_WORD[hw]
            mw = (m.group("mw") or "").lower()
            past = 15 if "quarter" in mw else 30 if mw == "half" else \
                int(mw.split()[0]) if mw[:1].isdigit() else word_value(mw) if mw else 0
            minutes = hour * 60 + (-past if (m.group("dir") or "").lower() == "to" else past)
        out.append(Number(text=m.group(0), value=float(minutes % 720), unit="clock",
                          hedge=HEDGE_OF.get((m.group("hedge") or "").lower()), start=m.start(), end=m.end()))
    return out


_MINUTE_WORDS = {"quarter", "a quarter", "half", "five", "ten", "twenty", "twenty-five", "twenty five"}
_AT = re.compile(r"\b(?:at|by|until|till|before|after)\s+(?:(?:about|around|roughly|approximately|shortly|just)\s+)?$", re.I)
_COUNTED = re.compile(r"\s+(?:years?|months?|weeks?|days?|hours?|minutes?|percent|per\s+cent|%|times|people)\b", re.I)


def _clock_words(text: str, m: re.Match) -> bool:
    """"twenty past eleven", "at about twenty to five": a clock, not a range or a vote ("two to
    three weeks", "voted 10 to 2", "from two to five percent"): the minutes are the clock's own
    words (or "N minutes"), nothing counted follows, and "to" needs "at", "by", "until" ... before."""
    mw = re.sub(r"\s+", " ", m.group("mw").lower())
    if mw not in _MINUTE_WORDS and not mw.endswith("minutes") or _COUNTED.match(text, m.end()):
        return False
    return m.group("dir").lower() == "past" or bool(_AT.search(text, 0, m.start()))


_PART_UNITS = {**{u: u + "s" for u in ("second", "minute", "hour", "day", "week", "fortnight", "month", "year", "decade")},
               "century": "centuries", "thousand": "", "million": "", "billion": "", "trillion": ""}
_SPAN_ALT = r"(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?)"
_PART = re.compile(
    rf"(?<![\w.,$£€¥₹-])(?:(?P<hedge>{_hedge_alt})\s+)?(?:"
    rf"(?P<n>a|an|one|{_small})[-\s](?P<f>{_frac})\s+of\s+an?\s+(?P<u1>{_alt(_PART_UNITS)})"
    rf"|half\s+an?\s+(?P<u2>{_alt(_PART_UNITS)})"
    rf"|(?P<w>a|an|one|{_small}|\d+)\s+(?:and\s+a\s+half\s+(?P<u3>{_alt(_PART_UNITS)})s?|(?P<u4>{_alt(_PART_UNITS)})s?\s+and\s+a\s+half"
    rf"|(?P<ua>{_SPAN_ALT})\s+and\s+(?P<b>{_small}|\d+)\s+(?P<ub>{_SPAN_ALT})))\b"
    rf"(?:\s+(?P<unit>[A-Za-z][A-Za-z'’-]{{1,30}}))?",
    re.I,
)


_ONE_SPAN = re.compile(r"(?<![\w-])(?:(?P<hedge>{h})\s+)?(?:a|one)\s+(?P<u>decade|fortnight|century)\b".format(h=_hedge_alt), re.I)


def _parts(text: str) -> list[Number]:
    """A fraction of a unit or a scale ("a quarter of a million dollars" 250,000 dollars, "a
    quarter of an hour" 0.25 hours, "half a year", "two and a half thousand years", "an hour and
    a half"): the finder alone reads "a quarter" and "a million"."""
    out: list[Number] = []
    for m in _PART.finditer(text):
        if m.group("u1"):
            value = word_value(f"{m.group('n')} {m.group('f')}")
            if value >= 1:
                continue
        elif m.group("u2"):
            value = 0.5
        else:
            w = m.group("w").lower()
            value = float(w) if w.isdigit() else 1.0 if w in ("a", "an", "one") else float(SMALL[w])
            if m.group("ua"):  # "a year and two months": 14 months, in the smaller unit
                ua, ub = (m.group(g).lower().rstrip("s") for g in ("ua", "ub"))
                if DAYS[ub] >= DAYS[ua]:
                    continue  # "six weeks and 12 months" are two lengths
                b = m.group("b").lower()
                value = value * DAYS[ua] / DAYS[ub] + (float(b) if b.isdigit() else float(SMALL[b]))
                end = _rstrip(text, m.start(), m.end("ub"))
                out.append(Number(text=text[m.start():end], value=round(value, 2), unit=ub + "s",
                                  hedge=HEDGE_OF.get((m.group("hedge") or "").lower()), start=m.start(), end=end))
                continue
            value += 0.5
        u = (m.group("u1") or m.group("u2") or m.group("u3") or m.group("u4")).lower()
        unit, end = _PART_UNITS[u], m.end()
        if not unit:  # a scale: what follows is the unit ("dollars", "years old")
            value *= SCALES[u]
            raw = m.group("unit")
            unit = CURRENCY_WORDS.get(raw.lower(), raw) if raw and raw.lower() not in UNIT_STOP else None
            if raw and unit is None:
                end = m.start("unit")
        elif m.group("unit"):
            end = m.start("unit")
        end = _rstrip(text, m.start(), end)
        out.append(Number(text=text[m.start():end], value=value, unit=unit,
                          hedge=HEDGE_OF.get((m.group("hedge") or "").lower()), start=m.start(), end=end))
    for m in _ONE_SPAN.finditer(text):  # "in a decade": ten years
        if not any(n.start <= m.start("u") < n.end for n in out):
            out.append(Number(text=m.group(0), value=1.0, unit=_PART_UNITS[m.group("u").lower()] or m.group("u").lower() + "s",
                              hedge=HEDGE_OF.get((m.group("hedge") or "").lower()), start=m.start(), end=m.end()))
    return out


# "in the first half" of a year is its first six months; not of a match, a season or a century
_HALF_YEAR = re.compile(r"\b(?:first|second)\s+half\b(?!\s+of\s+(?:the\s+|this\s+|that\s+|its\s+)?(?:match|game|season|"
                        r"century|decade|term|race|show|film|book|\d{2}(?!\d)))", re.I)


def _half_years(text: str) -> list[Number]:
    return [Number(text=m.group(0), value=6.0, unit="months", start=m.start(), end=m.end()) for m in _HALF_YEAR.finditer(text)]


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " ,":
        end -= 1
    return end


def _ranges(text: str, nums: list[Number]) -> None:
    """ "10-15 people", "between 10 and 15", "from 10 to 15": at least the first, at most the second."""
    for a, b in zip(nums, nums[1:]):
        if a.hedge or b.hedge or a.unit in CALENDAR or b.unit in CALENDAR or a.value >= b.value:
            continue
        gap = text[a.end:b.start]
        if a.unit and a.unit not in ("$", "£", "€", "¥", "₹", "%", "points"):
            continue  # "10 people to 15" is not a range
        if a.unit and b.unit and a.unit != b.unit:
            continue  # "climbed 6.4% to 2.31 billion euros": a change and a level, not a range
        if not _RANGE_GAP.match(gap):
            continue
        if gap.strip().lower() in ("and", "to") and not re.search(r"\b(?:between|from)\s+\S*$", text[:a.start], re.I):
            if gap.strip().lower() == "and":
                continue
        a.hedge, b.hedge = "at least", "at most"
        if b.unit and not a.unit:
            a.unit = b.unit
        elif a.unit and not b.unit:
            b.unit = a.unit


_TIME_UNIT = re.compile(r"(?:second|minute|hour|day|week|month|year|decade)s?$", re.I)  # "2 in 3 minutes" is a rate
_SHARE_GAP = re.compile(r"^(?:\s+in|out\s+of)\s+(?:every\s+)?$", re.I)


def _shares(text: str, nums: list[Number]) -> list[Number]:
    """ "three in five", "one out of every four": a share, kept as a percentage (60, 25) so it
    meets "62 percent"; no hedge means "about" (a share in words is a rounded figure)."""
    out: list[Number] = []
    i = 0
    while i < len(nums):
        a = nums[i]
        b = nums[i + 1] if i + 1 < len(nums) else None
        out_of = a.unit is not None and a.unit.lower() == "out"  # "one out of ten": the finder took "out" as a unit
        if (b is not None and (a.unit is None or out_of) and b.unit not in CALENDAR and not _TIME_UNIT.match(b.unit or "") and b.hedge is None and 0 < a.value < b.value <= 1000
                and float(b.value).is_integer() and _SHARE_GAP.match(("out " if out_of else " ") + text[a.end:b.start].lstrip())):
            out.append(Number(text=text[a.start:b.end], value=round(100 * a.value / b.value, 2), unit="%",
                              hedge=a.hedge or "about", start=a.start, end=b.end))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


# "the first half", "the second half": a part of something, not 0.5 of the word after it
_PERIOD_HALF = re.compile(r"\b(?:first|second|last|latter|former|other)\s+$", re.I)


def _word_ok(text: str, m: re.Match[str]) -> bool:
    """Word numbers are easy to mis-read: "one of the", "some of", "half of them"."""
    word = m.group("word").lower()
    if word in ("one",) and not m.group("hedge"):
        nxt = text[m.end("word") : m.end("word") + 4].lower()
        if nxt.startswith(" of") or nxt.startswith("'s") or nxt.startswith(" another"):
            return False
    if word in ("half", "a half") and not m.group("unit"):
        return False
    if word == "half" and _PERIOD_HALF.search(text, 0, m.start("word")):
        return False  # "in the first half": a part of a year or a match, not 0.5 of what follows
    if word in ("a", "an"):
        return False
    return True


# --- dates relative to the article's date ---------------------------------------------------

RELATIVE_RE = re.compile(
    r"\b(?:(?P<day>today|yesterday|tomorrow)"
    r"|(?P<yr>last|this|next|earlier this|later this)\s+year"
    r"|(?P<mo>last|this|next|earlier this|later this)\s+month)\b",
    re.I,
)


def as_date(value) -> _dt.date | None:
    """An article's date as a date: accepts a date, a datetime or an ISO 8601 string; None if unknown."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def resolve_dates(text: str, numbers: list[Number], ref: _dt.date | None) -> list[Number]:
    """Calendar facts the sentence implies given its article's date `ref`: "last year" is a
    year, "on Monday" the date of the last Monday on or before `ref`, "March 3" a weekday.
    Nothing without `ref`: relative dates are then compared only with what is explicit."""
    if ref is None:
        return []
    out: list[Number] = []

    def add(t: str, v: float, unit: str, a: int, b: int) -> None:
        out.append(Number(text=t, value=v, unit=unit, start=a, end=b))

    for m in RELATIVE_RE.finditer(text):
        t, a, b = m.group(0), m.start(), m.end()
        if m.group("day"):
            d = ref + _dt.timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[m.group("day").lower()])
            add(t, d.month * 100 + d.day, "date", a, b)
            add(t, d.weekday(), "weekday", a, b)
        elif m.group("yr"):
            add(t, ref.year + {"last": -1, "next": 1}.get(m.group("yr").lower(), 0), "year", a, b)
        else:
            k = {"last": -1, "next": 1}.get(m.group("mo").lower(), 0)
            add(t, (ref.month - 1 + k) % 12 + 1, "month", a, b)
    for n in numbers:
        if n.unit == "weekday":
            d = ref - _dt.timedelta(days=(ref.weekday() - int(n.value)) % 7)
            add(n.text, d.month * 100 + d.day, "date", n.start, n.end)
        elif n.unit == "date":
            mon, day = divmod(int(n.value), 100)
            for y in (ref.year, ref.year - 1, ref.year + 1):  # the nearest such date to the article's
                try:
                    d = _dt.date(y, mon, day)
                except ValueError:
                    continue
                if abs((d - ref).days) <= 183:
                    add(n.text, d.weekday(), "weekday", n.start, n.end)
                    break
    return out
