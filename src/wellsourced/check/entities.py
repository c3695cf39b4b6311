"""Entity checks: a person/place/organisation the source does not name, or a changed one.

Names are looked up as whole words ("Oman" is not in "woman"), with aliases (US = U.S. =
United States) and demonyms ("Iraqi" = Iraq). A name the source does give elsewhere can still
be swapped in: "from Texas was elected" -> "from Ohio was elected" when the evidence sentence
has Texas where the claim has Ohio, with the same words either side.
"""
from __future__ import annotations

import re

from ..facts.entities import ALIASES, DEMONYMS, _parts, demonym_place, mentioned, names_match, normalise
from ..facts.numbers import MONTHS, find_numbers
from ..model import Entity, Issue, Sentence
from .copydiff import edits, overlaps
from .text import CAPITALISED, content, tokens

CHECKED = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"}
# kept for check/attribution.py, which compares places through their demonyms
_DEMONYM = DEMONYMS


def _key(norm: str) -> str:
    return demonym_place(norm)


# "Baghdad said" for "Iraq said": a capital stands for its country, not a swapped place
CAPITALS = {"baghdad": "iraq", "damascus": "syria", "tehran": "iran", "washington": "united states",
            "moscow": "russia", "kremlin": "russia", "beijing": "china", "london": "united kingdom", "paris": "france",
            "berlin": "germany", "kyiv": "ukraine", "kiev": "ukraine", "ankara": "turkey", "beirut": "lebanon",
            "jerusalem": "israel", "cairo": "egypt", "riyadh": "saudi arabia", "tokyo": "japan", "new delhi": "india",
            "delhi": "india", "islamabad": "pakistan", "kabul": "afghanistan", "rome": "italy", "madrid": "spain",
            "ottawa": "canada", "canberra": "australia", "brussels": "european union", "pyongyang": "north korea",
            "seoul": "south korea", "taipei": "taiwan", "tbilisi": "georgia", "kathmandu": "nepal", "dhaka": "bangladesh",
            "bangkok": "thailand", "hanoi": "vietnam", "manila": "philippines", "jakarta": "indonesia", "nairobi": "kenya",
            "abuja": "nigeria", "pretoria": "south africa", "addis ababa": "ethiopia", "khartoum": "sudan",
            "tripoli": "libya", "tunis": "tunisia", "algiers": "algeria", "rabat": "morocco", "amman": "jordan",
            "doha": "qatar", "abu dhabi": "united arab emirates", "muscat": "oman", "sanaa": "yemen", "kuwait city": "kuwait",
            "athens": "greece", "warsaw": "poland", "vienna": "austria", "budapest": "hungary", "prague": "czech republic",
            "stockholm": "sweden", "oslo": "norway", "copenhagen": "denmark", "helsinki": "finland", "dublin": "ireland",
            "edinburgh": "scotland", "cardiff": "wales", "lisbon": "portugal", "amsterdam": "netherlands",
            "the hague": "netherlands", "bern": "switzerland", "minsk": "belarus", "havana": "cuba", "caracas": "venezuela",
            "bogota": "colombia", "lima": "peru", "santiago": "chile", "buenos aires": "argentina", "brasilia": "brazil",
            "mexico city": "mexico", "wellington": "new zealand", "white house": "united states", "downing street": "united kingdom"}
_WORDS = re.compile(r"[a-z0-9]+")
_UNK = re.compile(r"(?:\W*(?:unk|<unk>|\[unk\])\W*)+", re.I)
_COUNTRY: dict[str, str] = {}
for _d, _c in DEMONYMS.items():
    _COUNTRY.setdefault(_c, _d)  # the first demonym listed for a place


def source_words(source_lower: str) -> set[str]:
    """The source's words, and its normalised names' words, for `known`."""
    return set(_WORDS.findall(normalise(source_lower[:2_000_000]).replace("-", " "))) | set(_WORDS.findall(source_lower))


