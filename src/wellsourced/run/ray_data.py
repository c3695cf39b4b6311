"""The Ray executor: Ray Data reads the inputs, an actor pool holding the models runs the
step, and each actor appends its rows to its own shard in the output folder.

    read_text(JSONL files) ─┐
    from_items(other units) ┴─> map_batches(StepActor, ActorPoolStrategy(size=workers),
                                             num_cpus=ACTOR_CPUS) ─> part-*.jsonl + status rows

Why JSONL is read with read_text and parsed in the step, not read_json: read_json's Arrow
reader fails the whole job on one malformed line and coerces fields across records; here a
bad line is one error row, as under the local executor, and the ids are the same.

Why actors write their own shards (the same resumable writer as the local executor) and
not ds.write_json: rows are durable record by record, a killed job loses at most a torn
line per shard, and only small status rows travel back to the driver, which draws the
progress bar from them. On a cluster the output folder must be on a filesystem every node
mounts (see docs/scale.md).
"""
from __future__ import annotations

import json
import logging
import os
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError
from . import output
from .inputs import count_units, expand, is_jsonl, iter_units, line_unit
from .job import Job, Summary, _count
from .local import one_thread, peak_rss_mb
from .steps import run_step, warm

# An actor asks for most of a CPU, not all: on 2 CPUs, 2 actors leave half a CPU to the
# read tasks, which would otherwise wait for an actor to finish and starve the pool.
ACTOR_CPUS = 0.75
READ_CPUS = 0.25  # reading lines is I/O; it must fit beside the actors (2 x 0.75 + 0.25 < 2)


class StepActor:
    def __init__(self, step: str, opts: dict, folder: str, done: dict, names: dict, cwd: str):
        one_thread()
        if os.path.isdir(cwd):
            os.chdir(cwd)  # relative source_path/derived_path mean what they mean to the driver
        self.step, self.opts, self.done, self.names = step, opts, done, names
        self.shard = Path(folder) / f"part-{uuid.uuid4().hex[:12]}.jsonl"
        self.writer: output.Writer | None = None
        warm(step, opts)

    def __call__(self, batch: dict) -> dict:
        units, status = [], []
        for text, path in zip(batch["text"], batch["path"]):
            u = json.loads(text) if path == "<unit>" else line_unit(str(text), self.names.get(str(path), str(path)))
            if u["id"] not in self.done:
                units.append(u)
            else:  # done: "" for a result, the error code for an error row
                status.append((u["id"], "skip_failed" if self.done[u["id"]] else "skip_done", ""))
        if units:
            if self.writer is None:
                self.writer = output.Writer(self.shard)
            for rid, st, msg, line in run_step(self.step, units, self.opts):
                self.writer.write(line)
                status.append((rid, st, msg or ""))
            self.writer.sync()  # what the driver counts as done is on disk
        rss = peak_rss_mb()
        return {"id": [s[0] for s in status], "status": [s[1] for s in status], "message": [s[2] for s in status],
                "pid": [os.getpid()] * len(status), "rss": [rss] * len(status)}


