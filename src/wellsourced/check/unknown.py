"""What the source says is not known, not decided, only possible or only planned, stated by the
derived text as settled.

News says so in a few set ways: "investigators have not yet said what caused the fire", "the
cause is under investigation", "it would study the judgment before deciding whether to
appeal", "the fee could rise to 45 million", "she has pledged to freeze parking charges", "the
company declined to comment". A rewrite fills the gap: "the fire was started by a cigarette",
"the authority will appeal", "the fee has risen", "she has frozen the charges", "the company
called the ruling a disaster". The connective rule (check_causal) cannot see the first, since
the source does use a causal word ("caused"); the modality rule (edited_hedge) only sees
"may" -> "will" inside copied text.
"""
from __future__ import annotations

import re

from ..model import Issue, Sentence
from ..nlp import tagged
from .attribution import MAYBE
from .text import STOP, clause_of, content, stem, tokens

# "have not (yet) said / it is not clear / unknown ... what caused / why / the cause", and
# "the cause ... is (still) unknown / under investigation"
_NO_CAUSE = re.compile(
    r"\b(?:not (?:yet |immediately )?(?:known|clear|said|determined|established|disclosed|confirmed)|unknown|unclear|"
    r"no (?:word|details?|indication) (?:on|of|about|yet)|(?:is|are|was|were|remains?) being investigated|under investigation)"
    r"\b[^.;]{0,40}?\b(?:why|what (?:caused|started|sparked|triggered|led to)|how (?:it|the \w+) (?:started|began|happened)|cause[sd]?)\b"
    r"|\bcauses? of\b[^.;]{0,60}?\b(?:unknown|unclear|not (?:yet )?(?:known|clear|determined|established)|under investigation|being investigated)\b",
    re.I)
# the claim names a cause
_GIVES_CAUSE = re.compile(
    r"\b(?:because|due to|caused by|started by|sparked by|triggered by|set off by|blamed on|the (?:cause|result) of|"
    r"was (?:the )?(?:cause|result)|as a result of|owing to|after (?:a|an|the) \w+ (?:started|caught|exploded))\b", re.I)
# "deciding / considering / weighing whether to appeal", "has not decided whether to appeal"
_UNDECIDED = re.compile(
    r"\b(?:decid\w*|consider\w*|weigh\w*|mull\w*|study\w*|review\w*|not (?:yet )?decided|undecided|unsure)\s+"
    r"(?:\w+\s+){0,3}?(?:whether|if)\s+(?:or not\s+)?to\s+(\w+)", re.I)
# "is considering opening the northern section": the gerund's verb is not decided either
_CONSIDERING = re.compile(r"\b(?:is|are|was|were|been) (?:considering|weighing|exploring|mulling|studying)\s+(?!\w+ing\s+(?:whether|if)\b)(\w+ing)\b",
                          re.I)
# words in the claim that keep it open ("has decided to" does not)
_OPEN = re.compile(r"\b(?:whether|if|may|might|could|consider\w*|weigh\w*|decid\w*(?<!decided)(?<!decides)|possibl\w*|not yet|"
                   r"undecided|unsure|plan\w*|intend\w*|expect\w*|mull\w*|study\w*|review\w*|rul\w* out|open to)\b", re.I)


# "could rise", "may delay", "has pledged to freeze", "plans to close": the verb is only possible or
# planned (lower case: "May" is a month)
_MAY_DO = re.compile(
    r"\b(could|may|might|would|will|must still|still (?:needs?|has|have) to|(?:has|have|is|are) yet to|"
    r"(?:is|are|was|were) (?:set|due|scheduled) to|"
    r"(?:is|are|was|were) (?:widely |also |only )?expected to|expects? to|(?:is|are) likely to|"
    r"(?:has |have |had )?(?:pledged|promised|vowed|planned|proposed|threatened) to|"
    r"(?:pledges|promises|vows|plans|intends|aims|hopes|wants|proposes|threatens|plan|intend|aim|hope|want|propose) to)"
    r"\s+(?:not\s+)?(?:have\s+|be\s+)?(?:been\s+)?(?:\w+ly\s+)?([a-z]+)")
