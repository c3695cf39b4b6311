"""The `trace` job: which articles of an index a derived text came from, and which source
sentence each derived sentence came from.

    report = trace(read_string(text), Index.open("news.idx"))

BM25 and TF-IDF give candidates; score.py reranks them by sentence-level coverage and
turns that into a calibrated probability; those above the model's threshold are the sources
(two when the two best each hold derived sentences the other lacks: a merged rewrite). Below it the answer is
"no source in this index" — an answer, not an error.
"""
from __future__ import annotations

import difflib
import os
import re
import sys

import numpy as np

from .. import _api_package
from ..errors import InputError
from ..index import Index, vectors
from ..index.tokens import terms
from ..model import Article, Candidate, Paragraph, SentenceSource, TracedSentence, TraceReport
from .score import Scored, calibrate, complementary, features, load_model, query, uses_embeddings

CANDIDATES = 30
MAX_SOURCES = 3
MATCH = 0.3  # a derived sentence is mapped to a sentence of a source that holds this share of its (idf-weighted) words
LOOSE = 0.4  # share of word stems for a paraphrased sentence of a found source
SECOND = 0.2  # a second source sentence is named when it adds this much coverage (merged sentences)
NO_SOURCE = "no source in this index"
_api_package(__name__)  # wellsourced.trace(...) stays the API function


def model_for(idx: Index) -> dict:
    """The shipped model for this index: with the embedding features when it has vectors and
    the encoder is installed (without it, the lexical model; trace() says so)."""
    return load_model(embed=idx.emb is not None and vectors.available())


def rank(idx: Index, derived: Article, k: int = CANDIDATES, model: dict | None = None) -> tuple[list[Scored], object]:
    """Candidates, best first (by the ranker), each with features and a calibrated probability."""
    model = model or model_for(idx)
    sents = [terms(s.text) for s in derived.sentences]
    q = query(idx, sents)
    allq = np.concatenate(q.ids) if q.ids else np.zeros(0, np.int64)
    cands = idx.search(allq[allq >= 0], k)
    qvec = None
    if uses_embeddings(model):
        if idx.emb is None:
            raise InputError(idx.path or "index", "this trace model needs an index built with --embed")
        qvec = vectors.embed([vectors.doc_text(derived.title, [s.text for s in derived.sentences])])[0]
    scored = features(idx, q, cands, qvec, model["features"])
    calibrate(scored, model)
    scored.sort(key=lambda c: (-c.z, c.row))
    return scored, q


def trace(derived: Article, index: Index, top: int = 5, model: dict | None = None, check: bool = False) -> TraceReport:
    if not derived.sentences or not any(terms(s.text) for s in derived.sentences):
        raise InputError(derived.input or "derived", "no words to trace")
    model = model or model_for(index)
    thr = float(model["threshold"])
    scored, q = rank(index, derived, max(CANDIDATES, top), model)
    _merged(index, derived, scored, model, thr)
    sources = [c for c in scored[:MAX_SOURCES] if c.prob >= thr]
    docs = {c.row: index.doc(c.row) for c in scored[: max(top, MAX_SOURCES)]}
    traced, covered, counts = _map_sentences(derived, sources, docs, q, index)
    dup_of = _dups_by_kept(index, [docs[c.row]["meta"]["id"] for c in scored[:top]])
    cands = [_candidate(c, i + 1, docs[c.row], counts.get(c.row, 0), traced, dup_of) for i, c in enumerate(scored[:top])]
    found = bool(sources)
    if found:
        head = cands[0]
        answer = f"source: {head.id}" + (f" ({head.title})" if head.title else "") + f", score {head.score:.2f}"
        if len(sources) > 1:
            answer += "; also " + ", ".join(cands[i].id for i in range(1, len(sources)))
    else:
        answer = NO_SOURCE
    report = TraceReport(derived=derived, found=found, answer=answer, candidates=cands, sentences=traced,
                         covered=round(covered, 4), threshold=thr,
                         index={"articles": len(index), "path": index.path,
                                "generation": os.path.basename(index._gen) if index._gen else None})
    if index.emb is not None and not uses_embeddings(model) and not vectors.available():
        report.warnings.append("the index has article embeddings, but they were not used: "
                               "the encoder is not installed (pip install 'wellsourced[embed]')")
    elif index.emb is not None and uses_embeddings(model) and index.emb.shape[1] < vectors.CHUNKS:
        report.warnings.append("the index has one vector per article (built before 0.1.0's second vector): "
                               "ranking is a little weaker on one-line summaries; `index build --embed` over it "
                               "adds the second vectors and keeps the others")
    if check and found:
        report.check = _check([docs[c.row] for c in sources], derived)
    elif check:
        report.warnings.append("--check skipped: no source found")
    return report


