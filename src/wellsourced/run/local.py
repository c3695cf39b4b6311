"""The local executor: a process pool, models loaded once per worker process.

Batches go out in input order and come back in input order (a bounded window of batches
in flight), so the output file is the same whatever the number of workers. One process
writes; workers only compute. With one worker the step runs in this process.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import resource
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from .steps import Row, run_step, warm

THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _init(step: str, opts: dict) -> None:
    for v in THREAD_VARS:  # one worker per core: no nested thread pools fighting over it
        os.environ.setdefault(v, "1")
    warm(step, opts)


def _work(step: str, units: list[dict], opts: dict) -> tuple[list[Row], int, float]:
    return run_step(step, units, opts), os.getpid(), peak_rss_mb()


def run_local(batches: Iterable[list[dict]], step: str, opts: dict, workers: int) -> Iterator[tuple[list[Row], int, float]]:
    """(rows, worker pid, worker peak RSS MB) per batch, in input order."""
    if workers <= 1:
        warm(step, opts)
        for units in batches:
            yield _work(step, units, opts)
        return
    # spawn: the parent runs a progress thread, and forking a threaded process can deadlock
    ctx = mp.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init, initargs=(step, opts)) as pool:
        window: deque = deque()
        try:
            for units in batches:
                window.append(pool.submit(_work, step, units, opts))
                if len(window) >= 2 * workers:
                    yield window.popleft().result()
            while window:
                yield window.popleft().result()
        finally:
            for f in window:
                f.cancel()
