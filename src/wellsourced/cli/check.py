"""`wellsourced check SOURCE DERIVED`: is every derived sentence supported by the source?

Exit codes: 0 everything supported (or not a claim), 1 anything else, 2 bad input.
"""
from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..errors import InputError
from . import app, err, fail, out


@app.command()
def check(
    source: Annotated[str, typer.Argument(help="the source article (file, http(s) URL, or - for stdin)")],
    derived: Annotated[str, typer.Argument(help="the text derived from it (file, http(s) URL, or - for stdin)")],
    json_: Annotated[bool, typer.Option("--json", help="print the CheckReport as JSON")] = False,
    html_: Annotated[str | None, typer.Option("--html", help="also write a self-contained HTML report to FILE")] = None,
    engine: Annotated[str, typer.Option("--engine", help="default, lexical, nli or llm")] = "default",
    model: Annotated[str | None, typer.Option("--model", help="engine model: JSON for default, checkpoint for nli")] = None,
    llm_url: Annotated[str | None, typer.Option("--llm-url", help="OpenAI-compatible base URL (llm engine)")] = None,
    llm_model: Annotated[str | None, typer.Option("--llm-model", help="model name (llm engine)")] = None,
    offline: Annotated[bool, typer.Option("--offline", help="never fetch: an http(s) URL input is an error")] = False,
) -> None:
    """Check every sentence of DERIVED against SOURCE: verdict, evidence, kind of error."""
    from ..check import check as run_check
    from ..check.report import html_page, terminal, write_atomic
    from ..read import read_article

    if source == "-" and derived == "-":
        fail("source and derived cannot both be read from stdin")
    opts = {k: v for k, v in (("model", model), ("llm_url", llm_url), ("llm_model", llm_model)) if v is not None}
    try:
        src = read_article(source, fetch=not offline)
        der = read_article(derived, fetch=not offline)
        report = run_check(src, der, engine, **opts)
        if html_:
            write_atomic(html_, html_page(report))
    except InputError as e:
        fail(e)
    except OSError as e:
        fail(f"{html_}: cannot write: {e.strerror}")
    if json_:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    else:
        terminal(report, out)
        if html_:
            err.print(f"wrote {html_}")
    raise typer.Exit(0 if report.all_supported else 1)
