"""The digest job: extractive selection and cleanup, CLI, HTML, bad input, LLM path.

Inputs: the seed wire story and invented articles in tests/fixtures/digest/.
"""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wellsourced.cli import app
from wellsourced.digest import digest, to_article
from wellsourced.digest.cleanup import clean, dateline, leans_back
from wellsourced.errors import InputError
from wellsourced.model import Article, Digest, Sentence
from wellsourced.read import read_article, read_string

sys.path.insert(0, str(Path(__file__).parent))
from fakellm import FakeLLM, unused_url  # noqa: E402

FIX = Path(__file__).parent / "fixtures" / "digest"
runner = CliRunner()


@pytest.fixture(scope="module")
def seed(seeds) -> Article:
    return read_article(str(seeds / "source.txt"))


@pytest.fixture(scope="module")
def harbour() -> Article:
    return read_article(str(FIX / "harbour.txt"))


def all_sentences(d: Digest):
    return [*d.lead, *(s for p in d.body for s in p)]


def n_words(sents) -> int:
    return sum(len(s.text.split()) for s in sents)


def assert_traceable(d: Digest) -> None:
    """Every extractive sentence is its source span (first letter may be raised after a cut)."""
    body = d.source.body
    for s in all_sentences(d):
        assert len(s.source_ids) == 1 and len(s.spans) == 1
        a, b = s.spans[0]
        src = d.source.sentence(s.source_ids[0])
        assert src.start <= a < b == src.end
        assert body[a:b][1:] == s.text[1:] and body[a:b][0].lower() == s.text[0].lower()


# --- extractive -----------------------------------------------------------------------


def test_seed_default_digest(seed):
    d = digest(seed)
    assert d.engine == "extractive" and d.lead and d.body
    assert n_words(d.lead) <= 60
    assert d.lead[0].source_ids == ["p1s1"]  # the news lead
    assert_traceable(d)
    ids = [s.source_ids[0] for p in d.body for s in p]
    order = [s.id for s in seed.sentences]
    assert ids == sorted(ids, key=order.index)  # source order
    assert not {s.source_ids[0] for s in d.lead} & set(ids)  # the body does not repeat the lead (issue 16)
    assert d.source_line.startswith("Source: ")


@pytest.mark.parametrize("kw", [{}, {"words": 25}, {"sentences": 8}, {"ratio": 0.5}, {"words": 100, "sentences": 20}])
def test_seed_digest_passes_check(seed, kw):
    from wellsourced.check import check

    d = digest(seed, **kw)
    rep = check(seed, to_article(d))
    assert rep.verdicts and all(v.label == "supported" for v in rep.verdicts), [
        (v.label, v.sentence.text) for v in rep.verdicts if v.label != "supported"]


def test_harbour_digest_passes_check_and_drops_dateline(harbour):
    from wellsourced.check import check

    for kw in ({}, {"sentences": 6}, {"words": 30, "ratio": 0.7}):
        d = digest(harbour, **kw)
        assert_traceable(d)
        assert all(v.label == "supported" for v in check(harbour, to_article(d)).verdicts)
    d = digest(harbour)
    assert d.lead[0].text.startswith("A winter storm closed the harbour")  # "PORT AVELLA (Example Wire) --" cut
    assert all(not s.text.startswith("By ") for s in all_sentences(d))  # a byline is not a sentence


def test_sizes(seed):
    for n in (1, 4, 9):
        d = digest(seed, words=200, sentences=n)
        assert sum(len(p) for p in d.body) == n or n < len(d.lead)
    d = digest(seed, ratio=0.5)
    assert sum(len(p) for p in d.body) == round(0.5 * len(seed.sentences))
    for w in (20, 35, 60, 120):
        assert n_words(digest(seed, words=w).lead) <= w


def test_lead_over_budget_is_warned_not_cut(seed):
    d = digest(seed, words=5)
    assert len(d.lead) == 1 and n_words(d.lead) > 5
    assert any("over the 5-word budget" in w for w in d.warnings)
    assert_traceable(d)


