"""Cheap lexical features of sentences, no NER needed.

Why regexes and not spaCy: annotating a 700-word article costs ~0.15 s per core, which
alone would cap the digest at a few docs/s. Capitalised words away from the sentence start
and numbers find most of what NER would call key entities, at regex speed. When the article
is annotated anyway, its entity norms are used as well (see terms()).
"""
from __future__ import annotations

import re

from ..model import Sentence

STOP = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own same she should so some such than that the their theirs them themselves then
    there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours said says say told tell according
    one two three mr mrs ms dr s t don didn doesn isn wasn weren won can't it's he's she's
    cnn new year years last first time people like get got may might must us we'd we're""".split()
)

WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*|\d(?:[\d,.]*\d)?")
# A capitalised word (or run of them, "Mohammed Shia al-Sudani") - a cheap entity.
NAME = re.compile(r"(?:[A-Z][\w'\u2019.-]*|al-[A-Z][\w-]*)(?:\s+(?:al-|bin\s+|de\s+|van\s+)?[A-Z][\w'\u2019.-]*)*")
NUMBER = re.compile(r"\d(?:[\d,.]*\d)?")
QUOTED = re.compile(r"\u201c[^\u201d]*\u201d?|\"[^\"]*\"?")


_STEMS: dict[str, str] = {}


def stem(w: str) -> str:
    """Crude suffix folding so 'killed'/'killing'/'kills' meet; ROUGE-style Porter is 10x slower."""
    s = _STEMS.get(w)
    if s is None:
        s = _stem(w)
        if len(_STEMS) < 200_000:  # bounded: a long batch must not grow memory without end
            _STEMS[w] = s
    return s


def _stem(w: str) -> str:
    w = w.lower()
    if w in STOP or len(w) < 2:
        return "".replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suf in ("ing", "ed", "es", "s"):
        if len(w) > len(suf) + 3 and w.endswith(suf):
            return w[: -len(suf)]
    return w


def words(text: str) -> list[str]:
    return [m for m in WORD.findall(text)]


def content(text: str) -> list[str]:
    """Stemmed content words of a text (stem() maps stop words to '')."""
    get = _STEMS.get  # the cache inline: this runs for every word of every article digested
    out = []
    for w in WORD.findall(text):
        s = get(w)
        if s is None:
            s = stem(w)
        if s:
            out.append(s)
    return out


def names(text: str) -> set[str]:
    """Capitalised runs not at the sentence start (a sentence-initial 'The' is not a name),
    plus numbers. Lower-cased so 'IRAQ' and 'Iraq' meet."""
    out: set[str] = set()
    for m in NAME.finditer(text):
        a = m.start()
        first = a == 0 or text[max(0, a - 3):a].rstrip().endswith(("\"", "\u201c", "(", "--", "-"))
        toks = m.group(0).split()
        if first:  # drop the sentence-initial word unless the run continues ("Iraqi Prime Minister")
            if len(toks) == 1 and toks[0].lower() in STOP:
                continue
            if toks[0].lower() in STOP:
                toks = toks[1:]
        for t in toks:
            t = t.strip(".'\u2019").lower()
            if t.endswith("'s") or t.endswith("\u2019s"):
                t = t[:-2]
            if len(t) > 1 and t not in STOP:
                out.add(t)
    out.update(n.replace(",", "") for n in NUMBER.findall(text))
    return out


def terms(s: Sentence) -> set[str]:
    """Key-term candidates of a sentence: regex names and numbers, plus NER entities when present."""
    out = names(s.text)
    for e in s.entities:
        if e.label not in ("DATE", "TIME"):
            out.update(t.lower() for t in e.norm.split() if t.lower() not in STOP)
    return out


def quote_share(text: str) -> float:
    """Share of the sentence's characters inside quotation marks."""
    if '"' not in text and "\u201c" not in text:
        return 0.0
    inside = sum(len(m.group(0)) for m in QUOTED.finditer(text))
    return inside / max(1, len(text))