def run_ray(job: Job, on_total=None, on_rows=None) -> Summary:
    try:
        import ray
    except ImportError:
        raise InputError("--executor ray", "Ray is not installed (pip install 'wellsourced[batch]')") from None

    s = Summary()
    t0 = time.monotonic()
    folder = job.out
    folder.mkdir(exist_ok=True)
    fd = output.lock(folder)
    started = False
    try:
        done = output.scan_shards(folder, retry_failed=job.retry_failed, want_problems=job.fail_on_problems)
        s.repaired = done.dropped + done.duplicates
        s.problems = len(done.problems)
        total = count_units(job.inputs)  # one pass over the JSONL files: the bar and the blocks
        if on_total:
            on_total(total)
        if not ray.is_initialized():
            # A local Ray runs this very wellsourced (a checkout on PYTHONPATH or an install);
            # a cluster's nodes must have it installed (docs/scale.md). The local Ray's processes
            # inherit this process's environment, so PYTHONPATH is set for the start only: a
            # runtime_env would do the same but makes Ray start its workers anew, ~5 s later.
            with _environ("PYTHONPATH", None if job.ray_address else _pythonpath()):
                ray.init(address=job.ray_address, num_cpus=None if job.ray_address else job.workers,
                         include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING)
            started = True
        logging.getLogger("ray.data").setLevel(logging.WARNING)  # our bar and summary say what it would
        ds = _dataset(job, total)
        ds = ds.map_batches(
            StepActor, batch_size=job.batch_size, batch_format="numpy",
            fn_constructor_kwargs=dict(step=job.step, opts=job.opts, folder=str(folder.resolve()),
                                       done={k: v or "" for k, v in done.ids.items()},
                                       names=_names(job.inputs), cwd=os.getcwd()),
            # 2 tasks in flight per actor, not Ray's 4: a queued block is work that another
            # actor cannot take when it runs dry at the end
            compute=ray.data.ActorPoolStrategy(size=job.workers, max_tasks_in_flight_per_actor=2),
            num_cpus=ACTOR_CPUS)
        seen: set[str] = set()
        for b in ds.iter_batches(batch_size=None, batch_format="numpy"):
            for rid, st, msg, pid, rss in zip(b["id"], b["status"], b["message"], b["pid"], b["rss"]):
                s.rss_mb[int(pid)] = max(float(rss), s.rss_mb.get(int(pid), 0.0))
                if rid in seen:
                    s.skipped_duplicate += 1  # merge keeps one row per id
                    continue
                seen.add(rid)
                if st == "skip_done":
                    s.skipped_done += 1
                elif st == "skip_failed":
                    s.skipped_failed += 1
                else:
                    _count(s, str(st), str(msg))
            if on_rows:
                on_rows(len(b["id"]))
            if job.max_failures and s.n_failed >= job.max_failures:
                s.stopped = True
                break
    finally:
        if started:
            ray.shutdown()
        os.close(fd)
    s.seconds = time.monotonic() - t0
    return s


def _dataset(job: Job, total: int | None):
    import ray

    from ray.data import DataContext

    ctx = DataContext.get_current()
    ctx.enable_progress_bars = False  # ours is drawn from the status rows
    ctx.enable_operator_progress_bars = False
    ctx.enable_auto_log_stats = False
    paths = expand(job.inputs)
    lines = [os.path.abspath(p) for p in paths if p != "-" and is_jsonl(p) and not p.endswith(".gz") and os.path.isfile(p)]
    others = [p for p in paths if os.path.abspath(p) not in lines]
    parts = []
    if lines:
        # count_units counts each other input once (None with stdin): the rest are JSONL lines
        n = (total - len(others) if total is not None else count_units(lines)) or 1
        parts.append(ray.data.read_text(lines, include_paths=True, num_cpus=READ_CPUS,
                                        override_num_blocks=_blocks(n, job)))
    if others:  # folders of text or HTML, JSON documents, feeds, stdin: listed here, run there
        items = [{"text": json.dumps(u, ensure_ascii=False), "path": "<unit>"} for u in iter_units(others, job.step)]
        if items:
            parts.append(ray.data.from_items(items, override_num_blocks=_blocks(len(items), job)))
    if not parts:
        return ray.data.from_items([{"text": "", "path": "<none>"}]).filter(lambda r: False)
    return parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]


@contextmanager
def _environ(name: str, value: str | None):
    """os.environ[name] = value while the block runs (nothing when value is None)."""
    before = os.environ.get(name)
    if value is not None:
        os.environ[name] = value
    try:
        yield
    finally:
        if value is not None:
            if before is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = before


def _blocks(rows: int, job: Job) -> int:
    """How many blocks to cut the input into. Ray hands a block to one actor whole, and rows
    differ in cost (a long article checks slower), so a few big blocks leave one actor working
    alone at the end: Ray's default of 4 blocks for 500 pairs kept one of 2 actors busy 20 s
    after the other ran dry. A batch per block, at most 64 blocks per worker, bounds that tail
    to about one block's work (1/64 of a worker's share on a large input)."""
    return max(1, min(-(-rows // max(1, job.batch_size)), 64 * max(1, job.workers)))


def _pythonpath() -> str:
    import wellsourced

    here = str(Path(wellsourced.__file__).resolve().parents[1])
    rest = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != here]
    return os.pathsep.join([here, *rest])


def _names(inputs: list[str]) -> dict[str, str]:
    """Absolute path (what Ray reports) -> the path as given (what the local executor names)."""
    return {os.path.abspath(p): p for p in expand(inputs) if p != "-"}
