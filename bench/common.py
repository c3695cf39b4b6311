"""Shared by the faithfulness bench and the default engine's training script: load the
sets, annotate once per distinct text (cached on disk), and compute per-sentence features
with exactly the code the `check` command runs."""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import time
from pathlib import Path

from rapidfuzz import fuzz

from wellsourced.check.engines.consistency import copied
from wellsourced.check.pipeline import Prepared, contexts, not_a_claim
from wellsourced.check.text import content, tokens
from wellsourced.read import read_string

DATA = Path(os.environ.get("WELLSOURCED_BENCH", Path(__file__).resolve().parents[2] / "shared/bench/faithfulness"))
if not DATA.exists():
    DATA = Path("/work/shared/bench/faithfulness")
SETS = {"QAGS-C": "qags-cnndm.jsonl", "QAGS-X": "qags-xsum.jsonl", "FRANK": "frank-valid.jsonl", "XSumFaith": "xsumfaith.jsonl",
        "SummEdits": "summedits-other.jsonl"}
# SummEdits-other is split by domain, not by article: these three are reported, the other four
# fitted on. Picked by name before any number was seen (the three whose domain names sort last
# by sha1 hash: see split()), and never changed after.
SUMMEDITS_REPORT = ("summedits-podcast", "summedits-sales_call", "summedits-sales_email")
CACHE = Path(os.environ.get("WELLSOURCED_CACHE", "/tmp/wellsourced-bench"))


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in open(DATA / SETS[name], encoding="utf-8")]


def split(name: str, row: dict) -> str:
    """"fit" or "report" for one row. By source article (sha1 of its text, so every summary
    of one article falls on one side, in any order and under any hash seed), and by domain for
    SummEdits. Features, weights and thresholds are chosen on "fit" only; tables report "report"."""
    if name == "SummEdits":
        return "report" if row["dataset"] in SUMMEDITS_REPORT else "fit"
    return "report" if int(hashlib.sha1(row["source"].encode("utf-8")).hexdigest(), 16) % 2 else "fit"


SUMMEDITS_FIT_FOLDS = {"summedits-ectsum": 0, "summedits-qmsumm": 1, "summedits-samsum": 0, "summedits-scitldr": 1}


def fold(name: str, row: dict) -> int:
    """0 or 1 for a row of the FIT half: the cross-fitting folds of bench/train_default.py
    --crossfit (a claim model trained on one fold scores the other, so the combination is fitted
    on scores the model never trained on). By source article (the next bit of the same sha1 as
    split()) and, for SummEdits, by domain, alternating in name order: as the report half is."""
    if name == "SummEdits":
        return SUMMEDITS_FIT_FOLDS[row["dataset"]]
    return (int(hashlib.sha1(row["source"].encode("utf-8")).hexdigest(), 16) >> 1) & 1


def fit_folds(name: str, items: list[dict]) -> list[list[dict]]:
    """The fit-half items of a set, by fold()."""
    out: list[list[dict]] = [[], []]
    for row, it in zip(load(name), items):
        if split(name, row) == "fit":
            out[fold(name, row)].append(it)
    return out


def halves(name: str, items: list[dict]) -> dict[str, list[dict]]:
    """The items of a set (in load() order, as features() returns them) split into fit/report."""
    out: dict[str, list[dict]] = {"fit": [], "report": []}
    for row, it in zip(load(name), items):
        assert row["id"] == it["id"], "cached features out of step with the data file"
        out[split(name, row)].append(it)
    return out


def _article(text: str, where: str):
    try:
        return read_string(text, fmt="text", where=where, annotate=False)
    except Exception:  # noqa: BLE001 - a record the reader refuses counts as unscorable
        return None


