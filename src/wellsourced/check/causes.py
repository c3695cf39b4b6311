"""Causal links: "X because Y", "X, which officials attributed to Y", "X after Y did Z".

A derived text that links two facts the source states apart invents a cause (the source says
the inspectors came after a complaint; the rewrite says they came after the strike delayed
medicines). The link is supported when one source sentence holds a causal connective and
words of both the cause and the effect, or two in a row do, the second opening with a
connective ("As a result, ..."). "after" only orders events: a sentence with words of both
sides, or the after-event itself, supports it. Words, not the aligned window: the window holds
the effect, and the cause may be stated elsewhere.
"""
from __future__ import annotations

import re

from ..model import Issue, Sentence
from .text import content, tokens

# Connectives that assert one event caused another: the cause after them ("X because Y") ...
CAUSAL = re.compile(
    r"\b(in response(?: to)?|in retaliation|as a result(?: of)?|as a consequence(?: of)?|consequently|therefore|because|due to|"
    r"in reaction|sparked by|triggered by|thus|attributed (?:it |this |that |the \w+ )?to|blamed (?:it |this |that )?on|"
    r"caused by|amid (?:fears|concerns|worries|criticism|complaints|anger|pressure)|"
    # ... or before them ("Y led to X")
    # ("resulted in the death of 1,383" restates "the massacre of 1,383": a description, not a link)
    r"prompting|prompted|(?:which |that )?led to|leading to|in turn|sparking|sparked|triggering)\b", re.I)
# the connectives with the cause before them ("sparked by" has it after)
_FORWARD = re.compile(r"(?:which |that )?(?:prompting|prompted|led to|leading to|in turn|sparking|sparked|triggering)", re.I)
# the source may state the cause with a verb: "a wildfire forced the evacuation" supports "evacuated because of a wildfire"
SOURCE_CAUSAL = re.compile(CAUSAL.pattern[:-3] + r"|sparked|led to|caus(?:e|es|ed|ing)|forced|forcing|blamed|"
                           r"attributed to|owing to|citing|ruling that|on (?:the )?grounds|response|retaliat\w*|"
                           r"result(?:ed|s)?(?: in)?|so that|meaning|amid|reason|cost(?:s|ing)?|driven by|thanks to|"
                           r"(?:hit|hurt|helped|boosted|fu?elled|weighed down) by|"
                           # "moved by six months after archaeological finds": news puts a cause after "after"; the
                           # sentence must still hold words of both sides
                           r"after|following)\b", re.I)
# "after" + a clause ("after protesters tried to ...") orders, and so suggests, a cause; "after 40 years" does not
_AFTER = re.compile(r"\bafter\b", re.I)
_TIME = re.compile(SOURCE_CAUSAL.pattern[:-3] + r"|after|following|since|when|then|before|once|later)\b", re.I)
_CLAUSE_END = re.compile(r"[,;:()\u2014\u2013]|\s-\s")
_SAYING = frozenset(content(tokens("said says say told according officials police reported adding added")))


def check_causal(claim: Sentence, source: list[Sentence], stem_sets: list[set[str]]) -> list[Issue]:
    for m, cause, effect, marker in _links(claim.text):
        if not effect or (cause is not None and not cause):
            continue  # nothing to look for: both sides in the same words
        if (_responds(effect, marker, source, stem_sets) if cause is None else _stated(cause, effect, marker, source, stem_sets)):
            continue
        return [Issue(kind="causal", detail=f"'{m.group(0)}' links events the source does not link", derived_span=m.group(0))]
    return []


