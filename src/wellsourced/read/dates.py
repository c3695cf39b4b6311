"""Dates as pages and feeds write them -> `date` or timezone-aware `datetime`.

A value with a time and a zone becomes an aware datetime, kept in its own zone (never
converted, so the day stays the day the source printed). A value without a time, or with a
time but no zone, becomes the plain day as written: a naive time could be any zone.
"""
from __future__ import annotations

import re
from datetime import date, datetime

MIN_YEAR = 1990
_TIME = re.compile(r"\d{1,2}:\d{2}")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|[-_]|$)")


def parse_when(value: str | None) -> date | datetime | None:
    if not value or not isinstance(value, str):
        return None
    s = value.strip()
    if len(s) > 80:
        return None
    out = _iso(s) or _rfc822(s) or _other(s)
    if out is None or not (MIN_YEAR <= out.year <= datetime.now().year + 1):
        return None
    return out


def _iso(s: str) -> date | datetime | None:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        try:
            return date.fromisoformat(s)
        except ValueError:
            return None
    if not re.match(r"\d{4}-\d{2}-\d{2}[T ]\d", s):
        return None
    t = s.replace("Z", "+00:00").replace(" ", "T", 1)
    t = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", t)  # +0100 -> +01:00
    try:
        d = datetime.fromisoformat(t)
    except ValueError:
        try:
            return date.fromisoformat(s[:10])
        except ValueError:
            return None
    return _settle(d)


def _rfc822(s: str) -> date | datetime | None:
    if not re.match(r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}", s):
        return None
    from email.utils import parsedate_to_datetime

    try:
        d = parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        return None
    if not _TIME.search(s):
        return d.date()
    # email.utils gives a naive datetime for "-0000" (zone unknown)
    return _settle(d)


def _other(s: str) -> date | datetime | None:
    """'March 14, 2025', '14 March 2025 09:30 GMT', '2025/03/14' ..."""
    if not re.search(r"\d{4}", s) or re.fullmatch(r"\d+", s):
        return None
    from dateutil import parser

    import warnings

    try:
        with warnings.catch_warnings():
            # "EST", "IST": zone names dateutil will not guess; the result is naive -> the day only
            warnings.simplefilter("ignore")
            d = parser.parse(s, fuzzy=False, default=datetime(1, 1, 1))
    except (ValueError, OverflowError, TypeError):
        return None
    if d.year == 1:
        return None
    return _settle(d) if _TIME.search(s) else d.date()


def _settle(d: datetime) -> date | datetime:
    return d if d.tzinfo is not None else d.date()


def url_date(url: str) -> date | None:
    m = _URL_DATE.search(url or "")
    if not m:
        return None
    try:
        d = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return d if MIN_YEAR <= d.year <= datetime.now().year + 1 else None
