"""The check pipeline: validate inputs, align every claim to source evidence, run the named
rules (rules.py), let an engine score, then name a verdict per claim.

A claim is any derived line that states something: sentences, the headline, bullets, list
items, captions. The source(s) are indexed once (`Prepared`); with several sources each
sentence keeps the article it came from, and evidence never spans two articles.
"""
from __future__ import annotations

import math
import re
from functools import cached_property

from rapidfuzz.distance import LCSseq

from ..errors import InputError, LanguageNotSupported
from ..model import PROBLEMS, Article, CheckReport, Issue, Paragraph, Sentence, Verdict
from ..nlp import require_english
from ..read.junk import promo_sentence
from .align import SourceIndex
from .engines import get_engine
from .engines.base import ClaimContext, Judgement
from .entities import source_words
from .omissions import find_omissions
from .opinion import factual_part, opinion_spans
from .quotes import normalise as qnorm
from .rules import RuleInput, run_rules
from .text import content, tokens

LARGE_SOURCE = 2000  # sentences; beyond this we say evidence search is candidate-only
# Issues that mean the source says otherwise (a conflicting span exists).
CONFLICT = {"number", "entity", "attribution", "quote", "hedge", "negation"}
# rules whose "invented" finding is a detail added to what the source says, not a note: the
# sentence is unsupported whatever the engine says
ADDED = ("numbers", "lists")
# The confidence a verdict decided by a rule gets at least: how often a rule's conflict is right.
# Set at 0.8 before measuring; bench/rule_flags.py then gave 0.93 on the tune halves of QAGS-C and
# FRANK (54 of 58 flagged sentences unfaithful) and 0.72 on the report halves (31 of 43), so 0.8 is
# kept as a value between the two (docs/check.md).
RULE_PRECISION = 0.8
TITLE = "title"  # the id of a headline taken as a claim or as evidence

# "Source: ..." is a credit line; "Sources said three people were found" is a claim: the
# one-word labels count only with their colon.
_CREDIT = re.compile(
    r"^\s*(?:(?:original source|sources?|photos?|images?|read more|related|via|credit|caption)\s*:|"
    r"(?:reporting by|editing by|written by|additional reporting|copyright|©|follow us|click here|"
    r"subscribe to|sign up|advertisement)\b)", re.I)
_UNK = re.compile(r"\[unk\]|<unk>", re.I)
_CAPS = re.compile(r"\b[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*\b")
_BULLET = re.compile(r"^\s*(?:[-*•·▪–—]|\d{1,3}[.)])\s+")
_LABEL = re.compile(r"^[^.!?]{1,40}:\s*$")  # "Key points:", "In brief:"


def not_a_claim(s: Sentence) -> bool:
    """Text that states nothing: credit and promo lines, labels, and short lines with no verb
    ("Alawite killings", "Key points:"). Headlines, bullets and short lines that state
    something ("Storm kills 12 people", "- 500 soldiers were killed") are claims."""
    t = _BULLET.sub("", s.text).strip()
    if not t or _CREDIT.match(t) or promo_sentence(t) or not re.search(r"[A-Za-z]", t) or _LABEL.match(t):
        return True
    if len(t.split()) > 8 or re.search(r"[.!?\"”]\s*$", t) or s.numbers:
        return False
    return not has_verb(t)


def has_verb(text: str) -> bool:
    from ..nlp import tagged

    return any(t.pos_ in ("VERB", "AUX") for t in tagged(text))


_QUOTE_OPENERS = "\"\u201c\u2018'"


