"""Who said it, who did it, and how sure the source is: speaker/actor swaps, accusations
stated as fact, flipped negation."""
from __future__ import annotations

import re
from functools import lru_cache

from ..facts.entities import names_match, normalise
from ..facts.quotes import PRONOUNS
from ..model import Issue, Sentence
from .copydiff import edits
from .text import CAPITALISED, clause_of, content, stem, tokens

# The source reports a claim without vouching for it.
ACCUSE = re.compile(
    r"\b(accus(?:ed|es|ing|ations?)|alleg(?:ed|edly|es?|ing)|allegations?|suspected of|suspected|said to be|said to have|"
    r"reportedly|purported(?:ly)?|charged with|on suspicion of|who (?:they|he|she|it|officials) (?:say|said|says)|"
    r"claim(?:s|ed|ing)? (?:that|to)|"
    r"is believed to|are believed to|were believed to)\b", re.I)
# Words in the derived sentence that keep the distance (so the accusation is not stated as fact).
KEEPS = re.compile(
    r"\b(accus\w*|alleg\w*|suspect\w*|said|says|say|reportedly|purported\w*|charged|claim\w*|believ\w*|according to|admit\w*|"
    r"perceived|suspicion|reported|denied|deny|denies|argu(?:es|ed|ing)|insist\w*|contend\w*|"
    # a claim that names the disagreement keeps it open ("Playmarket and its maker disagree about why")
    r"disagree\w*|disput\w*|contest\w*|critici[sz]\w*|challeng\w*|questions?|questioned|unproven|unverified)\b", re.I)
# Negators, and the verbs that negate what they govern ("refused to concede" = did not concede)
NEG = re.compile(r"\b(not|never|no longer|no one|nobody|none|neither|nor|without|cannot|n't|"
                 # "not yet known" = "unknown": the prefix negates as "not" does
                 r"unknown|unclear|uncertain|unconfirmed|undecided|unable|unaware|unharmed|uninjured|unsure|(?:has|have|is|are) yet to|"
                 r"(?<!vote of )(?<!votes of )no(?=\s+[a-z])(?!\s+(?:more|fewer|less|doubt|matter|sooner|wonder|later|to)\b)|"
                 r"(?:refuse[sd]?|refusing|decline[sd]?|declining|fail(?:s|ed|ing)?) to)\b|n't\b", re.I)
# a negation in other words: "rather than" for ", not", "unless" for "if not", "lacked" for "did
# not have", "fell short of" for "did not meet". Not negators themselves ("raised $850 million
# rather than $1.2 billion" says no "not"), but a text using one may stand for the other's "not"
IMPLIED = re.compile(r"\b(?:rather than|instead of|unless|lack(?:s|ed|ing)?|(?:fall|falls|fell|falling) short|"
                     r"unaffected|unpaid|unsafe|unlawful|unchanged|unresolved|unanswered|unsuccessful|unavailable|"
                     r"undoubtedly)\b", re.I)


# "not only ... but" says both; a claim's "is not the only lender to collapse" denies nothing (the
# source may say "the third lender to collapse"), but a source's "not the only" dropped is a change
_BOTH = re.compile(r"\bnot only\b(?=[^.;]*\bbut\b)", re.I)
_NOT_ALONE = re.compile(r"\bnot the only\b", re.I)


def _polar(claim: str, source: str) -> tuple[str, str]:
    """The claim and the source sentence with the negations that deny nothing taken out: "not
    only ... but" on either side, the claim's own "not the only" (and the same words in the
    source, where the claim copies them)."""
    mine, theirs = _BOTH.sub("only", claim), _BOTH.sub("only", source)
    if _NOT_ALONE.search(mine):
        mine, theirs = _NOT_ALONE.sub("the only", mine), _NOT_ALONE.sub("the only", theirs)
    return mine, theirs


def _implied(plain: str, negated: str) -> bool:
    """Does the text without the "not" say it in other words? Only with a phrase of its own: a
    "rather than" copied from the other text ("... were not part of the framework, rather than
    ..." -> "were part of") stands for nothing."""
    own = {m.group(0).lower() for m in IMPLIED.finditer(plain)}
    return bool(own - {m.group(0).lower() for m in IMPLIED.finditer(negated)})
