"""Edits bench: python bench/edits.py [--engine default|lexical] [--limit N | --sample N] [--dump FILE]

Generates, deterministically (fixed seed), 2,000 one-edit variants of sentences taken from
bench source articles (the goyal-cnn articles and the trace corpus in /work/shared/bench),
and 1,000 controls, then checks each variant alone against its full source article with
`wellsourced.check.check`, and prints per edit type how often it is flagged.

Edit types (250 each; a type short of candidates is topped up from the others):
  number_changed   one number with a unit gets another value, unit kept ("300 workers" -> "330 workers")
  numbers_swapped  two numbers counting different things trade places ("300 workers and 12 stores")
  entity_swapped   a name replaced by another name of the same kind from the same article
  entity_absent    a name replaced by one of the same kind the source never mentions
  negation_added   "was killed" -> "was not killed"
  negation_removed "has not been" -> "has been", "wasn't" -> "was"
  hedge_dropped    "allegedly"/"reportedly"/"suspected"/"alleged" dropped, "accused of" -> "guilty of"
  speaker_changed  "X said" -> "Y said", Y another person of the same article
Controls: 500 verbatim copies, 500 reordered copies (an attribution moved from the end to
the front or back, a fronted time phrase moved to the end) that keep the meaning.

An edit counts as flagged when the check gives it a verdict of contradicted, unsupported or
opinion; "not a claim" and a check that raised count as misses. A control counts as passed
only when every verdict is "supported". Targets (issue 11): >= 99% flagged for every edit
type, >= 99% of controls supported.

The generator uses its own number regex and spaCy NER directly, not wellsourced.facts, so
the variants stay the same while the check rules change; read sources are cached in
$WELLSOURCED_CACHE (default /tmp/wellsourced-bench), keyed by the code version.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

SHARED = Path("/work/shared/bench")
for _p in Path(__file__).resolve().parents:
    if (_p / "shared/bench").exists():
        SHARED = _p / "shared/bench"
        break
SOURCES = [("goyal-cnn", SHARED / "summarization/goyal-cnn.jsonl", "article"), ("trace", SHARED / "trace/corpus.jsonl", "text")]
SEED = 11
N_EDITS, N_CONTROLS = 2000, 1000
EDITS = ["number_changed", "numbers_swapped", "entity_swapped", "entity_absent", "negation_added", "negation_removed",
         "hedge_dropped", "speaker_changed"]
CONTROLS = ["verbatim", "reordered"]
SPARE = 150  # spare variants kept per type, to top up a type that runs out of candidates
PER_ARTICLE = 2  # at most this many variants of one type from one article: spread over many sources
GEN_VERSION = "3"  # bump when the generator changes (it keys the variant cache)

# --- finding things to edit -------------------------------------------------------------

NUMBER_WORDS = "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty hundreds thousands dozens"
NUM = re.compile(r"(?<![\w.,$£€:/-])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|(?:" + "|".join(NUMBER_WORDS.split()) + r"))"
                 r"(?P<tail>(?:\s(?:million|billion|thousand))?(?:\s?%|\s(?:percent|per cent))?)"
                 r"\s(?:(?P<adj>[a-z][a-z-]{2,20})\s)?(?P<unit>[a-z][a-z-]{2,20})\b")
UNIT_STOP = set("and or to of in on at by for the a an as is was were are be been with from than that which who this "
                "years year's per cent percent times more less people's other".split())
YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
AUX_NEG = re.compile(r"\b(is|was|are|were|will|would|could|can|should|has|have|had|may|might|must)\s+(?!not\b|n't\b|never\b)"
                     r"([a-z]+)\b")
PARTICIPLE = re.compile(r"^(?:[a-z]+(?:ed|en)|been|being|made|said|told|found|held|built|sent|kept|left|paid|sold|seen|"
                        r"known|shown|given|taken|brought|caught|thought|bought|won|hit|hurt|shot|put|set|cut|led|fled)$")
NEG_FULL = re.compile(r"\b(is|was|are|were|will|would|could|can|should|has|have|had|may|might|must)\s+(not|never)\s+")
NEG_SHORT = {"isn't": "is", "wasn't": "was", "aren't": "are", "weren't": "were", "hasn't": "has", "haven't": "have",
             "hadn't": "had", "won't": "will", "wouldn't": "would", "couldn't": "could", "can't": "can", "cannot": "can",
             "shouldn't": "should"}
NEG_SHORT_RE = re.compile(r"\b(" + "|".join(re.escape(k) for k in NEG_SHORT) + r")\b", re.I)
HEDGES = [(re.compile(r"\ballegedly\s+", re.I), ""), (re.compile(r"\breportedly\s+", re.I), ""),
          (re.compile(r"\b(the|an|a|his|her|their|its)\s+alleged\s+", re.I), r"\1 "),
          (re.compile(r"\b(the|a|his|her|their|its)\s+suspected\s+", re.I), r"\1 "),
          (re.compile(r"\b(is|was|are|were|been)\s+accused\s+of\b", re.I), r"\1 guilty of")]
SAY = r"(?:said|says|told|added|explained|insisted|claimed|stated)"
NAME_LABELS = ("PERSON", "ORG", "GPE")
# Names the generator puts in place of a source name: invented people, real places and bodies,
# used only where the source article never mentions them.
ABSENT = {
    "PERSON": ["Margaret Okafor", "Daniel Whitcombe", "Priya Raman", "Tomasz Kowalczyk", "Elena Marquez", "Samuel Achterberg",
               "Harriet Lindqvist", "Kwame Mensah", "Rosalind Featherstone", "Ibrahim Haddad", "Yuki Tanabe", "Oliver Brannigan"],
    "ORG": ["the World Health Organization", "Greenpeace", "Interpol", "the Red Cross", "Amnesty International", "Toyota",
            "Unilever", "the Bank of England", "Oxfam", "Siemens", "the International Monetary Fund", "Nestle"],
    "GPE": ["Portugal", "Manitoba", "Nairobi", "Uruguay", "Kazakhstan", "Tasmania", "Lisbon", "Norway", "Ecuador", "Vietnam",
            "Bavaria", "Montreal"],
}


class Info(list):
    """A sentence's entities (dicts: text, label, start, end), with .nouns: start offsets of its nouns."""
    nouns: set[int] | None = None