# claim words that keep it possible or planned
_KEEPS_OPEN = re.compile(r"\b(?:could|may|might|will|would|shall|if|whether|must|still|yet|pending|await\w*|pledg\w*|promis\w*|vow\w*|plan\w*|intend\w*|"
                         r"aim\w*|hop\w*|want\w*|propos\w*|threat\w*|expect\w*|possibl\w*|likely|potential\w*|can|(?:is|are|was|were)\s+(?:set\s+|due\s+|about\s+|going\s+)?to)\b", re.I)  # "is to have it reduced": planned
# "declined to comment", "did not respond to a request for comment"
_NO_COMMENT = re.compile(r"\b(?:declined|refused|did not respond|has not responded|have not responded|could not be reached|"
                         r"was not available|were not available|did not return|did not reply)\b[^.;]{0,40}?\bcomment"
                         r"(?!\s+(?:further|beyond|more))(?:\s+on\s+(?P<topic>[^.;,]{1,60}))?", re.I)
# "declined to say whether it would seek a court order": no answer on that question
_NO_ANSWER = re.compile(r"\b(?:declined|refused|would not|did not|could not|was unable)\s+(?:to\s+)?(?:say|disclose|confirm|reveal|"
                        r"specify)\s+(?:whether|if|when|how|what|why|who)\b(?P<topic>[^.;]{1,80})", re.I)
_SAYS = re.compile(r"\b(?:said|says|say|called|calls|described|describes|told|tells|stated|argued|warned|welcomed|praised|"
                   r"criticised|criticized|condemned|insisted|added|denied|branded|hailed|dismissed)\b", re.I)


def check_unknown(claim: Sentence, evidence: list[Sentence], best: Sentence | None = None) -> list[Issue]:
    return (_cause_or_decision(claim, evidence) or _no_comment(claim, evidence) or _possible_as_done(claim, evidence)
            or _proposal_as_done(claim, evidence) or _unsettled_as_certain(claim, evidence) or _already(claim, evidence, best))


# "has already merged", "have already been moved": done, and sooner than one might think
_ALREADY = re.compile(r"\b(?:has|have|had|is|are|was|were)\s+already\b|\balready\s+(?:been\s+)?[a-z]+ed\b", re.I)
# a process said to be finished or a decision taken ("has completed a review", "has lodged an appeal")
_SETTLED = re.compile(r"\b(?:has|have|had)\s+(?:now\s+)?(?P<verb>completed|concluded|finished|decided|approved|lodged|filed|"
                      r"published|ordered|launched|opened|stripped|released)\b", re.I)
_AHEAD = re.compile(r"\b(?:will|would|could|may|might|shall|plan(?:s|ned)?\b|planning to|propos\w*|expect\w*|(?:due|set|scheduled) to|whether|"
                    r"consider\w*|intend\w*|not yet|yet to|once|when|if)\b", re.I)


def _already(claim: Sentence, evidence: list[Sentence], best: Sentence | None) -> list[Issue]:
    """The claim says a thing has "already" been done ("has already merged its distribution
    centres") or a process finished or decided ("has completed a review", "has lodged an
    appeal"), the sentence it restates speaks of it ahead ("would", "plans to", "is expected
    to", "whether"), and no evidence sentence says "already" (nor, for a finished process, the
    claim's verb: _possible_as_done compares that). A rewrite adds "already" to make a plan a
    done deal; a summary of a done thing seldom needs it."""
    m = _ALREADY.search(claim.text) or _SETTLED.search(claim.text)
    ahead = _AHEAD.search(best.text) if best is not None else None
    if m is None or ahead is None or _KEEPS_OPEN.search(claim.text, 0, m.start()):
        return []
    if any(re.search(r"\balready\b", s.text, re.I) for s in [best, *evidence]):
        return []
    if "already" not in m.group(0).lower() and any(re.search(rf"\b{m.group('verb')[:-2]}", s.text, re.I) for s in [best, *evidence]):
        return []  # the source uses the verb itself: _possible_as_done compares it
    return [Issue(kind="hedge", detail=f"'{m.group(0)}': the source says '{ahead.group(0)}', not done", derived_span=m.group(0),
                  derived_start=m.start(), derived_end=m.end(), source_span=ahead.group(0), source_id=best.id,
                  source_start=ahead.start(), source_end=ahead.end())]


