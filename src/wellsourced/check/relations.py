"""Who did what to whom: the doer of an action named in the claim against the doer the source
gives for the same action ("Tomas Brenn proposed the subsidy" where the source has "Maria
Ostrander, who proposed the subsidy"), and doer and target reversed ("Kartonex is in talks to
buy Pellworth" for "Pellworth is in talks to buy Kartonex").

Events come from spaCy's dependency parse (nlp.parsed): a verb's lemma, its doer (subject, the
"by" agent of a passive, the noun a "who ..." clause hangs on, the subject of the verb it is
coordinated with or complements) and what it acts on (object, passive subject, objects of its
prepositions). Only names are compared: a doer given as a pronoun or a common noun ("the
mayor") is left to the other rules, since telling who "she" is would need coreference. An event
is compared only with source events of the same verb that act on the same thing, so the rule
stays quiet where the source says nothing about the action.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from ..facts.entities import names_match, normalise
from ..facts.quotes import PRONOUNS
from ..model import Issue, Sentence
from ..read.split import dateline
from .affiliation import tied
from .text import content, stem, tokens

# Verbs too light or too general to tell one action from another, and speech verbs (whose
# speakers the quotation and speaker rules compare)
_LIGHT = {"be", "have", "do", "get", "make", "take", "give", "go", "come", "say", "tell", "add", "call", "see",
          "include", "use", "become", "remain", "want", "need", "seem", "know", "think", "find", "show", "put", "let"}
_RELATIVE = {"who", "which", "that", "whom"}
_SUBJECT_PRONOUNS = {"he", "she", "it"}
_PERSON_NOUNS = set("spokesman spokeswoman spokesperson minister lawyer attorney director chairman chairwoman chair president "
                    "secretary officer official judge mayor councillor councilor governor senator manager owner founder "
                    "executive chief head leader commissioner inspector prosecutor detective sergeant doctor surgeon nurse "
                    "teacher principal professor researcher scientist analyst economist engineer resident witness victim "
                    "mother father son daughter wife husband man woman coach captain player driver pilot farmer worker".split())
_GENDER = {"he": set("son father husband brother man boy uncle nephew grandfather spokesman chairman".split()),
           "she": set("daughter mother wife sister woman girl aunt niece grandmother spokeswoman chairwoman".split())}
PRONOUN = frozenset({"-pronoun-"})
SAME_STATEMENT = 0.6  # share of the claim's content words a sentence holds to be the claim's own statement
_CLIMB = {"conj", "xcomp", "acl", "pcomp", "pobj", "prep"}  # up which a doer is inherited
# a reported action's doer is not the speaker: "Fearns said her son needs to fly" (never climb to these)
_SPEECH = {"say", "tell", "add", "state", "claim", "warn", "insist", "argue", "note", "announce", "report", "confirm",
           "deny", "write", "believe", "think", "allege", "accuse"}
# when, not what: "signed the letter on Monday" and "signed the deal on Monday" act on different things
_TIME = set("monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
            "september october november december day week month year time morning afternoon evening night today "
            "yesterday tomorrow weekend hour minute decade".split())
MAX_SOURCE = 12  # source sentences parsed per claim action: bounded whatever the source's size
_NAMED = re.compile(r"(?<=\S)\s+[^\s]*?[A-Z]")  # a capital after the first word: there may be a name


# Actions done together, whose doer and target may change places without changing the news
_MUTUAL = {"meet", "talk", "negotiate", "agree", "merge", "marry", "compete", "play", "face", "fight", "join", "partner",
           "collaborate", "cooperate", "clash", "share", "exchange", "trade", "swap", "split", "divide", "link", "connect",
           "compare", "tie", "draw", "discuss", "debate", "ally", "unite", "combine", "match", "rival", "resemble", "border"}
# Actions whose direction is the news ("the union accused the hospital" is not "the hospital
# accused the union"): a claim with one of these is parsed even without a name in it, and its
# doer and target are compared as noun phrases, not only as names
_TWO_PARTY = {stem(w) for w in ("accuse accused accuses accusing blame blamed blames blaming sue sued sues suing "
                                "criticise criticised criticises criticize criticized criticizes attack attacked attacks "
                                "defeat defeated defeats beat beats buy bought buys acquire acquired acquires fire fired "
                                "fires hire hired hires pay paid pays invade invaded invades arrest arrested arrests "
                                "endorse endorsed endorses oppose opposed opposes reject rejected rejects warn warned warns "
                                "threaten threatened threatens sanction sanctioned sanctions ban banned bans").split()}


class Event(NamedTuple):
    verb: str  # lemma
    doers: tuple[str, ...]  # the names, as written ("Texas and Ohio sued": both)
    targets: frozenset[str]  # lemmas (lower case) of what the verb acts on
    names: tuple[str, ...]  # the names among the targets, as written
    text: str  # the verb as written
    doer_words: frozenset[str] = frozenset()  # the doer as a noun phrase: "hospital management" -> {hospital, management}
    target_words: tuple[frozenset[str], ...] = ()  # each target likewise ("the nurses' union" -> {nurse, union})


def _name(tok) -> str | None:
    """The full name a proper-noun token heads ("Councillor Maria Ostrander", "al-Shabab"), or None."""
    if tok.pos_ != "PROPN":
        appos = [c for c in tok.children if c.dep_ == "appos" and c.pos_ == "PROPN"]  # "the mayor, Maria Ostrander,"
        if tok.dep_ == "appos" and tok.head.pos_ == "PROPN":
            appos = [tok.head]  # "Orbitrex, a satellite company that built the system"
        if not appos:
            return None
        tok = appos[0]
    doc, a, b = tok.doc, tok.i, tok.i

    def part(t) -> bool:  # a word of the name, or a hyphen inside it
        return t.pos_ == "PROPN" or (t.text == "-" and not t.whitespace_ and not doc[t.i - 1].whitespace_)
    while a > 0 and part(doc[a - 1]) and doc[a - 1].head.i in range(a - 1, b + 2):
        a -= 1
    while b + 1 < len(doc) and part(doc[b + 1]) and (doc[b + 1].text == "-" or doc[b].text == "-"):
        b += 1
    nxt = doc[b + 1] if b + 1 < len(doc) else None
    if nxt is not None and (nxt.pos_ == "NOUN" or (a > 0 and doc[a - 1].lower_ in ("the", "a", "an") and nxt.is_lower
                                                  and nxt.pos_ not in ("VERB", "AUX", "PART", "CCONJ", "ADP", "PUNCT"))):
        return None  # "the Tottenham forward": a name describing someone else, not the doer
    return doc[a: b + 1].text


def _doer(verb, depth: int = 0):
    """The token that does what `verb` says, or None."""
    for c in verb.children:
        if c.dep_ == "nsubj":
            if c.lower_ in _RELATIVE and verb.dep_ == "relcl":
                h = verb.head
                if c.lower_ in ("who", "whom") and h.dep_ == "pobj" and h.head.lower_ == "of" and h.head.head.pos_ == "PROPN":
                    return h.head.head  # "Gloria Tennant, 67, of Saltmere, who matched five numbers": not the town
                return h  # "Ostrander, who proposed the subsidy"
            return _speaker_of(c, verb, depth) or c
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    if any(c.dep_ == "nsubjpass" for c in verb.children) or depth >= 3:
        return None  # a passive without its "by": nobody is named
    if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return None  # "the subsidy Ostrander proposed" has its own nsubj; without one, unknown
    if verb.dep_ in _CLIMB and verb.head is not verb:
        head = verb.head
        while head.pos_ not in ("VERB", "AUX") and head.dep_ in _CLIMB and head.head is not head:
            head = head.head  # "in talks to buy": up through the noun and its preposition
        if head.pos_ not in ("VERB", "AUX"):
            return None
        if verb.dep_ == "conj" and _passive(head):
            return None  # "was negotiated by Yoon and approved on a 4-1 vote": approved by someone unnamed
        # "X said ... and urged regulators": a verb coordinated with "said" in the same tense shares
        # its subject; one governed by it does not ("Fearns said her son needs to fly": the son
        # flies, though the parser may hang "needs" on "said" as a conjunct)
        if head.lemma_.lower() not in _SPEECH or (verb.dep_ == "conj" and verb.tag_ == head.tag_):
            return _doer(head, depth + 1)
    return None


def _speaker_of(pron, verb, depth: int):
    """The speaker a pronoun doer stands for in what they are reported to have said or done:
    "Asante-Ruiz said he had turned down two projects" (he = Asante-Ruiz), "the board said it
    had asked Brackwater" (it = the board). Only where the pronoun fits the speaker (he/she a
    person, it not a person), and only one level down: news puts the speaker's own deeds there."""
    if pron.lower_ not in _SUBJECT_PRONOUNS or verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in _SPEECH or depth >= 3:
        return None
    who = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if who is None or who.lower_ in PRONOUNS or who.lower_ in _RELATIVE or who.pos_ not in ("NOUN", "PROPN"):
        return None
    # the parse has no entity types: a name may be a person's or a company's ("Fairbairn said it
    # was considering ..."), so "it" stands only for a common noun that is no person ("the
    # board"); he/she for a name or a person noun of that gender
    p, lemma = pron.lower_, who.lemma_.lower()
    if p == "it":
        fits = who.pos_ == "NOUN" and lemma not in _PERSON_NOUNS and who.tag_ == "NN"
    else:
        fits = (who.pos_ == "PROPN" or lemma in _PERSON_NOUNS) and lemma not in _GENDER["she" if p == "he" else "he"]
    # "Her son said she lay on the floor": she is the one "her" names, not the son
    mine = {"he": "his", "she": "her", "it": "its"}[p]
    if not fits or any(t.lower_ == mine for t in who.subtree):
        return None
    return who


