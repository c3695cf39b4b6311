"""Lines of text + metadata -> Article: junk removal with reasons, sentence split, offsets."""
from __future__ import annotations

import re

from ..errors import InputError
from ..limits import LIMITS
from ..model import Article, Paragraph, Removed, Sentence
from .dates import parse_when
from .junk import classify
from .meta import parse_byline
from .split import cap_spans, clean_line, split

EDGE = 3  # lines this close to the start or end may be attribution/byline lines
MAX_TITLE_WORDS = 25
# A list item's marker: a dash, star or bullet, or "1." / "2)", before the item's words.
# "- Alawite killings -" (a heading between dashes) is no list item.
BULLET = re.compile(r"^\s*(?:[-*\u2022\u00b7\u25aa\u2013\u2014]|\d{1,3}[.)])\s+(?=\S)(?!.*\s[-\u2013\u2014]\s*$)")
SENTENCE_UNIT = 200  # characters; a news sentence is about 120


def build(
    paragraphs: list[str],
    *,
    where: str,
    title: str | None = None,
    guess_title: bool = False,
    **meta,
) -> Article:
    """Make an Article from paragraph strings. `guess_title`: plain text whose first line
    may be the headline (short, no closing full stop)."""
    if len(paragraphs) > LIMITS.max_sentences:  # every paragraph kept holds a sentence
        raise InputError(where, f"{len(paragraphs)} paragraphs; the limit is {LIMITS.max_sentences} sentences "
                                "for one document (--max-sentences)")
    meta = {k: clean_line(v) if isinstance(v, str) else v for k, v in meta.items() if v}
    byline = meta.pop("byline", None)
    if not meta.get("authors"):
        meta["authors"] = parse_byline(byline) if isinstance(byline, str) else []
    for k in ("published", "modified"):
        if isinstance(meta.get(k), str):
            meta[k] = parse_when(meta[k])
    art = Article(input=where, title=clean_line(title) if title else title, **meta)
    # list markers go ("- 500 soldiers were killed" states "500 soldiers were killed"); a text
    # that opens with a list item has no headline: that item is a claim like the others
    paras = [clean_line(p) for p in paragraphs]
    paras = [p for p in paras if p]
    listed = bool(paras) and bool(BULLET.match(paras[0]))
    paras = [clean_line(BULLET.sub("", p)) for p in paras]
    if guess_title and not listed and art.title is None and len(paras) > 1 and _headline(paras[0]):
        art.title = paras.pop(0)
    if art.title and paras and clean_line(paras[0]).lower() == clean_line(art.title).lower():
        art.removed.append(Removed(text=paras.pop(0), reason="title repeated in body"))

    kept: list[str] = []
    n = len(paras)
    for i, p in enumerate(paras):
        v = classify(p, at_edge=i < EDGE or i >= n - EDGE)
        if v.reason is None:
            kept.append(p)
            continue
        art.removed.append(Removed(text=p, reason=v.reason))
        art.outlet = art.outlet or v.outlet
        art.url = art.url or v.url
        if v.byline and not art.authors:
            art.authors = parse_byline(v.byline)

    # Refuse a document sure to pass the sentence limit before splitting it: a sentence counts
    # at least once per 2 * SENTENCE_UNIT of its non-space characters (see below),
    # and the split keeps every non-space character
    if sum(len(p) - p.count(" ") for p in kept) > LIMITS.max_sentences * 2 * SENTENCE_UNIT:
        raise InputError(where, f"over {LIMITS.max_sentences} sentences; the limit for one document (--max-sentences)")
    offset = 0
    count = cut = 0
    cap = LIMITS.max_sentence_chars
    for pi, ptext in enumerate(kept, start=1):
        para = Paragraph()
        spans, n_cut = cap_spans(split(ptext), ptext, cap)
        cut += n_cut
        # NER costs by the word: a sentence counts once per SENTENCE_UNIT characters, so text cut
        # at the length cap (one 5 MB line) meets the limit as the same text in sentences would
        count += sum(max(1, (b - a) // SENTENCE_UNIT) for a, b in spans)
        if count > LIMITS.max_sentences:
            raise InputError(where, f"over {LIMITS.max_sentences} sentences; the limit for one document (--max-sentences)")
        for si, (a, b) in enumerate(spans, start=1):
            para.sentences.append(
                Sentence(id=f"p{pi}s{si}", text=ptext[a:b], start=offset + a, end=offset + b, paragraph=pi)
            )
        # Sentence.start/end index Article.body, which joins sentences of a paragraph by one
        # space; re-base so the offsets are exact even where the split dropped spaces.
        _rebase(para, offset)
        art.paragraphs.append(para)
        offset += len(para.text) + 2
    if not art.sentences:
        what = "only page junk (" + ", ".join(sorted({r.reason for r in art.removed})) + ")" if art.removed else "no text"
        raise InputError(where, f"no article text found: {what}")
    if cut:
        art.warnings.append(f"{cut} sentence(s) longer than {cap} characters were split at that length "
                            "(--max-sentence-chars)")
    art.fingerprint = art.make_fingerprint()
    art.id = art.id or art.url or art.fingerprint  # the input's own id first
    return art


def _headline(line: str) -> bool:
    s = line.strip()
    return len(s.split()) <= MAX_TITLE_WORDS and not s.endswith((".", "!", "?", ":", ";", ",", '."', ".\u201d"))


def _rebase(para: Paragraph, offset: int) -> None:
    pos = offset
    for s in para.sentences:
        s.start, s.end = pos, pos + len(s.text)
        pos = s.end + 1
