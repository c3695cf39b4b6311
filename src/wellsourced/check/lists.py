"""An item added to a list the source gives.

"Police recovered laptops, tablets, cash and two firearms" where the source lists laptops,
tablets and cash; "a vineyard, a yacht and a ski chalet" where it names the vineyard and the
yacht. Each word of the claim is in the source but the one item, so the other checks pass it,
and the claim model sees a near copy. An added item is the commonest invented detail in
rewrites that otherwise copy.

The rule is narrow on purpose: the claim's list has three items or more, every item but one is
named in a single source sentence, and the odd one out (its head noun and the words that
qualify it) appears nowhere in the source. Two-item lists are left alone: "business leaders and
commuters" often sums up two sentences in words of its own (a generalisation), and on the
hand-written dev claims such pairs were faithful more often than not.
"""
from __future__ import annotations

from ..model import Issue, Sentence
from ..nlp import parsed
from .numbers import measured
from .text import STOP, content, stem, tokens

_NOUNS = ("NOUN", "PROPN")
_MIN_ITEMS = 3


def _items(doc) -> list[list]:
    """Coordinated noun groups of three or more ("laptops, tablets and cash")."""
    out = []
    for t in doc:
        if t.pos_ in _NOUNS and t.dep_ != "conj":
            group = [t] + [c for c in t.conjuncts if c.i > t.i and c.pos_ in _NOUNS]
            if len(group) >= _MIN_ITEMS:
                out.append(group)
    return out


def _words(tok) -> set[str]:
    """The item's own words: its head noun and the nouns and adjectives qualifying it."""
    toks = [tok] + [c for c in tok.children if c.dep_ in ("compound", "amod")]
    return {stem(w.text.lower()) for w in toks if w.is_alpha and w.text.lower() not in STOP}


def check_list(claim: Sentence, stem_sets: list[set[str]], all_stems: set[str]) -> list[Issue]:
    """stem_sets: the stems of each source sentence; all_stems: their union."""
    if "," not in claim.text or (" and " not in claim.text and " or " not in claim.text):
        return []  # no list of three: no parse
    if not set(content(tokens(claim.text))) - all_stems:
        return []  # every word is the source's: nothing added, no parse
    for group in _items(parsed(claim.text)[0]):
        heads = [stem(t.text.lower()) for t in group]
        # a stop word ("one", "years") is in no sentence's stems: never the added item
        absent = [t for t, h in zip(group, heads) if h not in all_stems and t.text.lower() not in STOP]
        if len(absent) != 1 or _words(absent[0]) & all_stems:
            continue
        if any(n.start <= absent[0].idx < n.end and measured(n) for n in claim.numbers):
            continue  # "1.3 million dollars" for euros: the unit of an amount is the number checks' to judge
        named = [h for t, h in zip(group, heads) if t is not absent[0]]
        if any(all(h in s for h in named) for s in stem_sets):
            a = absent[0]
            span = claim.text[a.left_edge.idx:a.idx + len(a.text)]
            return [Issue(kind="invented", detail=f"'{span}' is added to a list the source gives without it",
                          derived_span=span, derived_start=a.left_edge.idx, derived_end=a.idx + len(a.text))]
    return []