def test_pronoun_and_bare_quote_bring_their_antecedent(seed, harbour):
    assert leans_back("He said the harbour would stay closed until Friday at the earliest.")
    assert leans_back("It offered refunds or seats on later sailings.")
    assert leans_back("Still, she has offered to take in 200 other girls.")
    assert leans_back('"We are ready to reinforce cooperation. Terrorism knows no borders."')
    assert leans_back('"They are terrified," she said.')
    assert not leans_back("Harbour master Teodor Vance said waves of up to six metres had damaged the breakwater.")
    assert not leans_back('"Security is a shared responsibility," Shaibani told a joint news conference.')
    for art in (seed, harbour):
        order = [s.id for s in art.sentences]
        for kw in ({}, {"sentences": 5}, {"sentences": 10}, {"ratio": 0.6}, {"words": 30}):
            d = digest(art, **kw)
            lead = {s.source_ids[0] for s in d.lead}
            # the body is read after the lead (and never repeats it): an antecedent may sit in either
            for group, seen in ((d.lead, set()), ([s for p in d.body for s in p], lead)):
                ids = {s.source_ids[0] for s in group}
                for sid in ids:
                    i = order.index(sid)
                    if i and leans_back(art.sentences[i].text):
                        assert order[i - 1] in ids | seen, (sid, art.sentences[i].text)


def test_he_said_sentence_comes_with_its_speaker(harbour):
    d = digest(harbour, words=200, sentences=12)
    ids = [s.source_ids[0] for p in [d.lead, *d.body] for s in p]
    he = next(s.id for s in harbour.sentences if s.text.startswith("He said the harbour"))
    assert he in ids and harbour.sentences[[s.id for s in harbour.sentences].index(he) - 1].id in ids


def test_dangling_connective_dropped_only_when_alone():
    s = Sentence(id="p5s1", text="However, the town's mayor, Elena Brisk, said the closure could cost more.",
                 start=100, end=173, paragraph=5)
    alone = clean(s, prev_included=False)
    assert alone.text == "The town's mayor, Elena Brisk, said the closure could cost more."
    assert alone.spans == [(109, 173)]
    assert clean(s, prev_included=True).text == s.text
    but = Sentence(id="p1s2", text="But the ferry kept running.", start=0, end=27, paragraph=1)
    assert clean(but, False).text == "The ferry kept running."
    # a phrase that carries meaning is not a connective
    so = Sentence(id="p1s3", text="So far, nobody has been hurt.", start=0, end=29, paragraph=1)
    assert clean(so, False).text == so.text


def test_connective_in_a_digest(harbour):
    order = [s.id for s in harbour.sentences]
    for n in range(2, len(order) + 1):
        d = digest(harbour, sentences=n, words=200)
        ids = [s.source_ids[0] for p in d.body for s in p]
        for s in (s for p in d.body for s in p):
            src = harbour.sentence(s.source_ids[0]).text
            if src.startswith("However,"):
                prev = order[order.index(s.source_ids[0]) - 1]
                assert s.text.startswith("However,") == (prev in ids)


def test_datelines():
    assert dateline("(CNN) Two CNN Heroes are among the survivors.") == len("(CNN) ")
    assert dateline("WASHINGTON (Reuters) - The Senate voted.") == len("WASHINGTON (Reuters) - ")
    assert dateline("PORT AVELLA (Example Wire) -- A storm closed the harbour.") == len("PORT AVELLA (Example Wire) -- ")
    assert dateline("Islamic State (IS) fighters attacked the town.") == 0
    assert dateline("The council (which met on Monday) voted.") == 0


def test_quotes_kept_whole(harbour, seed):
    for art in (harbour, seed):
        d = digest(art, sentences=12, words=200)
        for s in all_sentences(d):
            src = art.sentence(s.source_ids[0]).text
            assert s.text.count('"') == src.count('"')
            assert s.text.count("\u201c") == src.count("\u201c")


# --- bad input ------------------------------------------------------------------------


def test_one_sentence_article():
    art = read_article(str(FIX / "one-sentence.txt"))
    d = digest(art)
    assert [s.source_ids for s in d.lead] == [["p1s1"]]
    assert d.body == []  # the lead already holds it: nothing is said twice
    assert any("one sentence" in w for w in d.warnings)


