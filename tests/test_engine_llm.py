"""The llm engine against a fake OpenAI-compatible server (tests/fakellm.py)."""
from __future__ import annotations

import json

import pytest
from fakellm import FakeLLM, HTTPReply, scripted, unused_url

from wellsourced.check.engines.base import ClaimContext, Judgement
from wellsourced.check.engines.llm import LABEL_SCORES, UNPARSED_SCORE, LLMEngine, parse_answer
from wellsourced.errors import InputError
from wellsourced.llm import LLMError, chat
from wellsourced.model import Article, Evidence, Sentence

CLAIM = "Twelve people were killed on Monday, police said."
WINDOWS = [
    Evidence(sentence_ids=["p1s1"], text="Police said at least 12 people were killed in the city on Monday.", score=0.9),
    Evidence(sentence_ids=["p1s1", "p1s2"], text="Police said at least 12 people were killed in the city on Monday. "
             "The minister denied the report.", score=0.8),
    Evidence(sentence_ids=["p1s1"], text="Police said at least 12 people were killed in the city on Monday.", score=0.7),
    Evidence(sentence_ids=["p3s1"], text="Officials reported that no one was hurt.", score=0.5),
    Evidence(sentence_ids=["p4s1"], text="The storm moved north.", score=0.2),
]


def ctx(claim: str = CLAIM, windows=None, sid: str = "p1s1") -> ClaimContext:
    s = Sentence(id=sid, text=claim, start=0, end=len(claim), paragraph=1)
    return ClaimContext(claim=s, windows=list(WINDOWS if windows is None else windows), source=Article())


GOOD = '{"label": "contradicted", "kind": "number", "evidence": 1, "explanation": "The source says at least 12."}'


def test_request_format_and_good_answer():
    with FakeLLM(lambda req: GOOD) as server:
        engine = LLMEngine(url=server.url, model="llama3.1", api_key="sekrit", timeout=10)
        assert engine.name == "llm"
        [j] = engine.judge([ctx()])
        req = server.requests[-1]
        headers = server.headers[-1]
    assert req["model"] == "llama3.1"
    assert req["temperature"] == 0.0
    roles = [m["role"] for m in req["messages"]]
    assert roles == ["system", "user"]
    user = req["messages"][1]["content"]
    assert CLAIM in user
    # top windows, duplicates and covered windows skipped: p1s1, p1s1+p1s2, p3s1
    assert "[1] Police said at least 12 people" in user
    assert "[2] Police said at least 12 people were killed in the city on Monday. The minister denied" in user
    assert "[3] Officials reported" in user
    assert "[4]" not in user and "storm" not in user
    assert "JSON" in req["messages"][0]["content"]
    assert headers.get("Authorization") == "Bearer sekrit"

    assert isinstance(j, Judgement)
    assert j.label == "contradicted"
    assert j.score == LABEL_SCORES["contradicted"]
    assert j.evidence == 0
    assert [i.kind for i in j.issues] == ["number"]
    assert "at least 12" in j.issues[0].detail
    assert engine.warnings == []


def test_evidence_number_maps_to_window_index():
    answer = '{"label": "supported", "kind": null, "evidence": 3, "explanation": "ok"}'
    with FakeLLM(lambda req: answer) as server:
        [j] = LLMEngine(url=server.url + "/v1", model="m").judge([ctx()])
    assert j.label == "supported" and j.score == LABEL_SCORES["supported"] > 0.9
    assert j.evidence == 3  # passage [3] is WINDOWS[3] (WINDOWS[2] was a duplicate)
    assert j.issues == []


def test_scores_by_label():
    assert LABEL_SCORES["supported"] >= 0.9
    for low in ("opinion", "unsupported", "contradicted"):
        assert LABEL_SCORES[low] < 0.5
    assert LABEL_SCORES["contradicted"] < LABEL_SCORES["unsupported"] < LABEL_SCORES["opinion"]


def test_fenced_and_chatty_answers():
    answers = [
        "```json\n" + GOOD + "\n```",
        "Sure! Here is my verdict:\n" + '{"label": "unsupported", "kind": "causal", "explanation": "no link"}' + "\nHope it helps.",
        "<think>the source says {maybe}</think>\n" + '{"label": "Supported", "kind": "none"}',
        "{'label': 'opinion', 'kind': None, 'explanation': 'the writer judges'}",
    ]
    contexts = [ctx(sid=f"p{i}s1") for i in range(1, 5)]
    with FakeLLM(scripted(answers)) as server:
        engine = LLMEngine(url=server.url, model="m")
        js = engine.judge(contexts)
        assert len(server.requests) == 4  # no retries needed
    assert [j.label for j in js] == ["contradicted", "unsupported", "supported", "opinion"]
    assert [i.kind for i in js[1].issues] == ["causal"]
    assert js[2].issues == [] and js[3].issues == []
    assert engine.warnings == []


