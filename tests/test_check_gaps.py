"""Gaps a rewrite fills and slots it swaps: the rules added from the hand-written claims of
bench/heldout (sets a and b). The sentences here are new ones, written for these tests."""
from __future__ import annotations

import pytest

from verdicts import kinds
from wellsourced.check.text import stem
from wellsourced.facts.numbers import find_numbers



@pytest.mark.parametrize("source, derived, kind", [
    # the source says the cause is not known; the claim gives one
    ("A fire gutted the old mill in Brackley on Friday. Investigators have not yet said what caused the blaze.",
     "Fire officers said the blaze at the Brackley mill was caused by faulty wiring.", "causal"),
    ("The cause of the crash near Tolland is still under investigation, police said.",
     "The crash near Tolland happened because the driver fell asleep, police said.", "causal"),
    # not decided -> decided
    ("The transport board said it would review the report before deciding whether to appeal the fine.",
     "The transport board will appeal the fine.", "hedge"),
    # possible or planned -> done
    ("Analysts said the bank could raise its main rate to 4 percent in March if inflation keeps rising.",
     "The bank has raised its main rate to 4 percent, analysts said.", "hedge"),
    ("The new mayor has pledged to freeze bus fares in the city for three years.",
     "The new mayor has frozen bus fares in the city for three years.", "hedge"),
    ("Researchers said the new coating may slow the corrosion of steel bridges in salty air.",
     "Researchers said the new coating slows the corrosion of steel bridges in salty air.", "hedge"),
    # declined to say whether -> said it would
    ("Dockside Freight declined to say whether it would seek a court order to end the walkout.",
     "Dockside Freight said it would seek a court order to end the walkout.", "attribution"),
    # a quotation standing alone after its speaker's sentence, given to someone else
    ('"You cannot run a city on savings," Mayor Ada Brill told reporters. "The council is choosing a headline over a plan."',
     "Councillor Ivo Marsh told reporters that the council was 'choosing a headline over a plan.'", "attribution"),
    # a quotation whose "she said" follows its named speaker, given to someone else
    ('Judge Amara Nwosu jailed Gerald Fenwick for four years. Outside court, chief executive Paula Reyes said the charity '
     'would rebuild. "Hundreds of children missed out because of one man\'s greed," she said.',
     '"Hundreds of children missed out because of one man\'s greed," Judge Amara Nwosu told the court.', "attribution"),
    # declined to comment -> a comment
    ("The bus company that runs the route declined to comment on the strike.",
     "The bus company that runs the route called the strike a disgrace.", "attribution"),
])
def test_what_the_source_leaves_open_is_not_stated_as_settled(source, derived, kind):
    label, found = kinds(source, derived)
    assert label in ("contradicted", "unsupported") and kind in found, (label, found)


@pytest.mark.parametrize("source, derived", [
    ("Investigators have not yet said what caused the blaze at the mill.",
     "Investigators have not said what caused the blaze at the mill."),
    ("The transport board said it would review the report before deciding whether to appeal the fine.",
     "The transport board is still considering whether to appeal the fine."),
    ("Analysts said the bank could raise its main rate to 4 percent in March.",
     "Analysts said the bank might raise its main rate to 4 percent in March."),
    ("The bus company that runs the route declined to comment on the strike.",
     "The bus company running the route did not comment on the strike."),
    ("Dockside Freight declined to say whether it would seek a court order to end the walkout.",
     "Dockside Freight would not say whether it planned to seek a court order."),
    ('"You cannot run a city on savings," Mayor Ada Brill told reporters. "The council is choosing a headline over a plan."',
     "Mayor Ada Brill told reporters that the council was 'choosing a headline over a plan.'"),
    ('Judge Amara Nwosu jailed Gerald Fenwick for four years. Outside court, chief executive Paula Reyes said the charity '
     'would rebuild. "Hundreds of children missed out because of one man\'s greed," she said.',
     '"Hundreds of children missed out because of one man\'s greed," Paula Reyes said outside court.'),
    # a causal verb in the source is a causal link
    ("Heavy snow forced the closure of 40 schools across the county on Tuesday, officials said.",
     "Some 40 schools across the county were closed on Tuesday because of heavy snow, officials said."),
])
def test_the_same_uncertainty_in_other_words_is_not_flagged(source, derived):
    label, found = kinds(source, derived)
    assert not found & {"causal", "hedge", "attribution", "negation"}, (label, found)


def test_a_negation_dropped_from_another_sentence_of_the_window():
    src = ("The mayor said the closure would cost the town's shops dearly. She said the council had not been "
           "warned in advance about the closure.")
    label, found = kinds(src, "The mayor said the council had been warned in advance about the closure.")
    assert label == "contradicted" and "negation" in found, (label, found)


def test_no_before_a_noun_is_a_negator():
    src = "The safety agency said the faults were found during routine checks and that no passengers had been put at risk."
    label, found = kinds(src, "The company admitted that passengers had been put at risk.")
    assert "negation" in found, (label, found)
    label, found = kinds(src, "According to the safety agency, passengers were never put at risk.")
    assert "negation" not in found, (label, found)