def known(e: Entity, source_lower: str, words: set[str]) -> bool:
    """Is this claim entity named in the source? Decided on the source text, without NER of
    the source: the name itself, its normalised form, an alias ("U.S." = "United States"),
    a demonym ("Iraqi" = "Iraq"), or all the words of the name ("Shaibani" for "Asaad
    al-Shaibani", person surnames alone for persons). Always on whole words."""
    k = _key(e.norm)
    if mentioned(e.text.lower().replace("’", "'"), source_lower) or (len(k) > 3 and mentioned(k, source_lower)):
        return True
    forms = {k, e.norm, _COUNTRY.get(k, k)} | set(ALIASES.get(k, []))
    forms |= {d for d, place in DEMONYMS.items() if place == k}
    for f in sorted(forms):
        fw = _WORDS.findall(f)
        if fw and (len(f) > 3 or len(fw) > 1) and all(w in words for w in fw) and mentioned(f, source_lower):
            return True
        if len(f) <= 3 and fw and mentioned(f, source_lower):
            return True
    if any(place == k and mentioned(cap, source_lower) for cap, place in CAPITALS.items()):
        return True  # "Iraq condemned" for "Baghdad condemned"
    if " " not in k and len(k) >= 4 and any(w[:4] == k[:4] and _demonym_form(k, w) for w in words):
        return True  # "the Veradian government" for "Veradia's government"
    parts = [w for w in _parts(k) if len(w) > 2]
    if not parts:
        return False
    if e.label == "PERSON":
        return parts[-1] in words  # "Sudani" is "Mohammed Shia al-Sudani"
    return all(p in words for p in parts)


_TOK = re.compile(r"\w+|[^\w\s]")
_LIST = {"and", "or", ",", "&", "/"}  # words that join the names of a list


_POSS = re.compile(r"^['’]s?\b")


def _context(text: str, start: int, end: int) -> tuple[list[str], list[str]]:
    """Two tokens before and two after a span (a possessive ending skipped), lower case."""
    after = _POSS.sub("", text[end:])
    return [t.lower() for t in _TOK.findall(text[:start])[-2:]], [t.lower() for t in _TOK.findall(after)[:2]]


def _same_slot(a: tuple[list[str], list[str]], b: tuple[list[str], list[str]]) -> bool:
    """The same token just before and just after, and either both are words (not punctuation)
    or two tokens on one side are the same, one a word: "voted for Marsh, who" and "ran for the
    Civic Renewal Party, received" share only "for" and a comma, as any two names could."""
    (pa, na), (pb, nb) = a, b
    if not (na and nb) or na[0] != nb[0] or pa[-1:] != pb[-1:]:
        return False
    if not pa:
        return na[0].isalpha()  # at a sentence start, the same word after
    if pa[-1].isalpha() and na[0].isalpha():
        return True
    if (pa[-1].isalpha() or na[0].isalpha()) and "," not in (pa[-1], na[0]):
        return True  # "manager Ronald Koeman." / "in London.": a word on one side, no comma on the other
    # two tokens the same on one side, one a word: "lawyer, Paula Reyes, told" / "lawyer, Helen Grant, said"
    return any(len(x) == len(y) == 2 and x == y and any(t.isalpha() for t in x) for x, y in ((pa, pb), (na[:2], nb[:2])))


def _issue(kind: str, detail: str, e: Entity, s: Sentence | None = None, w: Entity | None = None) -> Issue:
    return Issue(kind=kind, detail=detail, derived_span=e.text, source_span=w.text if w else None, derived_start=e.start,
                 derived_end=e.end, source_id=s.id if s and w else None, source_start=w.start if w else None,
                 source_end=w.end if w else None)


def check_entities(claim: Sentence, window: list[Sentence], source_lower: str, words: set[str]) -> tuple[list[Issue], int]:
    issues: list[Issue] = []
    novel = 0
    win = [(s, w) for s in window for w in s.entities if w.label in CHECKED]
    for e in claim.entities:
        if e.label not in CHECKED or _UNK.fullmatch(e.text):
            continue  # the benchmarks' out-of-vocabulary token names nothing
        if known(e, source_lower, words):
            swap = _swapped(claim, e, win, source_lower)
            if swap:
                s, w = swap
                issues.append(_issue("entity", f"'{w.text}' -> '{e.text}'", e, s, w))
            continue
        novel += 1
        others = [(s, w) for s, w in win if not any(names_match(_key(w.norm), _key(c.norm)) for c in claim.entities)]
        # NER labels drift between texts ("Nordhavn" PERSON here, GPE there): same label first
        rival = sorted(others, key=lambda p: p[1].label != e.label)
        if rival:
            s, w = rival[0]
            issues.append(_issue("entity", f"'{w.text}' -> '{e.text}'", e, s, w))
        else:
            issues.append(_issue("invented", f"'{e.text}' is not named in the source", e))
    return issues, novel