def annotate(arts, n_process: int = 2) -> None:
    """Same annotation as wellsourced.facts.annotate, with spaCy in n_process workers."""
    from wellsourced.facts.annotate import NAME_LABELS
    from wellsourced.facts.entities import normalise
    from wellsourced.facts.numbers import find_numbers
    from wellsourced.facts.quotes import find_quotes
    from wellsourced.model import Entity
    from wellsourced.nlp import ner

    todo = [s for a in arts if a is not None and not a.annotated for s in a.sentences]
    docs = ner().pipe((s.text for s in todo), batch_size=256, n_process=n_process if len(todo) > 2000 else 1)
    for s, doc in zip(todo, docs):
        s.entities = [Entity(text=e.text, label=e.label_, norm=normalise(e.text), start=e.start_char, end=e.end_char)
                      for e in doc.ents if e.label_ in NAME_LABELS]
        s.numbers = find_numbers(s.text)
        s.quotes = find_quotes(s.text, s.entities)
    for a in arts:
        if a is not None:
            a.annotated = True


def articles(rows: list[dict], tag: str) -> tuple[dict, dict, float]:
    """Read (not annotated) source (one per distinct text) and summary Articles, cached by
    content, with the seconds the reading took."""
    key = hashlib.sha1(("".join(r["source"] + r["summary"] for r in rows)).encode()).hexdigest()[:12]
    path = CACHE / f"read-{tag}-{key}-{code_version()}.pkl"  # the reader's code splits the sentences
    if path.exists():
        with open(path, "rb") as f:
            return pickle.load(f)
    t = time.perf_counter()
    srcs = {r["source"]: _article(r["source"], "source") for r in rows}
    sums = {r["id"]: _article(r["summary"], "summary") for r in rows}
    out = (srcs, sums, time.perf_counter() - t)
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        pickle.dump(out, f)
    return out


def sentence_labels(row: dict, art) -> list[int | None]:
    """Per reader-sentence labels: QAGS has them (matched by text); elsewhere a single-sentence
    summary or a fully consistent one tells; otherwise unknown (None)."""
    sents = [s.text for s in art.sentences]
    if "sentences" in row:
        gold = row["sentences"]
        return [max(gold, key=lambda g: fuzz.ratio(g["text"], t))["label"] for t in sents]
    if len(sents) == 1 or row["label"] == 1:
        return [row["label"]] * len(sents)
    return [None] * len(sents)


def features(name: str, embeddings: bool | None = None) -> dict:
    """Per summary: its claim sentences' features and labels, plus timing. As `check` runs:
    the summaries get full annotation (seconds_annotate, with the reading), the sources only
    the regex number finder and lazy NER of the windows claims align to (in seconds_check).
    With wellsourced[embed] installed, the embedding features are added as the engine does."""
    from wellsourced.check import embed

    embeddings = embed.available() if embeddings is None else embeddings and embed.available()
    key = code_version() + (_digest(Path(embed.__file__).read_bytes()) if embeddings else "")
    path = CACHE / f"feats-{name}-{embeddings:d}-{key}.pkl"  # timings are of the run that made it
    if path.exists():
        with open(path, "rb") as f:
            return pickle.load(f)
    out = _features(name, embeddings)
    with open(path, "wb") as f:
        pickle.dump(out, f)
    return out


MODEL_ONLY = ("claimmodel.py", "embed.py")  # embed.py: in the key of feats-*-1-* files via features()


def _digest(b: bytes) -> str:
    return hashlib.sha1(b).hexdigest()[:6]


def code_version() -> str:
    """Hash of the code features depend on: cached features are reused only while it is unchanged."""
    import wellsourced

    root = Path(wellsourced.__file__).parent
    h = hashlib.sha1()
    for p in sorted(root.rglob("*.py")):
        if p.name in MODEL_ONLY or (p.parent.name == "engines" and p.name != "base.py"):
            continue  # engines and the claim model read the features; they do not make them
        if p.parent.name in ("check", "facts", "read", "engines") or p.name in ("nlp.py", "model.py"):
            h.update(p.read_bytes())
    h.update(Path(__file__).read_bytes())  # the feature loop below is code too
    return h.hexdigest()[:10]


