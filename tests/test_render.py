"""Terminal report, audit trail, HTML embedding and the page's HTTP side (issue 16, "Why" items
that need no browser; the browser ones are in test_browser.py)."""
from __future__ import annotations

import hashlib
import io
import json
import re
import time

import pytest
from fastapi.testclient import TestClient
from rich.console import Console
from typer.testing import CliRunner

from wellsourced.check import check
from wellsourced.check.pipeline import validate
from wellsourced.cli import app
from wellsourced.digest import digest
from wellsourced.read import read_article, read_string
from wellsourced.render import audit, html, terminal

runner = CliRunner()
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def ferry(examples):
    src = read_article(str(examples / "ferry-source.txt"))
    der = read_article(str(examples / "ferry-rewrite.txt"))
    return check(src, der, "lexical")


def _term(width: int | None = None, tty: bool = True) -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, force_terminal=tty, width=width or 80, highlight=False, color_system="standard" if tty else None), buf


# --- terminal -------------------------------------------------------------------------------


def test_only_problems_and_wrapping_to_the_terminal_width(ferry):
    con, buf = _term(width=60)
    terminal.check(ferry, con, only_problems=True)
    text = ANSI.sub("", buf.getvalue())
    assert "CONTRADICTED" in text and "✔ SUPPORTED" not in text
    assert max(len(line) for line in text.splitlines()) <= 60  # wrapped, nothing cut off
    assert "Northern Isles Shipping has cut corners" in " ".join(text.split())


def test_piped_output_is_plain_one_line_per_item(ferry):
    con, buf = _term(tty=False)
    terminal.check(ferry, con)
    text = buf.getvalue()
    assert "\x1b" not in text  # no colour codes
    long = next(v.sentence.text for v in ferry.verdicts if len(v.sentence.text) > 80)
    assert any(line.strip() == long for line in text.splitlines())  # not wrapped at 80
    assert "SUPPORTED" in text and "CONTRADICTED" in text


def test_confidence_is_in_the_label_not_p_supported(ferry):
    for v in ferry.verdicts:
        assert terminal.confidence(v) == v.confidence  # the contract's field (docs/json.md)
        if v.label == "contradicted":
            assert v.confidence >= 1 - v.score - 1e-9
    con, buf = _term(tty=False)
    terminal.check(ferry, con)
    bad = next(v for v in ferry.verdicts if v.label == "contradicted")
    assert f"CONTRADICTED {bad.confidence:.0%}  {bad.sentence.id}" in buf.getvalue()


def test_overall_score_leaves_opinion_out(ferry):
    factual = [v.score for v in ferry.verdicts if v.label in ("supported", "contradicted", "unsupported")]
    assert ferry.score == min(factual)
    rep = check(read_string("The council met on Monday. It approved the budget.", annotate=False),
                read_string("It was a wonderful, truly historic and brave decision by a great council.", annotate=False),
                "lexical")
    if all(v.label in ("opinion", "not a claim") for v in rep.verdicts):
        assert rep.score == 1.0


def test_progress_shows_only_after_the_delay_and_only_on_a_terminal():
    con, buf = _term()
    with terminal.progress(con, "check", after=0.05) as step:
        step("judging")
        time.sleep(0.4)
    assert "done in" in buf.getvalue()
    con, buf = _term()
    with terminal.progress(con, "check", after=5):
        pass
    assert buf.getvalue() == ""  # quick work: nothing
    con, buf = _term(tty=False)
    with terminal.progress(con, "check", after=0.0):
        time.sleep(0.1)
    assert buf.getvalue() == ""  # piped: nothing


def test_swapped_arguments_warned_even_when_derived_is_not_longer(examples):
    src = read_article(str(examples / "ferry-source.txt"), annotate=False)
    der = read_article(str(examples / "ferry-rewrite.txt"), annotate=False)
    assert not any("swapped" in w for w in validate([src], der))
    assert len(der.body.split()) < len(src.body.split())
    assert any("swapped" in w for w in validate([der], src))


def test_swapped_seed_pair(seeds):
    src = read_article(str(seeds / "source.txt"), annotate=False)
    der = read_article(str(seeds / "derived.txt"), annotate=False)
    assert not any("swapped" in w for w in validate([src], der))
    assert any("swapped" in w for w in validate([der], src))


