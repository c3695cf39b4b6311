"""`wellsourced batch read|digest|check`: many records, with progress and resume.

Thin: options -> run.Job -> run.run_job; prints a progress bar and a summary. Exit codes:
0 every record processed, 1 some records failed (their error rows are in the output) or
--fail-on-problems found contradicted/unsupported sentences, 2 a job that cannot start.
"""
from __future__ import annotations

import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from ..errors import InputError
from . import app, err, fail, parse_fields

batch_app = typer.Typer(help="Run read, digest, check or trace over many records: progress, resume, local or Ray workers.",
                        no_args_is_help=True)
app.add_typer(batch_app, name="batch")

Inputs = Annotated[list[str], typer.Argument(help="files, folders, glob patterns, JSONL, or - for stdin")]
Out = Annotated[Path, typer.Option("--out", help="output: JSONL file (local) or shard folder (ray); a rerun resumes it")]
Workers = Annotated[int, typer.Option("--workers", help="worker processes (local) or actors (ray)")]
Executor = Annotated[str, typer.Option("--executor", help="local (process pool) or ray (Ray Data)")]
RayAddress = Annotated[str | None, typer.Option("--ray-address", help="Ray cluster to join, e.g. ray://head:10001 or auto")]
Merge = Annotated[Path | None, typer.Option("--merge", help="ray: also merge the shards into this JSONL file")]
Parquet = Annotated[Path | None, typer.Option("--parquet", help="also convert the finished output to this Parquet file")]
BatchSize = Annotated[int, typer.Option("--batch-size", help="records per task")]
MaxFail = Annotated[int | None, typer.Option("--max-failures", help="stop after this many failed records")]
Retry = Annotated[bool, typer.Option("--retry-failed", help="redo records that have an error row in the output")]
Field = Annotated[list[str] | None, typer.Option("--field", help="field map OURS=THEIRS, e.g. text=article_body, derived=summary")]
ShowProgress = Annotated[bool, typer.Option("--progress/--no-progress", help="progress bar (default: when stderr is a terminal)")]


@batch_app.command("read")
def batch_read(
    inputs: Inputs, out: Out, workers: Workers = 1, executor: Executor = "local", ray_address: RayAddress = None,
    merge: Merge = None, parquet: Parquet = None, batch_size: BatchSize = 16, max_failures: MaxFail = None,
    retry_failed: Retry = False, field: Field = None, progress: ShowProgress = None,  # type: ignore[assignment]
    fmt: Annotated[str, typer.Option("--format", help="auto, text, html, json or feed")] = "auto",
    facts: Annotated[bool, typer.Option("--facts/--no-facts", help="extract entities, numbers, quotes")] = True,
) -> None:
    """Read every input into an Article (one JSON line per record)."""
    _run("read", inputs, out, dict(fmt=fmt, fields=parse_fields(field), facts=facts), locals())


@batch_app.command("digest")
def batch_digest(
    inputs: Inputs, out: Out, workers: Workers = 1, executor: Executor = "local", ray_address: RayAddress = None,
    merge: Merge = None, parquet: Parquet = None, batch_size: BatchSize = 16, max_failures: MaxFail = None,
    retry_failed: Retry = False, field: Field = None, progress: ShowProgress = None,  # type: ignore[assignment]
    words: Annotated[int, typer.Option("--words", help="lead summary length limit, in words")] = 60,
    sentences: Annotated[int | None, typer.Option("--sentences", help="condensed body length, in sentences")] = None,
    ratio: Annotated[float | None, typer.Option("--ratio", help="condensed body length, share of sentences")] = None,
) -> None:
    """Digest every article (one Digest JSON line per record)."""
    _run("digest", inputs, out, dict(words=words, sentences=sentences, ratio=ratio, fields=parse_fields(field)), locals())


@batch_app.command("check")
def batch_check(
    inputs: Inputs, out: Out, workers: Workers = 1, executor: Executor = "local", ray_address: RayAddress = None,
    merge: Merge = None, parquet: Parquet = None, batch_size: BatchSize = 4, max_failures: MaxFail = None,
    retry_failed: Retry = False, field: Field = None, progress: ShowProgress = None,  # type: ignore[assignment]
    engine: Annotated[str, typer.Option("--engine", help="default, lexical or consistency (nli: give --model)")] = "default",
    model: Annotated[str | None, typer.Option("--model", help="engine model file")] = None,
    fail_on_problems: Annotated[bool, typer.Option("--fail-on-problems", help="exit 1 when any pair has contradicted or unsupported sentences")] = False,
    offline: Annotated[bool, typer.Option("--offline", help="do not fetch source_url/derived_url: those records get an error row")] = False,
) -> None:
    """Check JSONL pairs {"id", "source", "derived"} (or source_path/derived_path, source_url/derived_url)."""
    fields = parse_fields(field)
    if fields and set(fields) - {"source", "derived"}:
        fail("--field: batch check maps only source and derived, e.g. derived=summary")
    if engine == "llm":
        fail("--engine llm: not available in batch jobs (one HTTP call per sentence); use default, lexical or nli")
    _run("check", inputs, out, dict(engine=engine, fields=fields, model=model, fetch=not offline), locals(), fail_on_problems)


