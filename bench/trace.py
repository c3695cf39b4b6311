"""Trace benchmark: recall@1/@5/MRR per query kind, open-set accuracy, speed, size, RSS.

    python bench/trace.py                              # corpus alone
    python bench/trace.py --distractors FILE.jsonl.gz  # corpus + distractors (20k, 200k, ...)
    python bench/trace.py --distractors ... --fit      # fit the reranker on split A, write model.json
    python bench/trace.py --distractors ... --open-set # + the open-set index without held-back gold

Queries are split by their first gold article (sha1 of its id, even = A, odd = B). The
reranker's weights and the "no source" threshold are fitted on A; every number printed is
on B (the held-out half). BM25 alone (the candidate stage) is shown beside it on the same B.
Index builds are cached under --work (default /tmp/wellsourced-trace) with their timings.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from wellsourced.errors import InputError  # noqa: E402
from wellsourced.index import Index, assemble, iter_docs, store, vectors  # noqa: E402
from wellsourced.index.assemble import Collector  # noqa: E402
from wellsourced.index.parallel import drop_parts, iter_docs_parallel  # noqa: E402
from wellsourced.read import read_string  # noqa: E402
from wellsourced.trace import CANDIDATES, rank, trace  # noqa: E402
from wellsourced.trace.score import EMB_FEATURES, FEATURES, absolute, load_model, score_arrays  # noqa: E402

DATA = next((p for p in (ROOT.parent / "shared/bench/trace", Path("/work/shared/bench/trace")) if p.is_dir()), None)
KINDS = ["summary-cnndm", "summary-xsum", "summary-goyal-reference", "summary-goyal-brio", "summary-goyal-gpt3",
         "summary-goyal-pegasus", "summary-goyal-t0", "lead", "trimmed", "wire-copy", "headline-like", "rewrite"]


def half(doc_id: str) -> str:
    return "A" if hashlib.sha1(doc_id.encode()).digest()[0] % 2 == 0 else "B"


def held_back(doc_id: str) -> bool:
    """Half of B's articles (by another hash) are removed from the open-set index."""
    return hashlib.sha1(("held:" + doc_id).encode()).digest()[0] % 2 == 0


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _write(col: Collector, path: Path, embed: bool = False, given=None) -> tuple[float, int, float]:
    """Assemble and write the index from the collected documents: (seconds, bytes on disk,
    seconds of them spent embedding). Vectors an earlier generation holds are reused, and so
    are those the reading workers computed (`given`)."""
    t = time.time()
    took = [0.0]
    prev = vectors.previous(str(path)) if embed else None

    def write_vectors(gen):
        t1 = time.time()
        vectors.write(gen, prev, given=given)
        took[0] = time.time() - t1

    store.write(col, str(path), {"inputs": len(col), **({"embeddings": vectors.INFO} if embed else {})},
                write_vectors if embed else None)
    gen = store.live(str(path))
    return time.time() - t, sum(os.path.getsize(os.path.join(gen, n)) for n in os.listdir(gen)), took[0]


def build(inputs: list[str], path: Path, rebuild: bool = False, workers: int = 1, embed: bool = False) -> dict:
    """The index of `inputs` at `path`, built once and cached with its timings. --rebuild
    re-assembles it from its own stored documents (the code changed, the inputs did not).
    `embed`: with article embeddings (their time is reported as embed_s)."""
    info_path = path.with_suffix(".timing.json")
    if path.exists() and info_path.exists() and not rebuild:
        return json.loads(info_path.read_text())
    t0 = time.time()
    errs: list = []
    path.mkdir(parents=True, exist_ok=True)
    with store.writer_lock(str(path)):
        col = Collector(spill=str(path))
        given = vectors.Given(str(path)) if embed and workers > 1 else None
        try:
            if path.exists() and info_path.exists():
                info = json.loads(info_path.read_text())
                for d in Index.open(str(path)).iter_stored():
                    col.add(d)
            else:
                docs = (iter_docs_parallel(inputs, str(path), errs, "local", workers, None, given) if workers > 1
                        else iter_docs(inputs, errs))
                for d in docs:  # reading, on `workers` processes as `index build --workers N`
                    col.add(d)
                info = {"skipped": len(errs), "read_s": time.time() - t0, "workers": workers}
            write_s, size, embed_s = _write(col, path, embed, given)
        finally:
            col.close()
            if given is not None:
                given.close()
        if workers > 1:
            drop_parts(str(path))
    idx = Index.open(str(path))
    info.update(docs=len(idx), assemble_s=write_s - embed_s, write_s=0.0, embed_s=embed_s, bytes=size,
                duplicates=len(idx.dups), build_peak_rss_mb=rss_mb())
    info_path.write_text(json.dumps(info))
    return info


