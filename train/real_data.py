"""Labelled benchmark sentences from the FIT halves only, for the second training stage:
python train/real_data.py [--out train/out/real.jsonl]

Synthetic edits teach the model what a one-word change looks like; they do not show it how real
summaries paraphrase. The issue allows the labelled dev sets "only with a split by source
article": these rows come from the fit halves of bench/common.py split() (QAGS-C, QAGS-X, FRANK,
XSumFaith by source article; SummEdits-other domains ectsum, qmsumm, samsum, scitldr), exactly
the rows the default engine's combination is fitted on. The report halves are never read.

With --fold 0|1, only that half of the fit halves (bench/common.py fold()): the claim models
trained on one fold score the other for bench/train_default.py --crossfit.

Each sentence with a known label becomes (claim, its best evidence window); an unfaithful one
also gets its second window (no window should support it). Label 0 = faithful (supported),
-1 = unfaithful (trained as "not supported": P(contradicted) + P(nei), the kind unknown).
weight = 1 / rows of its (set, label), so every set and class counts alike.
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "train/out/real.jsonl"))
    ap.add_argument("--fold", type=int, choices=(0, 1),
                    help="only this cross-fitting fold of the fit halves (bench/common.py fold(); for train_default.py --crossfit)")
    a = ap.parse_args(argv)
    from common import SETS, features, fit_folds, halves

    rows = []
    for name in SETS:
        items = features(name, embeddings=False)["items"]
        fit = halves(name, items)["fit"] if a.fold is None else fit_folds(name, items)[a.fold]
        for it in fit:
            for (claim, wins, _), lab in zip(it.get("pairs", []), it["slabels"]):
                if lab is None or not wins:
                    continue
                for w in wins[:1] if lab == 1 else wins[:2]:
                    rows.append({"claim": claim, "evidence": w, "label": 0 if lab == 1 else -1, "type": f"real-{name}",
                                 "article": it["id"], "split": "train"})
    count = collections.Counter((r["type"], r["label"]) for r in rows)
    for r in rows:
        r["weight"] = len(rows) / (len(count) * count[(r["type"], r["label"])])
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    with open(a.out, "w") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(rows)} rows -> {a.out}: {dict(sorted(count.items()))}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
