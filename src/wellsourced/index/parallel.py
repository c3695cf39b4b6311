"""Index building on the batch executors (run/): reading, the costly part, is mapped over
worker processes or a Ray cluster as the step "index"; the driver reads the rows back and
assembles the index as a serial build does (index/assemble.py orders documents by id, so the
result is the same bytes whatever the executor or worker count).

The rows live in DIR/.parts.jsonl (local) or DIR/.parts/ (Ray shards) until the index is
written, next to DIR/.parts.json naming the inputs: a killed build run again with the same
inputs skips what is done; with other inputs the old rows are dropped first.
"""
from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from .batch import Doc, doc_from_row
from .vectors import Given

PARTS, SIGNATURE = ".parts", ".parts.json"


def _out(root: str, executor: str) -> Path:
    return Path(root) / (PARTS if executor == "ray" else PARTS + ".jsonl")


def drop_parts(root: str) -> None:
    """The rows, their lock and the signature. The caller holds the index's writer lock."""
    for p in Path(root).glob(PARTS + "*"):
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)


def iter_docs_parallel(inputs: list[str], root: str, errors: list | None, executor: str, workers: int,
                       ray_address: str | None, given: Given | None = None) -> Iterator[Doc]:
    """Every article of the inputs as index documents, read by the executor, then streamed
    back from its rows one at a time. The caller holds the index's writer lock. `given`: the
    workers also embed the articles (index build --embed), and their vectors go there."""
    from ..run.job import Job, run_job
    from ..run.output import iter_rows

    sig = json.dumps({"inputs": [os.path.abspath(i) if os.path.exists(i) else i for i in inputs], "executor": executor})
    sig_path = Path(root) / SIGNATURE
    if not sig_path.exists() or sig_path.read_text(encoding="utf-8") != sig:
        drop_parts(root)  # rows of another build: not ours to resume
        sig_path.write_text(sig, encoding="utf-8")
    out = _out(root, executor)
    summary = run_job(Job(step="index", inputs=inputs, out=out, executor=executor, workers=workers, batch_size=32,
                          ray_address=ray_address, opts={"embed": True} if given is not None else {}))
    if summary.stopped:  # pragma: no cover - no --max-failures here
        raise InputError(root, "the build stopped early")
    if not out.exists():
        return
    for rid, error, raw in iter_rows(out):
        row = json.loads(raw)
        if error is not None:
            if errors is not None:  # the message is "where: problem", as the serial build gives it
                where, sep, problem = row["error"]["message"].partition(": ")
                errors.append(InputError(where, problem) if sep else InputError(rid, where))
            continue
        d = doc_from_row(row["result"])
        if given is not None and "emb" in row["result"]:
            given.add(d.meta.get("title"), [t for _, t in d.sentences], row["result"]["emb"])
        yield d
