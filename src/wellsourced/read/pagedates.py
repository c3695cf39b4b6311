"""Dates as a page shows them: <time> elements, a date printed beside the headline, an element
classed as the publication date; and the merge of dated sources in order of trust (meta.py
gives the structured ones). Rules tuned on half A of wcxb-dev only (bench/extraction.py).
"""
from __future__ import annotations

import re
from datetime import date, datetime

from .dates import parse_when

# The last resort is a date printed next to the headline (printed_date). On half A of wcxb-dev
# htmldate in that place gave .846 with a date on .45 of the pages that have none (its text search:
# .863 and .97): it finds copyright years, image paths and "updated" stamps of evergreen pages.
# The date beside the headline gave .863 and .16 (bench/extraction.py).
# Behind it, as a fallback when it finds nothing (stop 19, half A): trafilatura's date .897 but a
# date on .97 of the dateless pages; htmldate .880-.889 and .45. Ours: .872 and .19.
NEAR_BEFORE, NEAR_AFTER = 300, 600  # characters of page text around the headline searched for a date
UPDATED_CLASS = re.compile(r"modif|updat")  # "post-date__modified-date": the date of the last edit


def _classes(el) -> str:
    parent = el.getparent()
    return " ".join(filter(None, [el.get("class"), parent.get("class") if parent is not None else ""])).lower()


def time_elements(tree) -> list[str]:
    """<time datetime> marked as publication, else the first one inside <article> or the header."""
    out = []
    times = tree.xpath("//time[@datetime]")[:20]
    for el in times:
        cls = _classes(el)
        if UPDATED_CLASS.search(cls):
            continue
        if el.get("pubdate") is not None or "publish" in cls or "posted" in cls or "date" in cls:
            out.append(el.get("datetime"))
    if len({(v or "")[:10] for v in out}) > 1:  # a listing's dates (other articles'), as with microdata
        out = []
    if not out:
        out = [el.get("datetime") for el in tree.xpath("//article//time[@datetime]")[:1]]
    return out


def best_date(ld: str | None, metas: list[str | None], micro: list[str], times: list[str | None] | None = None):
    """The first parseable value in order of trust; a full timestamp from a later source refines a
    bare day from an earlier one when both name the same day."""
    found = [parse_when(v) for v in [ld, *metas, *micro, *(times or [])] if v]
    found = [f for f in found if f is not None]
    if not found:
        return None
    best = found[0]
    if not isinstance(best, datetime):
        for f in found[1:]:
            if isinstance(f, datetime) and f.date() == best:
                return f
    return best


_MON = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
        r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_PRINTED = re.compile(rf"\b(?:{_MON}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d"
                      rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON},?\s+(?:19|20)\d\d"
                      r"|(?:19|20)\d\d-\d\d-\d\d|\d{1,2}\.\d{1,2}\.(?:19|20)\d\d)\b", re.I)
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)")
_VISIBLE = "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]"


def printed_date(tree, title: str | None) -> date | None:
    """The first date written out in the page text just before or after the headline (the h1, else
    the title): where an article prints its date. Dates elsewhere on a page (footers, sidebars,
    comments) are not the article's."""
    h1 = tree.xpath("//h1")
    head = " ".join(" ".join(h1[0].itertext()).split()) if h1 else ""
    head = head or (title or "")
    if not head:
        return None
    text = " ".join(" ".join(tree.xpath(_VISIBLE)).split())
    pos = text.find(head)
    if pos < 0:
        return None
    lo, hi = max(0, pos - NEAR_BEFORE), pos + len(head) + NEAR_AFTER
    m = _PRINTED.search(text, lo, hi)
    if m:
        return _printed_day(m[0])
    # No date in words or digits we read; a <time> printed there says its own date in datetime=
    for el in tree.xpath("//body//time[@datetime]")[:20]:
        if UPDATED_CLASS.search(_classes(el)):
            continue
        shown = " ".join(" ".join(el.itertext()).split())
        at = text.find(shown, lo, hi) if shown else -1
        if at >= 0 and (found := parse_when(el.get("datetime"))):
            return day(found)
    # "2/24/2026" alone in its element after the headline: a date field, month first as US pages
    # print it. Inside a sentence ("valid through 01/23/2026") it is no publication date.
    for t in tree.xpath(_VISIBLE):
        m = _SLASHED.fullmatch(t.strip())
        if m and text.find(m[0], pos + len(head), hi) >= 0:
            try:
                return date(int(m[3]), int(m[1]), int(m[2]))
            except ValueError:
                return None
    return None


PUBLISHED_CLASS = "//*[contains(@class, 'publish')][not(self::time or self::script or self::style)]"


def _printed_day(shown: str) -> date | None:
    """A date as _PRINTED matched it -> the day."""
    dotted = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", shown)
    if dotted:  # 22.04.2023: day first, wherever dates are written with dots
        d, mo, y = (int(g) for g in dotted.groups())
        try:
            return date(y, mo, d)
        except ValueError:
            return None
    found = parse_when(re.sub(r"(?<=\d)(?:st|nd|rd|th)\b|\bof\s+", "", shown))
    return day(found) if found else None


def class_date(tree) -> date | None:
    """When nothing else dates the page: the text of an element whose class says it holds the
    publication date ('fusion-published-date': "Published On: 15 August 2025"), wherever it is."""
    for el in tree.xpath(PUBLISHED_CLASS)[:30]:
        text = " ".join(" ".join(el.itertext()).split())
        if text and len(text) <= 60 and not UPDATED_CLASS.search(_classes(el)) and (m := _PRINTED.search(text)):
            return _printed_day(m[0])
    return None


def day(d: date | datetime) -> date:
    return d.date() if isinstance(d, datetime) else d