def test_an_opposite_in_another_clause_of_the_same_sentence():
    src = "Libraries in the borough will stay closed on Friday, and a leisure centre has been opened as a shelter."
    label, found = kinds(src, "Libraries in the borough will open as usual on Friday.")
    assert label == "contradicted" and "negation" in found, (label, found)


def test_an_actor_described_elsewhere_in_the_source_put_in_copied_text():
    src = ("The appeal court has halted the quarry's expansion. Judge Ama Boateng said the county council had failed "
           "to assess the noise. The mining company that owns the quarry declined to comment.")
    label, found = kinds(src, "Judge Ama Boateng said the mining company had failed to assess the noise.")
    assert label == "contradicted" and "entity" in found, (label, found)


def test_a_name_swapped_in_an_apposition():
    src = ("The charity's director, Rosa Lind, said the money would be repaid. "
           "Its lawyer, Omar Haddad, told the court the charity had been the victim.")
    label, found = kinds(src, "Its lawyer, Rosa Lind, told the court the charity had been the victim.")
    assert label == "contradicted" and "entity" in found, (label, found)


def test_a_slot_of_one_function_word_and_a_comma_is_no_swap():
    src = ("Tomas Berg, 48, who ran for the Harbour Party, received 5,210 votes. "
           "Berg defeated the sitting mayor by 300 votes.")
    label, found = kinds(src, "About 5,200 people voted for Berg, who won by 300 votes.")
    assert "entity" not in found, (label, found)


def test_a_sentence_opening_common_noun_is_no_name():
    src = "The striker's agent, Lena Kraus, said the player had been unhappy for months."
    label, found = kinds(src, "Football agent Lena Kraus said the player had been unhappy for months.")
    assert "entity" not in found, (label, found)


def test_the_hedge_kept_as_a_verb():
    src = "Police said a second man, aged 30, is suspected of helping move the stolen cars."
    label, found = kinds(src, "Police suspect a second man, aged 30, of helping move the stolen cars.")
    assert "hedge" not in found, (label, found)


@pytest.mark.parametrize("text, value", [
    ("Roughly three in five of the pupils said so.", 60.0),
    ("One in four adults smoke.", 25.0),
    ("one out of every 10 homes was flooded", 10.0),
    ("two out of three voters", 66.67),
])
def test_shares_in_words_are_percentages(text, value):
    [n] = find_numbers(text)
    assert (n.value, n.unit, n.hedge) == (value, "%", "about")


def test_a_share_in_words_meets_the_percentage_it_rounds():
    src = "About 62 percent of the pupils said they used a phone in bed after midnight."
    assert "number" not in kinds(src, "Roughly three in five of the pupils said they used a phone in bed after midnight.")[1]
    assert "number" in kinds(src, "Roughly four in five of the pupils said they used a phone in bed after midnight.")[1]


def test_a_number_hedged_elsewhere_in_the_source_is_not_a_hedge_change():
    src = "Storm forces evacuation of 3,000 residents\n\nA storm forced the evacuation of about 3,000 residents from the coast on Monday."
    label, found = kinds(src, "Roughly 3,000 people were evacuated from the coast on Monday because of a storm.")
    assert "number" not in found and "causal" not in found, (label, found)


def test_a_length_of_time_before_an_apostrophe():
    src = "The firm will pay two weeks' wages for each year of service."
    assert "number" in kinds(src, "The firm will pay two months' wages for each year of service.")[1]


def test_a_fraction_with_its_verb_in_another_form():
    src = "The driver will be eligible for release after serving half of his sentence."
    assert "number" in kinds(src, "The driver will be eligible for release once he has served a third of his sentence.")[1]


def test_a_quotation_given_with_described_as():
    src = ('Professor Ines Varga, who was not involved in the study, called the results "striking but early." '
           'The health minister said the report would be read carefully.')
    label, found = kinds(src, 'The health minister described the results as "striking but early".')
    assert label == "contradicted" and "attribution" in found, (label, found)


@pytest.mark.parametrize("a, b", [("concede", "conceded"), ("vote", "voting"), ("house", "houses"), ("lose", "losing"),
                                  ("close", "closed")])
def test_a_silent_e_does_not_split_a_word_from_its_forms(a, b):
    assert stem(a) == stem(b)


@pytest.mark.parametrize("source, derived", [
    # the evidence names the cause after all
    ("The cause of the fire at the depot was not immediately known. Later on Monday, officials said a faulty "
     "heater had started the fire at the depot.",
     "The fire at the depot was started by a faulty heater, officials said."),
    # the evidence says it happened, in the claim's words
    ("Forecasters said the storm could bring heavy rain to the coast on Sunday. On Monday the storm brought "
     "heavy rain to the coast and flooded 30 homes.",
     "The storm brought heavy rain to the coast and flooded 30 homes."),
])
def test_what_the_evidence_settles_elsewhere_is_not_flagged(source, derived):
    label, found = kinds(source, derived)
    assert not found & {"causal", "hedge"}, (label, found)