def reader_version() -> str:
    """Hash of the reader's code: queries read by another version are read again (a stale cache
    once kept 23 queries an older reader had refused, each counted as a miss)."""
    import wellsourced

    h = hashlib.sha1()
    for p in sorted((Path(wellsourced.__file__).parent / "read").glob("*.py")):
        h.update(p.read_bytes())
    return h.hexdigest()[:10]


def load_queries(work: Path):
    cache = work / f"queries-{reader_version()}.pkl"
    rows = [json.loads(line) for line in open(DATA / "queries.jsonl", encoding="utf-8")]
    if cache.exists():
        arts = pickle.loads(cache.read_bytes())
    else:
        arts = []
        for r in rows:
            try:
                arts.append(read_string(r["text"], fmt="text", where=r["id"], annotate=False))
            except Exception:  # noqa: BLE001 - a query the reader refuses counts as a miss
                arts.append(None)
        cache.write_bytes(pickle.dumps(arts))
    return rows, arts


def probe(names) -> dict:
    """A model that scores nothing but asks rank() for every feature in `names`."""
    names = list(names)
    return {"features": names, "ranker": [0.0] * len(names), "threshold": 0.5,
            "verifier": {"weights": [0.0] * (2 + len(absolute(names))), "bias": 0.0}}


def run(idx: Index, rows, arts, embed: bool) -> list[dict]:
    """Per query: candidates (ids, bm25 rank, every feature: EMB_FEATURES on an index with
    vectors) from rank(); a model picks its columns (cols)."""
    model = probe(EMB_FEATURES if embed else FEATURES)
    out = []
    for r, a in zip(rows, arts):
        if a is None:
            out.append({"cands": [], "feats": np.zeros((0, len(model["features"]))), "names": list(model["features"])})
            continue
        scored, _ = rank(idx, a, CANDIDATES, model)
        by_bm25 = sorted(scored, key=lambda c: (-c.bm25, c.row))
        ids = {c.row: _ids(idx, c.row) for c in scored}
        out.append({"rows": [c.row for c in scored], "bm25_rows": [c.row for c in by_bm25], "ids": ids, "names": list(model["features"]),
                    "feats": np.array([c.feats for c in scored]), "bm25": [c.bm25 for c in scored],
                    "cos": [c.cos for c in scored]})
    return out


_idcache: dict = {}


def _ids(idx: Index, row: int) -> set[str]:
    key = (id(idx), row)
    if key not in _idcache:
        d = idx.doc(row)
        _idcache[key] = {d["meta"]["id"]} | {a["id"] for a in d.get("aliases", [])}
    return _idcache[key]


def cols(res: dict, F: np.ndarray, names) -> np.ndarray:
    """The columns `names` of a query's feature rows F (computed for res["names"])."""
    return F[:, [res["names"].index(n) for n in names]]


def order(res: dict, model: dict) -> tuple[list[int], list[float]]:
    """Candidate rows by the ranker (ties by row), with their probabilities."""
    if not len(res.get("feats", [])):
        return [], []
    z, p = score_arrays(cols(res, res["feats"], model["features"]), model)
    o = sorted(range(len(z)), key=lambda i: (-z[i], res["rows"][i]))
    return [res["rows"][i] for i in o], [float(p[i]) for i in o]


def rank_of(rows: list[int], res: dict, gold: set[str]) -> int | None:
    for i, r in enumerate(rows):
        if res["ids"][r] & gold:
            return i + 1
    return None


