"""The annotation step: fill each Sentence's entities, numbers and quotations."""
from __future__ import annotations

from collections.abc import Iterable

from ..model import Article, Entity, Sentence
from ..nlp import ner
from .entities import normalise
from .numbers import find_numbers
from .quotes import find_quotes

# Labels that name things; numbers and dates are handled by find_numbers with their hedges.
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART", "DATE", "TIME"}


def annotate(article: Article) -> Article:
    return next(iter(annotate_many([article])))


def annotate_many(articles: Iterable[Article], batch_size: int = 64) -> Iterable[Article]:
    """Annotate articles in place (streamed); spaCy runs once per sentence, batched."""
    buf: list[Article] = []
    for a in articles:
        buf.append(a)
        if len(buf) >= 8:
            yield from _run(buf, batch_size)
            buf = []
    if buf:
        yield from _run(buf, batch_size)


def _run(arts: list[Article], batch_size: int) -> list[Article]:
    annotate_sentences([s for a in arts if not a.annotated for s in a.sentences], batch_size=batch_size)
    for a in arts:
        a.annotated = True
    return arts


def annotate_sentences(sents: list[Sentence], numbers: bool = True, batch_size: int = 64) -> None:
    """Entities, quotations and (unless `numbers` is False: already found) numbers, in place."""
    for sent, doc in zip(sents, ner().pipe((s.text for s in sents), batch_size=batch_size)):
        sent.entities = [
            Entity(text=e.text, label=e.label_, norm=normalise(e.text), start=e.start_char, end=e.end_char)
            for e in doc.ents
            if e.label_ in NAME_LABELS
        ]
        if numbers:
            sent.numbers = find_numbers(sent.text)
        sent.quotes = find_quotes(sent.text, sent.entities)
