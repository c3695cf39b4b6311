"""The fact checks as named components over one alignment (in the spirit of spaCy's registered
pipeline components).

Each rule sees one claim and its evidence (`RuleInput`) and returns `Issue`s: what differs, the
exact words on both sides and, where it can say, their character offsets. Rules never decide
a verdict; `pipeline.decide` combines their findings with an engine's score, and no engine can
overrule a conflict a rule found. `locate` fills the offsets a rule left empty, so every
finding with words on either side can be highlighted.

Where things are compared: numbers in `numbers.py` (sums and shares a claim works out in
`arithmetic.py`), names in `entities.py`, quotations in
`quotes.py`, who did what to whom in `relations.py`, who said it, hedges and negation in
`attribution.py`, causal links in `causes.py`, what the source says is not known, not decided,
only possible or proposed in `unknown.py`, "all" for part in `scope.py`, evaluative words in
`opinion.py`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Evidence, Issue, Number, Sentence
from .attribution import (check_accusation, check_actor, check_hedge, check_negation, check_negation_clause, check_negation_near, check_opposite,
                          check_speaker, edited_hedge, edited_negation, edited_speaker)
from .affiliation import check_affiliation
from .copydiff import overlaps
from .direction import check_direction, said_elsewhere
from .disputed import check_disputed
from .causes import check_causal
from .entities import check_entities, edited_actor, edited_entities
from .lists import check_list
from .numbers import check_numbers, check_zero, edited_numbers, invented
from .quotes import check_quotes
from .scope import check_scope
from .relations import check_relations, check_speech
from .planned import check_planned
from .unknown import check_unknown

if TYPE_CHECKING:
    from .pipeline import Prepared


@dataclass
class RuleInput:
    claim: Sentence
    windows: list[Evidence]  # candidate evidence, best first
    window: list[Sentence]  # the sentences of the best window
    evidence: list[Sentence]  # the sentences of every window
    best: Sentence | None  # the sentence of the best window the claim overlaps most
    best_cover: float  # share of the claim's content words that `best` holds
    prep: Prepared  # the indexed source (whole-source lookups)
    notes: dict[str, float] = field(default_factory=dict)  # counts rules pass on to the engine's features


Rule = Callable[[RuleInput], list[Issue]]
RULES: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    """Register a rule under `name`; rules run in registration order."""
    def add(fn: Rule) -> Rule:
        RULES[name] = fn
        return fn
    return add


@rule("numbers")
def numbers(x: RuleInput) -> list[Issue]:
    when = x.prep.published(x.window[0]) if x.window else x.prep.sources[0].published
    issues, novel = check_numbers(x.claim, x.window, x.prep.index.sents, when, evidence=x.evidence)
    x.notes["num_novel"] = len(novel)
    issues = _merge(issues or check_zero(x.claim, x.prep.zeros), edited_numbers(x.claim, x.best))
    return issues or [_invented(n) for n in invented(novel, x.claim, x.evidence, x.prep.body_text)[:1]]


def _invented(n: Number) -> Issue:
    """A number no source sentence gives, nor any sum, difference or share of them: an added
    detail ("about 60 of his members", "a 4 percent interest rate")."""
    return Issue(kind="invented", detail=f"'{n.text}': the source gives no such number", derived_span=n.text,
                 derived_start=n.start, derived_end=n.end)


@rule("entities")
def entities(x: RuleInput) -> list[Issue]:
    issues, novel = check_entities(x.claim, x.window, x.prep.index.lower, x.prep.words)
    x.notes["ent_novel"] = novel
    issues = issues or check_affiliation(x.claim, x.prep.index.sents, x.prep.body_text)
    edited = edited_entities(x.claim, x.best)
    if not edited and x.prep.index.cased:  # an actor is told from a name by its case: not without capitals
        edited = edited_actor(x.claim, x.best, x.prep.index.lower, x.prep.index.source.body)
    return _merge(issues, edited)


def _merge(issues: list[Issue], edited: list[Issue]) -> list[Issue]:
    """A rule's issues plus the copy-edit issues (copydiff) about other words of the claim. An
    edit in copied text is a conflict, so it replaces an "invented" note on the same words
    ("'Nairobi' is not named in the source" where the copied sentence has "Cuba")."""
    def meets(a: Issue, b: Issue) -> bool:
        return None not in (a.derived_start, b.derived_start) and overlaps(a.derived_start, a.derived_end, (b.derived_start, b.derived_end))

    kept = [i for i in issues if not (i.kind == "invented" and any(meets(i, e) for e in edited))]
    return kept + [e for e in edited if not any(meets(e, i) for i in kept)]


@rule("quotes")
def quotes(x: RuleInput) -> list[Issue]:
    return check_quotes(x.claim, x.prep.body_norm, x.prep.quote_context)


@rule("attribution")
def attribution(x: RuleInput) -> list[Issue]:
    return (check_speaker(x.claim, x.prep.index.sents, x.prep.find_quote) + check_actor(x.claim, x.window, x.prep.index.lower)
            or edited_speaker(x.claim, x.best) or check_relations(x.claim, x.prep.index.sents, x.prep.index.stem_sets)
            or check_speech(x.claim, x.prep.index.sents, x.prep.index.stem_sets))


@rule("hedges")
def hedges(x: RuleInput) -> list[Issue]:
    close = x.best if x.best is not None and x.best_cover >= 0.3 else None
    return (edited_hedge(x.claim, x.best) or check_hedge(x.claim, close, [s for s in x.evidence if s is not close], x.best_cover)
            or check_accusation(x.claim, x.prep.charges) or check_disputed(x.claim, close, x.prep.index.sents)
            or check_scope(x.claim, x.best, x.best_cover))


@rule("causality")
def causality(x: RuleInput) -> list[Issue]:
    return check_causal(x.claim, x.prep.index.sents, x.prep.index.stem_sets)


@rule("unknown")
def unknown(x: RuleInput) -> list[Issue]:
    return check_unknown(x.claim, x.evidence, x.best) or check_planned(x.claim, x.prep.index.sents, x.prep.index.stem_sets)


@rule("negation")
def negation(x: RuleInput) -> list[Issue]:
    return (edited_negation(x.claim, x.best) or check_negation(x.claim, x.best, x.best_cover)
            or check_negation_clause(x.claim, x.best, x.best_cover)
            or _opposite(x) or check_negation_near(x.claim, x.window, x.best) or check_direction(x.claim, x.prep.index.sents))


def _opposite(x: RuleInput) -> list[Issue]:
    """An opposite word, unless it states a change the source also gives that way elsewhere."""
    return [i for i in check_opposite(x.claim, x.best, x.best_cover) if not said_elsewhere(i, x.claim, x.prep.index.sents)]


@rule("lists")
def lists(x: RuleInput) -> list[Issue]:
    return check_list(x.claim, x.prep.index.stem_sets, x.prep.index.all_stems)


def run_rules(x: RuleInput, names: list[str] | None = None) -> list[Issue]:
    out: list[Issue] = []
    for name in names or list(RULES):
        for i in RULES[name](x):
            i.rule = i.rule or name
            out.append(i)
    return [locate(i, x) for i in out]


def locate(i: Issue, x: RuleInput) -> Issue:
    """Fill the offsets a rule did not give: the derived words in the claim, the source words in
    the evidence sentences first, then anywhere in the source."""
    if i.derived_start is None and i.derived_span:
        k = _find(x.claim.text, i.derived_span)
        if k >= 0:
            i.derived_start, i.derived_end = k, k + len(i.derived_span)
    if i.source_id is None and i.source_span:
        seen = {s.id for s in x.evidence}
        for s in x.evidence + [s for s in x.prep.index.sents if s.id not in seen]:
            k = _find(s.text, i.source_span)
            if k >= 0:
                i.source_id, i.source_start, i.source_end = s.id, k, k + len(i.source_span)
                break
    return i


def _find(text: str, span: str) -> int:
    k = text.find(span)
    if k < 0:
        k = text.lower().replace("’", "'").find(span.lower().replace("’", "'"))
    return k
