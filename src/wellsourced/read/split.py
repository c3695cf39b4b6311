"""Sentence splitting tuned for news.

A single regex pass finds candidate ends (. ! ? and closing quotes/brackets after them,
followed by space and a capital, digit or opening quote), then news abbreviations veto
the ones that are not ends: titles ("Mr.", "Gen."), initials ("John F. Kennedy"), months
before a day ("Jan. 5"), "No. 3", "U.S." and "p.m." before a name. It is ~50x faster
than spaCy's tokenizer + sentencizer, which was most of the time spent reading a page.
Tokenised text (benchmark summaries: "he left . she stayed") splits at every detached stop.
Two news-specific repairs on top:
- a quotation that runs over several sentences stays in one Sentence, so its speaker
  stays attached ("...border. Terrorism knows no borders," he said.);
- an abbreviation that really ends a sentence ("... in the U.S. The ...", "at 5 p.m. Police")
  is split.
"""
from __future__ import annotations

import re

OPEN_Q = "\u201c"
CLOSE_Q = "\u201d"
MAX_QUOTE_MERGE = 4  # beyond this an unbalanced quote is a typo, not a long quotation

# Lower-cased words that start sentences but never continue a name after "U.S." etc.
STARTERS = set(
    "the a an he she it they we i you his her its their our this that these those there "
    "but and in on at for if when while after before as however meanwhile still yet".split()
)

# Abbreviations after which a capitalised word continues the sentence ("Mr. Smith",
# "Gen. Milley", "St. Louis", "Jan. 5", "No. 10"). Compared lower-case, without the dot.
TITLES = set(
    "mr mrs ms mx dr prof sen rep gov gen lt col maj capt cpt cmdr adm sgt cpl pvt brig rev fr "
    "st mt ft hon pres supt insp det atty messrs mme mlle sr jr no nos vol pp fig art sec ch "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun "
    "ave blvd rd hwy dept univ corp inc ltd co bros vs v approx est ca cf al".split()
)
# These end a sentence happily too ("... said Smith Jr. He added"): split before a STARTER.
ENDISH = {"jr", "sr", "inc", "ltd", "co", "corp", "bros", "al", "est", "st", "ave", "blvd", "rd", "hwy", "dept"}
MONTHS = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}

# A candidate end: terminal punctuation, closing quotes/brackets, then space(s).
_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s+)|[\u3002\uff01\uff1f]+")
# What may start the next sentence: a capital, a digit, an opening quote/bracket/dash.
_NEXT_OK = re.compile(r"[\"'\u201c\u2018(\[\u2014\u2013-]*[^\W_a-z]", re.UNICODE)
_CAMEL = re.compile(r"[a-z]{1,2}[A-Z]")  # "iPhone sales rose", "eBay said"
_SAID_AFTER = re.compile(
    r"(?:[A-Z][\w.'\u2019-]*\s+){1,3}(?:said|says|asked|asks|told|added|wrote|replied|shouted|insisted)\b"
)
_WORD_BEFORE = re.compile(r"([\w.'\u2019-]+)$")
_NEXT_WORD = re.compile(r"[\"'\u201c\u2018(\[]*([\w'\u2019-]+)")


