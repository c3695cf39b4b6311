"""A thing the source gives only as planned, possible or undecided, stated by the claim as done.

"Navora has published a preliminary report" where the source has "Navora said it would publish a
preliminary report on Friday"; "The council voted on July 9 to buy ..." for "The council is
expected to vote on the plan on July 9"; "The police have opened an investigation" for "the
ministry would wait for the police to decide whether to open an investigation". The words are
the source's, so the other checks pass them; unknown.py reads set phrasings ("could rise" ->
"has risen", "whether to appeal"), this rule reads the parse, so any verb and any way of
putting it off counts.

The claim's verb must be stated as done or under way (has/had + participle, a past tense, "is
being ..."/"is ...ing") in its main clause or in what its main verb reports ("X said it had
..."), with no modal, negation, condition or plan word of its own. Every time the source uses
that verb (same lemma) it must be put off: under a modal ("would publish"), negated ("has not
published"), after "whether"/"if"/"once"/"until", or as what someone plans, expects, wants,
asks, decides or considers ("is expected to vote", "wants to extend"); and one of those
sentences must be about the same thing (three content words in common besides the verb). A
source that also says it happened, anywhere, leaves the claim alone.
"""
from __future__ import annotations

import re

from ..model import Issue, Sentence
from ..nlp import parsed
from .text import content, stem, tokens

_MODAL = frozenset("could may might would will should must can shall 'll".split())
# verbs whose complement is only intended, expected, asked for or weighed ("wants to extend")
_PUT_OFF = frozenset("plan propose expect hope want aim intend consider threaten seek ask urge vow pledge promise "
                     "prepare schedule set due decide study weigh review demand request recommend suggest push press "
                     "try need likely able agree wish offer refuse fail decline".split())
# claim verbs that state no deed of their own: speech and thought, and the plan verbs themselves
_NO_DEED = _PUT_OFF | frozenset("be have do say tell estimate believe think warn".split())
_OPEN_MARK = frozenset("whether if once unless until".split())  # "once Pennant completes a review"
_SUB_MARK = _OPEN_MARK | frozenset("when before after while although though as because since".split())
_NEG_WORDS = frozenset("no never nobody nothing none neither nor".split())
_SAME_THING = 3  # content words a source sentence shares with the claim, besides the verb
# words without which no sentence puts a verb off (_put_off): a sentence with none needs no parse
_CUE = re.compile(r"\b(?:could|may|might|would|will|should|must|can|cannot|shall|not|never|whether|if|once|unless|"
                  r"until|plan\w*|propos\w*|expect\w*|hop\w*|want\w*|aim\w*|intend\w*|consider\w*|threat\w*|"
                  r"seek\w*|sought|ask\w*|urg\w*|vow\w*|pledg\w*|promis\w*|prepar\w*|schedul\w*|set|due|decid\w*|"
                  r"stud\w*|weigh\w*|review\w*|demand\w*|request\w*|recommend\w*|suggest\w*|push\w*|press\w*|"
                  r"tr(?:y|ies|ied|ying)|need\w*|likely|able|agree\w*|wish\w*|offer\w*|refus\w*|fail\w*|declin\w*|"
                  r"fund\w*|bid|effort\w*|move|power|right|order|time|money|way|ready|eager|keen|free|unable|willing|"
                  r"reluctant|permission|approval|deadline|call\w*)\b|n't|'ll", re.I)  # the last: "funding to open", "ready to sign"
_MAX_SOURCE = 12  # source sentences parsed per claim verb: bounded whatever the source's size
# a present for what is arranged ("is taking on" for "will take on", "is falling" for "would
# fall"), unless the source keeps it open ("whether the office would investigate")
_FUTURE = re.compile(r"\b(?:will|'ll|shall|would|going to)\b", re.I)
_OPEN = re.compile(r"\b(?:whether|if|not|never)\b|n't\b", re.I)


def _first_conjunct(t):
    while t.dep_ == "conj":
        t = t.head
    return t


def _contrasted(t) -> bool:
    """"had not taken it lightly, but the reservoir is dropping": a "but" between a conjunct and
    its head cuts what the head's negation and modals say of it."""
    return any(c.dep_ == "cc" and c.lower_ in ("but", "yet") and t.head.i < c.i < t.i for c in t.head.children)


def _put_off(t) -> bool:
    """Is this source use of the verb only planned, possible, negated or undecided?"""
    chain = [t]
    # "would present a budget and publish it": the modal is the first verb's too, when both have
    # its form ("would provide housing and announced a fund": "announced" is not under "would")
    while chain[-1].dep_ == "conj" and not _contrasted(chain[-1]) and chain[-1].tag_ == chain[-1].head.tag_:
        chain.append(chain[-1].head)
    for u in chain:
        for c in u.children:
            if c.dep_ in ("aux", "auxpass") and c.lower_ in _MODAL:
                return True
            if c.dep_ == "neg" and u is t:
                return True
            if c.dep_ == "mark" and c.lower_ in _OPEN_MARK:
                return True
        if u.dep_ == "xcomp" and (u.head.lemma_ in _PUT_OFF or u.head.pos_ in ("ADJ", "NOUN")
                                  or any(x.lower_ in _MODAL for x in u.head.children)):
            return True
        if u.dep_ == "acl" and u.head.pos_ == "NOUN" and any(c.dep_ == "aux" and c.lower_ == "to" for c in u.children):
            return True  # "funding to open two courtrooms"
        if u.dep_ == "pcomp" and u.head.head.lemma_ in _PUT_OFF:
            return True
    return False


