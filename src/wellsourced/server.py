"""Server-level guards for the HTTP API: what keeps one process alive under hostile clients.

- `Settings`: what the operator configures at start (env, set by `wellsourced serve`): named
  models and LLM endpoints (clients pick a name; no client path or URL reaches the server's
  files or network), concurrency, deadlines.
- `Guard`: ASGI middleware. Caps the body as it arrives, whatever the transfer mode (a chunked
  body carries no Content-Length), times out slow bodies (408), answers 503 + Retry-After past
  the concurrency limit.
- `GuardedRoute`: every API route gets a deadline (504) and its work is cancelled when the
  deadline passes or the client goes away.
- `GuardedH11`: uvicorn's HTTP/1.1 protocol with a header deadline, so slow-header clients
  (slowloris) cannot hold connections open (408).
- One error shape, `{"error": {"code", "message"}}`, and `schema_version` in every JSON answer.
"""
from __future__ import annotations

import asyncio
import ctypes
import functools
import inspect
import os
import re
import threading
import time
from collections.abc import Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from .errors import InputError
from .limits import LIMITS, mb

SCHEMA_VERSION = "1"


# --- configuration -------------------------------------------------------------------------

@dataclass
class Settings:
    models: dict[str, str] = field(default_factory=dict)  # name -> local model path
    llms: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (url, model name)
    concurrency: int = 32  # requests in flight per process; more get 503 + Retry-After
    executing: int = 1  # of those, how many run at once per process; the rest wait their turn (tracked)
    timeout: float = 60.0  # seconds per request, body read included
    header_timeout: float = 10.0  # seconds for a client to send its request headers
    body_timeout: float = 30.0  # seconds between body chunks

    def model(self, name: str | None) -> str | None:
        return _pick(self.models, name, "model", "model", "--allow-model NAME=PATH")

    def llm(self, name: str | None) -> tuple[str, str] | None:
        return _pick(self.llms, name, "llm", "LLM", "--llm NAME=URL")


def _pick(named: dict, name: str | None, field: str, what: str, flag: str):
    """The server-configured value a client names; a client never gives a path or URL itself."""
    if name is None:
        return None
    if name not in named:
        offered = ", ".join(sorted(named)) or f"none (start it with {flag})"
        raise InputError(field, f"unknown {what} {_short(name)!r}; this server offers: {offered}")
    return named[name]


def _short(s: str) -> str:
    return s[:60]


def parse_named(items: list[str], what: str) -> dict[str, str]:
    """['fast=/models/x', ...] -> {'fast': '/models/x'}; names are plain words."""
    out: dict[str, str] = {}
    for it in items:
        name, sep, value = it.partition("=")
        name = name.strip()
        if not sep or not value.strip() or not re.fullmatch(r"[\w.-]{1,64}", name):
            raise InputError(what, f"{it!r}: expected NAME=VALUE with NAME letters, digits, . _ or -")
        out[name] = value.strip()
    return out


def _split_list(raw: str) -> list[str]:
    return [x for x in (s.strip() for s in raw.split(";")) if x]


def settings_from_env(env=None) -> Settings:
    """WELLSOURCED_MODELS='name=path;...', WELLSOURCED_LLMS='name=url#model;...',
    WELLSOURCED_CONCURRENCY, WELLSOURCED_EXECUTING, WELLSOURCED_TIMEOUT (default 60 here), WELLSOURCED_HEADER_TIMEOUT,
    WELLSOURCED_BODY_TIMEOUT, WELLSOURCED_FETCH=1."""
    env = os.environ if env is None else env
    s = Settings()
    s.models = parse_named(_split_list(env.get("WELLSOURCED_MODELS", "")), "--allow-model")
    for name, value in parse_named(_split_list(env.get("WELLSOURCED_LLMS", "")), "--llm").items():
        url, _, model = value.partition("#")
        if not url.startswith(("http://", "https://")):
            raise InputError("--llm", f"{name}: {url!r} is not an http(s) URL")
        s.llms[name] = (url, model)
    for key, attr, cast in (("CONCURRENCY", "concurrency", int), ("EXECUTING", "executing", int), ("TIMEOUT", "timeout", float),
                            ("HEADER_TIMEOUT", "header_timeout", float), ("BODY_TIMEOUT", "body_timeout", float)):
        raw = env.get("WELLSOURCED_" + key, "").strip()
        if raw:
            try:
                setattr(s, attr, cast(raw))
            except ValueError:
                raise InputError("WELLSOURCED_" + key, f"{raw!r} is not a number") from None
    if s.timeout <= 0:
        s.timeout = 60.0  # a server always has a deadline
    s.executing = max(1, s.executing)
    return s


