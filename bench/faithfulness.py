"""Faithfulness bench: python bench/faithfulness.py [--engine default|lexical|nli|llm] [--sets QAGS-C,...]

Per dataset: ROC AUC of the summary score (TRUE protocol: minimum over its sentences),
balanced accuracy at one threshold chosen on the *other* datasets (leave-one-dataset-out),
sentence-level balanced accuracy on QAGS (per-sentence labels), derived sentences/s, and the
AUC margin over the word-overlap baseline with a paired-bootstrap 95% interval.
For `default` and `lexical`, each dataset is scored by a model trained on the other three
(the shipped models are trained on all four by train_default.py). The word-overlap baseline is a row.
Data: /work/shared/bench/faithfulness (see its README); annotations cached in /tmp.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SETS, auc, balanced_accuracy, best_threshold, features, fit, summary_scores  # noqa: E402
from train_default import FEATURES, LEXICAL_FEATURES  # noqa: E402


def sentence_bacc(items, t, key="_s"):
    s, y = [], []
    for it in items:
        for p, lab in zip(it[key], it["slabels"]):
            if lab is not None:
                s.append(p)
                y.append(lab)
    return balanced_accuracy(s, y, t)


def delta_ci(s, b, y, n=1000, seed=0):
    """Paired bootstrap over summaries: 95% interval of AUC(engine) - AUC(baseline). An
    interval that straddles 0 means the sets are too small to tell the two apart."""
    import numpy as np

    rng = np.random.default_rng(seed)
    s, b, y = map(np.asarray, (s, b, y))
    d = []
    while len(d) < n:
        i = rng.integers(0, len(y), len(y))
        if 0 < y[i].sum() < len(i):
            d.append(auc(s[i], y[i]) - auc(b[i], y[i]))
    lo, hi = np.percentile(d, [2.5, 97.5])
    return f"{auc(s, y) - auc(b, y):+.3f} [{lo:+.3f}, {hi:+.3f}]"


def engine_scores(name, engine, data):
    """Any registered engine over the cached contexts (nli/llm): summary = min over sentences."""
    from common import annotate, articles, load
    from wellsourced.check.engines import get_engine
    from wellsourced.check.pipeline import Prepared, not_a_claim

    eng = get_engine(engine)
    rows = load(name)
    srcs, sums, _ = articles(rows, name)
    annotate(list(sums.values()), n_process=1)
    preps = {}
    t = time.perf_counter()
    for r, it in zip(rows, data["items"]):
        src, der = srcs[r["source"]], sums[r["id"]]
        it["_s"] = []
        if src is None or der is None:
            continue
        prep = preps.get(r["source"]) or preps.setdefault(r["source"], Prepared(src))
        paras = {p: len(par.sentences) for p, par in enumerate(der.paragraphs, 1)}
        ctxs = [prep.context(s) for s in der.sentences if not not_a_claim(s, paras.get(s.paragraph, 2))]
        it["_s"] = [j.score for j in eng.judge(ctxs)] if ctxs else []
    secs = time.perf_counter() - t
    return [min(it["_s"]) if it["_s"] else 1.0 for it in data["items"]], [it["label"] for it in data["items"]], secs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--engine", default="default")
    ap.add_argument("--sets", default=",".join(SETS))
    a = ap.parse_args()
    names = a.sets.split(",")
    fitted = {"default": FEATURES, "lexical": LEXICAL_FEATURES}.get(a.engine)
    data = {n: features(n, embeddings=a.engine == "default") for n in SETS if n in names or fitted}
    if a.engine == "default" and not all(d["embeddings"] for d in data.values()):
        sys.exit("the default engine needs wellsourced[embed] installed (or use --engine lexical)")
    res = {}
    for n in names:
        items = data[n]["items"]
        if fitted:
            train = [it for m in SETS if m != n for it in data[m]["items"]]
            model = fit(train, fitted)
            s, y = summary_scores(model, items)
            t, secs = model["threshold"], data[n]["seconds_check"]
        else:
            s, y, secs = engine_scores(n, a.engine, data[n])
            res[n] = (s, y)
            t = None
        b = [it["baseline"] for it in items]
        for it in items:
            it["_b"] = it["sbaseline"]
        res[n] = dict(s=s, y=y, t=t, b=b, secs=secs, d=data[n])
    if not fitted:  # threshold for set n: best on the other sets' scores
        for n in names:
            os_ = [x for m in names if m != n for x in res[m]["s"]]
            oy = [x for m in names if m != n for x in res[m]["y"]]
            res[n]["t"] = best_threshold(os_, oy) if os_ else 0.5
    for n in names:  # baseline threshold, same protocol
        os_ = [x for m in names if m != n for x in res[m]["b"]]
        oy = [x for m in names if m != n for x in res[m]["y"]]
        res[n]["bt"] = best_threshold(os_, oy) if os_ else 0.5
    print(f"{'dataset':10s} {'system':14s} {'ROC AUC':>8s} {'bal.acc':>8s} {'sent.bacc':>9s} {'sent/s':>8s} {'sent/s+NER':>10s}"
          "  AUC - overlap [95% CI]")
    for n in names:
        r, d = res[n], res[n]["d"]
        qags = n.startswith("QAGS")
        sb = f"{sentence_bacc(d['items'], r['t']):9.3f}" if qags else f"{'-':>9s}"
        sbb = f"{sentence_bacc(d['items'], r['bt'], '_b'):9.3f}" if qags else f"{'-':>9s}"
        sps = d["sentences"] / r["secs"]
        spn = d["sentences"] / (r["secs"] + d["seconds_annotate"])
        print(f"{n:10s} {a.engine:14s} {auc(r['s'], r['y']):8.3f} {balanced_accuracy(r['s'], r['y'], r['t']):8.3f} {sb} {sps:8.0f} {spn:10.1f}  {delta_ci(r['s'], r['b'], r['y'])}")
        print(f"{n:10s} {'word overlap':14s} {auc(r['b'], r['y']):8.3f} {balanced_accuracy(r['b'], r['y'], r['bt']):8.3f} {sbb} {'':>8s} {'':>10s}")


if __name__ == "__main__":
    main()
