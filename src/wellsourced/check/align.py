"""Alignment: find, for each derived sentence, the source evidence that best covers it.

BM25 over single source sentences finds candidates in time linear in the postings the
claim's words touch (never claims x sentences dense matrices), then windows of 1-3
consecutive sentences around each candidate are scored by how much of the claim's
content they cover (idf-weighted). Paraphrase that merges two source sentences is common
in rewritten news, hence the multi-sentence windows.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from functools import cached_property

from ..model import Article, Evidence
from .text import cased, content, tokens

TOP_K = 6  # BM25 candidates per claim; windows are built around each
WINDOW_PENALTY = 0.04  # a wider window must cover this much more to be preferred


class SourceIndex:
    """Everything about the source that the checks reuse for every claim: built once."""

    def __init__(self, source: Article):
        self.source = source
        self.sents = source.sentences
        self.toks = [tokens(s.text) for s in self.sents]
        self.stems = [content(t) for t in self.toks]
        self.stem_sets = [set(s) for s in self.stems]
        self.all_stems: set[str] = set().union(*self.stem_sets) if self.stem_sets else set()
        self.all_toks: set[str] = {t for ts in self.toks for t in ts}
        self.bigrams: set[tuple[str, str]] = {b for ts in self.toks for b in zip(ts, ts[1:])}
        n = max(len(self.sents), 1)
        df = Counter(w for s in self.stem_sets for w in s)
        self.n = n
        self.idf = {w: math.log(1 + (n - d + 0.5) / (d + 0.5)) for w, d in df.items()}
        self.unseen_idf = math.log(1 + (n + 0.5) / 0.5)  # a word the source never uses
        self.lower = source.body.lower().replace("’", "'")
        self._postings: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, st in enumerate(self.stems):
            for w, c in Counter(st).items():
                self._postings[w].append((i, c))
        self.pos = {s.id: i for i, s in enumerate(self.sents)}
        self.doc = [s.id.partition("/")[0] if "/" in s.id else "" for s in self.sents]
        lens = [len(s) for s in self.stems]
        self._len = lens
        self._avg = (sum(lens) / len(lens)) if lens else 1.0

    @cached_property
    def cased(self) -> bool:
        """Whether the source's capitals mark names (text.cased); asked only by the actor rule."""
        return cased(self.source.body)

    def weight(self, w: str) -> float:
        return self.idf.get(w, self.unseen_idf)

    def bm25(self, query: list[str], k: int = TOP_K) -> list[int]:
        k1, b = 1.2, 0.75
        score: dict[int, float] = defaultdict(float)
        for w in dict.fromkeys(query):  # first-seen order, never a set's: sums must not depend on the hash seed
            idf = self.idf.get(w)
            if idf is None:
                continue
            for i, tf in self._postings.get(w, ()):
                score[i] += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * self._len[i] / self._avg))
        return sorted(score, key=lambda i: (-round(score[i], 9), i))[:k]  # ties: the earlier sentence

    def coverage(self, claim: list[str], ids: range) -> float:
        """idf-weighted share of the claim's content words that the window contains."""
        have = set().union(*(self.stem_sets[i] for i in ids))
        tot = math.fsum(self.weight(w) for w in claim)
        return math.fsum(self.weight(w) for w in claim if w in have) / tot if tot else 0.0

    def align(self, claim_text: str, n: int = 3) -> list[Evidence]:
        claim = content(tokens(claim_text))
        if not claim or not self.sents:
            return []
        cands = self.bm25(claim)
        scored: dict[tuple[int, int], float] = {}
        for i in cands:
            for a, z in ((i, i), (i - 1, i), (i, i + 1), (i - 1, i + 1), (i - 2, i), (i, i + 2)):
                if a < 0 or z >= len(self.sents) or (a, z) in scored or self.doc[a] != self.doc[z]:
                    continue  # a window never spans two source articles
                scored[(a, z)] = self.coverage(claim, range(a, z + 1)) - WINDOW_PENALTY * (z - a)
        # a stable order: score (rounded, so float noise cannot reorder), then position, then width
        best = sorted(scored.items(), key=lambda kv: (-round(kv[1], 9), kv[0]))
        out: list[Evidence] = []
        used: set[int] = set()
        for (a, z), s in best:
            ids = set(range(a, z + 1))
            if ids & used:  # distinct evidence, not the same sentence three times
                continue
            used |= ids
            out.append(
                Evidence(
                    sentence_ids=[self.sents[j].id for j in range(a, z + 1)],
                    text=" ".join(self.sents[j].text for j in range(a, z + 1)),
                    score=round(max(0.0, min(1.0, s + WINDOW_PENALTY * (z - a))), 4),
                )
            )
            if len(out) >= n:
                break
        return out

    def window_ids(self, ev: Evidence) -> list[int]:
        return [self.pos[x] for x in ev.sentence_ids]
