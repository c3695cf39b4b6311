"""The check pipeline: validate inputs, align every derived sentence to source evidence,
run the fact checks, let an engine score, then name a verdict per sentence."""
from __future__ import annotations

import math
import re

from rapidfuzz.distance import LCSseq

from ..errors import InputError, LanguageNotSupported
from ..model import Article, CheckReport, Issue, Sentence, Verdict
from ..nlp import looks_english
from ..read.junk import promo_sentence
from .align import SourceIndex
from .attribution import check_actor, check_causal, check_hedge, check_negation, check_speaker
from .engines import get_engine
from .engines.base import ClaimContext, Judgement
from .entities import check_entities, source_words
from .numbers import check_numbers
from .opinion import markers
from .quotes import check_quotes, normalise as qnorm
from .text import content, tokens

LARGE_SOURCE = 2000  # sentences; beyond this we say evidence search is candidate-only
# Issues that mean the source says otherwise (a conflicting span exists).
CONFLICT = {"number", "entity", "attribution", "quote", "hedge", "negation"}

# "Source: ..." is a credit line; "Sources said three people were found" is a claim: the
# one-word labels count only with their colon.
_CREDIT = re.compile(
    r"^\s*(?:(?:original source|sources?|photos?|images?|read more|related|via)\s*:|"
    r"(?:reporting by|editing by|written by|additional reporting|copyright|©|follow us|click here|"
    r"subscribe to|sign up|advertisement)\b)", re.I)


_UNK = re.compile(r"\[unk\]|<unk>", re.I)
_CAPS = re.compile(r"\b[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*\b")


def not_a_claim(s: Sentence, paragraph_size: int) -> bool:
    """Attribution lines and headings carry no checkable statement."""
    t = s.text.strip()
    if _CREDIT.match(t) or promo_sentence(t) or not re.search(r"[a-z]", t):
        return True
    words = t.split()
    return paragraph_size == 1 and len(words) <= 12 and not re.search(r"[.!?\"”'’:]\s*$", t)


