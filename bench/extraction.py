"""Main-text extraction benchmark: our HTML reader vs plain trafilatura.

Data: ../shared/bench/extraction/scrapinghub (181 gzipped news pages + ground-truth.json with
`articleBody`; scrapinghub/article-extraction-benchmark, MIT). Never copied into this repo.

Metric (as in that benchmark, on single tokens rather than its 4-gram shingles): text is
lower-cased and split into word tokens (regex \\w+); per document, precision/recall/F1 on the
token multisets (true positives = sum over tokens of min(count in prediction, count in truth)).
"macro" = per-document scores averaged over documents (a page that yields nothing scores 0);
"micro" = tp/fp/fn summed over all documents first (the benchmark's own aggregation).

Speed: docs/s over the whole set, single process on one core (run under `taskset -c 0`),
timing only the extraction call, after one warm-up page; "wall" is elapsed time, "CPU" is
this process's CPU time (the fairer figure when other jobs share the cores).
"no text": pages for which the system returned nothing (read_string refuses pages that are
not English - 20 of the 181 - by design; from_html is the same reader without that gate).

    python bench/extraction.py [--data DIR] [--per-doc] [--only ours|trafilatura]
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "bench" / "extraction" / "scrapinghub"
if not DEFAULT_DATA.exists():
    DEFAULT_DATA = Path("/work/shared/bench/extraction/scrapinghub")

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


def ours(html: str) -> str:
    """The reader's HTML path: extraction, junk removal, sentence split (no language gate)."""
    from wellsourced.errors import InputError
    from wellsourced.read.html import from_html

    try:
        return from_html(html, "bench").body
    except InputError:
        return ""


def ours_gated(html: str) -> str:
    """What `wellsourced read` prints: read_string also refuses pages that are not English."""
    from wellsourced.errors import InputError
    from wellsourced.read import read_string

    try:
        return read_string(html, fmt="html", where="bench", annotate=False).body
    except InputError:
        return ""


def plain_trafilatura(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


SYSTEMS = {
    "wellsourced from_html": ours,
    "trafilatura.extract (defaults)": plain_trafilatura,
    "wellsourced read_string": ours_gated,
}


def load(data: Path) -> list[tuple[str, str, str]]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    docs = []
    for key in sorted(truth):
        raw = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes())
        # the benchmark's pages are UTF-8; decode leniently like a crawler would
        docs.append((key, raw.decode("utf-8", errors="replace"), truth[key].get("articleBody") or ""))
    return docs


def run(name: str, fn, docs) -> dict:
    fn(docs[0][1])  # warm-up: imports, lazy models
    per_doc = []
    elapsed = cpu = 0.0
    empty = 0
    for key, html, body in docs:
        t0, c0 = time.perf_counter(), time.process_time()
        pred = fn(html)
        elapsed += time.perf_counter() - t0
        cpu += time.process_time() - c0
        empty += not pred.strip()
        tp, fp, fn_ = prf(tokens(body), tokens(pred))
        per_doc.append((key, tp, fp, fn_))
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
        "per_doc": {k: scores(a, b, c) for k, a, b, c in per_doc},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--per-doc", action="store_true", help="list documents where the two differ in F1")
    ap.add_argument("--only", choices=["ours", "trafilatura", "pair"], help="one system, or the first two")
    a = ap.parse_args()
    if not (a.data / "ground-truth.json").exists():
        sys.exit(f"no benchmark data at {a.data}")
    docs = load(a.data)
    systems = list(SYSTEMS.items())
    if a.only:
        systems = {"ours": systems[:1], "trafilatura": systems[1:2], "pair": systems[:2]}[a.only]
    load1 = os.getloadavg()[0]
    results = [run(n, f, docs) for n, f in systems]
    import trafilatura

    print(f"scrapinghub article-extraction-benchmark: {len(docs)} pages, token P/R/F1 macro-averaged per document")
    print(f"(trafilatura {trafilatura.__version__}; single process; load average {load1:.2f} -> {os.getloadavg()[0]:.2f})")
    print()
    print(f"| {'system':<31} | precision | recall |   F1  | micro F1 | no text | docs/s wall | docs/s CPU |")
    print(f"|{'-' * 33}|-----------|--------|-------|----------|---------|-------------|------------|")
    for r in results:
        print(
            f"| {r['name']:<31} |   {r['P']:.3f}   | {r['R']:.3f}  | {r['F1']:.3f} |   {r['microF1']:.3f}  "
            f"|   {r['empty']:3d}   |    {r['docs_s']:5.1f}    |    {r['docs_cpu_s']:5.1f}   |"
        )
    if a.per_doc and len(results) >= 2:
        o, t = results[0]["per_doc"], results[1]["per_doc"]
        diff = sorted(o, key=lambda k: o[k][2] - t[k][2])
        print("\nper document (ours - trafilatura F1), worst first:")
        for k in diff:
            d = o[k][2] - t[k][2]
            if abs(d) >= 0.005:
                print(f"  {k[:16]}  ours P {o[k][0]:.3f} R {o[k][1]:.3f} F {o[k][2]:.3f} | traf P {t[k][0]:.3f} R {t[k][1]:.3f} F {t[k][2]:.3f} | {d:+.3f}")


if __name__ == "__main__":
    main()
