"""An on-disk (or in-memory) index of articles for `trace`: runs in-process, no server.

    idx = Index.build(["corpus.jsonl"], "news.idx")   # or Index.open("news.idx")
    idx.search(terms("derived text"), k=50)          # [(row, bm25 score)]
    idx.doc(row)                                       # {"meta": {"id", "url", ...}, "sentences": [...]}

Build = read -> `build_batch` (pure, per batch: the step a batch executor shards) ->
`assemble` (dedupe, vocabulary, BM25 matrix) -> `store.write` (atomic new generation).
`add` and `remove` write a whole new generation from the stored documents plus or minus
the change: simple and atomic, and cost O(index) — see docs/trace.md.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from functools import partial

import numpy as np

from ..errors import InputError
from ..model import Article
from . import store, vectors
from .assemble import Built, Collector, assemble
from .batch import Doc, build_batch
from .tokens import terms

BATCH = 1000
MAX_QUERY_TERMS = 64  # the rarest terms of a long query decide its candidates; more only costs time
COMMON = 0.05  # a query term in more than this share of the articles does not choose candidates ...
COMMON_MIN = 1000  # ... and in over this many (below it a term's postings cost nothing: small indexes are exact)
DRIVERS = 8  # ... unless the query has fewer than this many rarer terms


class Index:
    def __init__(self, meta: dict, arrays: dict, vocab: list[str], dups: list[dict],
                 docs: list[Doc] | None = None, path: str | None = None, gen: str | None = None):
        self.meta, self.vocab, self.dups, self.path, self._gen = meta, vocab, dups, path, gen
        self._docs = docs
        a = arrays
        self.tokens, self.sent_ptr, self.doc_sent = a["tokens"], a["sent_ptr"], a["doc_sent"]
        self.indptr, self.indices, self.data, self.cos = a["indptr"], a["indices"], a["data"], a["cos"]
        self.idf = np.asarray(a["idf"], dtype=np.float32)
        self.idf_max = float(self.idf.max()) if len(self.idf) else 1.0  # what a term the index lacks weighs
        self.lead = (a["lead_indptr"], a["lead_indices"], a["lead_data"])
        self._off = a.get("docs_off")
        self.emb: np.ndarray | None = None  # (articles, 1 or 2, 384) float16 when built with --embed (vectors.py)
        self.term_id = {t: i for i, t in enumerate(vocab)}
        # Opened now, like the memory maps: a generation retired by a later build stays
        # readable through these handles for as long as this Index lives.
        self._fh = open(os.path.join(gen, "docs.jsonl"), "rb") if gen else None  # noqa: SIM115

    # --- opening and building ------------------------------------------------------------
    @classmethod
    def open(cls, path: str) -> Index:
        for _ in range(3):  # a writer may retire the generation we just read from CURRENT
            gen = store.live(path)
            try:
                meta, arrays, vocab, dups = store.load(gen, path)
                idx = cls(meta, arrays, vocab, dups, path=path, gen=gen)
                idx.emb = vectors.load(gen, len(idx), path)
                return idx
            except (InputError, FileNotFoundError):
                if os.path.isdir(gen):
                    raise
        raise InputError(path, "the index kept changing while it was opened; try again")

    @classmethod
    def from_built(cls, b: Built, info: dict | None = None, embed: bool = False) -> Index:
        arrays = {"tokens": b.tokens, "sent_ptr": b.sent_ptr, "doc_sent": b.doc_sent, "indptr": b.indptr,
                  "indices": b.indices, "data": b.data, "cos": b.cos, "idf": b.idf,
                  "lead_indptr": b.lead[0], "lead_indices": b.lead[1], "lead_data": b.lead[2]}
        meta = {"format": store.FORMAT, "docs": len(b.docs), "terms": len(b.vocab), "sentences": len(b.sent_ptr) - 1,
                "avgdl": b.avgdl, "duplicates": len(b.dups), **(info or {})}
        idx = cls(meta, arrays, b.vocab, b.dups, docs=b.docs)
        if embed:  # the same vectors an on-disk build would store
            idx.emb = vectors.embed_articles([vectors.doc_texts(d.meta.get("title"), [t for _, t in d.sentences]) for d in b.docs])
        return idx

    @classmethod
    def from_articles(cls, articles: Iterable[Article], embed: bool = False) -> Index:
        """A throw-away in-memory index (`trace --corpus`), with article embeddings if asked."""
        return cls.from_built(assemble(build_batch(list(articles))), embed=embed)

    @classmethod
    def build(cls, inputs: list[str], path: str, errors: list | None = None, executor: str = "local", workers: int = 1,
              ray_address: str | None = None, embed: bool = False) -> Index:
        """Read `inputs` (anything `read` takes) into a new generation of the index at `path`.
        With several workers or the Ray executor, reading runs as a batch job (run/, step
        "index") whose rows are kept in DIR/.parts* until the index is written: a build that
        is killed resumes where it stopped when run again with the same inputs. `embed`: add
        article embeddings (vectors.py; vectors of articles the previous generation holds
        are reused)."""
        from ..run.job import check_executor
        from .parallel import drop_parts, iter_docs_parallel

        check_executor(executor, workers)  # before the lock: a bad option leaves no directory behind
        if embed:
            vectors.encoder()  # a missing encoder is an error before any reading
        serial = executor == "local" and workers == 1
        with store.writer_lock(path):
            # On the executors the workers embed the articles they read (vectors.Given)
            given = vectors.Given(path) if embed and not serial else None
            extra = partial(vectors.write, previous=vectors.previous(path), given=given) if embed else None
            try:
                docs = iter_docs(inputs, errors) if serial else iter_docs_parallel(inputs, path, errors, executor, workers,
                                                                                  ray_address, given)
                n = _write_docs(docs, path, lambda: None, extra=extra)
            finally:
                if given is not None:
                    given.close()
            if not serial:
                drop_parts(path)  # written, or only error rows: nothing worth resuming
            if not n:
                raise InputError(", ".join(inputs)[:200], "no articles to index")
        return cls.open(path)

    def add(self, inputs: list[str], errors: list | None = None) -> Index:
        self._need_disk()
        with store.writer_lock(self.path):
            new: list[int] = []

            def docs():
                yield from self.iter_stored()
                for d in iter_docs(inputs, errors):
                    new.append(1)
                    yield d

            _write_docs(docs(), self.path, lambda: None,
                        lambda: None if new else InputError(", ".join(inputs)[:200], "no articles to add"),
                        lambda: {"inputs": len(new)}, extra=self._keep_vectors())
        return Index.open(self.path)

    def remove(self, ids: list[str]) -> Index:
        self._need_disk()
        want = set(ids)
        found: set[str] = set()

        def docs():
            for d in self.iter_stored():
                if d.id in want:
                    found.add(d.id)
                    continue
                kept = [a for a in d.aliases if a["id"] not in want]
                found.update({a["id"] for a in d.aliases} - {a["id"] for a in kept})
                d.aliases = kept
                yield d

        def missing():
            gone = [i for i in ids if i not in found]
            return InputError(self.path, f"no article with id {gone[0]!r} in this index") if gone else None

        with store.writer_lock(self.path):
            _write_docs(docs(), self.path, lambda: InputError(self.path, "removing these would leave the index empty"),
                        missing, lambda: {"inputs": 0}, extra=self._keep_vectors())
        return Index.open(self.path)

    def _keep_vectors(self):
        """An index built with embeddings keeps them through add and remove (only new articles
        are embedded)."""
        return partial(vectors.write, previous=(self._gen, self.emb)) if self.emb is not None else None

    def _need_disk(self) -> None:
        if not self.path:
            raise InputError("index", "an in-memory index cannot be changed on disk")

    # --- reading ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.doc_sent) - 1

    def doc(self, row: int) -> dict:
        """{"meta": {...}, "sentences": [[id, text], ...], "aliases": [...]} of one document."""
        if self._docs is not None:
            d = self._docs[row]
            return {"meta": d.meta, "sentences": [list(s) for s in d.sentences], "aliases": d.aliases}
        a, b = int(self._off[row]), int(self._off[row + 1])
        self._fh.seek(a)
        rec = json.loads(self._fh.read(b - a))
        rec.setdefault("aliases", [])
        return rec

    def iter_stored(self) -> Iterator[Doc]:
        """The stored documents, one at a time (`add` and `remove` rewrite the index from them)."""
        from .batch import doc_from_record

        for i in range(len(self)):
            yield doc_from_record(self.doc(i))

    def stored_docs(self) -> list[Doc]:
        return list(self.iter_stored())

    def sentence_tokens(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        """Term ids of one document and the start of each sentence in them (plus the end)."""
        s0, s1 = int(self.doc_sent[row]), int(self.doc_sent[row + 1])
        bounds = np.asarray(self.sent_ptr[s0 : s1 + 1])
        return np.asarray(self.tokens[bounds[0] : bounds[-1]]), bounds - bounds[0]

    def query_ids(self, qterms: list[str]) -> np.ndarray:
        return np.asarray([self.term_id[t] for t in qterms if t in self.term_id], dtype=np.int64)

    def search(self, qids: np.ndarray, k: int = 30, k_cos: int = 20, k_lead: int = 10) -> list[tuple[int, float, float]]:
        """Candidates for a query: the top `k` by BM25, the top `k_cos` by TF-IDF cosine and the
        top `k_lead` by BM25 over documents' first sentences, over its rarest MAX_QUERY_TERMS
        distinct terms. Terms common in a large index (COMMON) do not choose candidates but are
        added to the candidates' scores, so the scores returned are over all those terms.
        [(row, bm25, cosine)], best BM25 first, ties by row (= by id)."""
        if not len(qids) or not len(self):
            return []
        u, cnt = np.unique(qids, return_counts=True)
        if len(u) > MAX_QUERY_TERMS:
            keep = np.lexsort((u, -self.idf[u] * np.log1p(cnt)))[:MAX_QUERY_TERMS]
            u, cnt = u[keep], cnt[keep]
        df = self.indptr[u + 1] - self.indptr[u]
        if not df.sum():
            return []
        qv = (1 + np.log(cnt)) * self.idf[u]
        qnorm = max(float(np.sqrt((qv * qv).sum())), 1e-9)
        # The rare terms choose the candidates; the common ones only add to the chosen articles'
        # scores. At 200k articles terms in over COMMON of them hold 82% of a query's postings.
        rank = np.lexsort((u, df))  # rarest first
        lead_n = max(DRIVERS, int((df <= max(COMMON * len(self), COMMON_MIN)).sum()))
        drive, common = np.sort(rank[:lead_n]), np.sort(rank[lead_n:])
        n, times = len(self), np.minimum(cnt, 3)
        lens, (rows, w, c) = _gather(self.indptr, (self.indices, self.data, self.cos), u[drive])
        w = w.astype(np.float64) * np.repeat(times[drive], lens)
        c = c.astype(np.float64) * np.repeat(qv[drive], lens)
        bm = np.bincount(rows, weights=w, minlength=n)  # dense: cheaper than sorting the postings
        cs = np.bincount(rows, weights=c, minlength=n)  # divided by qnorm for the candidates only
        hit = np.flatnonzero(bm > 0)  # only articles holding a query term can be candidates
        pick = set(_top(bm[hit], hit, k).tolist()) | set(_top(cs[hit], hit, k_cos).tolist())
        if k_lead and len(u) <= 24:  # short queries: headlines, leads, one-line summaries
            lp, li, ld = self.lead
            llen, (lrows, lw) = _gather(lp, (li, ld), u[drive])
            if llen.sum():
                lb = np.bincount(lrows, weights=lw.astype(np.float64) * np.repeat(times[drive], llen), minlength=n)
                pick |= set(_top(lb[hit], hit, k_lead).tolist())
        cand = np.asarray(sorted(pick), dtype=np.int64)
        bm_c, cs_c = bm[cand], cs[cand] / qnorm
        for t in common.tolist():  # the common terms, looked up for the candidates only
            a, b = int(self.indptr[u[t]]), int(self.indptr[u[t] + 1])
            post = self.indices[a:b]  # ascending rows within a term
            pos = np.minimum(np.searchsorted(post, cand), max(b - a - 1, 0))
            has = (post[pos] == cand) if b > a else np.zeros(len(cand), bool)
            bm_c[has] += np.asarray(self.data[a:b][pos[has]], dtype=np.float64) * int(times[t])
            cs_c[has] += np.asarray(self.cos[a:b][pos[has]], dtype=np.float64) * qv[t] / qnorm
        top = sorted(range(len(cand)), key=lambda i: (-bm_c[i], cand[i]))
        return [(int(cand[i]), float(bm_c[i]), float(cs_c[i])) for i in top]

    def stats(self) -> dict:
        size = 0
        if self._gen and os.path.isdir(self._gen):
            size = sum(os.path.getsize(os.path.join(self._gen, n)) for n in os.listdir(self._gen))
        reasons: dict[str, int] = {}
        for d in self.dups:
            r = d["reason"].split(":")[0]
            reasons[r] = reasons.get(r, 0) + 1
        return {"path": self.path, "generation": os.path.basename(self._gen) if self._gen else None,
                "format": self.meta.get("format"), "articles": len(self), "sentences": int(self.meta["sentences"]),
                "terms": len(self.vocab), "duplicates": dict(sorted(reasons.items())), "bytes": size,
                "embeddings": self.emb is not None,
                "vectors_per_article": int(self.emb.shape[1]) if self.emb is not None else 0}


def _gather(indptr, arrays: tuple, u: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Postings of terms `u` in a term -> documents matrix: their lengths, and each of `arrays`
    (rows, weights) concatenated. Read as slices of the memory maps: at 200k articles a query
    reads ~230k postings, and slicing is several times cheaper than gathering by an index array."""
    segs = list(zip(indptr[u].tolist(), indptr[u + 1].tolist()))
    lens = np.asarray([b - a for a, b in segs], dtype=np.int64)
    return lens, [np.concatenate([arr[a:b] for a, b in segs]) for arr in arrays]