@batch_app.command("trace")
def batch_trace(
    inputs: Inputs, out: Out, index: Annotated[str, typer.Option("--index", help="the index folder (wellsourced index build)")],
    workers: Workers = 1, executor: Executor = "local", ray_address: RayAddress = None,
    merge: Merge = None, parquet: Parquet = None, batch_size: BatchSize = 16, max_failures: MaxFail = None,
    retry_failed: Retry = False, field: Field = None, progress: ShowProgress = None,  # type: ignore[assignment]
    top: Annotated[int, typer.Option("--top", help="candidates per derived text")] = 5,
    fmt: Annotated[str, typer.Option("--format", help="auto, text, html, json or feed")] = "auto",
) -> None:
    """Trace every derived text to its sources in an index (one TraceReport JSON line per record)."""
    from ..index import Index

    try:
        Index.open(index)  # a missing or corrupt index stops the job before it starts
    except InputError as e:
        fail(e)
    _run("trace", inputs, out, dict(index=str(Path(index).resolve()), top=top, fmt=fmt, fields=parse_fields(field)), locals())


def _run(step: str, inputs: list[str], out: Path, opts: dict, a: dict, fail_on_problems: bool = False) -> None:
    from ..run import Job, run_job
    from ..run.output import merge as merge_shards, to_parquet

    job = Job(step=step, inputs=inputs, out=out, opts=opts, executor=a["executor"], workers=a["workers"],
              batch_size=a["batch_size"], ray_address=a["ray_address"], max_failures=a["max_failures"],
              fail_on_problems=fail_on_problems, retry_failed=a["retry_failed"])
    if a["merge"] and job.executor != "ray":
        fail("--merge: only the ray executor writes shards; the local executor writes one file already")
    show = err.is_terminal if a["progress"] is None else a["progress"]
    bar = Progress(TextColumn(f"{step}"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                   console=err, disable=not show, transient=False)
    task = bar.add_task(step, total=None, rate="")

    def on_total(n: int | None) -> None:
        bar.update(task, total=n)

    def on_rows(n: int) -> None:
        bar.advance(task, n)
        t = bar.tasks[task]
        if t.total is not None and t.completed > t.total:
            bar.update(task, total=t.completed)
        speed = t.finished_speed or t.speed
        bar.update(task, rate=f"{speed:,.1f}/s" if speed else "")

    try:
        with bar:
            s = run_job(job, on_total if show else None, on_rows)
        if a["merge"]:
            n = merge_shards(out, a["merge"])
            _note(f"merged {n} rows into {a['merge']}")
        if a["parquet"]:
            n = to_parquet(a["merge"] or out, a["parquet"])
            _note(f"wrote {n} rows to {a['parquet']}")
    except InputError as e:
        fail(e)
        return
    except BrokenProcessPool:
        fail(f"a worker process died (out of memory, or killed); rerun the same command to resume from {out}", 1)
        return
    except OSError as e:
        fail(f"{e.filename or out}: {e.strerror or e}")
        return
    except KeyboardInterrupt:
        _note(f"interrupted; rerun the same command to resume from {out}")
        raise typer.Exit(130)
    _summary(s, job)
    raise typer.Exit(s.exit_code(fail_on_problems))


def _note(text: str) -> None:
    err.print(escape(text)) if err.is_terminal else print(text, file=sys.stderr)


def _summary(s, job) -> None:
    rate = s.done / s.seconds if s.seconds else 0.0
    skipped = s.skipped_done + s.skipped_failed + s.skipped_duplicate
    _note(f"{job.step}: done {s.done - s.n_failed}, failed {s.n_failed}, skipped {skipped} "
          f"in {s.seconds:.1f} s ({rate:,.1f} records/s, {job.workers} {job.executor} worker(s))")
    for code, n in sorted(s.failed.items()):
        _note(f"  failed {n} {code}: e.g. {s.examples.get(code, '')[:200]}")
    if skipped:
        _note(f"  skipped {s.skipped_done} already done, {s.skipped_failed} failed earlier "
              f"(--retry-failed redoes them), {s.skipped_duplicate} duplicate ids")
    if s.repaired:
        _note(f"  removed {s.repaired} torn, broken or duplicate lines from {job.out} before resuming")
    if job.step == "check" and s.problems:
        _note(f"  {s.problems} pairs with contradicted or unsupported sentences")
    if s.stopped:
        _note(f"  stopped after {s.n_failed} failures (--max-failures); rerun to go on")
    if s.rss_mb:
        peaks = sorted(s.rss_mb.values())
        _note(f"  peak RSS per worker: {', '.join(f'{m:,.0f} MB' for m in peaks)}")
