"""Stop 24: rules written from the false flags and misses of the hand-written sets 1-18
(train/written, dev sets for rules). Each case is a new sentence written for these tests."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from verdicts import table_tests, kinds
from wellsourced.check import check_texts
from wellsourced.check.arithmetic import fits, worked_out
from wellsourced.facts.numbers import find_numbers

SOURCE = {
    "ballot": "In the ballot, 412 drivers voted to strike and 388 voted against, the union said.",
    "budget": "The museum's budget was cut to 14.2 million crowns from 17.5 million this year.",
    "grant": "The trust will pay the parish 30,000 euros a year for six years to repair the roof.",
    "fees": "Hollin Council sends 35 pupils to the academy at about 52,000 pounds each.",
    "share": "Inspectors found leaks at 9 of the 36 pumping stations they visited.",
    "pct": "About 25 percent of the festival's 840 volunteers quit before opening day.",
    "held": "Seven crew members held for 58 days by the gang were freed on Monday, two officials said.",
    "stores": "Brenn Outfitters has stopped selling more than 150 products from the supplier.",
    "clock": "The pipe burst at 6:40 a.m., about 20 kilometres east of the dam.",
    "rather": "\"This is about safety, not about money,\" said the union's Ivo Klar.",
    "unless": "The club will lose its licence if the stand is not repaired by May 1, the league said.",
    "lacked": "The report said the home did not have enough trained night staff.",
    "short": "Tests showed the new sea wall did not meet the required height.",
    "honey": "The agency called for tougher checks on imported honey after tests found syrup in 14 brands.",
    "grocers": ("Grocers in the northern region have limited customers to two bags of flour, the trade body said. "
               "It did not say how long the limit would last."),
    "suspects": "The three suspects were released on bail on Monday, police said.",
    "merger": "Dunmore Foods expects to merge its two bakeries next year, saving about 4 million euros.",
    "review": "The regulator said its review of the contract would take at least three months.",
    "done": "The regulator has already fined the firm 2 million euros, its spokesman said.",
    "accused": ("Opposition leader Mara Ulm said her party would oppose the budget. She accused Finance Minister Ivo "
                "Adel of having hidden 1.5 billion marks of cuts to pensions in its annexes."),
    "convoy": ("A convoy of 40 lorries carrying food and tents reached Marden on Friday, the agency said. It was the "
               "first to arrive since the bridge at Olt collapsed in 1998."),
}


# (source key, derived, the kind of finding it must have): one distortion each
FLAGGED = [
    ("held", "Seven crew members held for 29 days by the gang were freed on Monday.", "number"),  # 58 / "two officials"
    ("stores", "Brenn Outfitters has stopped selling more than 300 products from the supplier.", "number"),
    ("clock", "The pipe burst about 60 kilometres east of the dam.", "number"),  # 20 + 40 (of 6:40) is no sum
    ("ballot", "In the ballot, 412 drivers voted to strike and 398 voted against.", "number"),
    ("lacked", "The report said the home had enough trained night staff.", "negation"),
    ("short", "Tests showed the new sea wall met the required height.", "negation"),
    ("convoy", "A convoy of 40 lorries carrying food, tents and 12 doctors reached Marden on Friday.", "invented"),
    ("convoy", "A convoy of 40 lorries, 15 of them carrying tents, reached Marden on Friday.", "invented"),
    ("honey", "The agency called for tougher checks on all honey after tests found syrup in 14 brands.", "hedge"),
    ("grocers", "Grocers across the country have limited customers to two bags of flour, the trade body said.", "hedge"),
    ("merger", "Dunmore Foods has already merged its two bakeries, saving about 4 million euros.", "hedge"),
    ("review", "The regulator has completed its review of the contract.", "hedge"),
]

# (source key, faithful derived, the kind of finding it must not have)
NOT_FLAGGED = [
    ("ballot", "A total of 800 drivers took part in the strike ballot.", "number"),  # a sum
    ("ballot", "The strike won by a margin of 24 votes.", "number"),  # a difference
    ("budget", "The museum's budget shrank by 3.3 million crowns this year.", "number"),
    ("grant", "Over six years the parish will receive 180,000 euros in total from the trust.", "number"),  # a rate times a stated count
    ("fees", "Hollin Council pays roughly 1.8 million pounds a year for the 35 pupils it sends to the academy.", "number"),
    ("share", "Leaks were found at a quarter of the pumping stations inspectors visited.", "number"),  # 9 of 36
    ("pct", "Some 210 of the festival's volunteers quit before opening day.", "number"),  # 25% of 840
    ("rather", "Union official Ivo Klar said the dispute was about safety rather than money.", "negation"),
    ("unless", "The club will lose its licence unless the stand is repaired by May 1, the league said.", "negation"),
    ("lacked", "The report said the home lacked enough trained night staff.", "negation"),
    ("short", "Tests showed the new sea wall fell short of the required height.", "negation"),
    ("suspects", "All three suspects were released on bail on Monday, police said.", "hedge"),
    ("honey", "The agency, which said it was \"all about\" safety, called for tougher checks on imported honey.", "hedge"),
    ("honey", "The agency called for tougher checks on imported honey, having found syrup in 14 brands in all.", "hedge"),
    ("convoy", "In all, 40 lorries carrying food and tents reached Marden on Friday.", "hedge"),  # in total
    ("done", "The firm has already been fined 2 million euros by the regulator, a spokesman said.", "hedge"),
    ("merger", "Dunmore Foods may already have begun merging its two bakeries, which would save about 4 million euros.", "hedge"),
]


test_one_change_is_flagged, test_a_faithful_twin_is_not = table_tests(SOURCE, FLAGGED, NOT_FLAGGED)


@pytest.mark.parametrize("derived", [
    "Food and tents were the two loads of the 40-lorry convoy that reached Marden on Friday.",  # "two" in words
    "The 40-lorry convoy was the first to reach Marden since the Olt bridge fell in the 20th century.",  # an ordinal
    "A convoy of about 40 lorries reached Marden on Friday, the agency said.",
])
def test_numbers_a_summary_makes_are_not_invented(derived):
    v = check_texts(SOURCE["convoy"], derived).verdicts[0]
    assert not [i for i in v.issues if i.kind == "invented" and i.rule == "numbers"], v.issues


def test_an_accusation_turned_round_is_flagged_where_the_source_says_she():
    label, found = kinds(SOURCE["accused"], "Ivo Adel accused opposition leader Mara Ulm of hiding 1.5 billion marks of pension cuts.")
    assert label == "contradicted" and "attribution" in found, (label, found)
    label, found = kinds(SOURCE["accused"], "Opposition leader Mara Ulm accused Ivo Adel of hiding 1.5 billion marks of pension cuts.")
    assert "attribution" not in found, (label, found)


def _num(text: str):
    return find_numbers(text)[0]


@settings(max_examples=60, deadline=None)
@given(st.integers(10, 5000), st.integers(10, 5000))
def test_a_sum_or_difference_of_two_amounts_fits(a, b):
    pool = [("s1", _num(f"{a} euros")), ("s2", _num(f"{b} euros"))]
    same = lambda m: "same"  # noqa: E731
    assert worked_out(_num(f"{a + b} euros"), "x", pool, same)
    if a != b:
        assert worked_out(_num(f"{abs(a - b)} euros"), "x", pool, same)


def test_the_claims_digits_set_the_precision():
    assert fits(766_667, _num("roughly 767,000 pounds"))
    assert not fits(242, _num("240 jobs"))  # a whole number is exact
    assert fits(9.38e9, _num("9.4 billion dollars"))
    assert fits(99.6, _num("more than 99 percent")) and not fits(98.0, _num("more than 99 percent"))