def test_two_thousand_sentences():
    names = ["Avella", "Sorn", "Lindmere", "Teodor Vance", "Elena Brisk", "Sorn Line", "Kestrel Bay", "Marta Oyelaran"]
    verbs = ["said", "reported", "announced", "confirmed", "denied"]
    objs = ["new repairs to the breakwater", "a plan to reopen the ferry", "funds for local businesses",
            "a delay to the winter market", "tests of the water supply"]
    paras = [" ".join(f"{names[(p + i) % 8]} {verbs[(p * 3 + i) % 5]} {objs[(p + 2 * i) % 5]} on day {p * 5 + i} "
                      f"with {(p * 37 + i * 11) % 900 + 2} workers." for i in range(5)) for p in range(400)]
    art = read_string("Long report\n\n" + "\n\n".join(paras), annotate=False)
    assert len(art.sentences) == 2000
    d = digest(art)
    assert d.lead and n_words(d.lead) <= 60
    assert 3 <= sum(len(p) for p in d.body) <= 15
    assert_traceable(d)


def test_article_without_sentences_is_an_input_error():
    with pytest.raises(InputError, match="no article text"):
        digest(Article(input="empty.txt"))


def test_bad_sizes_are_input_errors(seed):
    for kw, msg in (({"words": 0}, "--words"), ({"sentences": 0}, "--sentences"), ({"ratio": 1.5}, "--ratio"),
                    ({"sentences": 3, "ratio": 0.2}, "not both"), ({"llm_url": "http://x"}, "--llm-model")):
        with pytest.raises(InputError, match=msg):
            digest(seed, **kw)


@pytest.mark.parametrize("name,msg", [("junk.txt", "no article text found: only page junk"),
                                      ("french.txt", "language not supported"),
                                      ("missing.txt", "no such file")])
def test_cli_bad_input_is_one_line_exit_2(name, msg):
    r = runner.invoke(app, ["digest", str(FIX / name)])
    assert r.exit_code == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and msg in lines[0] and lines[0].startswith("error: ")


def test_cli_bad_option_is_exit_2():
    r = runner.invoke(app, ["digest", str(FIX / "harbour.txt"), "--ratio", "0"])
    assert r.exit_code == 2 and "--ratio" in r.stderr


def test_non_english_article_object_refused():
    art = read_string("The council voted on Monday to close the bridge.", annotate=False)
    art.language = "unknown"  # as the reader marks text it cannot read
    with pytest.raises(InputError, match="language not supported"):
        digest(art)


# --- CLI and HTML ---------------------------------------------------------------------


def test_cli_text_and_cite(seeds):
    r = runner.invoke(app, ["digest", str(seeds / "source.txt"), "--cite", "--words", "40"])
    assert r.exit_code == 0, r.output
    blocks = r.stdout.strip().split("\n\n")
    assert re.search(r"\[p1s1\]", blocks[0])
    assert blocks[-1].startswith("Source: ")
    assert all(re.search(r"\[p\d+s\d+(, p\d+s\d+)*\]$", b) for b in blocks[2:-1])


def test_cli_stdin():
    text = (FIX / "harbour.txt").read_text()
    r = runner.invoke(app, ["digest", "-", "--sentences", "3"], input=text)
    assert r.exit_code == 0 and "A winter storm closed" in r.stdout


def test_cli_json_has_ids_and_exact_spans(seeds):
    r = runner.invoke(app, ["digest", str(seeds / "source.txt"), "--json", "--sentences", "6"])
    assert r.exit_code == 0
    d = Digest.model_validate_json(r.stdout)
    assert sum(len(p) for p in d.body) == 6
    assert_traceable(d)
    raw = json.loads(r.stdout)
    assert raw["lead"][0]["source_ids"] == ["p1s1"] and isinstance(raw["lead"][0]["spans"][0], list)


def test_cli_html_side_by_side(tmp_path, harbour):
    page = tmp_path / "digest.html"
    r = runner.invoke(app, ["digest", str(FIX / "harbour.txt"), "--html", str(page)])
    assert r.exit_code == 0
    html = page.read_text()
    assert os.listdir(tmp_path) == ["digest.html"]  # no temp file left behind
    data = json.loads(re.search(r'<script type="application/json" id="ws-data">(.*?)</script>', html).group(1))
    assert data["lead"][0]["source_ids"] and data["source"]["paragraphs"][1]["sentences"][0]["id"] == "p2s1"
    assert data["audit"]["inputs"]["source"].startswith("sha256:")
    assert 'data-kind="digest"' in html and "<style" in html and 'id="ws-script"' in html
    assert not re.search(r'<(?:link|img)\b|src="http|@import', html)  # self-contained: no outside files
    assert "Teodor Vance" in html
    r = runner.invoke(app, ["digest", str(FIX / "harbour.txt"), "--html", str(tmp_path / "no" / "x.html")])
    assert r.exit_code == 2 and "folder does not exist" in r.stderr