def test_garbage_then_good_answer_retries_once():
    with FakeLLM(scripted(["I think it is probably fine.", GOOD])) as server:
        engine = LLMEngine(url=server.url, model="m")
        [j] = engine.judge([ctx()])
        assert len(server.requests) == 2
        retry = server.requests[1]["messages"]
    assert j.label == "contradicted"
    assert [m["role"] for m in retry] == ["system", "user", "assistant", "user"]
    assert retry[2]["content"] == "I think it is probably fine."
    assert "JSON" in retry[3]["content"]
    assert engine.warnings == []


def test_garbage_twice_gives_neutral_judgement_and_a_warning():
    with FakeLLM(lambda req: "no idea, sorry") as server:
        engine = LLMEngine(url=server.url, model="m")
        js = engine.judge([ctx(sid="p2s3"), ctx(sid="p2s4")])
        assert len(server.requests) == 4  # one retry each, no more
    for j in js:
        assert j.label is None and j.score == UNPARSED_SCORE == 0.5 and j.issues == []
    assert len(engine.warnings) == 2
    assert "p2s3" in engine.warnings[0] and "no idea" in engine.warnings[0]
    # the list is per judge() call
    with FakeLLM(lambda req: GOOD) as server:
        engine.url = server.url
        engine.judge([ctx()])
    assert engine.warnings == []


def test_unknown_label_and_invalid_json_count_as_garbage():
    answers = ['{"label": "maybe", "kind": "number"}', '{"label": "supported", "kind": }', "```json\n{}\n```"]
    with FakeLLM(scripted(answers)) as server:
        engine = LLMEngine(url=server.url, model="m")
        [j] = engine.judge([ctx()])  # first two answers: bad, then retry bad
    assert j.label is None and j.score == 0.5
    assert len(engine.warnings) == 1


def test_no_windows_still_asks_and_says_so():
    with FakeLLM(lambda req: '{"label": "unsupported", "kind": "invented", "explanation": "not in source"}') as server:
        [j] = LLMEngine(url=server.url, model="m").judge([ctx(windows=[])])
        user = server.requests[-1]["messages"][1]["content"]
    assert "no passage" in user
    assert j.label == "unsupported" and j.evidence == 0 and [i.kind for i in j.issues] == ["invented"]


def test_parallel_workers_keep_order():
    def reply(req):
        user = req["messages"][1]["content"]
        label = "supported" if "claim number 2" in user else "unsupported"
        return json.dumps({"label": label, "kind": None})

    contexts = [ctx(claim=f"This is claim number {i}.", sid=f"p{i}s1") for i in range(6)]
    with FakeLLM(reply) as server:
        js = LLMEngine(url=server.url, model="m", workers=3).judge(contexts)
    assert [j.label for j in js] == ["unsupported", "unsupported", "supported", "unsupported", "unsupported", "unsupported"]


def test_http_500_is_a_clear_error():
    with FakeLLM(lambda req: HTTPReply(500, {"error": {"message": "model crashed"}})) as server:
        engine = LLMEngine(url=server.url, model="m")
        with pytest.raises(LLMError) as e:
            engine.judge([ctx()])
    msg = str(e.value)
    assert "HTTP 500" in msg and "model crashed" in msg and server.url in msg
    assert isinstance(e.value, InputError)


def test_not_openai_format_is_a_clear_error():
    with FakeLLM(lambda req: HTTPReply(200, {"text": "hello"})) as server:
        with pytest.raises(LLMError, match="not in the OpenAI chat format"):
            LLMEngine(url=server.url, model="m").judge([ctx()])


def test_unreachable_server_is_a_clear_error():
    url = unused_url()
    with pytest.raises(LLMError) as e:
        LLMEngine(url=url, model="m", timeout=5).judge([ctx()])
    assert "cannot reach the LLM server" in str(e.value) and url in str(e.value)


