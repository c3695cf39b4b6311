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
    for prev, sent in zip(sents, sents[1:]):
        continue_quote(prev, sent)


def continue_quote(prev: Sentence, sent: Sentence) -> None:
    """A sentence that is all quotation, with no speaker of its own, goes on with the quotation
    of the sentence before it in the paragraph ('"We cannot wait," Ames said. "The roof will
    fall."'): it is that speaker's. Both must be annotated."""
    if (sent.quotes and not any(q.speaker for q in sent.quotes) and prev.quotes and prev.quotes[-1].speaker
            and prev.paragraph == sent.paragraph and prev.end <= sent.start and _all_quote(sent)):
        for q in sent.quotes:
            q.speaker = prev.quotes[-1].speaker


def _all_quote(sent: Sentence) -> bool:
    inside = sum(q.end - q.start for q in sent.quotes)
    return inside >= len(sent.text.strip()) - 2
