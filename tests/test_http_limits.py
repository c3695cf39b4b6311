"""The HTTP API under hostile clients: body cap in every transfer mode, a deadline that stops
the work, bounded concurrency, named models only, one error shape and schema_version."""
import threading
import time

import pytest
from fastapi.testclient import TestClient

import wellsourced.http as http
from wellsourced.limits import LIMITS, from_env
from wellsourced.server import SETTINGS, Settings

client = TestClient(http.app)
SENT = "The council said on Monday that the new bridge over the river would open in the spring. "


@pytest.fixture(autouse=True)
def fresh():
    saved = dict(SETTINGS.__dict__)
    yield
    SETTINGS.__dict__.update(saved)
    LIMITS.__dict__.update(from_env().__dict__)


def shape(r, status: int, code: str):
    assert r.status_code == status, r.text
    j = r.json()
    assert j["schema_version"] == "1" and j["error"]["code"] == code and j["error"]["message"], j
    return j["error"]["message"]


def test_every_json_answer_has_schema_version():
    r = client.post("/read", json={"text": "Bridge news\n\n" + SENT, "facts": False})
    assert r.status_code == 200 and next(iter(r.json())) == "schema_version"
    shape(client.get("/nope"), 404, "not_found")
    shape(client.post("/read", json={"text": "  "}), 422, "bad_input")
    msg = shape(client.post("/read", json={"txt": "x"}), 422, "invalid_request")
    assert "text" in msg


def test_one_mb_sentence_is_cut_not_gigabytes():
    """Was 3.75 GB of server RSS for one 1 MB sentence."""
    text = "Bridge news\n\n" + ("the council said that the bridge over the river would open and the mayor agreed with them " * 11_000)
    r = client.post("/read", json={"text": text, "facts": False})
    assert r.status_code == 200
    art = r.json()
    assert max(len(s["text"]) for p in art["paragraphs"] for s in p["sentences"]) <= LIMITS.max_sentence_chars
    assert art["warnings"]


def test_chunked_body_over_the_cap_is_413():
    LIMITS.max_bytes = 2**20

    def body():
        yield b'{"text": "'
        for _ in range(3):
            yield b"a" * 2**20
        yield b'"}'

    r = client.post("/read", content=body(), headers={"content-type": "application/json"})
    assert "1 MB" in shape(r, 413, "too_large")
    r = client.post("/read", content=b"x" * (2**20 + 10), headers={"content-type": "application/json"})
    shape(r, 413, "too_large")


def test_deadline_answers_504_and_stops_the_work(monkeypatch):
    SETTINGS.timeout = 0.5
    ticks = [0]

    def slow(*a, **k):
        while True:  # pure Python work: stopped at the deadline, not left running
            ticks[0] += 1
            time.sleep(0.001)

    monkeypatch.setattr(http, "read_string", slow)
    t = time.perf_counter()
    r = client.post("/read", json={"text": "x"})
    shape(r, 504, "deadline")
    assert time.perf_counter() - t < 5
    time.sleep(0.3)
    seen = ticks[0]
    time.sleep(0.5)
    assert ticks[0] == seen  # the worker thread stopped


def test_over_the_concurrency_limit_is_503_with_retry_after(monkeypatch):
    SETTINGS.concurrency = 1
    release = threading.Event()

    def wait(*a, **k):
        release.wait(5)
        from wellsourced.errors import InputError

        raise InputError("request", "done")

    monkeypatch.setattr(http, "read_string", wait)
    first = threading.Thread(target=lambda: client.post("/read", json={"text": "x"}))
    first.start()
    time.sleep(0.5)
    r = client.post("/read", json={"text": "x"})
    release.set()
    first.join()
    shape(r, 503, "busy")
    assert r.headers["retry-after"] == "1"


def test_clients_pick_models_and_llms_by_name_never_by_path_or_url():
    body = {"source": "Bridge news\n\n" + SENT, "derived": "Bridge\n\n" + SENT}
    msg = shape(client.post("/check", json={**body, "engine": "nli", "model": "/etc/passwd"}), 422, "bad_input")
    assert "unknown model '/etc/passwd'" in msg and "--allow-model" in msg
    msg = shape(client.post("/check", json={**body, "llm_url": "http://169.254.169.254/"}), 422, "invalid_request")
    assert "llm_url" in msg
    msg = shape(client.post("/digest", json={"text": body["source"], "llm": "internal"}), 422, "bad_input")
    assert "unknown LLM 'internal'" in msg
    SETTINGS.llms = {"local": ("http://127.0.0.1:9", "tiny")}
    msg = shape(client.post("/digest", json={"text": body["source"], "llm": "local"}), 422, "bad_input")
    assert "cannot reach the LLM server" in msg


def test_settings_from_environment():
    from wellsourced.server import settings_from_env

    s = settings_from_env({"WELLSOURCED_MODELS": "fast=/m/a; big=/m/b", "WELLSOURCED_LLMS": "local=http://127.0.0.1:11434#llama3",
                           "WELLSOURCED_CONCURRENCY": "50", "WELLSOURCED_TIMEOUT": "0"})
    assert s.models == {"fast": "/m/a", "big": "/m/b"} and s.llms == {"local": ("http://127.0.0.1:11434", "llama3")}
    assert s.concurrency == 50 and s.timeout == 60
    assert isinstance(Settings(), Settings)


def test_admitted_requests_compute_in_turn(monkeypatch):
    """`executing` requests are computed at once per process; the rest wait their turn (CPU-bound
    Python gains nothing from sharing the GIL, and the tail latency suffers). A request cancelled
    while it waits never starts and gives its turn to the next."""
    import wellsourced.server as server

    monkeypatch.setattr(server.SETTINGS, "executing", 1)
    monkeypatch.setattr(server, "_TURN", [])
    spans, lock = [], threading.Lock()

    @server.tracked
    def work(name):
        t = time.monotonic()
        time.sleep(0.2)
        with lock:
            spans.append((name, t, time.monotonic()))

    def request(name, job):
        server._JOB.set(job)
        try:
            work(name)
        except server.Cancelled:
            with lock:
                spans.append((name, None, None))

    jobs = {n: server.Job() for n in "abc"}
    threads = [threading.Thread(target=request, args=(n, jobs[n])) for n in "abc"]
    threads[0].start()
    time.sleep(0.05)
    threads[1].start()
    threads[2].start()
    time.sleep(0.05)
    jobs["b"].cancel()  # still waiting: it must not run
    for t in threads:
        t.join(5)
    ran = sorted((s for s in spans if s[1] is not None), key=lambda s: s[1])
    assert [s[0] for s in ran] == ["a", "c"] and ("b", None, None) in spans
    assert ran[1][1] >= ran[0][2] - 1e-3  # one after the other, never overlapping