def _merged(index: Index, derived: Article, scored: list[Scored], model: dict, thr: float) -> None:
    """A rewrite merging two articles: when the two best candidates are complementary, trace
    each one's share of the derived sentences on its own; if each part finds its article above
    the threshold, both are sources (their scores are raised to the parts' scores)."""
    if len(scored) < 2 or not complementary(scored[0], scored[1]):
        return
    a, b = scored[0], scored[1]
    probs = []
    for c, other in ((a, b), (b, a)):
        part = [s for j, s in enumerate(derived.sentences) if c.cov[j] > other.cov[j]]
        sub = Article(id=derived.id, paragraphs=[Paragraph(sentences=part)])
        ss, _ = rank(index, sub, CANDIDATES, model)
        probs.append(ss[0].prob if ss and ss[0].row == c.row else 0.0)
    if min(probs) >= thr:
        a.prob, b.prob = max(a.prob, probs[0]), max(b.prob, probs[1])


def _map_sentences(derived: Article, sources: list[Scored], docs: dict, q, index: Index) -> tuple[list[TracedSentence], float, dict]:
    out, got, counts = [], 0.0, {}
    for j, s in enumerate(derived.sentences):
        best = max(sources, key=lambda c: (c.cov[j], -sources.index(c)), default=None)
        found: list[SentenceSource] = []
        if best is not None and best.cov[j] >= MATCH:
            sids = [int(best.best[j])]
            col = best.overlap[:, j]
            # A merged sentence: the best other source sentence, when it adds words the first lacks.
            if len(col) > 1 and best.cov[j] < 1 - SECOND:
                second = _second(best, j, q, docs[best.row]["sentences"], index)
                if second is not None:
                    sids.append(second)
            sent = docs[best.row]["sentences"]
            found.append(SentenceSource(article_id=docs[best.row]["meta"]["id"], sentence_ids=[sent[i][0] for i in sids],
                                        text=" ".join(sent[i][1] for i in sids), coverage=round(float(best.cov[j]), 4)))
            counts[best.row] = counts.get(best.row, 0) + 1
            got += best.cov[j] * q.wsum[j]
            # a rewrite merging two articles: the runner-up source also holds this sentence well
            for other in sources:
                if other is not best and other.cov[j] >= max(MATCH, best.cov[j] - 0.05):
                    osent = docs[other.row]["sentences"]
                    i = int(other.best[j])
                    found.append(SentenceSource(article_id=docs[other.row]["meta"]["id"], sentence_ids=[osent[i][0]],
                                                text=osent[i][1], coverage=round(float(other.cov[j]), 4)))
        if not found and sources:
            found = _loose(s.text, docs[sources[0].row])
        out.append(TracedSentence(sentence=s, sources=found))
    total = float(q.wsum.sum()) or 1.0
    return out, min(got / total, 1.0), counts


def _loose(text: str, doc: dict) -> list[SentenceSource]:
    """A paraphrased sentence of a found source ("killed" for "killing"): the source sentence
    sharing most word stems (first 4 letters), when it holds LOOSE of them."""
    want = {t[:4] for t in terms(text)}
    if len(want) < 3:
        return []
    best, share = None, 0.0
    for sid, stext in doc["sentences"]:
        got = len(want & {t[:4] for t in terms(stext)}) / len(want)
        if got > share:
            best, share = (sid, stext), got
    if best is None or share < LOOSE:
        return []
    return [SentenceSource(article_id=doc["meta"]["id"], sentence_ids=[best[0]], text=best[1], coverage=round(share, 4))]


def _second(c: Scored, j: int, q, sents: list, index: Index) -> int | None:
    """The source sentence that adds most of derived sentence j's (idf-weighted) words missing
    from the best one, when it adds at least SECOND: a derived sentence merging two."""
    first = int(c.best[j])
    col = c.overlap[:, j]
    want = {int(t) for t in q.ids[j] if t >= 0}
    missing = want - {index.term_id.get(t, -1) for t in terms(sents[first][1])}
    if not missing:
        return None
    best_i, best_gain = None, 0.0
    for i in np.argsort(-col, kind="stable")[:5].tolist():  # the few sentences sharing most words
        if i == first or col[i] <= 0:
            continue
        got = missing & {index.term_id.get(t, -1) for t in terms(sents[i][1])}
        gain = float(index.idf[sorted(got)].sum()) / max(q.wsum[j], 1e-9) if got else 0.0
        if gain > best_gain:
            best_i, best_gain = i, gain
    return best_i if best_gain >= SECOND else None


