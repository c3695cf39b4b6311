"""Trace on held-out texts that are not in shared/: articles and derived texts we wrote
(bench/heldout/), traced among the benchmark's corpus and distractors.

    python bench/trace_heldout.py                                         # corpus + 20k distractors
    python bench/trace_heldout.py --distractors /tmp/d200/distractors-200k.jsonl.gz
    python bench/trace_heldout.py --embed        # the index bench/trace.py --embed built, with vectors

bench/heldout/trace_articles.jsonl: 8 short invented news articles. trace_queries.jsonl: for
each, a headline-like line, a one-sentence abstractive summary (XSum style, few shared words),
three bullets, and a rewrite with added opinion (like the seed); and 6 texts about events no
article in the index reports ("no-source": they must get "no source in this index"). Nothing
here was used to fit the model or choose a rule; the texts were written after the model was
fitted, by the same people who built it, so read them as a sanity check, not a benchmark.
Uses the documents bench/trace.py caches (run it once with the same --distractors first).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from wellsourced.index import Index, assemble, read_docs, store, vectors  # noqa: E402
from wellsourced.read import read_string  # noqa: E402
from wellsourced.trace import trace  # noqa: E402

HERE = ROOT / "bench/heldout"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--distractors", default=str(ROOT.parent / "shared/bench/trace/distractors-20k.jsonl.gz"))
    ap.add_argument("--work", default="/tmp/wellsourced-trace")
    ap.add_argument("--embed", action="store_true", help="with article embeddings (model-embed.json)")
    a = ap.parse_args()
    name = "corpus" + (f"+{Path(a.distractors).name.split('.')[0]}" if a.distractors else "") + ("-embed" if a.embed else "")
    cached = Path(a.work) / f"idx-{name}"
    if not cached.exists():
        sys.exit(f"{cached} not found: run bench/trace.py with the same --distractors first")
    full = Index.open(str(cached))
    docs = list(full.iter_stored())
    ours = read_docs([str(HERE / "trace_articles.jsonl")])
    if a.embed:  # on disk, so that the vectors can go with it; only our 8 articles are embedded
        path = str(Path(a.work) / f"heldout-{name}")
        shutil.rmtree(path, ignore_errors=True)
        with store.writer_lock(path):
            store.write(assemble(docs + ours), path, {"inputs": len(docs) + len(ours), "embeddings": vectors.INFO},
                        lambda gen: vectors.write(gen, (full._gen, full.emb)))
        idx = Index.open(path)
    else:
        idx = Index.from_built(assemble(docs + ours))
    rows = [json.loads(line) for line in open(HERE / "trace_queries.jsonl", encoding="utf-8")]
    stats: dict[str, list] = defaultdict(list)
    for r in rows:
        rep = trace(read_string(r["text"], fmt="text", where=r["id"], annotate=False), idx, top=5)
        ranks = [c.rank for c in rep.candidates if c.id in set(r["gold"])]
        first = ranks[0] if ranks else None
        stats[r["kind"]].append((first, rep.found, rep.candidates[0].id if rep.candidates else None, rep.candidates[0].score if rep.candidates else 0.0))
        print(f"{r['id']:22} rank {first if first else '-':>2}  found={rep.found!s:5}  top: {rep.candidates[0].id if rep.candidates else '-'} "
              f"({rep.candidates[0].score if rep.candidates else 0:.2f})")
    print(f"\n## {len(ours)} held-out articles among {len(idx):,} (index {name})\n")
    print("| kind | n | rank 1 | found (rank 1, above the threshold) | given a source |")
    print("|---|---:|---:|---:|---:|")
    for kind, s in stats.items():
        n = len(s)
        if kind == "no-source":
            print(f"| {kind} | {n} | - | - | {sum(f for _, f, _, _ in s)}/{n} |")
        else:
            print(f"| {kind} | {n} | {sum(k == 1 for k, _, _, _ in s)}/{n} | {sum(k == 1 and f for k, f, _, _ in s)}/{n} | - |")


if __name__ == "__main__":
    main()
