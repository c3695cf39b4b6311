"""Front-end behaviour that is not job-specific: help, schema, exit codes."""
import json

from typer.testing import CliRunner

from wellsourced.cli import app

runner = CliRunner()


def test_schema_is_json_schema():
    r = runner.invoke(app, ["schema", "article"])
    assert r.exit_code == 0
    s = json.loads(r.stdout)
    assert "paragraphs" in s["properties"] and "Sentence" in s["$defs"]


def test_schema_unknown_is_exit_2():
    r = runner.invoke(app, ["schema", "nope"])
    assert r.exit_code == 2


def test_read_example_json(examples):
    r = runner.invoke(app, ["read", str(examples / "ferry-rewrite.txt"), "--json"])
    assert r.exit_code == 0
    art = json.loads(r.stdout)
    assert art["outlet"] == "example-news.org"
    assert all("Original Source" not in s["text"] for p in art["paragraphs"] for s in p["sentences"])