def _top(scores: np.ndarray, rows: np.ndarray, k: int) -> np.ndarray:
    """The rows of the k best scores, best first; ties go to the lower row, at the cut too, so
    the answer depends only on the scores and rows given, not on what else is in the arrays."""
    k = min(k, len(scores))
    if k <= 0:
        return np.zeros(0, np.int64)
    if k < len(scores):
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        above = np.flatnonzero(scores > kth)
        tied = np.flatnonzero(scores == kth)
        top = np.concatenate([above, tied[np.argsort(rows[tied], kind="stable")][: k - len(above)]])
    else:
        top = np.arange(len(scores))
    return rows[top[np.lexsort((rows[top], -scores[top]))]]


def _write_docs(docs: Iterable[Doc], path: str, if_empty, check=lambda: None, info=None, extra=None) -> int:
    """Stream `docs` into a Collector that spills under `path` and write the next generation.
    `if_empty()` and `check()` (after the documents are read) give the InputError to raise
    instead, or None; `extra` goes to store.write (embeddings). Returns the number of
    documents read."""
    col = Collector(spill=path)
    try:
        for d in docs:
            col.add(d)
        err = check() or (if_empty() if not len(col) else None)
        if err:
            raise err
        if len(col):
            meta = info() if info else {"inputs": len(col)}
            if extra:
                meta["embeddings"] = vectors.INFO
            store.write(col, path, meta, extra)
        return len(col)
    finally:
        col.close()


def iter_docs(inputs: list[str], errors: list | None = None) -> Iterator[Doc]:
    """Every article of the inputs as index documents, in batches of BATCH through build_batch.
    Bad records are collected in `errors` (when given) and skipped."""
    from ..read import iter_articles

    batch: list[Article] = []
    for item in iter_articles(inputs, annotate=False):
        if isinstance(item, InputError):
            if errors is not None:
                errors.append(item)
            continue
        batch.append(item)
        if len(batch) >= BATCH:
            yield from build_batch(batch)
            batch = []
    yield from build_batch(batch)


def read_docs(inputs: list[str], errors: list | None = None) -> list[Doc]:
    return list(iter_docs(inputs, errors))


__all__ = ["Index", "Doc", "build_batch", "assemble", "terms"]