def _done_verbs(doc) -> list:
    """The claim's verbs stated as done or under way, in its main clause or what it reports."""
    out = []
    for t in doc:
        if t.pos_ != "VERB" or t.lemma_ in _NO_DEED:
            continue
        u = _first_conjunct(t)
        if not (u.dep_ == "ROOT" or (u.dep_ == "ccomp" and u.head.dep_ == "ROOT")):
            continue  # a condition, a relative clause, a purpose: not what the claim states
        kept_open = False
        for w in {t, u}:
            kids = list(w.children)
            kept_open |= any(c.dep_ in ("aux", "auxpass") and (c.lower_ in _MODAL or c.lower_ == "to") for c in kids)
            kept_open |= any(c.dep_ == "neg" or (c.dep_ == "mark" and c.lower_ in _SUB_MARK) for c in kids)
            kept_open |= any(g.lower_ in _NEG_WORDS for c in kids for g in c.subtree)  # "no date has been set"
        if kept_open:
            continue
        aux = [c for c in list(t.children) + list(u.children) if c.dep_ in ("aux", "auxpass")]
        perfect = any(c.lower_ in ("has", "have", "had") for c in aux)
        ongoing = t.tag_ == "VBG" and any(c.lower_ in ("is", "are", "was", "were") for c in aux)
        passive = t.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in aux)
        if perfect or ongoing or passive or t.tag_ == "VBD":
            out.append(t)
    return out


def check_planned(claim: Sentence, source: list[Sentence], stem_sets: list[set[str]]) -> list[Issue]:
    """source: the source sentences; stem_sets: their content stems (align.Index)."""
    have = set(content(tokens(claim.text)))
    if not any(len(have & s) >= _SAME_THING and _CUE.search(source[i].text) for i, s in enumerate(stem_sets)):
        return []  # no sentence about the same thing, or none that puts anything off: no parse (most claims)
    for v in _done_verbs(parsed(claim.text)[0]):
        forms = _forms(v)
        others = have - forms
        args = _arguments(v)
        # first without parsing: a source sentence about the same thing that uses the verb and
        # holds a word that can put it off; most claims have none, and nothing is parsed
        about_ids = [i for i, s in enumerate(stem_sets) if forms & s and len(others & s) >= _SAME_THING
                     and (not args or args & s) and _CUE.search(source[i].text)][:_MAX_SOURCE]
        if not about_ids:
            continue
        uses = [(i, t) for i, d in zip(about_ids, parsed(*[source[i].text for i in about_ids]))
                for t in d if t.lemma_ == v.lemma_ and t.pos_ == "VERB"]
        about = next(((i, t) for i, t in uses if _put_off(t)), None)
        if about is None:
            continue  # the usual case: the sentence says it was done
        # then every other sentence that may use the verb, those with its forms first: none may say
        # it was done (bounded: the first _MAX_SOURCE in all)
        rest = [i for i in dict.fromkeys([i for i, s in enumerate(stem_sets) if forms & s]
                                         + [i for i, s in enumerate(stem_sets) if len(others & s) >= _SAME_THING])
                if i not in about_ids][:max(_MAX_SOURCE - len(about_ids), 0)]
        uses += [(i, t) for i, d in zip(rest, parsed(*[source[i].text for i in rest]))
                 for t in d if t.lemma_ == v.lemma_ and t.pos_ == "VERB"]
        if not all(_put_off(t) for _, t in uses):
            continue
        i, t = about
        a, b = _put_off_span(t)
        said = source[i].text[a:b]
        if v.tag_ == "VBG" and _FUTURE.search(said) and not _OPEN.search(said):
            continue  # an arranged future, not a deed
        return [Issue(kind="hedge", detail=f"'{v.text}': the source does not say it was done ('{said}')",
                      derived_span=v.text, derived_start=v.idx, derived_end=v.idx + len(v.text),
                      source_span=said, source_id=source[i].id, source_start=a, source_end=b)]
    return []


def _arguments(v) -> set[str]:
    """Content stems of who does it and what it is done to ("the report found the number": report,
    number): the source sentence that puts the verb off must name one of them, so "than we can
    find new carers" is not about "the report found". Pronouns name nothing here."""
    heads = [c for w in {v, _first_conjunct(v)} for c in w.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr")]
    return {stem(h.text.lower()) for h in heads if h.pos_ in ("NOUN", "PROPN")}


def _forms(t) -> set[str]:
    """The stems a verb token may take in the source: its lemma's and its own."""
    return {stem(t.lemma_.lower()), stem(t.text.lower())}


def _put_off_span(t) -> tuple[int, int]:
    """Where the source puts the verb off: "would publish", "is expected to vote", "not published"."""
    start = min([c.idx for c in t.children if c.dep_ in ("aux", "auxpass", "neg", "mark")] + [t.idx])
    if t.dep_ == "xcomp":
        start = min(start, t.head.idx)
    return start, t.idx + len(t.text)
