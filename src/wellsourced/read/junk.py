"""News junk: agency slugs, promos, boilerplate, photo credits, attribution lines.

Rules match whole lines only, and only short ones, so a body sentence that happens to
contain "Read more" or "Source:" is never touched. Every removal is recorded with its reason.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# "burs-srm/kir", "jm/ab", "sst/dw" - AFP/Reuters desk signatures at the end of a wire story.
SLUG = re.compile(r"^\s*[a-z]{2,6}(?:-[a-z]{2,6})*\s*/\s*[a-z]{2,6}(?:-[a-z]{2,6})*\s*$")

# (reason, pattern). Patterns are anchored at the start of a line.
PROMOS: list[tuple[str, re.Pattern[str]]] = [
    ("promo", re.compile(r"^(solve|play|try) (the|today's|our) (daily )?(crossword|puzzle|sudoku|wordle|quiz)", re.I)),
    ("promo", re.compile(r"^sign up (for|to)\b", re.I)),
    ("promo", re.compile(r"^(subscribe|register|log in|click here|download (our|the) app|get the app)\b", re.I)),
    ("promo", re.compile(r"^(follow|like) us (on|at)\b", re.I)),
    # "Read more: ...", "SEE ALSO | ...", "Watch next Title" - not "Read more than 300 pages ..."
    ("promo", re.compile(r"^(read|see|watch|listen) (more|also|next)(\s*[:|»›>–—-]|\s*$|\s+(?-i:[A-Z\"“‘]))", re.I)),
    ("promo", re.compile(r"^(related|recommended|most read|trending|more from|more on this story|you may also like)\b", re.I)),
    ("boilerplate", re.compile(r"^share (this|on|via)\b|^(share|tweet|email|print|comments?)(\s*[|/•]\s*\w+)*\s*$", re.I)),
    ("boilerplate", re.compile(r"^(advertisement|sponsored( content)?|story continues below( advertisement)?)\s*$", re.I)),
    ("boilerplate", re.compile(r"^(copyright|©|\(c\))\s", re.I)),
    ("boilerplate", re.compile(r"^all rights reserved\b", re.I)),
    ("photo credit", re.compile(r"^\(?\s*(photo|image|picture|video|graphic|illustration)s?\s*(by|credit|copyright|:)", re.I)),
    ("photo credit", re.compile(r"^[^.!?]{0,80}/\s*(afp|reuters|ap|getty images|epa|anadolu)(\s+via\s+getty images)?\s*\)?\s*$", re.I)),
    ("photo credit", re.compile(r"^(getty images|afp via getty images|reuters|ap photo)\s*$", re.I)),
]

# "Original Source: www.newarab.com", "Source: Reuters", "Via: ...". Only at the start or end.
ATTRIBUTION = re.compile(r"^\s*(original source|source|sources|via|originally published (at|on|by))\s*:\s*(?P<what>\S.*?)\s*$", re.I)
URLISH = re.compile(r"^(https?://)?(www\.)?[\w-]+(\.[\w-]+)+(/\S*)?$", re.I)
# "- Alawite killings -": AFP-style crossheads; they are headings, not sentences.
CROSSHEAD = re.compile(r"^\s*[-–—•*]\s*[^.!?]{1,80}?\s*[-–—•*]\s*$")
BYLINE = re.compile(r"^\s*(?i:by)\s+(?P<who>[A-Z][\w.'-]+(\s+(?:[A-Z][\w.'-]+|and|&|de|van|von|al-\w+))*)\s*$")

MAX_JUNK_WORDS = 20


@dataclass
class LineVerdict:
    reason: str | None = None  # None: body text
    outlet: str | None = None
    url: str | None = None
    byline: str | None = None


def classify(line: str, *, at_edge: bool) -> LineVerdict:
    """Say whether one line is junk, and why. `at_edge`: first or last lines of the text."""
    s = line.strip()
    if not s:
        return LineVerdict("empty")
    words = len(s.split())
    if SLUG.match(s):
        return LineVerdict("agency slug")
    if at_edge:
        m = ATTRIBUTION.match(s)
        if m and words <= MAX_JUNK_WORDS:
            what = m.group("what").strip()
            if URLISH.match(what):
                url = what if what.lower().startswith("http") else "https://" + what
                host = re.sub(r"^(https?://)?(www\.)?", "", what, flags=re.I).split("/")[0]
                return LineVerdict("attribution line", outlet=host, url=url)
            return LineVerdict("attribution line", outlet=what)
        m = BYLINE.match(s)
        if m and words <= 8:
            return LineVerdict("byline", byline=m.group("who"))
    if words <= MAX_JUNK_WORDS:
        for reason, pat in PROMOS:
            if pat.search(s):
                return LineVerdict(reason)
    if CROSSHEAD.match(s) and words <= 10:
        return LineVerdict("section heading")
    return LineVerdict()


def promo_sentence(text: str) -> str | None:
    """The junk reason for a promo or credit left *inside* a paragraph ("READ MORE: ...",
    "Related: ...", "Click here for more"), where the reader cannot cut it without risking
    body text. The reader keeps such sentences; check calls them "not a claim" and digest
    never selects them."""
    s = text.strip()
    if len(s.split()) > MAX_JUNK_WORDS:
        return None
    for reason, pat in PROMOS:
        if pat.search(s):
            return reason
    return None
