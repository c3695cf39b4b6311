"""The index on disk: generations under one directory, switched atomically.

    DIR/CURRENT        the name of the live generation ("gen-000003"), replaced atomically
    DIR/gen-000003/    meta.json (format, counts, file sizes), docs.jsonl + docs_off.npy,
                       vocab.json, dups.json, and the arrays of `assemble.Built` as .npy
    DIR/.lock          held by a writer (one at a time)

A build writes a new generation into a temporary directory, fsyncs it, renames it into
place and only then points CURRENT at it, so a crash leaves the previous generation live
and a reader never sees a half-written one. The previous generation is kept (a reader that
opened it keeps working); older ones are removed.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from contextlib import contextmanager

import numpy as np

from ..errors import InputError
from .assemble import Built, Collector
from .batch import record_of

FORMAT = 1
ARRAYS = ("tokens", "sent_ptr", "doc_sent", "indptr", "indices", "data", "cos", "idf", "docs_off",
          "lead_indptr", "lead_indices", "lead_data")


def _fsync_dir(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write(path: str, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


@contextmanager
def writer_lock(root: str):
    import fcntl

    if os.path.exists(root) and not os.path.isdir(root):
        raise InputError(root, "exists and is not a directory")
    if os.path.isdir(root) and os.listdir(root) and not os.path.exists(os.path.join(root, "CURRENT")):
        # ".lock" alone is what a first build that read no articles leaves behind: still ours.
        if not any(n.startswith(("gen-", ".build-", ".parts", ".lock")) for n in os.listdir(root)):
            raise InputError(root, "is a directory that is not an index; choose a new or empty one")
    try:
        os.makedirs(root, exist_ok=True)
        fd = os.open(os.path.join(root, ".lock"), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        raise InputError(root, f"cannot write the index: {e.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(root, "another process is writing this index; try again when it is done") from None
        yield
    finally:
        os.close(fd)


def write(source: Built | Collector, root: str, info: dict, extra: Callable[[str], None] | None = None) -> str:
    """Write the next generation of the index at `root`: a Built (in memory), or a Collector,
    which finishes straight into the new generation's files. `extra(dir)` adds files to the
    generation before it is published (vectors.write: the embeddings). Returns its name.
    The caller holds writer_lock(root)."""
    gens = generations(root)
    name = f"gen-{(int(gens[-1][4:]) + 1 if gens else 1):06d}"
    tmp = tempfile.mkdtemp(prefix=".build-", dir=root)
    try:
        built = source.finish(tmp) if isinstance(source, Collector) else source
        offs = built.docs_off
        if offs is None:
            lines, offs, pos = [], [0], 0
            for d in built.docs:
                line = (json.dumps(record_of(d), ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
                lines.append(line)
                pos += len(line)
                offs.append(pos)
            _write(os.path.join(tmp, "docs.jsonl"), b"".join(lines))
        arrays = {
            "tokens": built.tokens, "sent_ptr": built.sent_ptr, "doc_sent": built.doc_sent, "indptr": built.indptr,
            "indices": built.indices, "data": built.data, "cos": built.cos, "lead_indptr": built.lead[0],
            "lead_indices": built.lead[1], "lead_data": built.lead[2], "idf": built.idf, "docs_off": np.asarray(offs, dtype=np.int64),
        }
        for k, a in arrays.items():
            path = os.path.join(tmp, k + ".npy")
            if os.path.exists(path):  # written in place by the Collector (and fsynced)
                continue
            with open(path, "wb") as f:
                np.save(f, np.ascontiguousarray(a))
                f.flush()
                os.fsync(f.fileno())
        _write(os.path.join(tmp, "vocab.json"), json.dumps(built.vocab, ensure_ascii=False).encode("utf-8"))
        _write(os.path.join(tmp, "dups.json"), json.dumps(built.dups, ensure_ascii=False, indent=0).encode("utf-8"))
        if extra:
            extra(tmp)
        files = {n: os.path.getsize(os.path.join(tmp, n)) for n in sorted(os.listdir(tmp))}
        meta = {"format": FORMAT, "docs": len(built.docs), "terms": len(built.vocab), "sentences": len(built.sent_ptr) - 1,
                "avgdl": built.avgdl, "duplicates": len(built.dups), "files": files, **info}
        _write(os.path.join(tmp, "meta.json"), json.dumps(meta, indent=1, sort_keys=True).encode("utf-8"))
        _fsync_dir(tmp)
        os.rename(tmp, os.path.join(root, name))
        _write(os.path.join(root, "CURRENT.tmp"), name.encode())
        os.replace(os.path.join(root, "CURRENT.tmp"), os.path.join(root, "CURRENT"))
        _fsync_dir(root)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    for old in generations(root)[:-2]:  # keep the live one and the one before it
        shutil.rmtree(os.path.join(root, old), ignore_errors=True)
    for n in os.listdir(root):  # leftovers of crashed builds (we hold the lock, so none is running)
        if n.startswith(".build-") and os.path.join(root, n) != tmp:
            shutil.rmtree(os.path.join(root, n), ignore_errors=True)
    return name


def generations(root: str) -> list[str]:
    if not os.path.isdir(root):
        return []
    return sorted(n for n in os.listdir(root) if n.startswith("gen-") and n[4:].isdigit())


def live(root: str) -> str:
    """The directory of the live generation; InputError when there is no readable index."""
    if not os.path.exists(root):
        raise InputError(root, "no index here (build one with `wellsourced index build INPUT --index DIR`)")
    if not os.path.isdir(root):
        raise InputError(root, "is not an index directory")
    try:
        with open(os.path.join(root, "CURRENT"), encoding="utf-8") as f:
            name = f.read().strip()
    except FileNotFoundError:
        raise InputError(root, "not an index (no CURRENT file)") from None
    except (OSError, UnicodeDecodeError):
        raise InputError(root, "corrupt index: CURRENT is unreadable") from None
    if not name.startswith("gen-") or "/" in name or not os.path.isdir(os.path.join(root, name)):
        raise InputError(root, f"corrupt index: CURRENT names a missing generation ({name[:40]!r})")
    return os.path.join(root, name)


def load(gen: str, where: str) -> tuple[dict, dict[str, np.ndarray], list[str], list[dict]]:
    """meta, arrays (memory-mapped), vocab and duplicates of one generation, all checked."""
    try:
        with open(os.path.join(gen, "meta.json"), encoding="utf-8") as f:
            meta = json.load(f)
        fmt = meta["format"]
        if not isinstance(fmt, int):
            raise ValueError
    except FileNotFoundError:
        raise InputError(where, "corrupt index: meta.json is missing") from None
    except (OSError, ValueError, KeyError, TypeError):
        raise InputError(where, "corrupt index: meta.json is unreadable") from None
    if fmt > FORMAT:
        raise InputError(where, f"index format {fmt} is newer than this wellsourced reads ({FORMAT}); upgrade wellsourced")
    if fmt < 1:
        raise InputError(where, f"corrupt index: unknown format {fmt}")
    for name, size in meta.get("files", {}).items():
        p = os.path.join(gen, name)
        if not os.path.exists(p) or os.path.getsize(p) != size:
            raise InputError(where, f"corrupt index: {name} is missing or has the wrong size")
    try:
        # Plain read-only views of the memory maps (the map stays open through .base): a query
        # takes ~180 slices, and slicing a np.memmap costs 10x a plain array's.
        arrays = {k: np.asarray(np.load(os.path.join(gen, k + ".npy"), mmap_mode="r")) for k in ARRAYS}
        with open(os.path.join(gen, "vocab.json"), encoding="utf-8") as f:
            vocab = json.load(f)
        with open(os.path.join(gen, "dups.json"), encoding="utf-8") as f:
            dups = json.load(f)
    except (OSError, ValueError):
        raise InputError(where, "corrupt index: an array or list cannot be read") from None
    n, v = meta["docs"], meta["terms"]
    ok = (len(arrays["docs_off"]) == n + 1 and len(arrays["doc_sent"]) == n + 1 and len(arrays["indptr"]) == v + 1
          and len(vocab) == v and len(arrays["idf"]) == v and len(arrays["indices"]) == len(arrays["data"])
          and len(arrays["cos"]) == len(arrays["data"]) and len(arrays["lead_indptr"]) == v + 1
          and len(arrays["lead_indices"]) == len(arrays["lead_data"])
          and len(arrays["sent_ptr"]) == meta["sentences"] + 1)
    if not ok:
        raise InputError(where, "corrupt index: array sizes disagree")
    return meta, arrays, vocab, dups