# "a return of the service "is possible but cannot be promised"", "legal action was one option on
# the table": a thing named, then said to be open
_UNSETTLED = re.compile(
    r"\b(?:is|was|are|were|remains?|remained|seems?|seemed)\s+(?:still\s+|only\s+)?[\"“']?(?:possible|uncertain|unclear|"
    r"not (?:yet )?(?:certain|guaranteed|settled|decided|final)|one option|an option|among the options|"
    r"under (?:consideration|review|discussion)|on the table|not ruled out|in doubt)\b"
    r"|\b(?:has|had|have) not (?:yet )?been (?:decided|agreed|settled|approved)\b|\bcannot be (?:promised|guaranteed)\b", re.I)
# where the thing named starts: after a clause boundary, "said", "that"
_NAMED_FROM = re.compile(r"[,;:()\u2014\u2013\"“”]|\b(?:said|says|say|told|that|and|but|whether|if)\b", re.I)


def _unsettled_as_certain(claim: Sentence, evidence: list[Sentence]) -> list[Issue]:
    """The source names a thing and says it is open ("a return of the service to Brannock is
    possible but cannot be promised", "legal action was one option on the table but had not been
    decided"); the claim says it will happen or was decided, with every content word of the thing
    ("the service will return to Brannock", "the city will take legal action"), and nothing that
    keeps it open."""
    if not _CERTAIN.search(claim.text) or _UNSETTLED.search(claim.text) or _OPEN.search(claim.text) \
            or _KEEPS_OPEN.search(_CERTAIN.sub(" ", claim.text)):
        return []
    have = {stem(w) for w in content(tokens(claim.text))}
    for s in evidence:
        for m in _UNSETTLED.finditer(s.text):
            before = s.text[:m.start()].rstrip(" \"“”'")  # a quotation may open on the verb: ... Brannock "is possible"
            start = max((b.end() for b in _NAMED_FROM.finditer(before)), default=0)
            thing = {stem(w) for w in content(tokens(before[start:]))}
            if len(thing) >= 2 and thing <= have:
                said = re.sub(r"[\"“”]", "", m.group(0))
                return [Issue(kind="hedge", detail=f"the source says '{before[start:].strip()} {said}'; the derived "
                              "text states it as settled", source_span=m.group(0))]
    return []


# what states a thing as settled ("will take legal action", "has decided to")
_CERTAIN = re.compile(r"\b(?:will|(?:has|have|had) (?:decided|agreed)|(?:is|are) going to)\b", re.I)


# "has proposed a golden hello payment", "is considering a levy": something put forward, not done
_PROPOSED = re.compile(r"\b(?:proposed|suggested|floated|recommended|(?:is|are|was|were) considering|(?:is|are) weighing|"
                       r"(?:plans|planned|wants|wanted) (?:a|an)|called for)\s+(?P<what>(?:[^.;,]|(?<=\d)[.,](?=\d)){1,60})", re.I)
# ... and what the claim says was done with it
_DONE = re.compile(r"\b(?:introduced|launched|adopted|approved|created|set up|began|started|implemented|brought in|"
                   r"rolled out|enacted|passed|imposed|opened|agreed|signed)\s+(?P<what>(?:[^.;,]|(?<=\d)[.,](?=\d)){1,60})", re.I)


def _proposal_as_done(claim: Sentence, evidence: list[Sentence]) -> list[Issue]:
    """The source says a thing was proposed or is being considered ("has also proposed a 'golden
    hello' payment"); the claim says it was done ("has introduced a golden hello payment") with
    nothing that keeps it open, and the evidence never says it was done."""
    done = _DONE.search(claim.text)
    if not done or _KEEPS_OPEN.search(claim.text):
        return []
    what = set(content(tokens(done.group("what"))))
    if len(what) < 2:
        return []
    for s in evidence:
        for m in _PROPOSED.finditer(s.text):
            if len(what & set(content(tokens(m.group("what"))))) < 2:
                continue
            if any(len(what & set(content(tokens(d.group("what"))))) >= 2 for e in evidence for d in _DONE.finditer(e.text)):
                return []  # proposed, then done: the source says both
            verb = m.group(0)[: m.start("what") - m.start()].strip()
            return [Issue(kind="hedge", detail=f"the source says '{verb}' (not done); the derived text says "
                          f"'{done.group(0).split()[0]}'", derived_span=done.group(0).split()[0], source_span=verb)]
    return []


