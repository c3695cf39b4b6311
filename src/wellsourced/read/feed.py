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
from .dates import parse_when

FEEDISH = re.compile(r"<(rss|feed|rdf:RDF)\b[^>]*>", re.I)
XML_DECL = re.compile(r"^<\?xml[^>]*\?>")
XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")


def _html_entities(text: str) -> str:
    """RSS written by hand or by old CMSs uses HTML entities (&nbsp; &mdash;) that XML does not
    define; the locked-down parser would drop them. Write them as characters first (escaped
    again where they would be markup)."""
    import html

    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name in XML_ENTITIES:
            return m.group(0)
        ch = html.unescape(m.group(0))
        return m.group(0) if ch == m.group(0) else ch.replace("&", "&amp;").replace("<", "&lt;")

    return ENTITY.sub(sub, text)


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
    # The text is already decoded (decode.py read the bytes, Latin-1/cp1252 included): drop the
    # declaration's encoding="..." so lxml does not decode our UTF-8 a second time as Latin-1.
    text = XML_DECL.sub("<?xml version=\"1.0\"?>", text.lstrip(), count=1)
    text = _html_entities(text)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
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
    authors = [a for a in item if _local(a.tag) in ("creator", "author")]
    names = [_text(_child(a, "name")) if len(a) else _text(a) for a in authors]
    published = _first(item, "published", "pubdate", "date", "issued", "created")
    modified = _first(item, "updated", "modified")
    meta = {
        "title": _unescaped(_text(_child(item, "title"))),
        "url": _link(item),
        "byline": ", ".join(n for n in names if n) or None,
        "published": parse_when(published or modified),
        "modified": parse_when(modified) if published else None,
        "outlet": outlet,
        "id": _text(_child(item, "guid", "id")),  # the feed's own id for the item
    }
    meta = {k: re.sub(r"\s+", " ", v) if isinstance(v, str) else v for k, v in meta.items() if v}
    if looks_html(body) or "</" in body or "<br" in body.lower():
        return from_html(_wrap(body), where, **meta)
    import html

    return from_text(html.unescape(body), where, **meta)  # entities escaped twice arrive as "&nbsp;" text


def _first(item, *names: str) -> str | None:
    """The first child with one of `names`, in the order of `names` (Atom: published before updated)."""
    for n in names:
        v = _text(_child(item, n))
        if v:
            return v
    return None


def _link(item) -> str | None:
    """Atom: rel="alternate" (or no rel) is the article; rel="self" is the feed entry itself."""
    links = [c for c in item if _local(c.tag) == "link"]
    for c in links:
        if c.get("href") and c.get("rel", "alternate") == "alternate":
            return c.get("href")
    for c in links:
        if not c.get("href") and _text(c):
            return _text(c)  # RSS <link>URL</link>
    return links[0].get("href") if links else None


def _unescaped(s: str | None) -> str | None:
    """Titles double-escaped by the feed writer ("Q&amp;A" inside CDATA)."""
    if not s or "&" not in s:
        return s
    import html

    return html.unescape(s)


def _wrap(fragment: str) -> str:
    """Feed HTML is a fragment; give trafilatura a page with it as the article."""
    return f"<html><body><article>{fragment}</article></body></html>"
