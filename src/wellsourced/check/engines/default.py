"""The `default` engine: a logistic regression over alignment, lexical and fact-check
features, fitted by bench/train_default.py and shipped as JSON. Applied with numpy so the
run time needs no sklearn, and works offline."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from .base import ClaimContext, Engine, Judgement

MODEL = Path(__file__).resolve().parent.parent / "default_model.json"


@lru_cache(maxsize=4)
def load(path: str) -> dict:
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError) as e:
        from ...errors import InputError

        raise InputError(path, f"cannot read the default engine's model: {e}") from None


class DefaultEngine(Engine):
    name = "default"

    def __init__(self, model: str | Path | dict | None = None, **_ignored):
        m = model if isinstance(model, dict) else load(str(model or MODEL))
        self.features: list[str] = m["features"]
        self.mean = np.asarray(m["mean"], float)
        self.scale = np.asarray(m["scale"], float)
        self.coef = np.asarray(m["coef"], float)
        self.intercept = float(m["intercept"])
        self.threshold = float(m.get("threshold", 0.5))

    def scores(self, feats: list[dict[str, float]]) -> np.ndarray:
        x = np.array([[f.get(k, 0.0) for k in self.features] for f in feats], float).reshape(len(feats), len(self.features))
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def judge(self, contexts: list[ClaimContext]) -> list[Judgement]:
        return [Judgement(score=float(p)) for p in self.scores([c.features for c in contexts])]


ENGINE = DefaultEngine
