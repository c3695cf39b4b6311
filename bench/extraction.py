"""Extraction benchmark: body text and metadata (title, authors, date), ours vs trafilatura.

Data (never copied into this repo), read from ../shared/bench/extraction/:
- scrapinghub: 181 gzipped news pages + ground-truth.json with `articleBody`
  (scrapinghub/article-extraction-benchmark, MIT). Body only.
- wcxb-dev: 300 article pages from the WCXB benchmark (CC-BY-4.0), same layout plus meta.json
  with title, author and publish_date.

Body metric (as in the scrapinghub benchmark, on single tokens rather than its 4-gram shingles):
text is lower-cased and split into word tokens (regex \\w+); per document, P/R/F1 on the token
multisets. "macro" = per-document scores averaged (a page that yields nothing scores 0);
"micro" = tp/fp/fn summed over all documents first.

Metadata metric (wcxb-dev): title and author are right when rapidfuzz token_set_ratio >= 90 on
normalised strings (NFKC, lower case, punctuation to spaces); authors are joined with ", "
first. The date is right when the day (YYYY-MM-DD) is equal. Accuracy counts pages whose truth
has a value; "invented" is the share of pages whose truth has NO value where a value was given.
Pages are split in two halves by sha256("wellsourced:" + page id) mod 2 (A: 0, B: 1); our
merge rules were tuned looking at half A only, so half B is the held-out figure.

Speed: docs/s over the whole set, one process (run under `taskset -c 0` for one core), timing
only the extraction call after one warm-up page; "CPU" is this process's CPU time (the fairer
figure when other jobs share the cores). "no text": pages for which the system returned nothing.
`wellsourced read` (read_string) is the same reader plus the English-only gate.

    python bench/extraction.py [--set scrapinghub|wcxb-dev|all] [--per-doc] [--only ours|trafilatura]
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

HERE = Path(__file__).resolve().parent
DATA_ROOT = HERE.parent.parent / "shared" / "bench" / "extraction"
if not DATA_ROOT.exists():
    DATA_ROOT = Path("/work/shared/bench/extraction")
SETS = ("scrapinghub", "wcxb-dev")

TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> Counter:
    return Counter(TOKEN.findall((text or "").lower()))


def prf(truth: Counter, pred: Counter) -> tuple[int, int, int]:
    tp = sum((truth & pred).values())
    return tp, sum(pred.values()) - tp, sum(truth.values()) - tp


def scores(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def ours(html: str) -> dict:
    """The reader's HTML path: extraction, metadata, junk removal, sentence split (no language gate)."""
    from wellsourced.errors import InputError
    from wellsourced.read.html import from_html

    try:
        a = from_html(html, "bench")
    except InputError:
        return {"body": ""}
    return {"body": a.body, "title": a.title, "author": ", ".join(x.name for x in a.authors) or None,
            "date": a.published.isoformat()[:10] if a.published else None}


def ours_gated(html: str) -> dict:
    """What `wellsourced read` prints: read_string also refuses pages that are not English."""
    from wellsourced.errors import InputError
    from wellsourced.read import read_string

    try:
        a = read_string(html, fmt="html", where="bench", annotate=False)
    except InputError:
        return {"body": ""}
    return {"body": a.body, "title": a.title, "author": ", ".join(x.name for x in a.authors) or None,
            "date": a.published.isoformat()[:10] if a.published else None}