class Prepared:
    """The indexed source(s) with the per-source things every claim reuses.

    The sources are joined into one evidence article: each source's headline is a sentence
    (id "title") ahead of its body, since summaries often restate it. With several sources,
    sentence ids are prefixed "<n>/" (n from 1) inside the pipeline and split back into
    (article id, sentence id) in the report.

    The source is not run through NER as a whole: numbers come from the regex finder for
    every sentence, and only the sentences a claim is aligned to (its evidence windows, a
    quotation's sentence) get entities and quotation speakers, lazily, once each."""

    def __init__(self, source: Article | list[Article]):
        from ..facts.numbers import find_numbers

        self.sources = list(source) if isinstance(source, (list, tuple)) else [source]
        self.source = evidence_article(self.sources)
        self.index = SourceIndex(self.source)
        self._ner: set[str] = {s.id for s in self.index.sents if s.entities or s.numbers} \
            if all(a.annotated for a in self.sources) else set()
        for s in self.index.sents:
            if not s.numbers:
                s.numbers = find_numbers(s.text)
        self.body_text = " ".join(s.text for s in self.index.sents)
        self.body_norm = qnorm(self.body_text)
        self._sent_norm: list[str] | None = None
        self.words = source_words(self.index.lower)

    @cached_property
    def charges(self):
        """What the source only alleges (check_accusation), found once, not once per claim."""
        from .attribution import source_charges

        return source_charges(self.index.sents)

    @cached_property
    def zeros(self):
        """The source's counts of zero (check_zero), found once, not once per claim."""
        from .numbers import source_zeros

        return source_zeros(self.index.sents)

    def annotate(self, sents: list[Sentence]) -> None:
        """Entities and quotations for these source sentences (those not done yet), one batch."""
        from ..facts.annotate import annotate_sentences, continue_quote

        todo = [s for s in sents if s.id not in self._ner]
        if not todo:
            return
        # a sentence opening with a quotation may go on with the one before it: annotate that too
        idx = self.index
        prev = {s.id: idx.sents[idx.pos[s.id] - 1] for s in todo if s.text[:1] in _QUOTE_OPENERS and idx.pos[s.id] > 0}
        have = {s.id for s in todo}
        todo += [p for p in {p.id: p for p in prev.values()}.values() if p.id not in self._ner and p.id not in have]
        todo.sort(key=lambda s: idx.pos[s.id])
        annotate_sentences(todo, numbers=False)
        self._ner.update(s.id for s in todo)
        for s in todo:
            if s.id in prev:
                continue_quote(prev[s.id], s)

    def published(self, s: Sentence):
        """The date of the article a source sentence is from: relative dates resolve against it."""
        k = self.index.doc[self.index.pos[s.id]]
        return self.sources[int(k) - 1 if k else 0].published

    def find_quote(self, q: str) -> Sentence | None:
        qn = qnorm(q)[:60]
        if self._sent_norm is None:  # normalised once per source, not once per quotation
            self._sent_norm = [qnorm(s.text) for s in self.index.sents]
        s = next((s for s, n in zip(self.index.sents, self._sent_norm) if qn and qn in n), None)
        if s is not None:
            self.annotate([s])
        return s

    def quote_context(self, q: str) -> str:
        """The source text a quotation may have been taken from, for fuzzy matching: the
        sentences sharing its rarest words and their neighbours. Bounded whatever the source's
        size, so long sources get the same fuzzy matching as short ones."""
        idx = self.index
        near = sorted({j for i in idx.bm25(content(tokens(q)), k=5) for j in (i - 1, i, i + 1) if 0 <= j < len(idx.sents)})
        return qnorm(" ".join(idx.sents[j].text for j in near))

    def context(self, claim: Sentence) -> ClaimContext:
        idx = self.index
        windows = idx.align(claim.text)
        ctx = ClaimContext(claim=claim, windows=windows, source=self.source)
        win = [idx.sents[i] for i in idx.window_ids(windows[0])] if windows else []
        rest = [idx.sents[i] for w in windows for i in idx.window_ids(w)]
        self.annotate(win)  # names are compared with the best window only; NER is the costly step
        ctoks = tokens(claim.text)
        cstems = content(ctoks)
        cset = set(cstems)
        # the one sentence of the window the claim overlaps most: hedge/negation live there
        best = max(win, key=lambda s: len(cset & idx.stem_sets[idx.pos[s.id]]), default=None)
        best_cover = (len(cset & idx.stem_sets[idx.pos[best.id]]) / max(len(cset), 1)) if best else 0.0
        x = RuleInput(claim=claim, windows=windows, window=win, evidence=rest, best=best, best_cover=best_cover, prep=self)
        ctx.issues = run_rules(x)
        ctx.features = self.features(claim, ctoks, cstems, windows, win, ctx.issues, x.notes)
        return ctx

    def features(self, claim, ctoks, cstems, windows, win, issues, notes) -> dict[str, float]:
        idx = self.index
        n = max(len(cstems), 1)
        wst = set().union(*(idx.stem_sets[idx.pos[s.id]] for s in win)) if win else set()
        novel_src = [w for w in cstems if w not in idx.all_stems]
        run = longest = 0
        for w in cstems:
            run = run + 1 if w not in idx.all_stems else 0
            longest = max(longest, run)
        big = list(zip(ctoks, ctoks[1:]))
        wtoks = [t for s in win for t in idx.toks[idx.pos[s.id]]]
        wbig = set(zip(wtoks, wtoks[1:]))
        kinds = {i.kind for i in issues}
        novel_w = math.fsum(idx.weight(w) for w in novel_src) / idx.unseen_idf
        caps = [t for t in _CAPS.findall(claim.text)[1:] if t.lower() not in idx.lower]
        from .opinion import markers

        return {
            "n_novel": min(len(novel_src), 6) / 6,
            "novel_idf": min(novel_w, 4) / 4,
            "rep": min(len(cstems) - len(set(cstems)), 3) / 3,
            "unk": float(bool(_UNK.search(claim.text))),
            "novel_cap": min(len(caps), 3) / 3,
            "big_novel": min(sum(b not in idx.bigrams for b in big), 8) / 8,
            "cover": windows[0].score if windows else 0.0,
            "cover_plain": sum(w in wst for w in cstems) / n,
            "src_cover": 1 - len(novel_src) / n,
            "src_cover_idf": 1 - (math.fsum(idx.weight(w) for w in novel_src) / max(math.fsum(idx.weight(w) for w in cstems), 1e-9)),
            "novel_run": min(longest, 6) / 6,
            "bigram_win": sum(b in wbig for b in big) / max(len(big), 1),
            "bigram_src": sum(b in idx.bigrams for b in big) / max(len(big), 1),
            "lcs": LCSseq.similarity(ctoks, wtoks) / max(len(ctoks), 1) if wtoks else 0.0,
            "length": math.log1p(len(ctoks)) / 4,
            "window_len": (len(win) - 1) / 2,
            "num_novel": min(notes.get("num_novel", 0), 2) / 2,
            "num_issue": float("number" in kinds),
            "ent_novel": min(notes.get("ent_novel", 0), 3) / 3,
            "ent_issue": float("entity" in kinds),
            "quote_issue": float("quote" in kinds),
            "attr_issue": float("attribution" in kinds),
            "hedge_issue": float("hedge" in kinds),
            "causal_issue": float("causal" in kinds),
            "neg_issue": float("negation" in kinds),
            "opinion": min(len(markers(claim.text, windows[0].text if windows else "")), 3) / 3,
        }


