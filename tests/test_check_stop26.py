"""Stop 26: who did what and whose words they are, from misses on the hand-written sets 1-30
(train/written, dev sets for rules): an account one side gives and the other denies, stated as
fact; "alleges", "claimed that" and "allegations from ... that" as accusations; a person given
another organisation than the source gives them; a pronoun doer that stands for the speaker
("Marsh said she had sued the council"); and false alarms: "1.4 billion more" counts nothing,
"the first half" of a year is six months, "not the only" denies nothing, a title is no first
name. Each case is a new sentence written for these tests, with a faithful twin that must not be
flagged for the same reason."""
from __future__ import annotations

import pytest

from verdicts import table_tests
from wellsourced.check.relations import events
from wellsourced.facts.numbers import find_numbers

SOURCE = {
    "lawyers": ("Lawyers for the tenants told the tribunal that the landlord had ignored repeated complaints about damp "
                "in the flats. The landlord denied this, saying every complaint had been logged and answered."),
    "arrest": ("Police said a 34-year-old man was arrested at the harbour on Sunday night. His lawyer denied the "
               "charges against him."),
    "suit": ("A group of 22 former drivers alleges that Kestrow Haulage routinely falsified their working hours to "
             "avoid paying overtime. Kestrow Haulage denies the claim."),
    "claimed": ("Union organiser Petra Lindahl claimed that managers had cut safety training from five days to two to "
                "save money, an allegation the company denied."),
    "staff": ("The regulator's report also records allegations from three former engineers that supervisors signed off "
              "inspections they had not carried out."),
    "analyst": ("Fenna Dahl, an analyst at Marrow Street Securities, said the shares could fall further. The Tenants' "
                "Housing Alliance called the decision a disgrace."),
    "frigates": "The frigate programme now costs 6.3 billion kronor, 1.4 billion more than the government approved in 2019.",
    "parcels": "Parcel volumes at Stellig fell 9 percent in the first half compared with a year earlier.",
    "lenders": "Harlow is the third payday lender to collapse this year, after Quickloan and Ferro.",
    "review": "Aurel Penchev, the regional governor, said he had ordered a review of the two tailings dams.",
    "land": ("The land dispute took six years to settle, the council said. The Haruwa paid around 1.2 million "
             "dollars in costs, mostly from donations."),
    "waits": "Security waits of up to three and a half hours left at least 1,400 travellers stranded on Saturday.",
    "devaney": ("Colm Devaney, who reviewed many of VoltPath's applications, said they were incomplete. Devaney "
                "works at Mereshire Power Networks."),
    "simulation": "Westfield High was not the only school to stage a crash simulation this week.",
    "branch": ("Helen Dacre, who chairs the local branch of the Farmers' Union, said most of the site was good "
               "farmland. Ashcombe Climate Action opposed the plan."),
    "turned": ("Kaspar Mbeki-Hale, who has narrated 140 audiobooks, said he had turned down three Auditorio projects "
               "since the dispute began."),
}

# (source key, derived, the kind of finding it must have): one distortion each
FLAGGED = [
    ("lawyers", "The landlord ignored repeated complaints about damp in the flats.", "hedge"),
    ("suit", "Kestrow Haulage routinely falsified its drivers' working hours to avoid paying overtime.", "hedge"),
    ("claimed", "Managers cut safety training from five days to two to save money.", "hedge"),
    ("staff", "Supervisors signed off inspections they had not carried out, the regulator's report found.", "hedge"),
    ("analyst", "Fenna Dahl of the Tenants' Housing Alliance said the shares could fall further.", "entity"),
    ("turned", "Auditorio has turned down three projects with Kaspar Mbeki-Hale since the dispute began.", "attribution"),
    ("frigates", "The government approved 5.2 billion kronor for the frigate programme in 2019.", "number"),
    ("parcels", "Stellig's parcel volumes dropped by nine percent in the first nine months compared with a year earlier.",
     "number"),
    ("review", "Governor Marek Dunst ordered a review of the two tailings dams.", "entity"),
    ("waits", "Security waits lasted three and a half hours on Saturday.", "number"),
    # the source's "not the only" dropped is a change (only the claim's own "not the only" denies nothing)
    ("simulation", "Westfield High was the only school to stage a crash simulation this week.", "negation"),
    ("branch", "Helen Dacre, who chairs Ashcombe Climate Action, said most of the site was good farmland.", "entity"),
]