SETTINGS = settings_from_env()


# --- errors --------------------------------------------------------------------------------

CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 408: "request_timeout",
         413: "too_large", 422: "bad_input", 500: "internal", 503: "busy", 504: "deadline"}


class ClientError(Exception):
    """Raised by the guards; becomes an error answer with this status."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def error_body(status: int, message: str, code: str | None = None) -> dict:
    return {"error": {"code": code or CODES.get(status, "error"), "message": message}}


async def send_error(send, status: int, message: str, headers: dict[str, str] | None = None) -> None:
    """An error answer straight on the ASGI channel (before the app has run)."""
    import json

    body = json.dumps({"schema_version": SCHEMA_VERSION, **error_body(status, message)}).encode()
    hdrs = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    hdrs += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": hdrs})
    await send({"type": "http.response.body", "body": body})


# --- body cap, body timeout, concurrency ----------------------------------------------------

class Guard:
    """Pure ASGI middleware (added with app.add_middleware)."""

    def __init__(self, app):
        self.app = app
        self.in_flight = 0

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        cap = LIMITS.max_bytes
        length = dict(scope["headers"]).get(b"content-length", b"")
        if length.isdigit() and int(length) > cap:
            return await send_error(send, 413, f"request body is over the {mb(cap)} limit", {"connection": "close"})
        if self.in_flight >= SETTINGS.concurrency:
            return await send_error(send, 503, f"server busy: {SETTINGS.concurrency} requests in progress; "
                                               "retry shortly", {"retry-after": "1"})
        self.in_flight += 1
        try:
            await self.app(scope, _capped(receive, cap), send)
        finally:
            self.in_flight -= 1


def _capped(receive, cap: int):
    got = 0
    done = False

    async def wrapped():
        nonlocal got, done
        if done:
            return await receive()
        try:
            msg = await asyncio.wait_for(receive(), SETTINGS.body_timeout)
        except asyncio.TimeoutError:
            raise ClientError(408, f"request body not received within {SETTINGS.body_timeout:g} s",
                              {"connection": "close"}) from None
        if msg["type"] == "http.request":
            got += len(msg.get("body", b""))
            if got > cap:  # chunked bodies have no Content-Length: count what arrives
                raise ClientError(413, f"request body is over the {mb(cap)} limit", {"connection": "close"})
            done = not msg.get("more_body", False)
        else:
            done = True
        return msg

    return wrapped


# --- deadline and cancellation ---------------------------------------------------------------

class Cancelled(BaseException):
    """Raised inside a request's worker thread when its deadline passes or its client leaves.
    A BaseException, so `except Exception` fallbacks in the pipeline do not swallow it."""


class Job:
    """The worker thread running one request's sync handler, so it can be stopped.

    Threads cannot be killed; PyThreadState_SetAsyncExc raises Cancelled in the thread at its
    next Python instruction (after the C call it is in, such as one spaCy batch, returns). The
    lock makes sure we never raise it once the handler has returned."""

    def __init__(self):
        self.lock = threading.Lock()
        self.thread: int | None = None
        self.state = "waiting"

    def enter(self) -> None:
        with self.lock:
            if self.state == "cancelled":
                raise Cancelled()
            self.thread, self.state = threading.get_ident(), "running"

    def leave(self) -> None:
        with self.lock:
            if self.state == "cancelled" and self.thread is not None:  # not yet delivered: withdraw it
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.thread), None)
            self.state = "done"

    def cancel(self) -> None:
        with self.lock:
            if self.state == "running":
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.thread), ctypes.py_object(Cancelled))
            if self.state != "done":
                self.state = "cancelled"


_JOB: ContextVar[Job | None] = ContextVar("wellsourced_job", default=None)
RUNNING: set[Job] = set()  # cancelled all at once on shutdown


# Admitted requests (up to `concurrency`) wait for one of `executing` places (a semaphore: woken
# in the order they came, though one arriving just as a place frees may take it first).
# The work is CPU-bound Python: run all at once, they share the GIL, every one is slow and the
# unlucky ones slowest. Measured with bench/load.py (lexical, 2 workers, 50 clients): all at once,
# p99 5.7-7.5 s with a median of 1.8-2.4 s; two at a time 4.2-5.1 s; one 3.3-3.7 s, and more
# requests per second. The claim model (default engine) spends its time in onnxruntime, outside
# the GIL: there one at a time gave 1.9 requests/s against 2.5 with two and 3.0 with all, and a
# p99 of 30 s against 21-22 s; `--executing 2` suits a server of the default engine.
_TURN: list[threading.Semaphore] = []
_TURN_LOCK = threading.Lock()


def _turn() -> threading.Semaphore:
    with _TURN_LOCK:  # made on first use: `serve` sets SETTINGS after this module is imported
        if not _TURN:
            _TURN.append(threading.Semaphore(max(1, SETTINGS.executing)))
        return _TURN[0]


def tracked(fn: Callable) -> Callable:
    """Wrap a sync endpoint so its worker thread waits its turn and can be cancelled (see Job)."""

    @functools.wraps(fn)
    def run(*args, **kwargs):
        job = _JOB.get()
        if job is None:
            return fn(*args, **kwargs)
        with _turn():  # a request cancelled while it waited stops at job.enter() and gives its turn on
            job.enter()
            try:
                return fn(*args, **kwargs)
            finally:
                job.leave()

    return run


async def guarded(request, handler):
    """Run one route handler with the request's deadline; cancel its work past the deadline
    or when the client disconnects."""
    start = time.monotonic()
    deadline = start + SETTINGS.timeout
    try:  # within the Guard's cap and body timeout, and the deadline; cached for the handler
        await asyncio.wait_for(request.body(), SETTINGS.timeout)
    except asyncio.TimeoutError:
        raise ClientError(408, f"request body not received within {SETTINGS.timeout:g} s",
                          {"connection": "close"}) from None
    job = Job()
    token = _JOB.set(job)
    task = asyncio.ensure_future(handler(request))  # copies the context, so the thread sees job
    _JOB.reset(token)
    RUNNING.add(job)
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                job.cancel()
                raise ClientError(504, f"request took over {SETTINGS.timeout:g} s, the deadline; its work was stopped")
            done, _ = await asyncio.wait({task}, timeout=min(0.5, left))
            if done:
                return task.result()
            if await request.is_disconnected():
                job.cancel()
                raise ClientError(499, "client went away")
    except asyncio.CancelledError:
        # uvicorn cancels requests still running when its shutdown grace period ends: stop the
        # work and tell the client, rather than drop the connection with a logged traceback
        job.cancel()
        raise ClientError(503, "server shutting down; retry shortly", {"retry-after": "1", "connection": "close"}) from None
    finally:
        RUNNING.discard(job)
        if not task.done():
            task.add_done_callback(_drain)


def _drain(task: asyncio.Task) -> None:
    if not task.cancelled():
        task.exception()  # retrieved, so asyncio does not log it as never retrieved


def cancel_all() -> None:
    for job in list(RUNNING):
        job.cancel()


def route_class():
    """APIRoute whose sync endpoints are tracked and whose handlers run under `guarded`."""
    from fastapi.routing import APIRoute

    class GuardedRoute(APIRoute):
        def __init__(self, path, endpoint, **kw):
            if not inspect.iscoroutinefunction(endpoint):
                endpoint = tracked(endpoint)
            super().__init__(path, endpoint, **kw)

        def get_route_handler(self):
            handler = super().get_route_handler()

            async def run(request):
                return await guarded(request, handler)

            return run

    return GuardedRoute


def install(app) -> None:
    """Guards, error handlers and the route class on a FastAPI app (before its routes)."""
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException

    app.router.route_class = route_class()
    app.add_middleware(Guard)
    J = VersionedJSON

    @app.exception_handler(ClientError)
    async def _client(_, e: ClientError):
        return J(error_body(e.status, e.message, "client_closed" if e.status == 499 else None),
                 status_code=e.status, headers=e.headers)

    @app.exception_handler(InputError)
    async def _input(_, e: InputError):
        return J(error_body(422, str(e)), status_code=422)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_, e: RequestValidationError):
        parts = []
        for err in e.errors()[:5]:
            loc = ".".join(str(x) for x in err.get("loc", ()) if x != "body") or "body"
            parts.append(f"{loc}: {err.get('msg', 'invalid')}")
        return J(error_body(422, "invalid request: " + "; ".join(parts), "invalid_request"), status_code=422)

    @app.exception_handler(HTTPException)
    async def _http(_, e: HTTPException):
        return J(error_body(e.status_code, str(e.detail)), status_code=e.status_code, headers=getattr(e, "headers", None))

    @app.exception_handler(Exception)
    async def _crash(_, e: Exception):
        return J(error_body(500, "internal error; the server log has the details"), status_code=500)



@asynccontextmanager
async def lifespan(_app):
    """Warm up before serving; on shutdown, stop the work of requests still running (uvicorn
    has waited its grace period by then)."""
    if os.environ.get("WELLSOURCED_WARM", "1") != "0":
        await asyncio.to_thread(warm)
    yield
    cancel_all()


def warm() -> None:
    """Import and load the models once, before the first request. Lazy imports in several
    request threads at once race (spaCy's first import in two threads fails on torch's
    partial module), and a request cancelled mid-import would leave a module half-loaded."""
    from .check import check
    from .read import read_string

    text = "Storm hits coast\n\nThe storm closed the harbour on Monday, the council said."
    art = read_string(text, where="warm-up")
    for engine in ("lexical", "default"):
        try:
            check(art, art, engine=engine)
        except (ImportError, InputError):  # optional extras not installed: those requests will say so
            pass


# --- JSON answers ----------------------------------------------------------------------------

def _json_class():
    from fastapi.responses import JSONResponse

    class VersionedJSON(JSONResponse):
        """Every JSON answer carries schema_version first."""

        def render(self, content) -> bytes:
            if isinstance(content, dict) and "schema_version" not in content:
                content = {"schema_version": SCHEMA_VERSION, **content}
            return super().render(content)

    return VersionedJSON


try:
    VersionedJSON = _json_class()
except ImportError:  # fastapi is the optional `http` extra
    VersionedJSON = None


# --- slow headers ----------------------------------------------------------------------------

def _protocol():
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class GuardedH11(H11Protocol):
        """H11Protocol with a deadline for the request line and headers, on every request of a
        connection: uvicorn times out idle keep-alive connections, not a slow request."""

        def connection_made(self, transport) -> None:
            self._header_timer = None
            super().connection_made(transport)
            self._watch_headers()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            self._watch_headers()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._watch_headers()

        def connection_lost(self, exc) -> None:
            self._stop_timer()
            super().connection_lost(exc)

        def _watch_headers(self) -> None:
            waiting = self.conn.their_state is h11.IDLE and self.timeout_keep_alive_task is None
            if waiting and self._header_timer is None and not self.transport.is_closing():
                self._header_timer = self.loop.call_later(SETTINGS.header_timeout, self._too_slow)
            elif not waiting:
                self._stop_timer()

        def _stop_timer(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _too_slow(self) -> None:
            self._header_timer = None
            if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
                return
            import json

            body = json.dumps({"schema_version": SCHEMA_VERSION, **error_body(
                408, f"request headers not received within {SETTINGS.header_timeout:g} s")}).encode()
            self.transport.write(b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n"
                                 b"connection: close\r\ncontent-length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
            self.transport.close()

    return GuardedH11


try:
    GuardedH11 = _protocol()
except ImportError:
    GuardedH11 = None
