"""Documents -> the arrays of one index: exact duplicates folded, near duplicates recorded, a
vocabulary, each sentence's term ids, and BM25 term -> documents matrices.

Documents are ordered by id, so the same set of articles gives the same index byte for byte
whatever order the inputs came in.

A `Collector` takes the documents one at a time. Building for disk, it keeps in memory only
what folding and ordering need (id, url, text key: ~200 bytes a document) and the vocabulary;
each document's record and term ids go to spill files, and `finish` writes the arrays straight
into the new generation's files, chunk by chunk. So a 1M-article build needs a few GB, not the
~20 GB that holding every document in memory took (4.3 GB at 200k).
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from array import array
from dataclasses import dataclass, field
from itertools import chain

import numpy as np

from .batch import Doc, record_of

K1, B = 1.5, 0.75  # BM25 (Lucene form), the usual defaults
SHINGLE = 5  # word 5-grams for near duplicates, as the benchmark defines them
SAMPLE = 8  # keep shingles whose hash is 0 mod SAMPLE (content-defined, so copies keep the same ones)
NEAR = 0.9  # share of the smaller text's 5-grams found in the larger...
NEAR_J = (0.8, 0.5)  # ...or this share with this Jaccard (a copy with a new headline and dateline)
CHUNK = 1 << 24  # tokens per chunk of documents: bounds the sort buffers (~0.5 GB) at any index size
LEAD = 3  # sentences: the headline (when there is one) and the first two


@dataclass
class Built:
    docs: list  # Docs (in memory) or Heads (written to disk already: see docs_off)
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
    docs_off: np.ndarray | None = None  # set when docs.jsonl is already written (a disk build)
    extra: dict = field(default_factory=dict)


@dataclass
class Head:
    """What folding and ordering need of a document; the rest waits in the spill files."""
    meta: dict  # id (and url); the Doc's own meta when building in memory
    key: str
    chars: int
    aliases: list
    slot: int  # arrival order: where its record and term ids are
    doc: Doc | None = None

    @property
    def id(self) -> str:
        return self.meta["id"]


class _Vocab(dict):
    """term -> provisional id, in order of first sight (remapped to sorted order at the end)."""

    def __missing__(self, term: str) -> int:
        self[term] = n = len(self)
        return n


class Collector:
    """Documents in, one by one; `finish` gives the index. `spill`: a directory for the spill
    files (a disk build), or None to keep everything in memory (`trace --corpus`, tests)."""

    def __init__(self, spill: str | None = None):
        self.dir = tempfile.mkdtemp(prefix=".build-spill-", dir=spill) if spill else None
        self.vocab = _Vocab()
        self.heads: list[Head] = []
        self.n_sent = array("q")  # per slot
        self.sent_len = array("q")  # per sentence, in arrival order
        self.tok_off = array("q", [0])  # per slot, into the spilled term ids
        self._tok = array("i")
        self._tok_file = open(os.path.join(self.dir, "tokens"), "wb") if self.dir else None  # noqa: SIM115
        self._rec_file = open(os.path.join(self.dir, "records"), "wb") if self.dir else None  # noqa: SIM115
        self.rec_off = array("q", [0])

    def __len__(self) -> int:
        return len(self.heads)

    def add(self, d: Doc) -> None:
        slot = len(self.heads)
        if self.dir:
            meta = {"id": d.meta["id"], **({"url": d.meta["url"]} if "url" in d.meta else {})}
            self.heads.append(Head(meta, d.key, d.chars, list(d.aliases), slot))
            raw = json.dumps(record_of(d), ensure_ascii=False, separators=(",", ":")).encode()
            self._rec_file.write(raw)
            self.rec_off.append(self.rec_off[-1] + len(raw))
        else:  # the Doc itself is kept: folding renames and aliases it in place
            self.heads.append(Head(d.meta, d.key, d.chars, d.aliases, slot, d))
        self.n_sent.append(len(d.terms))
        self.sent_len.extend(map(len, d.terms))
        before = len(self._tok)
        self._tok.extend(map(self.vocab.__getitem__, chain.from_iterable(d.terms)))
        self.tok_off.append(self.tok_off[-1] + len(self._tok) - before)
        if self._tok_file and len(self._tok) >= 1 << 22:
            self._tok.tofile(self._tok_file)
            self._tok = array("i")

    def close(self) -> None:
        for f in (self._tok_file, self._rec_file):
            if f and not f.closed:
                f.close()
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def _spilled(self) -> np.ndarray:
        if not self._tok_file:
            return _np(self._tok, np.int32)
        self._tok.tofile(self._tok_file)
        self._tok = array("i")
        self._tok_file.close()
        self._rec_file.close()
        if not self.tok_off[-1]:
            return np.zeros(0, np.int32)
        return np.memmap(os.path.join(self.dir, "tokens"), dtype=np.int32, mode="r")

    def finish(self, out: str | None = None) -> Built:
        """The index of every document added. `out`: the new generation's directory, written
        straight into (docs.jsonl and the .npy files); None: arrays in memory."""
        kept, dups = fold_exact(self.heads)
        terms = list(self.vocab)
        order = sorted(range(len(terms)), key=terms.__getitem__)
        vocab = [terms[i] for i in order]
        new_id = np.empty(len(terms), dtype=np.int32)
        new_id[order] = np.arange(len(terms), dtype=np.int32)
        del terms, order
        alloc = _Alloc(out)
        slots = np.fromiter((h.slot for h in kept), dtype=np.int64, count=len(kept))
        n_sent, sent_len = _np(self.n_sent, np.int64), _np(self.sent_len, np.int64)
        sent_start = np.r_[0, np.cumsum(n_sent)]
        doc_sent = np.zeros(len(kept) + 1, dtype=np.int64)
        np.cumsum(n_sent[slots], out=doc_sent[1:])
        sent_ptr = alloc("sent_ptr", int(doc_sent[-1]) + 1, np.int64)
        sent_ptr[0] = 0
        np.cumsum(sent_len[_ranges(sent_start[slots], sent_start[slots + 1])], out=sent_ptr[1:])
        doc_tok = sent_ptr[doc_sent]
        tokens = alloc("tokens", int(doc_tok[-1]), np.int32)
        prov, tok_off = self._spilled(), _np(self.tok_off, np.int64)
        for a, b in _chunks(doc_tok):  # the kept documents' term ids, in id order, remapped
            tokens[doc_tok[a] : doc_tok[b]] = new_id[prov[_ranges(tok_off[slots[a:b]], tok_off[slots[a:b] + 1])]]
        del prov
        indptr, indices, data, cos, idf, avgdl = bm25_matrix(tokens, doc_tok, len(vocab), alloc)
        built = Built(kept, dups, vocab, tokens, sent_ptr, doc_sent, indptr, indices, data, cos, idf, avgdl=avgdl)
        built.lead = lead_matrix(tokens, sent_ptr, doc_sent, len(vocab), alloc)
        built.dups += near_duplicates(tokens, doc_tok, [h.id for h in kept])
        if out:
            built.docs_off = self._write_docs(kept, os.path.join(out, "docs.jsonl"))
            alloc.flush()
        else:
            built.docs = [h.doc for h in kept]
        return built

    def _write_docs(self, kept: list[Head], path: str) -> np.ndarray:
        """docs.jsonl in id order, each line as `record_of` writes it; offsets [n + 1]."""
        offs = np.zeros(len(kept) + 1, dtype=np.int64)
        with open(os.path.join(self.dir, "records"), "rb") as src, open(path, "wb") as f:
            for i, h in enumerate(kept):
                a, b = self.rec_off[h.slot], self.rec_off[h.slot + 1]
                src.seek(a)
                raw = src.read(b - a)
                rec = json.loads(raw)
                if rec["meta"]["id"] != h.id or h.aliases:  # renamed or aliased while folding
                    rec["meta"]["id"] = h.id
                    if h.aliases:
                        rec["aliases"] = h.aliases
                    raw = json.dumps(rec, ensure_ascii=False, separators=(",", ":")).encode()
                f.write(raw + b"\n")
                offs[i + 1] = offs[i] + len(raw) + 1
            f.flush()
            os.fsync(f.fileno())
        return offs


class _Alloc:
    """Output arrays: in memory, or .npy files in the generation being written."""

    def __init__(self, out: str | None):
        self.out, self.maps = out, []

    def __call__(self, name: str, n: int, dtype) -> np.ndarray:
        if not self.out:
            return np.zeros(n, dtype=dtype)
        if not n:  # an empty file cannot be memory-mapped
            np.save(os.path.join(self.out, name + ".npy"), np.zeros(0, dtype=dtype))
            return np.zeros(0, dtype=dtype)
        m = np.lib.format.open_memmap(os.path.join(self.out, name + ".npy"), mode="w+", dtype=dtype, shape=(n,))
        self.maps.append(m)
        return m

    def flush(self) -> None:
        for m in self.maps:
            m.flush()
            fd = os.open(m.filename, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _np(a: array, dtype) -> np.ndarray:
    """An array.array as a numpy view (numpy refuses an empty buffer)."""
    return np.frombuffer(a, dtype=dtype) if len(a) else np.zeros(0, dtype=dtype)


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The concatenated ranges [starts[i], ends[i]) as one index array."""
    lens = ends - starts
    total = int(lens.sum())
    if not total:
        return np.zeros(0, np.int64)
    return np.repeat(starts - np.r_[0, np.cumsum(lens)[:-1]], lens) + np.arange(total)