_CLAUSE_END = re.compile(r"[,;:()\u2014\u2013]|\s-\s|\s-\s-\s|\b(?:and|but|while|although|whereas)\b", re.I)
_VERBS = {"said", "says", "say", "has", "have", "had", "is", "was", "were", "are", "will", "would", "did", "does",
          "told", "sent", "met", "hit", "led", "made", "took", "gave", "and", "or", "but", "also", "can", "could", "may"}
_OF = re.compile(r"\bof\b", re.I)
_THAT = re.compile(r"\bthat\b", re.I)
_UNK = re.compile(r"unk", re.I)  # the benchmarks' out-of-vocabulary token, not a name
_MODIFIER = re.compile(r"\s+([a-z][a-z-]{2,})\b")
_CAP_BEFORE = re.compile(r"([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)?)\s+$")


def check_hedge(claim: Sentence, best: Sentence | None, others: list[Sentence], best_cover: float = 0.0) -> list[Issue]:
    """The source reports an accusation ("accused the company of cutting corners") and the claim
    states it as fact. The accusation is often not in the sentence that shares the most words
    with the claim, so every evidence sentence is looked at: in the closest one, one word of the
    marker's scope in the claim is enough; elsewhere only "accused/alleged/charged" count, with
    two words of their scope ("accused the council of ignoring its study" is not about "the
    council voted"). When the closest sentence says nearly all the claim says (`best_cover`
    >= 0.8), the source states it itself, and accusations elsewhere do not apply."""
    if KEEPS.search(claim.text):
        return []
    if best is not None and best_cover >= 0.8:
        others = []
    have = set(content(tokens(claim.text)))
    for s, need in [(best, 1)] * (best is not None) + [(o, 2) for o in others]:
        for m in ACCUSE.finditer(s.text):
            if need > 1 and not m.group(0).lower().startswith(("accus", "alleg", "charged")):
                continue  # away from the closest sentence, only an explicit accusation counts
            after, want = s.text[m.end():], need
            if m.group(0).lower().startswith("accus"):  # "accused the company of cutting corners": the charge follows "of"
                of = _OF.search(_CLAUSE_END.split(after, maxsplit=1)[0])
                after = after[of.end():] if of else after
            elif m.group(0).lower().startswith(("alleg", "claim")):  # "allegations from two former staff that
                that = _THAT.search(_CLAUSE_END.split(after, maxsplit=1)[0])  # managers set targets": after "that"
                if that and after[:that.start()].strip():
                    want = max(need, 3)  # whose allegation it is came first: three words of what they allege
                after = after[that.end():] if that else after
            # away from the closest sentence, two of the charge's first three words ("accused the
            # rebels of firing mortars at an army post" is not about "stop artillery fire")
            if _in_scope(after, have, 6 if need == 1 else 3, need=want, head=2):
                span = s.text[m.start(): min(len(s.text), m.end() + 40)].strip()
                return [Issue(kind="hedge", detail=f"the source reports an accusation ('{m.group(0)}'); the derived text states it as fact",
                              source_span=span)]
    return []


# Explicit accusations, and where what is alleged starts: after "of"/"with" for "accused of",
# "charged with", right after "alleged(ly)"
_CHARGE = re.compile(r"\b(?:accus(?:ed|es|ing)\b[^.;:]{0,80}?\bof|accusations?\s+(?:of|that)|alleg(?:ed|edly|es|ing)(?:\s+that)?|"
                     r"allegations?\s+(?:of|that)|charged\s+with|on\s+suspicion\s+of|suspected\s+of)\b", re.I)
_PREFIX = 6  # "mismanaged" and "mismanagement" are one charge; the stemmer keeps them apart


# A characterisation the source quotes from someone ("called the announcement "a betrayal"",
# "described the plan as "reckless""): the quoted words are that person's, not the source's
_CALLED = re.compile(r"\b(?:call(?:ed|ing|s)?|describ(?:ed|ing|es)|brand(?:ed|ing|s)|label(?:l?ed|l?ing|s)|term(?:ed|s)|"
                     r"dub(?:bed|s))\b[^.;:\"“”]{0,50}?[\"“]([^\"”]{2,60})[\"”]", re.I)
# "a murder investigation", "fraud charges": the claim names the charge, it does not state it
_PROCEEDING = re.compile(r"\s+(?:investigations?|inquir(?:y|ies)|probes?|charges?|trials?|case|allegations?|suspicion|claims?|"
                         r"accusations?|suspects?|inquest)\b", re.I)
