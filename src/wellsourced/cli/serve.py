"""`wellsourced serve`: the HTTP API, its web page and offline docs, run the production way.

Configuration travels to the server (and to every worker process) in WELLSOURCED_* environment
variables, so `gunicorn`/`uvicorn` started by hand read the same settings (README).
"""
from __future__ import annotations

import os
from typing import Annotated

import typer

from ..errors import InputError
from ..limits import LIMITS
from . import app, fail


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
    workers: Annotated[int, typer.Option(help="worker processes (each has its own concurrency limit)")] = 1,
    allow_model: Annotated[list[str] | None, typer.Option("--allow-model", help="NAME=PATH: a local model clients may pick by NAME")] = None,
    llm: Annotated[list[str] | None, typer.Option("--llm", help="NAME=URL or NAME=URL#MODEL: an LLM endpoint clients may pick by NAME")] = None,
    concurrency: Annotated[int, typer.Option(help="requests in progress per worker; more get 503 + Retry-After")] = 32,
    executing: Annotated[int, typer.Option(help="of those, requests computed at once per worker; the rest wait their turn (2 suits the default engine)")] = 1,
    header_timeout: Annotated[float, typer.Option(help="seconds a client has to send its request headers")] = 10.0,
    body_timeout: Annotated[float, typer.Option(help="seconds a client may pause while sending its body")] = 30.0,
    index: Annotated[str | None, typer.Option("--index", help="index directory that POST /trace searches")] = None,
) -> None:
    """Serve the HTTP API (POST /read, /check, /digest, /trace with --index), the web page at / and offline API docs at /docs.

    Every request has a deadline (--timeout before the command; 60 s by default)."""
    if index:
        from ..index import Index

        try:
            Index.open(index)  # fail now, not on the first request
        except InputError as e:
            fail(e)
        os.environ["WELLSOURCED_INDEX"] = os.path.abspath(index)
    try:
        import uvicorn
    except ImportError:
        fail("the HTTP API needs `pip install wellsourced[http]`")
    env = {
        "WELLSOURCED_MODELS": ";".join(allow_model or []),
        "WELLSOURCED_LLMS": ";".join(llm or []),
        "WELLSOURCED_CONCURRENCY": str(concurrency),
        "WELLSOURCED_EXECUTING": str(executing),
        "WELLSOURCED_HEADER_TIMEOUT": str(header_timeout),
        "WELLSOURCED_BODY_TIMEOUT": str(body_timeout),
        "WELLSOURCED_MAX_BYTES": str(LIMITS.max_bytes),
        "WELLSOURCED_MAX_SENTENCE_CHARS": str(LIMITS.max_sentence_chars),
        "WELLSOURCED_MAX_DEPTH": str(LIMITS.max_depth),
        "WELLSOURCED_MAX_SENTENCES": str(LIMITS.max_sentences),
        "WELLSOURCED_TIMEOUT": str(LIMITS.timeout or 60),
    }
    os.environ.update(env)
    LIMITS.timeout = 0  # the CLI's own alarm must not stop the server; requests get the deadline
    import signal

    signal.setitimer(signal.ITIMER_REAL, 0)
    from .. import server

    try:
        settings = server.settings_from_env()
    except InputError as e:
        fail(e)
    for name, path in settings.models.items():
        if not os.path.exists(path):
            fail(f"--allow-model {name}: {path}: no such file or directory")
    if concurrency < 1 or workers < 1 or executing < 1:
        fail("--concurrency, --executing and --workers must be at least 1")
    server.SETTINGS.__dict__.update(settings.__dict__)
    uvicorn.run(
        "wellsourced.http:app", host=host, port=port, workers=workers, log_level="info",
        http="wellsourced.server:GuardedH11",  # header deadline against slow-header clients
        timeout_keep_alive=5, timeout_graceful_shutdown=5,  # SIGTERM: drain 5 s, then cancel the rest
        h11_max_incomplete_event_size=16 * 1024, backlog=256,
    )
