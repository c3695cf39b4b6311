"""Issue 11: a number or a name changed inside text copied from one source sentence is a
conflict, whatever another sentence of the source says; faithful restatements of the same
sentence are not. All texts here are invented for the tests."""
from __future__ import annotations

import pytest

from wellsourced.check import check
from wellsourced.read import read_string

SOURCE = """Ferry line expands

The operator hired 300 crew members and bought 12 ferries in Norland last year, its chief executive, Ilse Varga, said on Monday.
Nearly 30% of commuters now use the ferries, up from 27% a year earlier.
More than 60 passengers were rescued on Thursday after a ferry lost power near Port Ellis.
Tolvik council paid for the new pier, and the Norland Harbour Board paid for the dredging.
Later this year the operator will add 15 buses to its feeder routes.
Varga presented the plan to the Harbour Board and the council, officials said."""


def label(derived: str) -> tuple[str, list[str]]:
    rep = check(read_string(SOURCE, fmt="text", where="src"), read_string(derived, fmt="text", where="der"), engine="lexical")
    assert len(rep.verdicts) == 1, [v.sentence.text for v in rep.verdicts]
    v = rep.verdicts[0]
    return v.label, [i.detail for i in v.issues]


@pytest.mark.parametrize("derived, why", [
    # 15 is in the source (buses): the ferries sentence still says 12
    ("The operator hired 300 crew members and bought 15 ferries in Norland last year, its chief executive, Ilse Varga, "
     "said on Monday.", "another sentence has the new value"),
    ("The operator hired 12 crew members and bought 300 ferries in Norland last year, its chief executive, Ilse Varga, "
     "said on Monday.", "numbers swapped"),
    ("Nearly 27% of commuters now use the ferries, up from 27% a year earlier.", "same hedge, another value"),
    ("More than 50 passengers were rescued on Thursday after a ferry lost power near Port Ellis.", "still true, but changed"),
    ("Tolvik council paid for the new pier, and the Norland Harbour Board paid for the dredging near Port Ellis.", None),
    ("More than 60 passengers were rescued on Thursday after a ferry lost power near Port Arno.", "a name the source never gives"),
    ("Ellis presented the plan to the Harbour Board and the council, officials said.", "a name opening the sentence"),
    ("More than 60 passengers were rescued on Thursday after a ferry lost power near Tolvik.", "another place of the source"),
    ("Meridian: the operator hired 300 crew members.", None),  # no source sentence copied: no edit

])
def test_edits_in_copied_text_are_conflicts(derived, why):
    lab, details = label(derived)
    if why is None:  # control inside the list: an added phrase, no changed name or number
        assert lab != "contradicted", details
        return
    assert lab == "contradicted", (why, details)
    assert any("->" in d for d in details), details


@pytest.mark.parametrize("derived", [
    "The operator bought 12 ferries and hired 300 crew members in Norland last year, its chief executive, Ilse Varga, said on Monday.",
    "The operator hired three hundred crew members and bought twelve ferries in Norland last year, Ilse Varga said on Monday.",
    "About 30% of commuters now use the ferries, up from 27% a year earlier.",
    "More than 60 passengers were rescued on Thursday after a ferry lost power near Port Ellis.",
    "Varga presented the plan to the council and the Harbour Board, officials said.",
    "Ilse Varga presented the plan to the Harbour Board and the council, officials said.",
    "She presented the plan to the Harbour Board and the council, officials said.",  # a pronoun for the name
])
def test_faithful_restatements_of_the_sentence_pass(derived):
    lab, details = label(derived)
    assert lab == "supported", details


def test_a_speaker_label_replaced_is_a_conflict():
    source = "Interview\n\nHALDEN: We will reopen the northern pier in May.\nThe pier closed after a storm in 2024."
    rep = check(read_string(source, fmt="text", where="src"),
                read_string("Greenpeace: We will reopen the northern pier in May.", fmt="text", where="der"), engine="lexical")
    assert rep.verdicts[0].label == "contradicted", rep.verdicts[0].issues
