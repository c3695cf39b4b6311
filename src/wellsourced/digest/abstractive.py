"""Abstractive digest through an OpenAI-compatible LLM server, checked before it is shown.

The LLM writes the lead and body in fresh words; `check` then rates every sentence against
the source. A sentence that is not supported gets one second chance: the LLM rewrites it
from the evidence `check` found; if the rewrite is still not supported it is dropped and
listed in Digest.dropped. So a fluent but distorted sentence never reaches the output.
"""
from __future__ import annotations

import re

from ..llm import chat
from ..model import Article, Digest, DigestSentence, Paragraph, Sentence, Verdict
from ..read.split import split

KEEP = ("supported", "not a claim")

SYSTEM = (
    "You condense news articles faithfully. State only facts the article states, with the same "
    "numbers, names, hedges (\"at least\", \"allegedly\") and speakers. Add no opinion, no background "
    "knowledge, and no cause or consequence the article does not state."
)
WRITE = """Article:
{article}

Write a digest of this article:
LEAD: one or two sentences, at most {words} words in all: who, what, where.
BODY: about {n} sentences that condense the article, in the article's order, in short paragraphs separated by blank lines.

Answer exactly in this form:
LEAD: <lead>
BODY:
<paragraphs>"""
REWRITE = """This sentence of a digest is not supported by the source article:
{sentence}

What the source says (evidence):
{evidence}

Rewrite the sentence so that it says only what the evidence says, keeping its numbers, names, hedges and speakers exactly. Answer with the one rewritten sentence only."""


def write(article: Article, url: str, model: str, words: int = 60, sentences: int | None = None,
          ratio: float | None = None) -> Digest:
    from ..check import Prepared, check
    from . import body_size, extractive, source_line

    n = body_size(len(article.sentences), sentences, ratio)
    reply = chat(url, model, [{"role": "system", "content": SYSTEM},
                              {"role": "user", "content": WRITE.format(article=article.body, words=words, n=n)}])
    lead_text, body_texts = parse(reply)
    derived = _article([lead_text, *body_texts], article)
    if not derived.sentences:
        from ..llm import LLMError

        raise LLMError(url, "the LLM answered no digest text")
    prep = Prepared(article)
    report = check(article, derived, prepared=prep)
    verdicts = {v.sentence.id: v for v in report.verdicts}

    # second chance, all rewrites in one check call
    bad = [v for v in report.verdicts if v.label not in KEEP]
    fixed: dict[str, Verdict] = {}
    if bad:
        rewrites = [_rewrite(url, model, v) for v in bad]
        rd = _article(rewrites, article, one_per_paragraph=True)
        if rd.sentences:
            rreport = check(article, rd, prepared=prep)
            for v, rv in zip(bad, _per_input(rd, rreport.verdicts, len(rewrites))):
                if rv is not None and rv.label == "supported":
                    fixed[v.sentence.id] = rv
    dropped = [v.sentence.text for v in bad if v.sentence.id not in fixed]

    out: list[list[DigestSentence]] = []
    for para in derived.paragraphs:
        kept = []
        for s in para.sentences:
            v = fixed.get(s.id) or verdicts[s.id]
            if v.label in KEEP:
                kept.append(_digest_sentence(v, article))
        out.append(kept)
    lead, body = out[0], [p for p in out[1:] if p]
    warnings = list(report.warnings)
    while len(lead) > 1 and sum(len(x.text.split()) for x in lead) > words:
        cut = lead.pop()  # whole sentences only, as in the extractive lead
        warnings.append(f"the LLM's lead ran over {words} words; left out: {cut.text}")
    if not lead:
        lead = extractive(article, words=words).lead
        warnings.append("the LLM's lead was not supported by the source; the lead is extractive")
    if dropped:
        warnings.append(f"{len(dropped)} LLM sentence(s) dropped as unsupported by the source")
    return Digest(source=article, lead=lead, body=body, source_line=source_line(article),
                  engine=f"llm:{model}", dropped=dropped, warnings=warnings)


def parse(reply: str) -> tuple[str, list[str]]:
    """LEAD/BODY answer -> lead text and body paragraphs; tolerant of missing labels."""
    text = reply.strip().replace("\r\n", "\n")
    text = re.sub(r"\*\*|^\s*#+\s*", "", text, flags=re.M)  # markdown bold/headings around LEAD:/BODY:
    lead_m = re.search(r"(?im)^\s*lead\s*:\s*", text)
    body_m = re.search(r"(?im)^\s*body\s*:\s*", text)
    if lead_m and body_m and body_m.start() > lead_m.end():
        lead, body = text[lead_m.end():body_m.start()], text[body_m.end():]
    else:  # no labels: first paragraph is the lead
        blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
        lead, body = (blocks[0], "\n\n".join(blocks[1:])) if blocks else ("", "")
    paras = [" ".join(b.split()) for b in re.split(r"\n\s*\n", body) if b.strip()]
    return " ".join(lead.split()), paras


def _article(paragraphs: list[str], source: Article, one_per_paragraph: bool = False) -> Article:
    """LLM text as an Article (one paragraph per block) so `check` can read it."""
    art = Article(input=f"LLM digest of {source.input or 'article'}", language=source.language)
    offset = 0
    for ptext in paragraphs:
        pi = len(art.paragraphs) + 1
        spans = [(0, len(ptext))] if one_per_paragraph else split(ptext) if ptext.strip() else []
        para = Paragraph(sentences=[
            Sentence(id=f"p{pi}s{si}", text=ptext[a:b], start=offset + a, end=offset + b, paragraph=pi)
            for si, (a, b) in enumerate(spans, 1) if ptext[a:b].strip()
        ])
        art.paragraphs.append(para)  # kept even when empty: paragraph 1 is always the lead
        offset += len(ptext) + 2
    art.id = art.make_id()
    return art


def _per_input(rd: Article, verdicts: list[Verdict], n: int) -> list[Verdict | None]:
    by_para = {v.sentence.paragraph: v for v in verdicts}
    return [by_para.get(i) for i in range(1, n + 1)]


def _rewrite(url: str, model: str, v: Verdict) -> str:
    evidence = "\n".join(e.text for e in v.evidence[:2]) or "(no matching source sentence)"
    reply = chat(url, model, [{"role": "system", "content": SYSTEM},
                              {"role": "user", "content": REWRITE.format(sentence=v.sentence.text, evidence=evidence)}])
    return " ".join(reply.strip().strip('"').split())


def _digest_sentence(v: Verdict, source: Article) -> DigestSentence:
    ids = v.evidence[0].sentence_ids if v.evidence else []
    spans = []
    for i in ids:
        s = source.sentence(i)
        spans.append((s.start, s.end))
    return DigestSentence(text=v.sentence.text, source_ids=ids, spans=spans)
