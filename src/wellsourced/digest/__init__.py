"""The `digest` job: a short lead, a condensed body and a source line, every sentence
traceable to the source sentences it comes from.

Extractive by default (offline, fast; see select.py and cleanup.py): digest sentences are
source sentences, at most trimmed of a dateline or a dangling connective, so their ids and
spans are exact. With an LLM server (abstractive.py) the digest is written in fresh words
and every sentence is checked against the source before it is kept.
"""
from __future__ import annotations

from .. import _api_package
from ..errors import InputError
from ..model import Article, Digest, DigestSentence
from .cleanup import clean
from .select import BODY, features, select

DEFAULT_RATIO = 0.25  # of the article's sentences, for the condensed body
MIN_BODY, MAX_BODY = 3, 15  # default body size bounds, in sentences
MAX_SENTENCES = 20_000  # beyond this it is not one article (a book, a dump): refuse clearly

__all__ = ["digest", "extractive", "source_line"]
_api_package(__name__)  # wellsourced.digest(...) stays the API function


def digest(
    article: Article,
    words: int = 60,
    sentences: int | None = None,
    ratio: float | None = None,
    llm_url: str | None = None,
    llm_model: str | None = None,
) -> Digest:
    """Digest one article. `words` bounds the lead; `sentences` or `ratio` sizes the body."""
    where = article.input or "article"
    if words < 1:
        raise InputError(where, f"--words {words}: must be at least 1")
    if sentences is not None and ratio is not None:
        raise InputError(where, "give --sentences or --ratio, not both")
    if sentences is not None and sentences < 1:
        raise InputError(where, f"--sentences {sentences}: must be at least 1")
    if ratio is not None and not 0 < ratio <= 1:
        raise InputError(where, f"--ratio {ratio}: must be above 0 and at most 1")
    if article.language not in ("en", "") :
        raise InputError(where, "language not supported (wellsourced digests English news)")
    n = len(article.sentences)
    if n == 0:
        raise InputError(where, "no article text to digest")
    if n > MAX_SENTENCES:
        raise InputError(where, f"{n} sentences is more than one article (limit {MAX_SENTENCES}); split it first")
    if llm_url:
        if not llm_model:
            raise InputError(llm_url, "--llm-model is required with --llm-url")
        from .abstractive import write

        return write(article, llm_url, llm_model, words=words, sentences=sentences, ratio=ratio)
    return extractive(article, words, sentences, ratio)


def body_size(n: int, sentences: int | None, ratio: float | None) -> int:
    if sentences is not None:
        return sentences
    if ratio is not None:
        return max(1, round(ratio * n))
    return min(n, max(MIN_BODY, min(MAX_BODY, round(DEFAULT_RATIO * n))))


def extractive(article: Article, words: int = 60, sentences: int | None = None, ratio: float | None = None) -> Digest:
    sents = article.sentences
    n = len(sents)
    warnings: list[str] = []
    f = features(sents, article.title)
    lead_idx = select(f, max_words=words)
    lead_words = sum(f.words[i] for i in lead_idx)
    if lead_words > words:
        warnings.append(
            f"the lead has {lead_words} words, over the {words}-word budget: no source sentence is that short "
            "(sentences are never cut)"
        )
    size = body_size(n, sentences, ratio)
    # The body is chosen knowing the lead (so it adds to it), and then holds only what the lead
    # does not already say: a reader never reads the same sentence twice.
    chosen = select(f, max_sents=size + len(lead_idx), start=lead_idx, w=BODY)
    lead_set = set(lead_idx)
    body_idx = [i for i in chosen if i not in lead_set]
    if n == 1:
        warnings.append("the article has one sentence; the digest is that sentence")
    elif size + len(lead_idx) >= n:
        warnings.append(f"the lead and body keep all {n} sentences of the article")
    lead = _sentences(article, lead_idx)
    body = [para for para in _paragraphs(article, body_idx)]
    return Digest(source=article, lead=lead, body=body, source_line=source_line(article), warnings=warnings)


def _sentences(article: Article, idx: list[int]) -> list[DigestSentence]:
    sents = article.sentences
    keep = set(idx)
    return [clean(sents[i], i - 1 in keep) for i in sorted(idx)]


def _paragraphs(article: Article, idx: list[int]) -> list[list[DigestSentence]]:
    sents = article.sentences
    out: list[list[DigestSentence]] = []
    last = None
    for i, ds in zip(sorted(idx), _sentences(article, idx)):
        if sents[i].paragraph != last:
            out.append([])
            last = sents[i].paragraph
        out[-1].append(ds)
    return out


def source_line(article: Article) -> str:
    url = article.url
    if url and article.outlet and url.rstrip("/").split("//")[-1].removeprefix("www.") == article.outlet.removeprefix("www."):
        url = None  # "example.org · https://example.org" says one thing twice
    parts = [article.outlet, article.byline, article.published.isoformat() if article.published else None, url]
    known = [p.strip() for p in parts if p and p.strip()]
    if known:
        return "Source: " + " \u00b7 ".join(known)
    # Never the input's file name: a local path means nothing to a reader and may leak one.
    title = f"\u201c{article.title.strip()}\u201d " if article.title and article.title.strip() else ""
    return f"Source: {title}(outlet, byline, date and URL not given)"


def to_article(d: Digest) -> Article:
    """The digest as an Article (lead, then body paragraphs) - what `check` reads as derived text.
    Sentences are kept as they are (no re-splitting), so verdicts map one-to-one."""
    from ..model import Paragraph, Sentence

    art = Article(input=f"digest of {d.source.input or 'article'}", title=None, language=d.source.language)
    offset = 0
    for group in [d.lead, *d.body]:
        if not group:
            continue
        pi = len(art.paragraphs) + 1
        para = Paragraph()
        pos = offset
        for si, ds in enumerate(group, 1):
            para.sentences.append(Sentence(id=f"p{pi}s{si}", text=ds.text, start=pos, end=pos + len(ds.text), paragraph=pi))
            pos += len(ds.text) + 1
        art.paragraphs.append(para)
        offset += len(para.text) + 2
    art.id = art.make_id()
    return art