def test_html_escapes_text(tmp_path):
    art = read_string("Storm news\n\nThe mayor said <script>alert(1)</script> was not a plan for the harbour.",
                      annotate=False)
    from wellsourced.render.html import report

    page = report(digest(art))
    assert "<script>alert(1)" not in page and "</script>alert" not in page


# --- abstractive (LLM) ----------------------------------------------------------------

GOOD_LEAD = ("Syria's interim foreign minister Asaad al-Shaibani said in Baghdad on Friday that his government "
             "was ready to reinforce cooperation with Iraq against the Islamic State group.")
DISTORTED = "Baghdad condemned the massacre of 1,383 civilians in coastal Syria earlier this month."
GOOD_BODY = ("Iraqi forces have arrested at least 13 Syrians accused of promoting terrorist groups, "
             "two interior ministry officials said.")
FIXED = ("Baghdad condemned the massacre of at least 1,383 civilians in coastal Syria earlier this month "
         "by security forces, allied groups and jihadists.")


def llm(rewrite: str):
    def reply(req: dict) -> str:
        if req["messages"][-1]["content"].startswith("This sentence"):
            return rewrite
        return (f"**LEAD:** {GOOD_LEAD}\n**BODY:**\n{DISTORTED} {GOOD_BODY}\n\n"
                "Shaibani met Iraqi Foreign Minister Fuad Hussein in Baghdad.")
    return reply


def test_llm_distorted_sentence_never_reaches_output(seed):
    with FakeLLM(llm(DISTORTED)) as srv:
        d = digest(seed, llm_url=srv.url, llm_model="tiny")
        rewrites = [r for r in srv.requests if r["messages"][-1]["content"].startswith("This sentence")]
    assert d.engine == "llm:tiny"
    texts = [s.text for s in all_sentences(d)]
    assert DISTORTED not in texts and not any("of 1,383" in t for t in texts)
    assert d.dropped == [DISTORTED]
    assert len(rewrites) == 1 and "at least 1,383" in rewrites[0]["messages"][-1]["content"]  # evidence sent
    assert [s.text for s in d.lead] == [GOOD_LEAD] and d.lead[0].source_ids[0] == "p1s1"
    assert GOOD_BODY in texts
    for s in all_sentences(d):
        assert s.source_ids and len(s.spans) == len(s.source_ids)


def test_llm_rewrite_from_evidence_is_kept(seed):
    with FakeLLM(llm(FIXED)) as srv:
        d = digest(seed, llm_url=srv.url, llm_model="tiny")
    texts = [s.text for s in all_sentences(d)]
    assert FIXED in texts and DISTORTED not in texts and d.dropped == []


def test_llm_cli_reports_dropped(seeds):
    with FakeLLM(llm(DISTORTED)) as srv:
        r = runner.invoke(app, ["digest", str(seeds / "source.txt"), "--llm-url", srv.url, "--llm-model", "tiny"])
    assert r.exit_code == 0, r.output
    body, dropped = r.stdout.split("Dropped as unsupported by the source:")
    assert DISTORTED not in body and DISTORTED in dropped


def test_llm_unreachable_is_exit_2(seeds):
    r = runner.invoke(app, ["digest", str(seeds / "source.txt"), "--llm-url", unused_url(), "--llm-model", "m"])
    assert r.exit_code == 2 and "cannot reach the LLM server" in r.stderr


def test_promo_sentences_inside_a_paragraph_are_never_selected():
    from wellsourced.read import read_string

    text = ("Harbour board approves new ferry terminal\n\n"
            "The Kestrel Bay harbour board on Monday approved a 40 million pound ferry terminal. "
            "READ MORE: Kestrel Bay votes on parking charges . "
            "Construction will start in May and take two years, the board said. "
            "Related: Ten things to do in Kestrel Bay this summer . "
            "The terminal will handle 12 sailings a day.")
    d = digest(read_string(text, fmt="text", where="t", annotate=False), sentences=4)
    texts = [s.text for para in d.body for s in para] + [s.text for s in d.lead]
    assert texts and not any(t.startswith(("READ MORE", "Related")) for t in texts)
