"""The seed pair: a real source and an LLM rewrite with known distortions and editorial lines."""
from pathlib import Path

import pytest

from wellsourced.check import check, claimmodel
from wellsourced.read import read_article

from conftest import SEEDS
pytestmark = pytest.mark.skipif(not (SEEDS / "source.txt").exists(), reason="seed pair not available")


@pytest.fixture(scope="module")
def report():
    return check(read_article(str(SEEDS / "source.txt")), read_article(str(SEEDS / "derived.txt")))


def find(report, start):
    return next(v for v in report.verdicts if v.sentence.text.startswith(start))


# Decided by reading both texts: the faithful paraphrases must pass ...
SUPPORTED = [
    "Syria’s interim Foreign Minister Asaad al-Shaibani visited Iraq",
    # 'commitment to enhancing collaboration' for 'ready to reinforce cooperation': the claim
    # model passes it; the lexical fallback may not (too few shared words)
    pytest.param("During a visit to Baghdad", marks=pytest.mark.xfail(
        not claimmodel.available(), reason="the lexical fallback (no claim model installed)")),
    # "..., complicating the diplomatic landscape" for "relations ... have become more complicated"
    pytest.param("Shaibani’s visit marks his first", marks=pytest.mark.xfail(
        not claimmodel.available(), reason="the lexical fallback (no claim model installed)")),
    "In meetings with Iraqi Foreign Minister Fuad Hussein",
    "Hussein expressed Iraq’s hopes",
    # "focused on security" sums up the source's headline ("visit focuses on security"), which is evidence
    "Discussions focused on security relations",
    # "maintaining crucial ties with Iran" for "a key ally of Iran" ("crucial" restates "key"):
    # passed since the claim model (issue 12)
    pytest.param("Historically, Iraq has been", marks=pytest.mark.xfail(
        not claimmodel.available(), reason="the lexical fallback (no claim model installed)")),
    # "readiness to cooperate ... across their shared border" restates the quoted "ready to reinforce
    # cooperation ... along the whole length of the border"
    pytest.param("He reiterated Syria’s readiness", marks=pytest.mark.xfail(
        not claimmodel.available(), reason="the lexical fallback (no claim model installed)")),
]
# ... and each distortion must be flagged with its kind.
DISTORTED = [
    ("On social media, Sudani identified", "contradicted", "attribution"),  # Iraqi operation -> "U.S. intelligence"
    ("The Iraqi government condemned the violence", "contradicted", "number"),  # "at least 1,383" -> "1,383"
    ("In recent developments, Iraqi authorities arrested", "contradicted", "hedge"),  # "accused of" -> "linked to"
    ("In response, Syria’s foreign ministry", "unsupported", "causal"),  # invented causal link
]
OPINION = [
    "The complex historical relationships",
    "As Iraq navigates its alliances",  # "is crucial to foster stability in both nations"
    "Syria’s interim Foreign Minister Asaad al-Shaibani’s visit to Iraq underscores",
]


@pytest.mark.parametrize("start", SUPPORTED)
def test_faithful_sentences_pass(report, start):
    v = find(report, start)
    assert v.label == "supported", (v.label, v.issues)
    assert v.evidence and v.evidence[0].sentence_ids


@pytest.mark.parametrize("start,label,kind", DISTORTED)
def test_distortions_are_flagged_with_kind(report, start, label, kind):
    v = find(report, start)
    assert v.label == label
    assert kind in {i.kind for i in v.issues}


@pytest.mark.parametrize("start", OPINION)
def test_editorial_sentences_are_opinion(report, start):
    assert find(report, start).label == "opinion"


def test_number_issue_names_the_lost_hedge(report):
    i = next(i for i in find(report, "The Iraqi government condemned").issues if i.kind == "number")
    assert "at least 1,383" in i.source_span and "1,383" in i.derived_span


def test_over_a_dozen_is_not_a_number_error(report):
    # "over a dozen" (>= 13) says what "at least 13" says: only the accusation is wrong
    v = find(report, "In recent developments")
    assert "number" not in {i.kind for i in v.issues}


@pytest.mark.parametrize("start", [
    "This relationship has evolved",
    # "..., emphasizing the need for a united front against terrorism": an added clause on a
    # faithful sentence; the claim model scores the whole sentence supported, the opinion rule
    # names the clause ("the need for", which the source never states)
    "Iraq condemned recent mass killings",
])
def test_unsupported_editorial_additions(report, start):
    assert find(report, start).label in ("unsupported", "opinion")


def test_overall(report):
    assert not report.all_supported
    assert report.score < 0.3
    assert sum(report.counts.values()) == len(report.verdicts) == len(report.derived.sentences) + bool(report.derived.title)
    assert report.counts["supported"] >= 4  # the faithful ones above, less one known miss
    assert all("Original Source" not in v.sentence.text for v in report.verdicts)
