"""The claim model's runtime scorer (wellsourced.check.claimmodel).

Runs against the shipped model, or the folder in WELLSOURCED_CLAIM_MODEL_DIR (e.g. a stand-in
made by `python train/export.py CHECKPOINT OUT`); skips when there is none."""
from __future__ import annotations

import numpy as np
import pytest

from wellsourced.check import claimmodel
from wellsourced.check.claimmodel import LABELS, ClaimModelUnavailable, encode_pairs, load_tokenizer

CLAIM = "The harbour council voted on Tuesday to close the old ferry pier for repairs until March."
EVIDENCE = ("Members of the harbour council met on Tuesday evening. After a short debate they voted seven to two "
            "to close the old ferry pier, which engineers say has rotten piles, and to reopen it in March once "
            "the repairs are done. Ferries will use the fish quay in the meantime.")
OTHERS = [
    ("The pier will stay open all winter.", EVIDENCE),
    ("Ferries will leave from the fish quay.", "Ferries will use the fish quay in the meantime."),
    ("A new school opens in the north district next autumn, the mayor said.", EVIDENCE),
    ("Engineers found rotten piles.", "Engineers say the old ferry pier has rotten piles and needs months of work "
     "before it can carry passengers again, the council was told on Tuesday by its harbour master."),
    ("Seven councillors voted against.", "They voted seven to two."),
]


@pytest.fixture(scope="module")
def model():
    try:
        return claimmodel.ClaimModel(threads=2)
    except ClaimModelUnavailable as e:
        pytest.skip(f"no claim model: {e}")


def test_encode_pairs_claim_first_and_truncated():
    try:
        tok = load_tokenizer()
    except ClaimModelUnavailable as e:
        pytest.skip(str(e))
    long = " ".join(["word"] * 2000)
    short, cut = encode_pairs(tok, [(CLAIM, EVIDENCE), (CLAIM, long)], max_len=128)
    assert short.tokens[0] == "[CLS]" and short.tokens.count("[SEP]") == 2
    first = short.type_ids.index(1)
    assert short.tokens[first - 1] == "[SEP]" and "harbour" in short.tokens[:first]
    assert len(cut.ids) == 128
    assert cut.ids[:cut.type_ids.index(1)] == short.ids[:first]  # the claim stays whole; the evidence is cut
    assert encode_pairs(tok, []) == []


def test_shapes_and_probabilities(model):
    p = model.predict([(CLAIM, EVIDENCE)] + OTHERS)
    assert p.shape == (1 + len(OTHERS), len(LABELS)) and p.dtype == np.float32
    assert np.all(p >= 0) and np.allclose(p.sum(1), 1, atol=1e-6)


def test_empty_input(model):
    assert model.predict([]).shape == (0, len(LABELS))


def test_order_of_pairs_changes_nothing(model):
    """Any order of the same pairs gives the same bytes, and a pair scores as it does alone
    (the shipped model quantises weights only, never activations)."""
    batch = [(CLAIM, EVIDENCE)] + OTHERS
    p = model.predict(batch)
    for perm in (batch[::-1], OTHERS[:2] + [(CLAIM, EVIDENCE)] + OTHERS[2:]):
        q = model.predict(perm)
        assert all(q[perm.index(pair)].tobytes() == p[batch.index(pair)].tobytes() for pair in batch)
    for pair, row in zip(batch, p):
        assert np.abs(row - model.predict([pair])[0]).max() <= 1e-6


def test_deterministic(model):
    a = model.predict(OTHERS)
    b = model.predict(OTHERS)
    assert a.tobytes() == b.tobytes()


def test_long_evidence_is_truncated(model):
    evidence = " ".join(f"The council met again on day {i} and talked about the pier." for i in range(170))  # ~2000 words
    assert len(evidence.split()) >= 2000
    p = model.predict([(CLAIM, evidence), (CLAIM, "")])
    assert p.shape == (2, len(LABELS)) and np.isfinite(p).all()


def test_missing_model_is_unavailable(tmp_path, monkeypatch):
    pytest.importorskip("onnxruntime")
    monkeypatch.setenv("WELLSOURCED_CLAIM_MODEL_DIR", str(tmp_path))
    with pytest.raises(ClaimModelUnavailable, match="missing"):
        claimmodel.ClaimModel()
    (tmp_path / "meta.json").write_text('{"labels": ["supported", "contradicted", "nei"]}')
    (tmp_path / "model.onnx").write_bytes(b"not an onnx file")
    with pytest.raises(ClaimModelUnavailable, match="cannot load"):
        claimmodel.ClaimModel()
