"""A batch job: inputs -> units -> skip what the output holds -> executor -> output rows.

The driver owns the output: it alone writes (local executor) or scans the shards (Ray),
counts, and decides the exit code. Front ends (cli/batch.py, bench/batch.py) call run_job.
"""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from . import output
from .inputs import iter_units
from .steps import STEPS

EXECUTORS = ("local", "ray")


@dataclass
class Job:
    step: str
    inputs: list[str]
    out: Path
    opts: dict = field(default_factory=dict)
    executor: str = "local"
    workers: int = 1
    batch_size: int = 16
    ray_address: str | None = None
    max_failures: int | None = None
    fail_on_problems: bool = False
    retry_failed: bool = False


@dataclass
class Summary:
    done: int = 0  # records processed in this run (results and error rows)
    failed: Counter = field(default_factory=Counter)  # this run, by error code
    examples: dict[str, str] = field(default_factory=dict)  # error code -> first message
    problems: int = 0  # check results with contradicted/unsupported sentences (this run and earlier)
    skipped_done: int = 0  # already in the output
    skipped_failed: int = 0  # ... as error rows from an earlier run
    skipped_duplicate: int = 0  # an id seen earlier in this input
    repaired: int = 0  # torn or broken lines removed from the output before resuming
    stopped: bool = False  # --max-failures reached
    seconds: float = 0.0
    rss_mb: dict[int, float] = field(default_factory=dict)  # worker pid -> peak RSS

    @property
    def n_failed(self) -> int:
        return sum(self.failed.values())

    def exit_code(self, fail_on_problems: bool = False) -> int:
        bad = self.n_failed or self.skipped_failed or self.stopped or (fail_on_problems and self.problems)
        return 1 if bad else 0


def check_executor(executor: str, workers: int) -> None:
    """--executor and --workers (also checked by `index build` before it creates its directory)."""
    if executor not in EXECUTORS:
        raise InputError("--executor", f"{executor}: choose local or ray")
    if workers < 1:
        raise InputError("--workers", f"{workers}: must be at least 1")


def validate(job: Job) -> None:
    if job.step not in STEPS:
        raise InputError(job.step, f"unknown step; choose one of {', '.join(STEPS)}")
    check_executor(job.executor, job.workers)
    if job.batch_size < 1:
        raise InputError("--batch-size", f"{job.batch_size}: must be at least 1")
    if job.max_failures is not None and job.max_failures < 1:
        raise InputError("--max-failures", f"{job.max_failures}: must be at least 1")
    if job.executor == "local" and job.ray_address:
        raise InputError("--ray-address", "only with --executor ray")
    if job.executor == "local" and job.out.is_dir():
        raise InputError(str(job.out), "is a directory; the local executor writes one JSONL file (--out FILE)")
    if job.executor == "ray" and job.out.exists() and not job.out.is_dir():
        raise InputError(str(job.out), "is a file; the Ray executor writes shards into a folder (--out DIR)")
    if not job.out.parent.is_dir():
        raise InputError(str(job.out), "its folder does not exist")


def run_job(job: Job, on_total: Callable[[int | None], None] | None = None,
            on_rows: Callable[[int], None] | None = None) -> Summary:
    """Run the job to the end (or to --max-failures); resumable at any point."""
    validate(job)
    if job.executor == "ray":
        from .ray_data import run_ray

        return run_ray(job, on_total, on_rows)
    return _run_local(job, on_total, on_rows)


def _run_local(job: Job, on_total, on_rows) -> Summary:
    from .inputs import count_units
    from .local import run_local

    s = Summary()
    t0 = time.monotonic()
    fd = output.lock(job.out)
    try:
        done = output.scan(job.out, retry_failed=job.retry_failed, want_problems=job.fail_on_problems)
        s.repaired = done.dropped + done.duplicates
        s.problems = len(done.problems)
        if on_total:
            on_total(count_units(job.inputs))
        seen: set[str] = set()
        units = _fresh(iter_units(job.inputs, job.step), done.ids, seen, s, on_rows)
        writer = output.Writer(job.out)
        try:
            for rows, pid, rss in run_local(_batches(units, job.batch_size), job.step, job.opts, job.workers):
                s.rss_mb[pid] = max(rss, s.rss_mb.get(pid, 0.0))
                for rid, status, msg, line in rows:
                    writer.write(line)
                    _count(s, status, msg)
                if on_rows:
                    on_rows(len(rows))
                if job.max_failures and s.n_failed >= job.max_failures:
                    s.stopped = True
                    break
        finally:
            writer.close()
    finally:
        import os

        os.close(fd)
    s.seconds = time.monotonic() - t0
    return s


def _count(s: Summary, status: str, msg: str | None) -> None:
    s.done += 1
    if status == "problems":
        s.problems += 1
    elif status != "ok":
        s.failed[status] += 1
        s.examples.setdefault(status, msg or "")


def _fresh(units: Iterable[dict], done: dict[str, str | None], seen: set[str], s: Summary,
           on_rows) -> Iterator[dict]:
    """Units not yet in the output, each id once."""
    for u in units:
        rid = u["id"]
        if rid in seen:
            s.skipped_duplicate += 1
        elif rid in done:
            seen.add(rid)
            if done[rid] is None:
                s.skipped_done += 1
            else:
                s.skipped_failed += 1
        else:
            seen.add(rid)
            yield u
            continue
        if on_rows:
            on_rows(1)


def _batches(units: Iterable[dict], size: int) -> Iterator[list[dict]]:
    buf: list[dict] = []
    for u in units:
        buf.append(u)
        if len(buf) >= size:
            yield buf
            buf = []
    if buf:
        yield buf
