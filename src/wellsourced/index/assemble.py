"""Batches of `Doc`s -> the arrays of one index: exact duplicates folded, near duplicates
recorded, a vocabulary, each sentence's term ids, and a BM25 term -> documents matrix.

Documents are ordered by id, so the same set of articles gives the same index byte for byte
whatever order the inputs came in.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain

import numpy as np

from .batch import Doc

K1, B = 1.5, 0.75  # BM25 (Lucene form), the usual defaults
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
    cos: np.ndarray  # float32 TF-IDF weights, each document's vector of unit length (same layout)
    idf: np.ndarray  # float32 [n_terms]
    lead: tuple = ()  # (indptr, indices, data): BM25 over each document's first LEAD sentences
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
    sents = [s for d in docs for s in d.terms]
    flat = list(chain.from_iterable(sents))
    vocab = sorted(set(flat))
    tid = {t: i for i, t in enumerate(vocab)}
    sent_lens = [len(s) for s in sents]
    tokens = np.fromiter(map(tid.__getitem__, flat), dtype=np.int32, count=len(flat))
    del flat
    sent_ptr = np.zeros(len(sent_lens) + 1, dtype=np.int64)
    np.cumsum(sent_lens, out=sent_ptr[1:])
    doc_sent = np.zeros(len(docs) + 1, dtype=np.int64)
    np.cumsum([len(d.terms) for d in docs], out=doc_sent[1:])
    doc_tok = sent_ptr[doc_sent]
    indptr, indices, data, cos, idf, avgdl = bm25_matrix(tokens, doc_tok, len(vocab))
    built = Built(docs, dups, vocab, tokens, sent_ptr, doc_sent, indptr, indices, data, cos, idf, avgdl)
    built.lead = lead_matrix(tokens, sent_ptr, doc_sent, len(vocab))
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
    # TF-IDF (sublinear tf) with unit-length documents: cosine similarity, which ranks short
    # headline-like queries better than BM25 does (BASELINES.md)
    tv = (1 + np.log(tf)) * idf[term]
    dn = np.sqrt(np.bincount(doc, weights=tv * tv, minlength=n_docs))
    cos = (tv / np.maximum(dn[doc], 1e-9)).astype(np.float32)
    order = np.argsort(term, kind="stable")  # term-major, documents ascending within a term
    indptr = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(df, out=indptr[1:])
    return indptr, doc[order], w[order], cos[order], idf, avgdl


LEAD = 3  # sentences: the headline (when there is one) and the first two


def lead_matrix(tokens: np.ndarray, sent_ptr: np.ndarray, doc_sent: np.ndarray, n_terms: int) -> tuple:
    """BM25 over each document's first LEAD sentences: headline-like and lead excerpts are
    cut from there, and in a whole-text index long articles drown them."""
    end_sent = np.minimum(doc_sent[:-1] + LEAD, doc_sent[1:])
    a, b = sent_ptr[doc_sent[:-1]], sent_ptr[end_sent]
    lens = b - a
    if not len(lens) or not lens.sum():
        return np.zeros(n_terms + 1, np.int64), np.zeros(0, np.int32), np.zeros(0, np.float32)
    idx = np.repeat(a - np.r_[0, np.cumsum(lens)[:-1]], lens) + np.arange(lens.sum())
    lead_tok = tokens[idx]
    doc_tok = np.r_[0, np.cumsum(lens)]
    indptr, indices, data, _cos, _idf, _avg = bm25_matrix(lead_tok, doc_tok, n_terms)
    return indptr, indices, data


def shingle_table(tokens: np.ndarray, doc_tok: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every document's distinct word 5-gram hashes at once: (hashes sorted by document then
    hash, the document of each, the start of each document's run [n_docs + 1])."""
    n = len(doc_tok) - 1
    L = len(tokens)
    if L < SHINGLE or not n:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64), np.zeros(n + 1, np.int64)
    doc = np.repeat(np.arange(n, dtype=np.int64), np.diff(doc_tok))
    t = tokens.astype(np.uint64)
    m = L - SHINGLE + 1
    h = np.zeros(m, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(SHINGLE):
            h = (h ^ t[i : m + i]) * np.uint64(0x100000001B3)
            h ^= h >> np.uint64(29)
    ok = doc[:m] == doc[SHINGLE - 1 :]  # not across a document boundary
    h, d = h[ok], doc[:m][ok]
    order = np.lexsort((h, d))
    h, d = h[order], d[order]
    keep = np.r_[True, (h[1:] != h[:-1]) | (d[1:] != d[:-1])]
    h, d = h[keep], d[keep]
    return h, d, np.searchsorted(d, np.arange(n + 1))


def near_duplicates(b: Built) -> list[dict]:
    """Pairs of documents where >= 90% of the smaller one's 5-grams are in the larger one, or
    >= 80% with Jaccard >= 0.5 (a wire copy, a trimmed or lightly edited version). Candidates
    come from a content-defined sample of each document's shingles (hash = 0 mod 8: the same
    shingles are sampled in every copy); each candidate pair is then verified on the full sets."""
    n = len(b.docs)
    if not n:
        return []
    h, d, start = shingle_table(b.tokens, b.sent_ptr[b.doc_sent])
    size = np.diff(start)
    samp = h % np.uint64(SAMPLE) == 0
    hs, rows = h[samp], d[samp]
    nsamp = np.bincount(rows, minlength=n)
    order = np.lexsort((rows, hs))
    hs, rows = hs[order], rows[order]
    starts = np.flatnonzero(np.r_[True, hs[1:] != hs[:-1]])
    ends = np.r_[starts[1:], len(hs)]
    multi = (ends - starts >= 2) & (ends - starts <= 50)  # a shingle in very many documents is boilerplate
    pairs: dict[tuple[int, int], int] = {}
    for a, e in zip(starts[multi].tolist(), ends[multi].tolist()):
        rs = rows[a:e].tolist()
        for i in range(len(rs)):
            for j in range(i + 1, len(rs)):
                pairs[(rs[i], rs[j])] = pairs.get((rs[i], rs[j]), 0) + 1
    out = []
    for (i, j), shared in sorted(pairs.items()):
        if shared < max(2, 0.5 * min(nsamp[i], nsamp[j])):
            continue
        si, sj = h[start[i] : start[i + 1]], h[start[j] : start[j + 1]]
        common = len(np.intersect1d(si, sj, assume_unique=True))
        smaller = min(size[i], size[j])
        jac = common / max(size[i] + size[j] - common, 1)
        if smaller and (common / smaller >= NEAR or (common / smaller >= NEAR_J[0] and jac >= NEAR_J[1])):
            a, c = (i, j) if size[i] >= size[j] else (j, i)
            out.append({"id": b.docs[c].id, "of": b.docs[a].id,
                        "reason": f"near copy: {common / smaller:.0%} of its word 5-grams are in the other"})
    return out