# (source key, faithful derived, the kind of finding it must not have)
NOT_FLAGGED = [
    ("lawyers", "The tenants' lawyers told the tribunal the landlord had ignored damp complaints, which the landlord denied.",
     "hedge"),
    ("arrest", "A 34-year-old man was arrested at the harbour on Sunday night, police said.", "hedge"),
    ("arrest", "A 34-year-old man was arrested at the harbour on Sunday night.", "hedge"),
    ("suit", "Former drivers allege that Kestrow Haulage falsified their hours to avoid paying overtime.", "hedge"),
    ("claimed", "Petra Lindahl said managers had cut safety training to save money; the company denies it.", "hedge"),
    ("analyst", "Fenna Dahl of Marrow Street Securities said the shares could fall further.", "entity"),
    ("analyst", "Marrow Street analyst Fenna Dahl warned the shares could fall further.", "entity"),
    # "many of VoltPath's applications" names no employer
    ("devaney", "Colm Devaney of Mereshire Power Networks said many of VoltPath's applications were incomplete.", "entity"),
    ("turned", "Kaspar Mbeki-Hale has turned down three Auditorio projects since the dispute began.", "attribution"),
    # worked out from "6.3 billion kronor, 1.4 billion more than": "more" counts nothing
    ("frigates", "The government approved 4.9 billion kronor for the frigate programme in 2019.", "number"),
    ("parcels", "Stellig's parcel volumes dropped by nine percent in the first six months compared with a year earlier.",
     "number"),
    ("lenders", "Harlow is not the only payday lender to have collapsed this year.", "negation"),
    ("review", "Governor Penchev ordered a review of the two tailings dams.", "attribution"),  # a title is no first name
    ("land", "The dispute took six years and cost the Haruwa around 1.2 million dollars.", "hedge"),  # a noun denies nothing
    ("waits", "Security waits stretched to three and a half hours on Saturday.", "number"),  # a maximum: "up to" kept
    ("simulation", "This week Westfield High was not the only school to stage a crash simulation.", "negation"),  # copied
]


test_one_change_is_flagged, test_a_faithful_twin_is_not = table_tests(SOURCE, FLAGGED, NOT_FLAGGED)


@pytest.mark.parametrize("text, verb, doer", [
    ("Kaspar Mbeki-Hale said he had turned down three projects.", "turn", {"kaspar", "mbeki", "hale"}),
    ("The council said it had rejected the planning application.", "reject", {"council"}),
    ("The rail operator said it had cancelled the contract.", "cancel", {"rail", "operator"}),
])
def test_a_pronoun_doer_stands_for_the_speaker(text, verb, doer):
    ev = next(e for e in events(text) if e.verb == verb)
    assert set(ev.doer_words) == doer


@pytest.mark.parametrize("text, verb, speaker", [
    ("The council said he had rejected the planning application.", "reject", "council"),  # he is no council
    ("The spokeswoman said it had rejected the planning application.", "reject", "spokeswoman"),  # it is no person
    ("Fairbairn said it was considering hiring four managers.", "hire", "fairbairn"),  # a name may be a person's
    ("Her son said she had lain on the floor all night.", "lie", "son"),  # she is the one "her" names
    ("His lawyer, Nadia Korsch, said he denies any involvement.", "deny", "korsch"),
])
def test_the_speaker_is_not_taken_for_a_pronoun_that_does_not_fit(text, verb, speaker):
    assert not any(e.verb == verb and speaker in e.doer_words for e in events(text))


@pytest.mark.parametrize("text, value, unit", [
    ("It took two and a half years.", 2.5, "years"),
    ("for 2 and a half hours", 2.5, "hours"),
    ("three weeks and a half", 3.5, "weeks"),
    ("Volumes fell in the first half compared with a year earlier.", 6.0, "months"),
])
def test_a_half_with_a_plural_unit_is_one_number(text, value, unit):
    [n] = [n for n in find_numbers(text)]
    assert (n.value, n.unit) == (value, unit)


@pytest.mark.parametrize("text", ["in the second half of the match", "the first half of the season"])
def test_the_half_of_a_match_is_no_length_of_time(text):
    assert find_numbers(text) == []


def test_a_comparison_is_no_unit():
    [a, b] = find_numbers("It now costs 6.3 billion kronor, 1.4 billion more than approved.")
    assert (a.unit, b.unit, b.value) == ("kronor", None, 1.4e9)
