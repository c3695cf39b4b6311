"""The `read` job: raw input (text, HTML, JSON/JSONL, stdin, directories) -> Article.

read_article() gives one Article; iter_articles() streams many, yielding InputError items
for bad records so one broken line does not stop a batch.
"""
from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError, LanguageNotSupported
from ..model import Article
from ..nlp import english_verdict
from .decode import decode, read_bytes
from .feed import iter_feed, looks_feed
from .fetch import fetch as fetch_url
from .fetch import is_url
from .html import from_html, looks_html
from .records import iter_json
from .text import from_text

FORMATS = ("auto", "text", "html", "json", "feed")
TEXT_EXT = {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".json", ".jsonl", ".ndjson", ".gz", ".rss", ".atom", ".xml"}


def sniff(text: str, name: str) -> str:
    ext = Path(name.removesuffix(".gz")).suffix.lower()
    if ext in (".rss", ".atom") or looks_feed(text):
        return "feed"
    if ext in (".html", ".htm", ".xhtml"):
        return "html"
    if ext in (".json", ".jsonl", ".ndjson"):
        return "json"
    head = text.lstrip()[:1]
    if head in ("{", "[") and ext not in (".txt", ".md"):
        return "json"
    if looks_html(text):
        return "html"
    return "text"


def iter_text(
    text: str, where: str, fmt: str = "auto", fields: dict[str, str] | None = None, annotate: bool = False, **meta
) -> Iterator[Article | InputError]:
    fmt = sniff(text, where) if fmt == "auto" else fmt
    if fmt == "json":
        items = iter_json(text, where, fields)
    elif fmt == "feed":
        items = iter_feed(text, where)
    else:
        try:
            art = from_html(text, where, **meta) if fmt == "html" else from_text(text, where, **meta)
            items = iter([art])
        except InputError as e:
            items = iter([e])
    for item in items:
        if isinstance(item, Article):
            item = _language(item)
            if isinstance(item, Article) and annotate:
                from ..facts.annotate import annotate as _annotate

                _annotate(item)
        yield item


def _language(art: Article) -> Article | InputError:
    """The whole text (title and body) is judged at once, never line by line."""
    found = english_verdict(((art.title or "") + "\n" + art.body)[:20_000])
    if found is not None:
        art.language = "unknown"
        return LanguageNotSupported(
            art.input or "input", f"language not supported: the text looks {found}; wellsourced reads English news"
        )
    return art


def expand(paths: list[str]) -> list[str]:
    """Files named, directories (their files, sorted), and glob patterns."""
    out: list[str] = []
    for p in paths:
        if p == "-" or is_url(p):
            out.append(p)
        elif os.path.isdir(p):
            files = sorted(str(f) for f in Path(p).rglob("*") if f.is_file() and not f.name.startswith("."))
            texts = [f for f in files if Path(f.removesuffix(".gz")).suffix.lower() in TEXT_EXT or not Path(f).suffix]
            out.extend(texts)
            if not texts:
                out.append(p)  # reported below: no files, or none we read
        elif any(c in p for c in "*?[") and not os.path.exists(p):
            found = sorted(glob.glob(p, recursive=True))
            if not found:
                raise InputError(p, "pattern matches no files")
            out.extend(found)
        else:
            out.append(p)
    return out


def _empty_dir(path: str) -> str:
    others = [f for f in Path(path).rglob("*") if f.is_file() and not f.name.startswith(".")]
    if not others:
        return "directory with no files"
    exts = ", ".join(sorted({f.suffix.lower() or f.name for f in others})[:5])
    return f"directory with no text, HTML or JSON files ({len(others)} other: {exts})"


def iter_articles(
    paths: list[str] | str, fmt: str = "auto", fields: dict[str, str] | None = None, annotate: bool = False,
    fetch: bool = False,
) -> Iterator[Article | InputError]:
    """Every article in the inputs, in order; bad inputs come through as InputError items.
    `fetch`: inputs that are http(s) URLs are downloaded (read/fetch.py limits); off by default
    so that nothing built on this function opens URLs it was handed unless it says so."""
    if isinstance(paths, str):
        paths = [paths]
    for path in expand(paths):
        where = "<stdin>" if path == "-" else path
        meta = {}
        try:
            if is_url(path):
                if not fetch:
                    raise InputError(path, "is a URL and fetching is off (--offline); save the page and pass the file")
                data, final = fetch_url(path)
                meta["url"] = final
            elif os.path.isdir(path):
                raise InputError(path, _empty_dir(path))
            else:
                data = read_bytes(path)
            text = decode(data, where)
        except InputError as e:
            yield e
            continue
        yield from iter_text(text, where, fmt, fields, annotate, **meta)


def read_article(
    path: str, fmt: str = "auto", fields: dict[str, str] | None = None, annotate: bool = True, fetch: bool = False
) -> Article:
    """Exactly one article from one input; raises InputError otherwise."""
    if os.path.isdir(path):
        raise InputError(path, "is a directory; this command takes one article (a file or -)")
    return _only(iter_articles([path], fmt, fields, annotate, fetch), path, "this command takes one")


def read_string(text: str, fmt: str = "auto", where: str = "<text>", annotate: bool = True, **meta) -> Article:
    """One article from a string (Python API, HTTP API)."""
    if not text.strip():
        raise InputError(where, "empty input")
    return _only(iter_text(text, where, fmt, None, annotate, **meta), where, "expected one")


def _only(stream, where: str, expected: str) -> Article:
    """The one article of a stream; its first error, or a count that is not one, raised."""
    items = list(stream)
    for it in items:
        if isinstance(it, InputError):
            raise it
    if len(items) != 1:
        raise InputError(where, f"holds {len(items)} articles; {expected}")
    return items[0]  # type: ignore[return-value]