def _swapped(claim: Sentence, e: Entity, win: list[tuple[Sentence, Entity]], source_lower: str):
    """A name the source gives, put where the evidence has another name of the same kind."""
    ctx = _context(claim.text, e.start, e.end)
    k = _key(e.norm)
    name = re.escape(e.text.lower())
    before = rf"{re.escape(ctx[0][-1])}\W*" if ctx[0] else ""
    after = rf"(?:['’]s)?\W*{re.escape(ctx[1][0])}" if ctx[1] else ""
    if re.search(rf"(?<!\w){before}{name}{after}(?!\w)", source_lower):
        return None  # the source says it this way somewhere
    listed = bool({*ctx[0][-1:], *ctx[1][:1]} & _LIST)
    for s, w in win:
        wk = _key(w.norm)
        if w.label != e.label or names_match(wk, k) or CAPITALS.get(wk, wk) == CAPITALS.get(k, k):
            continue
        if listed and any(names_match(wk, _key(c.norm)) for c in claim.entities):
            continue  # "Ohio and Texas" for "Texas and Ohio": a list in another order
        if listed and any(names_match(_key(x.norm), k) for x in s.entities):
            continue  # "New York, Pennsylvania, Ohio" -> "New York, Pennsylvania, Indiana": an item dropped, not swapped
        if _same_slot(ctx, _context(s.text, w.start, w.end)):
            return s, w
    return None


def _same_month(a: str, b: str) -> bool:
    """"Sept." and "September" are one month, not a changed name."""
    x, y = MONTHS.get(a.strip(". ")), MONTHS.get(b.strip(". "))
    return x is not None and x == y


def edited_entities(claim: Sentence, best: Sentence | None) -> list[Issue]:
    """A name changed inside text copied from one source sentence ("from Texas was elected" ->
    "from Ohio was elected", "the Hong Kong stock exchange" -> "the China stock exchange"):
    whatever else the source says of the new name, this sentence now says it of another. A name
    is what our NER tags or, as NER misses names, a capitalised word (opening the sentence, a
    proper noun to the tagger); aliases, demonyms, capitals for their country and a part of the name
    ("Obama" for "Barack Obama") are the same name; names reordered in a list are left alone."""
    if best is None:
        return []
    out: list[Issue] = []
    diff = edits(claim.text, best.text)
    # the sentence is a copy but for one stretch: where a name there changed, nothing else was reworded
    one = sum(bool(content(tokens(x.claim)) or content(tokens(x.source))) for x in diff) == 1
    for e in diff:
        if not (e.claim and e.source) or _UNK.search(e.claim):
            continue  # the benchmarks' out-of-vocabulary token names nothing
        mine = [x for x in claim.entities if x.label in CHECKED and overlaps(x.start, x.end, e.claim_span)]
        theirs = [x for x in best.entities if x.label in CHECKED and overlaps(x.start, x.end, e.source_span)]
        if not (_just_a_name(e.claim, e.claim_span[0], mine) and _just_a_name(e.source, e.source_span[0], theirs)):
            moved = one and _moved_name(e, mine, theirs, claim, best)
            if moved:
                out.append(moved)
            continue  # a description for a name ("the Premier League champions" -> "Manchester City"), a list
        # the edited words are compared (the entity may reach past them: "Fresno County Sheriff X")
        named_a = bool(mine) or bool(_name_in(e.claim, e.claim_span[0], claim.text))
        named_b = bool(theirs) or bool(_name_in(e.source, e.source_span[0], best.text))
        if named_a != named_b and _opening_word(*((e.claim, e.claim_span[0], e.source) if named_b
                                                  else (e.source, e.source_span[0], e.claim))):
            named_a = named_b = True  # "CNN: ..." -> "Greenpeace: ...": a name put in place of a name
        a = normalise(e.claim.lower()) if named_a else ""
        b = normalise(e.source.lower()) if named_b else ""
        if not (a and b) or _same_name(a, b) or _same_month(a, b):
            continue
        if set(e.before.split()[-1:] + e.after.split()[:1]) & _LIST and mentioned(e.claim.lower(), best.text.lower()):
            continue  # "Ohio and Texas" for "Texas and Ohio": the claim's words are in the sentence too
        ent = Entity(text=e.claim, label=mine[0].label if mine else "", norm=a, start=e.claim_span[0], end=e.claim_span[1])
        src = Entity(text=e.source, label=theirs[0].label if theirs else "", norm=b, start=e.source_span[0], end=e.source_span[1])
        out.append(_issue("entity", f"'{src.text}' -> '{ent.text}' (changed in copied text)", ent, best, src))
    return out