def _features(name: str, embeddings: bool) -> dict:
    from wellsourced.check import embed

    rows = load(name)
    srcs, sums, t_read = articles(rows, name)
    t = time.perf_counter()
    annotate(list(sums.values()), n_process=1)
    t_annot = t_read + time.perf_counter() - t
    preps: dict[str, Prepared] = {}
    out = []
    n_sent = 0
    t = time.perf_counter()
    for r in rows:
        src, der = srcs[r["source"]], sums[r["id"]]
        item = {"set": name, "id": r["id"], "label": r["label"], "baseline": baseline(r["source"], r["summary"]), "feats": [], "slabels": [],
                "sbaseline": []}
        if src is not None and der is not None:
            prep = preps.get(r["source"]) or preps.setdefault(r["source"], Prepared(src))
            labels = sentence_labels(r, der)
            ctxs = []
            for s, lab in zip(der.sentences, labels):
                n_sent += 1
                if not_a_claim(s):
                    continue
                ctxs.append(contexts(prep, s)[1])  # what the engine scores: check() does the same
                item["slabels"].append(lab)
            if embeddings:
                embed.add_features(ctxs)
            item["feats"] = [c.features for c in ctxs]
            item["_texts"] = [c.claim.text for c in ctxs]
            # what the claim model is shown (claim_features): its features live in their own cache
            item["pairs"] = [(c.claim.text, [w.text for w in c.windows], same) for c, same in zip(ctxs, copied(ctxs))]
        out.append(item)
    secs = time.perf_counter() - t
    for r, item in zip(rows, out):  # the baseline per sentence, outside the timed check
        item["sbaseline"] = [baseline(r["source"], x) for x in item.pop("_texts", [])]
    return {"items": out, "embeddings": embeddings, "seconds_check": secs, "seconds_annotate": t_annot, "sentences": n_sent,
            "sources": len(srcs), "source_words": sum(len(s.split()) for s in srcs)}


def claim_features(name: str, data: dict, windows: int | None = None, tag: str = "all") -> dict:
    """Add the claim model's features (engines/consistency.py: cm_sup, cm_con) to every
    sentence of features(name), as the default engine computes them from its first `windows`
    evidence windows (default consistency.WINDOWS). The model's probabilities for up to
    SCORED_WINDOWS windows are cached apart from the rule features, keyed by the model file's
    hash: retraining the model does not recompute the rules, a rule change does not re-run the
    model, and fewer windows are read from the same cache. `tag` names a subset of the set's
    items when data["items"] is one (a cross-fitting fold). Returns data (updated in place)."""
    from wellsourced.check import claimmodel
    from wellsourced.check.engines import consistency

    windows = windows or consistency.WINDOWS
    part = "" if tag == "all" else f"{tag}-"
    path = CACHE / f"cm-{name}-{part}{claimmodel.fingerprint()}-{SCORED_WINDOWS}-{code_version()}.pkl"
    if path.exists():
        with open(path, "rb") as f:
            per = pickle.load(f)
    else:
        t = time.perf_counter()
        pairs, spans = [], []
        for it in data["items"]:  # one call for the set: the shipped model's scores do not depend on the batch
            mine = []
            for claim, wins, copied in it.get("pairs", []):
                start = len(pairs) + len(mine)
                if not copied:
                    mine += [(claim, w) for w in wins[:SCORED_WINDOWS]]
                spans.append((start, len(pairs) + len(mine), bool(wins)))
            pairs += mine
        probs = claimmodel.scorer().predict(pairs)
        per = {"probs": probs, "spans": spans, "seconds": time.perf_counter() - t, "pairs": len(pairs)}
        CACHE.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as f:
            pickle.dump(per, f)
    k = 0
    for it in data["items"]:
        for f in it["feats"]:
            a, b, has = per["spans"][k]
            sup, con, _ = consistency.reduce(per["probs"][a:min(b, a + windows)], has)
            f.update({"cm_sup": sup, "cm_con": con})
            k += 1
    data["seconds_model"] = per["seconds"] * windows / SCORED_WINDOWS  # pairs/s is what the model costs
    return data