def test_bad_output_path_and_options_fail_before_any_work(tmp_path, monkeypatch, examples):
    import wellsourced.read as read_mod

    def no_reading(*a, **k):
        raise AssertionError("read before the options were checked")

    monkeypatch.setattr(read_mod, "read_article", no_reading)
    src, der = str(examples / "ferry-source.txt"), str(examples / "ferry-rewrite.txt")
    r = runner.invoke(app, ["check", src, der, "--html", str(tmp_path / "no" / "r.html")])
    assert r.exit_code == 2 and "folder does not exist" in r.stderr
    r = runner.invoke(app, ["check", src, der, "--html", str(tmp_path)])
    assert r.exit_code == 2 and "is a folder" in r.stderr
    r = runner.invoke(app, ["check", src, der, "--engine", "nli"])
    assert r.exit_code == 2 and "--model" in r.stderr
    r = runner.invoke(app, ["check", src, der, "--engine", "llm"])
    assert r.exit_code == 2 and "--llm-url" in r.stderr
    r = runner.invoke(app, ["digest", src, "--html", str(tmp_path / "no" / "d.html")])
    assert r.exit_code == 2 and "folder does not exist" in r.stderr


def test_cli_only_problems(examples):
    r = runner.invoke(app, ["check", str(examples / "ferry-source.txt"), str(examples / "ferry-rewrite.txt"),
                            "--engine", "lexical", "--only-problems"])
    assert r.exit_code == 1
    assert "CONTRADICTED" in r.stdout and "✔ SUPPORTED" not in r.stdout


# --- digest ---------------------------------------------------------------------------------


def test_digest_lead_not_repeated_and_source_line_has_no_local_path(tmp_path):
    f = tmp_path / "secret-folder" / "story.txt"
    f.parent.mkdir()
    f.write_text("Harbour closes after storm\n\n" + " ".join(
        f"The harbour master said crews had repaired section {i} of the wall by Friday." for i in range(1, 13)))
    d = digest(read_article(str(f), annotate=False))
    lead = {i for s in d.lead for i in s.source_ids}
    assert not lead & {i for p in d.body for s in p for i in s.source_ids}
    assert "secret-folder" not in d.source_line and "story.txt" not in d.source_line
    assert "Harbour closes after storm" in d.source_line
    art = read_string("Title\n\nThe harbour reopened on Friday after repairs to the wall.", annotate=False)
    from datetime import date

    from wellsourced.model import Author

    art.outlet, art.published, art.url = "Example Times", date(2026, 11, 30), "https://example.org/x"
    art.authors = [Author(name="A. Writer", kind="person")]
    line = digest(art).source_line
    assert all(x in line for x in ("Example Times", "A. Writer", "2026-11-30", "https://example.org/x"))


# --- audit ----------------------------------------------------------------------------------


def test_audit_block_and_fixed_time(examples, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    args = ["check", str(examples / "ferry-source.txt"), str(examples / "ferry-rewrite.txt"), "--engine", "lexical", "--json"]
    a, b = runner.invoke(app, args), runner.invoke(app, args)
    assert a.stdout == b.stdout  # byte-identical with the time fixed
    au = json.loads(a.stdout)["audit"]
    assert au["time"] == "2023-11-14T22:13:20Z" and au["engine"] == "lexical"
    from wellsourced.check.engines.default import LEXICAL_MODEL

    assert au["models"][LEXICAL_MODEL.name] == "sha256:" + hashlib.sha256(LEXICAL_MODEL.read_bytes()).hexdigest()
    body = read_article(str(examples / "ferry-rewrite.txt")).body
    assert au["inputs"]["derived"] == "sha256:" + hashlib.sha256(body.encode()).hexdigest()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", audit.now())


# --- HTML -----------------------------------------------------------------------------------


def test_report_json_cannot_break_out_of_its_script(tmp_path):
    art = read_string("Storm news\n\nThe mayor said </script><!--<script>alert(1)</script> was not a plan for the harbour.",
                      annotate=False)
    page = html.report(digest(art))
    data = page.split('id="ws-data">', 1)[1]
    assert data.index("</script>") > data.index("alert(1)")  # the first </script> after the data is its own
    assert "<!--" not in page.split('id="ws-data">', 1)[1].split("</script>")[0]
    assert "</script" not in html.asset("app.js")  # the script itself never closes its element


def test_page_and_docs_are_served_offline():
    from wellsourced.http import app as api

    c = TestClient(api)
    r = c.get("/")
    assert r.status_code == 200 and '<meta name="viewport"' in r.text
    assert all(f'id="tab-{j}"' in r.text for j in ("check", "digest", "read"))
    assert "https://" not in r.text and "http://" not in r.text
    d = c.get("/docs")
    assert d.status_code == 200 and "/docs-assets/swagger-ui-bundle.js" in d.text and "cdn" not in d.text.lower()
    assert c.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
    assert "cdn" not in c.get("/redoc").text.lower()


def test_http_check_carries_the_audit(examples):
    from wellsourced.http import app as api

    r = TestClient(api).post("/check", json={"source": (examples / "ferry-source.txt").read_text(),
                                             "derived": "Eleven passengers were treated in hospital.", "engine": "lexical"})
    assert r.status_code == 200
    assert r.json()["audit"]["inputs"]["source"].startswith("sha256:")
