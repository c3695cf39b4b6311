"""Issue 11: every claim checked (headlines, bullets, short lines), rules' conflicts never erased,
opinion clauses reported beside the facts they come with, several sources, omissions, exit codes.
All texts here are invented for the tests."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from fakellm import FakeLLM

from wellsourced.check import check, check_texts
from wellsourced.check.pipeline import not_a_claim
from wellsourced.model import Sentence
from wellsourced.read import read_string

SOURCE = """Harbour council approves new tram depot

The harbour council approved a new tram depot on Monday after a two-hour debate, the council's leader, Mara Quill, said.

The depot will cost 48 million pounds and open in 2027, according to the council's budget papers.

Residents' groups accused the council of ignoring a traffic study that warned of congestion.

The council denied the claim and said the study had been considered in full.

Work on the site is expected to start in the spring."""


def rd(text: str, where: str = "t"):
    return read_string(text, fmt="text", where=where, annotate=False)


def verdict(rep, start: str):
    return next(v for v in rep.verdicts if v.sentence.text.startswith(start))


def test_bullets_are_claims_and_the_first_is_no_headline():
    derived = "- The council approved a tram depot on Monday\n- The depot will cost 90 million pounds\n- The mayor resigned"
    rep = check(rd(SOURCE), rd(derived, "bullets"))
    assert [v.sentence.text for v in rep.verdicts] == [
        "The council approved a tram depot on Monday", "The depot will cost 90 million pounds", "The mayor resigned"]
    assert rep.derived.title is None
    labels = [v.label for v in rep.verdicts]
    assert labels[0] == "supported" and labels[1] == "contradicted" and labels[2] in ("unsupported", "contradicted")
    assert "not a claim" not in labels


def test_a_headline_is_a_claim_and_the_source_headline_is_evidence():
    rep = check(rd(SOURCE), rd("Council rejects tram depot\n\nThe harbour council debated a new tram depot on Monday."))
    head = rep.verdicts[0]
    assert head.sentence.id == "title" and head.label != "supported"
    rep = check(rd(SOURCE), rd("Harbour council approves new tram depot\n\nWork is expected to start in the spring."))
    assert rep.verdicts[0].sentence.id == "title" and rep.verdicts[0].label == "supported"
    assert rep.verdicts[0].evidence[0].sentence_ids[0] == "title"


@pytest.mark.parametrize("line", ["Key points:", "Alawite killings", "Photo: Jane Doe/Example Agency", "Original Source: www.example.org"])
def test_lines_that_state_nothing_are_not_claims(line):
    assert not_a_claim(Sentence(id="p1s1", text=line, start=0, end=len(line), paragraph=1))


@pytest.mark.parametrize("line", ["Storm kills 12 people", "Council approves depot", "Mayor quits"])
def test_short_lines_that_state_something_are_claims(line):
    assert not not_a_claim(Sentence(id="p1s1", text=line, start=0, end=len(line), paragraph=1))


@pytest.mark.xfail(strict=True, reason="known miss of the default engine fitted on the fit halves only: the claim model "
                   "reads 'a second tram line will open next year' as the depot that 'will open in 2027' (docs/check.md)")
def test_opinion_clause_does_not_hide_an_invented_fact():
    derived = ("The council leader called the depot a crucial and significant step, and said a second tram line "
               "will open next year.")
    v = check_texts(SOURCE, derived).verdicts[0]
    assert v.label == "unsupported"
    kinds = [i.kind for i in v.issues]
    assert "opinion" in kinds and ("invented" in kinds or "number" in kinds or "entity" in kinds)
    op = next(i for i in v.issues if i.kind == "opinion")
    assert "crucial" in v.sentence.text[op.derived_start:op.derived_end]


def test_pure_editorial_sentence_is_opinion_and_exits_0_unless_strict(tmp_path):
    src, der = tmp_path / "s.txt", tmp_path / "d.txt"
    src.write_text(SOURCE)
    der.write_text("The harbour council approved a new tram depot on Monday.\n\n"
                   "Careful planning is essential to foster a welcoming and vibrant harbour.")
    rep = check(rd(SOURCE), rd(der.read_text()))
    assert [v.label for v in rep.verdicts] == ["supported", "opinion"]
    assert not rep.problems
    run = [sys.executable, "-m", "wellsourced.cli", "check", str(src), str(der)]
    assert subprocess.run(run, capture_output=True).returncode == 0
    assert subprocess.run(run + ["--strict"], capture_output=True).returncode == 1


def test_an_llm_supported_never_erases_a_rule_conflict():
    answer = '{"label": "supported", "kind": null, "evidence": 1, "explanation": "fine"}'
    with FakeLLM(lambda req: answer) as server:
        rep = check_texts(SOURCE, "The depot will cost 90 million pounds and open in 2027.", engine="llm",
                          url=server.url, llm_model="m")
    v = rep.verdicts[0]
    assert v.label == "contradicted" and v.engine_label == "supported"
    assert any(i.kind == "number" for i in v.issues)


def test_after_in_the_source_is_no_causal_link():
    src = "The bridge closed on Friday. Shops on the quay reported losses after the storm."
    v = check_texts(src, "Shops on the quay reported losses because the bridge closed.").verdicts[0]
    assert v.label != "supported" and any(i.kind == "causal" for i in v.issues)


def test_quotes_in_a_long_source_are_matched_fuzzily():
    filler = "\n\n".join(f"Item {i} of the agenda was read out and noted by the clerk without comment." for i in range(6000))
    src = filler + '\n\nThe leader said: "We have listened to every resident, and the depot will serve the whole town."'
    assert len(src) > 400_000
    v = check_texts(src, 'The leader said: "We have listened to every resident and the depot will serve the whole town."').verdicts[0]
    assert not [i for i in v.issues if i.kind == "quote"]
    v = check_texts(src, 'The leader said: "We have ignored every resident, and the depot will serve nobody."').verdicts[0]
    assert any(i.kind == "quote" for i in v.issues)


def test_several_sources_each_evidence_names_its_article():
    a = read_string('{"id": "wire-1", "text": "The harbour council approved a new tram depot on Monday."}', fmt="json", where="a",
                    annotate=False)
    b = read_string('{"id": "wire-2", "text": "Flooding closed the coastal road near Brackwater on Tuesday."}', fmt="json",
                    where="b", annotate=False)
    d = rd("The harbour council approved a new tram depot on Monday. Flooding closed the coastal road near Brackwater on Tuesday.")
    rep = check([a, b], d)
    assert [v.label for v in rep.verdicts] == ["supported", "supported"]
    assert [v.evidence[0].source for v in rep.verdicts] == ["wire-1", "wire-2"]
    assert rep.verdicts[1].evidence[0].sentence_ids == ["p1s1"]
    assert [s.id for s in rep.sources] == ["wire-1", "wire-2"]


def test_cli_takes_several_sources(tmp_path):
    (tmp_path / "a.txt").write_text("The harbour council approved a new tram depot on Monday.")
    (tmp_path / "b.txt").write_text("Flooding closed the coastal road near Brackwater on Tuesday.")
    (tmp_path / "d.txt").write_text("Flooding closed the coastal road near Brackwater on Tuesday.")
    r = subprocess.run([sys.executable, "-m", "wellsourced.cli", "check", "--source", str(tmp_path / "a.txt"),
                        "--source", str(tmp_path / "b.txt"), str(tmp_path / "d.txt"), "--json"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["schema_version"] and len(out["sources"]) == 2
    assert out["verdicts"][0]["evidence"][0]["source"] == out["sources"][1]["id"]


def test_a_dropped_denial_is_reported_as_omitted():
    derived = ("The harbour council approved a new tram depot on Monday. "
               "Residents' groups accused the council of ignoring a traffic study that warned of congestion.")
    rep = check_texts(SOURCE, derived)
    assert not rep.problems
    [o] = [o for o in rep.omissions if o.kind == "denial"]
    assert o.text.startswith("The council denied") and o.kept
    kept = check_texts(SOURCE, derived + " The council denied the claim.")
    assert not [o for o in kept.omissions if o.kind == "denial"]


def test_findings_carry_offsets_into_both_texts():
    rep = check_texts(SOURCE, "The depot will cost 90 million pounds and open in 2027.")
    v = rep.verdicts[0]
    i = next(i for i in v.issues if i.kind == "number")
    assert v.sentence.text[i.derived_start:i.derived_end] == i.derived_span
    src = rep.source.sentence(i.source_id)
    assert src.text[i.source_start:i.source_end] == i.source_span


def test_confidence_is_in_the_label():
    rep = check_texts(SOURCE, "The depot will cost 90 million pounds and open in 2027. Work is expected to start in the spring.")
    bad, good = rep.verdicts
    assert bad.label == "contradicted" and bad.confidence >= 0.8
    assert good.label == "supported" and good.confidence == good.score
    assert rep.problem_share == 0.5 and rep.counts["contradicted"] == 1


@pytest.mark.parametrize("source,derived,kind", [
    ("The ferry was being repaired in Kirkwall when the storm hit.", "The ferry was not being repaired in Kirkwall when the storm hit.", "negation"),
    ("The harbour isn't going to reopen this winter, the operator said.", "The harbour is going to reopen this winter, the operator said.", "negation"),
    ("The island cannot absorb more visitors, the mayor says.", "The island can absorb more visitors, the mayor says.", "negation"),
    ("The two men allegedly cut the mooring lines as police arrived, according to the court papers.",
     "The two men cut the mooring lines as police arrived, according to the court papers.", "hedge"),
    ("The mother of one of the alleged victims said in a statement that the town had changed.",
     "The mother of one of the victims said in a statement that the town had changed.", "hedge"),
    ("The vessel sank about 2 miles east of the harbour, Sgt. Ewan Brodie said.",
     "The vessel sank about 2 miles east of the harbour, Sgt. Alice M. Fraser said.", "attribution"),
    ("Ms Tulloch told reporters the crew had been warned twice before the crossing.",
     "Carla Ness told reporters the crew had been warned twice before the crossing.", "attribution"),
])
def test_one_word_edits_inside_copied_text_are_flagged(source, derived, kind):
    v = check_texts(source, derived, engine="lexical").verdicts[0]
    assert v.label == "contradicted" and kind in {i.kind for i in v.issues}, (v.label, v.issues)


@pytest.mark.parametrize("source,derived", [
    ("The ferry was not repaired before the storm, the operator said.", "The operator said the ferry was not repaired before the storm."),
    ("Police said the suspect allegedly cut the lines.", "The suspect allegedly cut the lines, police said."),
    ("However, the council did not approve the plan on Monday.", "The council did not approve the plan on Monday."),
])
def test_reordered_or_trimmed_copies_are_not_edits(source, derived):
    v = check_texts(source, derived, engine="lexical").verdicts[0]
    assert not [i for i in v.issues if i.kind in ("negation", "hedge", "attribution")], v.issues


def test_an_edit_at_the_very_end_of_a_sentence():
    # a word added after the last copied token: the stretch sits past the source's last token
    v = check_texts("The ferry left Kirkwall on time.", "The ferry left Kirkwall on time today.", engine="lexical").verdicts[0]
    assert v.label in ("supported", "unsupported")
    from wellsourced.check.copydiff import edits
    [e] = edits("The ferry left Kirkwall on time today", "The ferry left Kirkwall on time")
    assert (e.claim, e.source, e.claim_span, e.source_span) == ("today", "", (32, 37), (31, 31))


@pytest.mark.parametrize("source, derived", [
    ("The outgoing governor conceded defeat on Monday night and congratulated his rival.",
     "The outgoing governor refused to concede defeat."),
    ("The club agreed to pay the fine within a month, its chairman said.",
     "The club declined to pay the fine, its chairman said."),
])
def test_a_verb_that_negates_what_it_governs_is_a_negation(source, derived):
    """"refused to concede" says the opposite of "conceded"."""
    v = check_texts(source, derived).verdicts[0]
    assert v.label == "contradicted" and any(i.kind == "negation" for i in v.issues), (v.label, v.issues)


def test_declined_to_comment_on_both_sides_is_no_negation():
    v = check_texts("The waste company that runs the site declined to comment on the ruling.",
                    "The company running the site declined to comment.").verdicts[0]
    assert not any(i.kind == "negation" for i in v.issues), v.issues


def test_a_possibility_stated_as_certain_in_copied_text_is_a_hedge_issue():
    src = "The mayor said the tram line could open in the spring if the tracks arrive on time."
    v = check_texts(src, "The mayor said the tram line will open in the spring.").verdicts[0]
    assert any(i.kind == "hedge" for i in v.issues), (v.label, v.issues)
    # reported speech: "would" is the speaker's "will", no hedge lost
    v = check_texts("The mayor said the tram line would open in the spring.",
                    "The mayor said the tram line will open in the spring.").verdicts[0]
    assert not any(i.kind == "hedge" for i in v.issues), v.issues