class Prepared:
    """An indexed source with the per-source things every claim reuses.

    The source is not run through NER as a whole: numbers come from the regex finder for
    every sentence, and only the sentences a claim is aligned to (its evidence windows, a
    quotation's sentence) get entities and quotation speakers, lazily, once each. Whether a
    claim's entity is named in the source is decided on the source text (names, aliases,
    surnames), so it does not depend on which sentences were annotated."""

    def __init__(self, source: Article):
        from ..facts.numbers import find_numbers

        self.source = source
        self.index = SourceIndex(source)
        self._ner: set[str] = {s.id for s in self.index.sents} if source.annotated else set()
        if not source.annotated:
            for s in self.index.sents:
                if not s.numbers:
                    s.numbers = find_numbers(s.text)
        self.numbers = [n for s in self.index.sents for n in s.numbers]
        self.body_norm = qnorm(source.body)
        self._sent_norm: list[str] | None = None
        self.words = source_words(self.index.lower)

    def annotate(self, sents: list[Sentence]) -> None:
        """Entities and quotations for these source sentences (those not done yet), one batch."""
        todo = [s for s in sents if s.id not in self._ner]
        if not todo:
            return
        from ..facts.annotate import NAME_LABELS
        from ..facts.entities import normalise
        from ..facts.quotes import find_quotes
        from ..model import Entity
        from ..nlp import ner

        for s, doc in zip(todo, ner().pipe(s.text for s in todo)):
            s.entities = [Entity(text=e.text, label=e.label_, norm=normalise(e.text), start=e.start_char, end=e.end_char)
                          for e in doc.ents if e.label_ in NAME_LABELS]
            s.quotes = find_quotes(s.text, s.entities)
            self._ner.add(s.id)

    def find_quote(self, q: str) -> Sentence | None:
        qn = qnorm(q)[:60]
        if self._sent_norm is None:  # normalised once per source, not once per quotation
            self._sent_norm = [qnorm(s.text) for s in self.index.sents]
        s = next((s for s, n in zip(self.index.sents, self._sent_norm) if qn and qn in n), None)
        if s is not None:
            self.annotate([s])
        return s

    def context(self, claim: Sentence) -> ClaimContext:
        idx = self.index
        windows = idx.align(claim.text)
        ctx = ClaimContext(claim=claim, windows=windows, source=self.source)
        win = [idx.sents[i] for i in idx.window_ids(windows[0])] if windows else []
        self.annotate(win)
        win_text = windows[0].text if windows else ""
        ctoks = tokens(claim.text)
        cstems = content(ctoks)
        wst = set().union(*(idx.stem_sets[idx.pos[s.id]] for s in win)) if win else set()
        # the one sentence of the window the claim overlaps most: hedge/negation live there
        best = max(win, key=lambda s: len(set(cstems) & idx.stem_sets[idx.pos[s.id]]), default=None)
        best_cover = (len(set(cstems) & idx.stem_sets[idx.pos[best.id]]) / max(len(set(cstems)), 1)) if best else 0.0

        num_issues, num_novel = check_numbers(claim, win, idx.sents, self.source.published)
        ent_issues, ent_novel = check_entities(claim, win, idx.lower, self.words)
        issues: list[Issue] = num_issues + ent_issues
        issues += check_quotes(claim, self.body_norm)
        issues += check_speaker(claim, idx.sents, self.find_quote)
        issues += check_actor(claim, win, idx.lower)
        rest = [idx.sents[i] for w in windows for i in idx.window_ids(w)]
        close = best if best is not None and best_cover >= 0.3 else None
        issues += check_hedge(claim, close, [s for s in rest if s is not close], best_cover)
        issues += check_causal(claim, win_text)
        issues += check_negation(claim, best, best_cover)
        ctx.issues = issues

        n = max(len(cstems), 1)
        novel_src = [w for w in cstems if w not in idx.all_stems]
        run = longest = 0
        for w in cstems:
            run = run + 1 if w not in idx.all_stems else 0
            longest = max(longest, run)
        big = list(zip(ctoks, ctoks[1:]))
        wtoks = [t for s in win for t in idx.toks[idx.pos[s.id]]]
        wbig = set(zip(wtoks, wtoks[1:]))
        kinds = {i.kind for i in issues}
        novel_w = sum(idx.weight(w) for w in novel_src) / idx.unseen_idf
        caps = [t for t in _CAPS.findall(claim.text)[1:] if t.lower() not in idx.lower]
        ctx.features = {
            "n_novel": min(len(novel_src), 6) / 6,
            "novel_idf": min(novel_w, 4) / 4,
            "rep": min(len(cstems) - len(set(cstems)), 3) / 3,
            "unk": float(bool(_UNK.search(claim.text))),
            "novel_cap": min(len(caps), 3) / 3,
            "big_novel": min(sum(b not in idx.bigrams for b in big), 8) / 8,
            "cover": windows[0].score if windows else 0.0,
            "cover_plain": sum(w in wst for w in cstems) / n,
            "src_cover": 1 - len(novel_src) / n,
            "src_cover_idf": 1 - (sum(idx.weight(w) for w in novel_src) / max(sum(idx.weight(w) for w in cstems), 1e-9)),
            "novel_run": min(longest, 6) / 6,
            "bigram_win": sum(b in wbig for b in big) / max(len(big), 1),
            "bigram_src": sum(b in idx.bigrams for b in big) / max(len(big), 1),
            "lcs": LCSseq.similarity(ctoks, wtoks) / max(len(ctoks), 1) if wtoks else 0.0,
            "length": math.log1p(len(ctoks)) / 4,
            "window_len": (len(win) - 1) / 2,
            "num_novel": min(num_novel, 2) / 2,
            "num_issue": float("number" in kinds),
            "ent_novel": min(ent_novel, 3) / 3,
            "ent_issue": float("entity" in kinds),
            "quote_issue": float("quote" in kinds),
            "attr_issue": float("attribution" in kinds),
            "hedge_issue": float("hedge" in kinds),
            "causal_issue": float("causal" in kinds),
            "neg_issue": float("negation" in kinds),
            "opinion": min(len(markers(claim.text, win_text)), 3) / 3,
        }
        return ctx


def validate(source: Article, derived: Article) -> list[str]:
    """Bad input raises InputError; doubtful input gives warnings."""
    for name, a in (("source", source), ("derived", derived)):
        if not a.sentences:
            raise InputError(a.input or name, f"empty {name} text: nothing to check")
        if a.language not in ("en", None) or not looks_english(" ".join(s.text for s in a.sentences[:40])):
            raise LanguageNotSupported(a.input or name, "language not supported (wellsourced reads English news)")
    warnings = []
    if " ".join(source.body.split()) == " ".join(derived.body.split()):
        warnings.append("derived text is identical to the source (same file twice?)")
    ws, wd = len(source.body.split()), len(derived.body.split())
    if wd > ws:
        warnings.append(f"the derived text is longer than the source ({wd} vs {ws} words): "
                        "expect much of it to be unsupported, or check that the source is the right one")
    if len(source.sentences) > LARGE_SOURCE:
        warnings.append(f"large source ({len(source.sentences)} sentences): evidence is searched among the BM25 "
                        "top candidates for each sentence, not exhaustively")
    return warnings