def _passive(verb) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _coordinated(tok) -> list:
    """The token and the ones coordinated with it ("Texas and Ohio")."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(_coordinated(c))
    return out


def _targets(verb) -> list:
    out = []
    for c in verb.children:
        if c.dep_ in ("dobj", "nsubjpass", "attr", "dative"):
            out.append(c)
        elif c.dep_ == "prep":
            out.extend(g for g in c.children if g.dep_ == "pobj")
    return [t for t in out if t.pos_ in ("NOUN", "PROPN") and t.lower_ not in _TIME]


def events(text: str) -> list[Event]:
    from ..nlp import parsed

    return _events(parsed(text)[0])


def _phrase(tok) -> frozenset[str]:
    """The lemmas of a noun phrase's head and its noun and adjective modifiers ("the nurses'
    union" -> {nurse, union}); nothing for a pronoun."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return frozenset()
    out, todo = [tok], [tok]
    while todo:  # "Union president Gina Marchetti": "Union" modifies "president", which modifies the head
        t = todo.pop()
        mods = [c for c in t.children if c.dep_ in ("compound", "amod", "poss", "nmod") and c.pos_ in ("NOUN", "PROPN", "ADJ")]
        out += mods
        todo += mods
    return frozenset(t.lemma_.lower() for t in out)


