"""Batches of `Doc`s -> the arrays of one index: exact duplicates folded, near duplicates
recorded, a vocabulary, each sentence's term ids, and a BM25 term -> documents matrix.

Documents are ordered by id, so the same set of articles gives the same index byte for byte
whatever order the inputs came in.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .batch import Doc

K1, B = 1.5, 0.75  # BM25 (Lucene form); bm25s's defaults
SHINGLE = 5  # word 5-grams for near duplicates, as the benchmark defines them
SAMPLE = 8  # keep shingles whose hash is 0 mod SAMPLE (content-defined, so copies keep the same ones)
NEAR = 0.9  # share of the smaller text's 5-grams found in the larger...
NEAR_J = (0.8, 0.5)  # ...or this share with this Jaccard (a copy with a new headline and dateline)


@dataclass
class Built:
    docs: list[Doc]
    dups: list[dict]
    vocab: list[str]
    tokens: np.ndarray  # int32 term ids of every sentence, concatenated
    sent_ptr: np.ndarray  # int64 [n_sentences + 1] into tokens
    doc_sent: np.ndarray  # int64 [n_docs + 1] into sentences
    indptr: np.ndarray  # int64 [n_terms + 1] BM25 postings per term
    indices: np.ndarray  # int32 document rows
    data: np.ndarray  # float32 BM25 weights
    idf: np.ndarray  # float32 [n_terms]
    avgdl: float = 0.0
    extra: dict = field(default_factory=dict)


def fold_exact(docs: list[Doc]) -> tuple[list[Doc], list[dict]]:
    """One doc per distinct text; the others become aliases of it. Kept: the longest
    rendering (most letters), then the smallest id. Repeated ids with other text get a suffix."""
    by_key: dict[str, list[Doc]] = {}
    for d in docs:
        by_key.setdefault(d.key, []).append(d)
    kept: list[Doc] = []
    dups: list[dict] = []
    for key in sorted(by_key):
        group = sorted(by_key[key], key=lambda d: (-d.chars, d.id))
        head = group[0]
        seen = {a["id"] for a in head.aliases}
        for d in group[1:]:
            if d.id == head.id or d.id in seen:
                continue
            seen.add(d.id)
            head.aliases.append({"id": d.id, **({"url": d.meta["url"]} if "url" in d.meta else {})})
            dups.append({"id": d.id, "of": head.id, "reason": "same text"})
        kept.append(head)
    kept.sort(key=lambda d: d.id)
    used: set[str] = set()
    for d in kept:
        base, n = d.id, 1
        while d.meta["id"] in used:
            n += 1
            d.meta["id"] = f"{base}#{n}"
        if n > 1:
            dups.append({"id": base, "of": d.meta["id"], "reason": "id already used by another text; stored under a new id"})
        used.add(d.meta["id"])
    kept.sort(key=lambda d: d.id)
    return kept, dups


def assemble(docs: list[Doc]) -> Built:
    docs, dups = fold_exact(docs)
    vocab = sorted({t for d in docs for s in d.terms for t in s})
    tid = {t: i for i, t in enumerate(vocab)}
    sent_lens = [len(s) for d in docs for s in d.terms]
    tokens = np.fromiter((tid[t] for d in docs for s in d.terms for t in s), dtype=np.int32, count=sum(sent_lens))
    sent_ptr = np.zeros(len(sent_lens) + 1, dtype=np.int64)
    np.cumsum(sent_lens, out=sent_ptr[1:])
    doc_sent = np.zeros(len(docs) + 1, dtype=np.int64)
    np.cumsum([len(d.terms) for d in docs], out=doc_sent[1:])
    doc_tok = sent_ptr[doc_sent]
    indptr, indices, data, idf, avgdl = bm25_matrix(tokens, doc_tok, len(vocab))
    built = Built(docs, dups, vocab, tokens, sent_ptr, doc_sent, indptr, indices, data, idf, avgdl)
    built.dups += near_duplicates(built)
    return built


def bm25_matrix(tokens: np.ndarray, doc_tok: np.ndarray, n_terms: int):
    """Lucene BM25 weights as a term-major sparse matrix (the layout bm25s uses), computed over
    the flat token array at once rather than document by document."""
    n_docs = len(doc_tok) - 1
    lens = np.diff(doc_tok)
    row = np.repeat(np.arange(n_docs, dtype=np.int64), lens)
    pair = row * max(n_terms, 1) + tokens.astype(np.int64)
    uniq, tf = np.unique(pair, return_counts=True)  # sorted by (doc, term)
    doc = (uniq // max(n_terms, 1)).astype(np.int32)
    term = (uniq % max(n_terms, 1)).astype(np.int64)
    df = np.bincount(term, minlength=n_terms)
    idf = np.log1p((n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
    avgdl = float(lens.mean()) if n_docs else 0.0
    norm = K1 * (1 - B + B * lens[doc] / max(avgdl, 1e-9))
    w = (idf[term] * tf * (K1 + 1) / (tf + norm)).astype(np.float32)
    order = np.argsort(term, kind="stable")  # term-major, documents ascending within a term
    indptr = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(df, out=indptr[1:])
    return indptr, doc[order], w[order], idf, avgdl


def shingles(tok: np.ndarray) -> np.ndarray:
    """Hashes of the word 5-grams of one token run (uint64, unique, sorted)."""
    if len(tok) < SHINGLE:
        return np.zeros(0, dtype=np.uint64)
    t = tok.astype(np.uint64)
    h = np.zeros(len(t) - SHINGLE + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(SHINGLE):
            h = (h ^ t[i : len(t) - SHINGLE + 1 + i]) * np.uint64(0x100000001B3)
            h ^= h >> np.uint64(29)
    return np.unique(h)


def near_duplicates(b: Built) -> list[dict]:
    """Pairs of documents where >= 90% of the smaller one's 5-grams are in the larger one, or
    >= 80% with Jaccard >= 0.5 (a wire copy, a trimmed or lightly edited version). Candidates come from a content-defined
    sample of each document's shingles (hash = 0 mod 8: the same shingles are sampled in
    every copy); each candidate pair is then verified on the full shingle sets."""
    n = len(b.docs)
    doc_tok = b.sent_ptr[b.doc_sent]
    sh = [shingles(b.tokens[doc_tok[i] : doc_tok[i + 1]]) for i in range(n)]
    samp = [s[s % np.uint64(SAMPLE) == 0] for s in sh]
    if not n:
        return []
    hs = np.concatenate(samp)
    rows = np.repeat(np.arange(n, dtype=np.int64), [len(s) for s in samp])
    order = np.lexsort((rows, hs))
    hs, rows = hs[order], rows[order]
    starts = np.flatnonzero(np.r_[True, hs[1:] != hs[:-1]])
    ends = np.r_[starts[1:], len(hs)]
    pairs: dict[tuple[int, int], int] = {}
    for a, e in zip(starts.tolist(), ends.tolist()):
        if e - a < 2 or e - a > 50:  # a shingle in very many documents is boilerplate, not evidence
            continue
        rs = rows[a:e].tolist()
        for i in range(len(rs)):
            for j in range(i + 1, len(rs)):
                pairs[(rs[i], rs[j])] = pairs.get((rs[i], rs[j]), 0) + 1
    out = []
    for (i, j), shared in sorted(pairs.items()):
        small = min(len(samp[i]), len(samp[j]))
        if shared < max(2, 0.5 * small):
            continue
        common = len(np.intersect1d(sh[i], sh[j], assume_unique=True))
        smaller = min(len(sh[i]), len(sh[j]))
        jac = common / max(len(sh[i]) + len(sh[j]) - common, 1)
        if smaller and (common / smaller >= NEAR or (common / smaller >= NEAR_J[0] and jac >= NEAR_J[1])):
            a, c = (i, j) if len(sh[i]) >= len(sh[j]) else (j, i)
            out.append({"id": b.docs[c].id, "of": b.docs[a].id,
                        "reason": f"near copy: {common / smaller:.0%} of its word 5-grams are in the other"})
    return out
