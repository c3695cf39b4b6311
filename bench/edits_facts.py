"""The number and entity rows of bench/edits.py only: python bench/edits_facts.py [--per N]

Loads the variants bench/edits.py generated and cached (run it once first), keeps the edit types
the number and entity rules answer for (number_changed, numbers_swapped, entity_swapped,
entity_absent) and the controls, optionally the first N of each, checks them and prints the same table.
"""
from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import edits  # noqa: E402
from common import CACHE, code_version  # noqa: E402

TYPES = ["number_changed", "numbers_swapped", "entity_swapped", "entity_absent", "verbatim", "reordered"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per", type=int, default=None, help="check only the first N variants of each type")
    ap.add_argument("--engine", default="default")
    ap.add_argument("--show-misses", type=int, default=0)
    a = ap.parse_args()
    key = sorted(CACHE.glob(f"edits-variants-{edits.SEED}-{edits.GEN_VERSION}-all-*.pkl"))
    if not key:
        sys.exit("error: bench/edits.py has not generated its variants yet: run it once")
    variants = pickle.load(open(key[-1], "rb"))
    keep = [v for t in TYPES for v in [v for v in variants if v["type"] == t][: a.per]]
    results, secs = edits.run(keep, a.engine, dict(edits.load_sources()), CACHE, code_version())
    print(edits.table(keep, results, secs, a.engine))
    for k in TYPES:
        bad = [v for v in keep if v["type"] == k and
               ((k in edits.EDITS and not any(x in edits.FLAG for x in results[v["id"]])) or
                (k in edits.CONTROLS and not all(x == "supported" for x in results[v["id"]])))]
        for v in bad[:a.show_misses]:
            print(f"\n[{k}] {v['id']} {v['edit']} -> {results[v['id']]}\n  source : {v['original']}\n  variant: {v['variant']}")


if __name__ == "__main__":
    main()
