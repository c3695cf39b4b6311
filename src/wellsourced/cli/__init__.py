"""Command line: thin front end over the Python API. One module per job registers its command.

User mistakes (InputError) become one line on stderr and exit code 2, never a traceback.
"""
from __future__ import annotations

import sys

import typer
from rich.console import Console

from ..errors import InputError

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
    err.print(f"[bold red]error:[/] {e}", markup=True) if err.is_terminal else print(f"error: {e}", file=sys.stderr)
    raise typer.Exit(code)


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
