"""JSON and JSONL records: one Article per record, field names configurable."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator

from ..errors import InputError
from ..limits import LIMITS
from ..model import Article
from .html import from_html, looks_html
from .text import from_text

# our field -> names tried in order (first present wins); override with fields={"text": "content"}
DEFAULT_FIELDS: dict[str, list[str]] = {
    "title": ["title", "headline"],
    "text": ["text", "body", "content", "article", "articleBody", "source", "html"],
    "url": ["url", "link"],
    "byline": ["byline", "author", "authors"],
    "published": ["published", "date", "datePublished", "pubDate"],
    "modified": ["modified", "dateModified", "updated"],
    "outlet": ["outlet", "site", "sitename", "publisher"],
    "id": ["id", "guid"],
}


def _pick(rec: dict, names: list[str]):
    for n in names:
        v = rec.get(n)
        if v not in (None, "", []):
            return v
    return None


def from_record(rec: object, where: str, fields: dict[str, str] | None = None) -> Article:
    if not isinstance(rec, dict):
        raise InputError(where, f"expected a JSON object, got {type(rec).__name__}")
    names = {k: ([fields[k]] if fields and k in fields else v) for k, v in DEFAULT_FIELDS.items()}
    body = _pick(rec, names["text"])
    if not isinstance(body, str) or not body.strip():
        raise InputError(where, f"no text field (tried {', '.join(names['text'])})")
    meta = {k: _pick(rec, names[k]) for k in ("title", "url", "byline", "published", "modified", "outlet", "id")}
    meta = {k: _flat(v) for k, v in meta.items() if v is not None}
    if looks_html(body):
        return from_html(body, where, **meta)
    return from_text(body, where, **meta)


def _flat(v: object) -> str:
    """Lists join with ", "; author objects ({"name": ...}) give their name."""
    if isinstance(v, dict):
        return str(v.get("name") or "")
    if isinstance(v, list):
        return ", ".join(_flat(x) for x in v if x not in (None, ""))
    return str(v)


def iter_json(text: str, where: str, fields: dict[str, str] | None = None) -> Iterator[Article | InputError]:
    """A JSON document (object, array of objects, or an object wrapping such an array under
    "articles", "items", ...) or JSONL. Bad lines are yielded as errors so the other records
    still go through."""
    try:
        data = loads(text, where)
    except json.JSONDecodeError as e:
        whole_error = e
        data = None
    except InputError as e:
        yield e
        return
    else:
        yield from _iter_doc(data, where, fields)
        return
    lines = text.split("\n")
    if len([ln for ln in lines if ln.strip()]) > 1 and not text.lstrip().startswith("["):
        if _jsonl(lines):
            for n, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                w = f"{where}:{n}"
                try:
                    rec = loads(line, w)
                except json.JSONDecodeError as e:
                    yield InputError(w, f"malformed JSON line ({_msg(e)} at column {e.colno})")
                    continue
                except InputError as e:
                    yield e
                    continue
                yield _safe(lambda: from_record(rec, w, fields))
            return
    e = whole_error
    yield InputError(where, f"invalid JSON at line {e.lineno}, column {e.colno}: {_msg(e)}")


def loads(text: str, where: str) -> object:
    """json.loads within the nesting limit. The parser recurses once per level: 100k nested
    brackets raise RecursionError (or worse, near the C stack), so deep documents are refused
    before parsing, by a scan that costs one pass over the brackets."""
    limit = LIMITS.max_depth
    if _depth(text, limit) > limit:
        raise InputError(where, f"JSON nested deeper than {limit} levels (--max-depth)")
    try:
        return json.loads(text)
    except RecursionError:
        raise InputError(where, f"JSON nested too deeply to parse (limit {limit} levels)") from None


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(r"[\[\]{}]+")


def _depth(text: str, limit: int) -> int:
    """Largest bracket nesting outside strings, counted up to just past `limit`. Only runs of
    brackets are visited, so ordinary documents cost one regex pass."""
    if text.count("[") + text.count("{") <= limit:
        return 0
    depth = best = 0
    for run in _BRACKETS.findall(_STRING.sub('""', text)):
        for c in run:
            depth += 1 if c in "[{" else -1
            if depth > best:
                best = depth
                if best > limit:
                    return best
    return best


def _jsonl(lines: list[str]) -> bool:
    """JSON lines, not one broken pretty-printed document: the first line is a whole record."""
    first = next(ln for ln in lines if ln.strip())
    try:
        return isinstance(json.loads(first), dict)
    except RecursionError:
        return False
    except json.JSONDecodeError:
        # the first record itself may be the broken one: then most lines must look like records
        rest = [ln.strip() for ln in lines if ln.strip()]
        return sum(ln.startswith("{") and ln.endswith("}") for ln in rest) >= max(1, len(rest) // 2)


WRAPPERS = ("articles", "items", "results", "data", "records", "entries", "docs", "documents", "stories", "posts")


def _iter_doc(data: object, where: str, fields: dict[str, str] | None) -> Iterator[Article | InputError]:
    text_names = [fields["text"]] if fields and "text" in fields else DEFAULT_FIELDS["text"]
    if isinstance(data, dict) and _pick(data, text_names) is None:
        for key in WRAPPERS:
            if isinstance(data.get(key), list):
                data = data[key]
                where = f"{where}:{key}"
                break
    if isinstance(data, list):
        if not data:
            yield InputError(where, "empty JSON array")
        for i, rec in enumerate(data, start=1):
            yield _safe(lambda: from_record(rec, f"{where}[{i}]", fields))
        return
    yield _safe(lambda: from_record(data, where, fields))


def _msg(e: json.JSONDecodeError) -> str:
    return re.sub(r"\s+at$", "", e.msg)  # "Unterminated string starting at" + " at column 5"


def _safe(f) -> Article | InputError:
    try:
        return f()
    except InputError as e:
        return e