def fluent_sentence(t: str) -> bool:
    n = len(t.split())
    return 8 <= n <= 45 and t[-1:] in ".!?\"”" and t[:1].isupper() and "\n" not in t and "|" not in t


def esc(name: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])")


def present(name: str, text: str) -> bool:
    """Whether a name (or its last word, for people) occurs in the text on word boundaries."""
    low = text.lower()
    parts = [name] + ([name.split()[-1]] if " " in name else [])
    return any(re.search(r"(?<![\w-])" + re.escape(p.lower().removeprefix("the ")) + r"(?![\w-])", low) for p in parts)


class Num:
    """A number in a sentence and the noun it counts (its offsets, as re.Match gives them)."""

    def __init__(self, m: re.Match, unit: str):
        self.m, self.u = m, unit

    def __getitem__(self, k):
        return self.m[self.u if k == "unit" else k]

    def start(self, k=0):
        return self.m.start(self.u if k == "unit" else k)

    def end(self, k=0):
        return self.m.end(self.u if k == "unit" else k)


def _numbers(t: str, ents):
    """Numbers with the noun they count: "300 workers", "12 new stores" (one adjective between)."""
    out = []
    nouns = ents.nouns or set()
    for m in NUM.finditer(t):
        if YEAR.match(m["num"]) and not m["tail"]:
            continue
        if m["adj"]:  # "12 new stores": unit after an adjective; "12 stores in": the first word is it
            a, u = m.start("adj") in nouns, m.start("unit") in nouns
            unit = "adj" if a and not u else "unit" if u and not a else None
        else:
            unit = "unit" if m.start("unit") in nouns else None  # "15 away", "2% higher": not what is counted
        if unit is None or m[unit] in UNIT_STOP:
            continue
        nxt = re.match(r"\s+(\w)", t[m.end(unit):])
        if nxt and m.end(unit) + nxt.start(1) in nouns:  # "38 league goals": the unit is the next noun
            continue
        if re.search(r"[A-Z][\w&]*\s$", t[:m.start()]):  # "FTSE 100 index": part of a name
            continue
        out.append(Num(m, unit))
    return out


