"""Fit the default engine's logistic regressions on the FIT halves only (bench/common.py split():
QAGS-C, QAGS-X, FRANK and XSumFaith by source article; SummEdits-other domains ectsum, qmsumm,
samsum, scitldr) and write src/wellsourced/check/default_model.json (with the claim model's features;
needs wellsourced[embed] for the claim model) and lexical_model.json (without: the `lexical` engine, and the
fallback). The report halves are never read here: bench/faithfulness.py reports on them.

Reproducible: python bench/train_default.py (deterministic lbfgs on cached features; needs
scikit-learn, a dev dependency only). Features are cached keyed by the code version, so after a
rule change `python bench/train_default.py && python bench/faithfulness.py` is the whole loop.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# The lexical features plus the fact-check flags: chosen by what they measure (the `lexical`
# engine must see every fact check), not by score.
LEXICAL_FEATURES = ["lcs", "src_cover", "src_cover_idf", "novel_run", "cover_plain", "num_novel", "ent_novel", "hedge_issue",
                    "neg_issue", "num_issue", "ent_issue", "quote_issue", "attr_issue", "causal_issue"]
# The default model's features are chosen by greedy forward selection on the fit halves (select()),
# starting from what the score must see by design: the number conflict flag and the claim model's
# P(supported) (without it, selection on these sets alone passes invented claims; docs/check.md).
START = ["num_issue", "cm_sup"]
MAX_FEATURES = 8
OUT = Path(__file__).resolve().parents[1] / "src/wellsourced/check"
FIT_DOC = ("fit halves only (bench/common.py split): QAGS-C, QAGS-X, FRANK (valid), XSumFaith by source article; "
           "SummEdits-other domains ectsum, qmsumm, samsum, scitldr. Report halves untouched; see docs/check.md")


def held_out_aucs(by_set: dict[str, list[dict]], feats: list[str]) -> dict[str, float]:
    """Each fit set's AUC under a combination of `feats` fitted on the other fit sets."""
    from common import auc, fit, summary_scores

    out = {}
    for held, items in by_set.items():
        train = [it for m, its in by_set.items() if m != held for it in its]
        out[held] = auc(*summary_scores(fit(train, feats, weighting="set"), items))
    return out


def select(by_set: dict[str, list[dict]], pool: list[str], start: list[str]) -> list[str]:
    """Greedy forward selection: each step adds the feature that most raises the mean
    leave-one-set-out AUC over the fit halves (each fit set scored by a model fitted on the
    other fit sets); stops when nothing raises it by 0.002 or at MAX_FEATURES."""
    import numpy as np

    def score(feats):
        return float(np.mean(list(held_out_aucs(by_set, feats).values())))

    chosen, best = list(start), score(start)
    print(f"selection on the fit halves: start {chosen} mean held-out AUC {best:.3f}")
    while len(chosen) < MAX_FEATURES:
        cands = [(score(chosen + [f]), f) for f in pool if f not in chosen]
        if not cands:
            break
        s, f = max(cands, key=lambda c: (round(c[0], 6), c[1]))  # ties broken by name: deterministic
        if s < best + 0.002:
            break
        chosen, best = chosen + [f], s
        print(f"  + {f:14s} {best:.3f}")
    return chosen


def compare(by_set: dict[str, list[dict]], feats: list[str]) -> None:
    """Cross-fitted AUC on the fit halves: the claim model alone and the combination with `feats`,
    each set scored by a combination fitted on the other sets. Report halves untouched."""
    import numpy as np

    from common import auc, unscorable

    alone = {name: auc([min(f["cm_sup"] for f in it["feats"]) if it["feats"] else unscorable(it["label"]) for it in items],
                       [it["label"] for it in items]) for name, items in by_set.items()}
    rows = {"claim model alone": alone, "default, leave one set out": held_out_aucs(by_set, feats)}
    print("| fit halves, cross-fitted | " + " | ".join(by_set) + " | mean |")
    print("|---|" + "---:|" * (len(by_set) + 1))
    for label, r in rows.items():
        print(f"| {label} | " + " | ".join(f"{v:.3f}" for v in r.values()) + f" | {np.mean(list(r.values())):.3f} |")


