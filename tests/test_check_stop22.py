"""Stop 22: rules mended after reading the misses of hand-written set g (bench/heldout). Each
case here is a new sentence written for these tests, with a faithful twin that must pass."""
from __future__ import annotations

import pytest

from verdicts import assert_flagged, kinds



SOURCE = {
    "units": "Engineers found cracks along a 4.7-kilometre section of the pipeline north of Varrow, the water company said.",
    "accused": "The row deepened in May, when Osric Delane accused the ministry of hiding the audit from parliament.",
    "every": "Night buses between Corley and the airport will run every 15 minutes from March, up from every 30 minutes now.",
    "swap": "About 1,800 patients were treated at the Halbrook clinic last year, the trust said. Dunmere's new clinic has "
            "40 rooms and opens in June.",
    "undecided": "Tessaro said his firm is considering a legal challenge to the award but has not decided whether to file one.",
    "reaching": "Gusts of up to 130 kilometres per hour brought down power lines across the valley on Tuesday.",
    "after": "The bridge reopening was first put back in 2024, by four months, after a gas main was found under the road.",
}


@pytest.mark.parametrize("key, derived, kind", [
    ("units", "Engineers found cracks along a 4.7-mile section of the pipeline north of Varrow, the water company said.", "number"),
    ("accused", "The row deepened in May, when the ministry accused Osric Delane's office of hiding the audit from parliament.",
     "attribution"),
    ("every", "Night buses between Corley and the airport will run every 30 minutes from March, up from every 15 minutes now.",
     "number"),
    ("swap", "About 1,800 patients were treated at Dunmere's new clinic last year, the trust said.", "entity"),
    ("undecided", "Tessaro's firm has filed a legal challenge to the award, which could delay the project.", "hedge"),
])
def test_one_change_is_flagged(key, derived, kind):
    assert_flagged(SOURCE[key], derived, kind)


@pytest.mark.parametrize("key, derived", [
    ("units", "Cracks were found along a 4.7-kilometre stretch of the pipeline north of Varrow, the water company said."),
    ("accused", "In May Osric Delane accused the ministry of hiding the audit from parliament."),
    ("every", "From March, night buses between Corley and the airport will run every 15 minutes instead of every 30."),
    ("swap", "The Halbrook clinic treated about 1,800 patients last year, the trust said."),
    ("undecided", "Tessaro said his firm is weighing a legal challenge to the award."),
    ("reaching", "Gusts reaching 130 km/h brought down power lines across the valley on Tuesday."),
    ("after", "It is the second delay: the reopening was put back by four months in 2024, caused by a gas main found under the road."),
])
def test_the_faithful_twin_passes(key, derived):
    label, found = kinds(SOURCE[key], derived)
    assert label == "supported", (label, found)


NAMED_OPEN = ('Council leader Mara Olsen said a reopening of the pool at Fenby "is possible but cannot be promised", '
              'and that a court case against the builder was one option on the table but had not been decided.')


@pytest.mark.parametrize("derived, flagged", [
    ("Council leader Mara Olsen said the pool at Fenby will reopen.", True),  # "reopening" and "reopen": one stem
    ("Olsen said the council will take the builder to court.", False),  # "court case" not all in the claim
    ("Olsen said the council will bring a court case against the builder.", True),
    ("Olsen said a court case against the builder was one option.", False),
    ("Olsen said a reopening of the pool at Fenby is possible.", False),
    ("Olsen said a reopening of the pool at Fenby will go ahead in spring.", True),
])
def test_a_thing_the_source_calls_open_is_not_settled(derived, flagged):
    label, found = kinds(NAMED_OPEN, derived)
    assert (label != "supported" and "hedge" in found) == flagged, (label, found)


CONSIDERING = ("The opening of the Holm ferry link has slipped to 2028. The port board is considering opening the eastern "
               "berth early, but no decision will be taken before an audit in May.")


@pytest.mark.parametrize("derived, flagged", [
    ("The port board has decided to open the eastern berth early.", True),
    ("The port board will open the eastern berth early.", True),
    ("The port board may open the eastern berth early.", False),
    ("The port board is weighing whether to open the eastern berth early.", False),
])
def test_considering_a_step_is_not_deciding_it(derived, flagged):
    label, found = kinds(CONSIDERING, derived)
    assert (label != "supported" and "hedge" in found) == flagged, (label, found)