def _cause_or_decision(claim: Sentence, evidence: list[Sentence]) -> list[Issue]:
    """Not when the evidence also names the claim's cause ("... was unknown. Later, officials said
    a cigarette started it") or states the decision elsewhere ("it will appeal", outside a
    "whether to appeal")."""
    text = claim.text
    have = set(content(tokens(text)))
    ev = set(content(tokens(" ".join(s.text for s in evidence))))
    c = _GIVES_CAUSE.search(text)
    if c and _NO_CAUSE.search(text):
        c = None  # "the cause of the fire remained unknown": the claim gives none either
    cause = content(tokens(text[c.end():]))[:2] if c else []
    open_verbs = [stem(v.group(1).lower()) for e in evidence for v in _undecided(e.text)]
    for s in evidence:
        m = _NO_CAUSE.search(s.text)
        # about the same event: the unknown-cause sentence and the claim share a content word
        if m and c and have & set(content(tokens(s.text))) and not (cause and all(w in ev for w in cause)):
            return [Issue(kind="causal", detail=f"'{c.group(0)}': the source says the cause is not known",
                          derived_span=c.group(0), source_span=m.group(0))]
        for u in _undecided(s.text):
            verb = stem(u.group(1).lower())
            hit = next((t for t in re.finditer(r"\w+", text) if stem(t.group(0).lower()) == verb), None)
            # only the claim's clause with that verb keeps it open: "has filed a complaint, which
            # could delay the signing" states the filing as done
            if hit and not _OPEN.search(clause_of(text, hit)) and _is_verb(text, hit.start()) \
                    and _verb_uses(verb, evidence) <= open_verbs.count(verb):
                return [Issue(kind="hedge", detail=f"the source says it is not decided ('{u.group(0)}'); "
                              f"the derived text states '{hit.group(0)}' as settled",
                              derived_span=hit.group(0), source_span=u.group(0))]
    return []


def _no_comment(claim: Sentence, evidence: list[Sentence]) -> list[Issue]:
    """The source says someone declined to comment; the claim has them say something. Who it is:
    the content words before the refusal ("The waste company that operates the site"), two of
    them (or the only one) in the claim."""
    says = _SAYS.search(claim.text)
    if not says or _NO_COMMENT.search(claim.text) or _NO_ANSWER.search(claim.text):
        return []  # nothing said, or the claim keeps the refusal
    have = set(content(tokens(claim.text[: says.start()])))
    said = set(content(tokens(claim.text[says.end():])))
    for s in evidence:
        m = _NO_COMMENT.search(s.text) or _NO_ANSWER.search(s.text)
        if not m:
            continue
        who = content(tokens(s.text[: m.start()]))[-4:]
        if not who or sum(w in have for w in set(who)) < min(2, len(set(who))):
            continue
        topic = set(content(tokens(m.group("topic") or "")))
        # "declined to say whether it would seek a court order": the claim must say that very thing
        need = 1 if m.re is _NO_COMMENT else min(2, len(topic))
        if topic and len(topic & said) < need:
            continue  # no comment on the job losses; the claim has them say something else
        # the source has them say something elsewhere: "X said ... X declined to comment further"
        if any(_SAYS.search(e.text) and set(who) <= set(content(tokens(e.text))) and len(topic & set(content(tokens(e.text)))) >= need
               for e in evidence if e is not s):
            continue
        return [Issue(kind="attribution", detail=f"the source says they {m.group(0)}; the derived text has them say something",
                      derived_span=says.group(0), source_span=m.group(0))]
    return []


