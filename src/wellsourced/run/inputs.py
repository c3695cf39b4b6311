"""The inputs of a batch job as units: one unit per record, each with a stable id.

A unit is a plain dict (it crosses process and Ray boundaries): `id`, `where` (names the
input in error messages and in `Article.input`) and one payload: `line` (a JSONL line),
`rec` (a parsed JSON record), `text` (a whole text or HTML file) or `error` (code, message)
for an input that is broken before any step sees it.

Ids: a record's own `id` (or `guid`), else a file's path as given, else the first 16 hex
digits of SHA-1 of the record's canonical JSON (or of the raw line when it is not JSON).
The same input gives the same id on every run and under every executor, which is what
resume and the Ray/local comparison rely on.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from ..read import expand, sniff  # noqa: F401  (expand: used by ray_data too)
from ..read.decode import MAX_BYTES, decode, read_bytes

JSONL_EXT = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
MAX_LINE = MAX_BYTES  # one record is one article or one pair: the per-input cap applies to a line


def is_jsonl(path: str) -> bool:
    return path.lower().endswith(JSONL_EXT)


def short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def record_id(rec: object, raw: str | None = None) -> str:
    if isinstance(rec, dict):
        for key in ("id", "guid"):
            v = rec.get(key)
            if isinstance(v, (str, int)) and not isinstance(v, bool) and str(v).strip():
                return str(v).strip()
    canon = json.dumps(rec, sort_keys=True, ensure_ascii=False) if raw is None else raw
    return short_hash(canon)


def line_unit(line: str, src: str) -> dict:
    """One JSONL line: parsed, with its id; a line that is not a JSON object is an error unit."""
    line = line.rstrip("\r\n")
    if len(line) > MAX_LINE:
        return {"id": short_hash(line[:4096]), "where": src, "error": ("too_large", f"{src}: record is over the {MAX_LINE // 2**20} MB limit")}
    try:
        rec = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as e:
        msg = getattr(e, "msg", "too deeply nested")
        return {"id": short_hash(line), "where": src, "error": ("bad_record", f"{src}: malformed JSON line ({msg}): {line[:60]!r}")}
    rid = record_id(rec, None)
    where = f"{src}#{rid}"
    if not isinstance(rec, dict):
        return {"id": rid, "where": where, "error": ("bad_record", f"{where}: expected a JSON object, got {type(rec).__name__}")}
    return {"id": rid, "where": where, "rec": rec}


def _lines(path: str) -> Iterator[str]:
    if path == "-":
        stream = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace", newline="")
    elif path.lower().endswith(".gz"):
        stream = io.TextIOWrapper(gzip.open(path), encoding="utf-8", errors="replace", newline="")
    else:
        stream = open(path, encoding="utf-8", errors="replace", newline="")
    with stream:
        for line in stream:
            if line.strip():
                yield line


def iter_units(inputs: list[str], step: str) -> Iterator[dict]:
    """Every unit of the inputs, in input order. Raises InputError only for a job that cannot
    start (a pattern matching nothing); a missing or broken file is an error unit."""
    for path in expand(inputs):
        where = "<stdin>" if path == "-" else path
        if is_jsonl(path):
            if not os.path.isfile(path):
                yield {"id": path, "where": path, "error": ("bad_input", f"{path}: no such file")}
                continue
            for line in _lines(path):
                yield line_unit(line, path)
            continue
        if path == "-":
            yield from _stdin_units(step)
            continue
        if "://" in path:
            yield {"id": path, "where": path, "error": ("bad_input", f"{path}: batch jobs read files, not URLs; "
                                                                   "for check, name URLs in source_url/derived_url")}
            continue
        try:
            if os.path.isdir(path):
                raise InputError(path, "directory with no files this job reads")
            text = decode(read_bytes(path), where)
        except InputError as e:
            yield {"id": path, "where": path, "error": ("bad_input", str(e))}
            continue
        yield from _text_units(text, path, step)


def _stdin_units(step: str) -> Iterator[dict]:
    """stdin is JSONL when its first line is a JSON object; otherwise one text."""
    head = sys.stdin.buffer.peek(1) if hasattr(sys.stdin.buffer, "peek") else b""
    if head.lstrip()[:1] == b"{" or step == "check":
        for line in _lines("-"):
            yield line_unit(line, "<stdin>")
        return
    try:
        text = decode(read_bytes("-"), "<stdin>")
    except InputError as e:
        yield {"id": "<stdin>", "where": "<stdin>", "error": ("bad_input", str(e))}
        return
    yield from _text_units(text, "<stdin>", step)


def _text_units(text: str, path: str, step: str) -> Iterator[dict]:
    kind = sniff(text, path)
    if kind == "json":
        yield from _json_doc_units(text, path)
    elif step == "check":
        yield {"id": path, "where": path,
               "error": ("bad_input", f"{path}: batch check takes JSON or JSONL pairs (id, source, derived), not {kind}")}
    elif kind == "feed":
        from ..read.feed import iter_feed

        for n, item in enumerate(iter_feed(text, path), start=1):
            if isinstance(item, InputError):
                yield {"id": f"{path}[{n}]", "where": path, "error": ("bad_input", str(item))}
            else:
                rid = item.id or item.url or f"{path}[{n}]"
                yield {"id": rid, "where": f"{path}#{rid}", "article": item.model_dump(mode="json")}
    else:
        yield {"id": path if path != "<stdin>" else short_hash(text), "where": path, "text": text}


WRAPPERS = ("articles", "items", "results", "data", "records", "entries", "docs", "documents", "stories", "posts", "pairs")


def _json_doc_units(text: str, path: str) -> Iterator[dict]:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        # JSONL in a file not named .jsonl
        for line in text.split("\n"):
            if line.strip():
                yield line_unit(line, path)
        return
    if isinstance(data, dict):
        for key in WRAPPERS:
            if isinstance(data.get(key), list):
                data = data[key]
                break
    for rec in data if isinstance(data, list) else [data]:
        yield line_unit(json.dumps(rec, ensure_ascii=False), path)


def count_units(inputs: list[str]) -> int | None:
    """How many units the inputs hold, for the progress bar (None: unknown, e.g. stdin)."""
    n = 0
    try:
        paths = expand(inputs)
    except InputError:
        return None
    for path in paths:
        if path == "-":
            return None
        if is_jsonl(path) and os.path.isfile(path) and not path.endswith(".gz"):
            with open(path, "rb") as f:
                n += sum(1 for line in f if line.strip())
        else:
            n += 1  # a JSON array or feed counts once here; the bar grows as it goes
    return n


def base_dir(where: str) -> Path:
    """Relative `source_path`/`derived_path` are relative to the file holding the record."""
    src = where.split("#", 1)[0]
    return Path.cwd() if src.startswith("<") else Path(src).resolve().parent
