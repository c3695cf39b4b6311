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
    """This process's peak RSS. VmHWM, not ru_maxrss: a spawned worker's ru_maxrss starts
    from its parent's RSS at fork, which would charge the driver's models to every worker."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def one_thread() -> None:
    """A worker is one of N processes sharing the cores: its libraries get one thread each.
    The embedding encoder and the claim model size their onnxruntime pools to the machine's
    cores unless OMP_NUM_THREADS is set (check/embed.py load_session), and spinning pools of N
    workers fight over the same cores, so workers build theirs with one thread."""
    for v in THREAD_VARS:
        os.environ.setdefault(v, "1")
    try:
        from functools import lru_cache

        from ..check import embed
    except ImportError:  # pragma: no cover
        return
    embed.encoder = lru_cache(maxsize=1)(lambda: embed.Encoder(threads=1))


def _init(step: str, opts: dict) -> None:
    one_thread()
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