def _moved_name(e, mine: list[Entity], theirs: list[Entity], claim: Sentence, best: Sentence) -> Issue | None:
    """The one changed stretch of copied text swaps one name for another of the same kind, with a
    word or two around it changed ("admitted to the Brannock ward" -> "admitted to Marrowfield's
    children's ward"): one tagged name on each side, the claim's not in the source sentence and
    the sentence's not in the claim. Not a description for a name ("the Togo international" for
    "Adebayor": another kind of name), nor a list."""
    if len(mine) != 1 or len(theirs) != 1 or len(e.claim.split()) > 4 or len(e.source.split()) > 4:
        return None
    if mine[0].label != theirs[0].label and not (
            {mine[0].label, theirs[0].label} <= _PLACE_OR_BODY and _noun_after(claim.text, e.claim_span[1])):
        return None  # NER labels drift ("Brannock" ORG, "Marrowfield" PERSON): both modifying the same noun is the same slot
    x, y = mine[0], theirs[0]
    if _same_name(x.norm, y.norm) or mentioned(x.norm, normalise(best.text.lower())) \
            or mentioned(y.norm, normalise(claim.text.lower())):
        return None
    return _issue("entity", f"'{y.text}' -> '{x.text}' (changed in copied text)", x, best, y)


_PLACE_OR_BODY = {"PERSON", "ORG", "GPE", "LOC", "FAC"}


def _noun_after(text: str, end: int) -> bool:
    """The word right after `end` is a common noun ("... Marrowfield's children's| ward")."""
    from ..nlp import tagged

    at = end + len(text[end:]) - len(text[end:].lstrip())  # past the space
    return any(t.idx == at and t.pos_ == "NOUN" for t in tagged(text[:300]))


def edited_actor(claim: Sentence, best: Sentence | None, source_lower: str, source_text: str) -> list[Issue]:
    """A described actor changed inside copied text for another one the source describes
    ("said the regional authority had failed" -> "said the waste company had failed"). The
    claim's stretch is a lower-case description, both have two content words or more, none in common, and
    the claim's is found elsewhere in the source but not in this sentence: one actor put in
    another's place, not a synonym (a synonym would not be the source's own words)."""
    if best is None:
        return []
    for e in edits(claim.text, best.text):
        a, b = e.claim.strip(), e.source.strip()
        if not (a and b) or not _LOWER.fullmatch(a):
            continue  # the source's side may be a name ("criticised the Environment Agency")
        if find_numbers(a) or find_numbers(b):
            continue  # "two months" for "60 days": numbers are compared by the numbers rule, not as actors
        ca, cb = set(content(tokens(a))), set(content(tokens(b)))
        if len(ca) < 2 or len(cb) < 2 or ca & cb:
            continue
        if not re.search(rf"(?<![\w-]){re.escape(a)}(?![\w-])", source_text):
            continue  # the source writes it only capitalised: a name in lower-cased copy ("great yarmouth"), not a description
        if _phrase(a) in _phrase(source_lower) and _phrase(a) not in _phrase(best.text.lower()) \
                and _phrase(b) not in _phrase(claim.text.lower()):
            ent = Entity(text=e.claim, label="", norm=a, start=e.claim_span[0], end=e.claim_span[1])
            src = Entity(text=e.source, label="", norm=b, start=e.source_span[0], end=e.source_span[1])
            return [_issue("entity", f"'{e.source}' -> '{e.claim}': another of the source's actors in copied text", ent, best, src)]
    return []


