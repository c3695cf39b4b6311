"""The audit trail every report carries: tool version, engine, model file checksums, input
hashes and the time. Front ends (CLI, HTTP) stamp it; the job functions stay deterministic.

The time is the one field that differs between two runs on the same input. Set
SOURCE_DATE_EPOCH (seconds since 1970, the reproducible-builds convention) to fix it, so
byte-identical comparisons of whole reports still work.
"""
from __future__ import annotations

import hashlib
import os
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..model import Article, Audit, CheckReport, Digest


def now() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    t = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch.isdigit() else datetime.now(timezone.utc)
    return t.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def text_hash(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=32)
def _file_hash(path: str, size: int, mtime_ns: int) -> str:  # size/mtime key the cache: a changed file is re-read
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return "sha256:" + h.hexdigest()


def file_hash(path: str | Path) -> str:
    st = os.stat(path)
    return _file_hash(str(path), st.st_size, st.st_mtime_ns)


def model_files(engine: str, model: str | None = None, llm_model: str | None = None) -> dict[str, str]:
    """Checksums of the files that decide the engine's answers. Unknown or unreadable files are
    named with the reason instead of a hash: an audit never fails the job it describes."""
    files: list[Path] = []
    out: dict[str, str] = {}
    if engine in ("default", "lexical"):
        from ..check.engines.default import LEXICAL_MODEL, MODEL

        files.append(Path(model) if model else (MODEL if engine == "default" else LEXICAL_MODEL))
        if engine == "default":
            from ..check.engines.default import load, needs_claim_model, needs_embeddings

            try:
                m = load(str(files[0]))
            except Exception:  # noqa: BLE001 - named unreadable below
                m = {"features": []}
            if needs_embeddings(m):
                try:
                    from ..check.embed import _files

                    files.extend(_files())
                except Exception as e:  # embeddings missing: the engine falls back and says so itself
                    out["embeddings"] = f"unavailable ({str(e)[:80]})"
            if needs_claim_model(m):
                files.extend(_claim_model_files(out))
    elif engine == "consistency":
        files.extend(_claim_model_files(out))
    elif engine == "nli" and model:
        p = Path(model)
        files.extend(sorted(f for f in p.iterdir() if f.is_file()) if p.is_dir() else [p])
    elif engine in ("llm", "extractive") or engine.startswith("llm"):
        if llm_model:
            out["llm"] = llm_model  # a remote model has no file we can hash: its name is what we know
    for f in files:
        try:
            out[f.name] = file_hash(f)
        except OSError as e:
            out[f.name] = f"unreadable ({e.strerror})"
    return out


def _claim_model_files(out: dict[str, str]) -> list[Path]:
    from ..check import claimmodel

    onnx, meta = claimmodel.model_files()
    try:
        return [onnx, meta, claimmodel.tokenizer_path()]
    except claimmodel.ClaimModelUnavailable as e:
        out["claim model"] = f"unavailable ({str(e)[:80]})"
        return [onnx, meta]


def make(engine: str, inputs: dict[str, Article], model: str | None = None, llm_model: str | None = None) -> Audit:
    return Audit(version=__version__, engine=engine, models=model_files(engine, model, llm_model),
                 inputs={k: text_hash(a.body) for k, a in inputs.items()}, time=now())


def stamp(report: CheckReport | Digest, model: str | None = None, llm_model: str | None = None) -> CheckReport | Digest:
    """Attach the audit block to a check report or a digest (in place) and return it."""
    if isinstance(report, CheckReport):
        srcs = report.sources
        inputs = {"source" if len(srcs) == 1 else f"source {k}": a for k, a in enumerate(srcs, 1)}
        inputs["derived"] = report.derived
    else:
        inputs = {"source": report.source}
    report.audit = make(report.engine, inputs, model, llm_model)
    return report
