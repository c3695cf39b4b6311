"""Claim-model speed: pairs/s of ClaimModel.predict (tokenising included) and load time.

    python bench/claim_model.py DIR [DIR ...] [--threads 2] [--pairs 500]

Each DIR holds a model.onnx and meta.json as train/export.py writes them (default: the
shipped src/wellsourced/check/claim_model). Pairs: a claim of ~25 words and an evidence
window of 60 or 120 words from the goyal-cnn articles (train/export.py realistic_pairs,
seed 0). Pairs are batched by length and content, as check does.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "train"))

from export import realistic_pairs  # noqa: E402

from wellsourced.check import claimmodel  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="*", type=Path, default=[claimmodel.MODEL_DIR])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--pairs", type=int, default=500)
    args = ap.parse_args()
    sets = {w: realistic_pairs(args.pairs, evidence_words=w, seed=0) for w in (60, 120)}
    print(f"{'model':<28} {'MB':>5} {'load s':>6} {'mode':<8} {'ev 60w pairs/s':>14} {'ev 120w pairs/s':>15}")
    for d in args.dirs:
        os.environ["WELLSOURCED_CLAIM_MODEL_DIR"] = str(d)
        t = time.perf_counter()
        m = claimmodel.ClaimModel(threads=args.threads)
        load = time.perf_counter() - t
        for mode in ["batched"]:
            m.predict(sets[60][:8])  # warm-up
            speed = {}
            for w, pairs in sets.items():
                t = time.perf_counter()
                m.predict(pairs)
                speed[w] = len(pairs) / (time.perf_counter() - t)
            label = f"{d.name} {m.meta.get('weights', '?')}"
            print(f"{label:<28} {(d / 'model.onnx').stat().st_size / 2**20:5.1f} {load:6.2f} {mode:<8} {speed[60]:14.1f} {speed[120]:15.1f}")


if __name__ == "__main__":
    main()
