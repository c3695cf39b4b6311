"""The annotation step: fill each Sentence's entities, numbers and quotations."""
from __future__ import annotations

from collections.abc import Iterable

from ..model import Article, Entity, Sentence
from ..nlp import ner
from .entities import normalise
from .numbers import find_numbers
from .quotes import PRONOUNS, find_quotes, find_speaker

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
    """A quotation's speaker from the sentence before it in the paragraph, where the news
    convention leaves it there: a sentence that is all quotation, with no speaker of its own
    ('"We cannot wait," Ames said. "The roof will fall."'), and one whose speaker is "he", "she"
    or "they" ('Ames told the court she was innocent. "I never took it," she said.'). The earlier
    sentence must name who speaks (a quotation's speaker, or the subject of a speech verb). Both
    sentences must be annotated."""
    if not sent.quotes or prev.paragraph != sent.paragraph or prev.end > sent.start:
        return
    mine = sent.quotes[0].speaker
    if (mine is None and _all_quote(sent)) or (mine or "").lower() in _THIRD_PERSON:
        who = prev.quotes[-1].speaker if prev.quotes else find_speaker(prev.text, prev.entities, [])
        if who and who.lower() not in PRONOUNS and any(c.isupper() for c in who):
            for q in sent.quotes:
                q.speaker = who


_THIRD_PERSON = {"he", "she", "they"}


def _all_quote(sent: Sentence) -> bool:
    inside = sum(q.end - q.start for q in sent.quotes)
    return inside >= len(sent.text.strip()) - 2
