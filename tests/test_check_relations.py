"""Who did what to whom, accusations stated as fact wherever they are in the source, a count
where the source says "no one", a state that goes on turned into one that is over, and a
judgement added about an outcome. Every article and sentence here is our own (invented)."""
from hypothesis import given, settings
from hypothesis import strategies as st

from wellsourced.check.pipeline import check_texts
from wellsourced.check.relations import events

FERRY = """Harbour city council approves ferry subsidy after heated debate

PORTVALE, March 3 (Wire) - Portvale's city council voted 7-4 on Tuesday to approve a 2.5 million euro subsidy for the ailing harbour ferry service.

Councillor Maria Ostrander, who proposed the subsidy, said the service was "a lifeline for hundreds of elderly residents" on the peninsula.

Opposition leader Tomas Brenn accused the operator of mismanagement and said the council should have put the contract out to tender.

A police investigation into a collision between the ferry and a fishing boat in January is continuing. No one was injured in the collision.
"""


def verdict(source: str, derived: str):
    return check_texts(source, derived).verdicts[0]


def kinds(v) -> set[str]:
    return {i.kind for i in v.issues}


def only_bad_flagged(source: str, bad: str, kind: str, *fine: str):
    """`bad` is contradicted with a `kind` finding; none of `fine` gets one."""
    v = verdict(source, bad)
    assert v.label == "contradicted" and kind in kinds(v), v.issues
    for f in fine:
        assert kind not in kinds(verdict(source, f)), f
    return v


def test_another_doer_of_the_same_action_is_a_contradiction_and_the_right_one_is_not():
    v = only_bad_flagged(FERRY, "Tomas Brenn proposed the subsidy.", "attribution", "Maria Ostrander proposed the subsidy.",
                         "Ostrander proposed the subsidy, which the council approved 7-4.")
    issue = next(i for i in v.issues if i.kind == "attribution")
    assert "Maria Ostrander" in issue.detail and issue.source_id == "p2s1"


def test_passive_and_coordinated_doers():
    src = "The new curfew was proposed by Maria Ostrander on Monday. Nobody else spoke."
    assert "attribution" in kinds(verdict(src, "Tomas Brenn proposed the new curfew on Monday."))
    assert "attribution" not in kinds(verdict(src, "Maria Ostrander proposed the new curfew on Monday."))
    both = "Texas and Ohio sued the agency on Friday, lawyers said."
    assert "attribution" not in kinds(verdict(both, "Ohio sued the agency on Friday."))


def test_doer_and_target_reversed():
    src = "Pellworth is in talks to buy its smaller rival Kartonex, the company said on Monday."
    v = verdict(src, "Kartonex is in talks to buy Pellworth.")
    assert "attribution" in kinds(v) or "entity" in kinds(v)
    assert not kinds(verdict(src, "Pellworth is in talks to buy Kartonex."))


def test_a_speakers_name_is_not_the_doer_of_what_they_report():
    src = "Sophie Fearns said her son Charlie needs to fly back to Seattle for treatment unavailable in the UK."
    v = verdict(src, "Her son Charlie needs to fly back to Seattle for treatment unavailable in the UK, Sophie Fearns said.")
    assert "attribution" not in kinds(v)
    assert events("Since then, al-Shabab has lashed out repeatedly at Kenya.")[0].doers == ("al-Shabab",)


@settings(max_examples=15, deadline=None, derandomize=True)
@given(st.sampled_from(["Maria Ostrander", "Tomas Brenn", "Ingrid Solberg", "Owen Pratt"]),
       st.sampled_from(["Delia Marsh", "Farid Osei", "Lena Vost"]),
       st.sampled_from([("signed", "the contract"), ("rejected", "the offer"), ("opened", "the new bridge"), ("won", "the award")]))
def test_the_source_doer_passes_and_a_stranger_is_flagged(doer, stranger, action):
    verb, obj = action
    src = f"{doer} {verb} {obj} on Monday, officials said. The ceremony lasted an hour."
    assert "attribution" not in kinds(verdict(src, f"{doer} {verb} {obj} on Monday."))
    assert "attribution" in kinds(verdict(src, f"{stranger} {verb} {obj} on Monday."))


def test_an_accusation_anywhere_in_the_source_stated_as_fact():
    # kept as an accusation, or also stated plainly by the source: no finding
    only_bad_flagged(FERRY, "Blue Line Shipping mismanaged the ferry service.", "hedge",
                     "Brenn accused the operator of mismanaging the ferry service.")
    plain = FERRY + "\nAn audit published in May found mismanagement at the operator.\n"
    assert "hedge" not in kinds(verdict(plain, "The operator mismanaged the ferry service."))


def test_a_count_where_the_source_says_no_one():
    v = verdict(FERRY, "Two people were injured when the ferry hit a fishing boat.")
    assert v.label == "contradicted" and "number" in kinds(v)
    mixed = "No one was killed in the blast, but three people were injured, police said."
    assert "number" not in kinds(verdict(mixed, "Three people were injured in the blast."))
    same = "A spokeswoman said that no one there was available to talk and that she would have no further comment."
    assert "number" not in kinds(verdict(same, same))


def test_going_on_is_not_over():
    only_bad_flagged(FERRY, "Police have concluded their investigation into the January collision.", "negation",
                     "The police investigation into the January collision is still going on.")


def test_a_judgement_added_about_an_outcome():
    assert verdict(FERRY, "The decision is a welcome relief for the peninsula's residents.").label == "opinion"


def test_a_quoted_characterisation_stated_as_fact():
    src = ('Tom Aldridge, a union representative, called the announcement "a betrayal" and said staff had accepted '
           "a pay freeze in 2021. The plant will close in June.")
    only_bad_flagged(src, "The closure amounts to a betrayal of workers.", "hedge", "Tom Aldridge called the closure a betrayal.")


def test_a_two_party_action_turned_round_without_names():
    src = ("Union president Gina Marchetti accused the hospital of never intending to bargain in good faith. "
           "The hospital said it had made a fair offer.")
    only_bad_flagged(src, "Hospital management accused the nurses' union of never intending to bargain in good faith.",
                     "attribution", "The union accused the hospital of never intending to bargain in good faith.")
    both = src + " The hospital accused the union of spreading false figures."
    assert "attribution" not in kinds(verdict(both, "The hospital accused the union of spreading false figures."))


def test_a_named_doer_against_a_source_doer_without_a_name():
    # the source's doer is a common noun: nothing to compare the name with (this crashed once)
    v = verdict("The agency signed the contract on Monday, officials said.", "Acme Holdings signed the contract on Monday.")
    assert "attribution" not in kinds(v)


def test_a_statement_given_to_another_speaker_in_reported_speech():
    src = ("Lead researcher Ingrid Solberg called the finding a starting point. Co-author Kwame Asante said the team had "
           "identified two enzymes that appear to attack the sulfur bonds in rubber.")
    only_bad_flagged(src, "Ingrid Solberg said the team had identified two enzymes that attack the sulfur bonds in rubber.",
                     "attribution", "Kwame Asante said the team had found two enzymes that attack the sulfur bonds in rubber.",
                     "Asante said the team had identified two enzymes that appear to attack the sulfur bonds in rubber.")
    # a spokesman speaking for the claim's speaker, named in the same sentence: no swap
    firm = "A spokesman for Pellworth, Jan Kovar, said the company would keep all three plants open until 2027."
    assert "attribution" not in kinds(verdict(firm, "Pellworth said the company would keep all three plants open until 2027."))
