"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: one Article per item.

Parsed with lxml (already installed with trafilatura) rather than feedparser: no extra
dependency, and the parser is locked down (no entities, no network, no huge trees), since
feeds come from anywhere. The item body is content:encoded / Atom content when present,
else the description / summary; HTML bodies go through the HTML reader.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import InputError
from ..model import Article

FEEDISH = re.compile(r"<(rss|feed|rdf:RDF)\b[^>]*>", re.I)


def looks_feed(text: str) -> bool:
    head = text.lstrip()[:4000]
    return bool(FEEDISH.search(head)) and (head.startswith("<?xml") or head.startswith(("<rss", "<feed", "<rdf")))


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child(el, *names: str):
    for c in el:
        if _local(c.tag) in names:
            return c
    return None


def _text(el) -> str | None:
    if el is None:
        return None
    s = "".join(el.itertext()).strip()
    return s or None


def _inner(el) -> str | None:
    """Element content as markup: Atom type="xhtml" content holds elements, not text."""
    if el is None:
        return None
    if len(el) and el.get("type") == "xhtml":
        from lxml import etree

        return "".join(etree.tostring(c, encoding="unicode") for c in el)
    return _text(el)


def iter_feed(text: str, where: str) -> Iterator[Article | InputError]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    try:
        root = etree.fromstring(text.lstrip().encode("utf-8"), parser)
    except (etree.XMLSyntaxError, ValueError) as e:
        yield InputError(where, f"cannot parse feed ({e})")
        return
    if root is None:
        yield InputError(where, "cannot parse feed")
        return
    kind = _local(root.tag)
    if kind == "feed":  # Atom
        channel, items = root, [e for e in root if _local(e.tag) == "entry"]
    else:  # RSS 2.0 (<rss><channel><item>) or RSS 1.0 (<rdf:RDF><channel/><item>)
        channel = _child(root, "channel")
        items = [e for e in root.iter() if _local(e.tag) == "item"]
    outlet = _text(_child(channel, "title")) if channel is not None else None
    if not items:
        yield InputError(where, "feed with no items")
        return
    for i, item in enumerate(items, start=1):
        w = f"{where}[{i}]"
        try:
            yield _article(item, w, outlet)
        except InputError as e:
            yield e


def _article(item, where: str, outlet: str | None) -> Article:
    from .html import from_html, looks_html
    from .text import from_text

    body = _inner(_child(item, "encoded", "content")) or _inner(_child(item, "description", "summary"))
    if not body:
        raise InputError(where, "feed item with no text (no content, description or summary)")
    link = _child(item, "link")
    url = None
    if link is not None:
        url = link.get("href") or _text(link)
    author = _child(item, "creator", "author")
    byline = _text(_child(author, "name")) if author is not None and len(author) else _text(author)
    date = _child(item, "published", "pubdate", "date", "issued", "updated")
    meta = {
        "title": _text(_child(item, "title")),
        "url": url,
        "byline": byline,
        "published": _iso(_text(date)),
        "outlet": outlet,
        "id": _text(_child(item, "guid", "id")),
    }
    meta = {k: re.sub(r"\s+", " ", v) for k, v in meta.items() if v}
    meta.pop("id", None)  # feed guids are URLs or opaque strings; Article ids are content hashes
    if looks_html(body) or "</" in body or "<br" in body.lower():
        return from_html(_wrap(body), where, **meta)
    return from_text(body, where, **meta)


def _iso(date: str | None) -> str | None:
    """RSS dates are RFC 822 ("Fri, 14 Mar 2025 09:30:00 GMT"); Article wants ISO 8601."""
    if not date or date[:4].isdigit():
        return date
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(date).isoformat()
    except (TypeError, ValueError):
        return date


def _wrap(fragment: str) -> str:
    """Feed HTML is a fragment; give trafilatura a page with it as the article."""
    return f"<html><body><article>{fragment}</article></body></html>"