# the claim keeps the characterisation someone's ("Aldridge called the closure a betrayal")
_KEEPS_CALLED = re.compile(r"\b(?:call(?:ed|ing|s)?|describ\w*|brand\w*|label\w*|term(?:ed|s)|dub(?:bed|s))\b", re.I)


@lru_cache(maxsize=16384)
def _charges(text: str) -> tuple[tuple[tuple[str, str], ...], frozenset[str]]:
    """(alleged or quoted-characterisation word, its span) pairs of a source sentence, and the
    word prefixes of its text outside them. Cached: every claim looks at every source sentence."""
    found, rest, pos = [], [], 0
    spans = []
    for m in _CHARGE.finditer(text):
        scope = _CLAUSE_END.split(text[m.end():], maxsplit=1)[0]
        spans.append((m.start(), m.end() + len(scope), content(tokens(scope))[:1]))
    for m in _CALLED.finditer(text):
        spans.append((m.start(1), m.end(1), content(tokens(m.group(1)))))
    for a, b, heads in sorted(spans):
        if a < pos:
            continue
        rest.append(text[pos:a])
        found += [(h, text[a:b].strip()) for h in heads if len(h) >= 5]
        pos = b
    rest.append(text[pos:])
    return tuple(found), frozenset(w[:_PREFIX] for w in content(tokens(" ".join(rest))))


def source_charges(source: list[Sentence]) -> tuple[dict[str, tuple[Sentence, str]], frozenset[str]]:
    """What the source alleges (word prefix -> the first sentence and span alleging it) and the
    word prefixes it uses outside any allegation: once per source, for check_accusation."""
    charged: dict[str, tuple[Sentence, str]] = {}
    plain: set[str] = set()
    for s in source:
        found, rest = _charges(s.text)
        for h, span in found:
            charged.setdefault(h[:_PREFIX], (s, span))
        plain |= rest
    return charged, frozenset(plain)


def check_accusation(claim: Sentence, charges: tuple[dict[str, tuple[Sentence, str]], frozenset[str]]) -> list[Issue]:
    """What the source only alleges, or only quotes someone calling it, stated as fact anywhere
    in the claim ("Blue Line Shipping mismanaged the ferry service" where the only mention is
    "Brenn accused the operator of mismanagement"; "the closure amounts to a betrayal" where a
    union official "called the announcement "a betrayal""), wherever that sentence is: the
    claim need not share other words with it. The alleged thing is the first content word of the
    charge (every content word of a quoted characterisation); it counts only when the source
    never uses it outside an accusation, so a charge the source also reports as fact ("the
    murder shocked the village") is not held against the claim. `charges`: source_charges()."""
    if KEEPS.search(claim.text) or _KEEPS_CALLED.search(claim.text):
        return []
    named = {t.lower()[:_PREFIX] for t in re.findall(r"[A-Za-z][\w'-]*(?=" + _PROCEEDING.pattern + ")", claim.text, re.I)}
    mine = {w[:_PREFIX]: w for w in content(tokens(claim.text)) if len(w) >= 5 and w[:_PREFIX] not in named}
    charged, plain = charges
    for p, (s, span) in sorted(charged.items()):
        if p in mine and p not in plain:
            return [Issue(kind="hedge", detail=f"the source only reports this as someone's accusation or words ('{span[:60]}'); "
                          "the derived text states it as fact", derived_span=mine[p] if mine[p] in claim.text.lower() else None,
                          source_span=span, source_id=s.id)]
    return []


def _words(after: str, n: int = 3) -> int:
    """How many content words (up to n) the clause starting `after` has."""
    return len(content(tokens(_CLAUSE_END.split(after, maxsplit=1)[0]))[:n])


def _in_scope(after: str, have: set[str], n: int, need: int = 0, head: int = 1) -> bool:
    """Whether what a marker governs is in the other text (`have`: its content stems): the
    first content word after a negator ("not stopped" -> stop), or, after an accusation marker,
    one of the first `head` content words (what is alleged: "accused of *killing* his birds")
    and `need` of the first n, within the marker's clause. A marker whose scope the other text
    never mentions is about something else ("alleged *incident* involving two women" says
    nothing about "the two women were arrested")."""
    clause = _CLAUSE_END.split(after, maxsplit=1)[0]
    words = content(tokens(clause))[:n]
    if not words or not any(w in have for w in words[:head]):
        return False
    return sum(w in have for w in set(words)) >= need