def _stated(cause: set[str], effect: set[str], marker: re.Pattern | None, source: list[Sentence],
            stem_sets: list[set[str]]) -> bool:
    """One source sentence with the marker (if any) and words of both sides, or two in a row where
    the second opens with a causal or time connective ("... As a result, ...", "Then ...")."""
    need, half = max(1, (len(cause) + 2) // 3), max(1, (len(cause) + 1) // 2)
    for i, s in enumerate(source):
        if stem_sets[i] & effect and len(stem_sets[i] & cause) >= need and (marker is None or marker.search(s.text)):
            return True
        if marker is None and len(stem_sets[i] & cause) >= half:
            return True  # "arrested after a man was stabbed": the event is the source's; "after" only orders
        if i + 1 < len(source) and (marker or _TIME).search(source[i + 1].text[:_OPENING]):
            have = stem_sets[i] | stem_sets[i + 1]
            if have & effect and len(have & cause) >= need:
                return True
    return False


def _responds(effect: set[str], marker: re.Pattern | None, source: list[Sentence], stem_sets: list[set[str]]) -> bool:
    """"In response, the ministry called for ...": the cause is in an earlier sentence. The link is
    the source's when a sentence holding half of the effect's words has a connective."""
    half = min(len(effect), max(2, (len(effect) + 1) // 2))
    return any(len(st & effect) >= half and (marker or _TIME).search(s.text) for s, st in zip(source, stem_sets))


# "the cabinet they were after and left ...": "after" with nothing after it orders nothing
_STRANDED = re.compile(r"\s*(?:and|or|but)\b|\s*[,.;:!?]|\s*$", re.I)
# a link the claim denies or leaves open ("has not attributed the explosion to", "whether ... caused by");
# only where the link is the verb: "did not reach the village because ..." still gives a cause
_LINK_VERB = re.compile(r"caused by|attributed .*|blamed .*|(?:which |that )?led to|prompted|sparked|triggered by|sparked by", re.I)
_OPEN_LINK = re.compile(r"\b(?:not|never|neither|nor|whether|if|no one|nobody)\b|n't\b", re.I)
_OPENING = 30  # characters: "As a result," "That prompted", "Because of this"


def _links(text: str):
    """(connective match, cause stems, effect stems, source marker) of each causal link of the
    claim; cause None when the claim gives none ("In response, ...")."""
    found = [(m, SOURCE_CAUSAL) for m in CAUSAL.finditer(text)]
    # "after" only orders events: one sentence holding both sides states it, marker or not ("a
    # tornado hit on Thursday, killing two")
    found += [(a, None) for a in _AFTER.finditer(text) if not _STRANDED.match(text, a.end()) and _clause_follows(text, a.end())]
    for m, marker in sorted(found, key=lambda f: f[0].start()):
        if m.group(0).lower() == "due to" and _verb_follows(text, m.end()):
            continue  # "are due to vote on Monday": a plan, not a cause
        if _LINK_VERB.fullmatch(m.group(0)) and _OPEN_LINK.search(text[max(0, m.start() - 60): m.start()].rsplit(",", 1)[-1]):
            continue  # "could not yet say whether the illnesses were caused by": no link stated
        before, after = text[: m.start()], text[m.end():]
        ahead = _CLAUSE_END.split(after, maxsplit=1)[0]
        if _FORWARD.fullmatch(m.group(0)):  # "the strike led to delays": the cause is the clause before
            pieces = [p for p in _BOUNDARY.split(before) if content(tokens(p))]
            cause_text, effect_text = (pieces[-1] if pieces else ""), ahead
        elif not content(tokens(before)) and _CLAUSE_END.search(after):  # "Because Y, X."
            cause_text, effect_text = _CLAUSE_END.split(after, maxsplit=1)
        else:
            cause_text, effect_text = ahead, before
        cause = set(content(tokens(cause_text))[:6]) - _SAYING
        effect = set(content(tokens(effect_text))[-8:]) - _SAYING
        if not cause:  # "In response, ...": the cause is in an earlier sentence
            yield m, None, effect, marker
        else:
            yield m, cause - effect, effect - cause, marker


_BOUNDARY = re.compile(r"[,;:()\u2014\u2013]|\s-\s|\b(?:after|when|because|as|while|which|that|and|but)\b", re.I)


def _verb_follows(text: str, at: int) -> bool:
    from ..nlp import tagged

    nxt = text[at:].split(maxsplit=1)[:1]
    return bool(nxt) and any(t.tag_ == "VB" for t in tagged(f"to {nxt[0]}")[1:2])


def _clause_follows(text: str, at: int) -> bool:
    """A finite verb within the next few words of `at`, before the clause ends."""
    from ..nlp import tagged

    rest = _CLAUSE_END.split(text[at:], maxsplit=1)[0]
    words = rest.split()[:7]
    if not words:
        return False
    return any(t.tag_ in ("VBD", "VBZ", "VBP") for t in tagged(" ".join(words)))
