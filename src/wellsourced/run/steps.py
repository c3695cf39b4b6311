"""Steps: plain functions over a batch of units, each giving one output row per unit.

A row is `(id, status, message, line)`: `line` is the JSON line written to the output,
`{"id": ID, "result": {...}}` or `{"id": ID, "error": {"code": ..., "message": ...}}`;
`status` is "ok", "problems" (check: a contradicted or unsupported sentence) or the error
code. Results are the same JSON as the single-item commands print (`model_dump_json`).

Models load once per process: spaCy and the embedding encoder are process-wide caches,
which `warm()` fills when a worker starts, so the first batch does not pay for them.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache

from ..errors import InputError, LanguageNotSupported
from .inputs import base_dir

Row = tuple[str, str, str | None, str]


class FetchUnavailable(InputError):
    pass


def ok_row(rid: str, result_json: str, status: str = "ok") -> Row:
    return rid, status, None, '{"id":' + json.dumps(rid, ensure_ascii=False) + ',"result":' + result_json + "}"


def error_row(rid: str, code: str, message: str) -> Row:
    line = json.dumps({"id": rid, "error": {"code": code, "message": message}}, ensure_ascii=False,
                      separators=(",", ":"))
    return rid, code, message, line


def _guard(unit: dict, fn: Callable[[dict], Row]) -> Row:
    """Run one unit; whatever goes wrong becomes this unit's error row, never the batch's."""
    rid = unit["id"]
    if "error" in unit:
        return error_row(rid, *unit["error"])
    try:
        return fn(unit)
    except FetchUnavailable as e:
        return error_row(rid, "fetch_unavailable", str(e))
    except LanguageNotSupported as e:
        return error_row(rid, "unsupported_language", str(e))
    except InputError as e:
        return error_row(rid, "bad_input", str(e))
    except RecursionError:
        return error_row(rid, "bad_input", f"{unit.get('where', rid)}: input nested too deeply")
    except MemoryError:
        return error_row(rid, "too_large", f"{unit.get('where', rid)}: out of memory on this record")
    except Exception as e:  # noqa: BLE001 - a bug must not stop a million-record job; it is reported per record
        return error_row(rid, "internal", f"{unit.get('where', rid)}: {type(e).__name__}: {str(e)[:300]}")


def _article(unit: dict, fmt: str = "auto", fields: dict | None = None, annotate: bool = False):
    """The one Article a read/digest unit holds."""
    from ..model import Article
    from ..read import iter_text

    if "article" in unit:  # a feed item, parsed when the feed was listed
        art = Article.model_validate(unit["article"])
        if annotate:
            from ..facts.annotate import annotate as _annotate

            _annotate(art)
        return art
    if "rec" in unit:
        text, fmt = json.dumps(unit["rec"], ensure_ascii=False), "json"
    else:
        text = unit["text"]
    items = list(iter_text(text, unit["where"], fmt, fields, annotate))
    for it in items:
        if isinstance(it, InputError):
            raise it
    if len(items) != 1:
        raise InputError(unit["where"], f"holds {len(items)} articles; expected one")
    return items[0]


# --- read --------------------------------------------------------------------------------

def read_batch(units: list[dict], fmt: str = "auto", fields: dict | None = None, facts: bool = True) -> list[Row]:
    arts: dict[int, object] = {}
    rows: list[Row | None] = [None] * len(units)

    def parse(k: int, u: dict) -> Row | None:
        arts[k] = _article(u, fmt, fields)
        return None

    for k, u in enumerate(units):
        rows[k] = _guard(u, lambda u, k=k: parse(k, u))  # type: ignore[arg-type]
    if facts and arts:
        try:  # NER for the whole batch at once: spaCy is faster on batches
            from ..facts.annotate import annotate_many

            list(annotate_many([a for a in arts.values() if not a.annotated]))
        except Exception:  # noqa: BLE001 - one by one, so one bad article fails alone
            for k in list(arts):
                rows[k] = _guard(units[k], lambda u, a=arts[k]: _annotate_one(a))  # type: ignore[arg-type]
                if rows[k] is not None:
                    del arts[k]
    for k, a in arts.items():
        rows[k] = ok_row(units[k]["id"], a.model_dump_json())
    return rows  # type: ignore[return-value]


def _annotate_one(a) -> None:
    from ..facts.annotate import annotate

    if not a.annotated:
        annotate(a)


# --- digest ------------------------------------------------------------------------------

def digest_batch(units: list[dict], words: int = 60, sentences: int | None = None, ratio: float | None = None,
                 fmt: str = "auto", fields: dict | None = None) -> list[Row]:
    from ..digest import digest

    def one(u: dict) -> Row:
        # Extractive digests need no NER (as `wellsourced digest`).
        d = digest(_article(u, fmt, fields), words=words, sentences=sentences, ratio=ratio)
        return ok_row(u["id"], d.model_dump_json())

    return [_guard(u, one) for u in units]


# --- check -------------------------------------------------------------------------------

SIDES = ("source", "derived")


def check_batch(units: list[dict], engine: str = "default", fields: dict | None = None, model: str | None = None,
                fetch: bool = True) -> list[Row]:
    from ..check import check
    from ..check.engines import get_engine

    opts = {"model": model} if model else {}
    eng = get_engine(engine, **opts)  # once per batch; its model files are cached per process

    def one(u: dict) -> Row:
        if "rec" not in u:
            raise InputError(u["where"], "batch check takes JSON records with source and derived")
        src, der = (_side(u, side, fields or {}, fetch) for side in SIDES)
        report = check(src, der, eng)
        status = "problems" if report.problems else "ok"
        return ok_row(u["id"], report.model_dump_json(), status)

    return [_guard(u, one) for u in units]


def _side(u: dict, side: str, fields: dict, fetch: bool):
    """One side of a pair: its text, or the file or URL it names (exactly one of them). The
    source side may be a list (several sources: each claim's evidence names its article)."""
    rec, where = u["rec"], f"{u['where']}:{side}"
    text_key = fields.get(side, side)
    given = {k: rec.get(k) for k in (text_key, f"{side}_path", f"{side}_url") if rec.get(k) not in (None, "", [])}
    if len(given) != 1:
        what = "none" if not given else " and ".join(given)
        raise InputError(where, f"give exactly one of {text_key}, {side}_path, {side}_url (got {what})")
    key, value = next(iter(given.items()))
    if side == "source" and isinstance(value, list):
        return [_one(u, key, v, f"{where}[{k}]", text_key, fetch) for k, v in enumerate(value, start=1)]
    return _one(u, key, value, where, text_key, fetch)


def _one(u: dict, key: str, value: object, where: str, text_key: str, fetch: bool):
    from ..read import read_article, read_string

    if not isinstance(value, str):
        raise InputError(where, f"{key} must be a string, got {type(value).__name__}")
    if key == text_key:
        return read_string(value, where=where, annotate=False)
    if key.endswith("_path"):
        return read_article(str(base_dir(u["where"]) / value), annotate=False)
    return _fetch(value, where, fetch)


def _fetch(url: str, where: str, fetch: bool):
    """A URL named by the record: downloaded with read/fetch.py's limits (bytes, deadline,
    redirects), unless the job runs with --offline."""
    from ..read import read_article

    if not fetch:
        raise FetchUnavailable(where, f"{url[:200]} is a URL and fetching is off (--offline); "
                                      "give the text, or a _path to a saved copy")
    return read_article(url, annotate=False, fetch=True)


# --- trace -------------------------------------------------------------------------------

@lru_cache(maxsize=2)
def _index(path: str):
    from ..index import Index

    return Index.open(path)  # once per worker: memory maps, shared by every record


def trace_batch(units: list[dict], index: str = "", top: int = 5, fmt: str = "auto", fields: dict | None = None) -> list[Row]:
    from ..trace import trace

    idx = _index(index)

    def one(u: dict) -> Row:
        report = trace(_article(u, fmt, fields), idx, top=top)
        return ok_row(u["id"], report.model_dump_json())

    return [_guard(u, one) for u in units]


# --- index (the map half of `index build --workers N | --executor ray`) ---------------------

def index_batch(units: list[dict], fmt: str = "auto", fields: dict | None = None, embed: bool = False) -> list[Row]:
    """Articles -> what the index keeps of each (index/batch.py doc_of), one JSON row each; the
    builder reads the rows back and assembles the index (index/assemble.py). `embed`: rows
    also carry the article's vectors (index/vectors.py), so a cluster shares the encoder work;
    without the encoder here they are left out and the builder computes them."""
    from ..index.batch import doc_of, row_of

    recs: dict[str, dict] = {}

    def one(u: dict) -> Row:
        recs[u["id"]] = row_of(doc_of(_article(u, fmt, fields)))
        return ok_row(u["id"], "null")

    rows = [_guard(u, one) for u in units]
    if embed and recs:
        from ..index import vectors

        try:
            vecs = vectors.embed_articles([vectors.doc_texts(r["meta"].get("title"), [s[1] for s in r["sentences"]])
                                           for r in recs.values()])
        except Exception:  # noqa: BLE001 - no encoder on this worker (or it failed): the builder
            vecs = None  # embeds these articles itself, and reports it if it fails there too
        if vecs is not None:
            for r, v in zip(recs.values(), vecs):
                r["emb"] = vectors.to_text(v)
    return [ok_row(r[0], json.dumps(recs[r[0]], ensure_ascii=False, separators=(",", ":"))) if r[0] in recs else r
            for r in rows]


STEPS: dict[str, Callable[..., list[Row]]] = {"read": read_batch, "digest": digest_batch, "check": check_batch,
                                              "trace": trace_batch, "index": index_batch}


def run_step(step: str, units: list[dict], opts: dict) -> list[Row]:
    return STEPS[step](units, **opts)


def warm(step: str, opts: dict) -> None:
    """Load what a step needs once per process, before the first batch."""
    if step == "read" and opts.get("facts", True) or step == "check":
        from ..nlp import ner

        ner()
    if step == "trace":
        _index(opts["index"])
    if step == "index" and opts.get("embed"):
        from ..index import vectors

        vectors.available()  # loads the encoder where it is installed; rows go without vectors where not
    if step == "check":
        from ..check.engines import get_engine
        from ..nlp import lemmatizer

        lemmatizer()  # the tags and lemmas the rules use (nlp.tagged)
        eng = get_engine(opts.get("engine", "default"), **({"model": opts["model"]} if opts.get("model") else {}))
        del eng
