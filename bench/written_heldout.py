"""check and the claim model on held-out written claims: by default train/written/ sets 49-54
(1,440 one-sentence claims against 48 invented articles, half faithful, half with one distortion
of 14 kinds, written at stop 27 by separate sessions from the same brief as the training sets
1-6), which no rule has been decided on. Each round of rules is decided on the sets before and
measured once on the next six: 7-12 at stop 23 (first round), 13-18 at stop 23 (second), 19-24
at stop 24, 25-30 at stop 25, 31-36 and 37-42 at stop 26 (two batches), 43-48 at stop 27; after
that they are dev sets like 1-6. Only 1-6 train the shipped
model (train/written_data.py TRAIN_SETS; stop 25 measured a variant trained on 1-24: train/README.md).

    python bench/written_heldout.py [--sets 49,50,51,52,53,54] [--engine default] [--model-only] [--dump FILE]

Prints per set: the claim model's ROC AUC alone (the highest P(supported) over the claim's two
best windows, lowest over its sentences), the engine's (lowest verdict score), and the verdicts:
faithful claims passed, unfaithful claims flagged (contradicted or unsupported; opinion counted
apart), their balanced accuracy; then the flag rate per kind of distortion. `WELLSOURCED_CLAIM_MODEL_DIR`
picks another claim model.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "train"))

from common import auc  # noqa: E402
from written_data import WRITTEN, load  # noqa: E402

from wellsourced.check import check, claimmodel  # noqa: E402
from wellsourced.check.pipeline import Prepared, contexts, not_a_claim  # noqa: E402
from wellsourced.read import read_string  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default="49,50,51,52,53,54")
    ap.add_argument("--engine", default="default")
    ap.add_argument("--model-only", action="store_true", help="only the claim model's AUC (fast)")
    ap.add_argument("--dump", type=Path, help="also write one JSON line per claim (verdicts, findings) here")
    a = ap.parse_args()
    dump = open(a.dump, "w", encoding="utf-8") if a.dump else None
    model = claimmodel.scorer()
    kinds: dict[str, Counter] = defaultdict(Counter)
    print("| set | claims | model alone AUC | engine AUC | faithful passed | unfaithful flagged | balanced accuracy |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    every = defaultdict(list)
    for n in [int(x) for x in a.sets.split(",")]:
        arts, claims = load(WRITTEN, [n])
        docs = {k: read_string(f"{r['title']}\n\n{r['text']}", fmt="text", where=k, annotate=True) for k, r in arts.items()}
        preps = {k: Prepared(d) for k, d in docs.items()}
        y, sm, se, got = [], [], [], []
        for c in claims:
            der = read_string(c["text"], fmt="text", where="claim", annotate=True)
            sents = [s for s in der.sentences if not not_a_claim(s)]
            best = 1.0
            for s in sents:
                wins = [(s.text, w.text) for w in contexts(preps[c["source"]], s)[1].windows[:2]]
                best = min(best, float(model.predict(wins)[:, 0].max()) if wins else 0.0)
            y.append(int(c["label"] == "faithful"))
            sm.append(best)
            if a.model_only:
                continue
            rep = check(docs[c["source"]], der, engine=a.engine)
            vs = [v for v in rep.verdicts if v.label != "not a claim"]
            se.append(min((v.score for v in vs), default=1.0))
            labels = {v.label for v in vs}
            flagged = bool(labels & {"contradicted", "unsupported"})
            got.append(flagged)
            if dump:
                dump.write(json.dumps({"set": n, **c, "model": round(best, 4), "verdicts": [
                    {"label": v.label, "score": round(v.score, 4), "issues": [f"{i.kind}/{i.rule}: {i.detail}" for i in v.issues]}
                    for v in vs]}, ensure_ascii=False) + "\n")
            if c["label"] != "faithful":
                kinds[c["type"]]["n"] += 1
                kinds[c["type"]]["flagged"] += flagged
        row = [f"{n}", f"{len(claims)}", f"{auc(sm, y):.3f}"]
        every["y"] += y
        every["sm"] += sm
        if not a.model_only:
            every["se"] += se
            every["got"] += got
            row += [f"{auc(se, y):.3f}", *_verdicts(y, got)]
        else:
            row += ["-"] * 4
        print("| " + " | ".join(row) + " |", flush=True)
    row = ["all", f"{len(every['y'])}", f"{auc(every['sm'], every['y']):.3f}"]
    row += [f"{auc(every['se'], every['y']):.3f}", *_verdicts(every["y"], every["got"])] if not a.model_only else ["-"] * 4
    print("| " + " | ".join(row) + " |")
    if kinds:
        print("\n| distortion | n | flagged |\n|---|---:|---:|")
        for k, c in sorted(kinds.items(), key=lambda kv: -kv[1]["flagged"] / kv[1]["n"]):
            print(f"| {k} | {c['n']} | {c['flagged'] / c['n']:.2f} |")


def _verdicts(y: list[int], flagged: list[bool]) -> list[str]:
    faithful = [f for t, f in zip(y, flagged) if t]
    unfaithful = [f for t, f in zip(y, flagged) if not t]
    passed = 1 - sum(faithful) / len(faithful)
    caught = sum(unfaithful) / len(unfaithful)
    return [f"{passed:.3f}", f"{caught:.3f}", f"{(passed + caught) / 2:.3f}"]


if __name__ == "__main__":
    main()