def without_gold(res: dict, gold: set[str]) -> np.ndarray:
    """The candidates' features as if the gold articles were not in the index: the relative
    features are recomputed against the best remaining candidate."""
    keep = [j for j, row in enumerate(res["rows"]) if not res["ids"][row] & gold]
    f = res["feats"][keep].copy()
    if len(keep):
        names = res["names"]
        bm, cs = np.asarray(res["bm25"])[keep], np.asarray(res["cos"])[keep]
        f[:, names.index("bm25_rel")] = bm / max(bm.max(), 1e-9)
        f[:, names.index("cos_rel")] = cs / max(cs.max(), 1e-9)
        for e in ("emb", "emb_max"):
            if e + "_rel" in names:
                v = f[:, names.index(e)]
                f[:, names.index(e + "_rel")] = v - v.max()
    return f


def groups(rows, results, sel):
    for r, res, s in zip(rows, results, sel):
        if s and len(res.get("feats", [])):
            gold = set(r["gold"])
            lab = np.array([bool(res["ids"][row] & gold) for row in res["rows"]])
            yield r, res, gold, lab


def fit(rows, results, sel, names, l2: float = 0.01, max_false: float = 0.02) -> dict:
    """Ranker: conditional logit (softmax over each query's candidates, the gold ones the
    target). Verifier: logistic regression on the top candidate, with the gold present
    (positive, when ranked first) and with it removed (negative). Threshold: at most
    `max_false` of the gold-removed queries still get a source. All on split `sel`, with the
    features `names`."""
    from scipy.optimize import minimize
    from sklearn.linear_model import LogisticRegression

    G = [(cols(res, res["feats"], names), lab) for _, res, _, lab in groups(rows, results, sel) if lab.any()]

    def loss(w):
        total, grad = l2 * w @ w, 2 * l2 * w
        for F, lab in G:
            z = F @ w
            z = z - z.max()
            e = np.exp(z)
            p = e / e.sum()
            pg = p[lab].sum()
            total -= np.log(max(pg, 1e-300))
            grad -= (p[lab] / max(pg, 1e-300)) @ F[lab] - p @ F
        return total / len(G), grad / len(G)

    names = list(names)
    keep_abs = absolute(names)
    w = minimize(loss, np.zeros(len(names)), jac=True, method="L-BFGS-B").x
    model = {"features": list(names), "ranker": [round(float(v), 5) for v in w], "verifier": {"weights": [0.0] * (2 + len(keep_abs)), "bias": 0.0}}
    X, y = [], []
    for _, res, gold, lab in groups(rows, results, sel):
        for F, positive in ((cols(res, res["feats"], names), True), (cols(res, without_gold(res, gold), names), False)):
            if not len(F):
                continue
            z = F @ w
            o = np.argsort(-z, kind="stable")
            if positive and not lab[o[0]]:
                continue  # the ranker got it wrong: no evidence about verification
            margin = z[o[0]] - z[o[1]] if len(z) > 1 else 10.0
            X.append(np.r_[z[o[0]], margin, F[o[0], keep_abs]])
            y.append(int(positive))
    v = LogisticRegression(C=1.0, max_iter=3000).fit(np.array(X), y)
    model["verifier"] = {"features": ["z", "margin"] + [names[i] for i in keep_abs],
                         "weights": [round(float(c), 5) for c in v.coef_[0]], "bias": round(float(v.intercept_[0]), 5)}
    neg = []
    for _, res, gold, _ in groups(rows, results, sel):
        F = cols(res, without_gold(res, gold), names)
        neg.append(float(score_arrays(F, model)[1].max()) if len(F) else 0.0)
    neg = np.sort(neg)
    model["threshold"] = round(float(neg[int(np.ceil((1 - max_false) * len(neg))) - 1]) + 1e-4, 4)
    return model