def number_changed(t, ents, art, rng):
    ms = [m for m in _numbers(t, ents) if m["num"][0].isdigit()]
    if not ms:
        return None
    m = rng.choice(ms)
    raw = m["num"].replace(",", "")
    v = float(raw)
    dec = len(raw.split(".")[1]) if "." in raw else 0
    step = 10 ** max(0, len(raw.split(".")[0]) - 2)
    new = v + rng.choice([-1, 1]) * rng.randint(1, 9) * step if v > 10 else v + rng.randint(1, 5)
    if new <= 0 or new == v:
        new = v * 2 + 1
    txt = f"{new:,.{dec}f}" if "," in m["num"] else f"{new:.{dec}f}"
    if re.search(r"(?<![\d.,])" + re.escape(txt) + r"(?![\d,]|\.\d)", art):
        return None  # the new value is in the source: it could be right elsewhere
    return t[:m.start("num")] + txt + t[m.end("num"):], f"{m['num']} {m['unit']} -> {txt} {m['unit']}"


def numbers_swapped(t, ents, art, rng):
    ms = _numbers(t, ents)
    # not a conversion in brackets ("70 miles (113 kilometers)"): two counts of different things
    pairs = [(a, b) for i, a in enumerate(ms) for b in ms[i + 1:]
             if a["unit"].rstrip("s") != b["unit"].rstrip("s") and a["num"] != b["num"] and a["tail"] == b["tail"]
             and b.start() - a.end() < 80 and "(" not in t[a.end():b.start()]]
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    out = t[:a.start("num")] + b["num"] + t[a.end("num"):b.start("num")] + a["num"] + t[b.end("num"):]
    return out, f"{a['num']} {a['unit']} <-> {b['num']} {b['unit']}"


def _swap_entity(t, ents, rng, pool_of):
    cands = []
    for e in ents:
        if e.get("label") not in NAME_LABELS or len(e["text"]) < 3 or not e["text"][0].isupper() or len(e["text"].split()) > 4 \
                or "'" in e["text"] or "’" in e["text"]:
            continue
        for other in pool_of(e):
            cands.append((e, other))
    if not cands:
        return None
    e, other = rng.choice(cands)
    s = e["start"]
    return t[:s] + other + t[e["end"]:], f"{e['text']} -> {other}"


def _name_like(name: str) -> bool:
    """A capitalised name of letters ("Amber Rudd"), not "BBC1" or "margaret thatcher"."""
    return all(re.fullmatch(r"[A-Z][A-Za-z.'-]+", w) for w in name.split()) and len(name) >= 3


def _unrelated(a: str, b: str) -> bool:
    """Two names for different things: no shared word, and not aliases ("U.S." and "America"
    are one country: swapping them is no edit)."""
    from wellsourced.facts.entities import names_match, normalise

    wa, wb = set(a.lower().split()), set(b.lower().split())
    return not (wa & wb) and a.lower() not in b.lower() and b.lower() not in a.lower() \
        and not names_match(normalise(a), normalise(b))


def entity_swapped(t, ents, art, rng, art_ents=None):
    def pool(e):
        return sorted({o["text"] for o in art_ents if o.get("label") == e["label"] and _unrelated(o["text"], e["text"])
                       and _name_like(o["text"]) and not present(o["text"], t)
                       and (e["label"] != "PERSON" or len(o["text"].split()) == len(e["text"].split()))})
    return _swap_entity(t, ents, rng, pool)


def entity_absent(t, ents, art, rng, art_ents=None):
    def pool(e):
        names = [n for n in ABSENT[e["label"]] if not present(n, art)]
        if e["label"] == "PERSON" and len(e["text"].split()) == 1:  # a surname stays a surname
            names = [n.split()[-1] for n in names]
        if t[:e["start"]].rstrip().lower().endswith(("the", "a")):  # "the Pentagon" -> "the Interpol"
            names = [n.removeprefix("the ") for n in names]
        elif e["start"] == 0:
            names = [n[:1].upper() + n[1:] for n in names]
        return names[:3]
    return _swap_entity(t, ents, rng, pool)


def negation_added(t, ents, art, rng):
    ms = [m for m in AUX_NEG.finditer(t) if PARTICIPLE.match(m[2]) or m[1] in ("will", "would", "could", "can", "should",
                                                                               "may", "might", "must")]
    ms = [m for m in ms if m[2] not in ("be", "to", "also", "still", "only", "just", "already", "a", "the")]
    if not ms:
        return None
    m = rng.choice(ms)
    return t[:m.end(1)] + " not" + t[m.end(1):], f"{m[1]} {m[2]} -> {m[1]} not {m[2]}"