def _possible_as_done(claim: Sentence, evidence: list[Sentence]) -> list[Issue]:
    """The source says a thing could happen or is planned ("could rise to 45 million", "has
    pledged to freeze"); the claim states it, with the same verb in another form ("has risen",
    "has frozen", "delays", "is costing") and nothing that keeps it open. "will" keeps a plan
    open but not a possibility: "could ask the court" -> "will ask the court" is a certainty the
    source does not give. Lemmas come from spaCy, only for a claim that shares three content
    words with such a sentence."""
    opens = [m.group(0).lower() for m in _KEEPS_OPEN.finditer(claim.text)]
    if any(w not in _WILL for w in opens):
        return []
    have = set(content(tokens(claim.text)))
    mine = None  # the claim's finite verbs, parsed once, when first needed
    for s in evidence:
        hits = [m for m in _MAY_DO.finditer(s.text) if m.group(2) not in STOP and (not opens or MAYBE.fullmatch(m.group(1)) or _FORECAST.search(m.group(1)))]
        if not hits or len(have & set(content(tokens(s.text)))) < 3:
            continue
        src = {t.idx: t for t in tagged(s.text)}
        if mine is None:
            mine = _done_verbs(claim.text)
        for m in hits:
            verb = src.get(m.start(2))
            if verb is None or not verb.tag_.startswith("VB"):
                continue
            if any(t.tag_ in ("VBD", "VBN") and t.lemma_ == verb.lemma_ and t.idx < m.start() for t in src.values()):
                continue  # "raised rates in May and could raise them again": the sentence reports one done
            done = next((t for t in mine if t.lemma_ == verb.lemma_
                         # "would" may be a condition ("fixing it would require" -> "requires"), and
                         # "will" may be said of what goes on ("will remain" -> "remains"); only a
                         # plan said to be done is told ("would be installed" -> "has been installed")
                         and (not _PLAN.match(m.group(1)) or t.tag_ in ("VBD", "VBN"))), None)
            # the evidence may also say it happened, in the claim's own words ("could bring rain" ...
            # "brought heavy rain on Monday"); the hedged words themselves ("may have washed") do not count
            # about the same thing: the hedged clause shares two more words with the claim ("the
            # specialist contracts must still be approved" says nothing of "the board approved the program")
            if done is not None and len(have & _clause_words(s.text, m) - {stem(verb.text.lower())}) >= 2 \
                    and not _said_done(done.text.lower(), evidence):
                return [Issue(kind="hedge", detail=f"the source says '{m.group(0)}'; the derived text says '{done.text}'",
                              derived_span=done.text, source_span=m.group(0))]
    return []


_WILL = {"will", "shall"}  # a claim word that keeps a plan open, but not a possibility
_PLAN = re.compile(r"would|will|shall|(?:is|are|was|were) (?:set|due|scheduled) to")  # a plan: only done tells
_FORECAST = re.compile(r"expect|likely")  # nor a forecast: "is expected to reopen on Friday" -> "will reopen"
_BE = {"is", "are", "was", "were", "'s", "'re"}


def _done_verbs(text: str) -> list:
    """Finite verbs, and the -ing form after "is"/"are" ("is costing"), and "will" + verb."""
    toks = tagged(text)
    return [t for i, t in enumerate(toks) if t.tag_ in ("VBD", "VBN", "VBZ", "VBP")
            or (t.tag_ in ("VBG", "VB") and i and toks[i - 1].text.lower() in (_BE | _WILL))]


def _clause_words(text: str, m: re.Match) -> set[str]:
    """Content words of the clause holding the match."""
    return set(content(tokens(clause_of(text, m))))


def _undecided(text: str) -> list[re.Match]:
    """"deciding whether to appeal", "is considering opening": group 1 is the undecided verb."""
    return [*_UNDECIDED.finditer(text), *_CONSIDERING.finditer(text)]


def _said_done(word: str, evidence: list[Sentence]) -> bool:
    """Does `word` occur in the evidence outside its could/may/plans-to phrases?"""
    pat = re.compile(rf"\b{re.escape(word)}\b")
    return any(pat.search(_MAY_DO.sub(" ", s.text.lower())) for s in evidence)


def _verb_uses(verb: str, evidence: list[Sentence]) -> int:
    """How often the evidence uses this verb (by stem) as a verb: more than its undecided phrases
    means it also says the thing was done ("... whether to appeal. It will appeal"); "the opening of
    the line" is a noun and says nothing."""
    return sum(t.tag_.startswith("VB") and stem(t.text.lower()) == verb for e in evidence for t in tagged(e.text))


def _is_verb(text: str, at: int) -> bool:
    """Is the word at `at` a verb here ("will appeal", not "the appeal court")?"""
    return any(t.idx == at and t.pos_ in ("VERB", "AUX") for t in tagged(text))
