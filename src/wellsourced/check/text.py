"""Word-level helpers shared by alignment and the fact checks.

Summaries in the benchmarks are often lower-cased and tokenised ("the u.s. , he said"),
derived news is not; everything here works on lower-cased tokens so both compare alike.
"""
from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"[a-z0-9]+(?:[.,'][a-z0-9]+)*", re.I)
CAPITALISED = re.compile(r"\b[A-Z][\w’'.-]*")  # a word that may be (part of) a name
# Where a clause ends: punctuation, a spaced dash, or a contrast ("but", "while", ...); "and"
# does not end one here ("X could ask ... and review")
CLAUSE_END = re.compile(r"[,;:()\u2014\u2013]|\s-\s|\b(?:but|while|although|whereas)\b", re.I)


def clause_of(text: str, m: re.Match, ends: re.Pattern = CLAUSE_END) -> str:
    """The clause of `text` holding match `m`: from the boundary before it to the one after."""
    a = max((e.end() for e in ends.finditer(text, 0, m.start())), default=0)
    b = next((e.start() for e in ends.finditer(text, m.end())), len(text))
    return text[a:b]

STOP = frozenset(
    """a an the and or but if then than so of to in on at by for from with without about into onto over
    under as is are was were be been being am do does did doing have has had having will would shall should
    can could may might must it its it's this that these those there here he she they them his her hers their
    theirs we us our you your i me my mine who whom whose which what when where why how all any both each
    few more most other some such no nor not only own same too very s t just also up down out off again
    further once said says say told according after before while during since until because within
    per via mr mrs ms dr one new last year years""".split()
)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens; thousands separators kept inside numbers ("1,383")."""
    return [t.lower().replace("’", "'") for t in _TOKEN.findall(text.replace("’", "'"))]


# common words the silent-e rule would merge with another common word (care/car, made/mad, plane/plan)
_KEEP_E = frozenset("care made plane fare cute hate site hope tone bite scare stare spite cone".split())


@lru_cache(maxsize=200_000)
def stem(w: str) -> str:
    """A light suffix stripper: enough to match killed/killing/kills, cheap, no dependency.
    Not Porter: over-stemming would merge words the checks need apart."""
    if w.endswith("'s"):
        w = w[:-2]
    if w[:1].isdigit() or len(w) < 4 or w in _KEEP_E:
        return w
    if len(w) == 4:  # "vote"/"voted", "lose"/"losing": the silent e goes, as the suffixes take it
        return w[:3] if w[3] == "e" and w[2] not in "aeiou" else w
    for suf, rep in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", "")):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)] + rep
            break
    else:
        if w[-1] == "e" and w[-2] not in "aeiou":  # "concede"/"conceded", "house"/"houses"
            w = w[:-1]
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "lsz":  # stopp(ed) -> stop
        w = w[:-1]
    return w


def content(toks: list[str]) -> list[str]:
    """Stems of the words that carry content (no stop words, no punctuation)."""
    return [stem(t) for t in toks if t not in STOP and not (len(t) == 1 and not t.isdigit())]


_SENT_START = re.compile(r"(?:^|[.!?]['\"\u2019\u201d)]*\s+)[^A-Za-z]*[A-Za-z]+")
_ALPHA = re.compile(r"[A-Za-z]+")
CASED_MIN_WORDS = 150
CASED = 0.02  # news capitalises ~10-17% of the words inside its sentences; lower-cased copy well under 2%


def cased(text: str) -> bool:
    """Whether capitals in the text mark names: some words inside sentences are capitalised.
    Lower-cased copies (CNN/DM benchmark sources, scraped feeds) carry no such sign, and the
    rules that tell a name from a description by its case must not run on them."""
    sample = text[:20_000]
    words = _ALPHA.findall(sample)
    starts = [_ALPHA.search(m.group(0)).group(0) for m in _SENT_START.finditer(sample)]
    inside = len(words) - len(starts)
    if inside < CASED_MIN_WORDS:
        return True  # too short to tell: a few sentences may name no one
    capital = sum(w[0].isupper() for w in words) - sum(w[0].isupper() for w in starts)
    return capital >= CASED * inside
