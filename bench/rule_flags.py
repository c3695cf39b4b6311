"""Rule flags on labelled sentences: python bench/rule_flags.py [--sets QAGS-C,FRANK] [--show KIND]

For each rule kind (number, entity, ...): how many faithful sentences it flags (false alarms)
and how many unfaithful ones (hits); "conflict" counts sentences with any conflict kind, and its
precision on the tune half is what check.pipeline.RULE_PRECISION is set from, on sentences with a known label (QAGS: per sentence;
FRANK: one-sentence or fully consistent summaries). Each set is split in two halves by the
hash of the source article: "tune" (sha1 first hex digit 0-7) is the half rules may be tuned
on; "report" is the other half, never looked at for a choice. --show KIND prints the tune
half's faithful sentences that KIND flags, to see what the false alarms are.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import annotate, articles, load, sentence_labels  # noqa: E402

from wellsourced.check.pipeline import CONFLICT, Prepared, not_a_claim  # noqa: E402


def half(source: str) -> str:
    return "tune" if hashlib.sha1(source.encode("utf-8")).hexdigest()[0] in "01234567" else "report"


def run(name: str, show: str | None) -> dict:
    rows = load(name)
    srcs, sums, _ = articles(rows, name)
    annotate(list(sums.values()), n_process=1)
    preps: dict[str, Prepared] = {}
    flags: dict[tuple[str, int], Counter] = {}
    totals: Counter = Counter()
    for r in rows:
        src, der = srcs[r["source"]], sums[r["id"]]
        if src is None or der is None:
            continue
        h = half(r["source"])
        prep = preps.get(r["source"]) or preps.setdefault(r["source"], Prepared(src))
        for s, lab in zip(der.sentences, sentence_labels(r, der)):
            if lab is None or not_a_claim(s):
                continue
            totals[(h, lab)] += 1
            issues = prep.context(s).issues
            kinds = {i.kind for i in issues}
            if kinds & CONFLICT:
                flags.setdefault((h, lab), Counter())["conflict"] += 1
            for k in sorted(kinds):
                flags.setdefault((h, lab), Counter())[k] += 1
                if k in (show or "").split(",") and h == "tune" and lab == 1:
                    print(f"[{name} {r['id']}] {s.text}")
                    for i in issues:
                        if i.kind == k:
                            print(f"    {i.detail}")
    return {"flags": flags, "totals": totals}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", default="QAGS-C,FRANK")
    ap.add_argument("--show", default=None, help="print the tune half's faithful sentences these kinds (a,b) flag")
    a = ap.parse_args()
    kinds = ["number", "entity", "attribution", "quote", "hedge", "negation", "causal", "invented", "conflict"]
    print(f"{'set':8} {'half':7} {'faithful':>8} {'unfaithful':>10}  " + " ".join(f"{k:>13}" for k in kinds))
    print(" " * 37 + " ".join(f"{'faith/unfaith':>13}" for _ in kinds))
    for name in a.sets.split(","):
        out = run(name, a.show)
        for h in ("tune", "report"):
            f, u = out["flags"].get((h, 1), Counter()), out["flags"].get((h, 0), Counter())
            cells = " ".join(f"{f[k]:>6}/{u[k]:<6}" for k in kinds)
            print(f"{name:8} {h:7} {out['totals'][(h, 1)]:>8} {out['totals'][(h, 0)]:>10}  {cells}")
            hit, false = u["conflict"], f["conflict"]
            if hit + false:
                print(f"{'':17} conflict precision (share of flagged sentences that are unfaithful): {hit / (hit + false):.2f}")


if __name__ == "__main__":
    main()
