"""HTML pages: main text via trafilatura, metadata from the page's markup.

Speed matters (news archives are millions of pages), so:
- trafilatura runs in `fast` mode: no readability/jusText fallback comparison. On the
  scrapinghub article-extraction benchmark this is both ~1.6x faster and more accurate
  (see the table in README.md, from bench/extraction.py); only when the result
  looks like a navigation menu (mostly short non-sentence lines) is the full mode run;
- the page is parsed once; metadata (read/meta.py) comes from the page's structured data
  first; a date printed beside the headline only when none gives one.
"""
from __future__ import annotations

import re

from ..errors import InputError
from ..model import Article, Removed
from .build import build
from .meta import page_metadata

HTMLISH = re.compile(r"<\s*(!doctype\s+html|html|head|body|article|p|div)\b", re.I)
# Fewer words than this from fast mode: run the full mode too. Chosen on half A of wcxb-dev
# (bench/extraction.py): fast mode returned 2-30% of some articles there.
FULL_MODE_WORDS = 150
MIN_LINE_WORDS = 6  # a page whose longest line is shorter ("Home", "Menu | Login") has no article
MAX_PARSE_DEPTH = 255  # libxml2 drops what is nested deeper
_HUGE_ATTR = re.compile(r"""(\s[\w:.-]+\s*=\s*)(?:"[^"]{100000,}"|'[^']{100000,}')""")
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^>]*?(/?)>")
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr", "param"}


def looks_html(text: str) -> bool:
    return bool(HTMLISH.search(text[:5000]))


def from_html(html: str, where: str, url: str | None = None, **meta) -> Article:
    import trafilatura
    from trafilatura.utils import load_html

    if len(html) > 200_000:
        # inline images (data: URIs) and hostile multi-megabyte attributes: libxml2 gives up on
        # attributes over 10 MB and drops the rest of the page
        html = _HUGE_ATTR.sub(r'\1""', html)
    try:
        tree = load_html(html)
        if tree is None:
            raise InputError(where, "HTML page with no article text found (the markup has no elements)")
        page = page_metadata(tree, url)
        options = dict(url=url, include_comments=False, include_tables=True)
        doc = trafilatura.bare_extraction(tree, fast=True, **options)
        if doc is None or _menu_like(doc.text or "") or len((doc.text or "").split()) < FULL_MODE_WORDS:
            # fast mode found nothing, a fragment, or took the navigation for the article: let
            # trafilatura compare its candidates with readability/jusText (slower); keep that when
            # it is at least twice as long (the fragments seen were 2-30% of the article)
            full = trafilatura.bare_extraction(tree, fast=False, **options)
            if full is not None and (doc is None or _menu_like(doc.text or "")
                                     or len((full.text or "").split()) >= 2 * len((doc.text or "").split())):
                doc = full
    except InputError:
        raise
    except RecursionError:
        raise InputError(where, "cannot parse HTML (nested too deeply)") from None
    except Exception as e:  # lxml raises many kinds on hostile markup; the user needs one line
        raise InputError(where, f"cannot parse HTML ({type(e).__name__})") from None
    if doc is None or not any(_prose(ln) for ln in (doc.text or "").split("\n")):
        depth = _depth(html)
        if depth > MAX_PARSE_DEPTH:
            raise InputError(where, f"HTML nested {depth:,} levels deep (parsers stop at {MAX_PARSE_DEPTH}); cannot find the article text")
        raise InputError(where, f"HTML page with no article text found: {_found(tree, doc, page)}")
    paras: list[str] = []
    rules = 0
    for line in doc.text.split("\n"):
        if TABLE_RULE.match(line):
            rules += 1
        elif line.strip():
            paras.append(_untable(line))
    byline = meta.pop("byline", None)  # a record's or feed's own metadata wins over the page's
    fields = dict(
        title=meta.pop("title", None) or page["title"],
        authors=meta.pop("authors", None) or (None if byline else page["authors"]),
        byline=byline,
        outlet=meta.pop("outlet", None) or page["outlet"],
        url=url or meta.pop("url", None) or page["url"],
        published=meta.pop("published", None) or page["published"],
        modified=meta.pop("modified", None) or page["modified"],
    )
    art = build(paras, where=where, **fields, **meta)
    if rules:
        art.removed.append(Removed(text="|---|", reason=f"table rule ({rules}x)"))
    return art


# trafilatura writes <table> rows as "| a | b |" with "|---|---|" under the header row.
# Old sites lay the whole article out in a table: a one-cell row is just a paragraph.
TABLE_RULE = re.compile(r"^\s*\|(\s*:?-{2,}:?\s*\|)+\s*$")
_EDGE_PIPES = re.compile(r"^(\s*\|\s*)+|(\s*\|\s*)+$")


def _untable(line: str) -> str:
    if "|" not in line or not line.lstrip().startswith("|"):
        return line
    return _EDGE_PIPES.sub("", line)


_SENTENCE_END = (".", "!", "?", '"', "\u201d", "\u3002", ":", ")")


def _menu_like(text: str) -> bool:
    """Mostly short lines that are not sentences: a navigation menu, not an article."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if len(lines) < 30:
        return False
    short = sum(1 for ln in lines if len(ln) <= 40 and len(ln.split()) <= 4 and not ln.endswith(_SENTENCE_END))
    return short > 0.6 * len(lines)


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _prose(line: str) -> bool:
    """A line that could be article text: enough words (CJK scripts write no spaces)."""
    return len(line.split()) >= MIN_LINE_WORDS or (len(line) >= 20 and bool(_CJK.search(line)))


def _found(tree, doc, page: dict) -> str:
    """What the page does hold, so the user can tell a gallery or menu from a reader failure."""
    parts = []
    if page.get("title"):
        parts.append(f"title {page['title'][:80]!r}")
    lines = [ln.strip() for ln in (doc.text or "").split("\n") if ln.strip()] if doc is not None else []
    if lines:
        longest = max(lines, key=len)
        parts.append(f"{len(lines)} short line{'s' * (len(lines) != 1)} of text, the longest {longest[:60]!r}")
    else:
        parts.append("no text in the main content")
    links = len(tree.xpath("//a[@href]"))
    imgs = len(tree.xpath("//img|//video|//iframe"))
    if links or imgs:
        parts.append(f"{links} links, {imgs} images/videos/frames")
    return "; ".join(parts)


def _depth(html: str, cap: int = 100_000) -> int:
    """Rough element nesting depth (tags only, no parsing); stops counting at `cap`."""
    depth = top = 0
    for m in _TAG.finditer(html, 0, 20_000_000):
        name = m.group(2).lower()
        if name in _VOID or m.group(3):
            continue
        depth += -1 if m.group(1) else 1
        if depth > top:
            top = depth
            if top >= cap:
                break
    return top