def evidence_article(sources: list[Article]) -> Article:
    """One article holding every source's headline and sentences, ids prefixed when there are
    several sources (copies: annotating evidence never touches the caller's articles)."""
    many = len(sources) > 1
    paras: list[Paragraph] = []
    for k, a in enumerate(sources, 1):
        pre = f"{k}/" if many else ""
        if a.title and a.title.strip():
            t = a.title.strip()
            paras.append(Paragraph(sentences=[Sentence(id=pre + TITLE, text=t, start=0, end=len(t), paragraph=0)]))
        for p in a.paragraphs:
            paras.append(Paragraph(sentences=[s.model_copy(update={"id": pre + s.id}) for s in p.sentences]))
    first = sources[0]
    return Article(id=first.id, title=first.title, input=first.input, paragraphs=paras,
                   annotated=all(a.annotated for a in sources))


def validate(sources: list[Article], derived: Article) -> list[str]:
    """Bad input raises InputError; doubtful input gives warnings."""
    for name, a in [("source", s) for s in sources] + [("derived", derived)]:
        if not a.sentences:
            raise InputError(a.input or name, f"empty {name} text: nothing to check")
        if a.language not in ("en", None):
            raise LanguageNotSupported(a.input or name, "language not supported (wellsourced reads English news)")
        require_english(((a.title or "") + "\n" + a.body)[:20_000], a.input or name)
    warnings = []
    sbody = " ".join(" ".join(a.body.split()) for a in sources)
    if sbody == " ".join(derived.body.split()):
        warnings.append("derived text is identical to the source (same file twice?)")
    from .swap import looks_swapped

    swapped = looks_swapped(sources, derived)
    warnings += [swapped] if swapped else []
    ws, wd = len(sbody.split()), len(derived.body.split())
    if wd > ws and not swapped:
        warnings.append(f"the derived text is longer than the source ({wd} vs {ws} words): "
                        "expect much of it to be unsupported, or check that the source is the right one")
    n = sum(len(a.sentences) for a in sources)
    if n > LARGE_SOURCE:
        warnings.append(f"large source ({n} sentences): evidence is searched among the BM25 "
                        "top candidates for each sentence, not exhaustively")
    return warnings


