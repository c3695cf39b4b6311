"""Stop 27: details added and plans stated as done, from misses on the hand-written sets 1-42
(train/written, dev sets for rules): an item added to a list the source gives (check/lists.py);
a thing the source gives only as planned, possible, negated or undecided, stated as done
(check/planned.py); a change stated in the other direction ("closed down 7.5 percent" for
"closed up 7.5 percent", check/direction.py); the doer of a relative clause that hangs on an apposition ("Orbitrex, a
satellite company that built the system") is the name. Each case is a new sentence written for
these tests, with a faithful twin that must not be flagged for the same reason."""
from __future__ import annotations

from verdicts import table_tests
from wellsourced.check.lists import check_list
from wellsourced.check.planned import check_planned
from wellsourced.check.align import SourceIndex
from wellsourced.read import read_string

SOURCE = {
    "seized": ("Customs officers at Harwell Port seized 240 phones, 60 laptops and a quantity of cash from the lorry "
               "on Tuesday, the agency said."),
    "kit": "The charity's first lorry carried blankets, tents and water filters to the flooded villages.",
    "audit": ("The Marlow Trust said it would publish the full audit in the spring. It has not said whether the "
              "findings will be sent to the regulator."),
    "vote": "Members of the Dockers' Guild are expected to vote on the offer on March 3.",
    "ferry": ("The council wants to restart the Elm Quay ferry next summer, but the service still needs a new "
              "operator."),
    "done": ("The Marlow Trust published its annual accounts on Friday. It said it would publish the full audit in "
             "the spring."),
    "reactor": ("Operators restarted the second reactor at Kelham on Monday after a three-week outage, the company "
                "said. Engineers could restart the first reactor within a month."),
    "built": ("About a third of the cost was met by partners including Vantor, an engineering firm that built the "
              "station's cooling system. Staff from the Halden Institute tested it."),
    "shares": "Shares in Corlow Freight closed up 7.5 percent on Monday, while the wider index fell 1.2 percent.",
    "both": "Ticket sales rose 4 percent in spring. In the autumn they fell 4 percent, the operator said.",
    "offer": "Drivers rejected the operator's 6 percent pay offer, saying rents had climbed by a fifth since 2023.",
    "grant": "The council said the theatre's grant would fall from 900,000 crowns to 610,000 crowns next year.",
}

FLAGGED = [
    ("seized", "Customs officers seized 240 phones, 60 laptops, cash and two handguns from the lorry.", "invented"),
    ("kit", "The first lorry carried blankets, tents, water filters and generators to the villages.", "invented"),
    ("audit", "The Marlow Trust has published the full audit.", "hedge"),
    ("vote", "Members of the Dockers' Guild voted on the offer on March 3.", "hedge"),
    ("ferry", "The council has restarted the Elm Quay ferry.", "hedge"),
    ("built", "The station's cooling system was built by the Halden Institute.", "attribution"),
    ("shares", "Corlow Freight's shares closed down 7.5 percent on Monday.", "negation"),
    ("shares", "Corlow Freight's shares ended the day 7.5 percent lower.", "negation"),
]

NOT_FLAGGED = [
    # the same list in other order, and one item in other words: a list of two is left alone
    ("seized", "Customs officers seized cash, 60 laptops and 240 phones from the lorry.", "invented"),
    ("kit", "The charity's first lorry took tents and blankets to the flooded villages.", "invented"),
    # the plan kept as a plan, and a thing the source also says was done
    ("audit", "The Marlow Trust plans to publish the full audit in the spring.", "hedge"),
    ("done", "The Marlow Trust has published its annual accounts.", "hedge"),
    ("vote", "Members of the Dockers' Guild are due to vote on the offer on March 3.", "hedge"),
    ("reactor", "The second reactor at Kelham was restarted on Monday after a three-week outage.", "hedge"),
    ("built", "The station's cooling system was built by Vantor, an engineering firm.", "attribution"),
    ("shares", "Corlow Freight's shares gained 7.5 percent on Monday as the index dropped 1.2 percent.", "negation"),
    # the source gives the amount both ways: no direction to hold the claim to
    ("both", "Ticket sales fell 4 percent in the autumn.", "negation"),
    # found by reading sets 43-48 after measuring them: "down" of a verb ("turned down") is no
    # change of the amount, and a present for an arranged future ("is falling" for "would fall")
    ("offer", "The drivers turned down the operator's 6 percent pay offer.", "negation"),
    ("grant", "The theatre's grant is falling from 900,000 crowns to 610,000 crowns.", "hedge"),
]

test_one_change_is_flagged, test_a_faithful_twin_is_not = table_tests(SOURCE, FLAGGED, NOT_FLAGGED)


def _index(text: str) -> SourceIndex:
    return SourceIndex(read_string(text, fmt="text", where="source", annotate=True))


def _claim(text: str):
    return read_string(text, fmt="text", where="claim", annotate=True).sentences[0]


def test_an_added_item_names_its_words():
    idx = _index(SOURCE["seized"])
    issues = check_list(_claim("Officers seized 240 phones, 60 laptops, cash and two handguns."), idx.stem_sets, idx.all_stems)
    assert [i.derived_span for i in issues] == ["two handguns"]
    assert "added to a list" in issues[0].detail


def test_the_unit_of_an_amount_is_left_to_the_number_checks():
    # "dollars" for the source's euros is a unit change (check/numbers.py), not an added item
    idx = _index("Officers seized 9,000 cigarettes, four vans and 1.2 million euros in cash.")
    claim = _claim("Officers seized 9,000 cigarettes, four vans and 1.2 million dollars in cash.")
    assert check_list(claim, idx.stem_sets, idx.all_stems) == []


def test_planned_names_where_the_source_puts_it_off():
    idx = _index(SOURCE["audit"])
    issues = check_planned(_claim("The Marlow Trust has published the full audit."), idx.sents, idx.stem_sets)
    assert issues and issues[0].derived_span == "published"
    assert issues[0].source_span == "would publish"


def test_a_condition_in_the_claim_states_nothing_as_done():
    # "once ... has published" is a condition, not a statement that it was published
    idx = _index(SOURCE["audit"])
    claim = _claim("The regulator will act once the Marlow Trust has published the full audit.")
    assert check_planned(claim, idx.sents, idx.stem_sets) == []


def test_a_stop_word_is_never_the_added_item():
    # "years" is a stop word, so it is in no sentence's stems; it must not read as added
    idx = _index("The court can impose fines and bans on operators who break the rules.")
    claim = _claim("Operators who break the rules face fines, bans and two years of checks.")
    assert check_list(claim, idx.stem_sets, idx.all_stems) == []