def negation_removed(t, ents, art, rng):
    ms = list(NEG_FULL.finditer(t)) + list(NEG_SHORT_RE.finditer(t))
    if not ms:
        return None
    # "not yet clear" -> "yet clear", "should -- even": removing the negation would not read
    ms = [m for m in ms if not re.match(r"\s*(?:yet|only|just|necessarily|even|always|--|[,.;:!?])", t[m.end():])]
    if not ms:
        return None
    m = rng.choice(ms)
    if m.re is NEG_FULL:
        return t[:m.end(1)] + " " + t[m.end():], f"{m[1]} {m[2]} -> {m[1]}"
    rep = NEG_SHORT[m[1].lower()]
    rep = rep.capitalize() if m[1][0].isupper() else rep
    return t[:m.start()] + rep + t[m.end():], f"{m[1]} -> {rep}"


def hedge_dropped(t, ents, art, rng):
    opts = [(rx, rep) for rx, rep in HEDGES if rx.search(t)]
    if not opts:
        return None
    rx, rep = rng.choice(opts)
    m = rx.search(t)
    out = rx.sub(rep, t, count=1)
    if m.start() == 0:
        out = out[:1].upper() + out[1:]
    return out, f"dropped '{m[0].strip()}'"


def speaker_changed(t, ents, art, rng, art_ents=None):
    people = [e for e in ents if e.get("label") == "PERSON" and _name_like(e["text"])]
    cands = []
    for e in people:
        name = re.escape(e["text"])
        if not (re.search(name + r",?\s+(?:who\s+\w+\s+)?" + SAY + r"\b", t) or re.search(SAY + r"\s+" + name + r"\b", t)):
            continue
        # full names only (2-3 words): one-word PERSONs are often misread ("Twitter")
        for o in sorted({o["text"] for o in art_ents if o.get("label") == "PERSON" and _name_like(o["text"])
                         and 2 <= len(o["text"].split()) <= 3}):
            o = o.split()[-1] if len(e["text"].split()) == 1 else o  # "Gill said" -> "Rudd said"
            if _unrelated(o, e["text"]) and not present(o, t) and len(o.split()) <= 3 and (e, o) not in cands:
                cands.append((e, o))
    if not cands:
        return None
    e, o = rng.choice(cands)
    return t[:e["start"]] + o + t[e["end"]:], f"{e['text']} said -> {o} said"


GENERATORS = {"number_changed": number_changed, "numbers_swapped": numbers_swapped, "entity_swapped": entity_swapped,
              "entity_absent": entity_absent, "negation_added": negation_added, "negation_removed": negation_removed,
              "hedge_dropped": hedge_dropped, "speaker_changed": speaker_changed}
NEEDS_ARTICLE_ENTS = {"entity_swapped", "entity_absent", "speaker_changed"}

# --- controls ---------------------------------------------------------------------------

_LEAD_OK = {"The", "A", "An", "It", "This", "That", "These", "Those", "There", "He", "She", "They", "We", "Its", "His",
            "Her", "Their", "Our", "Some", "Many", "Most", "Police", "Officials", "Authorities", "Several", "Two", "Three"}
TRAIL = re.compile(r"^(?P<body>[^\"“”]+?),\s+(?P<who>(?:[A-Z][\w.'-]*\s?){1,4}|(?:the|a|an)\s[\w\s'-]{2,40}?)\s+"
                   r"(?P<verb>said|says|added|told [\w\s]{2,20}?)(?P<when>\s+on\s+[A-Z][a-z]+day)?\.$")
LEAD = re.compile(r"^(?P<who>(?:[A-Z][\w.'-]*\s?){1,4})\s+(?P<verb>said|says)(?P<when>\s+on\s+[A-Z][a-z]+day)?\s+(?:that\s+)?"
                  r"(?P<body>[a-z][^\"“”]+)\.$")
FRONT = re.compile(r"^(?P<prep>On|In|Last|Earlier this|This|Since)\s(?P<when>[^,]{2,25}),\s(?P<body>[a-z][^\"“”]+|"
                   r"(?:the|a|an)\s[^\"“”]+)\.$")