def cross_fit(rows, results, A, embed: bool) -> None:
    """Choose features without looking at split B: split A's queries in two by a second hash of
    their gold article, fit on one half, score the other, both ways. Prints recall@1 (all,
    summary-xsum) and, at each fit's own threshold, the share of queries found (gold ranked
    first and above it) and of gold-removed queries still given a source."""
    sets = {"lexical": FEATURES}
    if embed:
        sets |= {"+emb": FEATURES + ("emb", "emb_rel"), "+emb_max": FEATURES + ("emb_max", "emb_max_rel"),
                 "+both": EMB_FEATURES}
    fold = [a and hashlib.sha1(("cv:" + r["gold"][0]).encode()).digest()[0] % 2 == 0 for r, a in zip(rows, A)]
    print("\ncross-fit inside split A (fit on one half of its articles, scored on the other, both ways):")
    print("| features | all r@1 | summary-xsum r@1 | found | gold-removed given a source |\n|---|---|---|---|---|")
    for label, names in sets.items():
        hit = xs = n = nx = found = false = nf = 0
        for k in (0, 1):
            tr = [a and f == (k == 0) for a, f in zip(A, fold)]
            te = [a and f != (k == 0) for a, f in zip(A, fold)]
            model = fit(rows, results, tr, names)
            for r, res, gold, lab in groups(rows, results, te):
                ranked, probs = order(res, model)
                first = bool(res["ids"][ranked[0]] & gold)
                hit, n = hit + first, n + 1
                if r["kind"] == "summary-xsum":
                    xs, nx = xs + first, nx + 1
                found += first and probs[0] >= model["threshold"]
                F = cols(res, without_gold(res, gold), names)
                false += bool(len(F)) and float(score_arrays(F, model)[1].max()) >= model["threshold"]
                nf += 1
        print(f"| {label} | {hit / n:.3f} | {xs / max(nx, 1):.3f} | {found / n:.3f} | {false / max(nf, 1):.3f} |")


def table(rows, results, sel, model, title: str) -> str:
    stats: dict[str, list] = {}
    for r, res, s in zip(rows, results, sel):
        if not s:
            continue
        gold = set(r["gold"])
        ranked, _ = order(res, model)
        a = rank_of(ranked, res, gold)
        b = rank_of(res.get("bm25_rows", []), res, gold)
        for k in (r["kind"], "all"):
            stats.setdefault(k, []).append((a, b))
    lines = [f"### {title}", "", "| kind | n | trace r@1 / r@5 / MRR | BM25 r@1 / r@5 / MRR |", "|---|---:|---|---|"]

    def cell(vals):
        n = len(vals)
        r1 = sum(v == 1 for v in vals) / n
        r5 = sum(v is not None and v <= 5 for v in vals) / n
        mrr = sum(1 / v for v in vals if v) / n
        return f"{r1:.3f} / {r5:.3f} / {mrr:.3f}"

    for k in KINDS + ["all"]:
        if k in stats:
            v = stats[k]
            name = f"**{k}**" if k == "all" else f"`{k}`"
            lines.append(f"| {name} | {len(v)} | {cell([a for a, _ in v])} | {cell([b for _, b in v])} |")
    macro = [k for k in KINDS if k in stats]
    m1 = np.mean([sum(a == 1 for a, _ in stats[k]) / len(stats[k]) for k in macro])
    m2 = np.mean([sum(b == 1 for _, b in stats[k]) / len(stats[k]) for k in macro])
    lines.append(f"| macro r@1 | | {m1:.3f} | {m2:.3f} |")
    return "\n".join(lines)


