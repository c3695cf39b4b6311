"""`nli` engine: a local Hugging Face sequence-classification checkpoint as the judge.

Any NLI-style cross-encoder works: MNLI/ANLI/DocNLI models (entailment / neutral /
contradiction), MiniCheck-style fact checkers (2 labels, index 1 = supported), HHEM-v1-style
single-logit consistency scorers. The model is read from a local directory only
(`local_files_only`, hub offline); we never download weights.

Scoring follows SummaC-ZS / MiniCheck: each candidate evidence window is the premise, the
claim the hypothesis; P(entailment) is computed for every (window, claim) pair and the claim
gets the best window. When the model has a contradiction label and no window entails the
claim, a window whose P(contradiction) is the largest class and > 0.5 makes the judgement
carry the label hint "contradicted" (no Issue: the model cannot say what kind of error).

torch and transformers are the optional extra `wellsourced[nli]`; they are imported only
when the engine is built.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from ...errors import InputError
from .base import ClaimContext, Engine, Judgement

INSTALL_HINT = "the nli engine needs `pip install wellsourced[nli]`"

_POSITIVE = ("entail", "support", "consistent", "true", "factual", "faithful")
_NEGATIVE_WORDS = {"not", "non", "no", "false", "un", "in"}
_CONTRA = ("contradict", "refute")


def _words(name: str) -> list[str]:
    # split "not_entailment", "NotEntailment", "LABEL_1" into lowercase words
    name = re.sub(r"([a-z])([A-Z])", r"\1 \2", str(name))
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).split()


def _is_positive(name: str) -> bool:
    words = _words(name)
    if any(w in _NEGATIVE_WORDS for w in words):
        return False
    # a word must start with the keyword: "unsupported", "inconsistent" do not count
    return any(w.startswith(_POSITIVE) for w in words)


def _is_contradiction(name: str) -> bool:
    words = _words(name)
    if any(w in _NEGATIVE_WORDS for w in words):
        return False
    return any(w.startswith(_CONTRA) for w in words)


def entailment_index(id2label: dict[int, str] | None, num_labels: int) -> int | None:
    """Which output is P(entailment/supported); None when it cannot be told.

    Names containing entail/support/consistent/true (not negated: "not_entailment",
    "unsupported", "inconsistent" do not count); a 2-label model with no such name uses
    index 1 (MiniCheck, HHEM and most binary fact checkers: 0 = not supported).
    """
    labels = {int(k): v for k, v in (id2label or {}).items()}
    hits = [i for i, name in sorted(labels.items()) if _is_positive(name)]
    if len(hits) == 1:
        return hits[0]
    if num_labels == 2 and not hits:
        return 1
    return None


def contradiction_index(id2label: dict[int, str] | None) -> int | None:
    labels = {int(k): v for k, v in (id2label or {}).items()}
    hits = [i for i, name in sorted(labels.items()) if _is_contradiction(name)]
    return hits[0] if len(hits) == 1 else None


class NLIEngine(Engine):
    name = "nli"

    def __init__(self, model: str = "", device: str = "cpu", batch_size: int = 16, max_length: int = 512,
                 entailment_label: int | str | None = None, max_windows: int | None = None):
        """Load the checkpoint in directory `model`.

        entailment_label: override the output used as P(entailment), by index or id2label name,
        for checkpoints whose config.id2label does not say. max_windows: score only the first N
        candidate windows of each claim (they come best first); None scores them all.
        """
        path = Path(str(model)).expanduser()
        where = str(model)
        if not str(model).strip():
            raise InputError("nli", "no model given: use --model PATH (a local Hugging Face model directory)")
        if not path.exists():
            raise InputError(where, "model path does not exist (the nli engine needs a local Hugging Face model directory)")
        if not path.is_dir():
            raise InputError(where, "not a model directory: give the folder that holds config.json and the weights")
        if batch_size < 1 or max_length < 8:
            raise InputError("nli", "batch_size must be >= 1 and max_length >= 8")

        # offline before transformers/huggingface_hub are imported: never reach for the hub
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
        try:
            import torch
            from transformers import AutoConfig, AutoModelForSequenceClassification, AutoTokenizer
        except ImportError:
            raise InputError("nli", INSTALL_HINT) from None

        if not (path / "config.json").is_file():
            raise InputError(where, "not a Hugging Face model directory (no config.json)")
        try:
            config = AutoConfig.from_pretrained(str(path), local_files_only=True)
        except Exception as e:  # noqa: BLE001 - transformers raises many kinds
            raise InputError(where, f"cannot read the model config ({_short(e)})") from None

        try:
            self.device = torch.device(device)
        except (RuntimeError, TypeError, ValueError):
            raise InputError(where, f"unknown device {device!r} (use cpu, cuda, cuda:0, mps)") from None
        if self.device.type == "cuda" and not torch.cuda.is_available():
            raise InputError(where, f"device {device!r} asked for but no CUDA GPU is available")
        if self.device.type == "mps" and not torch.backends.mps.is_available():
            raise InputError(where, f"device {device!r} asked for but MPS is not available")

        num_labels = int(getattr(config, "num_labels", 0) or 0)
        id2label = {int(k): str(v) for k, v in (getattr(config, "id2label", None) or {}).items()}
        if entailment_label is not None:
            ent = _resolve_label(entailment_label, id2label, num_labels, where)
        elif num_labels == 1:
            ent = 0  # a single consistency logit: sigmoid
        else:
            ent = entailment_index(id2label, num_labels)
            if ent is None:
                raise InputError(
                    where,
                    f"cannot tell which output means entailment from config.id2label {id2label}; "
                    "name it in config.json (e.g. \"entailment\" or \"supported\") or pass entailment_label",
                )
        self.entail_index = ent
        self.contra_index = contradiction_index(id2label) if num_labels > 2 else None
        if self.contra_index == ent:
            self.contra_index = None
        self.num_labels = num_labels

        try:
            self.tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        except Exception as e:  # noqa: BLE001
            raise InputError(where, f"cannot load the tokenizer from the model directory ({_short(e)})") from None
        try:
            self.model = AutoModelForSequenceClassification.from_pretrained(str(path), local_files_only=True)
        except Exception as e:  # noqa: BLE001
            msg = _short(e)
            if "trust_remote_code" in str(e):
                msg = "it needs custom code (trust_remote_code), which the nli engine does not run"
            raise InputError(where, f"cannot load a sequence-classification model ({msg})") from None
        self.model.to(self.device)
        self.model.eval()

        limit = getattr(self.tokenizer, "model_max_length", None)
        pos = getattr(config, "max_position_embeddings", None)
        self.max_length = min(x for x in (max_length, limit, pos) if isinstance(x, int) and x > 0)
        roberta_like = getattr(config, "model_type", "") in ("roberta", "xlm-roberta", "camembert")
        if isinstance(pos, int) and roberta_like:
            self.max_length = min(self.max_length, pos - 2)  # roberta reserves 2 positions
        self.batch_size = int(batch_size)
        self.max_windows = max_windows
        self.path = str(path)
        self._torch = torch

    # --- scoring -------------------------------------------------------------------------

    def probabilities(self, pairs: list[tuple[str, str]]) -> list[list[float]]:
        """Class probabilities for (premise, hypothesis) pairs, in input order.

        For a single-logit model the row is [P(consistent)].
        """
        torch = self._torch
        out: list[list[float] | None] = [None] * len(pairs)
        # group similar lengths into one batch: less padding, same results
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        with torch.inference_mode():
            for k in range(0, len(order), self.batch_size):
                idx = order[k:k + self.batch_size]
                enc = self.tokenizer(
                    [pairs[i][0] for i in idx], [pairs[i][1] for i in idx],
                    padding=True, truncation=True, max_length=self.max_length, return_tensors="pt",
                )
                enc = {name: t.to(self.device) for name, t in enc.items()}
                logits = self.model(**enc).logits.float()
                if logits.shape[-1] == 1:
                    probs = torch.sigmoid(logits)
                else:
                    probs = torch.softmax(logits, dim=-1)
                for i, row in zip(idx, probs.cpu().tolist()):
                    out[i] = row
        return out  # type: ignore[return-value]

    def judge(self, contexts: list[ClaimContext]) -> list[Judgement]:
        pairs: list[tuple[str, str]] = []
        spans: list[tuple[int, int]] = []
        for ctx in contexts:
            windows = ctx.windows if self.max_windows is None else ctx.windows[: self.max_windows]
            start = len(pairs)
            pairs.extend((w.text, ctx.claim.text) for w in windows)
            spans.append((start, len(pairs)))
        probs = self.probabilities(pairs) if pairs else []

        out: list[Judgement] = []
        for start, end in spans:
            if start == end:
                out.append(Judgement(score=0.0))  # no evidence at all: thresholds say unsupported
                continue
            rows = probs[start:end]
            ent = [r[self.entail_index] for r in rows]
            best = max(range(len(rows)), key=lambda j: ent[j])  # first window wins ties
            judgement = Judgement(score=_clip(ent[best]), evidence=best)
            if self.contra_index is not None and _argmax(rows[best]) != self.entail_index:
                c = self.contra_index
                contra = [j for j, r in enumerate(rows) if r[c] > 0.5 and _argmax(r) == c]
                if contra:
                    judgement.label = "contradicted"
                    judgement.evidence = max(contra, key=lambda j: rows[j][c])
            out.append(judgement)
        return out


def _argmax(row: list[float]) -> int:
    return max(range(len(row)), key=lambda i: row[i])


def _clip(x: float) -> float:
    return float(min(1.0, max(0.0, x)))


def _short(e: Exception) -> str:
    text = str(e).strip().splitlines()
    return (text[0] if text else type(e).__name__)[:200]


def _resolve_label(label: int | str, id2label: dict[int, str], num_labels: int, where: str) -> int:
    if isinstance(label, int) or (isinstance(label, str) and label.strip().isdigit()):
        i = int(label)
        if 0 <= i < max(num_labels, 1):
            return i
        raise InputError(where, f"entailment_label {i} is out of range for a {num_labels}-label model")
    for i, name in id2label.items():
        if name.lower() == str(label).lower():
            return i
    raise InputError(where, f"entailment_label {label!r} is not one of the model's labels {sorted(id2label.values())}")


