"""Batch throughput and resume bench.

    python bench/batch.py                      # docs/s table: read, digest, check x executors x workers
    python bench/batch.py --kill-test 20       # SIGKILL at 20 random points, rerun, count lost/duplicated

Data (read-only, from shared/): read and digest on bench/trace/corpus.jsonl (1,526 articles),
check on the first 500 pairs of bench/faithfulness/frank-valid.jsonl (source/summary).
docs/s is wall clock including worker (or Ray) start-up; cpu s/doc adds the CPU time of
this process and its pool workers (local only), which is steadier on a shared machine.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from wellsourced.run import Job, run_job  # noqa: E402
from wellsourced.run.local import THREAD_VARS  # noqa: E402

SHARED = next((p for p in (ROOT.parent / "shared", Path("/work/shared")) if p.is_dir()), Path("/work/shared"))
CORPUS = SHARED / "bench/trace/corpus.jsonl"
PAIRS = SHARED / "bench/faithfulness/frank-valid.jsonl"


def head(src: Path, n: int, dst: Path) -> Path:
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as g:
        for k, line in enumerate(f):
            if k >= n:
                break
            g.write(line)
    return dst


def cpu_seconds() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def one(step: str, data: Path, opts: dict, executor: str, workers: int, tmp: Path, batch: int) -> dict:
    out = tmp / f"{step}-{executor}-{workers}-{time.monotonic_ns()}"
    if executor == "local":
        out = out.with_suffix(".jsonl")
    first: list[float] = []

    def on_rows(n: int) -> None:
        if not first:
            first.append(time.monotonic())

    c0, t0 = cpu_seconds(), time.monotonic()
    s = run_job(Job(step=step, inputs=[str(data)], out=out, opts=opts, executor=executor, workers=workers,
                    batch_size=batch), on_rows=on_rows)
    end = time.monotonic()
    wall, cpu = end - t0, cpu_seconds() - c0
    # steady: after the first batch is back (workers or Ray started, models loaded)
    steady = (s.done - batch) / (end - first[0]) if first and end > first[0] and s.done > batch else None
    return {"step": step, "executor": executor, "workers": workers, "docs": s.done, "failed": s.n_failed,
            "seconds": round(wall, 1), "docs_s": round(s.done / wall, 1),
            "steady_docs_s": round(steady, 1) if steady else None, "startup_s": round(first[0] - t0, 1) if first else None,
            "cpu_s_doc": round(cpu / s.done, 4) if executor == "local" and s.done else None,
            "rss_mb": [round(v) for v in sorted(s.rss_mb.values())]}


def table(rows: list[dict]) -> None:
    print("\n| step | executor | workers | docs | failed | seconds | docs/s | start-up s | docs/s after start-up "
          "| cpu s/doc (local) | peak RSS per worker MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        dash = lambda v: "-" if v is None else v  # noqa: E731
        print(f"| {r['step']} | {r['executor']} | {r['workers']} | {r['docs']} | {r['failed']} | {r['seconds']} | "
              f"{r['docs_s']} | {dash(r['startup_s'])} | {dash(r['steady_docs_s'])} | {dash(r['cpu_s_doc'])} | "
              f"{', '.join(map(str, r['rss_mb']))} |")


def throughput(a) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="ws-batch-bench-"))
    corpus = head(CORPUS, a.docs, tmp / "corpus.jsonl")
    facts = head(CORPUS, a.facts_docs, tmp / "corpus-facts.jsonl")
    pairs = head(PAIRS, a.pairs, tmp / "pairs.jsonl")
    plan = []
    for ex in a.executors.split(","):
        for w in a.workers.split(","):  # "1t": one worker held to one thread (OMP_NUM_THREADS=1)
            if "read" in a.steps:
                plan.append(("read", corpus, dict(facts=False), ex, w, 32))
                plan.append(("read", facts, dict(facts=True), ex, w, 32))
            if "digest" in a.steps:
                plan.append(("digest", corpus, {}, ex, w, 32))
            if "check" in a.steps:
                plan.append(("check", pairs, dict(fields={"derived": "summary"}), ex, w, 4))
    rows = []
    for step, data, opts, ex, w, bs in plan:
        # each in a fresh process: a one-worker run's RSS is then its own, not the models of earlier runs
        spec = json.dumps([step, str(data), opts, ex, int(w.rstrip("t")), str(tmp), bs])
        env = {**os.environ, **({v: "1" for v in THREAD_VARS} if w.endswith("t") else {})}
        done = subprocess.run([sys.executable, __file__, "--one", spec], capture_output=True, text=True, env=env)
        if done.returncode != 0:
            print(done.stderr[-2000:], file=sys.stderr)
            continue
        r = json.loads(done.stdout.strip().splitlines()[-1])
        r["step"] = step + ("" if step != "read" else " --facts" if opts.get("facts") else " --no-facts")
        if w.endswith("t"):
            r["workers"] = f"{r['workers']} (1 thread)"
        rows.append(r)
        print(json.dumps(r), flush=True)
    table(rows)
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (machine shared with other jobs)")


# --- resume after SIGKILL ------------------------------------------------------------------

def cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from wellsourced.cli import main; main()", *args]


class Lines:
    """Lines in a growing file, reading only what was added since the last look."""

    def __init__(self, path: Path):
        self.path, self.offset, self.n = path, 0, 0

    def count(self) -> int:
        if self.path.exists():
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                new = f.read()
            self.offset += len(new)
            self.n += new.count(b"\n")
        return self.n


def kill_when(cmd: list[str], env: dict, out: Path, rows_at_least: int, jitter: float) -> bool:
    """SIGKILL the job once its output holds `rows_at_least` lines, plus a random few ms (so
    kills land mid-batch and mid-fsync interval). False when it finished first."""
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    lines = Lines(out)
    while p.poll() is None:
        if lines.count() >= rows_at_least:
            time.sleep(jitter)
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
                p.wait()
                return True
        time.sleep(0.005)
    return False


def kill_test(points: int, docs: int, seed: int) -> int:
    """Kill a `batch digest` at `points` random moments (each run resumes the last), then
    finish it; every id of the input must be in the output exactly once."""
    tmp = Path(tempfile.mkdtemp(prefix="ws-batch-kill-"))
    data = head(CORPUS, docs, tmp / "in.jsonl")
    want = [json.loads(line)["id"] for line in open(data, encoding="utf-8")]
    out = tmp / "out.jsonl"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    rng = random.Random(seed)
    cmd = cli("batch", "digest", str(data), "--out", str(out), "--batch-size", "4", "--no-progress")
    t0 = time.monotonic()
    targets = sorted(rng.sample(range(1, docs), points))
    kills = sum(kill_when(cmd, env, out, k, rng.uniform(0, 0.05)) for k in targets)
    subprocess.run(cmd, env=env, capture_output=True)
    got = [json.loads(line)["id"] for line in open(out, encoding="utf-8")]
    lost = len(set(want) - set(got))
    dup = len(got) - len(set(got))
    print(f"kill test: {points} points ({kills} killed mid-run), {docs} records, {time.monotonic() - t0:.0f} s: "
          f"{lost} lost, {dup} duplicated, {len(got)} rows for {len(set(want))} ids")
    return 0 if lost == dup == 0 else 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--steps", default="read,digest,check")
    ap.add_argument("--executors", default="local,ray")
    ap.add_argument("--workers", default="1,2", help='comma list; "1t" = one worker held to one thread, the '
                    "baseline for scaling: one process otherwise lets the claim model's onnxruntime pool use every core")
    ap.add_argument("--docs", type=int, default=1526, help="articles for read --no-facts and digest")
    ap.add_argument("--facts-docs", type=int, default=300, help="articles for read --facts (NER is the slow part)")
    ap.add_argument("--pairs", type=int, default=500)
    ap.add_argument("--kill-test", type=int, default=0, metavar="N", help="run the SIGKILL resume test at N points")
    ap.add_argument("--kill-docs", type=int, default=400)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--one", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        step, data, opts, ex, w, tmp, bs = json.loads(a.one)
        print(json.dumps(one(step, Path(data), opts, ex, w, Path(tmp), bs)))
        return
    if a.kill_test:
        sys.exit(kill_test(a.kill_test, a.kill_docs, a.seed))
    throughput(a)


if __name__ == "__main__":
    main()
