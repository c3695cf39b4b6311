"""A fake OpenAI-compatible chat server for tests (llm engine, abstractive digests, ...).

    from fakellm import FakeLLM, HTTPReply, scripted

    with FakeLLM(lambda request: '{"label": "supported"}') as server:
        chat(server.url, "m", [...])          # server.url = "http://127.0.0.1:PORT"
        server.requests[-1]["messages"]        # every JSON body received, in order

The reply function gets the request's JSON body and returns the assistant's text (wrapped
in the OpenAI chat format), or an `HTTPReply` for a raw status/body (errors, bad formats).
It answers POST /v1/chat/completions (and /chat/completions) and GET /v1/models; anything
else is 404. Runs in a daemon thread on 127.0.0.1 with an ephemeral port.
"""
from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class HTTPReply:
    status: int = 200
    body: str | bytes | dict | list = ""
    content_type: str = "application/json"


Reply = Callable[[dict], "str | HTTPReply"]


def scripted(answers: Iterable[str | HTTPReply]) -> Reply:
    """A reply function giving these answers in order, then repeating the last one."""
    answers = list(answers)
    if not answers:
        raise ValueError("scripted() needs at least one answer")
    state = {"i": 0}
    lock = threading.Lock()

    def reply(_request: dict) -> str | HTTPReply:
        with lock:
            i = min(state["i"], len(answers) - 1)
            state["i"] += 1
        return answers[i]

    return reply


def completion(text: str, model: str = "fake") -> dict:
    """`text` in the OpenAI chat-completions response format."""
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }


class FakeLLM:
    def __init__(self, reply: Reply, *, models: list[str] | None = None):
        self.reply = reply
        self.models = models or ["fake"]
        self.requests: list[dict] = []  # JSON bodies of chat requests, in arrival order
        self.headers: list[dict] = []  # their HTTP headers (e.g. Authorization)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._port: int | None = None  # kept after stop() so messages naming the URL can be checked

    # --- lifecycle ---
    def start(self) -> "FakeLLM":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def _send(self, status: int, body, content_type: str = "application/json") -> None:
                if isinstance(body, (dict, list)):
                    body = json.dumps(body)
                data = body.encode("utf-8") if isinstance(body, str) else bytes(body)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                if self.path.rstrip("/") in ("/v1/models", "/models"):
                    self._send(200, {"object": "list", "data": [{"id": m, "object": "model"} for m in fake.models]})
                else:
                    self._send(404, {"error": {"message": f"no route {self.path}"}})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if self.path.rstrip("/") not in ("/v1/chat/completions", "/chat/completions"):
                    self._send(404, {"error": {"message": f"no route {self.path}"}})
                    return
                try:
                    request = json.loads(raw or b"null")
                    if not isinstance(request, dict):
                        raise ValueError("body is not a JSON object")
                except ValueError as e:
                    self._send(400, {"error": {"message": f"bad JSON: {e}"}})
                    return
                with fake._lock:
                    fake.requests.append(request)
                    fake.headers.append(dict(self.headers.items()))
                try:
                    answer = fake.reply(request)
                except Exception as e:  # a broken script is a 500, not a hung test
                    self._send(500, {"error": {"message": f"fake reply failed: {e!r}"}})
                    return
                if isinstance(answer, HTTPReply):
                    self._send(answer.status, answer.body, answer.content_type)
                else:
                    self._send(200, completion(str(answer), request.get("model") or "fake"))

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fakellm", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> "FakeLLM":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- addresses ---
    @property
    def port(self) -> int:
        assert self._port is not None, "FakeLLM is not started"
        return self._port

    @property
    def url(self) -> str:
        """Base URL, as a user would give it (http://127.0.0.1:PORT); clients add /v1/..."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return self.url + "/v1"


def unused_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"