def decide(ctx: ClaimContext, j: Judgement, threshold: float, abstained: bool = False,
           opinions: list[Issue] | None = None, whole_opinion: bool = False) -> Verdict:
    """Combine the rules' findings with the engine's judgement. A rule's conflict always wins:
    an engine that says "supported" is recorded (engine_label) but cannot erase it. An invented
    cause, a number no source sentence gives or adds up to (rule "numbers", kind "invented"), or
    an item added to a list the source gives (rule "lists") makes the sentence unsupported
    whatever the engine says.

    abstained: the engine could not judge this claim (Engine.abstains and label None); the
    sentence is then unsupported (contradicted if a rule found a conflict), never supported.
    opinions: evaluative words the source does not use; with a factual part (`whole_opinion`
    False) that part was scored and decides between unsupported and opinion."""
    opinions = opinions or []
    issues = ctx.issues + [i for i in j.issues if i not in ctx.issues]
    kinds = {i.kind for i in issues}
    p = min(float(j.score), threshold / 2) if abstained else float(j.score)  # no answer is no support
    if kinds & CONFLICT:
        label = "contradicted"
    elif abstained or "causal" in kinds or j.label in PROBLEMS or any(i.kind == "invented" and i.rule in ADDED for i in ctx.issues):
        label = "unsupported" if j.label != "contradicted" else "contradicted"
    elif whole_opinion or (opinions and p >= threshold) or (j.label == "opinion" and not opinions):
        label = "opinion"
    elif j.label == "supported" or (j.label is None and p >= threshold):
        label = "supported"
    else:
        label = "unsupported"
    if label == "supported":
        issues = []  # "invented" notes are only meaningful when the sentence fails
    elif label == "unsupported" and not issues:
        issues = [Issue(kind="invented", rule="engine", detail="no source sentence says this",
                                 derived_span=ctx.claim.text, derived_start=0, derived_end=len(ctx.claim.text))]
    issues = issues + opinions
    ev = list(ctx.windows)
    if 0 < j.evidence < len(ev):
        ev.insert(0, ev.pop(j.evidence))
    if label == "contradicted":
        ev = conflict_first(ev, issues)
    if label == "supported":
        conf = p
    elif kinds & (CONFLICT | {"causal"}):  # a rule decided the label
        conf = max(1 - p, RULE_PRECISION)
    else:
        conf = 1 - p
    return Verdict(sentence=ctx.claim, label=label, confidence=round(conf, 4), score=round(p, 4),
                   engine_label=j.label, evidence=ev, issues=issues)


def conflict_first(evidence: list, issues: list[Issue]) -> list:
    """The window holding the conflicting source span leads: for a contradiction, the reader
    needs the sentence that says otherwise ("accused ... of cutting corners"), which is often
    not the one sharing the most words with the claim."""
    ids = [i.source_id for i in issues if i.kind in CONFLICT and i.source_id]
    k = next((k for k, w in enumerate(evidence) if any(x in w.sentence_ids for x in ids)), 0)
    return [evidence[k]] + evidence[:k] + evidence[k + 1:] if k else evidence


def contexts(prep: Prepared, s: Sentence) -> tuple[ClaimContext, ClaimContext, list[Issue], bool]:
    """The claim's context (rules, evidence), the context the engine scores (its factual part
    when an opinion clause is cut off), the opinion findings, and whether it is opinion whole.
    bench/common.py extracts training features through this too, so the model is fitted on
    what the engine is shown."""
    ctx = prep.context(s)
    ops = opinion_spans(s.text, " ".join(w.text for w in ctx.windows))
    scored, whole = ctx, False
    if ops:
        part = factual_part(s, ops)
        whole = part is None
        if part is not None:
            scored = prep.context(part)
            scored.issues = ctx.issues  # rules judge the whole claim; the engine its factual part
    return ctx, scored, ops, whole


def claims_of(derived: Article) -> list[Sentence]:
    """The derived text's claims in reading order: its headline first, when it has one."""
    out = []
    if derived.title and derived.title.strip():
        t = derived.title.strip()
        out.append(Sentence(id=TITLE, text=t, start=0, end=len(t), paragraph=0))
    return out + derived.sentences