def crossfit(name: str, data: dict, dirs: list[str], windows: int | None = None) -> list[dict]:
    """The fit-half items of a set, each fold's claim features scored by the claim model
    trained on the OTHER fold, so the combination is fitted on scores of rows the model never
    trained on (the shipped model trained on both: fitted on its own scores, the combination
    trusted `cm_sup` more than it deserved on the report halves)."""
    import os

    from common import claim_features, fit_folds
    from wellsourced.check import claimmodel

    folds = fit_folds(name, data["items"])
    for k, items in enumerate(folds):
        os.environ["WELLSOURCED_CLAIM_MODEL_DIR"] = dirs[1 - k]
        claimmodel.scorer.cache_clear()
        claim_features(name, {"items": items}, windows, tag=f"fold{k}")
    del os.environ["WELLSOURCED_CLAIM_MODEL_DIR"]
    claimmodel.scorer.cache_clear()
    return folds[0] + folds[1]


def main() -> None:
    from common import SETS, claim_features, features, fit, halves

    ap = argparse.ArgumentParser()
    ap.add_argument("--no-select", action="store_true", help="keep the features of the shipped default model")
    ap.add_argument("--sets", default=",".join(SETS), help="fit on these sets' fit halves (the shipped models use all)")
    ap.add_argument("--out", default=str(OUT), help="folder to write the two model files to")
    ap.add_argument("--crossfit", nargs=2, metavar=("DIR0", "DIR1"),
                    help="claim models trained on fold 0 / fold 1 of the fit halves only (train/real_data.py --fold): "
                         "each fold's claim features come from the model that did not train on it")
    ap.add_argument("--compare", action="store_true",
                    help="with --crossfit: print each fit set's AUC for the claim model alone (min over sentences) and for "
                         "the shipped feature list fitted leave-one-set-out, and write nothing (how training variants are "
                         "compared: train/README.md)")
    ap.add_argument("--windows", type=int, help="evidence windows the claim model scores per claim (default: "
                    "engines/consistency.py WINDOWS); the engine must be run with the same number")
    a = ap.parse_args()
    if a.compare and not a.crossfit:
        ap.error("--compare needs --crossfit DIR0 DIR1")
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    from wellsourced.check import claimmodel

    if not claimmodel.available():
        sys.exit("install wellsourced[embed] first: the default model uses the claim model's features")
    # The claim model made the embedding features redundant and they cost most of the engine's
    # time (docs/check.md), so the pool no longer has them.
    names = a.sets.split(",")
    if a.crossfit:
        by_set = {n: crossfit(n, features(n, embeddings=False), a.crossfit, a.windows) for n in names}
    else:
        data = {n: claim_features(n, features(n, embeddings=False), a.windows) for n in names}
        by_set = {n: halves(n, d["items"])["fit"] for n, d in data.items()}
    shipped = json.loads((OUT / "default_model.json").read_text())["features"]
    if a.compare:
        compare(by_set, shipped)
        return
    items = [it for its in by_set.values() for it in its]
    pool = sorted(next(f for it in items for f in it["feats"]))
    if a.no_select:
        default = shipped
    else:
        default = select(by_set, pool, START)
    for name, feats in (("default_model.json", default), ("lexical_model.json", LEXICAL_FEATURES)):
        model = fit(items, feats, weighting="set")
        model["trained_on"] = FIT_DOC if set(names) == set(SETS) else f"fit halves of {', '.join(names)} only"
        if a.crossfit and name == "default_model.json":
            model["trained_on"] += ("; claim-model features cross-fitted: each fold scored by a claim model trained "
                                    "without it (bench/train_default.py --crossfit)")
        (out / name).write_text(json.dumps(model, indent=1) + "\n")
        print(f"wrote {out / name}: threshold {model['threshold']}")
        for k, c in zip(feats, model["coef"]):
            print(f"  {k:14s} {c:+.3f}")


if __name__ == "__main__":
    main()
