"""Stop 23: rules written from the misses and false flags of the hand-written training sets 1-6
(train/written, a dev set for rules: the shipped claim model never saw them). Each case here is
a new sentence written for these tests, with a faithful twin that must pass."""
from __future__ import annotations

import pytest

from verdicts import assert_flagged, kinds



SOURCE = {
    "scale": "Shares in Norby Foods slid 6.2 percent on Tuesday after the company cut its profit forecast.",
    "stance": "The fishing federation welcomed the quota deal, saying it gave boats in Harl a fair share.",
    "compass": "The new reservoir will be built near Ostby, about 40 kilometres north of the city.",
    "quote": ("Residents packed the hall on Thursday. \"Nobody asked us before the trees came down,\" said Margit Fenn, "
              "who has lived on Alder Row for 30 years. The council's planning chief, Rolf Sand, said the felling was "
              "approved in 2023."),
    "doer": ("Two former directors face charges. Ines Corr, the firm's former finance chief, admitted the fraud in March "
             "and was fined 40,000 euros."),
    "accuse": ("Tenants' leader Ada Morrow accused the housing board of ignoring repeated complaints about damp. The board "
               "said it was reviewing every case."),
    "expected": "The bypass is expected to open in late spring, the roads agency said.",
    "would": "The ministry said a new scanner would be installed at the border post by the end of next year.",
    "scope": "Inspectors found mould in some of the town's 14 schools, the report said.",
    "unit": "The group says it copied 2.4 terabytes of files and 600,000 crowns in invoices were affected.",
    "period": "The inquiry could take up to 18 months, a spokeswoman said, and the town has 4 inspectors.",
    "will": "Food inspectors will begin spot checks on market stalls in the first week of February, the agency said.",
    "clause": "Marlow Water said it \"does not accept\" the residents' figures but had opened an internal inquiry into the leak.",
    "negated": ("Marta Kell told police that the money came from her late uncle's estate. Kell has not been charged, and "
                "her lawyer said she would answer any question."),
}


@pytest.mark.parametrize("key, derived, kind", [
    ("scale", "Shares in Norby Foods climbed 6.2 percent on Tuesday after the company cut its profit forecast.", "negation"),
    ("stance", "The fishing federation criticised the quota deal, saying it gave boats in Harl a fair share.", "negation"),
    ("compass", "The new reservoir will be built near Ostby, about 40 kilometres south of the city.", "negation"),
    ("quote", "Planning chief Rolf Sand said nobody had asked residents before the trees came down.", "attribution"),
    ("doer", "Two former directors face charges; Lena Moss, another director, admitted the fraud in March and was fined 40,000 euros.",
     "attribution"),
    ("accuse", "The housing board accused the tenants' association of ignoring repeated complaints about damp.", "attribution"),
    ("expected", "The bypass will open in late spring, the roads agency said.", "hedge"),
    ("would", "A new scanner has been installed at the border post, the ministry said.", "hedge"),
    ("scope", "Inspectors found mould in all of the town's 14 schools, the report said.", "hedge"),
    ("unit", "The group says it copied 2.4 gigabytes of files.", "number"),
    ("unit", "The group says 600,000 dollars in invoices were affected.", "number"),
    ("period", "The inquiry could take up to 18 weeks, a spokeswoman said.", "number"),
    ("negated", "Marta Kell has been charged over the money from her late uncle's estate.", "negation"),
    ("will", "Food inspectors have begun spot checks on market stalls, the agency said.", "hedge"),
    ("clause", "Marlow Water said it had not opened an internal inquiry into the leak.", "negation"),
])
def test_one_change_is_flagged(key, derived, kind):
    assert_flagged(SOURCE[key], derived, kind)


@pytest.mark.parametrize("key, derived", [
    ("scale", "Norby Foods shares dropped 6.2 percent on Tuesday after it lowered its profit forecast."),
    ("stance", "The fishing federation backed the quota deal, saying boats in Harl got a fair share."),
    ("compass", "The reservoir is planned near Ostby, some 40 kilometres north of the city."),
    ("quote", "Margit Fenn, a resident of Alder Row for 30 years, said nobody had asked residents before the trees came down."),
    ("doer", "Ines Corr, the former finance chief, admitted the fraud in March and was fined 40,000 euros."),
    ("accuse", "Ada Morrow, who leads the tenants, accused the housing board of ignoring repeated complaints about damp."),
    ("expected", "The roads agency said the bypass is expected to open in late spring."),
    ("would", "The ministry said a new scanner would be installed at the border post by the end of next year."),
    ("scope", "The report said inspectors found mould in some of the town's schools."),
    ("unit", "The group says it copied 2.4 terabytes of files."),
    ("period", "A spokeswoman said the inquiry could take as long as 18 months."),
    ("negated", "Kell, who has not been charged, told police the money came from her late uncle's estate."),
    ("will", "The agency said food inspectors will start spot checks on market stalls in early February."),
    ("clause", "Marlow Water has opened an internal inquiry into the leak, though it does not accept the residents' figures."),
])
def test_the_faithful_twin_passes(key, derived):
    label, found = kinds(SOURCE[key], derived)
    assert label == "supported", (label, found)


@pytest.mark.parametrize("source, derived", [
    # one month, two spellings
    ("From Sept. 10, households in 27 towns will be limited to 110 litres a day.",
     "From September 10, households in 27 towns will be limited to 110 litres a day."),
    # the adjective of a place no list holds
    ("Talks on forming Veradia's next government stalled on Thursday over the spending cap.",
     "Talks on forming the next Veradian government stalled on Thursday over the spending cap."),
    # a pronoun in the source is the name the rewrite gives
    ("Malvic spoke to reporters. He said his side had offered to raise climate spending by 1.2 billion crowns, to 4.8 "
     "billion crowns.",
     "Malvic said his side had offered to lift climate spending to 4.8 billion crowns."),
    # "more than a fifth" is "over 20 percent"; "for over seven weeks" is "more than seven weeks"
    ("Fourteen of the 96 cable strands had lost more than a fifth of their strength.",
     "Fourteen of the 96 cable strands had lost over 20 percent of their strength."),
    ("Ekwueme said the talks had gone on for more than seven weeks.",
     "Ekwueme said the talks had gone on for over seven weeks."),
    # "could take up to two weeks" / "as long as two weeks"
    ("The mayor said repairs could take up to two weeks.", "The mayor said repairs could take as long as two weeks."),
    # an accusation elsewhere in the evidence that shares one word with the claim is not its charge
    ("Under the truce, both sides must halt artillery fire and allow aid convoys to use the main road. Hours later the "
     "government accused the rebels of firing mortars at an army post.",
     "The truce obliges both sides to stop artillery fire and to let aid convoys use the main road."),
    # "would" as a condition, not a plan
    ("Fixing the fault would require a partial software rewrite, the maker said.",
     "Fixing the fault requires a partial software rewrite, the maker said."),
    # "will remain" is no plan stated as done
    ("The footbridge will remain closed until May, the council said.", "The footbridge remains closed until May, the council said."),
    # "unclear whether X" leaves X's subject open: restating the subject is no flip
    ("It is unclear whether the planned bill, which could create a new category of worker, will pass this year.",
     "The planned bill could create a new category of worker, but it is unclear whether it will pass this year."),
    # "placed above all others" limits nothing
    ("Many of the town's cafes stay open late, and the owners say their guests are placed above all others.",
     "The owners of many of the town's cafes, which stay open late, say guests are placed above all others."),
])
def test_faithful_forms_pass(source, derived):
    label, found = kinds(source, derived)
    assert label == "supported", (label, found)