def split(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of one paragraph."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _ends(text):
        end = m.end()
        if text[m.start()] in "\u3002\uff01\uff1f":  # CJK full stops need no space after
            spans.append((start, end))
            start = end
            continue
        nxt = end
        while nxt < n and text[nxt].isspace():
            nxt += 1
        if nxt < n and m.group() in ".!?" and m.start() > 0 and text[m.start() - 1] == " " and text[nxt].isalpha():
            spans.append((start, end))  # a detached stop (" . "): tokenised text, often lower-cased ("at home . she said")
            start = nxt
            continue
        if nxt >= n or not (_NEXT_OK.match(text, nxt) or _CAMEL.match(text, nxt)):
            continue
        if m.group()[-1] in "\"\u201d" and m.group()[0] in "?!" and _SAID_AFTER.match(text, nxt):
            continue  # '"Why now?" Smith asked.' is one sentence
        if m.group().startswith(".") and m.group().rstrip("\"'\u201d\u2019)]") == "." and not _ends_here(text, m.start(), nxt):
            continue
        spans.append((start, end))
        start = nxt
    spans.append((start, n))
    spans = [(a, b) for a, b in (_strip(text, a, b) for a, b in spans) if b > a]
    return _merge_quotes(text, spans)


_END_CHAR = re.compile(r"[.!?\u2026\u3002\uff01\uff1f]")


def _ends(text: str):
    """_END.finditer(text), faster: jump to the next stop character with a one-class search (the
    alternation in _END makes the regex engine try every position), then match there."""
    pos = 0
    while (c := _END_CHAR.search(text, pos)) is not None:
        m = _END.match(text, c.start())
        if m is None:
            pos = c.start() + 1
            continue
        yield m
        pos = m.end()


def _ends_here(text: str, dot: int, nxt: int) -> bool:
    """A single '.' at `dot`, followed by a capital/digit at `nxt`: a sentence end, or an
    abbreviation inside the sentence?"""
    wm = _WORD_BEFORE.search(text, max(0, dot - 40), dot)
    if not wm:
        return True
    word = wm.group(1)
    if word[:1] in "'\u2019-":
        word = word.lstrip("'\u2019-")
    nm = _NEXT_WORD.match(text, nxt)
    following = nm.group(1) if nm else ""
    starter = following.lower() in STARTERS
    low = word.lower().rstrip(".")
    if "." in word:  # "U.S", "a.m", "D.C", "e.g", "J.K"
        if any(c.isdigit() for c in word) or "www" in low or "/" in word:
            return True  # "rose to 3.5." , "newarab.com."
        if word[0].islower():  # "a.m.", "p.m.", "e.g.", "i.e.": a capital after it starts a sentence
            return low not in ("e.g", "i.e", "cf", "viz") and not following[:1].isdigit()
        return starter  # "U.S. President" no, "U.S. The" yes
    if len(word) == 1 and word.isalpha():
        # initials "John F. Kennedy", "J. K. Rowling"; but "... Plan B. The" ends
        return starter if word.isupper() else True
    if low in TITLES:
        if low in MONTHS or low in ("no", "nos"):  # "Jan. 5", "No. 10"; "said no. The" ends
            return not following[:1].isdigit() and (starter or low in ("no", "nos"))
        if low in ENDISH:
            return starter
        return False
    return True


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _open_quotes(s: str) -> bool:
    """True when the sentence opens a quotation it does not close."""
    if s.count(OPEN_Q) > s.count(CLOSE_Q):
        return True
    return s.count(OPEN_Q) == 0 and s.count('"') % 2 == 1


def _merge_quotes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        a, b = spans[i]
        j = i
        while _open_quotes(text[a:b]) and j + 1 < len(spans) and j - i < MAX_QUOTE_MERGE:
            # merge only if a later sentence closes the quotation
            closes = any(_closes(text[spans[k][0] : spans[k][1]]) for k in range(j + 1, min(len(spans), i + MAX_QUOTE_MERGE + 1)))
            if not closes:
                break
            j += 1
            b = spans[j][1]
        out.append((a, b))
        i = j + 1
    return out


def _closes(s: str) -> bool:
    return s.count(CLOSE_Q) > s.count(OPEN_Q) or (s.count(OPEN_Q) == 0 and s.count('"') % 2 == 1)


_WS = re.compile(r" [ \t\f\v\r]+|[\t\f\v\r][ \t\f\v\r]*")  # runs to fold; a lone space is left as it is
# Terminal escape sequences (CSI "ESC [ ... m", OSC "ESC ] ... BEL", two-byte ESC x), other C0/C1
# controls and bidi overrides: never news text, and printed raw they would drive the reader's
# terminal (colours, titles, hidden or reordered text). Lone surrogates (JSON "\\ud800") cannot
# be written as UTF-8 at all. Removed here, where every paragraph,
# whatever its format, passes on its way into an Article.
_CONTROLS = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|\x9b[0-?]*[ -/]*[@-~]"
    r"|[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


_ANY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def strip_controls(s: str) -> str:
    """Text without terminal escape sequences and control characters (tabs, newlines, \\r, \\f
    and \\v kept: clean_line folds them into spaces)."""
    return _CONTROLS.sub("", s) if _ANY_CONTROL.search(s) else s  # one class scan for clean text


def clean_line(s: str) -> str:
    """Fold runs of spaces/tabs (HTML extraction leaves them) without touching words; drop
    control characters and escape sequences."""
    return _WS.sub(" ", strip_controls(s.replace("\u00a0", " "))).strip()


def cap_spans(spans: list[tuple[int, int]], text: str, cap: int) -> tuple[list[tuple[int, int]], int]:
    """Cut every span longer than `cap` characters, at the last space before the cap when there
    is one in its second half, else at the cap itself. A run with no sentence end (a 5 MB line,
    text without punctuation) would otherwise become one sentence, and everything after the
    split (NER, alignment) costs more than linear time in a sentence's length. Returns the
    spans and how many were cut."""
    out: list[tuple[int, int]] = []
    cut = 0
    for a, b in spans:
        if b - a <= cap:
            out.append((a, b))
            continue
        cut += 1
        while b - a > cap:
            sp = text.rfind(" ", a + cap // 2, a + cap + 1)
            end = sp if sp > a else a + cap
            out.append(_strip(text, a, end))
            a = end
            while a < b and text[a].isspace():
                a += 1
        if b > a:
            out.append((a, b))
    return [s for s in out if s[1] > s[0]], cut


# A wire dateline opening the first sentence is a label, not part of what it says: the digest
# drops it, and check does not read its place as the doer of the sentence's verb.
DATELINE = re.compile(
    # "PORT AVELLA (Example Wire) --", "HALVERTON, April 9 (Wire) —": an all-caps place, a day
    # if given, any credit in brackets, a dash
    r"[A-Z][A-Z.'-]*(?:[ ,]+[A-Z][A-Z.'-]*){0,4}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*\([^()]{1,40}\)\s*(?:--|\u2014|\u2013|-|:)\s*"
    # "(CNN)", "London (Reuters) -": a known wire in brackets, place and dash optional
    r"|(?:[A-Z][A-Za-z.'-]*(?:[ ,]+[A-Z][A-Za-z.'-]*){0,4}\s*)?"
    r"\((?:CNN|AP|AFP|Reuters|UPI|Bloomberg|dpa|EW\.com|CNN Money|CNNMoney|[A-Z]{2,5})\)\s*(?:--|\u2014|\u2013|-|:)?\s*"
)


def dateline(text: str) -> int:
    """Length of a leading wire dateline, 0 if none."""
    m = DATELINE.match(text)
    return m.end() if m and m.end() < len(text) and (text[m.end()].isupper() or text[m.end()] in "\"\u201c") else 0