SCORED_WINDOWS = 2  # windows per claim scored into the cache (align returns up to 3; a third costs 50% more)


def baseline(source: str, summary: str) -> float:
    """Plain word overlap: 1 - share of summary content words absent from the source."""
    have = set(content(tokens(source)))
    words = content(tokens(summary))
    return 1 - sum(w not in have for w in words) / len(words) if words else 1.0


# --- the default engine's model ------------------------------------------------------------

def training_rows(items: list[dict]):
    """Sentences with a known label (see sentence_labels), and the set each comes from."""
    X, y, g = [], [], []
    for it in items:
        for f, lab in zip(it["feats"], it["slabels"]):
            if lab is not None:
                X.append(f)
                y.append(lab)
                g.append(it.get("set", ""))
    return X, y, g


def sample_weights(y, g):
    """Each (set, class) pair gets the same total weight: CNN/DM and XSum count alike, and
    a set with 10% faithful summaries does not teach the model that faithful is rare."""
    import numpy as np
    from collections import Counter

    c = Counter(zip(g, y))
    w = np.array([1.0 / c[(a, b)] for a, b in zip(g, y)])
    return w * len(w) / w.sum()


def fit(items: list[dict], feature_names: list[str], C: float = 1.0, weighting: str = "balanced") -> dict:
    """Logistic regression on standardised features, class-balanced; returns the JSON model.
    The threshold is the one that maximises summary-level balanced accuracy on the training
    data itself (so the set being scored never picks it)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    X, y, g = training_rows(items)
    x = np.array([[f[k] for k in feature_names] for f in X], float)
    mean, scale = x.mean(0), x.std(0)
    scale[scale == 0] = 1.0
    if weighting == "set":
        lr = LogisticRegression(C=C, max_iter=2000).fit((x - mean) / scale, y, sample_weight=sample_weights(y, g))
    else:
        lr = LogisticRegression(C=C, class_weight="balanced", max_iter=2000).fit((x - mean) / scale, y)
    model = {"features": feature_names, "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
             "coef": lr.coef_[0].round(6).tolist(), "intercept": round(float(lr.intercept_[0]), 6), "threshold": 0.5}
    s, lab = summary_scores(model, items)
    model["threshold"] = round(best_threshold(s, lab), 4)
    return model


def summary_scores(model: dict, items: list[dict]):
    """TRUE protocol: a summary's score is the minimum over its claim sentences. A summary
    with no scored sentence (unreadable, or every line "not a claim") counts as an error:
    it gets the score furthest from its label, never 1.0 for free."""
    from wellsourced.check.engines.default import DefaultEngine

    eng = DefaultEngine(model)
    scores, labels = [], []
    for it in items:
        it["_s"] = [float(v) for v in eng.scores(it["feats"])] if it["feats"] else []
        scores.append(min(it["_s"]) if it["_s"] else unscorable(it["label"]))
        labels.append(it["label"])
    return scores, labels


def unscorable(label: int) -> float:
    """The score of a summary the check could not score: wrong whatever the threshold."""
    return 1.0 - label


def best_threshold(scores, labels) -> float:
    import numpy as np

    cands = np.unique(np.round(scores, 4))
    return float(max(cands, key=lambda t: balanced_accuracy(scores, labels, t)))


def balanced_accuracy(scores, labels, t) -> float:
    import numpy as np

    s, y = np.asarray(scores), np.asarray(labels)
    pos, neg = y == 1, y == 0
    if not pos.any() or not neg.any():
        return float("nan")
    return float(((s[pos] >= t).mean() + (s[neg] < t).mean()) / 2)


def auc(scores, labels) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(labels, scores))