def _lower_first(body: str) -> str | None:
    w = body.split()[0]
    if w in _LEAD_OK and w not in ("Police", "Officials", "Authorities"):
        return body[:1].lower() + body[1:]
    return body if w in ("Police", "Officials", "Authorities") or not w.isalpha() else None


def reordered(t, ents, art, rng):
    """An attribution moved, or a fronted time phrase moved to the end: same meaning."""
    out = []
    m = TRAIL.match(t)
    if m and len(m["body"].split()) >= 5:
        body = _lower_first(m["body"])
        who = m["who"].strip()
        if body is not None and who[:1].isupper():
            out.append((f"{who} {m['verb']}{m['when'] or ''} that {body}.", "trailing attribution to the front"))
        elif body is not None and who.split()[0] in ("the", "a", "an"):
            out.append((f"{who[:1].upper()}{who[1:]} {m['verb']}{m['when'] or ''} that {body}.", "trailing attribution to the front"))
    m = LEAD.match(t)
    if m and len(m["body"].split()) >= 5 and not m["body"].startswith(("he ", "she ", "they ", "it ", "his ", "her ")):
        who = m["who"].strip()
        who = who.lower() if who in ("He", "She", "They", "We", "I", "It") else who
        out.append((f"{m['body'][:1].upper()}{m['body'][1:]}, {who} {m['verb']}{m['when'] or ''}.",
                    "leading attribution to the end"))
    m = FRONT.match(t)
    # a short one-clause body only: at the end of a long sentence the phrase could attach elsewhere
    if m and 5 <= len(m["body"].split()) <= 20 and "," not in m["body"] and " and " not in m["body"]:
        out.append((f"{m['body'][:1].upper()}{m['body'][1:]} {m['prep'].lower()} {m['when']}.", "fronted time phrase to the end"))
    if not out:
        return None
    return rng.choice(out)


def verbatim(t, ents, art, rng):
    return t, "verbatim"


CONTROL_GENERATORS = {"verbatim": verbatim, "reordered": reordered}

# --- building the set -------------------------------------------------------------------


def load_sources(limit_articles: int | None = None) -> list[tuple[str, str]]:
    """(id, text) of every bench source article, in a seeded order that does not depend on file order."""
    out = []
    for tag, path, field in SOURCES:
        for line in open(path, encoding="utf-8"):
            r = json.loads(line)
            if len(r[field]) > 400:
                out.append((f"{tag}:{r['id']}", r[field]))
    out = sorted(dict(out).items(), key=lambda kv: hashlib.sha1(f"{SEED}:{kv[0]}".encode()).hexdigest())
    return out[:limit_articles] if limit_articles else out


def read_source(text: str, where: str):
    from wellsourced.read import read_string

    return read_string(text, fmt="text", where=where, annotate=False)


