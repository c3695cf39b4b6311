"""Command line: thin front end over the Python API. One module per job registers its command.

User mistakes (InputError) become one line on stderr and exit code 2, never a traceback.
"""
from __future__ import annotations

import signal
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from ..errors import InputError
from ..limits import LIMITS, from_env, parse_size
from ..read.split import strip_controls

app = typer.Typer(
    name="wellsourced",
    help="Read, digest, check and trace news text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(e: InputError | str, code: int = 2) -> None:
    # messages name inputs (file names, JSON keys) that may hold escape sequences or [markup]
    msg = " ".join(strip_controls(str(e)).split("\n"))
    msg = msg.replace("\r", " ")
    err.print(f"[bold red]error:[/] {escape(msg)}", markup=True) if err.is_terminal else print(f"error: {msg}", file=sys.stderr)
    raise typer.Exit(code)


def note(msg: str) -> None:
    msg = strip_controls(msg)
    err.print(f"note: {escape(msg)}") if err.is_terminal else print(f"note: {msg}", file=sys.stderr)


@app.callback()
def _limits(
    ctx: typer.Context,
    max_bytes: Annotated[str | None, typer.Option("--max-bytes", help="bytes read from one input, e.g. 50MB (env WELLSOURCED_MAX_BYTES)")] = None,
    max_sentence_chars: Annotated[int | None, typer.Option("--max-sentence-chars", help="longer sentences are split (env WELLSOURCED_MAX_SENTENCE_CHARS)")] = None,
    max_depth: Annotated[int | None, typer.Option("--max-depth", help="JSON nesting depth (env WELLSOURCED_MAX_DEPTH)")] = None,
    max_sentences: Annotated[int | None, typer.Option("--max-sentences", help="sentences in one document (env WELLSOURCED_MAX_SENTENCES)")] = None,
    timeout: Annotated[float | None, typer.Option("--timeout", help="seconds for the whole command, 0 = none (env WELLSOURCED_TIMEOUT)")] = None,
) -> None:
    """Limits (docs/limits.md) go before the command: `wellsourced --max-bytes 5MB read x.txt`."""
    LIMITS.__dict__.update(from_env().__dict__)  # each run starts from the environment's limits
    if max_bytes is not None:
        try:
            LIMITS.max_bytes = parse_size(max_bytes)
        except ValueError as e:
            fail(f"--max-bytes: {e}")
    for name, value in (("max_sentence_chars", max_sentence_chars), ("max_depth", max_depth),
                        ("max_sentences", max_sentences)):
        if value is not None:
            if value < 1:
                fail(f"--{name.replace('_', '-')} {value}: must be at least 1")
            setattr(LIMITS, name, value)
    if timeout is not None:
        LIMITS.timeout = timeout
    if LIMITS.timeout > 0 and hasattr(signal, "SIGALRM"):
        signal.signal(signal.SIGALRM, _overtime)
        signal.setitimer(signal.ITIMER_REAL, LIMITS.timeout)
        ctx.call_on_close(lambda: signal.setitimer(signal.ITIMER_REAL, 0))


def _overtime(*_) -> None:
    # Raised in the main thread wherever it is; output is written only at the end of a command
    # (and files atomically), so nothing is half-written.
    raise InputError("--timeout", f"stopped after {LIMITS.timeout:g} s (the time limit for one command)")


def parse_fields(items: list[str] | None) -> dict[str, str] | None:
    if not items:
        return None
    out_: dict[str, str] = {}
    for it in items:
        if "=" not in it:
            fail(f"--field {it}: expected OURS=THEIRS, e.g. text=article_body")
        k, v = it.split("=", 1)
        out_[k.strip()] = v.strip()
    return out_


from . import read as _read  # noqa: E402,F401  (registers `read`)
from . import check as _check  # noqa: E402,F401
from . import digest as _digest  # noqa: E402,F401
from . import schema as _schema  # noqa: E402,F401
from . import serve as _serve  # noqa: E402,F401
from . import index as _index  # noqa: E402,F401
from . import trace as _trace  # noqa: E402,F401
from . import batch as _batch  # noqa: E402,F401


def main() -> None:
    try:
        app()
    except InputError as e:  # raised outside a command's own handling
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:  # `wellsourced read x | head`
        sys.exit(0)
