"""Output that survives a kill: JSONL written one whole line per record, fsync'd at intervals.

Each line goes out in one `os.write` on an O_APPEND descriptor, so after SIGKILL the file
holds whole lines plus at most one torn last line (the kernel keeps what was written; fsync
only guards against power loss). Opening an output for resume cuts a torn tail, drops lines
that are not whole JSON, and returns the ids already done, so a rerun writes each record
exactly once. A lock (flock) stops two jobs writing one output; the kernel drops it when a
process dies, however it dies.
"""
from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

_DEC = json.JSONDecoder()


@dataclass
class Done:
    """What an output already holds: id -> error code (None for a result)."""
    ids: dict[str, str | None] = field(default_factory=dict)
    problems: set[str] = field(default_factory=set)  # ids whose check found problems
    dropped: int = 0  # torn or broken lines removed
    duplicates: int = 0


def parse_line(line: bytes) -> tuple[str, str | None, bytes] | None:
    """(id, error code or None, the line) of one output line; None if it is not a whole row.
    Rows are written `{"id":...,` first, so the id is read without parsing a large result."""
    try:
        text = line.decode("utf-8")
        if text.startswith('{"id":"'):
            rid, end = _DEC.raw_decode(text, 6)
            if text.startswith(',"result":', end) and text.endswith("}"):
                return rid, None, line  # a line that ends in its newline was written whole
        row = json.loads(text)
        err = row.get("error")
        code = err.get("code", "error") if isinstance(err, dict) else None
        if not isinstance(row.get("id"), str) or (code is None and "result" not in row):
            return None
        return row["id"], code, line
    except (ValueError, UnicodeDecodeError, AttributeError, RecursionError):
        return None


def scan(path: Path, repair: bool = True, retry_failed: bool = False, want_problems: bool = False) -> Done:
    """The ids an output holds. With repair, rewrite it without torn/broken/duplicate lines
    (and without error rows when retry_failed): atomically, and only when something changes."""
    done = Done()
    if not path.exists():
        return done
    keep_all = True
    with open(path, "rb") as f:
        for raw in f:
            if not raw.endswith(b"\n"):  # torn last line
                done.dropped += 1
                keep_all = False
                break
            p = parse_line(raw.rstrip(b"\n"))
            if p is None:
                done.dropped += 1
                keep_all = False
                continue
            rid, code, _ = p
            if rid in done.ids:
                done.duplicates += 1
                keep_all = False
                continue
            if code is not None and retry_failed:
                keep_all = False
                continue
            done.ids[rid] = code
            if want_problems and code is None and _has_problems(raw):
                done.problems.add(rid)
    if repair and not keep_all:
        _rewrite(path, set(done.ids))
    return done


def _has_problems(raw: bytes) -> bool:
    counts = json.loads(raw).get("result", {}).get("counts", {})
    return bool(counts.get("contradicted") or counts.get("unsupported"))


def _rewrite(path: Path, keep: set[str]) -> None:
    tmp = path.with_name(path.name + ".repair")
    seen: set[str] = set()
    with open(path, "rb") as src, open(tmp, "wb") as dst:
        for raw in src:
            if not raw.endswith(b"\n"):
                break
            p = parse_line(raw.rstrip(b"\n"))
            if p and p[0] in keep and p[0] not in seen:
                seen.add(p[0])
                dst.write(raw)
        dst.flush()
        os.fsync(dst.fileno())
    os.replace(tmp, path)


class Writer:
    """Append rows to one JSONL file, fsync every `every` rows or `seconds`."""

    def __init__(self, path: Path, every: int = 256, seconds: float = 1.0):
        self.path = path
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self.every, self.seconds = every, seconds
        self.pending, self.last = 0, time.monotonic()

    def write(self, line: str) -> None:
        data = (line + "\n").encode("utf-8")
        view = memoryview(data)
        while view:  # os.write may write less than asked; finish the line
            view = view[os.write(self.fd, view):]
        self.pending += 1
        if self.pending >= self.every or time.monotonic() - self.last >= self.seconds:
            self.sync()

    def sync(self) -> None:
        if self.pending:
            os.fsync(self.fd)
        self.pending, self.last = 0, time.monotonic()

    def close(self) -> None:
        self.sync()
        os.close(self.fd)