def test_a_suspect_replaced_by_a_description_is_no_hedge_issue():
    src = "Police said the suspect, a 25-year-old man from Leith, was arrested at the harbour on Friday."
    label, found = kinds(src, "Police said a 25-year-old man from Leith was arrested at the harbour on Friday.")
    assert "hedge" not in found, (label, found)


@pytest.mark.parametrize("source, derived", [
    # stock phrases with "no" are no negation
    ("No fewer than 30 homes were flooded in Dunmore on Sunday, the council said.",
     "At least 30 homes were flooded in Dunmore on Sunday, the council said."),
    ("There is no doubt the storm caused the power cut in Dunmore, the council said.",
     "The storm caused the power cut in Dunmore, the council said."),
    # a year after the negator is not what it negates
    ("The two leaders met in Geneva on Tuesday. The two leaders had not met since 2019.",
     "The two leaders met in Geneva on Tuesday for the first time since 2019."),
    # a contrast: the claim keeps its own clause
    ("Sales of electric cars rose 20% in March, while sales of diesel cars fell 15%.",
     "Sales of electric cars rose 20% in March."),
    # no comment further, after saying something
    ("The company said the plant would close in June. The company declined to comment further.",
     "The company said the plant would close in June."),
    # no comment on one thing, a statement on another
    ("Ms Patel declined to comment on the job losses. Ms Patel said the new plant would open in May.",
     "Ms Patel said the new plant would open in May."),
    # the undecided verb used as a noun in the claim
    ("The council said it would study the ruling before deciding whether to appeal.",
     "The council said it would study the ruling handed down by the appeal court."),
    # the sentence reports one done and another possible
    ("The bank raised rates in May and said it could raise them again in the autumn.",
     "The bank raised rates in May."),
])
def test_review_cases_are_not_false_alarms(source, derived):
    label, found = kinds(source, derived)
    assert not found & {"negation", "attribution", "hedge", "causal"}, (label, found)


def test_two_shares_in_words_are_compared_as_they_are():
    src = "One in four adults in the town smoke, the survey found."
    assert "number" in kinds(src, "One in five adults in the town smoke, the survey found.")[1]


def test_said_no_before_a_noun_is_still_a_negator():
    # the attribution moved to the end: the same negation on both sides
    label, found = kinds("Olsen said no further charges would be brought after the inquiry.",
                         "No further charges would be brought after the inquiry, Olsen said.")
    assert "negation" not in found, (label, found)


def test_the_noun_suspect_keeps_no_hedge():
    label, found = kinds("When the guard told him to leave, the suspect allegedly pulled out a knife.",
                         "When the guard told him to leave, the suspect pulled out a knife.")
    assert label == "contradicted" and "hedge" in found, (label, found)


# --- stop 15: what cost the lexical engine on the benchmarks' fit halves, mended -------------

def test_a_list_with_an_item_dropped_is_not_a_name_swap():
    src = ("The relay team ran through Vermont, Maine, Ohio and Iowa in nine days, "
           "the organisers said on Sunday.")
    der = "The relay team ran through Vermont, Maine and Iowa in nine days, the organisers said."
    label, found = kinds(src, der)
    assert "entity" not in found, (label, found)


def test_a_name_swapped_before_a_full_stop_is_caught():
    src = ("Sarah Okafor won her first gold medal at the Paralympics in Madrid. "
           "She had trained for six years with a coach from her home town. "
           "Her sister also competed in the team event, finishing fourth. "
           "The federation praised both athletes for their dedication. "
           "Next year's world championships will be held in London, the federation said.")
    label, found = kinds(src, "Sarah Okafor won her first Paralympic gold medal in London.", engine="lexical")
    assert label == "contradicted" and "entity" in found, (label, found)


def test_a_vote_of_no_confidence_is_not_a_negation():
    src = "The council leader lost a no-confidence vote on Thursday evening, by 31 votes to 22."
    der = "The council leader lost a vote of no confidence on Thursday, by 31 votes to 22."
    label, found = kinds(src, der)
    assert "negation" not in found, (label, found)


def test_a_plan_stated_as_a_plan_is_no_hedge_lost():
    src = "The bakery chain wants to reduce the salt in its bread by a fifth over the next two years."
    der = "The bakery chain's bread is to have its salt reduced by a fifth over the next two years."
    label, found = kinds(src, der)
    assert "hedge" not in found, (label, found)


def test_case_tells_names_only_in_text_that_has_capitals():
    from wellsourced.check.text import cased

    body = ("The harbour board met on Tuesday in Port Avella, where Mayor Ruth Ng said the new quay would "
            "open in June. ") * 12
    assert cased(body)
    assert not cased(body.lower())  # a lower-cased copy: capitals say nothing about names
    assert cased("the board met on tuesday.")  # too short to tell: assumed to carry case