def generate(limit: int | None = None) -> list[dict]:
    """Variants, deterministic for a given seed and corpus: quotas per type, at most
    PER_ARTICLE of each type from one article, articles in seeded order."""
    import spacy

    from wellsourced.nlp import MODEL

    scale = (limit / (N_EDITS + N_CONTROLS)) if limit else 1.0
    quota = {k: max(1, round(N_EDITS * scale / len(EDITS))) for k in EDITS}
    quota.update({k: max(1, round(N_CONTROLS * scale / len(CONTROLS))) for k in CONTROLS})
    got: dict[str, list[dict]] = defaultdict(list)
    spare: dict[str, list[dict]] = defaultdict(list)
    # NER (whole article: names to swap in) only while a name type is short; the tagger only
    # on sentences with a number (what it counts must be a noun). Both are the costly part.
    ner = spacy.load(MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
    tagger = spacy.load(MODEL, exclude=["parser", "ner", "lemmatizer", "attribute_ruler"])
    seen_sent = set()
    for aid, text in load_sources():
        need = [k for k in quota if len(got[k]) < quota[k]]
        if not need:
            break
        try:
            art = read_source(text, aid)
        except Exception:  # noqa: BLE001 - a source the reader refuses is skipped
            continue
        sents = [s.text for s in art.sentences if fluent_sentence(s.text)]
        if not sents:
            continue
        body = art.body
        infos = [Info() for _ in sents]
        if NEEDS_ARTICLE_ENTS & set(need):
            for info, d in zip(infos, ner.pipe(sents)):
                info.extend({"text": e.text, "label": e.label_, "start": e.start_char, "end": e.end_char} for e in d.ents)
        if {"number_changed", "numbers_swapped"} & set(need):
            idx = [i for i, t in enumerate(sents) if NUM.search(t)]
            for i, d in zip(idx, tagger.pipe(sents[i] for i in idx)):
                infos[i].nouns = {tok.idx for tok in d if tok.tag_ in ("NN", "NNS")}
        art_ents = [e for es in infos for e in es]
        rng = random.Random(f"{SEED}:{aid}")
        for kind in quota:  # filled types too: their spares top up types short of candidates
            if kind not in need and len(spare[kind]) >= SPARE:
                continue
            gen = GENERATORS.get(kind) or CONTROL_GENERATORS[kind]
            made = []
            order = list(range(len(sents)))
            rng.shuffle(order)
            for i in order:
                if len(made) >= PER_ARTICLE or sents[i] in seen_sent:
                    continue
                if kind.startswith("number") and infos[i].nouns is None:
                    continue
                kw = {"art_ents": art_ents} if kind in NEEDS_ARTICLE_ENTS else {}
                r = gen(sents[i], infos[i], body, rng, **kw)
                if r is None or (kind != "verbatim" and r[0] == sents[i]):
                    continue
                made.append({"type": kind, "source_id": aid, "original": sents[i], "variant": r[0], "edit": r[1]})
            for v in made:
                seen_sent.add(v["original"])
                (got if len(got[kind]) < quota[kind] else spare)[kind].append(v)
    # a type short of candidates is topped up from the spare variants of the others (edits from
    # edits, controls from controls), round robin, so the totals stay 2,000 and 1,000
    for group in (EDITS, CONTROLS):
        short = sum(max(0, quota[k] - len(got[k])) for k in group)
        donors = [k for k in group if spare[k]]
        while short > 0 and donors:
            for k in list(donors):
                if short and spare[k]:
                    got[k].append(spare[k].pop(0))
                    short -= 1
                if not spare[k]:
                    donors.remove(k)
    out = [v for k in EDITS + CONTROLS for v in got[k]]
    for i, v in enumerate(out):
        v["id"] = f"edit-{i:04d}"
    return out


def cached(path: Path, make):
    if path.exists():
        with open(path, "rb") as f:
            return pickle.load(f)
    out = make()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as f:
        pickle.dump(out, f)
    tmp.replace(path)
    return out


# --- checking ---------------------------------------------------------------------------


def run(variants: list[dict], engine: str, sources: dict[str, str], cache: Path, version: str):
    from wellsourced.check import Prepared, check
    from wellsourced.read import read_string

    need = sorted({v["source_id"] for v in variants})
    arts = cached(cache / f"edits-sources-{hashlib.sha1(' '.join(need).encode()).hexdigest()[:10]}-{version}.pkl",
                  lambda: {a: read_source(sources[a], a) for a in need})
    by_src = defaultdict(list)
    for v in variants:
        by_src[v["source_id"]].append(v)
    results = {}
    t = time.perf_counter()
    for sid in need:
        prep = Prepared(arts[sid])
        for v in by_src[sid]:
            try:
                der = read_string(v["variant"], fmt="text", where=v["id"], annotate=False)
                rep = check(arts[sid], der, engine=engine, prepared=prep)
                results[v["id"]] = [x.label for x in rep.verdicts]
            except Exception as e:  # noqa: BLE001 - counted as an error: neither flagged nor supported
                results[v["id"]] = [f"error: {type(e).__name__}: {e}"[:200]]
            if len(results) % 250 == 0:
                print(f"  checked {len(results)}/{len(variants)} ({time.perf_counter() - t:.0f} s)", file=sys.stderr, flush=True)
    return results, time.perf_counter() - t


FLAG = {"contradicted", "unsupported", "opinion"}


def table(variants, results, secs, engine) -> str:
    rows = defaultdict(Counter)
    for v in variants:
        labels = results[v["id"]]
        c = rows[v["type"]]
        c["n"] += 1
        if any(lab.startswith("error") for lab in labels):
            c["error"] += 1
        elif v["type"] in EDITS:
            c["flagged" if any(lab in FLAG for lab in labels) else "missed"] += 1
            c["contradicted"] += "contradicted" in labels
            c["not a claim"] += all(lab == "not a claim" for lab in labels)
        else:
            c["supported" if all(lab == "supported" for lab in labels) else "flagged"] += 1
            c["not a claim"] += "not a claim" in labels
    lines = [f"engine {engine}: {len(variants)} variants checked in {secs:.1f} s = {len(variants) / max(secs, 1e-9):.1f} sentences/s",
             "", f"{'edit type':18s} {'n':>5s} {'flagged':>8s} {'rate':>7s} {'contradicted':>12s} {'not a claim':>11s} "
             f"{'errors':>6s}  target"]
    for k in EDITS:
        c = rows[k]
        if c["n"]:
            lines.append(f"{k:18s} {c['n']:5d} {c['flagged']:8d} {c['flagged'] / c['n']:7.1%} {c['contradicted']:12d} "
                         f"{c['not a claim']:11d} {c['error']:6d}  >= 99% flagged")
    n = sum(rows[k]["n"] for k in EDITS)
    f = sum(rows[k]["flagged"] for k in EDITS)
    if n:
        lines.append(f"{'all edits':18s} {n:5d} {f:8d} {f / n:7.1%}")
    lines += ["", f"{'control':18s} {'n':>5s} {'supported':>9s} {'rate':>7s} {'flagged':>8s} {'not a claim':>11s} {'errors':>6s}  target"]
    for k in CONTROLS:
        c = rows[k]
        if c["n"]:
            lines.append(f"{k:18s} {c['n']:5d} {c['supported']:9d} {c['supported'] / c['n']:7.1%} {c['flagged']:8d} "
                         f"{c['not a claim']:11d} {c['error']:6d}  >= 99% supported")
    return "\n".join(lines)


def main() -> None:
    from common import CACHE, code_version

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--engine", default="default", help="check engine: default or lexical (any registered engine)")
    ap.add_argument("--limit", type=int, default=None,
                    help="generate and check only this many variants (same share of each type; quick, not the full set's variants)")
    ap.add_argument("--sample", type=int, default=None,
                    help="check every k-th variant of each type of the full set (k = 3000 / N): same variants as a full run")
    ap.add_argument("--dump", help="write the variants and their verdicts to this JSONL file")
    ap.add_argument("--unseen", action="store_true",
                    help="only variants of articles the claim model never trained on (train/make_data.py used the goyal-cnn "
                         "articles: these are the trace-corpus articles of the faithfulness sets)")
    ap.add_argument("--show-misses", type=int, default=0, help="print this many missed edits / failed controls per type")
    a = ap.parse_args()
    version = code_version()
    sources = dict(load_sources())
    key = f"edits-variants-{SEED}-{GEN_VERSION}-{a.limit or 'all'}.pkl"  # bump GEN_VERSION when the generator changes
    t = time.perf_counter()
    variants = cached(CACHE / key, lambda: generate(a.limit))
    if a.sample:
        k = max(1, round(len(variants) / a.sample))
        variants = [v for kind in EDITS + CONTROLS for v in [x for x in variants if x["type"] == kind][::k]]
    if a.unseen:
        seen = {f"trace:{r['id']}" for r in map(json.loads, open(SOURCES[1][1], encoding="utf-8")) if "goyal-cnn" in str(r["origins"])}
        variants = [v for v in variants if v["source_id"].startswith("trace:") and v["source_id"] not in seen]
    print(f"{len(variants)} variants from {len({v['source_id'] for v in variants})} source articles "
          f"(generated or loaded in {time.perf_counter() - t:.1f} s)")
    results, secs = run(variants, a.engine, sources, CACHE, version)
    print(table(variants, results, secs, a.engine))
    if a.show_misses:
        for k in EDITS + CONTROLS:
            bad = [v for v in variants if v["type"] == k and
                   ((k in EDITS and not any(x in FLAG for x in results[v["id"]])) or
                    (k in CONTROLS and not all(x == "supported" for x in results[v["id"]])))]
            for v in bad[:a.show_misses]:
                print(f"\n[{k}] {v['id']} {v['edit']} -> {results[v['id']]}\n  source : {v['original']}\n  variant: {v['variant']}")
    if a.dump:
        with open(a.dump, "w", encoding="utf-8") as f:
            for v in variants:
                f.write(json.dumps({**v, "verdicts": results[v["id"]]}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
