"""Properties `check` must always have, on small invented articles (issue 11, item 8).

A property today's rules break is marked xfail(strict=True): the assertion stays as it should
be, and the test turns into a failure (XPASS) the day the rules are fixed, so the mark is
removed then. Hypothesis runs derandomized: the same examples every run.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wellsourced.check import check
from wellsourced.read import read_string

SETTINGS = settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

PEOPLE = ["Maria Lindqvist", "Tomas Ferreira", "Aisha Bello", "Henrik Dahl", "Grace Nakamura", "Owen Pritchard"]
ORGS = ["Northwind Foods", "Harbour Transit", "Calder Steel", "Bluefield Energy", "Marlow Books"]
PLACES = ["Ohio", "Leeds", "Porto", "Nairobi", "Manitoba", "Tasmania"]
# two things a company can count, which no reader would confuse
COUNTS = [("workers", "stores"), ("drivers", "buses"), ("teachers", "schools"), ("nurses", "clinics"), ("engineers", "depots")]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


@st.composite
def facts(draw):
    """An invented news article: a sentence with two counts, and a few other plain sentences."""
    people = draw(st.permutations(PEOPLE))
    orgs = draw(st.permutations(ORGS))
    places = draw(st.permutations(PLACES))
    u1, u2 = draw(st.sampled_from(COUNTS))
    a = draw(st.integers(3, 900))
    b = draw(st.integers(3, 900).filter(lambda x: x != a))
    day = draw(st.sampled_from(DAYS))
    counted = (f"{orgs[0]} hired {a} {u1} and opened {b} {u2} in {places[0]} last year, "
               f"its chief executive {people[0]} said on {day}.")
    others = [
        f"{people[1]}, who leads the regional council in {places[1]}, said the plan would cost about "
        f"{draw(st.integers(2, 90))} million dollars.",
        f"The old rail depot in {places[2]} was closed for repairs in March after a storm damaged its roof.",
        f"{orgs[1]} said it would open a training centre for apprentices in {places[3]} next spring.",
        f"{people[2]} told reporters that the first contracts had been signed with local builders.",
    ]
    others = draw(st.permutations(others))[:draw(st.integers(2, 4))]
    at = draw(st.integers(0, len(others)))
    sents = others[:at] + [counted] + others[at:]
    return {"sents": sents, "counted": counted, "a": a, "b": b, "u1": u1, "u2": u2, "others": others}


def run_check(source_sents, derived_sents, engine="lexical"):
    src = read_string(" ".join(source_sents), fmt="text", where="source", annotate=False)
    der = read_string(" ".join(derived_sents), fmt="text", where="derived", annotate=False)
    return check(src, der, engine=engine)


def only(report, text):
    vs = [v for v in report.verdicts if v.sentence.text == text]
    assert len(vs) == 1, [v.sentence.text for v in report.verdicts]
    return vs[0]


@pytest.mark.parametrize("engine", ["lexical", "default"])
@SETTINGS
@given(world=facts(), data=st.data())
def test_verbatim_copy_is_supported(engine, world, data):
    sent = data.draw(st.sampled_from(world["sents"]))
    v = only(run_check(world["sents"], [sent], engine), sent)
    assert v.label == "supported", (v.label, v.score, [i.detail for i in v.issues])


@SETTINGS
@given(world=facts())
def test_swapping_two_counts_is_flagged(world):
    a, b = world["a"], world["b"]
    swapped = world["counted"].replace(f"{a} {world['u1']}", f"{b} {world['u1']}", 1) \
        .replace(f"{b} {world['u2']}", f"{a} {world['u2']}", 1)
    assert swapped != world["counted"]
    v = only(run_check(world["sents"], [swapped]), swapped)
    assert v.label in ("contradicted", "unsupported"), (v.label, v.score)


def _stable(v) -> dict:
    """A verdict without its sentence id and offsets into the derived text, which move with its position."""
    d = v.model_dump(exclude={"sentence"})
    for i in d["issues"]:
        i.pop("derived_start", None)
        i.pop("derived_end", None)
    return d


@SETTINGS
@given(world=facts(), data=st.data())
def test_verdict_does_not_depend_on_the_order_of_other_sentences(world, data):
    target = world["counted"]
    # unrelated derived sentences: other source sentences, and one the source does not support
    rest = list(world["others"]) + ["The mayor of a nearby town said the new stores would bring tourists back."]
    one = data.draw(st.permutations(rest))
    two = data.draw(st.permutations(rest))
    k1, k2 = data.draw(st.integers(0, len(rest))), data.draw(st.integers(0, len(rest)))
    r1 = run_check(world["sents"], one[:k1] + [target] + one[k1:])
    r2 = run_check(world["sents"], two[:k2] + [target] + two[k2:])
    assert _stable(only(r1, target)) == _stable(only(r2, target))


# A pair with ties on purpose: the same words in several source sentences, so a ranking that
# breaks ties by set order would show it.
PAIR_SOURCE = (
    "The harbour council met on Monday. The harbour council voted on Monday. The harbour council spoke on Monday. "
    "Eleven councillors voted for the new sea wall, which will cost 48 million pounds, and two voted against it. "
    "Work on the wall starts in May, the council said. The council said the wall would protect 300 homes and 12 shops.")
PAIR_DERIVED = (
    "The harbour council met on Monday. Eleven councillors voted for a sea wall costing 84 million pounds. "
    "The wall will protect 12 homes and 300 shops, the council said. Work starts in May.")
SCRIPT = ("import sys; from wellsourced.check import check_texts; "
          "sys.stdout.write(check_texts(sys.argv[1], sys.argv[2], engine=sys.argv[3]).model_dump_json(indent=1))")


@pytest.mark.parametrize("engine", ["lexical", "default"])
def test_report_json_is_byte_identical_under_two_hash_seeds(engine):
    root = Path(__file__).resolve().parents[1]
    outs = []
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root / "src")}
        p = subprocess.run([sys.executable, "-c", SCRIPT, PAIR_SOURCE, PAIR_DERIVED, engine], env=env,
                           capture_output=True, text=True, timeout=300)
        assert p.returncode == 0, p.stderr[-2000:]
        outs.append(p.stdout)
    assert json.loads(outs[0])["verdicts"], "empty report"
    assert outs[0] == outs[1]
