"""Digest benchmark: ROUGE against CNN reference highlights, speed, and check support.

    python bench/digest.py [--data PATH] [--rows all|dev|test] [--check N]

Data: ../shared/bench/summarization/goyal-cnn.jsonl (500 CNN articles, reference
highlights). Weights in digest/select.py were tuned on `dev` (rows 0-249); `test` (rows
250-499) was not looked at while tuning. ROUGE-1/2/Lsum F1 (rouge-score, Porter stemmer),
reference split into its " . "-separated highlights for Lsum.

Systems: our extractive lead (default --words 60, and 40), Lead-3, Lead under the same
60-word budget (whole sentences), and sumy's LexRank-3 fed our sentences (no nltk data).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

from rouge_score import rouge_scorer

from wellsourced.digest import extractive, to_article
from wellsourced.errors import InputError
from wellsourced.read import read_string

DATA = Path(__file__).resolve().parents[2] / "shared/bench/summarization/goyal-cnn.jsonl"
if not DATA.exists():
    DATA = Path("/work/shared/bench/summarization/goyal-cnn.jsonl")
WORD = re.compile(r"\w+(?:['\u2019]\w+)?")


def refs(text: str) -> str:
    return "\n".join(x.strip() for x in re.split(r"\s\.\s*", text.strip()) if x.strip())


def lead_k(art, k=None, words=None) -> list[str]:
    out, n = [], 0
    for s in art.sentences:
        w = len(s.text.split())
        if (k and len(out) >= k) or (words and out and n + w > words):
            break
        out.append(s.text)
        n += w
    return out


class _Tok:
    """sumy tokenizer over our own sentence split: sumy's default needs nltk punkt data."""

    language = "english"

    def to_sentences(self, text):  # not used: sentences come pre-split
        return [text]

    def to_words(self, sentence):
        return WORD.findall(sentence)


def lexrank(arts, k=3) -> list[list[str]]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    tok = _Tok()
    summ = LexRankSummarizer(Stemmer("english"))
    summ.stop_words = get_stop_words("english")
    out = []
    for a in arts:
        doc = ObjectDocumentModel([Paragraph([Sentence(s.text, tok) for s in a.sentences])])
        out.append([str(s) for s in summ(doc, k)])
    return out


def ours(arts, words=60) -> list[list[str]]:
    return [[s.text for s in extractive(a, words=words).lead] for a in arts]


def _end_to_end(text: str) -> int:
    try:
        return len(extractive(read_string(text, fmt="text", annotate=False)).lead)
    except InputError:
        return 0


def parallel(texts: list[str], procs: int) -> float:
    """docs/s for read + digest over `procs` worker processes (start-up excluded)."""
    import multiprocessing as mp

    with mp.get_context("fork").Pool(procs) as pool:
        pool.map(_end_to_end, texts[:procs * 4])  # warm the workers
        t = time.perf_counter()
        pool.map(_end_to_end, texts, chunksize=16)
        return len(texts) / (time.perf_counter() - t)


