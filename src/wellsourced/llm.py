"""A minimal client for any OpenAI-compatible chat server (Ollama, vLLM, llama.cpp server).

httpx rather than the openai package: one POST is all we need, and users point us at
local servers that implement only /v1/chat/completions.
"""
from __future__ import annotations

import httpx

from .errors import InputError


class LLMError(InputError):
    """The server could not be reached or answered something we cannot use."""


def chat(url: str, model: str, messages: list[dict], *, temperature: float = 0.0, timeout: float = 120.0,
         api_key: str | None = None, max_tokens: int | None = None) -> str:
    """Send one chat request; return the assistant's text."""
    base = url.rstrip("/")
    endpoint = base if base.endswith("/chat/completions") else (base if base.endswith("/v1") else base + "/v1") + "/chat/completions"
    body: dict = {"model": model, "messages": messages, "temperature": temperature}
    if max_tokens:
        body["max_tokens"] = max_tokens
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    try:
        r = httpx.post(endpoint, json=body, headers=headers, timeout=timeout)
    except httpx.HTTPError as e:
        raise LLMError(url, f"cannot reach the LLM server ({type(e).__name__})") from None
    if r.status_code != 200:
        raise LLMError(url, f"LLM server answered HTTP {r.status_code}: {r.text[:200]}")
    try:
        return r.json()["choices"][0]["message"]["content"] or ""
    except (ValueError, KeyError, IndexError, TypeError):
        raise LLMError(url, "LLM server answer is not in the OpenAI chat format") from None
