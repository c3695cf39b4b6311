"""Stop 25: false alarms on faithful claims found in the hand-written sets 1-24 (train/written,
dev sets for rules): numbers in other forms (times of day, fractions of a unit, lengths in two
units, comparatives), the order of events told from the other end, a distance kept in the
claim's own words. Each case is a new sentence written for these tests, with a twin that must
still be flagged."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from verdicts import table_tests
from wellsourced.facts.numbers import find_numbers
from wellsourced.read.split import dateline

SOURCE = {
    "inquiry": "The inquiry opened in May after insurers reported a sharp rise in claims for lost cargo.",
    "budget": "The council approved the budget after the auditors signed off the accounts, the mayor said.",
    "escape": "Rask, who escaped from another prison in 2017 and was caught after six weeks, is still at large.",
    "rent": "The charity took in about $260,000 in rent from its shops last year, its accounts show.",
    "ferry": "The crossing to Holm now takes 15 minutes, down from 40 before the new ferry.",
    "cut": "The power cut began at about 11:20 a.m. and lasted until 3:05 p.m., the operator said.",
    "works": "The works on the bridge will take about 14 months, the engineer told the council.",
    "wait": "More than 4,000 patients have waited more than 18 weeks for surgery, the trust said.",
    "spent": "The county has spent an estimated 700,000 dollars on the clean-up so far.",
    "bags": "Brightway handles baggage for 19 of the 24 airlines that fly from the airport.",
    "permit": ("The residents' group accused Harlow Waste of storing more waste than its permit allows, "
               "which the company denies."),
    "cells": "The firm has sold more than 310,000 of the cells since 2021, the complaint says.",
    "shares": "Shares in Norra fell 6.2% on Tuesday after the outage.",
    "decade": "It may be the largest smuggling network dismantled in a decade, the prosecutor said.",
    "refund": "Refunds may take up to 90 days, the administrators said.",
    "founded": "The firm, founded 31 years ago by two brothers, collapsed on Friday.",
    "diocese": ("OSSFORD, Oct 3 (Wire) — The Diocese of Ossford has agreed to sell the disused St Aidan's church "
                "to a housing developer for $2.1 million, the diocese said on Friday."),
}


# (source key, derived, the kind of finding it must have): one distortion each
FLAGGED = [
    ("budget", "The council approved the budget before the auditors signed off the accounts, the mayor said.", "negation"),
    ("cut", "The power cut began at about twenty past ten in the morning, the operator said.", "number"),
    ("ferry", "The crossing to Holm now takes half an hour, down from 40 before the new ferry.", "number"),
    ("works", "The works on the bridge will take about a year and six months, the engineer told the council.", "number"),
    ("rent", "The charity took in more than half a million dollars in rent from its shops last year.", "number"),
    ("cells", "The firm has sold more than 200,000 of the cells since 2021, the complaint says.", "number"),
    ("bags", "Brightway handles baggage for all 24 airlines that fly from the airport.", "hedge"),
    ("permit", "Harlow Waste has stored more waste than its permit allows.", "hedge"),
    ("works", "The works on the bridge will take more than two years, the engineer told the council.", "number"),
]

# (source key, faithful derived, the kind of finding it must not have)
NOT_FLAGGED = [
    ("inquiry", "Before the inquiry opened in May, insurers had reported a sharp rise in claims for lost cargo.", "negation"),
    ("escape", "Rask has escaped before, breaking out of another prison in 2017 and staying free for six weeks.", "negation"),
    ("rent", "The charity took in more than a quarter of a million dollars in rent from its shops last year.", "number"),
    ("ferry", "The crossing to Holm now takes a quarter of an hour, down from 40 minutes before the new ferry.", "number"),
    ("cut", "The power cut began at around twenty past eleven in the morning, the operator said.", "number"),
    ("cut", "The power cut lasted from 11:20 in the morning until five past three in the afternoon.", "number"),
    ("works", "The works on the bridge will take roughly a year and two months, the engineer said.", "number"),
    ("wait", "More than 4,000 patients have been waiting longer than 18 weeks for surgery.", "number"),
    ("spent", "The county estimates it has spent 0.7 million dollars on the clean-up so far.", "number"),
    ("bags", "Brightway handles baggage for all but five of the 24 airlines that fly from the airport.", "hedge"),
    ("permit", "The residents' group claims Harlow Waste stores more waste than its permit allows, an allegation "
               "the company denies.", "hedge"),
    ("cells", "According to the complaint, the firm has sold upwards of 300,000 of the cells since 2021.", "number"),
    ("shares", "Norra's shares lost just over 6% on Tuesday after the outage.", "number"),
    ("decade", "The prosecutor said it may be the biggest smuggling network taken down in ten years.", "invented"),
    ("refund", "Refunds may take up to about three months, the administrators said.", "number"),
    ("founded", "The firm had been in business for more than three decades when it collapsed on Friday.", "number"),
    ("diocese", "The Diocese of Ossford has agreed to sell the disused St Aidan's church to a housing developer.",
     "attribution"),  # the dateline's place is no doer
]


test_one_change_is_flagged, test_a_faithful_twin_is_not = table_tests(SOURCE, FLAGGED, NOT_FLAGGED)


def _one(text: str):
    found = find_numbers(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, value, unit", [
    ("a quarter of a million dollars", 250_000, "$"),
    ("a quarter of an hour", 0.25, "hours"),
    ("half a year", 0.5, "years"),
    ("two and a half thousand years", 2500, "years"),
    ("an hour and a half", 1.5, "hours"),
    ("13 hours and 45 minutes", 825, "minutes"),
    ("a decade", 1, "decades"),
])
def test_a_fraction_or_sum_of_units_is_one_number(text, value, unit):
    n = _one(text)
    assert (n.value, n.unit) == (value, unit)


def test_two_lengths_joined_by_and_stay_two_when_the_second_is_longer():
    assert [n.text for n in find_numbers("jailed for six weeks and banned for 12 months")] == ["six weeks", "12 months"]


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 11), st.integers(1, 29))
def test_a_time_of_day_in_words_is_the_same_as_in_digits(hour, minute):
    digits = _one(f"at {hour}:{minute:02d} a.m.")
    words = _one(f"at {minute} minutes past {hour}")
    assert digits.unit == words.unit == "clock" and digits.value == words.value == hour * 60 + minute
    to = _one(f"at {minute} minutes to {hour + 1}")
    assert to.value == (hour + 1) * 60 - minute


@pytest.mark.parametrize("text", [
    "a 2:1 majority, and the 3-1 win",
    "The committee voted 10 to 2 in favour.",
    "The panel voted seven to two.",
    "It will take two to three weeks.",
    "Prices rose from two to five percent.",
])
def test_a_ratio_a_vote_or_a_range_is_no_time_of_day(text):
    assert all(n.unit != "clock" for n in find_numbers(text))


def test_to_the_hour_needs_a_time_preposition():
    assert _one("It happened at a quarter to ten.").value == 9 * 60 + 45
    assert _one("shortly before ten to six").value == 5 * 60 + 50


@pytest.mark.parametrize("text, rest", [
    ("HALVERTON, April 9 (Wire) — The council voted", "The council voted"),
    ("WASHINGTON, Jan. 5 (Reuters) - The senate", "The senate"),
    ("PORT AVELLA (Example Wire) -- Police said", "Police said"),
    ("The Diocese (Wire) said", "The Diocese (Wire) said"),
])
def test_a_dateline_with_a_day_is_a_dateline(text, rest):
    assert text[dateline(text):] == rest
