"""Faithfulness bench: python bench/faithfulness.py [--engine default|lexical|consistency|nli|llm] [--sets QAGS-C,...]

Choosing and scoring are kept apart. Every set is split in two (bench/common.py split()):
QAGS-C, QAGS-X, FRANK and XSumFaith by source article (sha1 of the source text: all summaries
of one article fall on one side), SummEdits-other by domain (fit: ectsum, qmsumm, samsum,
scitldr; report: podcast, sales_call, sales_email). Features, weights and the threshold of the
default and lexical engines are fitted on the fit halves only (bench/train_default.py); this
table reports the report halves only. Rows per set:

  <engine>        the shipped model (src/wellsourced/check/*_model.json), with its own threshold
  <engine> before the model shipped before the split (bench/models/), same report rows: before/after
  word overlap    the baseline of common.py, threshold chosen on the pooled fit halves

Columns: summaries on the report half; unscorable ones (unreadable, or no line checked), which
count as errors (score furthest from their label), never as 1.0; ROC AUC of the summary score
(TRUE protocol: minimum over its sentences); balanced accuracy at the fitted threshold;
sentence-level balanced accuracy on sentences with a known label (QAGS labels each sentence;
elsewhere a one-sentence or fully faithful summary tells); derived sentences/s of the check
over the whole set (sent/s+NER adds reading and annotating the summaries); AUC margin over word
overlap with a paired-bootstrap 95% interval. For nli/llm the threshold is chosen on their
scores of the fit halves. Data: /work/shared/bench/faithfulness; features cached in
$WELLSOURCED_CACHE keyed by the code version, so a re-run after a rule change recomputes them.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (SETS, auc, balanced_accuracy, best_threshold, claim_features, features, halves,  # noqa: E402
                    summary_scores, unscorable)

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = {"default": ROOT / "src/wellsourced/check/default_model.json", "lexical": ROOT / "src/wellsourced/check/lexical_model.json"}
BEFORE = {"default": ROOT / "bench/models/default_model-before-split.json",
          "lexical": ROOT / "bench/models/lexical_model-before-split.json"}


def sentence_bacc(items, t, key="_s"):
    s, y = [], []
    for it in items:
        for p, lab in zip(it.get(key) or [], it["slabels"]):
            if lab is not None:
                s.append(p)
                y.append(lab)
    return balanced_accuracy(s, y, t), len(y)


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


def engine_scores(name, engine, items):
    """Any registered engine (nli/llm) over the cached contexts: summary = min over sentences."""
    from common import annotate, articles, load
    from wellsourced.check.engines import get_engine
    from wellsourced.check.pipeline import Prepared, not_a_claim

    eng = get_engine(engine)
    rows = {r["id"]: r for r in load(name)}
    srcs, sums, _ = articles(list(rows.values()), name)
    annotate(list(sums.values()), n_process=1)
    preps = {}
    t = time.perf_counter()
    for it in items:
        r = rows[it["id"]]
        src, der = srcs[r["source"]], sums[r["id"]]
        it["_s"] = []
        if src is None or der is None:
            continue
        prep = preps.get(r["source"]) or preps.setdefault(r["source"], Prepared(src))
        paras = {p: len(par.sentences) for p, par in enumerate(der.paragraphs, 1)}
        ctxs = [prep.context(s) for s in der.sentences if not not_a_claim(s, paras.get(s.paragraph, 2))]
        it["_s"] = [j.score for j in eng.judge(ctxs)] if ctxs else []
    secs = time.perf_counter() - t
    return [min(it["_s"]) if it["_s"] else unscorable(it["label"]) for it in items], secs


def model_row(path: Path, items, fit_items):
    """Scores of one model JSON on the report items, or None when this code cannot compute its features."""
    if not path.exists():
        return None
    model = json.loads(path.read_text())
    have = set(next((f for it in fit_items + items for f in it["feats"]), {}))
    if not set(model["features"]) <= have:
        return None
    s, y = summary_scores(model, items)
    return dict(s=s, y=y, t=model["threshold"], items=[dict(it) for it in items])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--engine", default="default")
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--model", help="also score this model JSON (e.g. one train_default.py --out wrote) on the same rows")
    a = ap.parse_args()
    names = a.sets.split(",")
    fitted = a.engine in SHIPPED
    from wellsourced.check import claimmodel
    from wellsourced.check.engines.default import needs_claim_model, needs_embeddings

    shipped = json.loads(SHIPPED["default"].read_text())
    data = {n: features(n, embeddings=a.engine == "default" and needs_embeddings(shipped)) for n in names}
    if a.engine in ("default", "consistency"):
        if not claimmodel.available():
            sys.exit("the default engine needs wellsourced[embed] installed (or use --engine lexical)")
        if a.engine == "consistency" or needs_claim_model(shipped):
            data = {n: claim_features(n, d) for n, d in data.items()}
            for d in data.values():
                d["seconds_check"] += d["seconds_model"]
    split = {n: halves(n, data[n]["items"]) for n in names}
    fit_all = [it for n in names for it in split[n]["fit"]]
    rows = {}
    for n in names:
        rep, fit_ = split[n]["report"], split[n]["fit"]
        r = {}
        if fitted:
            r["after"] = model_row(SHIPPED[a.engine], rep, fit_)
            r["before"] = model_row(BEFORE[a.engine], rep, fit_)
            r["model"] = model_row(Path(a.model), rep, fit_) if a.model else None
            secs = data[n]["seconds_check"]
        elif a.engine == "consistency":  # the engine's score is cm_sup; rules change labels, not scores
            def mins(items):
                for it in items:
                    it["_s"] = [f["cm_sup"] for f in it["feats"]]
                return [min(it["_s"]) if it["_s"] else unscorable(it["label"]) for it in items]

            r["after"] = dict(s=mins(rep), y=[it["label"] for it in rep], t=None, items=rep, fit_s=mins(fit_),
                              fit_y=[it["label"] for it in fit_])
            secs = data[n]["seconds_check"]
        else:
            s_fit, _ = engine_scores(n, a.engine, fit_)
            s, secs = engine_scores(n, a.engine, rep)
            r["after"] = dict(s=s, y=[it["label"] for it in rep], t=None, items=rep, fit_s=s_fit, fit_y=[it["label"] for it in fit_])
        r["secs"] = secs
        rows[n] = r
    if not fitted:  # one threshold for the engine, chosen on its scores of the pooled fit halves
        t = best_threshold([x for n in names for x in rows[n]["after"]["fit_s"]], [x for n in names for x in rows[n]["after"]["fit_y"]])
        for n in names:
            rows[n]["after"]["t"] = t
    bt = best_threshold([it["baseline"] for it in fit_all], [it["label"] for it in fit_all])
    print(f"report halves only; thresholds from the fit halves (word overlap: {bt:.3f})")
    print(f"{'dataset':10s} {'system':16s} {'n':>5s} {'unsc.':>5s} {'ROC AUC':>8s} {'bal.acc':>8s} {'sent.bacc':>9s} {'(sents)':>7s} "
          f"{'sent/s':>7s} {'sent/s+NER':>10s}  AUC - overlap [95% CI]")
    for n in names:
        d, rep = data[n], split[n]["report"]
        y = [it["label"] for it in rep]
        b = [it["baseline"] for it in rep]
        unsc = sum(not it["feats"] for it in rep)
        for key, label in (("after", a.engine), ("before", f"{a.engine} before"), ("model", "--model")):
            r = rows[n].get(key)
            if r is None:
                continue
            sb, ns = sentence_bacc(r["items"], r["t"])
            sps = d["sentences"] / rows[n]["secs"]
            spn = d["sentences"] / (rows[n]["secs"] + d["seconds_annotate"])
            print(f"{n:10s} {label:16s} {len(rep):5d} {unsc:5d} {auc(r['s'], y):8.3f} {balanced_accuracy(r['s'], y, r['t']):8.3f} "
                  f"{sb:9.3f} {ns:7d} {sps:7.1f} {spn:10.1f}  {delta_ci(r['s'], b, y)}")
        for it in rep:
            it["_b"] = it["sbaseline"]
        sbb, ns = sentence_bacc(rep, bt, "_b")
        print(f"{n:10s} {'word overlap':16s} {len(rep):5d} {0:5d} {auc(b, y):8.3f} {balanced_accuracy(b, y, bt):8.3f} {sbb:9.3f} {ns:7d}")


if __name__ == "__main__":
    main()
