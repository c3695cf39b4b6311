"""Causal links the source does not make, and possibilities stated as certain. Every article
and sentence here is our own (invented)."""
from hypothesis import given, settings
from hypothesis import strategies as st

from wellsourced.check.causes import check_causal
from wellsourced.check.pipeline import check_texts
from wellsourced.check.text import content, tokens
from wellsourced.model import Sentence

PLANT = """Inspectors visit Dunmore bottling plant after complaint

DUNMORE, May 9 (Wire) - Workers at the Dunmore bottling plant went on strike on Friday over pay.

State inspectors visited the plant on Monday after a complaint about leaking tanks in the cooling hall.

Turnout at the union ballot rose to 71 percent from 58 percent last year. The vote was the closest in a decade.

Heavy snow closed the mountain pass on Tuesday. As a result, deliveries to the plant were delayed by two days.

The company said it could ask the regional court to end the strike. Plant manager Edith Varga said the dispute may have cost the firm 300,000 euros, and warned that the total could include overtime paid before the strike.
"""


def verdict(derived: str):
    return check_texts(PLANT, derived).verdicts[0]


def kinds(derived: str) -> set[str]:
    return {i.kind for i in verdict(derived).issues}


def test_a_cause_joined_to_a_fact_stated_apart_is_flagged():
    for bad in ("State inspectors visited the plant on Monday after the strike led to leaking tanks in the cooling hall.",
                "Turnout at the union ballot rose to 71 percent, which the union attributed to the strike over pay.",
                "Deliveries to the plant were delayed by two days because workers went on strike on Friday."):
        v = verdict(bad)
        assert v.label in ("unsupported", "contradicted") and "causal" in kinds(bad), (bad, v.issues)


def test_a_cause_the_source_gives_passes_in_other_words():
    for fine in ("Inspectors went to the plant on Monday after a complaint about leaking tanks.",
                 # the cause in one sentence, "As a result" opening the next
                 "Deliveries to the plant were delayed by two days because heavy snow closed the mountain pass.",
                 # "after" before a time is no clause, and no link
                 "Turnout at the union ballot rose to 71 percent after a year at 58 percent."):
        assert "causal" not in kinds(fine), fine


def test_a_possibility_stated_as_certain_is_a_hedge_finding():
    # a copy with one word changed names the word ("will"); a rewrite names its verb
    for bad, said in (("The company will ask the regional court to end the strike.", "will"),
                      ("Edith Varga said the dispute cost the firm 300,000 euros.", "cost"),
                      ("Varga said the total included overtime paid before the strike.", "included"),
                      ("Varga said the dispute is costing the firm 300,000 euros.", "costing")):
        v = verdict(bad)
        hedge = [i for i in v.issues if i.kind == "hedge"]
        assert v.label == "contradicted" and hedge and hedge[0].derived_span == said, (bad, v.issues)
    for fine in ("The company said it could ask the regional court to end the strike.",
                 "The company might ask the regional court to end the strike.",
                 "Varga said the dispute may have cost the firm 300,000 euros."):
        assert "hedge" not in kinds(fine), fine


WORDS = st.lists(st.sampled_from("council harbour ferry budget station river bridge tender union school road market "
                                 "closed opened rose fell voted approved delayed".split()), min_size=2, max_size=6)


@settings(max_examples=40, deadline=None)
@given(WORDS, WORDS, st.sampled_from(["because", "due to", "after the", "which led to", "as a result of"]))
def test_a_claim_that_copies_a_source_sentence_never_invents_its_link(effect, cause, link):
    text = f"The {' '.join(effect)} {link} {' '.join(cause)}."
    source = [_sentence("s0", "Officials met on Monday."), _sentence("s1", text)]
    stems = [set(content(tokens(s.text))) for s in source]
    assert check_causal(_sentence("c", text), source, stems) == []


def _sentence(sid: str, text: str) -> Sentence:
    return Sentence(id=sid, text=text, start=0, end=len(text), paragraph=0)


def test_an_approval_still_pending_or_a_step_not_yet_taken_stated_as_done():
    src = ("The deal must still be approved by parliament, which is expected to vote within 60 days. "
           "The school board has yet to publish its report.")
    for bad in ("Parliament has approved the deal.", "The school board has published its report."):
        v = check_texts(src, bad).verdicts[0]
        assert v.label == "contradicted" and "hedge" in {i.kind for i in v.issues}, (bad, v.issues)
    for fine in ("The deal must still be approved by parliament.", "The deal still needs the approval of parliament.",
                 "The school board has not yet published its report.", "The school board is yet to publish its report."):
        assert check_texts(src, fine).verdicts[0].label == "supported", fine


def test_praise_or_blame_in_the_writers_voice_is_opinion_and_denies_is_not_admits():
    src = "Fire crews laid booms across the river on Tuesday. Celia Brannagh denies three counts of fraud."
    for judged in ("Fire crews responded impressively, laying booms across the river on Tuesday.",
                   "In a short-sighted move, fire crews laid booms across the river on Tuesday."):
        assert check_texts(src, judged).verdicts[0].label == "opinion", judged
    v = check_texts(src, "Celia Brannagh admits three counts of fraud.").verdicts[0]
    assert v.label == "contradicted" and "negation" in {i.kind for i in v.issues}


def test_a_proposal_reported_as_done():
    src = ("The trust has also proposed a 'golden hello' payment of 5,000 pounds for experienced midwives. "
           "The council is considering a tourist levy of 2 pounds a night.")
    for bad in ("The trust has introduced a 5,000-pound golden hello payment for experienced midwives.",
                "The council has imposed a tourist levy of 2 pounds a night."):
        v = check_texts(src, bad).verdicts[0]
        assert v.label == "contradicted" and "hedge" in {i.kind for i in v.issues}, (bad, v.issues)
    for fine in ("The trust has proposed a golden hello payment of 5,000 pounds for experienced midwives.",
                 "The council is weighing a tourist levy of 2 pounds a night."):
        assert "hedge" not in {i.kind for i in check_texts(src, fine).verdicts[0].issues}, fine
    # proposed, then done: the source says both
    both = "The board proposed a new parking charge in May. In June it introduced the new parking charge."
    assert check_texts(both, "The board introduced a new parking charge.").verdicts[0].label == "supported"


def test_a_link_with_the_cause_before_its_connective():
    src = "Long queues formed at polling stations because turnout rose sharply. A power cut hit the town hall on Monday."
    fine = "Turnout rose sharply, which led to long queues at polling stations."
    bad = "A power cut hit the town hall on Monday, which led to long queues at polling stations."
    assert "causal" not in {i.kind for i in check_texts(src, fine).verdicts[0].issues}
    assert "causal" in {i.kind for i in check_texts(src, bad).verdicts[0].issues}
