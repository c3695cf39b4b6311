"""`consistency` engine: our own claim-vs-evidence model alone (check/claimmodel.py).

The model reads (claim, evidence window) and gives P(supported), P(contradicted), P(nei). The
claim takes the window the model finds most relevant (least "nei"); its score is the best
P(supported) over the windows. When the most relevant window contradicts the claim (the largest
class and > 0.5) the judgement carries the hint "contradicted" (the model cannot say which
words; rules still name them when they find them). The `default` engine uses the same numbers as
two features next to the rules' (add_features below)."""
from __future__ import annotations

from .. import claimmodel, embed
from .base import ClaimContext, Engine, Judgement

WINDOWS = 2  # windows scored per claim: the aligner's best two. One gave the same mean held-out AUC on the
# fit halves (0.685 vs 0.683, cross-fitted) at half the cost, but failed the seed pair (docs/check.md)
FEATURES = ("cm_sup", "cm_con")


def copied(contexts: list[ClaimContext]) -> list[bool]:
    """Claims that are word for word a sentence of their best window: nothing for the model to
    judge (scored as supported). The same test as the embedding signal's, on the best window."""
    return embed.copied_flags(contexts, windows=1)


def scores(contexts: list[ClaimContext]) -> list[tuple[float, float, int]]:
    """(P(supported) best over windows, P(contradicted) of the most relevant window, its index)."""
    pairs, spans = [], []
    for c, same in zip(contexts, copied(contexts)):
        start = len(pairs)
        if not same:
            pairs += [(c.claim.text, w.text) for w in c.windows[:WINDOWS]]
        spans.append((start, len(pairs)))
    probs = claimmodel.scorer().predict(pairs)
    return [reduce(probs[a:b], bool(c.windows)) for c, (a, b) in zip(contexts, spans)]


def reduce(rows, has_windows: bool) -> tuple[float, float, int]:
    """One claim's window probabilities -> (best P(supported), P(contradicted) of the most
    relevant window, that window's index). No rows: a copied claim (supported) or no evidence."""
    if not len(rows):
        return (1.0, 0.0, 0) if has_windows else (0.0, 0.0, 0)
    rel = int(rows[:, 2].argmin())  # first window wins ties
    return float(rows[:, 0].max()), float(rows[rel, 1]), rel


def add_features(contexts: list[ClaimContext]) -> None:
    for c, (sup, con, _) in zip(contexts, scores(contexts)):
        c.features.update({"cm_sup": sup, "cm_con": con})


class ConsistencyEngine(Engine):
    name = "consistency"

    def __init__(self, **_ignored):
        try:
            claimmodel.scorer()
        except claimmodel.ClaimModelUnavailable as e:
            from ...errors import InputError

            raise InputError("--engine consistency", str(e)) from None

    def judge(self, contexts: list[ClaimContext]) -> list[Judgement]:
        out = []
        for sup, con, rel in scores(contexts):
            j = Judgement(score=sup, evidence=rel)
            if con > 0.5 and con > sup:
                j.label = "contradicted"
            out.append(j)
        return out
