"""Rerank BM25 candidates by how well each one covers the derived text, sentence by sentence.

For every candidate we compute a few features (all 0..1-ish, cheap numpy over term ids):
  bm25_rel   BM25 score / the best candidate's
  bm25_norm  BM25 score / the most the query could score (its terms' idf * (k1 + 1))
  doc_cov    idf-weighted share of the derived terms found anywhere in the candidate
  sent_cov   the same, per derived sentence, within the candidate's single best sentence
             (weighted mean over derived sentences): a source holds each claim in one place,
             a topical neighbour scatters the words
  cos        TF-IDF cosine of the derived text and the candidate; cos_rel: / the best one's
  pair_cov   share of the derived text's adjacent term pairs found in the candidate
  lead_cov   sent_cov within the candidate's first LEAD sentences (news puts the point first)
  emb        (indexes built with --embed) cosine of MiniLM vectors of the derived text and the
             candidate's opening (index/vectors.py); emb_rel: minus the best candidate's
  emb_max    the same, the best of the opening and the article's next stretch (its second
             vector): a one-line summary may restate what the article says after its opening
Two small models, fitted by bench/trace.py on one half of the queries (model.json; for an
index with embeddings model-embed.json, fitted with the emb features). A model names the
features it was fitted on, and features() gives those columns in that order:
  ranker    a linear score z over all features (a conditional logit: softmax over each
            query's candidates), which orders the candidates;
  verifier  a logistic model on z, the margin of z over the best other candidate, and the
            absolute features (not the relative ones): the calibrated probability that the
            candidate is a source. An absent source leaves several similar neighbours, so
            the margin is what tells "the source" from "the nearest article".
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import numpy as np

from ..index import Index
from ..index.assemble import K1

FEATURES = ("bm25_rel", "bm25_norm", "cos", "cos_rel", "doc_cov", "sent_cov", "pair_cov", "lead_cov")
EMB_FEATURES = FEATURES + ("emb", "emb_rel", "emb_max", "emb_max_rel")
LEAD = 3  # sentences (the headline counts as one) where summaries and excerpts start


@dataclass
class Query:
    ids: list[np.ndarray]  # term ids per derived sentence (-1: not in the index)
    u: np.ndarray  # distinct known term ids, sorted
    wq: np.ndarray  # [len(u), n_sentences] idf where the term is in the sentence
    wsum: np.ndarray  # [n_sentences] total idf of each sentence's distinct terms (unknown ones count as rare)
    pairs: np.ndarray  # distinct adjacent term pairs (known terms), as int64 keys


def query(idx: Index, sentences_terms: list[list[str]]) -> Query:
    unknown_idf = idx.idf_max
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
    cos: float
    feats: np.ndarray
    cov: np.ndarray  # [n_derived_sentences] best single-sentence coverage
    best: np.ndarray  # [n_derived_sentences] index of that sentence in the candidate
    overlap: np.ndarray  # [n_candidate_sentences, n_derived_sentences] shared idf mass
    prob: float = 0.0
    z: float = 0.0


def features(idx: Index, q: Query, cands: list[tuple[int, float, float]], qvec: np.ndarray | None = None,
             names: tuple[str, ...] | list[str] = FEATURES) -> list[Scored]:
    """All candidates at once: their tokens concatenated, matched against the query's terms,
    then per-candidate maxima over sentence rows (numpy, no per-token Python). `qvec`: the
    derived text's embedding, for an index with vectors (the emb features). `names`: the
    columns of Scored.feats, in the model's order."""
    if not cands:
        return []
    top = max(c[1] for c in cands) or 1.0
    top_cos = max(c[2] for c in cands) or 1.0
    wtot = q.wsum.sum() or 1.0
    qmax = float(idx.idf[q.u].sum() * (K1 + 1)) or 1.0
    rows = [c[0] for c in cands]
    s0 = np.asarray(idx.doc_sent[rows], dtype=np.int64)
    s1 = np.asarray(idx.doc_sent[[r + 1 for r in rows]], dtype=np.int64)
    nsent = s1 - s0
    sent_idx = np.concatenate([np.arange(a, b) for a, b in zip(s0.tolist(), s1.tolist())])
    t0, t1 = np.asarray(idx.sent_ptr[sent_idx]), np.asarray(idx.sent_ptr[sent_idx + 1])
    tok = np.concatenate([np.asarray(idx.tokens[a:b]) for a, b in _runs(t0, t1)]).astype(np.int64)
    gsent = np.repeat(np.arange(len(sent_idx)), t1 - t0)  # global sentence row of each token
    cand_of_sent = np.repeat(np.arange(len(rows)), nsent)
    nu = len(q.u)
    pos = np.searchsorted(q.u, tok) if nu else np.zeros(len(tok), np.int64)
    pos[pos >= max(nu, 1)] = 0
    hit = (q.u[pos] == tok) if nu else np.zeros(len(tok), bool)
    key = np.unique(gsent[hit] * max(nu, 1) + pos[hit])  # distinct (sentence, query term), by sentence
    ksent, kterm = key // max(nu, 1), key % max(nu, 1)
    overlap = _overlap(ksent, kterm, q.wq, len(sent_idx)) if nu else np.zeros((len(sent_idx), len(q.wsum)))
    # doc coverage: distinct (candidate, term) pairs, weighted by the term's total idf in the query
    ck = np.unique(cand_of_sent[ksent] * max(nu, 1) + kterm)
    doc_cov = np.bincount(ck // max(nu, 1), weights=q.wq.sum(1)[ck % max(nu, 1)] if nu else None,
                          minlength=len(rows)) / wtot
    # adjacent pairs of query terms inside one candidate
    pair_cov = np.zeros(len(rows))
    if len(q.pairs) and len(tok) > 1:
        cand_tok = cand_of_sent[gsent]
        ok = hit[:-1] & hit[1:] & (cand_tok[:-1] == cand_tok[1:])
        v = np.int64(max(len(idx.vocab), 1))
        pk = tok[:-1][ok] * v + tok[1:][ok]
        good = np.isin(pk, q.pairs)
        ck2 = np.unique(cand_tok[:-1][ok][good] * (v * v) + pk[good]) if good.any() else np.zeros(0, np.int64)
        pair_cov = np.bincount(ck2 // (v * v), minlength=len(rows)) / len(q.pairs)
    bounds = np.r_[0, np.cumsum(nsent)]
    best, top_ov = _segment_best(overlap, bounds)
    lead_ov = _segment_max(overlap, bounds[:-1], np.minimum(bounds[1:], bounds[:-1] + LEAD))
    ws = np.maximum(q.wsum, 1e-9)
    cov, lead = top_ov / ws, lead_ov / ws
    sent_cov = (cov * q.wsum).sum(1) / wtot
    lead_cov = (lead * q.wsum).sum(1) / wtot
    bm, cs = np.array([c[1] for c in cands]), np.array([c[2] for c in cands])
    cols = dict(zip(FEATURES, (bm / top, bm / qmax, cs, cs / top_cos, doc_cov, sent_cov, pair_cov, lead_cov)))
    if qvec is not None:
        e = np.asarray(idx.emb[rows], dtype=np.float32) @ qvec  # [candidates, vectors per article]
        opening, either = e[:, 0], e.max(1)
        cols.update(emb=opening, emb_rel=opening - opening.max(), emb_max=either, emb_max_rel=either - either.max())
    feats = np.column_stack([cols[n] for n in names])
    return [Scored(row, float(bm[i]), float(cs[i]), feats[i], cov[i], best[i], overlap[bounds[i] : bounds[i + 1]])
            for i, row in enumerate(rows)]


def _overlap(ksent: np.ndarray, kterm: np.ndarray, wq: np.ndarray, n_sent: int) -> np.ndarray:
    """[n_sent, n_derived] idf mass each candidate sentence shares with each derived sentence,
    from the distinct (sentence, term) pairs sorted by sentence: one sum per sentence run."""
    out = np.zeros((n_sent, wq.shape[1]))
    if len(ksent):
        starts = np.r_[0, np.flatnonzero(ksent[1:] != ksent[:-1]) + 1]
        out[ksent[starts]] = np.add.reduceat(wq[kterm], starts, axis=0)
    return out


def _segment_max(ov: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Column maxima of the row ranges lo[i]:hi[i] of `ov` (0 for an empty range)."""
    if not len(lo):
        return np.zeros((0, ov.shape[1]))
    padded = np.vstack([ov, np.zeros((1, ov.shape[1]))])  # reduceat needs an index past every start
    most = np.maximum.reduceat(padded, np.column_stack([lo, hi]).ravel(), axis=0)[::2]
    most[hi <= lo] = 0.0
    return most


def _segment_best(ov: np.ndarray, bounds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per candidate (rows bounds[i]:bounds[i+1] of `ov`) and per derived sentence: the first
    row holding the most, counted from the candidate's first row, and that most. A candidate
    without sentences gets row 0 and 0."""
    lo, hi = bounds[:-1], bounds[1:]
    most = _segment_max(ov, lo, hi)
    if not len(lo):
        return np.zeros(most.shape, np.int64), most
    # the lowest row where ov equals its candidate's maximum (the candidates' rows are contiguous)
    at = np.where(ov == np.repeat(most, hi - lo, axis=0), np.arange(len(ov))[:, None], len(ov))
    at = np.vstack([at, np.full((1, ov.shape[1]), len(ov))])
    first = np.minimum.reduceat(at, lo, axis=0)
    return np.where((hi <= lo)[:, None], 0, first - lo[:, None]), most


def _runs(a: np.ndarray, b: np.ndarray):
    """Contiguous token ranges of consecutive sentences merged (one slice per candidate)."""
    if not len(a):
        return [(0, 0)]
    breaks = np.flatnonzero(a[1:] != b[:-1]) + 1
    starts = np.r_[0, breaks]
    ends = np.r_[breaks, len(a)]
    return [(int(a[s]), int(b[e - 1])) for s, e in zip(starts, ends)]


@lru_cache(maxsize=4)
def load_model(path: str | None = None, embed: bool = False) -> dict:
    """The shipped model (model-embed.json with `embed`: for indexes with vectors), or a file."""
    name = "model-embed.json" if embed else "model.json"
    text = open(path, encoding="utf-8").read() if path else (files("wellsourced.trace") / name).read_text("utf-8")
    m = json.loads(text)
    unknown = set(m["features"]) - set(EMB_FEATURES)
    assert not unknown, f"trace model was fitted on features this version lacks: {sorted(unknown)}"
    return m


def uses_embeddings(model: dict) -> bool:
    return any(f.startswith("emb") for f in model["features"])


ALONE = 10.0  # the margin of a lone candidate


def absolute(names) -> list[int]:
    """The features the verifier sees: all but the relative ones."""
    return [i for i, f in enumerate(names) if not f.endswith("_rel")]


def score_arrays(feats: np.ndarray, model: dict) -> tuple[np.ndarray, np.ndarray]:
    """(ranker score z, calibrated probability) of each candidate row of `feats`."""
    if not len(feats):
        return np.zeros(0), np.zeros(0)
    z = feats @ np.asarray(model["ranker"], dtype=np.float64)
    if len(z) > 1:
        o = np.argsort(-z, kind="stable")
        best_other = np.where(np.arange(len(z)) == o[0], z[o[1]], z[o[0]])
        margin = z - best_other
    else:
        margin = np.full(1, ALONE)
    v = model["verifier"]
    x = np.column_stack([z, margin, feats[:, absolute(model["features"])]])
    t = x @ np.asarray(v["weights"], dtype=np.float64) + v["bias"]
    return z, 1.0 / (1.0 + np.exp(-np.clip(t, -40.0, 40.0)))


def complementary(a: Scored, b: Scored) -> bool:
    """Each of two candidates holds a derived sentence (coverage >= 0.6) the other lacks (< 0.3):
    the derived text may merge the two."""
    return bool(((a.cov >= 0.6) & (b.cov < 0.3)).any() and ((b.cov >= 0.6) & (a.cov < 0.3)).any())


def calibrate(scored: list[Scored], model: dict) -> None:
    z, p = score_arrays(np.array([c.feats for c in scored]), model)
    for c, zi, pi in zip(scored, z, p):
        c.z, c.prob = float(zi), float(pi)
