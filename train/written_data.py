"""Hand-written claims for the second training stage:
python train/written_data.py [--merge train/out/real.jsonl] [--out train/out/written.jsonl]

The synthetic edits of make_data.py change one word of a copied sentence, and the labelled fit
halves hold real summaries whose errors are mostly whole invented clauses. Neither shows the model
the case the hand-written check sets keep finding: a reworded sentence with one distortion
(an antonym worded apart, an entity taken from elsewhere in the article, a scope widened, a hedge
dropped). train/written/ holds 36 sets of 8 invented articles and 240 claims each, written by
separate sessions that read neither the code nor the evaluation sets (bench/heldout/, shared/)
from the brief in train/written/BRIEF.md; sets 1-6 train the shipped model's variant of stop 22,
1-24 are dev sets for rules, 25-30 were held out until stop 25, 31-36 are held out now
(bench/written_heldout.py). train/README.md ("Stop 22", "Stop 25") has what models trained on
them did (`--sets 1,...,24` is stop 25's).

Each one-sentence claim becomes (claim, its best evidence window) as the check pipeline picks
windows; an unfaithful one also gets its second window. Label 0 = faithful, -1 = unfaithful
(trained as "not supported", as real_data.py's rows). With --merge, the rows of that file are
kept and every (type, label) group, "written" being one type, is weighted alike, as real_data.py
weights its sets.
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
WRITTEN = ROOT / "train/written"
TRAIN_SETS = (1, 2, 3, 4, 5, 6)  # the default; 7-36 were written later by the same brief


def load(folder: Path = WRITTEN, sets: list[int] | None = None) -> tuple[dict, list[dict]]:
    """Articles by id and claims, from the articles_N.jsonl / claims_N.jsonl pairs (those of `sets`,
    or all), in the order of N."""
    arts, claims = {}, []
    files = sorted(folder.glob("articles_*.jsonl"), key=lambda f: int(f.stem.split("_")[1]))
    for f in files:
        if sets is not None and int(f.stem.split("_")[1]) not in sets:
            continue
        for line in open(f, encoding="utf-8"):
            r = json.loads(line)
            arts[r["id"]] = r
        for line in open(f.with_name(f.name.replace("articles_", "claims_")), encoding="utf-8"):
            claims.append(json.loads(line))
    return arts, claims


def rows(folder: Path = WRITTEN, sets: list[int] | None = None) -> tuple[list[dict], int]:
    """Training rows, and how many claims were skipped (not one sentence, or no window)."""
    from wellsourced.check.pipeline import Prepared, contexts, not_a_claim
    from wellsourced.read import read_string

    arts, claims = load(folder, sets)
    preps = {}
    out, skipped = [], 0
    for c in claims:
        a = arts[c["source"]]
        if c["source"] not in preps:
            preps[c["source"]] = Prepared(read_string(f"{a['title']}\n\n{a['text']}", fmt="text", where=a["id"], annotate=True))
        der = read_string(c["text"], fmt="text", where="claim", annotate=True)
        sents = [s for s in der.sentences if not not_a_claim(s)]
        if len(sents) != 1:
            skipped += 1
            continue
        wins = [w.text for w in contexts(preps[c["source"]], sents[0])[1].windows]
        if not wins:
            skipped += 1
            continue
        faithful = c["label"] == "faithful"
        for w in wins[:1] if faithful else wins[:2]:
            out.append({"claim": sents[0].text, "evidence": w, "label": 0 if faithful else -1, "type": "written",
                        "kind": c["type"], "article": c["source"], "split": "train"})
    return out, skipped


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--merge", help="rows of train/real_data.py to keep beside the written ones")
    ap.add_argument("--out", default=str(ROOT / "train/out/written.jsonl"))
    ap.add_argument("--weight", type=float, default=1.0, help="the written rows' weights times this, after balancing")
    ap.add_argument("--repeat", type=int, default=1, help="each written row this many times (passes over them)")
    ap.add_argument("--sets", default=",".join(map(str, TRAIN_SETS)),
                    help=f"which written sets N (articles_N.jsonl) to use (default {','.join(map(str, TRAIN_SETS))}; "
                         "the others are held out: bench/written_heldout.py)")
    a = ap.parse_args(argv)
    mine, skipped = rows(sets=[int(x) for x in a.sets.split(",")])
    every = [json.loads(line) for line in open(a.merge)] if a.merge else []
    every += mine
    count = collections.Counter((r["type"], r["label"]) for r in every)
    for r in every:
        r["weight"] = len(every) / (len(count) * count[(r["type"], r["label"])]) * (a.weight if r["type"] == "written" else 1.0)
    every += [r for r in every if r["type"] == "written"] * (a.repeat - 1)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    with open(a.out, "w") as f:
        for r in every:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(mine)} written rows ({skipped} claims skipped), {len(every)} in all -> {a.out}: {dict(sorted(count.items()))}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
