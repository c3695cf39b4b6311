"""The nli engine against tiny, randomly initialised BERT classifiers built here (no download)."""
from __future__ import annotations

import sys

import pytest

from wellsourced.check.engines.base import ClaimContext, Judgement
from wellsourced.check.engines.nli import INSTALL_HINT, NLIEngine, contradiction_index, entailment_index
from wellsourced.errors import InputError
from wellsourced.model import Article, Evidence, Sentence

WORDS = (
    "the police said at least twelve people were killed in the city on monday minister "
    "denied report storm flood rose fell by percent company profit government army rebels "
    "attack no one was hurt officials reported"
).split()


# --- label names: no torch needed ---------------------------------------------------------

@pytest.mark.parametrize(
    "id2label, n, expected",
    [
        ({0: "entailment", 1: "neutral", 2: "contradiction"}, 3, 0),
        ({0: "CONTRADICTION", 1: "NEUTRAL", 2: "ENTAILMENT"}, 3, 2),
        ({0: "entailment", 1: "not_entailment"}, 2, 0),
        ({0: "not_entailment", 1: "entailment"}, 2, 1),
        ({0: "NotEntailment", 1: "Entailment"}, 2, 1),
        ({0: "unsupported", 1: "supported"}, 2, 1),
        ({0: "inconsistent", 1: "consistent"}, 2, 1),
        ({0: "consistent", 1: "hallucinated"}, 2, 0),
        ({0: "false", 1: "true"}, 2, 1),
        ({0: "LABEL_0", 1: "LABEL_1"}, 2, 1),  # MiniCheck-style binary: index 1
        ({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}, 3, None),
        (None, 3, None),
    ],
)
def test_entailment_index(id2label, n, expected):
    assert entailment_index(id2label, n) == expected


def test_contradiction_index():
    assert contradiction_index({0: "entailment", 1: "neutral", 2: "contradiction"}) == 2
    assert contradiction_index({0: "REFUTES", 1: "SUPPORTS", 2: "NOT ENOUGH INFO"}) == 0
    assert contradiction_index({0: "entailment", 1: "not_entailment"}) is None
    assert contradiction_index({0: "non-contradiction", 1: "x"}) is None


def test_missing_path_is_a_clear_error(tmp_path):
    missing = tmp_path / "no-such-model"
    with pytest.raises(InputError) as e:
        NLIEngine(model=str(missing))
    assert str(missing) in str(e.value)
    assert "does not exist" in str(e.value)


def test_file_is_not_a_model(tmp_path):
    f = tmp_path / "model.bin"
    f.write_bytes(b"\0" * 10)
    with pytest.raises(InputError, match="not a model directory"):
        NLIEngine(model=str(f))


def test_missing_extra_names_the_install_command(tmp_path, monkeypatch):
    for mod in ("torch", "transformers"):
        monkeypatch.setitem(sys.modules, mod, None)  # makes `import torch` raise ImportError
    with pytest.raises(InputError) as e:
        NLIEngine(model=str(tmp_path))
    assert INSTALL_HINT in str(e.value)
    assert "pip install wellsourced[nli]" in str(e.value)


# --- tiny models ----------------------------------------------------------------------------