def lock(path: Path):
    """An exclusive lock beside the output, held for the job's life."""
    lock_path = path / ".lock" if path.is_dir() else path.with_name(path.name + ".lock")
    fd = os.open(lock_path, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise InputError(str(path), "another batch job is writing this output") from None
    return fd


# --- shards (Ray) -------------------------------------------------------------------------

SHARD_GLOB = "part-*.jsonl"


def shards(folder: Path) -> list[Path]:
    return sorted(folder.glob(SHARD_GLOB))


def scan_shards(folder: Path, retry_failed: bool = False, want_problems: bool = False) -> Done:
    """The ids in every shard, each shard repaired; an id in two shards counts once (the
    first shard by name), and merge keeps only that one."""
    total = Done()
    for shard in shards(folder):
        d = scan(shard, repair=True, retry_failed=retry_failed, want_problems=want_problems)
        total.dropped += d.dropped
        total.duplicates += d.duplicates
        for rid, code in d.ids.items():
            if rid in total.ids:
                total.duplicates += 1
            else:
                total.ids[rid] = code
        total.problems |= d.problems
    return total


def iter_rows(source: Path) -> Iterator[tuple[str, str | None, bytes]]:
    """Whole rows of an output file, or of a shard folder (deduplicated, sorted by id so the
    merged file does not depend on how Ray scheduled the work). Memory: one small index
    entry per row; rows are read back one at a time."""
    if source.is_file():
        with open(source, "rb") as f:
            for raw in f:
                if raw.endswith(b"\n") and (p := parse_line(raw.rstrip(b"\n"))):
                    yield p
        return
    index: dict[str, tuple[int, int, int]] = {}
    files = shards(source)
    for k, shard in enumerate(files):
        with open(shard, "rb") as f:
            off = 0
            for raw in f:
                if raw.endswith(b"\n") and (p := parse_line(raw.rstrip(b"\n"))) and p[0] not in index:
                    index[p[0]] = (k, off, len(raw) - 1)
                off += len(raw)
    handles = [open(s, "rb") for s in files]
    try:
        for rid in sorted(index):
            k, off, n = index[rid]
            handles[k].seek(off)
            p = parse_line(handles[k].read(n))
            if p:
                yield p
    finally:
        for h in handles:
            h.close()


def merge(folder: Path, out: Path) -> int:
    """Shards into one JSONL file, written atomically. Returns the number of rows."""
    tmp = out.with_name(out.name + ".tmp")
    n = 0
    with open(tmp, "wb") as f:
        for _, _, line in iter_rows(folder):
            f.write(line + b"\n")
            n += 1
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, out)
    return n


def to_parquet(source: Path, out: Path, rows_per_group: int = 2000) -> int:
    """The finished output as Parquet: id, error_code, error_message, and the result as a
    JSON string (results nest deeply and differ per step; a string column keeps one schema)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(str(out), "--parquet needs pyarrow (pip install 'wellsourced[batch]')") from None
    schema = pa.schema([("id", pa.string()), ("error_code", pa.string()), ("error_message", pa.string()),
                        ("result", pa.string())])
    tmp = out.with_name(out.name + ".tmp")
    n = 0
    cols: dict[str, list] = {k: [] for k in schema.names}
    with pq.ParquetWriter(tmp, schema) as w:
        def flush() -> None:
            w.write_table(pa.table(cols, schema=schema))
            for v in cols.values():
                v.clear()

        for rid, code, line in iter_rows(source):
            row = json.loads(line)
            cols["id"].append(rid)
            cols["error_code"].append(code)
            cols["error_message"].append(row["error"].get("message") if code else None)
            cols["result"].append(json.dumps(row["result"], ensure_ascii=False) if code is None else None)
            n += 1
            if len(cols["id"]) >= rows_per_group:
                flush()
        if cols["id"] or n == 0:
            flush()
    os.replace(tmp, out)
    return n
