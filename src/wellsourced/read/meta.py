"""Page metadata: title, authors, outlet, URL, published and modified dates.

The page's own structured data comes first, because the publisher wrote it for machines:
JSON-LD (Article types, @graph included), then OpenGraph / <meta> (read by trafilatura's
`examine_meta`), microdata (itemprop), <time datetime>, a byline in the body (trafilatura's
author XPaths), a date in the URL, and last a date printed next to the headline (the dates a
page shows, and the merge of dated sources, are in pagedates.py). The merge rules are ours; they were tuned on half A of wcxb-dev only (bench/extraction.py).
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime

from ..model import Author
from .dates import url_date
from .pagedates import best_date, class_date, day, printed_date, time_elements

ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Posting|Report|Review|Story)$", re.I)
PAGE_DATES = False  # a WebPage's datePublished is often when the page was made, not the article
PAGE_TYPES = {"webpage", "itempage", "profilepage", "collectionpage", "aboutpage", "faqpage", "qapage"}
PUBLISHED_META = (
    "article:published_time", "og:published_time", "article:published", "datepublished", "publishdate",
    "publish-date", "publish_date", "pubdate", "parsely-pub-date", "sailthru.date", "dc.date.issued",
    "dcterms.issued", "article.published", "published_time", "citation_publication_date",
    "og:article:published_time", "release_date",
)
WEAK_PUBLISHED_META = ("dc.date", "dcterms.date", "date", "citation_date")  # often the crawl or build date
MODIFIED_META = (
    "article:modified_time", "og:updated_time", "datemodified", "dc.date.modified", "dcterms.modified",
    "last-modified", "article.updated", "lastmod", "og:article:modified_time",
)
AUTHOR_META = ("author", "article:author", "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author",
               "byl", "citation_author", "og:article:author", "book:author", "twitter:author")


def page_metadata(tree, url: str | None) -> dict:
    """Everything found, merged; values are None when nothing usable was found."""
    from trafilatura import metadata as M

    ld = _json_ld(tree)
    metas = _meta_tags(tree)
    props = _itemprops(tree)
    md = M.examine_meta(tree)
    title = _title(tree, ld, md, M)
    page_url = ld.get("url") if _http(ld.get("url")) else None
    page_url = page_url or md.url or M.extract_url(tree, url)
    outlet = ld.get("publisher") or md.sitename or M.extract_sitename(tree)
    if outlet:
        outlet = outlet.lstrip("@").strip()
        if outlet and "." not in outlet and not outlet[0].isupper():
            outlet = outlet.title()
    if not outlet and page_url:
        m = M.META_URL.match(page_url)
        outlet = m[1] if m else None
    authors = _authors(tree, ld, metas, props, M)
    micro = _microdata(props, "datepublished")
    if len({v[:10] for v in micro}) > 1:  # a listing's dates (other articles'), not this article's
        micro = []
    published = best_date(ld.get("published"), [metas.get(k) for k in PUBLISHED_META], micro[:3],
                           time_elements(tree) + [metas.get(k) for k in WEAK_PUBLISHED_META])
    if published is None:
        published = url_date(url or page_url or "") or printed_date(tree, title) or class_date(tree)
    modified = best_date(ld.get("modified"), [metas.get(k) for k in MODIFIED_META], _microdata(props, "datemodified"))
    if isinstance(modified, (date, datetime)) and isinstance(published, (date, datetime)) and day(modified) < day(published):
        modified = None  # a "modified" before publication is a template default, not an edit
    authors = [a for a in authors if not _is_outlet(a.name, a.kind, outlet, page_url)]
    return {"title": title, "authors": _dedupe(authors), "outlet": _clean(outlet), "url": page_url,
            "published": published, "modified": modified}


GENERIC_AUTHORS = {"admin", "administrator", "webmaster", "editor", "editors", "staff", "guest", "user", "team",
                   "anonymous", "unknown", "author", "contributor", "root", "wordpress"}


def _is_outlet(name: str, kind: str, outlet: str | None, url: str | None) -> bool:
    """The site credited as its own author, or a CMS account name: says nothing about who wrote it."""
    key = re.sub(r"[^a-z0-9]", "", name.lower())
    if name.lower() in GENERIC_AUTHORS or not key:
        return True
    if len(name.split()) >= 2 and (kind == "person" or re.search(r"\b(team|staff|desk)\b", name, re.I)):
        return False  # a personal site named after its author; "The Example Team" is a credit
    host = re.sub(r"^(https?://)?(www\.)?", "", (url or "").lower()).split("/")[0]
    site = re.sub(r"[^a-z0-9]", "", (outlet or "").lower())
    if key in host.split(".")[:-1]:  # "CDC" on cdc.gov: a short name must be a whole label of the host
        return True
    return bool(site and (key == site or key in site or site in key)) or bool(host and len(key) >= 4 and key in host.replace(".", "").replace("-", ""))


def _authors(tree, ld: dict, metas: dict, props: dict, M) -> list[Author]:
    """The first source that names a person, in order of trust; organisations credited by
    the first source that names anyone come along. Sources are tried lazily (the body scans
    cost time)."""

    def body_xpaths() -> list[Author]:
        try:
            found = M.extract_author(tree)
        except Exception:  # trafilatura's XPaths on hostile markup
            found = None
        return parse_byline(found.replace(";", ",")) if found else []

    # trafilatura's XPaths last: they copy and prune the whole tree (~4x the rest together)
    sources = (lambda: ld.get("authors") or [], lambda: _meta_authors(metas), lambda: _microdata_authors(props),
               lambda: _microformat_authors(tree), lambda: _author_links(tree), lambda: _by_text(tree), body_xpaths)
    first: list[Author] = []
    for src in sources:
        found = src()
        # a one-word name ("jsmith", "andrew.keaveney") is an account name the CMS filled in,
        # kept only if no later source names a person
        if any(a.kind == "person" and " " in a.name for a in found):
            orgs = [a for a in first if a.kind == "organization"]
            return _dedupe(found + orgs)
        first = first or found
    return first or _meta_authors(metas, handles=True)


AUTHOR_HREF = ("/author/", "/authors/", "/writer/", "/writers/", "/people/", "/staff/", "/contributor/",
               "/contributors/", "/profile/", "/team/", "/by/")
AUTHOR_QUERY = re.compile(r"[?&]_?authors?=")  # a library's or archive's "?author=Ana%20Ruiz" filter
NAMEISH = re.compile(r"^[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|da|van|von|der|la|le|del|di|bin|al)){1,4}$")
BY_LABEL = re.compile(r"^(?:by|written by|article by|words by|posted by|author|authors|reporting by|story by)\s*:?$", re.I)
BY_INLINE = re.compile(r"^(?:(?:written|posted|words|story|text|pictures|photos)(?:\s+(?:and|&)\s+(?:words|text|pictures|photos))?\s+)?"
                       r"by\s*:?\s+(.{4,80})$", re.I)


# Menus and the site's footer link to staff pages ("/people/faculty") and credit the site's
# makers ("Web design by ..."): neither names this article's author. A <footer> inside the
# <article> is the article's own (some themes print "Posted by" there), and a <nav> or <footer>
# around the headline is broken markup (an unclosed element) that swallowed the article.
CHROME = "//nav[not(.//h1)] | //footer[not(ancestor::article)][not(.//h1)]"


def _chrome(tree) -> set:
    """The elements inside menus and the site footer (one pass; an XPath ancestor test per text
    node is quadratic where a nav swallowed the page)."""
    return {el for box in tree.xpath(CHROME) for el in box.iter()}


def _microformat_authors(tree) -> list[Author]:
    """microformats2 (h-entry): elements of class p-author, or an h-card inside one."""
    out: list[Author] = []
    for el in tree.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' p-author ')]")[:6]:
        name = el.xpath(".//*[contains(concat(' ', normalize-space(@class), ' '), ' p-name ')]")
        text = _clean((name[0] if name else el).text_content()) or ""
        if NAMEISH.match(text) and not ORG_WORDS.search(text):
            out.append(Author(name=text))
    return _dedupe(out)


def _author_links(tree) -> list[Author]:
    """Links to author pages ('/author/ana-ruiz') whose text looks like a name."""
    out: list[Author] = []
    chrome = _chrome(tree)
    for a in tree.xpath("//a[@href]")[:3000]:
        if a in chrome:
            continue
        href = (a.get("href") or "").lower()
        if not any(h in href for h in AUTHOR_HREF) and not AUTHOR_QUERY.search(href):
            continue
        text = _clean(a.text_content()) or ""
        if NAMEISH.match(text) and not ORG_WORDS.search(text):
            out.append(Author(name=text))
        if len(out) >= 6:
            break
    return _dedupe(out)


def _by_text(tree) -> list[Author]:
    """A 'By' label followed by a name, or a short 'By Ana Ruiz' text, near the top of the body.
    A line that credits only an organisation ("By The Data Team" on a blog's card) does not end
    the search: a person credited further down ("Written by Ana Ruiz") is the author."""
    chrome = _chrome(tree)
    texts = [t.strip() for t in tree.xpath("//body//text()[normalize-space()][not(ancestor::script)][not(ancestor::style)]")
             if t.getparent() not in chrome][:1500]
    orgs: list[Author] = []
    for i, t in enumerate(texts):
        found = []
        if BY_LABEL.match(t) and i + 1 < len(texts):
            found = parse_byline(texts[i + 1])
            if not all(NAMEISH.match(a.name) for a in found if a.kind == "person"):
                found = []
        m = BY_INLINE.match(t)
        if not found and m and len(t.split()) <= 12:
            found = parse_byline(m.group(1))
            if not all(NAMEISH.match(a.name.split(",")[0]) for a in found if a.kind == "person"):
                found = []
        if any(a.kind == "person" for a in found):
            return _dedupe(found + orgs)
        orgs = orgs or found
    return orgs


# --- JSON-LD -----------------------------------------------------------------------------------


def _json_ld(tree) -> dict:
    """The first Article-like object's fields (WebPage as a fallback for dates and title)."""
    nodes: list[dict] = []
    for script in tree.iterfind(".//script[@type]"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        try:
            data = json.loads(script.text.strip().rstrip(";"), strict=False)
        except ValueError:
            continue
        _walk(data, nodes, 0)
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    arts = [n for n in nodes if any(ARTICLE_TYPES.search(t) for t in _types(n))]
    pages = [n for n in nodes if any(t.lower() in PAGE_TYPES for t in _types(n))]
    out: dict = {}
    for n in arts + pages:
        is_art = n in arts
        if is_art and "title" not in out:
            out["title"] = _str(n.get("headline")) or _str(n.get("name"))
        if "published" not in out and n.get("datePublished") and (is_art or PAGE_DATES):
            out["published"] = _str(n.get("datePublished"))
        if "modified" not in out and n.get("dateModified") and (is_art or PAGE_DATES):
            out["modified"] = _str(n.get("dateModified"))
        if is_art and "authors" not in out and n.get("author"):
            out["authors"] = _ld_authors(n.get("author"), by_id)
        if "publisher" not in out and n.get("publisher"):
            pub = _resolve(n.get("publisher"), by_id)
            out["publisher"] = _str(pub.get("name")) if isinstance(pub, dict) else _str(pub)
        if is_art and "url" not in out:
            out["url"] = _str(n.get("url"))
    if "publisher" not in out or not out.get("publisher"):
        orgs = [n for n in nodes if {"organization", "newsmediaorganization"} & {t.lower() for t in _types(n)}]
        if orgs:
            out["publisher"] = _str(orgs[0].get("name"))
    return {k: v for k, v in out.items() if v}


def _walk(data, nodes: list[dict], depth: int) -> None:
    if depth > 6:
        return
    if isinstance(data, list):
        for x in data[:200]:
            _walk(x, nodes, depth + 1)
    elif isinstance(data, dict):
        nodes.append(data)
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in data:
                _walk(data[key], nodes, depth + 1)


def _types(n: dict) -> list[str]:
    t = n.get("@type")
    return [x for x in (t if isinstance(t, list) else [t]) if isinstance(x, str)]


def _str(v) -> str | None:
    if isinstance(v, list):
        v = v[0] if v else None
    if isinstance(v, dict):
        v = v.get("@value") or v.get("name")
    return _clean(v) if isinstance(v, str) else None


def _resolve(v, by_id: dict):
    if isinstance(v, dict) and set(v) <= {"@id", "@type"} and v.get("@id") in by_id:
        return by_id[v["@id"]]
    return v


def _ld_authors(v, by_id: dict) -> list[Author]:
    out: list[Author] = []
    for a in v if isinstance(v, list) else [v]:
        a = _resolve(a, by_id)
        if isinstance(a, str):
            out.extend(parse_byline(a))
        elif isinstance(a, dict):
            name = a.get("name")
            if isinstance(name, list):
                name = ", ".join(x for x in name if isinstance(x, str))
            if not isinstance(name, str) or not name.strip():
                continue
            types = {t.lower() for t in _types(a)}
            if types & {"organization", "newsmediaorganization", "corporation", "governmentorganization"}:
                out.append(Author(name=_clean(name), kind="organization"))
            else:
                out.extend(parse_byline(name))
    return out


# --- meta tags, microdata, <time> -------------------------------------------------------------


def _meta_tags(tree) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in tree.iterfind(".//meta[@content]"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        val = (el.get("content") or "").strip()
        if key and val and key not in out:
            out[key] = val
    # "Written by" in a Twitter card label (WordPress SEO plugins): its value is the author
    for i in "1234":
        if out.get(f"twitter:label{i}", "").lower() in ("written by", "author", "by") and out.get(f"twitter:data{i}"):
            out.setdefault("twitter:author", out[f"twitter:data{i}"])
            break
    return out


def _meta_authors(metas: dict[str, str], handles: bool = False) -> list[Author]:
    """The first author meta tag that names someone. One word is a handle ("stephenlega"), rarely a
    byline: it is taken (`handles`) only when no source names a person."""
    for k in AUTHOR_META:
        v = metas.get(k)
        if v and not _http(v) and "@" not in v[:1]:
            found = parse_byline(v)
            if found and handles == (len(found) == 1 and " " not in found[0].name and found[0].kind == "person"):
                return found
    return []


def _itemprops(tree) -> dict[str, list]:
    """Elements by itemprop (lower case), page order, 3 each: one pass over the tree. Properties
    of another article (a related-article card: an Article scope without the page's h1) are
    not this article's."""
    out: dict[str, list] = {}
    h1s = tree.xpath("//h1")
    holds_h1 = {a for h in h1s for a in h.iterancestors()}  # an element holds an h1 iff it is an h1's ancestor
    for el in tree.iterfind(".//*[@itemprop]"):
        if h1s and _in_other_article(el, holds_h1):
            continue
        for prop in (el.get("itemprop") or "").lower().split():
            found = out.setdefault(prop, [])
            if len(found) < (10 if prop == "datepublished" else 3):  # 10: enough to see a listing's many dates
                found.append(el)
    return out


def _in_other_article(el, holds_h1: set) -> bool:
    """The nearest Article scope around `el` does not hold the page's h1."""
    for anc in el.iterancestors():
        t = anc.get("itemtype")
        if t and ARTICLE_TYPES.search(t.rstrip("/")):
            return anc not in holds_h1
    return False


def _microdata(props: dict[str, list], prop: str) -> list[str]:
    out = []
    for el in props.get(prop, []):
        v = el.get("content") or el.get("datetime") or (el.text_content() if el.tag != "meta" else "")
        if v and v.strip():
            out.append(v.strip())
    return out


def _microdata_authors(props: dict[str, list]) -> list[Author]:
    for el in props.get("author", []):
        names = el.xpath('.//*[@itemprop="name"]')
        text = (names[0].get("content") or names[0].text_content()) if names else (el.get("content") or el.text_content())
        if text and 2 <= len(text.split()) <= 12:
            found = parse_byline(text)
            if found:
                return found
    return []


# --- title ------------------------------------------------------------------------------------

TITLE_SEPS = re.compile(r"\s+(?:\||-|–|—|::|·|•|»|/)\s+")


def _title(tree, ld: dict, md, M) -> str | None:
    h1s = [_clean(" ".join(h.itertext())) for h in tree.xpath("//h1")[:3]]  # <br> and spans are word breaks
    h1s = [h for h in h1s if h and 2 <= len(h.split()) <= 40]
    head = tree.find(".//head/title")
    cands = [ld.get("title"), md.title, head.text_content() if head is not None else None]
    cands = [_strip_site(_clean(c), md.sitename) for c in cands if c]
    cands = [c for c in cands if c]
    # An h1 that agrees with a metadata title is the headline as printed, without the site
    # name or truncation of metadata titles; else the page's only h1 (below); else the most
    # trusted metadata title (JSON-LD headline, og:title / <meta>, <title>); else trafilatura's.
    for h in h1s:
        if any(_agree(h, c) for c in cands):
            return h
    # The page's only h1, outside the site's header, menus, side bars and links: the headline as
    # printed, which editors often reword after the metadata titles were written (wcxb-dev
    # half A .946 -> .959; half B, held out, .901 -> .914). A <header> inside the <article> is
    # the article's own, where HTML5 puts the headline (stop 26: half A .959 -> .966).
    only = tree.xpath("//h1")
    if (len(only) == 1 and h1s and len(h1s[0].split()) >= 3
            and not only[0].xpath("ancestor::header[not(ancestor::article)]|ancestor::nav|ancestor::aside|ancestor::footer"
                                  "|ancestor::a|.//a")):
        return h1s[0]
    if cands:
        return cands[0]
    try:
        return _clean(M.extract_title(tree))
    except Exception:
        return h1s[0] if h1s else None


def _strip_site(t: str | None, site: str | None = None) -> str | None:
    """'Headline | Site' -> 'Headline': parts naming the site go; of the rest the first, the
    usual place of the headline, unless it is a single word."""
    if not t:
        return t
    parts = TITLE_SEPS.split(t)
    if len(parts) < 2:
        return t
    if site:
        parts = [p for p in parts if not _agree(p, site)] or parts
    if len(parts[0].split()) >= 2:
        return parts[0]
    longest = max(parts, key=lambda p: len(p.split()))
    return longest if len(longest.split()) >= 3 else t


def _agree(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    return fuzz.token_set_ratio(a.lower(), b.lower()) >= 90


# --- bylines ----------------------------------------------------------------------------------

_CREDIT = r"(?:written|words|story|text|reporting|report|posted|published|pictures|photos|photographs|images|video)"
BY = re.compile(rf"^\s*(?:{_CREDIT}(?:\s+(?:and|&)\s+{_CREDIT})?\s+)?by[:\s]+", re.I)  # "Words and pictures by"
SPLIT = re.compile(r"\s*(?:\||;|/|\band\b|&|\+|\bwith\b)\s*", re.I)
CREDENTIAL = re.compile(r"^(?:[A-Z]{2,6}|Ph\.?\s?D\.?|M\.?D\.?|Jr\.?|Sr\.?|II|III|IV|[A-Z]\.[A-Z]\.(?:[A-Z]\.)?|RN|MPH|MSc|MBA|Esq\.?)$")
ROLE = re.compile(
    r"^(?:(?:senior|chief|deputy|staff|contributing|associate|executive|managing|political|business|sports|"
    r"foreign|health|science|technology|tech|global|special|guest|local|freelance)\s+)*"
    r"(?:writer|reporter|correspondent|editor|contributor|columnist|journalist|producer|author|staff|"
    r"analyst|critic|photographer|team|desk)s?(?:\s+(?:at|for|of)\s+.+)?$", re.I)
AGENCIES = {
    "reuters", "ap", "associated press", "the associated press", "afp", "agence france-presse", "bloomberg", "pa",
    "pa media", "press association", "pti", "ani", "ians", "dpa", "efe", "xinhua", "upi", "cnn", "bbc", "bbc news",
    "cnn wire", "tass", "kyodo", "yonhap", "anadolu", "ansa", "aap", "cp", "the canadian press", "canadian press",
}
ORG_WORDS = re.compile(
    r"\b(staff|desk|team|news|newsroom|press|agency|editorial|editors|wire|service|services|media|inc|ltd|llc|"
    r"group|center|centre|department|institute|university|association|foundation|council|board|committee|"
    r"company|corporation|magazine|journal|times|post|daily|today|network|office|ministry|bureau|reports?)\b\.?", re.I)
EMAIL = re.compile(r"\S+@\S+\.\w+")
LABELLED = re.compile(r"^([^\W\d][\w .]{0,24}?)\s*:\s*(.+)$")
AUTHOR_LABEL = re.compile(r"^(?:authors?|writers?|written by|byline|reporters?|text|words|story)$", re.I)


def parse_byline(text: str | None) -> list[Author]:
    """'By Ana Ruiz and Tom Hale | Reuters' -> [Ana Ruiz (person), Tom Hale (person), Reuters (org)].
    Credentials after a comma stay with the name ('Ana Ruiz, PhD'); roles are dropped
    ('Tom Hale, Staff Writer')."""
    if not text:
        return []
    text = EMAIL.sub(" ", _clean(text) or "")
    text = re.sub(r"\b(?:updated|published|posted)\b.*$", "", text, flags=re.I)  # "By X Updated 3 May"
    text = re.sub(r"\s+[\u2014\u2013-]\s+[^\u2014\u2013]*\d[^\u2014\u2013]*$", "", text)  # "By X \u2014 2 May 2024"
    text = BY.sub("", text).strip(" ,|-–—:")
    people: list[Author] = []
    orgs: list[Author] = []
    for chunk in SPLIT.split(text):
        names: list[str] = []
        for part in [p.strip(" .,:-–—") if not CREDENTIAL.match(p.strip()) else p.strip() for p in chunk.split(",")]:
            part = BY.sub("", part).strip()
            labelled = LABELLED.match(part)
            if labelled:  # "Author: Ana Ruiz" names her; "design: Tom Hale" credits the site's makers
                part = labelled[2] if AUTHOR_LABEL.match(labelled[1]) else ""
            if not part:
                continue
            if CREDENTIAL.match(part) and names and part.lower() not in AGENCIES:
                names[-1] = f"{names[-1]}, {part}"
            elif ROLE.match(part):
                if not names and re.search(r"\b(staff|team|desk)\b", part, re.I):
                    orgs.append(Author(name=part, kind="organization"))
            else:
                names.append(part)
        for n in names:
            if len(n) > 80 or len(n.split()) > 7 or not re.search(r"[^\W\d_]", n):
                continue
            if n.lower() in AGENCIES or ORG_WORDS.search(n):
                orgs.append(Author(name=n, kind="organization"))
            else:
                people.append(Author(name=n, kind="person"))
    return _dedupe(people + orgs)


def _dedupe(authors: list[Author]) -> list[Author]:
    seen: set[str] = set()
    out = []
    for a in authors:
        key = a.name.lower()
        if key not in seen:
            seen.add(key)
            out.append(a)
    people = [a for a in out if a.kind == "person"]
    return people + [a for a in out if a.kind == "organization"]


def _clean(s: str | None) -> str | None:
    if not isinstance(s, str):
        return None
    import html

    s = re.sub(r"\s+", " ", html.unescape(s)).strip()
    return s or None


def _http(v) -> bool:
    return isinstance(v, str) and v.lower().startswith(("http://", "https://", "//", "www."))
