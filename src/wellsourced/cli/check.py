"""`wellsourced check SOURCE DERIVED`: is every derived sentence supported by the source?

Exit codes: 0 nothing contradicted or unsupported, 1 something is (--strict: or opinion, or an
omission), 2 bad input.
"""
from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..errors import InputError
from . import app, err, fail, out


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="SOURCE DERIVED, or only DERIVED when --source is given (file, or - for stdin)",
                                               show_default=False)],
    sources: Annotated[list[str] | None, typer.Option("--source", help="a source article; repeat for several")] = None,
    json_: Annotated[bool, typer.Option("--json", help="print the CheckReport as JSON (docs/json.md)")] = False,
    html_: Annotated[str | None, typer.Option("--html", help="also write a self-contained HTML report to FILE")] = None,
    engine: Annotated[str, typer.Option("--engine", help="default, lexical, nli or llm")] = "default",
    model: Annotated[str | None, typer.Option("--model", help="engine model: JSON for default, checkpoint for nli")] = None,
    llm_url: Annotated[str | None, typer.Option("--llm-url", help="OpenAI-compatible base URL (llm engine)")] = None,
    llm_model: Annotated[str | None, typer.Option("--llm-model", help="model name (llm engine)")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="exit 1 on opinion and omissions too")] = False,
) -> None:
    """Check every claim of DERIVED against its source(s): verdict, evidence, kind of error.

    Exit 0 when nothing is contradicted or unsupported, 1 when something is (with --strict,
    also opinion or left-out denials and caveats), 2 on bad input."""
    from ..check import check as run_check
    from ..check.report import html_page, terminal, write_atomic
    from ..read import read_article

    if sources:
        if len(paths) != 1:
            fail("with --source, give only the derived text")
        source_paths, derived = list(sources), paths[0]
    else:
        if len(paths) != 2:
            fail("give SOURCE and DERIVED (or --source SOURCE ... DERIVED)")
        source_paths, derived = [paths[0]], paths[1]
    if [*source_paths, derived].count("-") > 1:
        fail("only one input can be read from stdin")
    opts = {k: v for k, v in (("model", model), ("llm_url", llm_url), ("llm_model", llm_model)) if v is not None}
    try:
        srcs = [read_article(p) for p in source_paths]
        der = read_article(derived)
        report = run_check(srcs if len(srcs) > 1 else srcs[0], der, engine, **opts)
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
    raise typer.Exit(exit_code(report, strict))


def exit_code(report, strict: bool = False) -> int:
    if report.problems:
        return 1
    if strict and (report.counts.get("opinion") or report.omissions):
        return 1
    return 0