def score(sc, references, systems) -> dict:
    r = {"rouge1": [], "rouge2": [], "rougeLsum": []}
    for ref, sents in zip(references, systems):
        res = sc.score(ref, "\n".join(sents))
        for k in r:
            r[k].append(res[k].fmeasure)
    return r


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(DATA))
    ap.add_argument("--rows", choices=["all", "dev", "test"], default="all")
    ap.add_argument("--check", type=int, default=500, help="digests to run through `check` (0: skip)")
    args = ap.parse_args()
    rows = [json.loads(line) for line in open(args.data, encoding="utf-8")]
    rows = {"all": rows, "dev": rows[:250], "test": rows[250:]}[args.rows]
    print(f"{len(rows)} articles from {args.data} ({args.rows}); load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")

    t = time.perf_counter()
    arts, kept, refused = [], [], []
    for r in rows:
        try:
            arts.append(read_string(r["article"], fmt="text", where=r["id"], annotate=False))
            kept.append(r)
        except InputError as e:
            refused.append(str(e))
    t_read = time.perf_counter() - t
    if refused:
        print(f"the reader refused {len(refused)} (left out of every row below): " + "; ".join(refused))
    rows = kept
    extractive(arts[0])  # warm-up (imports)
    t = time.perf_counter()
    digests = [extractive(a) for a in arts]  # lead + condensed body, as the CLI makes them
    t_sel = time.perf_counter() - t

    sc = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    references = [refs(r["reference"]) for r in rows]
    systems = {
        "wellsourced lead, --words 60": ours(arts, 60),
        "wellsourced lead, --words 40": ours(arts, 40),
        "Lead-3": [lead_k(a, k=3) for a in arts],
        "Lead, 60-word budget": [lead_k(a, words=60) for a in arts],
        "sumy LexRank-3": lexrank(arts, 3),
    }
    results = {name: score(sc, references, out) for name, out in systems.items()}
    print()
    print("| system | ROUGE-1 | ROUGE-2 | ROUGE-Lsum | words |")
    print("|---|---|---|---|---|")
    for name, r in results.items():
        words = statistics.mean(sum(len(s.split()) for s in out) for out in systems[name])
        m = {k: 100 * statistics.mean(v) for k, v in r.items()}
        print(f"| {name} | {m['rouge1']:.1f} | {m['rouge2']:.1f} | {m['rougeLsum']:.1f} | {words:.0f} |")
    print("| reference highlights | - | - | - | "
          f"{statistics.mean(len(r['reference'].replace(' .', '.').split()) for r in rows):.0f} |")

    n = len(arts)
    print()
    print("| speed (1 process) | docs/s |")
    print("|---|---|")
    print(f"| digest only (lead + body, pre-read articles) | {n / t_sel:.0f} |")
    print(f"| read (split, junk removal) only | {n / t_read:.0f} |")
    print(f"| end to end: read + digest | {n / (t_read + t_sel):.0f} |")
    procs = os.cpu_count() or 1
    if procs > 1:
        print(f"| end to end, {procs} processes | {parallel([r['article'] for r in rows], procs):.0f} |")

    # where we lose: per-article ROUGE-1 against Lead-3
    a, b = results["wellsourced lead, --words 60"]["rouge1"], results["Lead-3"]["rouge1"]
    wins = sum(x > y + 1e-9 for x, y in zip(a, b))
    losses = sum(x < y - 1e-9 for x, y in zip(a, b))
    skip = [k for k, d in enumerate(digests) if d.lead and d.lead[0].source_ids[0] != arts[k].sentences[0].id]
    print()
    print(f"per article vs Lead-3 (ROUGE-1): {wins} better, {losses} worse, {n - wins - losses} equal")
    if skip:
        print(f"leads that skip the first sentence: {len(skip)}; ROUGE-1 there {100 * statistics.mean(a[k] for k in skip):.1f} "
              f"vs Lead-3 {100 * statistics.mean(b[k] for k in skip):.1f}")
    short = [k for k in range(n) if len(arts[k].sentences) <= 10]
    if short:
        print(f"short articles (<= 10 sentences, {len(short)}): ours {100 * statistics.mean(a[k] for k in short):.1f} "
              f"vs Lead-3 {100 * statistics.mean(b[k] for k in short):.1f}")

    if args.check:
        from wellsourced.check import Prepared, check
        from wellsourced.facts.annotate import annotate_many

        k = min(args.check, n)
        t = time.perf_counter()
        list(annotate_many(arts[:k]))
        labels: dict[str, int] = {}
        bad = []
        for art, d in zip(arts[:k], digests[:k]):
            rep = check(art, to_article(d), prepared=Prepared(art))
            seen = set()
            for v in rep.verdicts:
                if v.sentence.text in seen:  # the body repeats the lead: count each sentence once
                    continue
                seen.add(v.sentence.text)
                labels[v.label] = labels.get(v.label, 0) + 1
                if v.label != "supported":
                    bad.append((art.input, v.label, v.sentence.text))
        total = sum(labels.values())
        ok = labels.get("supported", 0) + labels.get("not a claim", 0)
        print()
        print(f"check on {k} digests (distinct sentences of lead + body: {total}, {time.perf_counter() - t:.0f} s): "
              f"{100 * ok / total:.2f}% supported or not a claim ({', '.join(f'{l} {c}' for l, c in sorted(labels.items()))})")
        for where, label, text in bad[:12]:
            print(f"  {where}: {label}: {text[:120]}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