def _build(path, *, id2label, seed=0, bias=None):
    """Save a tiny random BERT classifier + WordPiece tokenizer to `path`."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    path.mkdir(parents=True, exist_ok=True)
    vocab = path / "vocab.txt"
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS, ",", "."]) + "\n")
    tok = transformers.BertTokenizerFast(vocab_file=str(vocab), do_lower_case=True)
    config = transformers.BertConfig(
        vocab_size=len(tok), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=64, max_position_embeddings=128, num_labels=len(id2label),
        id2label=dict(id2label), label2id={v: k for k, v in id2label.items()},
    )
    torch.manual_seed(seed)
    model = transformers.BertForSequenceClassification(config)
    if bias is not None:  # force the classifier's answer regardless of the input
        with torch.no_grad():
            model.classifier.weight.zero_()
            model.classifier.bias.copy_(torch.tensor(bias, dtype=torch.float))
    model.save_pretrained(str(path))
    tok.save_pretrained(str(path))
    return path


NLI3 = {0: "entailment", 1: "neutral", 2: "contradiction"}


@pytest.fixture(scope="module")
def tiny3(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("tiny3"), id2label=NLI3)


def _sentence(text: str, sid: str = "p1s1") -> Sentence:
    return Sentence(id=sid, text=text, start=0, end=len(text), paragraph=1)


def _ctx(claim: str, windows: list[str]) -> ClaimContext:
    ev = [Evidence(sentence_ids=[f"p1s{i + 1}"], text=w, score=1.0 - i / 10) for i, w in enumerate(windows)]
    return ClaimContext(claim=_sentence(claim), windows=ev, source=Article())


WINDOWS = [
    "the police said at least twelve people were killed in the city on monday.",
    "the minister denied the report.",
    "officials reported no one was hurt.",
]
CLAIMS = [
    ("twelve people were killed on monday, the police said.", WINDOWS),
    ("the minister denied the report.", WINDOWS[1:]),
    ("profit rose by twelve percent.", WINDOWS[:1]),
    ("rebels attack the city.", []),  # no evidence at all
]


def test_scores_shapes_ranges_and_determinism(tiny3):
    engine = NLIEngine(model=str(tiny3), device="cpu", batch_size=2, max_length=64)
    assert engine.name == "nli"
    assert engine.entail_index == 0 and engine.contra_index == 2
    contexts = [_ctx(c, w) for c, w in CLAIMS]
    first = engine.judge(contexts)
    assert len(first) == len(contexts)
    for j, (claim, windows) in zip(first, CLAIMS):
        assert isinstance(j, Judgement)
        assert 0.0 <= j.score <= 1.0
        assert j.issues == []
        assert j.label in (None, "contradicted")
        if windows:
            assert 0 <= j.evidence < len(windows)
    assert first[-1].score == 0.0 and first[-1].label is None  # no windows
    # same input, same output; and batch size does not change the numbers
    again = engine.judge(contexts)
    assert [(j.score, j.label, j.evidence) for j in again] == [(j.score, j.label, j.evidence) for j in first]
    other = NLIEngine(model=str(tiny3), batch_size=16, max_length=64).judge(contexts)
    for a, b in zip(first, other):
        assert a.score == pytest.approx(b.score, abs=1e-5)
        assert a.evidence == b.evidence
    assert engine.judge([]) == []


def test_best_window_is_the_max_over_windows(tiny3):
    engine = NLIEngine(model=str(tiny3), max_length=64)
    claim = CLAIMS[0][0]
    probs = engine.probabilities([(w, claim) for w in WINDOWS])
    assert len(probs) == len(WINDOWS)
    for row in probs:
        assert len(row) == 3
        assert sum(row) == pytest.approx(1.0, abs=1e-5)
        assert all(0.0 <= p <= 1.0 for p in row)
    singles = [engine.judge([_ctx(claim, [w])])[0].score for w in WINDOWS]
    for s, row in zip(singles, probs):
        assert s == pytest.approx(row[0], abs=1e-5)  # P(entailment) of that pair
    j = engine.judge([_ctx(claim, WINDOWS)])[0]
    best = max(range(len(WINDOWS)), key=lambda i: singles[i])
    assert j.evidence == best
    assert j.score == pytest.approx(max(singles), abs=1e-5)
    # the window order must not matter for the score, only for the index
    rev = engine.judge([_ctx(claim, WINDOWS[::-1])])[0]
    assert rev.score == pytest.approx(j.score, abs=1e-5)
    assert rev.evidence == len(WINDOWS) - 1 - best
    # max_windows scores only the first N candidates
    first_only = NLIEngine(model=str(tiny3), max_length=64, max_windows=1).judge([_ctx(claim, WINDOWS)])[0]
    assert first_only.evidence == 0
    assert first_only.score == pytest.approx(singles[0], abs=1e-5)


def test_long_inputs_are_truncated(tiny3):
    engine = NLIEngine(model=str(tiny3), max_length=32)
    long_window = " ".join(WORDS * 20)
    j = engine.judge([_ctx("the police said twelve people were killed.", [long_window])])[0]
    assert 0.0 <= j.score <= 1.0


def test_contradiction_hint(tmp_path):
    path = _build(tmp_path / "contra", id2label=NLI3, bias=[0.0, 0.0, 6.0])
    engine = NLIEngine(model=str(path))
    j = engine.judge([_ctx(CLAIMS[0][0], WINDOWS)])[0]
    assert j.label == "contradicted"
    assert j.score < 0.05
    assert j.issues == []  # a hint only: the model cannot say what kind of error


def test_entailing_model_gives_high_scores(tmp_path):
    path = _build(tmp_path / "ent", id2label={0: "CONTRADICTION", 1: "NEUTRAL", 2: "ENTAILMENT"},
                  bias=[0.0, 0.0, 6.0])
    engine = NLIEngine(model=str(path))
    assert engine.entail_index == 2
    j = engine.judge([_ctx(CLAIMS[0][0], WINDOWS)])[0]
    assert j.score > 0.95 and j.label is None


def test_binary_model_uses_index_1_and_never_says_contradicted(tmp_path):
    path = _build(tmp_path / "bin", id2label={0: "LABEL_0", 1: "LABEL_1"}, bias=[5.0, 0.0])
    engine = NLIEngine(model=str(path))
    assert engine.entail_index == 1 and engine.contra_index is None
    j = engine.judge([_ctx(CLAIMS[0][0], WINDOWS)])[0]
    assert j.score < 0.05 and j.label is None


def test_single_logit_model_uses_sigmoid(tmp_path):
    path = _build(tmp_path / "one", id2label={0: "LABEL_0"}, bias=[2.0])
    engine = NLIEngine(model=str(path))
    j = engine.judge([_ctx(CLAIMS[0][0], WINDOWS)])[0]
    assert j.score == pytest.approx(1 / (1 + pytest.importorskip("math").exp(-2.0)), abs=1e-4)


def test_unknown_labels_are_a_clear_error(tmp_path):
    path = _build(tmp_path / "anon", id2label={0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"})
    with pytest.raises(InputError, match="cannot tell which output means entailment"):
        NLIEngine(model=str(path))
    engine = NLIEngine(model=str(path), entailment_label=2)  # the override
    assert engine.entail_index == 2
    assert NLIEngine(model=str(path), entailment_label="label_1").entail_index == 1
    with pytest.raises(InputError, match="out of range"):
        NLIEngine(model=str(path), entailment_label=5)


def test_directory_without_model_is_a_clear_error(tmp_path):
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no config.json"):
        NLIEngine(model=str(empty))
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.json").write_text("{not json")
    with pytest.raises(InputError, match="cannot read the model config"):
        NLIEngine(model=str(broken))


def test_config_without_weights_is_a_clear_error(tmp_path):
    path = _build(tmp_path / "noweights", id2label=NLI3)
    for f in path.iterdir():
        if f.suffix in (".safetensors", ".bin"):
            f.unlink()
    with pytest.raises(InputError, match="cannot load a sequence-classification model"):
        NLIEngine(model=str(path))


def test_bad_device_is_a_clear_error(tiny3):
    with pytest.raises(InputError, match="unknown device"):
        NLIEngine(model=str(tiny3), device="quantum")


def test_through_the_check_pipeline(tmp_path):
    pipeline = pytest.importorskip("wellsourced.check.pipeline")
    path = _build(tmp_path / "ent", id2label=NLI3, bias=[6.0, 0.0, 0.0])
    src = "Police said at least 12 people were killed in the city on Monday.\n\nThe minister denied the report."
    der = "The minister denied the report."
    report = pipeline.check_texts(src, der, engine="nli", model=str(path))
    assert report.engine == "nli"
    assert [v.label for v in report.verdicts] == ["supported"]
    assert report.verdicts[0].score > 0.95
