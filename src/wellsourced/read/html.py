"""HTML pages: main text and metadata via trafilatura."""
from __future__ import annotations

import re

from ..errors import InputError
from ..model import Article
from .build import build

HTMLISH = re.compile(r"<\s*(!doctype\s+html|html|head|body|article|p|div)\b", re.I)


def looks_html(text: str) -> bool:
    return bool(HTMLISH.search(text[:5000]))


def from_html(html: str, where: str, url: str | None = None, **meta) -> Article:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as e:  # lxml raises many kinds on hostile markup; the user needs one line
        raise InputError(where, f"cannot parse HTML ({type(e).__name__})") from None
    if doc is None or not (doc.text or "").strip():
        raise InputError(where, "HTML page with no article text")
    paras = [p for p in doc.text.split("\n") if p.strip()]
    fields = dict(
        title=meta.pop("title", None) or doc.title,
        byline=meta.pop("byline", None) or doc.author,
        outlet=meta.pop("outlet", None) or doc.sitename or doc.hostname,
        url=url or meta.pop("url", None) or doc.url,
        published=meta.pop("published", None) or doc.date,
    )
    return build(paras, where=where, **fields, **meta)
