"""Fit the default engine's logistic regressions on all four faithfulness sets and write
src/wellsourced/check/default_model.json (with embedding features; needs wellsourced[embed])
and lexical_model.json (without: the `lexical` engine, and the fallback). Reproducible: python bench/train_default.py
(deterministic lbfgs on cached features; needs scikit-learn, a dev dependency only).
The numbers in docs/check.md come from bench/faithfulness.py, which never scores a set
with a model that saw it (leave-one-dataset-out)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# The lexical features plus the fact-check flags. A lexical-only set chosen by greedy forward
# selection on leave-one-dataset-out AUC (src_cover, big_novel, lcs, novel_idf, num_novel,
# novel_run, src_cover_idf, ent_novel) scores higher on the benchmarks (docs/check.md) but
# supported an invented claim in examples/ferry-rewrite.txt, so it is not the shipped set.
LEXICAL_FEATURES = ["lcs", "src_cover", "src_cover_idf", "novel_run", "cover_plain", "num_novel", "ent_novel", "hedge_issue",
            "neg_issue", "num_issue", "ent_issue", "quote_issue", "attr_issue", "causal_issue"]
# With embeddings: chosen by greedy forward selection on leave-one-dataset-out AUC (each step
# adds the feature that most raises mean AUC, minus any shortfall against the word-overlap
# baseline), over all lexical, fact-check and embedding features; then num_issue (a changed
# number: the commonest error in the sets), which raised held-out AUC a little on three sets.
# The other fact checks name the verdict (a conflict is "contradicted") but do not move the
# score: across sets they added noise. "rep" (repeated words) lifts XSumFaith to 0.62 but is
# a neural-summariser stutter, and lowers QAGS-C, the set most like news rewrites: left out.
FEATURES = ["tok_mean", "novel_idf", "tok_q", "lcs", "num_novel", "cover_plain", "num_issue"]
OUT = Path(__file__).resolve().parents[1] / "src/wellsourced/check"


def main() -> None:
    from common import SETS, features, fit

    data = [features(n) for n in SETS]
    if not all(d["embeddings"] for d in data):
        sys.exit("install wellsourced[embed] first: the default model uses embedding features")
    items = [it for d in data for it in d["items"]]
    for name, feats in (("default_model.json", FEATURES), ("lexical_model.json", LEXICAL_FEATURES)):
        model = fit(items, feats)
        model["trained_on"] = "QAGS-C, QAGS-X, FRANK (valid), XSumFaith: sentences with known labels; see docs/check.md"
        (OUT / name).write_text(json.dumps(model, indent=1) + "\n")
        print(f"wrote {OUT / name}: threshold {model['threshold']}")
        for k, c in zip(feats, model["coef"]):
            print(f"  {k:14s} {c:+.3f}")


if __name__ == "__main__":
    main()