def decide(ctx: ClaimContext, j: Judgement, threshold: float, abstained: bool = False) -> Verdict:
    """abstained: the engine could not judge this claim (Engine.abstains and label None); the
    sentence is then unsupported (contradicted if a fact check found a conflict), never supported."""
    issues = ctx.issues + [i for i in j.issues if i not in ctx.issues]
    kinds = {i.kind for i in issues}
    ops = markers(ctx.claim.text, ctx.windows[0].text if ctx.windows else "")
    if abstained:
        label = "contradicted" if kinds & CONFLICT else "unsupported"
        ev = conflict_first(list(ctx.windows), issues)
        return Verdict(sentence=ctx.claim, label=label, score=round(min(float(j.score), 0.0 if label == "contradicted" else threshold / 2), 4),
                       evidence=ev, issues=issues)
    if j.label:
        label = j.label
    elif kinds & CONFLICT:
        label = "contradicted"
    elif "causal" in kinds:
        label = "unsupported"
    elif len(ops) >= 2 or (ops and j.score < threshold):
        label = "opinion"
    elif j.score >= threshold:
        label = "supported"
    else:
        label = "unsupported"
    if label == "supported":
        issues = []  # "invented" notes are only meaningful when the sentence fails
    elif label == "opinion":
        issues = [i for i in issues if i.kind != "invented"]
    elif label == "unsupported" and not issues:
        issues = [Issue(kind="invented", detail="no source sentence says this", derived_span=ctx.claim.text)]
    ev = list(ctx.windows)
    if 0 < j.evidence < len(ev):
        ev.insert(0, ev.pop(j.evidence))
    if label == "contradicted":
        ev = conflict_first(ev, issues)
    return Verdict(sentence=ctx.claim, label=label, score=round(float(j.score), 4), evidence=ev, issues=issues)


def conflict_first(evidence: list, issues: list[Issue]) -> list:
    """The window holding the conflicting source span leads: for a contradiction, the reader
    needs the sentence that says otherwise ("accused ... of cutting corners"), which is often
    not the one sharing the most words with the claim."""
    spans = [i.source_span[:60] for i in issues if i.kind in CONFLICT and i.source_span]
    k = next((k for k, w in enumerate(evidence) if any(sp in w.text for sp in spans)), 0)
    return [evidence[k]] + evidence[:k] + evidence[k + 1:] if k else evidence


def check(source: Article, derived: Article, engine: str = "default", prepared: Prepared | None = None, **engine_opts) -> CheckReport:
    """Every derived sentence with a verdict, its evidence and the kind of error."""
    warnings = validate(source, derived)
    _annotate(derived)  # the source is annotated lazily, window by window (see Prepared)
    prep = prepared or Prepared(source)
    eng = get_engine(engine, **engine_opts)
    threshold = getattr(eng, "threshold", 0.5)
    claims, verdicts = [], {}
    paras = {p: len(par.sentences) for p, par in enumerate(derived.paragraphs, 1)}
    for s in derived.sentences:
        if not_a_claim(s, paras.get(s.paragraph, 2)):
            verdicts[s.id] = Verdict(sentence=s, label="not a claim", score=1.0)
        else:
            claims.append(prep.context(s))
    for ctx, j in zip(claims, eng.judge(claims) if claims else []):
        abstained = bool(getattr(eng, "abstains", False) and j.label is None)
        verdicts[ctx.claim.id] = decide(ctx, j, threshold, abstained)
        if abstained:
            warnings.append(f"{eng.name} engine gave no usable judgement for {ctx.claim.id}: "
                            "counted as unsupported, not supported")
    warnings += [w for w in getattr(eng, "warnings", []) or [] if w not in warnings]
    ordered = [verdicts[s.id] for s in derived.sentences]
    scored = [v.score for v in ordered if v.label != "not a claim"]
    counts = {k: 0 for k in ("supported", "contradicted", "unsupported", "opinion", "not a claim")}
    for v in ordered:
        counts[v.label] += 1
    return CheckReport(engine=eng.name, source=source, derived=derived, verdicts=ordered,
                       score=round(min(scored), 4) if scored else 1.0, counts=counts, warnings=warnings)


def _annotate(*arts: Article) -> None:
    todo = [a for a in arts if not a.annotated]
    if todo:
        from ..facts.annotate import annotate_many

        list(annotate_many(todo))


def check_texts(source_text: str, derived_text: str, engine: str = "default", **engine_opts) -> CheckReport:
    from ..read import read_string

    if not derived_text.strip():
        raise InputError("derived", "empty derived text: nothing to check")
    if not source_text.strip():
        raise InputError("source", "empty source text: nothing to check")
    src = read_string(source_text, fmt="text", where="source", annotate=False)
    der = read_string(derived_text, fmt="text", where="derived", annotate=False)
    return check(src, der, engine, **engine_opts)
