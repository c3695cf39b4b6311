"""The build step that runs per batch of articles: pure, no shared state, so a batch executor
(`run/`, Ray) can map it over shards and hand the results to `assemble`.

A `Doc` is what the index keeps of an article: its own id and url (what `trace` returns, so
users can join results to their data), metadata, the sentence texts with their ids, and the
index terms of each sentence.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from ..model import Article
from .tokens import terms

META = ("id", "url", "title", "outlet", "published", "byline", "input")
_ALNUM = re.compile(r"[^a-z0-9]+")


@dataclass
class Doc:
    meta: dict[str, str]
    sentences: list[tuple[str, str]]  # (sentence id, text)
    terms: list[list[str]]  # index terms per sentence
    key: str  # sha1 of the text's letters and digits: equal keys = the same text
    chars: int
    aliases: list[dict] = field(default_factory=list)  # exact duplicates folded into this doc

    @property
    def id(self) -> str:
        return self.meta["id"]


def doc_of(art: Article) -> Doc:
    meta = {k: (v.isoformat() if hasattr(v, "isoformat") else str(v)) for k in META if (v := getattr(art, k, None))}
    meta["id"] = art.id or art.make_id()
    sents = [(s.id, s.text) for s in art.sentences]
    text = " ".join(t for _, t in sents)
    if art.title and (not sents or art.title not in sents[0][1]):
        text = art.title + " " + text  # a headline is searchable even when the body omits it
        sents = [("title", art.title)] + sents
    norm = _ALNUM.sub("", text.lower())
    return Doc(meta, sents, [terms(t) for _, t in sents], hashlib.sha1(norm.encode()).hexdigest(), len(norm))


def build_batch(articles: list[Article]) -> list[Doc]:
    """One batch of articles -> index documents. Pure: same articles, same output."""
    return [doc_of(a) for a in articles]


def record_of(d: Doc) -> dict:
    """What the index stores of a document (one line of docs.jsonl); doc_from_record reads it back."""
    rec: dict = {"meta": d.meta, "sentences": d.sentences}
    if d.aliases:
        rec["aliases"] = d.aliases
    return rec


def row_of(d: Doc) -> dict:
    """A document as a batch row (`index build --workers N`): its record plus the terms, key and
    length, so the driver that assembles the index does not tokenize every text again (at 1M
    articles that was the slowest serial step)."""
    return {**record_of(d), "terms": [" ".join(t) for t in d.terms], "key": d.key, "chars": d.chars}


def doc_from_row(row: dict) -> Doc:
    if "terms" not in row:
        return doc_from_record(row)
    d = Doc(dict(row["meta"]), [(s[0], s[1]) for s in row["sentences"]], [t.split() for t in row["terms"]],
            row["key"], row["chars"])
    d.aliases = list(row.get("aliases", []))
    return d


def doc_from_record(rec: dict) -> Doc:
    """A stored document back as a Doc (for `index add` / `remove`, which rewrite the index)."""
    sents = [(s[0], s[1]) for s in rec["sentences"]]
    norm = _ALNUM.sub("", " ".join(t for _, t in sents).lower())
    d = Doc(dict(rec["meta"]), sents, [terms(t) for _, t in sents], hashlib.sha1(norm.encode()).hexdigest(), len(norm))
    d.aliases = list(rec.get("aliases", []))
    return d