def _chunks(doc_tok: np.ndarray) -> list[tuple[int, int]]:
    """Runs of documents [a, b) holding about CHUNK tokens each (a document is never split)."""
    n = len(doc_tok) - 1
    out, a = [], 0
    while a < n:
        b = int(np.searchsorted(doc_tok, doc_tok[a] + CHUNK, side="right")) - 1
        b = min(max(b, a + 1), n)
        out.append((a, b))
        a = b
    return out


def fold_exact(docs: list) -> tuple[list, list[dict]]:
    """One doc per distinct text; the others become aliases of it. Kept: the longest
    rendering (most letters), then the smallest id. Repeated ids with other text get a suffix.
    Works on Docs and Heads alike (key, chars, meta, aliases)."""
    by_key: dict[str, list] = {}
    for d in docs:
        by_key.setdefault(d.key, []).append(d)
    kept: list = []
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
    """An index of `docs`, in memory."""
    col = Collector()
    for d in docs:
        col.add(d)
    return col.finish()


def _pairs(tokens: np.ndarray, doc_tok: np.ndarray, a: int, b: int, n_terms: int):
    """(document, term, tf) of documents [a, b), sorted by document then term."""
    lens = np.diff(doc_tok[a : b + 1])
    row = np.repeat(np.arange(a, b, dtype=np.int64), lens)
    pair = row * max(n_terms, 1) + np.asarray(tokens[doc_tok[a] : doc_tok[b]], dtype=np.int64)
    uniq, tf = np.unique(pair, return_counts=True)
    return (uniq // max(n_terms, 1)).astype(np.int32), (uniq % max(n_terms, 1)).astype(np.int64), tf


def bm25_matrix(tokens: np.ndarray, doc_tok: np.ndarray, n_terms: int, alloc=None, prefix: str = "", with_cos: bool = True):
    """Lucene BM25 weights as a term-major sparse matrix (the layout bm25s uses), and TF-IDF
    cosine weights in the same layout. Two passes over chunks of documents (document
    frequencies, then weights), each chunk's postings placed at their term's next free slots,
    so the result is the same as one sort of the whole matrix without its memory."""
    alloc = alloc or _Alloc(None)
    n_docs = len(doc_tok) - 1
    lens = np.diff(doc_tok)
    chunks = _chunks(doc_tok)
    df = np.zeros(n_terms, dtype=np.int64)
    for a, b in chunks:
        df += np.bincount(_pairs(tokens, doc_tok, a, b, n_terms)[1], minlength=n_terms)
    idf = np.log1p((n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
    avgdl = float(lens.mean()) if n_docs else 0.0
    indptr = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(df, out=indptr[1:])
    nnz = int(indptr[-1])
    indices, data = alloc(prefix + "indices", nnz, np.int32), alloc(prefix + "data", nnz, np.float32)
    cos = alloc(prefix + "cos", nnz, np.float32) if with_cos else None
    fill = indptr[:-1].copy()
    for a, b in chunks:
        doc, term, tf = _pairs(tokens, doc_tok, a, b, n_terms)
        norm = K1 * (1 - B + B * lens[doc] / max(avgdl, 1e-9))
        w = (idf[term] * tf * (K1 + 1) / (tf + norm)).astype(np.float32)
        order = np.argsort(term, kind="stable")  # term-major, documents ascending within a term
        ts = term[order]
        starts = np.flatnonzero(np.r_[True, ts[1:] != ts[:-1]])
        cnt = np.diff(np.r_[starts, len(ts)])
        ut = ts[starts]
        dest = np.repeat(fill[ut] - starts, cnt) + np.arange(len(ts))
        fill[ut] += cnt
        indices[dest] = doc[order]
        data[dest] = w[order]
        if with_cos:
            # TF-IDF (sublinear tf) with unit-length documents: cosine similarity, which ranks
            # short headline-like queries better than BM25 does (BASELINES.md)
            tv = (1 + np.log(tf)) * idf[term]
            dn = np.sqrt(np.bincount(doc - a, weights=tv * tv, minlength=b - a))
            cos[dest] = (tv / np.maximum(dn[doc - a], 1e-9)).astype(np.float32)[order]
    return indptr, indices, data, cos, idf, avgdl


def lead_matrix(tokens: np.ndarray, sent_ptr: np.ndarray, doc_sent: np.ndarray, n_terms: int, alloc=None) -> tuple:
    """BM25 over each document's first LEAD sentences: headline-like and lead excerpts are
    cut from there, and in a whole-text index long articles drown them."""
    end_sent = np.minimum(doc_sent[:-1] + LEAD, doc_sent[1:])
    a, b = sent_ptr[doc_sent[:-1]], sent_ptr[end_sent]
    lead_tok = tokens[_ranges(a, b)]
    doc_tok = np.r_[0, np.cumsum(b - a)]
    indptr, indices, data, _cos, _idf, _avg = bm25_matrix(lead_tok, doc_tok, n_terms, alloc, "lead_", with_cos=False)
    return indptr, indices, data


def shingle_table(tokens: np.ndarray, doc_tok: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every document's distinct word 5-gram hashes at once: (hashes sorted by document then
    hash, the document of each, the start of each document's run [n_docs + 1])."""
    n = len(doc_tok) - 1
    L = len(tokens)
    if L < SHINGLE or not n:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64), np.zeros(n + 1, np.int64)
    doc = np.repeat(np.arange(n, dtype=np.int64), np.diff(doc_tok))
    t = np.asarray(tokens).astype(np.uint64)
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


def _shingles(tokens: np.ndarray, doc_tok: np.ndarray, i: int) -> np.ndarray:
    a, b = int(doc_tok[i]), int(doc_tok[i + 1])
    return shingle_table(tokens[a:b], np.asarray([0, b - a]))[0]


def near_duplicates(tokens: np.ndarray, doc_tok: np.ndarray, ids: list[str]) -> list[dict]:
    """Pairs of documents where >= 90% of the smaller one's 5-grams are in the larger one, or
    >= 80% with Jaccard >= 0.5 (a wire copy, a trimmed or lightly edited version). Candidates
    come from a content-defined sample of each document's shingles (hash = 0 mod 8: the same
    shingles are sampled in every copy); each candidate pair is then verified on the full sets."""
    n = len(ids)
    if not n:
        return []
    size = np.zeros(n, dtype=np.int64)
    hs_parts, row_parts = [], []
    for a, b in _chunks(doc_tok):
        h, d, start = shingle_table(tokens[doc_tok[a] : doc_tok[b]], doc_tok[a : b + 1] - doc_tok[a])
        size[a:b] = np.diff(start)
        samp = h % np.uint64(SAMPLE) == 0
        hs_parts.append(h[samp])
        row_parts.append(d[samp] + a)
    hs, rows = np.concatenate(hs_parts), np.concatenate(row_parts)
    nsamp = np.bincount(rows, minlength=n)
    order = np.lexsort((rows, hs))
    hs, rows = hs[order], rows[order]
    starts = np.flatnonzero(np.r_[True, hs[1:] != hs[:-1]])
    glen = np.diff(np.r_[starts, len(hs)])
    multi = (glen >= 2) & (glen <= 50)  # a shingle in very many documents is boilerplate
    keys = [np.zeros(0, np.int64)]
    for s in np.unique(glen[multi]).tolist():  # every pair within each group of documents sharing a shingle
        grp = rows[starts[multi & (glen == s)][:, None] + np.arange(s)]  # rows ascending within a group
        i, j = np.triu_indices(s, 1)
        keys.append((grp[:, i] * n + grp[:, j]).ravel())
    pair, shared = np.unique(np.concatenate(keys), return_counts=True)
    pi, pj = pair // n, pair % n
    ok = shared >= np.maximum(2, 0.5 * np.minimum(nsamp[pi], nsamp[pj]))
    out = []
    for i, j in zip(pi[ok].tolist(), pj[ok].tolist()):
        common = len(np.intersect1d(_shingles(tokens, doc_tok, i), _shingles(tokens, doc_tok, j), assume_unique=True))
        smaller = min(size[i], size[j])
        jac = common / max(size[i] + size[j] - common, 1)
        if smaller and (common / smaller >= NEAR or (common / smaller >= NEAR_J[0] and jac >= NEAR_J[1])):
            a, c = (i, j) if size[i] >= size[j] else (j, i)
            out.append({"id": ids[c], "of": ids[a],
                        "reason": f"near copy: {common / smaller:.0%} of its word 5-grams are in the other"})
    return out


__all__ = ["Built", "Collector", "assemble", "bm25_matrix", "fold_exact", "near_duplicates"]