_LOWER = re.compile(r"[a-z][a-z'’ -]*")


def _phrase(text: str) -> str:
    return " " + " ".join(_WORDS.findall(text)) + " "


_LEAD = re.compile(r"^(?:the|a|an)\s+", re.I)
_TAIL = re.compile(r"(?:['’]s?|[^\w\s]+)\s*$")


def _just_a_name(words: str, at: int, ents: list[Entity]) -> bool:
    """The stretch is a name and nothing else (a leading "the", a possessive, punctuation
    aside): one tagged entity covers it, or every word is capitalised. Not "Arsene Wenger's
    side", "the Togo international", "the US or Qatar"."""
    core = _TAIL.sub("", _LEAD.sub("", words))
    if not core:
        return False
    lo = at + words.find(core)
    if any(x.start <= lo and lo + len(core) <= x.end for x in ents):
        return True
    return all(w[0].isupper() for w in core.split())


def _name_in(words: str, at: int, sentence: str) -> str:
    """The capitalised words of an edited stretch, normalised ("" when none). The sentence's
    first word is capitalised whatever it is: it counts when it is in capitals ("HALDEN:", "CNN")
    or the tagger calls it a proper noun in its sentence ("Bennett did so", not "Investigators
    did so")."""
    caps = list(CAPITALISED.finditer(words))
    first = caps[0].group(0) if caps else ""
    if caps and at + caps[0].start() == 0 and not (len(first) > 1 and first.isupper()) and not _proper_noun_first(sentence):
        caps = caps[1:]
    return normalise(" ".join(m.group(0) for m in caps).lower()) if caps else ""


_FUNCTION = frozenset("the a an he she it they we i you this that these those his her their our its there here "
                      "one some many most all both each".split())


def _opening_word(words: str, at: int, other: str) -> bool:
    """The stretch is one capitalised word opening the sentence, not a pronoun or determiner:
    where the other side is a name, it names someone else ("Bennett did so" -> "Raman did so").
    Not when the name it replaces was a possessive: "Defence lawyer Helen Grant" for "Fenwick's
    lawyer, Helen Grant" puts a description where the owner was (the tagger cannot tell: it calls
    "Defence" and "Alawites" common nouns alike)."""
    m = CAPITALISED.fullmatch(words)
    if at != 0 or m is None or words.lower() in _FUNCTION:
        return False
    return not (_POSSESSIVE_END.search(other) and not _POSSESSIVE_END.search(words))


_POSSESSIVE_END = re.compile(r"['’]s?$")


def _proper_noun_first(sentence: str) -> bool:
    from ..nlp import tagged

    toks = tagged(sentence[:300])  # rare (an edit that opens the sentence): tagged on demand
    return len(toks) > 0 and toks[0].tag_ in ("NNP", "NNPS")


def _same_name(a: str, b: str) -> bool:
    ka, kb = _key(a), _key(b)
    return (names_match(ka, kb) or CAPITALS.get(ka, ka) == CAPITALS.get(kb, kb)
            or kb in ALIASES.get(ka, []) or ka in ALIASES.get(kb, []) or _demonym_form(ka, kb))


def _demonym_form(a: str, b: str) -> bool:
    """A place and the adjective made from it, for places no list holds ("Sarnia's government"
    -> "the Sarnian government", "Veradia" -> "Veradian"): one word, the other word with its last
    vowel turned into "-an", "-ian" or "-n"."""
    short, long = sorted((a.removesuffix("'s"), b.removesuffix("'s")), key=len)
    if " " in long or len(short) < 4:
        return False
    stem = short[:-1] if short[-1] in "aeoy" else short
    return long.startswith(stem) and long[len(stem):] in ("an", "ian", "n", "ans", "ians") and long != short


__all__ = ["check_entities", "edited_entities", "known", "normalise"]
