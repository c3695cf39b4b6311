"""The `default` engine: a logistic regression over alignment, lexical and fact-check features
and (when `wellsourced[embed]` is installed) our claim model's two probabilities
(engines/consistency.py), fitted by bench/train_default.py and shipped as JSON. Applied with
numpy so the run time needs no sklearn, and works offline.

Without the model's packages it falls back to the lexical model and says so in the report's
warnings; `--engine lexical` asks for the lexical model explicitly (same results everywhere)."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from .. import claimmodel, embed
from . import consistency
from .base import ClaimContext, Engine, Judgement

HERE = Path(__file__).resolve().parent.parent
MODEL = HERE / "default_model.json"  # with embedding features
LEXICAL_MODEL = HERE / "lexical_model.json"  # without: no optional packages needed
NO_EMBED = ("the claim model or sentence embeddings are unavailable ({why}): the lexical model was used, "
            "which is less accurate (docs/check.md); pip install 'wellsourced[embed]'")


@lru_cache(maxsize=4)
def load(path: str) -> dict:
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError) as e:
        from ...errors import InputError

        raise InputError(path, f"cannot read the default engine's model: {e}") from None


def needs_embeddings(model: dict) -> bool:
    return any(f in embed.FEATURES for f in model["features"])


def needs_claim_model(model: dict) -> bool:
    return any(f in consistency.FEATURES for f in model["features"])


def _require(model: dict) -> None:
    """Load what the model's features need; raises the Unavailable error of the first missing part."""
    if needs_claim_model(model):
        claimmodel.scorer()
    if needs_embeddings(model):
        embed.encoder()


class DefaultEngine(Engine):
    name = "default"

    def __init__(self, model: str | Path | dict | None = None, **_ignored):
        self.warnings: list[str] = []
        if model is None:
            model = MODEL
            try:
                _require(load(str(MODEL)))
            except (embed.EmbeddingsUnavailable, claimmodel.ClaimModelUnavailable) as e:
                model = LEXICAL_MODEL
                self.warnings.append(NO_EMBED.format(why=e))
        m = model if isinstance(model, dict) else load(str(model))
        self.features: list[str] = m["features"]
        self.mean = np.asarray(m["mean"], float)
        self.scale = np.asarray(m["scale"], float)
        self.coef = np.asarray(m["coef"], float)
        self.intercept = float(m.get("intercept", 0.0))
        self.threshold = float(m.get("threshold", 0.5))
        self.embeddings = needs_embeddings(m)
        self.claim_model = needs_claim_model(m)
        try:
            _require(m)
        except (embed.EmbeddingsUnavailable, claimmodel.ClaimModelUnavailable) as e:
            from ...errors import InputError

            raise InputError(str(model) if not isinstance(model, dict) else "model", f"this model cannot run here: {e}") from None

    def scores(self, feats: list[dict[str, float]]) -> np.ndarray:
        x = np.array([[f.get(k, 0.0) for k in self.features] for f in feats], float).reshape(len(feats), len(self.features))
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def judge(self, contexts: list[ClaimContext]) -> list[Judgement]:
        if self.embeddings:
            embed.add_features([c for c in contexts if embed.FEATURES[0] not in c.features])  # the bench adds them itself
        if self.claim_model:
            consistency.add_features([c for c in contexts if consistency.FEATURES[0] not in c.features])
        return [Judgement(score=float(p)) for p in self.scores([c.features for c in contexts])]


class LexicalEngine(DefaultEngine):
    """The default engine without embeddings: needs no optional package, and gives the same
    scores on every install."""

    name = "lexical"

    def __init__(self, model: str | Path | dict | None = None, **_ignored):
        super().__init__(model or LEXICAL_MODEL)


