"""The reader on the seed articles and on invented fixtures: plain text, HTML, JSON, JSONL."""
from datetime import date, datetime, timezone

from wellsourced.model import Author
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wellsourced.cli import app
from wellsourced.read import iter_articles, read_article, read_string
from wellsourced.read.junk import classify

FIX = Path(__file__).parent / "fixtures" / "read"
runner = CliRunner()


def reasons(art) -> dict[str, str]:
    return {r.text: r.reason for r in art.removed}


# --- seeds ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def source(seeds):
    return read_article(str(seeds / "source.txt"), annotate=False)


def test_source_title(source):
    assert source.title == "Syria FM's Iraq visit focuses on security"


def test_source_junk_removed_with_reasons(source):
    r = reasons(source)
    assert r["burs-srm/kir"] == "agency slug"
    assert r["Solve the daily Crossword"] == "promo"
    assert "burs-srm" not in source.body and "Crossword" not in source.body


def test_source_every_body_line_kept(seeds, source):
    lines = [ln.strip() for ln in (seeds / "source.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]
    junk = {"burs-srm/kir", "Solve the daily Crossword", "- Alawite killings -"}  # the last: a crosshead
    body = lines[1:]
    assert len(body) > 20
    for ln in body:
        if ln in junk:
            assert ln not in source.body
        else:
            assert ln in source.body, ln
    assert reasons(source)["- Alawite killings -"] == "section heading"


def test_source_sentence_offsets_index_body(source):
    for s in source.sentences:
        assert source.body[s.start : s.end] == s.text


def test_source_quote_spanning_sentences_is_one_sentence(source):
    texts = [s.text for s in source.sentences]
    assert any(t.startswith('"We are ready') and t.endswith('Terrorism knows no borders."') for t in texts)


def test_derived_outlet_from_last_line(seeds):
    art = read_article(str(seeds / "derived.txt"), annotate=False)
    assert art.outlet == "newarab.com"
    assert art.url == "https://www.newarab.com"
    assert "Original Source" not in art.body
    assert reasons(art)["Original Source: www.newarab.com"] == "attribution line"
    assert art.body.startswith("Syria’s interim Foreign Minister Asaad al-Shaibani visited Iraq")


# --- plain text fixture --------------------------------------------------------------------


@pytest.fixture(scope="module")
def agency():
    return read_article(str(FIX / "agency.txt"), annotate=False)


def test_text_fixture_title_and_metadata(agency):
    assert agency.title == "Flood waters recede in Valdoria as rebuilding begins"
    assert agency.outlet == "valdoria-courier.example"
    assert agency.url == "https://www.valdoria-courier.example"


def test_text_fixture_junk(agency):
    assert reasons(agency) == {
        "jm/ab": "agency slug",
        "Sign up for our daily briefing": "promo",
        "Original Source: www.valdoria-courier.example": "attribution line",
    }
    assert len(agency.paragraphs) == 5
    assert agency.body.endswith("until 11 p.m. on Monday.")


def test_junk_rules_leave_body_sentences_alone():
    # a body sentence that happens to start like a promo or mention a source is kept
    long = "Read more than 300 pages of the report and you will find the ministry knew of the risk in 2019."
    assert classify(long, at_edge=True).reason is None
    assert classify("Source: the ministry said on Friday that the inquiry had begun.", at_edge=False).reason is None
    assert classify("Photo: Lena Ortiz/AFP", at_edge=False).reason == "photo credit"
    assert classify("By Jane Doe", at_edge=True).byline == "Jane Doe"


# --- HTML fixture --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page():
    return read_article(str(FIX / "page.html"), annotate=False)


def test_html_metadata(page):
    assert page.title == "Harbour ferry service to resume after strike"
    assert page.outlet == "Northgate Gazette"
    assert page.byline == "Priya Anand"
    assert page.published == datetime(2025, 3, 14, 9, 30, tzinfo=timezone.utc)
    assert page.authors == [Author(name="Priya Anand")]
    assert page.id == page.url and len(page.fingerprint) == 32
    assert page.url == "https://gazette.example/news/harbour-ferry-strike"


def test_html_body_is_the_article_only(page):
    body = page.body
    assert body.startswith("Ferry crossings between Northgate and Castle Island")
    assert "timetables would return to normal by the end of the week." in body
    assert len(page.paragraphs) == 4
    for junk in ("cookies", "Home", "Subscribe", "Related stories", "Ferry strike enters second week",
                 "All rights reserved", "Terms of use", "Photo: Lena Ortiz/AFP", "By Priya Anand"):
        assert junk not in body, junk


def test_html_quotes_kept_together(page):
    assert any(s.text.startswith('"Nobody wanted') for s in page.sentences)


def test_html_tables_become_text():
    html = (
        "<html><body><article><p>The council published the vote count on Tuesday evening after a long debate.</p>"
        "<table><tr><th>Party</th><th>Seats</th></tr><tr><td>Greens</td><td>12</td></tr></table>"
        "<p>The new budget takes effect in April, officials said in a statement.</p></article></body></html>"
    )
    art = read_string(html, fmt="html", annotate=False)
    assert "Greens | 12" in art.body
    assert "|---" not in art.body and not any(p.text.startswith("|") for p in art.paragraphs)


# --- JSON / JSONL --------------------------------------------------------------------------

JSONL_FIELDS = {"text": "story", "title": "hed", "url": "link", "published": "published_at",
                "byline": "writer", "outlet": "source_name"}


def test_jsonl_custom_fields():
    arts = list(iter_articles([str(FIX / "records.jsonl")], fields=JSONL_FIELDS))
    assert [a.title for a in arts] == ["Council approves new cycle lanes", "Library to stay open later",
                                       "Bus fares frozen for a year"]
    a, b, c = arts
    assert a.url == "https://metro.example/cycle-lanes" and a.byline == "Sam Lee" and a.outlet == "Metro Daily"
    assert a.published == date(2025, 2, 4) and a.input.endswith("records.jsonl:1")
    assert len(a.paragraphs) == 2
    assert {r.text: r.reason for r in b.removed} == {"burs/sl": "agency slug"}
    # an HTML body inside a record goes through the HTML reader
    assert c.body == "Bus fares will not rise this year, the transport authority said on Thursday, reversing a planned 5% increase."
    assert c.removed[0].reason == "promo"


def test_jsonl_without_field_map_names_the_missing_field():
    items = list(iter_articles([str(FIX / "records.jsonl")]))
    assert len(items) == 3 and all("no text field" in str(e) for e in items)
    assert str(items[0]).startswith(str(FIX / "records.jsonl") + ":1: ")


def test_json_array_custom_fields_cli():
    r = runner.invoke(app, ["read", str(FIX / "records.json"), "--json", "--no-facts",
                            "--field", "text=article_body", "--field", "title=headline_text", "--field", "url=permalink"])
    assert r.exit_code == 0, r.output
    arts = [json.loads(ln) for ln in r.stdout.splitlines()]
    assert [a["title"] for a in arts] == ["Council approves new cycle lanes", "Library to stay open later"]
    assert arts[1]["url"] == "https://metro.example/library"
    assert arts[0]["input"].endswith("records.json[1]")


def test_json_pretty_printed_object_and_wrapper(tmp_path):
    rec = {"title": "Bridge opens", "text": "The mayor said the bridge would open on Monday after years of work."}
    (tmp_path / "one.json").write_text(json.dumps(rec, indent=2))
    (tmp_path / "wrapped.json").write_text(json.dumps({"articles": [rec, rec]}, indent=2))
    one = list(iter_articles([str(tmp_path / "one.json")]))
    assert len(one) == 1 and one[0].title == "Bridge opens"
    two = list(iter_articles([str(tmp_path / "wrapped.json")]))
    assert [a.title for a in two] == ["Bridge opens", "Bridge opens"]


def test_directory_reads_every_article_in_order(tmp_path):
    (tmp_path / "b.txt").write_text("The council voted to close the old library on Friday after a long debate.")
    (tmp_path / "a.txt").write_text("The mayor said the bridge would open on Monday after years of work.")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    arts = list(iter_articles([str(tmp_path)]))
    assert [a.input for a in arts] == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]


def test_read_string_plain_text_with_headline():
    art = read_string("Bridge opens\n\nThe mayor said the bridge would open on Monday after years of work.", annotate=False)
    assert art.title == "Bridge opens" and art.sentences[0].id == "p1s1"


# --- feeds ---------------------------------------------------------------------------------


def test_rss_feed_one_article_per_item():
    items = list(iter_articles([str(FIX / "feed.rss")]))
    a, b, bad = items
    assert a.title == "Harbour ferry service to resume after strike"
    assert a.outlet == "Northgate Gazette" and a.byline == "Priya Anand"
    assert a.url == "https://gazette.example/news/harbour-ferry-strike"
    assert a.published == datetime(2025, 3, 14, 9, 30, tzinfo=timezone.utc)
    assert a.body.startswith("Ferry crossings between Northgate") and "Nobody wanted" in a.body
    assert [r.reason for r in a.removed] == ["promo"]  # "Read more: ..." inside content:encoded
    assert b.body.startswith("The central library will stay open until 9 p.m.")  # description only
    assert str(bad) == f"{FIX / 'feed.rss'}[3]: feed item with no text (no content, description or summary)"


def test_atom_feed():
    a, b = iter_articles([str(FIX / "feed.atom")])
    assert (a.title, a.byline, a.outlet, a.url) == ("Bus fares frozen for a year", "Kim Ng", "Metro Daily",
                                                    "https://metro.example/fares")
    assert a.body.startswith("Bus fares will not rise this year") and "<p>" not in a.body
    assert b.published == datetime(2025, 2, 4, 10, tzinfo=timezone.utc) and b.body.endswith("at a cost of $3.4 million.")


def test_feed_sniffed_from_content_and_hostile_xml_is_safe(tmp_path):
    p = tmp_path / "feed.xml"
    p.write_text('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                 "<rss><channel><title>T</title><item><title>&x;</title>"
                 "<description>The council voted to close the old library on Friday after a long debate.</description>"
                 "</item></channel></rss>")
    (art,) = iter_articles([str(p)])
    assert "root:" not in (art.title or "") and art.body.startswith("The council voted")
