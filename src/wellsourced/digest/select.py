"""Extractive sentence selection: position + centrality + key-term coverage, with MMR.

Why not plain TextRank: on news the lead carries the story and graph centrality alone
favours long, generic middle sentences (LexRank-3 scores below Lead-3 on CNN). So each
sentence gets a prior from its position (the news lead) and its lexical centrality, and a
greedy pass adds the unit (sentence + any sentence it leans on, see cleanup.depends) with
the best gain per word: prior + newly covered key terms (names and numbers, weighted by
how often the article repeats them) - similarity to what is already chosen (MMR).
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from ..model import Sentence
from ..read.junk import promo_sentence
from .cleanup import depends, is_sentence
from .text import content, quote_share, terms


@dataclass(frozen=True)
class Weights:
    # Tuned on the first half of goyal-cnn (bench/digest.py --rows dev); see docs/digest.md.
    position: float = 1.5
    centrality: float = 0.6
    coverage: float = 0.8
    redundancy: float = 0.6
    quote: float = 0.5  # a mostly-quoted sentence is colour, rarely the news
    decay: float = 3.0  # position prior 1 / (1 + i / decay)
    cost_power: float = 0.3  # gain / words ** cost_power: between "best" and "best per word"


W = Weights()
# The body is the story condensed, not its first paragraphs again: position counts for less
# and fades slower, so later developments and quotes compete on centrality and coverage.
BODY = Weights(position=0.8, decay=12.0, coverage=1.0, redundancy=0.8, quote=0.2, cost_power=0.0)


@dataclass
class Features:
    words: list[int]
    vecs: list[dict[str, float]]  # unit-length tf-idf vectors
    cent: list[float]  # lexical centrality, 0..1 (1 = most central sentence)
    quoted: list[float]  # share of the sentence inside quotation marks
    keys: list[set[str]]
    key_weight: dict[str, float]
    deps: list[list[int]]
    ok: list[bool]  # a sentence at all (bylines and headings the reader kept are not)
    postings: dict[str, list[tuple[int, float]]] = None  # type: ignore[assignment]  # term -> (sentence, weight)
    _rows: dict[int, list[float]] = None  # type: ignore[assignment]

    def sims(self, j: int) -> list[float]:
        """Cosine of sentence j with every sentence, via the inverted index; cached, since
        the lead and the body selection ask for the same rows."""
        if self._rows is None:
            self._rows = {}
        row = self._rows.get(j)
        if row is None:
            row = [0.0] * len(self.words)
            for t, x in self.vecs[j].items():
                for k, y in self.postings[t]:
                    row[k] += x * y
            self._rows[j] = row
        return row


_LOG = [0.0] + [math.log(c) for c in range(1, 64)]  # a term's count in one sentence is small


def features(sents: list[Sentence], title: str | None = None) -> Features:
    n = len(sents)
    bags = [Counter(content(s.text)) for s in sents]
    df: Counter[str] = Counter()
    for b in bags:
        df.update(b.keys())
    idf = {t: math.log((n + 1) / c) for t, c in df.items()}
    vecs = []
    for b in bags:
        v = {t: (1 + _LOG[c] if c < len(_LOG) else 1 + math.log(c)) * idf[t] for t, c in b.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({t: x / norm for t, x in v.items()})
    postings: dict[str, list[tuple[int, float]]] = {}
    for i, v in enumerate(vecs):
        for t, x in v.items():
            postings.setdefault(t, []).append((i, x))
    # the sum of all sentence vectors, term by term in sentence order (as Counter.update would)
    centroid = {}
    for t, post in postings.items():
        acc = 0
        for _, x in post:
            acc += x
        centroid[t] = acc
    cnorm = math.sqrt(sum(x * x for x in centroid.values())) or 1.0
    # cosine to the sum of all sentence vectors = weighted degree in the lexical graph
    cent = [sum(x * centroid[t] for t, x in v.items()) / cnorm for v in vecs]
    top = max(cent) or 1.0
    keys = [terms(s) for s in sents]
    kdf: Counter[str] = Counter()
    for k in keys:
        kdf.update(k)
    lead = set().union(*keys[:2]) if keys else set()
    if title:
        from .text import names

        lead |= names(title)
    # a name or number the article repeats, or puts in its lead, is what the story is about
    key_weight = {t: (c - 1) + (1.0 if t in lead else 0.0) for t, c in kdf.items()}
    key_weight = {t: x for t, x in key_weight.items() if x > 0}
    keys = [{t for t in k if t in key_weight} for k in keys]  # only what can add coverage
    nwords = [len(s.text.split()) for s in sents]
    quoted = [quote_share(s.text) for s in sents]
    ok = [is_sentence(s.text) and not promo_sentence(s.text) for s in sents]
    if not any(ok):  # all fragments (a list of headings): better than an empty digest
        ok = [True] * len(sents)
    return Features(nwords, vecs, [c / top for c in cent], quoted, keys, key_weight, depends(sents), ok, postings)


def prior(f: Features, w: Weights) -> list[float]:
    """What a sentence is worth on its own: lead position, centrality, not a bare quote."""
    return [
        w.position / (1 + i / w.decay) + w.centrality * f.cent[i] - w.quote * f.quoted[i]
        for i in range(len(f.words))
    ]


def select(
    f: Features,
    max_words: int | None = None,
    max_sents: int | None = None,
    start: list[int] = (),  # type: ignore[assignment]
    w: Weights = W,
) -> list[int]:
    """Indices of chosen sentences (source order), beginning with `start` (already chosen).
    Units that do not fit are skipped; if nothing fits, the best single unit is taken
    anyway (the caller warns)."""
    n = len(f.words)
    value = prior(f, w)
    kw = f.key_weight
    total_key = sum(kw.values()) or 1.0
    chosen: list[int] = list(start)
    have: set[int] = set(start)
    covered: set[str] = set().union(*(f.keys[i] for i in start)) if start else set()
    maxsim = [0.0] * n
    for i in start:
        maxsim = [max(a, b) for a, b in zip(maxsim, f.sims(i))]
    used_w = sum(f.words[i] for i in start)
    used_s = len(start)
    if max_sents is not None and used_s >= max_sents:
        return sorted(chosen)
    # what a sentence costs on its own does not change from one pick to the next
    denom = [max(1, c) ** w.cost_power for c in f.words]
    candidates = [i for i in range(n) if f.ok[i]]
    while True:
        fit: tuple[float, list[int]] | None = None
        over: tuple[float, list[int]] | None = None
        for i in candidates:
            if i in have:
                continue
            deps = f.deps[i]
            unit = [i] + [d for d in deps if d not in have] if deps else [i]
            if len(unit) > 1 and not all(f.ok[j] for j in unit[1:]):
                continue  # leans on a fragment ("No. He said..."): the pair would not read as news
            if max_sents is not None and used_s + len(unit) > max_sents:
                continue
            if len(unit) == 1:
                cost_w = f.words[i]
                k = f.keys[i]
                cov = sum(kw[t] for t in k - covered) / total_key if k and not k <= covered else 0.0
                gain = (value[i] + w.coverage * cov * 4 - w.redundancy * maxsim[i]) / denom[i]
            else:  # a sentence with the ones it leans on: valued as their mean, costed as their sum
                cost_w = sum(f.words[j] for j in unit)
                new_keys = set().union(*(f.keys[j] for j in unit)) - covered
                v = sum(value[j] for j in unit) / len(unit)
                cov = sum(kw[t] for t in new_keys) / total_key if new_keys else 0.0
                gain = v + w.coverage * cov * 4 - w.redundancy * maxsim[i]
                gain /= max(1, cost_w) ** w.cost_power
            if max_words is None or used_w + cost_w <= max_words:
                if fit is None or gain > fit[0]:
                    fit = (gain, unit)
            elif not chosen and (over is None or gain > over[0]):
                over = (gain, unit)
        if fit is None and (chosen or over is None):
            break
        unit = fit[1] if fit is not None else over[1]  # type: ignore[index]
        for j in unit:
            chosen.append(j)
            have.add(j)
            covered |= f.keys[j]
            maxsim = [max(a, b) for a, b in zip(maxsim, f.sims(j))]
        used_w += sum(f.words[j] for j in unit)
        used_s += len(unit)
        if fit is None or (max_sents is not None and used_s >= max_sents):
            break
    return sorted(chosen)
