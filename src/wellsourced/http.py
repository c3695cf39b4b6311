"""HTTP API (FastAPI): the same functions as the CLI, as JSON endpoints.

Run with `wellsourced serve`. Bad input answers 422 with {"error": "..."}; the body is
capped like a file read (decode.MAX_BYTES) so one request cannot exhaust memory.
"""
from __future__ import annotations

from typing import Literal

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from . import __version__
from .errors import InputError
from .model import Article, CheckReport, Digest
from .read import read_string
from .read.decode import MAX_BYTES
from .render.audit import stamp
from .render.web import mount as mount_page

app = FastAPI(title="wellsourced", version=__version__, description="Read, digest and check news text.")


class ReadRequest(BaseModel):
    text: str = Field(description="plain text, HTML or a JSON record")
    format: Literal["auto", "text", "html", "json"] = "auto"
    facts: bool = True


class CheckRequest(BaseModel):
    source: str
    derived: str
    engine: Literal["default", "lexical", "nli", "llm"] = "default"
    model: str | None = Field(None, description="nli: local checkpoint path on the server")
    llm_url: str | None = None
    llm_model: str | None = None


class DigestRequest(BaseModel):
    text: str
    words: int = Field(60, ge=5, le=500)
    sentences: int | None = Field(None, ge=1, le=200)
    ratio: float | None = Field(None, gt=0, le=1)
    llm_url: str | None = None
    llm_model: str | None = None


@app.middleware("http")
async def limit_size(request: Request, call_next):
    size = request.headers.get("content-length")
    if size and size.isdigit() and int(size) > MAX_BYTES:
        return JSONResponse({"error": f"request body is over the {MAX_BYTES // 2**20} MB limit"}, status_code=413)
    return await call_next(request)


@app.exception_handler(InputError)
async def input_error(_: Request, e: InputError):
    return JSONResponse({"error": str(e)}, status_code=422)


@app.post("/read", response_model=Article)
def read(req: ReadRequest) -> Article:
    return read_string(req.text, req.format, where="request", annotate=req.facts)


@app.post("/check", response_model=CheckReport)
def check(req: CheckRequest) -> CheckReport:
    from .check import check as run_check

    source = read_string(req.source, where="source")
    derived = read_string(req.derived, where="derived")
    opts = {k: v for k, v in dict(model=req.model, url=req.llm_url, llm_model=req.llm_model).items() if v}
    return stamp(run_check(source, derived, engine=req.engine, **opts), model=req.model, llm_model=req.llm_model)


@app.post("/digest", response_model=Digest)
def digest(req: DigestRequest) -> Digest:
    from .digest import digest as run_digest

    article = read_string(req.text, where="text")
    return stamp(run_digest(article, words=req.words, sentences=req.sentences, ratio=req.ratio,
                            llm_url=req.llm_url, llm_model=req.llm_model), llm_model=req.llm_model)


mount_page(app)  # GET / (the web page) and offline /docs: render/web.py