def check_negation(claim: Sentence, best: Sentence | None, cover: float) -> list[Issue]:
    """Only on a close paraphrase: elsewhere a 'not' in either text says nothing about polarity."""
    if best is None or cover < 0.45:
        return []
    mine, theirs = _polar(claim.text, best.text)
    a, b = NEG.search(mine), NEG.search(theirs)
    if bool(a) == bool(b) or _implied(theirs if a else mine, mine if a else theirs):
        return []
    text, other = (mine, theirs) if a else (theirs, mine)
    have = set(content(tokens(other)))
    # on a looser paraphrase, only when the other text holds all the negated clause's first
    # words, two at least ("no passengers had been put at risk" -> "passengers had been put at risk")
    def scoped(after: str) -> bool:
        if cover >= 0.7:
            return _in_scope(after, have, 3)
        k = _words(after)
        return k >= 2 and _in_scope(after, have, 3, need=k)
    if not any(scoped(text[m.end():]) for m in NEG.finditer(text)):
        return []  # "but it is not clear why": the negation is about something the other text does not say
    return [_negated(bool(a), best)]


# words that negate what follows without a negator ("denied launching an investigation")
_DENIES = re.compile(r"\b(?:den(?:y|ies|ied|ying)|reject\w*|dismiss\w*|rul(?:e|es|ed|ing) out|instead of|rather than)\b", re.I)


def check_negation_clause(claim: Sentence, best: Sentence | None, cover: float) -> list[Issue]:
    """Both sentences have a negator, but not on the same clause: "Harrowgate said it had not
    launched an internal investigation" for "said it 'does not recognise' those descriptions but
    had launched an internal investigation". A negated clause's first words (two at least of its
    first three) stand in a clause of the other sentence with no negator, no denial and none of
    those words negated elsewhere in it."""
    if best is None or cover < 0.45 or not (NEG.search(claim.text) and NEG.search(best.text)):
        return []
    for text, other, in_claim in ((claim.text, best.text, True), (best.text, claim.text, False)):
        if _DENIES.search(text):
            continue
        for m in _NOT.finditer(text):  # "unclear whether X" leaves X's subject open: only plain negators
            scope = content(tokens(_NUMBERS.sub(" ", _CLAUSE_END.split(text[m.end():], maxsplit=1)[0])))[:3]
            if len(scope) < 2:
                continue
            plain = [(a, b) for a, b in _clause_spans(other) if sum(w in set(content(tokens(other[a:b]))) for w in scope) >= 2]
            if plain and not any(NEG.search(other[a:b]) or _DENIES.search(other[a:b]) or _governed(other, a) for a, b in plain):
                return [_negated(in_claim, best)]
    return []


