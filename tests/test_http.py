"""The HTTP API answers with the same model as the CLI, and bad input is a 422 with one line."""
from fastapi.testclient import TestClient

from wellsourced.http import app

client = TestClient(app)


def test_read_returns_article_with_facts(examples):
    text = (examples / "ferry-source.txt").read_text()
    r = client.post("/read", json={"text": text})
    assert r.status_code == 200
    art = r.json()
    assert art["title"] == "Storm forces ferry evacuation off Orkney coast"
    reasons = {x["reason"] for x in art["removed"]}
    assert {"agency slug", "promo"} <= reasons
    first = art["paragraphs"][0]["sentences"][0]
    assert first["id"] == "p1s1"
    n = first["numbers"][0]
    assert (n["value"], n["hedge"], n["unit"]) == (212, "at least", "passengers")


def test_empty_and_junk_only_are_422():
    r = client.post("/read", json={"text": "   "})
    assert r.status_code == 422 and "empty" in r.json()["error"]["message"]
    r = client.post("/read", json={"text": "burs-srm/kir\nSolve the daily Crossword\n"})
    assert r.status_code == 422 and "no article text" in r.json()["error"]["message"]


def test_web_page_is_served():
    r = client.get("/")
    assert r.status_code == 200 and "<textarea" in r.text
