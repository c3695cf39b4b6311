"""Rerank BM25 candidates by how well each one covers the derived text, sentence by sentence.

For every candidate we compute a few features (all 0..1-ish, cheap numpy over term ids):
  bm25_rel   BM25 score / the best candidate's
  bm25_norm  BM25 score / the most the query could score (its terms' idf * (k1 + 1))
  doc_cov    idf-weighted share of the derived terms found anywhere in the candidate
  sent_cov   the same, per derived sentence, within the candidate's single best sentence
             (weighted mean over derived sentences): a source holds each claim in one place,
             a topical neighbour scatters the words
  pair_cov   share of the derived text's adjacent term pairs found in the candidate
  lead_cov   sent_cov of the derived text's first sentence
A logistic model (fitted by bench/trace.py on one half of the queries, weights in model.json)
turns them into a calibrated probability that the candidate is a source.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import numpy as np

from ..index import Index
from ..index.assemble import K1

FEATURES = ("bm25_rel", "bm25_norm", "doc_cov", "sent_cov", "pair_cov", "lead_cov")


@dataclass
class Query:
    ids: list[np.ndarray]  # term ids per derived sentence (-1: not in the index)
    u: np.ndarray  # distinct known term ids, sorted
    wq: np.ndarray  # [len(u), n_sentences] idf where the term is in the sentence
    wsum: np.ndarray  # [n_sentences] total idf of each sentence's distinct terms (unknown ones count as rare)
    pairs: np.ndarray  # distinct adjacent term pairs (known terms), as int64 keys


def query(idx: Index, sentences_terms: list[list[str]]) -> Query:
    unknown_idf = float(idx.idf.max()) if len(idx.idf) else 1.0
    ids = [np.asarray([idx.term_id.get(t, -1) for t in s], dtype=np.int64) for s in sentences_terms]
    known = [a[a >= 0] for a in ids]
    u = np.unique(np.concatenate(known)) if known else np.zeros(0, np.int64)
    wq = np.zeros((len(u), len(ids)), dtype=np.float64)
    wsum = np.zeros(len(ids))
    for j, a in enumerate(ids):
        k = np.unique(a[a >= 0])
        wq[np.searchsorted(u, k), j] = idx.idf[k]
        wsum[j] = idx.idf[k].sum() + unknown_idf * len(set(a[a < 0].tolist()))
    v = np.int64(max(len(idx.vocab), 1))
    pairs = [a[:-1] * v + a[1:] for a in ids if len(a) > 1]
    pairs = np.unique(np.concatenate(pairs)) if pairs else np.zeros(0, np.int64)
    pairs = pairs[pairs >= 0]
    return Query(ids, u, wq, wsum, pairs)


@dataclass
class Scored:
    row: int
    bm25: float
    feats: np.ndarray
    cov: np.ndarray  # [n_derived_sentences] best single-sentence coverage
    best: np.ndarray  # [n_derived_sentences] index of that sentence in the candidate
    overlap: np.ndarray  # [n_candidate_sentences, n_derived_sentences] shared idf mass
    prob: float = 0.0


def features(idx: Index, q: Query, cands: list[tuple[int, float]]) -> list[Scored]:
    if not cands:
        return []
    top = cands[0][1] or 1.0
    wtot = q.wsum.sum() or 1.0
    qmax = float(idx.idf[q.u].sum() * (K1 + 1)) or 1.0
    v = np.int64(max(len(idx.vocab), 1))
    out = []
    for row, s in cands:
        tok, bounds = idx.sentence_tokens(row)
        tok = tok.astype(np.int64)
        sent = np.repeat(np.arange(len(bounds) - 1), np.diff(bounds))
        pos = np.searchsorted(q.u, tok)
        pos[pos >= len(q.u)] = 0
        hit = q.u[pos] == tok if len(q.u) else np.zeros(len(tok), bool)
        pres = np.zeros((len(bounds) - 1, len(q.u)), dtype=np.float64)
        pres[sent[hit], pos[hit]] = 1.0
        overlap = pres @ q.wq  # [cand sentences, derived sentences]
        if overlap.shape[0]:
            best = overlap.argmax(0)
            cov = overlap.max(0) / np.maximum(q.wsum, 1e-9)
        else:
            best, cov = np.zeros(len(q.wsum), int), np.zeros(len(q.wsum))
        in_doc = pres.max(0) if pres.shape[0] else np.zeros(len(q.u))
        doc_cov = float((q.wq.sum(1) * in_doc).sum() / wtot)
        sent_cov = float((cov * q.wsum).sum() / wtot)
        if len(q.pairs) and len(tok) > 1:
            dp = tok[:-1] * v + tok[1:]
            pair_cov = float(np.isin(q.pairs, dp).mean())
        else:
            pair_cov = 0.0
        f = np.array([s / top, s / qmax, doc_cov, sent_cov, pair_cov, float(cov[0]) if len(cov) else 0.0])
        out.append(Scored(row, s, f, cov, best, overlap))
    return out


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> dict:
    text = open(path, encoding="utf-8").read() if path else (files("wellsourced.trace") / "model.json").read_text("utf-8")
    m = json.loads(text)
    assert tuple(m["features"]) == FEATURES, "trace model was fitted on other features"
    return m


def calibrate(scored: list[Scored], model: dict) -> None:
    w = np.asarray(model["weights"], dtype=np.float64)
    for c in scored:
        z = float(c.feats @ w + model["bias"])
        c.prob = 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))