def _clause_spans(text: str) -> list[tuple[int, int]]:
    cuts = [0] + [x for e in _CLAUSE_END.finditer(text) for x in (e.start(), e.end())] + [len(text)]
    return [(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if text[a:b].strip()]


_NOT = re.compile(r"\b(?:not|never|no longer)\b|n't\b", re.I)
_CONTRAST = re.compile(r"\b(?:but|and|while|although|whereas|yet)\b|;", re.I)


def _governed(text: str, at: int) -> bool:
    """Is the clause starting at `at` still under a negator before it ("it is unclear whether
    the bill, which could create ..., will be introduced")? Not after "but"/"and" ("does not
    recognise those descriptions but had launched an investigation")."""
    last = None
    for m in NEG.finditer(text, 0, at):
        last = m
    return last is not None and not _CONTRAST.search(text, last.end(), at)


def _negated(in_claim: bool, s: Sentence) -> Issue:
    return Issue(kind="negation", detail="negated in the " + ("derived text" if in_claim else "source") + " only",
                 source_span=s.text)


def check_negation_near(claim: Sentence, window: list[Sentence], best: Sentence | None) -> list[Issue]:
    """Another sentence of the best window says the claim's clause with the other polarity ("She
    said the council had not been warned in advance" for "the council had been warned in
    advance"). Strict, since that sentence may be about something else: the negated clause's
    first content words (two at least, up to three) and the content word just before the negator
    (its subject) are all in the other text."""
    neg = bool(NEG.search(claim.text))
    mine = set(content(tokens(claim.text)))
    for s in window:
        if s is best or bool(NEG.search(s.text)) == neg:
            continue
        theirs = set(content(tokens(s.text)))
        text, other = (claim.text, s.text) if neg else (s.text, claim.text)
        have = set(content(tokens(other)))
        if len(mine & theirs) < 0.35 * len(mine):
            # a sentence about something else, unless its negated clause is all in the other text
            # ("Dawlish has not been charged, and his lawyer said ..." for "Keith Dawlish has been
            # charged over the consultancy fees paid to his company")
            if any(_clause_in(text, m, have) for m in NEG.finditer(text)):
                return [_negated(neg, s)]
            continue
        for m in NEG.finditer(text):
            after = _NUMBERS.sub(" ", text[m.end():])  # "had not met since 2019": the year is not what is negated
            k = _words(after)
            subject = [w for w in content(tokens(_CLAUSE_END.split(text[:m.start()])[-1])) if w not in _SPEECH_STEMS][-1:]
            if k >= 2 and subject and subject[0] in have and _in_scope(after, have, 3, need=k):
                return [_negated(neg, s)]
    return []


def _clause_in(text: str, m: re.Match, have: set[str]) -> bool:
    """The clause holding negator `m` has two content words or more besides verbs of saying,
    all of them in `have`."""
    words = {w for w in content(tokens(_NUMBERS.sub(" ", clause_of(text, m, _CLAUSE_END)))) if w not in _SPEECH_STEMS}
    return len(words) >= 2 and words <= have


_NUMBERS = re.compile(r"\d[\d,.]*")
_SPEECH_STEMS = {stem(w) for w in "said says say told added stated warned insisted argued noted".split()}


# Opposites news rewrites flip ("approves" -> "rejects"): two sides of one scale, every form
# listed, compared as whole words (stems would merge "backed" with "back" in "came back").
_OPPOSITES = [
    ("approve approves approved approving", "reject rejects rejected rejecting"),
    ("accept accepts accepted accepting", "reject rejects rejected refuse refuses refused"),
    # a change of amount, either way; "declined" is left out ("declined to comment")
    ("rise rises rose risen rising climb climbs climbed climbing jump jumps jumped jumping soar soars soared "
     "soaring surged surging grow grows grew grown growing double doubles doubled doubling "
     "triple triples tripled tripling increase increases increased increasing raise raises raised raising "
     "boost boosts boosted boosting expand expands expanded expanding escalate escalates escalated escalating "
     "intensify intensifies intensified intensifying accelerate accelerates accelerated accelerating "
     "strengthen strengthens strengthened strengthening higher stronger",
     "fall falls fell fallen falling drop drops dropped dropping slip slips slipped slipping slide slides slid "
     "sliding plunge plunges plunged plunging tumble tumbles tumbled tumbling sink sinks sank sinking shrink "
     "shrinks shrank shrinking halve halves halved halving dip dips dipped dipping decrease decreases decreased "
     "decreasing reduce reduces reduced reducing cut cuts cutting lower lowers lowered lowering slow slows "
     "slowed slowing ease eases eased easing weaken weakens weakened weakening curb curbs curbed curbing weaker"),
    # for or against
    ("support supports supported supporting backed backing welcome welcomes welcomed welcoming praise praises "
     "praised praising endorse endorses endorsed endorsing accept accepts accepted accepting approve approves "
     "approved approving",
     "oppose opposes opposed opposing criticise criticises criticised criticising criticize criticizes "
     "criticized criticizing condemn condemns condemned condemning reject rejects rejected rejecting dispute "
     "disputes disputed disputing"),
    ("win wins won winning", "lose loses lost losing"),
    ("open opens opened opening", "close closes closed closing shut shuts"),
    ("allow allows allowed allowing", "ban bans banned banning forbid forbids forbade"),
    ("more", "fewer less"), ("largest biggest", "smallest"), ("larger bigger", "smaller"),
    ("hire hires hired hiring", "fire fires fired firing"),
    ("convicted", "acquitted"), ("guilty", "innocent"),
    ("confirm confirms confirmed confirming", "deny denies denied denying"),
    ("admit admits admitted admitting acknowledge acknowledges acknowledged acknowledging", "deny denies denied denying"),
    ("lift lifts lifted lifting", "impose imposes imposed imposing"),
    ("improve improves improved improving", "worsen worsens worsened worsening"),
    ("survived survive survives", "died die dies killed"),
    ("arrested", "released freed"),
    ("before", "after"), ("earlier", "later"), ("early", "late"),
    ("north northern", "south southern"), ("east eastern", "west western"),
    ("optimistic upbeat", "cautious pessimistic gloomy"), ("avoidable", "unavoidable"),
    ("premium", "discount"), ("surplus", "deficit"), ("profit profits", "loss losses"), ("above", "below"),
    ("fast faster fastest quick quicker quickly rapid rapidly", "slow slower slowest slowly"),
    ("legal lawful", "illegal unlawful"), ("success successful successfully", "failure unsuccessful"),
    ("expand expands expanded expanding", "shrink shrinks shrank shrinking"), ("majority", "minority"),
    ("include includes included including", "exclude excludes excluded excluding"),
    ("strong stronger strongest", "weak weaker weakest"), ("gain gains gained", "loss losses"),
    # a state that goes on against one that is over: "the investigation is continuing" -> "police
    # have concluded their investigation"
    ("continue continues continued continuing ongoing", "conclude concludes concluded concluding complete completes completed "
                                                        "end ends ended finish finishes finished "
                                                        "stop stops stopped stopping halt halts halted halting"),
]
OPPOSITE: dict[str, set[str]] = {}  # a word -> the words on the other side of any of its scales
SIDE: dict[str, set[str]] = {}  # a word -> the words on its own side of those scales
for _a, _b in _OPPOSITES:
    _sa, _sb = set(_a.split()), set(_b.split())
    for _mine, _other in ((_sa, _sb), (_sb, _sa)):
        for _w in _mine:
            OPPOSITE.setdefault(_w, set()).update(_other - _mine)
            SIDE.setdefault(_w, set()).update(_mine)


def check_opposite(claim: Sentence, best: Sentence | None, cover: float) -> list[Issue]:
    """A close paraphrase with one word turned into its opposite: "the council approves the
    depot" for "the council rejects the depot", "shares slid 3.1 percent" for "rose 3.1 percent".
    The opposite must be the source's own (absent from the claim), and the source sentence must
    hold no word of the claim's side (so "prices rose, then fell" and "sales climbed" for "sales
    rose, costs fell" are safe), unless the claim's word sits in another clause of it."""
    if best is None or cover < 0.5:
        return []
    ctoks, stoks = tokens(claim.text), tokens(best.text)
    cset, sset = set(ctoks), set(stoks)
    for t in ctoks:
        for o in sorted(OPPOSITE.get(t, ())):
            if o not in sset or o in cset:
                continue
            same = {stem(x) for x in SIDE[t] & sset}
            if t in _ORDER and _order_kept(claim.text, best.text, t, o):
                continue
            if not same or stem(t) in same and _clause_flip(claim.text, best.text, stem(t), stem(o)):
                return [Issue(kind="negation", detail=f"'{o}' -> '{t}': the opposite of what the source says",
                              derived_span=t, source_span=o)]
    return []


_ORDER = frozenset(("before", "after"))


def _order_kept(claim: str, source: str, t: str, o: str) -> bool:
    """"Before the investigation began, insurers had seen a rise" for "The investigation began
    after insurers reported a rise": the same order of events told from the other end. The
    claim's "before" governs what the source puts outside its "after" clause; an adverb
    ("has escaped before") governs nothing. Only when it governs the source's own "after" clause
    ("after the vote" -> "before the vote") is the order turned round."""
    def governed(text: str, w: str) -> tuple[set[str], set[str]]:
        m = re.search(rf"\b{w}\b", text, re.I)
        if m is None:
            return set(), set(content(tokens(text)))
        rest = text[m.end():]
        end = _CLAUSE_END.search(rest)
        inside = set(content(tokens(rest[:end.start()] if end else rest)))
        return inside, set(content(tokens(text))) - inside
    mine, _ = governed(claim, t)
    theirs, outside = governed(source, o)
    return not mine or len(mine & outside) > len(mine & theirs)


def _clause_flip(claim: str, source: str, w: str, o: str) -> bool:
    """Both words are in the source sentence, in different clauses ("Schools will stay closed,
    and a hall has been opened"): the claim's clause with `w` shares two content words with the
    source's clause with `o` (which lacks `w`), and more than with any source clause that has
    `w` ("Schools will open" is the flip)."""
    def clauses(text: str) -> list[set[str]]:
        return [set(content(tokens(c))) for c in _CLAUSE_END.split(text) if c and c.strip()]
    mine = [c for c in clauses(claim) if w in c]
    src = clauses(source)
    theirs = [c for c in src if o in c and w not in c]
    same = [c for c in src if w in c]

    def shared(a: set[str], b: set[str]) -> int:
        return len((a & b) - {w, o})
    # "electric car sales rose, while diesel car sales fell" -> "electric car sales rose": the
    # claim's clause is the source's clause with `w`, not a flip of the other
    return any(shared(a, b) >= 2 and all(shared(a, b) > shared(a, c) for c in same) for a in mine for b in theirs)


# Hedge words whose loss inside copied text states the allegation as fact.
_HEDGE_WORD = re.compile(r"\b(alleged(?:ly)?|reportedly|suspected|accused|purported(?:ly)?|apparently|possibly|"
                         r"likely|probably|unconfirmed|claimed|presumed|believed)\b", re.I)
# the same distance kept as a verb, in the claim only ("Police suspect a man of" for "a man is
# suspected of"); "the suspect pulled a knife" is a noun, and keeps nothing
_HEDGE_VERB = re.compile(r"(?<!the )(?<!a )(?<!an )\b(?:suspects?|alleges?|accuses?)\b(?=[^.;]{0,60}\bof\b|\s+that\b)", re.I)
_SPEECH_AFTER = re.compile(r"^(?:[,(] )?(?:said|says|say|told|tells|added|adds|stated|wrote|writes|posted|tweeted|announced|"
                           r"insisted|warned|argued|noted|explained|claimed|confirmed|reported)\b")
_SPEECH_BEFORE = re.compile(r"\b(?:according to|said|says|told)$")


def edited_negation(claim: Sentence, best: Sentence | None) -> list[Issue]:
    """A negator added or dropped inside text copied from the source ("was being treated" ->
    "was not being treated", "isn't" -> "is"): the polarity flipped whatever else is shared."""
    if best is None:
        return []
    mine, theirs = _polar(claim.text, best.text)
    if len(NEG.findall(mine)) == len(NEG.findall(theirs)):
        return []  # as many negators on both sides, once "not only ... but" and the like are out
    fewer, more = (claim.text, best.text) if len(NEG.findall(claim.text)) < len(NEG.findall(best.text)) else (best.text, claim.text)
    for e in edits(claim.text, best.text):
        if len(NEG.findall(e.claim)) != len(NEG.findall(e.source)) and not _implied(fewer, more):
            return [_edit_issue("negation", e, best, f"'{e.source or '…'}' -> '{e.claim or '…'}': negated in the "
                                + ("derived text" if NEG.search(e.claim) else "source") + " only")]
    return []


def edited_hedge(claim: Sentence, best: Sentence | None) -> list[Issue]:
    """"the alleged victims" -> "the victims", "allegedly pulled a knife" -> "pulled a knife",
    "accused of" -> "guilty of": the source's distance dropped inside copied text; "could
    lower rates" -> "will lower rates": a possibility stated as certain ("would" -> "will" is
    not: reported speech says "would" for the speaker's "will")."""
    if best is None:
        return []
    # the claim puts the distance in words of its own: "X claims ..., an allegation the company
    # denies" for "X accused ... of ...", "orders it suspects were linked to bots" for "believed"
    own = {w.lower() for w in _DISTANCE.findall(claim.text)} - {w.lower() for w in _DISTANCE.findall(best.text)}
    for e in edits(claim.text, best.text):
        m = _HEDGE_WORD.search(e.source)
        kept = len(_HEDGE_WORD.findall(claim.text)) + len(_HEDGE_VERB.findall(claim.text))
        if m and not own and not (_HEDGE_WORD.search(e.claim) or _HEDGE_VERB.search(e.claim)) and kept < len(_HEDGE_WORD.findall(best.text)):
            return [_edit_issue("hedge", e, best, f"'{m.group(0)}' dropped: the source reports it, the derived text states it as fact")]
        m = MAYBE.search(e.source)
        if m and _SURE.search(e.claim) and not MAYBE.search(e.claim):
            return [_edit_issue("hedge", e, best, f"'{m.group(0)}' -> '{_SURE.search(e.claim).group(0)}': "
                                "the source says it may happen, the derived text that it will")]
    return []


_DISTANCE = re.compile(r"\b(?:claim(?:s|ed|ing)?|alleg\w*|accus\w*|den(?:y|ies|ied)|disput\w*|according to|"
                       r"suspects?|suspected|believes?|believed|charges?|charged|says|said|told)\b", re.I)


# lower case only: "May" is a month, "Will" a name
MAYBE = re.compile(r"\b(could|may|might|possibly|perhaps)\b")
_SURE = re.compile(r"\b(will|shall|is going to|are going to)\b|'ll\b")


def edited_speaker(claim: Sentence, best: Sentence | None) -> list[Issue]:
    """Another name put before "said"/"told" (or after "according to") in copied text."""
    if best is None:
        return []
    for e in edits(claim.text, best.text):
        if not (CAPITALISED.search(e.claim) and CAPITALISED.search(e.source)) or normalise(e.claim) == normalise(e.source) \
                or e.source.strip().lower() in PRONOUNS:  # "He said" -> "Malvic said": the name the pronoun stands for
            continue
        if _SPEECH_AFTER.match(e.after) or _SPEECH_BEFORE.search(e.before):
            return [_edit_issue("attribution", e, best, f"said by '{e.source}' in the source, not '{e.claim}'")]
    return []


def _edit_issue(kind, e, best: Sentence, detail: str) -> Issue:
    return Issue(kind=kind, detail=detail, derived_span=e.claim or None, source_span=e.source or None,
                 derived_start=e.claim_span[0] if e.claim else None, derived_end=e.claim_span[1] if e.claim else None,
                 source_id=best.id if e.source else None, source_start=e.source_span[0] if e.source else None,
                 source_end=e.source_span[1] if e.source else None)


_ACTORS = ("GPE", "NORP", "ORG")


def check_actor(claim: Sentence, window: list[Sentence], source_lower: str = "") -> list[Issue]:
    """'U.S. intelligence' where the source has 'Iraqi intelligence': the same thing done by
    someone else. Compares entity + the noun it modifies in the claim with the window; the
    other name must be an actor too ("Tuesday brought" is not a swap for "Holland brought")."""
    issues = []
    for e in claim.entities:
        if e.label not in _ACTORS or _UNK.fullmatch(e.text.strip("[]<> ")):
            continue
        m = _MODIFIER.match(claim.text, e.end)
        if not m:
            continue
        word = m.group(1).lower()
        if word.endswith(("ed", "ing")) or word in _VERBS:
            continue  # "Iraq condemned": a verb, not the thing the entity modifies
        noun = stem(word)
        pair = f"{e.text} {m.group(1)}".lower().replace("’", "'")
        if pair in (source_lower or " ".join(s.text.lower().replace("’", "'") for s in window)):
            continue  # "U.S. military" inside "South Korean-U.S. military", or elsewhere: the source says it too
        conflict = None
        for s in window:
            for w in re.finditer(r"\b([a-z][a-z-]{2,})\b", s.text):
                if stem(w.group(1).lower()) != noun:
                    continue
                c = _CAP_BEFORE.search(s.text[: w.start()])
                if not c:
                    continue
                other = normalise(c.group(1))
                if names_match(other, e.norm) or _same_place(other, e.norm) or other in ("the", "a"):
                    conflict = False  # the source pairs them too ("senior IS leader"): no swap
                    break
                if conflict is None and any(x.start <= c.start() < x.end and x.label in _ACTORS for x in s.entities):
                    conflict = (s, c, w)  # only a name counts ("The intelligence" is none)
            if conflict is False:
                break
        if conflict:
            s, c, w = conflict
            issues.append(Issue(kind="attribution", detail=f"'{c.group(1)} {w.group(1)}' -> '{e.text} {m.group(1)}'",
                                derived_span=f"{e.text} {m.group(1)}", source_span=s.text[c.start() : w.end()]))
    return issues


def _same_place(a: str, b: str) -> bool:
    from .entities import _key

    return names_match(_key(a), _key(b))


def check_speaker(claim: Sentence, source_sents: list[Sentence], find) -> list[Issue]:
    """A quotation the source gives to someone else. `find(quote) -> Sentence | None`."""
    issues = []
    for q in claim.quotes:
        if not q.speaker or q.speaker.lower() in PRONOUNS:
            continue
        s = find(q.text)
        if s is None:
            continue
        theirs = next((x.speaker for x in s.quotes if x.speaker), None)
        if not theirs or theirs.lower() in PRONOUNS:
            continue
        if not names_match(normalise(theirs), normalise(q.speaker)):
            issues.append(Issue(kind="attribution", detail=f"said by '{theirs}' in the source, not '{q.speaker}'",
                                derived_span=q.speaker, source_span=s.text))
    return issues
