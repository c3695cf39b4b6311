"""HTTP API (FastAPI): the same functions as the CLI, as JSON endpoints.

Run with `wellsourced serve` (README: "Running the server"). Server-level guards live in
server.py and cover every route declared here: the body cap for every transfer mode, body and
header timeouts, a deadline per request with its work cancelled, bounded concurrency (503 +
Retry-After), one error shape {"error": {"code", "message"}} and `schema_version` in every
JSON answer. Clients pick models and LLM endpoints by the names the server was started with;
no client-supplied path or URL is ever opened.
"""
from __future__ import annotations

import os
import threading
from typing import Literal

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field

from . import __version__
from .errors import InputError
from .model import Article, CheckReport, Digest, TraceReport
from .read import read_string
from .render.audit import stamp
from .render.web import mount as mount_page
from .server import SETTINGS, ClientError, VersionedJSON, install, lifespan

app = FastAPI(title="wellsourced", version=__version__, description="Read, digest and check news text.",
              default_response_class=VersionedJSON, lifespan=lifespan)
install(app)  # before the routes: they take its route class

NAME = r"^[\w.:/-]{1,100}$"  # a name from the server's configuration, never a path or URL it opens


class ReadRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="plain text, HTML or a JSON record")
    format: Literal["auto", "text", "html", "json"] = "auto"
    facts: bool = True


class CheckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: str
    derived: str
    engine: Literal["default", "lexical", "consistency", "nli", "llm"] = "default"
    model: str | None = Field(None, pattern=NAME, description="a model name the server allows (--allow-model)")
    llm: str | None = Field(None, pattern=NAME, description="an LLM endpoint name the server offers (--llm)")
    llm_model: str | None = Field(None, pattern=NAME, description="model name on that endpoint, if it names none")


class DigestRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    words: int = Field(60, ge=5, le=500)
    sentences: int | None = Field(None, ge=1, le=200)
    ratio: float | None = Field(None, gt=0, le=1)
    llm: str | None = Field(None, pattern=NAME, description="an LLM endpoint name the server offers (--llm)")
    llm_model: str | None = Field(None, pattern=NAME)


def _llm(name: str | None, model: str | None) -> dict:
    found = SETTINGS.llm(name)
    if not found:
        return {}
    url, configured = found
    return {"llm_url": url, "llm_model": configured or model}


class TraceRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="the derived text to trace (plain text, HTML or a JSON record)")
    top: int = Field(5, ge=1, le=20)
    check: bool = Field(False, description="also check the text against the best source")


# The index /trace searches is chosen when the server starts (`wellsourced serve --index DIR`,
# passed as WELLSOURCED_INDEX); a client never names a path.
INDEX_ENV = "WELLSOURCED_INDEX"
_index_lock = threading.Lock()
_index: dict = {}


def trace_index():
    """The server's index, reopened when a new generation has gone live."""
    from .index import Index, store

    path = os.environ.get(INDEX_ENV)
    if not path:
        return None
    with _index_lock:
        gen = store.live(path)
        if _index.get("gen") != gen:
            _index["idx"], _index["gen"] = Index.open(path), gen
        return _index["idx"]


@app.post("/read", response_model=Article)
def read(req: ReadRequest) -> Article:
    return read_string(req.text, req.format, where="request", annotate=req.facts)


@app.post("/check", response_model=CheckReport)
def check(req: CheckRequest) -> CheckReport:
    from .check import check as run_check

    opts = {"model": SETTINGS.model(req.model), **_llm(req.llm, req.llm_model)}
    source = read_string(req.source, where="source")
    derived = read_string(req.derived, where="derived")
    report = run_check(source, derived, engine=req.engine, **{k: v for k, v in opts.items() if v})
    return stamp(report, model=opts.get("model"), llm_model=opts.get("llm_model"))


@app.post("/digest", response_model=Digest)
def digest(req: DigestRequest) -> Digest:
    from .digest import digest as run_digest

    llm = _llm(req.llm, req.llm_model)
    article = read_string(req.text, where="text")
    return stamp(run_digest(article, words=req.words, sentences=req.sentences, ratio=req.ratio,
                            llm_url=llm.get("llm_url"), llm_model=llm.get("llm_model")), llm_model=llm.get("llm_model"))


@app.post("/trace", response_model=TraceReport)
def trace(req: TraceRequest):
    from .trace import trace as run_trace

    try:
        idx = trace_index()
    except InputError:
        raise ClientError(503, "this server's index cannot be read") from None
    if idx is None:
        raise ClientError(404, "this server has no index (start it with `wellsourced serve --index DIR`)")
    derived = read_string(req.text, where="text", annotate=False)
    return run_trace(derived, idx, top=req.top, check=req.check)


mount_page(app)  # GET / (the web page) and offline /docs: render/web.py