def test_bad_options():
    with pytest.raises(InputError, match="--llm-url"):
        LLMEngine(url="", model="m")
    with pytest.raises(InputError, match="--llm-model"):
        LLMEngine(url="http://localhost:11434", model=" ")
    assert LLMEngine(url="localhost:11434", model="m").url == "http://localhost:11434"


@pytest.mark.parametrize(
    "text, label, kind",
    [
        (GOOD, "contradicted", "number"),
        ('```\n{"label": "supported", "kind": null}\n```', "supported", None),
        ('{"label": "NOT_SUPPORTED", "kind": "Entity"}', "unsupported", "entity"),
        ('{"Label": "refuted", "kind": "made-up"}', "contradicted", None),
        ('{"verdict": "opinion"}', "opinion", None),
        ('prefix {"a": 1} then {"label": "supported"}', "supported", None),
        ("", None, None),
        (None, None, None),
        ("supported", None, None),
        ('{"label": 3}', None, None),
    ],
)
def test_parse_answer(text, label, kind):
    parsed = parse_answer(text)
    if label is None:
        assert parsed is None
    else:
        assert parsed["label"] == label and parsed["kind"] == kind


# --- the fake server itself (reused by other tests) -------------------------------------------

def test_fakellm_with_the_chat_client():
    with FakeLLM(scripted(["one", "two"])) as server:
        assert chat(server.url, "m", [{"role": "user", "content": "hi"}]) == "one"
        assert chat(server.base_url, "m", [{"role": "user", "content": "hi"}]) == "two"
        assert chat(server.url + "/v1/chat/completions", "m", [{"role": "user", "content": "hi"}]) == "two"
        assert [r["messages"][0]["content"] for r in server.requests] == ["hi", "hi", "hi"]
        import httpx

        assert httpx.get(server.base_url + "/models").json()["data"][0]["id"] == "fake"
        assert httpx.post(server.url + "/v1/other", json={}).status_code == 404


def test_kind_already_found_by_the_fact_checks_is_not_repeated():
    from wellsourced.model import Issue

    c = ctx()
    c.issues = [Issue(kind="number", detail="'at least 12' -> 'Twelve'")]
    with FakeLLM(lambda req: GOOD) as server:
        [j] = LLMEngine(url=server.url, model="m").judge([c])
    assert j.label == "contradicted" and j.issues == []


def test_through_the_check_pipeline():
    pipeline = pytest.importorskip("wellsourced.check.pipeline")
    src = "Police said at least 12 people were killed in the city on Monday.\n\nThe minister denied the report."
    der = "Twelve people were killed on Monday, police said. The minister confirmed the report."

    def reply(req):
        if "confirmed" in req["messages"][1]["content"]:
            return '```json\n{"label": "contradicted", "kind": "negation", "explanation": "denied, not confirmed"}\n```'
        return '{"label": "supported", "kind": null}'

    with FakeLLM(reply) as server:
        report = pipeline.check_texts(src, der, engine="llm", url=server.url, model="m")
    assert report.engine == "llm"
    labels = [v.label for v in report.verdicts]
    assert labels[-1] == "contradicted"
    assert "negation" in [i.kind for i in report.verdicts[-1].issues]


def test_unusable_answer_is_never_supported_in_the_pipeline():
    pipeline = pytest.importorskip("wellsourced.check.pipeline")
    src = "Police said at least 12 people were killed in the city on Monday.\n\nThe minister denied the report."
    der = "At least 12 people were killed in the city on Monday, police said."
    with FakeLLM(lambda req: "no idea, sorry") as server:
        report = pipeline.check_texts(src, der, engine="llm", url=server.url, model="m")
    [v] = report.verdicts
    assert v.label == "unsupported" and v.score <= 0.5 and v.engine_label is None
    assert report.score < 0.5
    assert any("no usable judgement" in w and v.sentence.id in w for w in report.warnings)
    assert any("no usable answer" in w for w in report.warnings)  # the engine's own line, passed on


def test_cli_option_names_are_accepted():
    with FakeLLM(lambda req: GOOD) as server:
        engine = LLMEngine(llm_url=server.url, llm_model="llama3.1", model="/path/for/nli")
        [j] = engine.judge([ctx()])
        assert server.requests[-1]["model"] == "llama3.1"
    assert j.label == "contradicted"
    from wellsourced.check.engines import get_engine

    assert isinstance(get_engine("llm", llm_url="http://localhost:11434", llm_model="m"), LLMEngine)