def _sample(arts, n: int) -> list:
    return [a for a in arts if a is not None][:: max(1, len(arts) // n)][:n]


def speed(idx: Index, arts, n: int) -> tuple[float, float]:
    """Queries per wall-clock second and per CPU second of this process (the machine is
    shared, so wall clock undercounts what a free core does)."""
    sample = _sample(arts, n)
    t, c = time.time(), time.process_time()
    for a in sample:
        trace(a, idx, top=5)
    return len(sample) / (time.time() - t), len(sample) / (time.process_time() - c)


def speed_procs(path: str, arts, n: int, procs: int) -> float:
    """Queries per wall-clock second of `procs` processes tracing the same sample split between
    them, each with the index opened on its own (the memory maps share the page cache)."""
    import multiprocessing as mp

    sample = _sample(arts, n)
    parts = [sample[i::procs] for i in range(procs)]
    ctx = mp.get_context("fork")  # the queries are not pickled again; each child opens the index
    with ctx.Pool(procs, initializer=_open_for_speed, initargs=(path,)) as pool:
        pool.map(_trace_part, [p[:20] for p in parts])  # warm: models loaded, pages touched
        t = time.time()
        pool.map(_trace_part, parts)
        return len(sample) / (time.time() - t)


_speed_idx: list = []


def _open_for_speed(path: str) -> None:
    _speed_idx[:] = [Index.open(path)]


def _trace_part(part) -> int:
    for a in part:
        trace(a, _speed_idx[0], top=5)
    return len(part)


def main() -> None:
    if sys.argv[1:2] == ["--rss-child"]:
        return _rss_child(sys.argv[2], int(sys.argv[3]))
    ap = argparse.ArgumentParser()
    ap.add_argument("--distractors", help="distractor JSONL(.gz) to add to the index")
    ap.add_argument("--work", default="/tmp/wellsourced-trace")
    ap.add_argument("--fit", action="store_true", help="fit the reranker + threshold on split A, write model.json")
    ap.add_argument("--open-set", action="store_true")
    ap.add_argument("--rebuild", action="store_true", help="re-assemble the index (from cached documents)")
    ap.add_argument("--reuse", action="store_true", help="reuse the last run's candidates and features (refit only)")
    ap.add_argument("--qps", type=int, default=500, help="queries timed through trace() (full report)")
    ap.add_argument("--qps-procs", type=int, default=2, help="also time the queries split over this many processes")
    ap.add_argument("--workers", type=int, default=1, help="read the articles on this many processes (first build only)")
    ap.add_argument("--embed", action="store_true", help="an index with article embeddings (model-embed.json)")
    ap.add_argument("--cv", action="store_true", help="compare feature sets by 2-fold cross-fitting inside split A")
    args = ap.parse_args()
    if DATA is None:
        sys.exit("bench data (shared/bench/trace) not found")
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    inputs = [str(DATA / "corpus.jsonl")] + ([args.distractors] if args.distractors else [])
    name = "corpus" + (f"+{Path(args.distractors).name.split('.')[0]}" if args.distractors else "") + ("-embed" if args.embed else "")
    info = build(inputs, work / f"idx-{name}", rebuild=args.rebuild, workers=args.workers, embed=args.embed)
    print(f"## Index: {name} — {info['docs']} articles ({info['skipped']} inputs skipped by the reader), "
          f"{info['duplicates']} duplicates recorded")
    print(f"build: read {info['read_s']:.1f}s ({info['docs'] / info['read_s']:.0f} docs/s, {info.get('workers', 1)} process(es)), "
          f"index {info['assemble_s'] + info['write_s']:.1f}s ({info['docs'] / (info['assemble_s'] + info['write_s']):.0f} docs/s), "
          f"disk {info['bytes'] / 2**20:.1f} MiB")
    if info.get("embed_s"):
        print(f"embeddings: {info['embed_s']:.1f}s ({info['docs'] / info['embed_s']:.1f} docs/s, onnxruntime on every core)")
    rows, arts = load_queries(work)
    idx = Index.open(str(work / f"idx-{name}"))
    model = load_model(embed=args.embed)
    t = time.time()
    cache = work / f"results-{name}.pkl"
    if args.reuse and cache.exists():
        results = pickle.loads(cache.read_bytes())
    else:
        results = run(idx, rows, arts, args.embed)
        cache.write_bytes(pickle.dumps(results))
    print(f"ranked {len(rows)} queries in {time.time() - t:.1f}s")
    A = [half(r["gold"][0]) == "A" for r in rows]
    B = [not a for a in A]
    if args.cv:
        cross_fit(rows, results, A, args.embed)
    if args.fit:
        model = fit(rows, results, A, EMB_FEATURES if args.embed else FEATURES)
        model["fitted_on"] = f"bench/trace.py --fit, split A (by gold article), index {name}"
        p = ROOT / "src/wellsourced/trace" / ("model-embed.json" if args.embed else "model.json")
        p.write_text(json.dumps(model, indent=1) + "\n")
        load_model.cache_clear()
        print(f"fitted: {model}")
    print()
    print(table(rows, results, B, model, f"{name}: split B (held out), reranked vs BM25 candidates"))
    for r, a in zip(rows, arts):
        if r["kind"] == "rewrite" and a is not None:  # the seed: seeds/derived.txt
            rep = trace(a, idx, top=5, model=model)
            hit = [c.rank for c in rep.candidates if c.id in set(r["gold"])]
            mapped = sum(bool(t.sources) for t in rep.sentences)
            print(f"\nseed rewrite (split {half(r['gold'][0])}): source at rank {hit[0] if hit else '>5'}, "
                  f"found={rep.found}, {mapped} of {len(rep.sentences)} derived sentences mapped to source sentences")
    if args.open_set:
        open_set(rows, arts, inputs, work, name, model, B)
    qps, qps_cpu = speed(idx, arts, args.qps)
    print(f"\nqueries/s (trace() with sentence mapping and report, 1 process): {qps:.0f} wall, {qps_cpu:.0f} per CPU second; "
          f"peak RSS of this bench process: {rss_mb():.0f} MiB")
    if args.qps_procs > 1:
        print(f"queries/s on {args.qps_procs} processes together: "
              f"{speed_procs(str(work / f'idx-{name}'), arts, args.qps, args.qps_procs):.0f} wall")
    print(f"peak RSS of a fresh process that opens the index and traces {args.qps} queries: "
          f"{query_rss(str(work / f'idx-{name}'), args.qps):.0f} MiB")


def query_rss(path: str, n: int) -> float:
    """What a process that only opens the index and traces costs (the bench process also holds
    every query and candidate): a new interpreter, not a fork of this one."""
    import subprocess

    out = subprocess.run([sys.executable, __file__, "--rss-child", path, str(n)], capture_output=True, text=True, check=True)
    return float(out.stdout.split()[-1])


def _rss_child(path: str, n: int) -> None:
    rows = [json.loads(line) for line in open(DATA / "queries.jsonl", encoding="utf-8")]
    idx = Index.open(path)
    for r in rows[:: max(1, len(rows) // n)][:n]:
        try:
            trace(read_string(r["text"], fmt="text", where=r["id"], annotate=False), idx, top=5)
        except InputError:  # a query the reader refuses costs nothing here
            pass
    from wellsourced.run.local import peak_rss_mb

    print(peak_rss_mb())  # VmHWM: ru_maxrss would carry the parent's peak across fork and exec


def open_set(rows, arts, inputs, work, name, model, B) -> None:
    held = {g for r, b in zip(rows, B) if b and held_back(r["gold"][0]) for g in r["gold"]}
    path = work / f"idx-{name}-open"
    if not path.exists():  # from the stored documents of the full index: no second read
        full = Index.open(str(work / f"idx-{name}"))
        docs = [d for d in full.stored_docs() if d.id not in held]
        keep = (lambda gen: vectors.write(gen, (full._gen, full.emb))) if full.emb is not None else None
        with store.writer_lock(str(path)):
            store.write(assemble(docs), str(path), {"inputs": len(docs)}, keep)
    idx = Index.open(str(path))
    thr = model["threshold"]
    neg = pos = neg_n = pos_n = 0
    for r, a, b in zip(rows, arts, B):
        if not b or a is None:
            continue
        gold = set(r["gold"])
        scored, _ = rank(idx, a, CANDIDATES, model)
        top = scored[0] if scored else None
        found = top is not None and top.prob >= thr
        if held_back(r["gold"][0]):
            neg_n += 1
            neg += found
        elif not gold & held:
            pos_n += 1
            pos += found and bool(_ids(idx, top.row) & gold)
    print(f"\nopen set ({name} minus the gold of {neg_n} held-back split-B queries; threshold {thr} fitted on A): "
          f"source-less queries given a source {neg / max(neg_n, 1):.3f} ({neg}/{neg_n}); "
          f"in-index queries found at rank 1 above threshold {pos / max(pos_n, 1):.3f} ({pos}/{pos_n})")


if __name__ == "__main__":
    main()