def plain_trafilatura(html: str) -> dict:
    """trafilatura with its defaults, body and metadata from one call."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True)
    if doc is None:
        return {"body": ""}
    author = doc.author.replace("; ", ", ") if doc.author else None
    return {"body": doc.text or "", "title": doc.title, "author": author, "date": (doc.date or "")[:10] or None}


SYSTEMS = {
    "wellsourced from_html": ours,
    "trafilatura (defaults)": plain_trafilatura,
    "wellsourced read_string": ours_gated,
}


def load(data: Path) -> list[tuple[str, str, dict]]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    meta = json.loads((data / "meta.json").read_text(encoding="utf-8")) if (data / "meta.json").exists() else {}
    docs = []
    for key in sorted(truth):
        raw = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes())
        # the benchmark's pages are UTF-8; decode leniently like a crawler would
        t = {"body": truth[key].get("articleBody") or ""}
        if key in meta:
            m = meta[key]
            t.update(title=m.get("title"), author=m.get("author"), date=m.get("publish_date"))
        docs.append((key, raw.decode("utf-8", errors="replace"), t))
    return docs


def half(key: str) -> str:
    return "AB"[int(hashlib.sha256(("wellsourced:" + key).encode()).hexdigest(), 16) % 2]


def norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", s or "").lower()
    return " ".join(re.sub(r"[^\w]+", " ", s).split())


def field_right(name: str, truth: str, pred: str | None) -> bool:
    if not pred:
        return False
    if name == "date":
        return pred[:10] == truth[:10]
    from rapidfuzz import fuzz

    return fuzz.token_set_ratio(norm(truth), norm(pred)) >= 90


def run(name: str, fn, docs) -> dict:
    fn(docs[0][1])  # warm-up: imports, lazy models
    per_doc = []
    elapsed = cpu = 0.0
    empty = 0
    fields: dict[str, dict[str, list]] = {}
    for key, html, truth in docs:
        t0, c0 = time.perf_counter(), time.process_time()
        pred = fn(html)
        elapsed += time.perf_counter() - t0
        cpu += time.process_time() - c0
        empty += not pred["body"].strip()
        tp, fp, fn_ = prf(tokens(truth["body"]), tokens(pred["body"]))
        per_doc.append((key, tp, fp, fn_))
        for f in ("title", "author", "date"):
            if f not in truth:
                continue
            rec = fields.setdefault(f, {"A": [0, 0, 0, 0], "B": [0, 0, 0, 0]})[half(key)]
            if truth[f]:
                rec[0] += 1
                rec[1] += field_right(f, truth[f], pred.get(f))
            else:
                rec[2] += 1
                rec[3] += bool(pred.get(f))
    macro = [scores(tp, fp, fn_) for _, tp, fp, fn_ in per_doc]
    n = len(macro)
    tp, fp, fn_ = (sum(x[i] for x in per_doc) for i in (1, 2, 3))
    return {
        "name": name,
        "P": sum(m[0] for m in macro) / n,
        "R": sum(m[1] for m in macro) / n,
        "F1": sum(m[2] for m in macro) / n,
        "microF1": scores(tp, fp, fn_)[2],
        "docs_s": n / elapsed,
        "docs_cpu_s": n / cpu,
        "empty": empty,
        "fields": fields,
        "per_doc": {k: scores(a, b, c) for k, a, b, c in per_doc},
    }


def _acc(rec: list[int]) -> str:
    return f"{rec[1] / rec[0]:.3f}" if rec[0] else "  -  "


def _inv(rec: list[int]) -> str:
    return f"{rec[3] / rec[2]:.3f}" if rec[2] else "  -  "


def report(set_name: str, docs, results, a) -> None:
    import trafilatura

    print(f"\n{set_name}: {len(docs)} pages, token P/R/F1 macro-averaged per document "
          f"(trafilatura {trafilatura.__version__})")
    print()
    print(f"| {'system':<25} | precision | recall |   F1  | micro F1 | no text | docs/s wall | docs/s CPU |")
    print(f"|{'-' * 27}|-----------|--------|-------|----------|---------|-------------|------------|")
    for r in results:
        print(
            f"| {r['name']:<25} |   {r['P']:.3f}   | {r['R']:.3f}  | {r['F1']:.3f} |   {r['microF1']:.3f}  "
            f"|   {r['empty']:3d}   |    {r['docs_s']:5.1f}    |    {r['docs_cpu_s']:5.1f}   |"
        )
    if results and results[0]["fields"]:
        n = {h: results[0]["fields"]["title"][h][0] + results[0]["fields"]["title"][h][2] for h in "AB"}
        halves = (f"half A: {n['A']} pages, used for tuning; half B: {n['B']} pages, held out" if set_name == "wcxb-dev"
                  else f"the halves only split the {n['A'] + n['B']} pages by a hash; read 'all'")
        print(f"\nmetadata: accuracy on pages whose truth has a value; invented = value given where the truth "
              f"has none ({halves})")
        print()
        print(f"| {'system':<25} | field  | acc A | acc B | acc all | invented A | invented B | invented all |")
        print(f"|{'-' * 27}|--------|-------|-------|---------|------------|------------|--------------|")
        for r in results:
            for f, recs in r["fields"].items():
                both = [x + y for x, y in zip(recs["A"], recs["B"])]
                print(f"| {r['name']:<25} | {f:<6} | {_acc(recs['A'])} | {_acc(recs['B'])} |  {_acc(both)}  "
                      f"|    {_inv(recs['A'])}   |    {_inv(recs['B'])}   |     {_inv(both)}    |")
    if a.per_doc and len(results) >= 2:
        o, t = results[0]["per_doc"], results[1]["per_doc"]
        diff = sorted(o, key=lambda k: o[k][2] - t[k][2])
        print("\nper document (ours - trafilatura F1), worst first:")
        for k in diff:
            d = o[k][2] - t[k][2]
            if abs(d) >= 0.005:
                print(f"  {k[:16]}  ours P {o[k][0]:.3f} R {o[k][1]:.3f} F {o[k][2]:.3f} | traf P {t[k][0]:.3f} R {t[k][1]:.3f} F {t[k][2]:.3f} | {d:+.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", choices=[*SETS, "all"], default="all")
    ap.add_argument("--data", type=Path, help="one data directory instead of --set")
    ap.add_argument("--per-doc", action="store_true", help="list documents where the two differ in F1")
    ap.add_argument("--only", choices=["ours", "trafilatura", "pair"], help="one system, or the first two")
    a = ap.parse_args()
    dirs = [a.data] if a.data else [DATA_ROOT / s for s in (SETS if a.set == "all" else [a.set])]
    load1 = os.getloadavg()[0]
    for d in dirs:
        if not (d / "ground-truth.json").exists():
            sys.exit(f"no benchmark data at {d}")
        docs = load(d)
        systems = list(SYSTEMS.items())
        if a.only:
            systems = {"ours": systems[:1], "trafilatura": systems[1:2], "pair": systems[:2]}[a.only]
        results = [run(n, f, docs) for n, f in systems]
        report(d.name, docs, results, a)
    print(f"\n(single process; load average {load1:.2f} -> {os.getloadavg()[0]:.2f})")


if __name__ == "__main__":
    main()