_WORDS = re.compile(r"\w+(?:['’]\w+)?")


def _shared(a: str, b: str, n: int = 3) -> list[str]:
    """The longest runs of words (4+) that `a` shares with `b`."""
    wa, wb = _WORDS.findall(a), _WORDS.findall(b)
    la, lb = [w.lower() for w in wa], [w.lower() for w in wb]
    sm = difflib.SequenceMatcher(None, la, lb, autojunk=False)
    runs = [m for m in sm.get_matching_blocks() if m.size >= 4]
    runs.sort(key=lambda m: (-m.size, m.a))
    return [" ".join(wa[m.a : m.a + m.size]) for m in runs[:n]]


def _candidate(c: Scored, rank_: int, doc: dict, matching: int, traced: list[TracedSentence], dup_of: dict) -> Candidate:
    meta = doc["meta"]
    passages: list[str] = []
    for t in traced[:12]:  # enough to show; difflib on every sentence of a long copy costs time
        for src in t.sources:
            if src.article_id == meta["id"]:
                passages += _shared(t.sentence.text, src.text, 1)
    passages = sorted(set(passages), key=lambda p: (-len(p.split()), p))[:3]
    n = len(c.cov)
    strong = int((c.cov >= MATCH).sum())
    reason = f"{strong} of {n} derived sentences have a matching sentence here"
    reason += f"; {c.feats[4]:.0%} of the derived words, {c.feats[6]:.0%} of its word pairs"
    if passages:
        reason += f"; longest shared passage: \"{passages[0]}\""
    dups = [{"id": a["id"], "reason": "same text"} for a in doc.get("aliases", [])] + dup_of.get(meta["id"], [])
    return Candidate(id=meta["id"], url=meta.get("url"), title=meta.get("title"), score=round(c.prob, 4), rank=rank_,
                     reason=reason, matching_sentences=matching, shared_passages=passages, duplicates=dups)


def _dups_by_kept(index: Index, ids: list[str]) -> dict:
    want = set(ids)
    out: dict[str, list] = {}
    for d in index.dups:
        if d["reason"].startswith("near copy") and d["of"] in want:
            out.setdefault(d["of"], []).append({"id": d["id"], "reason": d["reason"]})
    return out


def _check(found: list[dict], derived: Article):
    """`check` against every source found (each claim's evidence names its article)."""
    from ..check import check as run_check

    arts = [stored_article(d) for d in found]
    return run_check(arts if len(arts) > 1 else arts[0], derived)


def stored_article(doc: dict) -> Article:
    """A stored document back as an Article (paragraph numbers from its sentence ids)."""
    from ..model import Paragraph, Sentence

    meta = {k: v for k, v in doc["meta"].items() if k in Article.model_fields}
    paras: dict[int, list] = {}
    for sid, text in doc["sentences"]:
        if sid == "title":
            continue
        m = re.match(r"p(\d+)s(\d+)$", sid)
        paras.setdefault(int(m.group(1)) if m else 1, []).append((sid, text))
    art = Article(**meta)
    off = 0
    for pi in sorted(paras):
        sents = []
        for sid, text in paras[pi]:
            sents.append(Sentence(id=sid, text=text, start=off, end=off + len(text), paragraph=pi))
            off += len(text) + 1
        off += 1
        art.paragraphs.append(Paragraph(sentences=sents))
    return art


__all__ = ["trace", "rank", "stored_article", "NO_SOURCE"]


class _CallableModule(sys.modules[__name__].__class__):
    """`wellsourced.trace(...)` works even after this submodule replaced the package's
    `trace` function (Python binds a package attribute to a submodule when it is imported)."""

    def __call__(self, *args, **kwargs):
        return _api(*args, **kwargs)


def _api(derived, index, **opts):
    from .. import Index as _Index, read_string

    if isinstance(derived, str):
        derived = read_string(derived, where="derived", annotate=False)
    if isinstance(index, str):
        index = _Index.open(index)
    return trace(derived, index, **opts)


sys.modules[__name__].__class__ = _CallableModule