def check(source: Article | list[Article], derived: Article, engine: str = "default",
          prepared: Prepared | None = None, **engine_opts) -> CheckReport:
    """Every claim of the derived text with a verdict, its evidence and the kind of error.
    `source` may be a list: each claim's evidence then names the article it is from."""
    sources = list(source) if isinstance(source, (list, tuple)) else [source]
    if not sources:
        raise InputError("source", "no source given")
    warnings = validate(sources, derived)
    claims = claims_of(derived)
    _annotate(derived, [c for c in claims if c.id == TITLE])  # sources: lazily, window by window (Prepared)
    prep = prepared or Prepared(sources)
    eng = get_engine(engine, **engine_opts)
    threshold = getattr(eng, "threshold", 0.5)
    verdicts: dict[str, Verdict] = {}
    todo: list[tuple[ClaimContext, ClaimContext, list[Issue], bool]] = []
    for s in claims:
        if not_a_claim(s):
            verdicts[s.id] = Verdict(sentence=s, label="not a claim", confidence=1.0, score=1.0)
            continue
        todo.append(contexts(prep, s))
    judged = eng.judge([t[1] for t in todo]) if todo else []
    for (ctx, scored, ops, whole), j in zip(todo, judged):
        abstained = bool(getattr(eng, "abstains", False) and j.label is None)
        ctx.windows = ctx.windows or scored.windows
        verdicts[ctx.claim.id] = decide(ctx, j, threshold, abstained, ops, whole)
        if abstained:
            warnings.append(f"{eng.name} engine gave no usable judgement for {ctx.claim.id}: "
                            "counted as unsupported, not supported")
    warnings += [w for w in getattr(eng, "warnings", []) or [] if w not in warnings]
    ordered = [verdicts[s.id] for s in claims]
    omissions = find_omissions(prep, ordered)  # on the pipeline's own sentence ids, before _attribute
    return report(eng.name, sources, derived, [_attribute(v, prep) for v in ordered], omissions, warnings)


def report(engine: str, sources: list[Article], derived: Article, verdicts: list[Verdict], omissions, warnings) -> CheckReport:
    factual = [v.score for v in verdicts if v.label not in ("not a claim", "opinion")]
    counts = {k: 0 for k in ("supported", "contradicted", "unsupported", "opinion", "not a claim")}
    for v in verdicts:
        counts[v.label] += 1
    n = sum(c for k, c in counts.items() if k != "not a claim")
    share = (counts["contradicted"] + counts["unsupported"]) / n if n else 0.0
    return CheckReport(engine=engine, sources=sources, derived=derived, verdicts=verdicts,
                       score=round(min(factual), 4) if factual else 1.0, counts=counts,
                       problem_share=round(share, 4), omissions=omissions, warnings=warnings)


def _attribute(v: Verdict, prep: Prepared) -> Verdict:
    """Evidence and findings name their source article; sentence ids lose the pipeline's prefix."""
    for e in v.evidence:
        e.source, e.sentence_ids = split_id(prep, e.sentence_ids[0])[0], [split_id(prep, x)[1] for x in e.sentence_ids]
    for i in v.issues:
        if i.source_id:
            i.source, i.source_id = split_id(prep, i.source_id)
    return v


def split_id(prep: Prepared, sid: str) -> tuple[str, str]:
    k, _, rest = sid.partition("/")
    if rest and len(prep.sources) > 1:
        return prep.sources[int(k) - 1].id, rest
    return prep.sources[0].id, sid


def _annotate(derived: Article, extra: list[Sentence]) -> None:
    if not derived.annotated:
        from ..facts.annotate import annotate_many

        list(annotate_many([derived]))
    if extra:
        from ..facts.annotate import annotate_sentences

        annotate_sentences(extra)


def check_texts(source_text: str, derived_text: str, engine: str = "default", **engine_opts) -> CheckReport:
    from ..read import read_string

    if not derived_text.strip():
        raise InputError("derived", "empty derived text: nothing to check")
    if not source_text.strip():
        raise InputError("source", "empty source text: nothing to check")
    src = read_string(source_text, fmt="text", where="source", annotate=False)
    der = read_string(derived_text, fmt="text", where="derived", annotate=False)
    return check(src, der, engine, **engine_opts)


__all__ = ["check", "check_texts", "Prepared"]