def _events(doc, pronouns: bool = False) -> list[Event]:
    """The actions of a parsed sentence with a doer and something they act on; with `pronouns`,
    also those whose doer is a personal pronoun ("She accused Adel of ..."): its doer_words are
    then PRONOUN, which no claim's words meet."""
    out = []
    for tok in doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() in _LIGHT:
            continue
        d = _doer(tok)
        who = _coordinated(d) if d is not None else []
        doers = tuple(n for n in (_name(x) for x in who) if n)
        doer_words = frozenset().union(*(_phrase(x) for x in who))
        if pronouns and not (doers or doer_words) and d is not None and d.lower_ in PRONOUNS:
            doer_words = PRONOUN
        targets = [x for t in _targets(tok) for x in _coordinated(t)]
        if not (doers or doer_words) or not targets:
            continue
        names = tuple(n for n in (_name(t) for t in targets) if n)
        out.append(Event(tok.lemma_.lower(), doers, frozenset(t.lemma_.lower() for t in targets), names, tok.text,
                         doer_words, tuple(_phrase(t) for t in targets)))
    return out


def _same(a: str, b: str) -> bool:
    return names_match(normalise(a), normalise(b))


def _any(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return any(_same(x, y) for x in a for y in b)


def check_relations(claim: Sentence, source: list[Sentence], stem_sets: list[set[str]]) -> list[Issue]:
    """The claim's named doers against the source's, action by action (see the module doc)."""
    named = bool(_NAMED.search(claim.text))
    if not named and not any(stem(w) in _TWO_PARTY for w in tokens(claim.text)):
        return []  # no name and no two-party action: nothing to compare (and no parse to pay for)
    issues = []
    mine = set(content(tokens(claim.text)))
    for ev in events(claim.text):
        v = stem(ev.text.lower())
        # the sentences with the verb and something it acts on: the only ones worth parsing
        things = {stem(w.lower()) for t in ev.targets | set(ev.names) for w in t.split()}
        if v in _TWO_PARTY:  # "accused Helga Varnum's federation": the source may name only "Varnum"
            things |= {stem(w) for t in ev.target_words for w in t}
            things |= {stem(w) for w in ev.doer_words}  # and the claim's doer may be the source's target
        picked = [(s, st) for s, st in zip(source, stem_sets) if v in st and things & st][:MAX_SOURCE]
        cands = [s for s, _ in picked]
        docs = _parsed_sources(cands)
        if ev.doer_words and (v in _TWO_PARTY or ev.verb not in _MUTUAL):
            rev = _reversed(ev, picked, docs, mine, both=v not in _TWO_PARTY)
            if rev:
                issues.append(rev)
                continue
        for doer in ev.doers:
            agree, other, swapped = False, None, None
            for s, doc in zip(cands, docs):
                for se in _events(doc):
                    if se.verb != ev.verb:
                        continue
                    if not (se.targets & ev.targets or _any(se.names, ev.names)):
                        if _any(se.doers, ev.names) and _any((doer,), se.names):
                            swapped = swapped or (s, se)
                        continue
                    if _any(se.doers, (doer,)):
                        agree = True
                    elif other is None and se.doers:  # a doer the source names (not "the agency")
                        other = (s, se)
            if agree:
                continue
            if swapped:
                s, se = swapped
                issues.append(Issue(kind="attribution", detail=f"'{se.doers[0]} {se.text} ... {doer}' in the source: "
                                    "doer and target are the other way round", derived_span=doer, source_span=se.doers[0],
                                    source_id=s.id))
            elif other:
                s, se = other
                issues.append(Issue(kind="attribution", detail=f"'{se.text}' ({', '.join(sorted(se.targets))}): done by "
                                    f"'{' and '.join(se.doers)}' in the source, not '{doer}'", derived_span=doer,
                                    source_span=se.doers[0], source_id=s.id))
            break  # one finding per action
    return issues


def _parsed_sources(sents: list[Sentence]) -> list:
    """The source sentences parsed, a leading wire dateline left out: its place ("OSSINGHAM, Oct 3
    (Wire) — The diocese has agreed ...") is no doer of the sentence's verb."""
    from ..nlp import parsed

    return parsed(*(s.text[dateline(s.text):] for s in sents))


def _reversed(ev: Event, picked: list[tuple[Sentence, set[str]]], docs: list, mine: set[str], both: bool = False) -> Issue | None:
    """A two-party action whose doer and target (as noun phrases) are the source's target and
    doer ("hospital management accused the nurses' union" for "union president Marchetti
    accused the hospital"), with no source event of that verb done by the claim's doer. `picked`:
    the candidate sentences with their content stems; `mine`: the claim's. With `both` (any
    other action: "Lindqvist had edited Mbeki-Stone's first book" for "Mbeki-Stone edited
    Lindqvist's debut") the doer and the target must both be the other way round."""
    theirs = [(s, st, se) for (s, st), doc in zip(picked, docs) for se in _events(doc, pronouns=True) if se.verb == ev.verb]
    if any(ev.doer_words & se.doer_words or _any(ev.doers, se.doers) for _, _, se in theirs):
        return None  # the source has the claim's doer do it too
    for s, st, se in theirs:
        mine_done_to = any(ev.doer_words & t for t in se.target_words)
        theirs_done_by = any(t & se.doer_words for t in ev.target_words)
        # one side is enough when the sentence is the claim's own statement ("She accused Adel of
        # hiding cuts" for "Adel accused Ulvik of hiding cuts"; "Riverwatch accused a bottling
        # plant of extracting groundwater" for "Claravia accused Riverwatch of extracting ...")
        # the claim may name the side the source gives by pronoun ("She" -> "opposition leader
        # Maren Ulvik"): the words naming the other party are not counted against the share
        other = {stem(w) for t in (ev.target_words if mine_done_to else (ev.doer_words,)) for w in t}
        rest = mine - other
        share = len(rest & st) / max(len(rest), 1)
        if mine_done_to and theirs_done_by or not both and (mine_done_to or theirs_done_by) and share >= SAME_STATEMENT:
            return Issue(kind="attribution", detail=f"'{se.text}': the source has the other side doing it (doer and target "
                         "are the other way round)", source_span=s.text[:120], source_id=s.id)
    return None


# Verbs that report what someone said; what follows is compared by its words, not its object
_SAYING = {"say", "tell", "add", "state", "warn", "argue", "insist", "note", "explain", "claim", "announce"}
MIN_SAID = 4  # content words a reported statement needs before its speaker is compared
SAID_SHARE = 0.7  # of them the source sentence must hold: the same statement, not the same topic


def _statements(doc, saying: bool = True) -> list[tuple[str, list[str], str]]:
    """(named speaker, content stems of what they said, "say") for each verb of saying with
    a named subject and a clause of its own ("Solberg said the team had identified ...").
    With saying=False: (named doer, content stems of the rest of the clause, verb included,
    the verb's lemma) for every other verb with a named subject ("Lorna Fitch, 51, pleaded guilty last year")."""
    out = []
    for tok in doc:
        if tok.pos_ != "VERB" or (tok.lemma_.lower() in _SAYING) != saying:
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        name = _name(subj) if subj is not None else None
        if not name:
            continue
        if saying:
            said = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            if said is not None:
                out.append((name, content(tokens(doc[said.left_edge.i: said.right_edge.i + 1].text)), "say"))
        else:
            skip = {t.i for t in subj.subtree}
            out.append((name, content(tokens(" ".join(t.text for t in tok.subtree if t.i not in skip))), tok.lemma_.lower()))
    return out


def check_speech(claim: Sentence, source: list[Sentence], stem_sets: list[set[str]]) -> list[Issue]:
    """A statement given to another speaker in reported speech ("Lead researcher Ingrid Solberg said
    the team had identified two enzymes ..." where the source has "Kwame Asante said the team had
    identified two enzymes ..."), or a deed given to another doer ("Keith Dawlish pleaded guilty
    last year" where the source has "Lorna Fitch, 51, pleaded guilty last year"): the source
    sentence holding most of what the claim reports names another speaker or doer, and not the
    claim's anywhere in it. A sentence whose speaker is a pronoun, or is only in the sentence
    before, tells nothing (but a quotation's speaker the reader resolved does)."""
    from ..nlp import parsed

    if not _NAMED.search(claim.text):
        return []
    doc = parsed(claim.text)[0]
    return (_other_doer(_statements(doc), source, stem_sets, "said", quotes=True)
            or _other_doer(_statements(doc, saying=False), source, stem_sets, "done"))


def _other_doer(statements, source: list[Sentence], stem_sets: list[set[str]], what: str, quotes: bool = False) -> list[Issue]:
    from ..facts.entities import mentioned

    saying = what == "said"
    for name, words, verb in statements:
        mine = set(words)
        if len(mine) < MIN_SAID:
            continue
        cands = [s for s, st in zip(source, stem_sets) if len(mine & st) >= SAID_SHARE * len(mine)][:MAX_SOURCE]
        docs = _parsed_sources(cands)
        if any(mentioned(normalise(name), s.text.lower()) or any(_same(name, n) for n in _names_in(doc))
               for s, doc in zip(cands, docs)):
            continue  # the claim's speaker or doer is in one of those sentences: no swap to report
        for s, doc in zip(cands, docs):
            theirs = [who for who, w, v in _statements(doc, saying) if v == verb and len(mine & set(w)) >= SAID_SHARE * len(mine)]
            # a quotation restated as reported speech: the quote's speaker, which the reader
            # already resolved from "she told reporters" to the name before it
            theirs += [q.speaker for q in s.quotes if quotes and _named(q.speaker)
                       and len(mine & set(content(tokens(q.text)))) >= SAID_SHARE * len(mine)]
            # "Brannoch Seeds says" for "Linnea Vasquez-Hart said": she speaks for it if the
            # source names them together anywhere ("Vasquez-Hart, Brannoch's spokeswoman")
            if theirs and not any(_same(name, who) or tied(name, who, source) for who in theirs):
                return [Issue(kind="attribution", detail=f"{what} by '{theirs[0]}' in the source, not '{name}'", derived_span=name,
                              source_span=theirs[0], source_id=s.id)]
    return []


def _named(speaker: str | None) -> bool:
    return bool(speaker) and speaker.lower() not in PRONOUNS


def _names_in(doc) -> list[str]:
    return [n for n in (_name(t) for t in doc if t.pos_ == "PROPN" and t.dep_ not in ("compound", "flat")) if n]
