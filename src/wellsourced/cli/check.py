"""`wellsourced check SOURCE DERIVED`: is every derived sentence supported by the source?

Exit codes: 0 everything supported (or not a claim), 1 anything else, 2 bad input.
Options and output paths are checked before any work, so a typo costs no waiting.
"""
from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..errors import InputError
from . import app, err, fail, out


def _validate(engine: str, model: str | None, llm_url: str | None, llm_model: str | None, html_: str | None) -> None:
    from ..check.engines import ENGINES
    from ..render.html import check_writable

    if engine not in ENGINES:
        raise InputError("--engine", f"unknown engine '{engine}'; choose one of {', '.join(ENGINES)}")
    if engine == "nli" and not model:
        raise InputError("--engine nli", "needs --model DIR (a local NLI checkpoint)")
    if engine == "llm" and not (llm_url and llm_model):
        raise InputError("--engine llm", "needs --llm-url and --llm-model")
    if html_:
        check_writable(html_)


@app.command()
def check(
    source: Annotated[str, typer.Argument(help="the source article (file, or - for stdin)")],
    derived: Annotated[str, typer.Argument(help="the text derived from it (file, or - for stdin)")],
    json_: Annotated[bool, typer.Option("--json", help="print the CheckReport as JSON (all sentences, with the audit block)")] = False,
    html_: Annotated[str | None, typer.Option("--html", help="also write a self-contained HTML report to FILE")] = None,
    only_problems: Annotated[bool, typer.Option("--only-problems", help="terminal report: show only contradicted, unsupported and opinion sentences")] = False,
    engine: Annotated[str, typer.Option("--engine", help="default, lexical, nli or llm")] = "default",
    model: Annotated[str | None, typer.Option("--model", help="engine model: JSON for default, checkpoint for nli")] = None,
    llm_url: Annotated[str | None, typer.Option("--llm-url", help="OpenAI-compatible base URL (llm engine)")] = None,
    llm_model: Annotated[str | None, typer.Option("--llm-model", help="model name (llm engine)")] = None,
) -> None:
    """Check every sentence of DERIVED against SOURCE: verdict, evidence, kind of error."""
    from ..check import check as run_check
    from ..read import read_article
    from ..render import audit, html, terminal

    if source == "-" and derived == "-":
        fail("source and derived cannot both be read from stdin")
    opts = {k: v for k, v in (("model", model), ("llm_url", llm_url), ("llm_model", llm_model)) if v is not None}
    try:
        _validate(engine, model, llm_url, llm_model, html_)
        with terminal.progress(err, "check") as step:
            step("reading the source")
            src = read_article(source)
            step("reading the derived text")
            der = read_article(derived)
            step(f"judging {len(der.sentences)} sentences against {len(src.sentences)}")
            report = run_check(src, der, engine, **opts)
            audit.stamp(report, model=model, llm_model=llm_model)
            if html_:
                html.write_atomic(html_, html.report(report))
    except InputError as e:
        fail(e)
        return
    if json_:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    else:
        terminal.check(report, out, only_problems=only_problems)
    if html_:
        err.print(f"wrote {html_}", markup=False) if err.is_terminal else print(f"wrote {html_}", file=sys.stderr)
    raise typer.Exit(0 if report.all_supported else 1)
