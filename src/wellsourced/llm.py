"""A minimal client for any OpenAI-compatible chat server (Ollama, vLLM, llama.cpp server).

httpx rather than the openai package: one POST is all we need, and users point us at
local servers that implement only /v1/chat/completions.

Bounded whatever the server does: one total deadline for all attempts (a server that trickles
bytes cannot hold us past it), a byte cap on answers and on error bodies (we read at most that
much, streamed), and a small retry budget for transient failures (connection errors, 429, 5xx).
"""
from __future__ import annotations

import json
import time

import httpx

from .errors import InputError

MAX_ANSWER_BYTES = 2 * 2**20  # a chat answer is a few KB; more is a misbehaving server
MAX_ERROR_BYTES = 4096  # of an error body, enough for its message
RETRY_STATUS = {429, 500, 502, 503, 504}


class LLMError(InputError):
    """The server could not be reached or answered something we cannot use."""


def chat(url: str, model: str, messages: list[dict], *, temperature: float = 0.0, timeout: float = 120.0,
         api_key: str | None = None, max_tokens: int | None = None, retries: int = 2,
         max_bytes: int = MAX_ANSWER_BYTES) -> str:
    """Send one chat request; return the assistant's text. `timeout` is the total deadline in
    seconds for all attempts together; `retries` extra attempts on transient failures."""
    base = url.rstrip("/")
    endpoint = base if base.endswith("/chat/completions") else (base if base.endswith("/v1") else base + "/v1") + "/chat/completions"
    body: dict = {"model": model, "messages": messages, "temperature": temperature}
    if max_tokens:
        body["max_tokens"] = max_tokens
    # identity: we cap the bytes that arrive; a compressed answer could expand past the cap
    headers = {"Accept-Encoding": "identity", **({"Authorization": f"Bearer {api_key}"} if api_key else {})}
    deadline = time.monotonic() + timeout
    problem = "no attempt made"
    for attempt in range(retries + 1):
        left = deadline - time.monotonic()
        if left <= 0:
            break
        try:
            status, data = _post(endpoint, body, headers, deadline, max_bytes)
        except _Overtime:
            raise LLMError(url, f"LLM server did not answer within {timeout:g} s") from None
        except _TooBig:
            raise LLMError(url, f"LLM server answer is over {max_bytes} bytes") from None
        except httpx.HTTPError as e:
            problem = f"cannot reach the LLM server ({type(e).__name__})"
        else:
            if status == 200:
                return _content(data, url)
            problem = f"LLM server answered HTTP {status}" + _detail(data)
            if status not in RETRY_STATUS:
                break
        if attempt < retries:
            time.sleep(min(0.5 * 2**attempt, max(0.0, deadline - time.monotonic())))
    raise LLMError(url, problem)


class _Overtime(Exception):
    pass


class _TooBig(Exception):
    pass


def _post(endpoint: str, body: dict, headers: dict, deadline: float, max_bytes: int) -> tuple[int, bytes]:
    """POST and read the answer, streamed: at most max_bytes (MAX_ERROR_BYTES of an error),
    and never past the deadline (checked between chunks; each read waits at most what is left)."""
    left = deadline - time.monotonic()
    t = httpx.Timeout(left, connect=min(left, 10.0))
    with httpx.stream("POST", endpoint, json=body, headers=headers, timeout=t) as r:
        cap = max_bytes if r.status_code == 200 else MAX_ERROR_BYTES
        parts: list[bytes] = []
        n = 0
        for chunk in r.iter_raw():  # as bytes arrive (a chunk size would wait to fill it)
            parts.append(chunk)
            n += len(chunk)
            if n > cap:
                if r.status_code != 200:
                    break  # enough of an error body
                raise _TooBig()
            if time.monotonic() > deadline:
                raise _Overtime()
        return r.status_code, b"".join(parts)[:cap]


def _detail(data: bytes) -> str:
    """A short, printable message from an error body (JSON {"error": ...} or text)."""
    text = data.decode("utf-8", "replace")
    try:
        obj = json.loads(text)
        err = obj.get("error", obj) if isinstance(obj, dict) else obj
        text = err.get("message", str(err)) if isinstance(err, dict) else str(err)
    except ValueError:
        pass
    text = "".join(c if c.isprintable() else " " for c in text)
    text = " ".join(text.split())[:200]
    return f": {text}" if text else ""


def _content(data: bytes, url: str) -> str:
    try:
        return json.loads(data)["choices"][0]["message"]["content"] or ""
    except (ValueError, KeyError, IndexError, TypeError):
        raise LLMError(url, "LLM server answer is not in the OpenAI chat format") from None
