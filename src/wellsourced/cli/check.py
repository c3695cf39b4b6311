"""`wellsourced check SOURCE DERIVED`: is every derived sentence supported by the source?

Exit codes: 0 nothing contradicted or unsupported, 1 something is (--strict: or opinion, or an
omission), 2 bad input. Options and output paths are checked before any work, so a typo costs
no waiting.
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
    paths: Annotated[list[str], typer.Argument(help="SOURCE DERIVED, or only DERIVED when --source is given (file, or - for stdin)",
                                               show_default=False)],
    sources: Annotated[list[str] | None, typer.Option("--source", help="a source article; repeat for several")] = None,
    json_: Annotated[bool, typer.Option("--json", help="print the CheckReport as JSON (docs/json.md), with the audit block")] = False,
    html_: Annotated[str | None, typer.Option("--html", help="also write a self-contained HTML report to FILE")] = None,
    only_problems: Annotated[bool, typer.Option("--only-problems", help="terminal report: show only contradicted, unsupported and opinion claims")] = False,
    engine: Annotated[str, typer.Option("--engine", help="default, lexical, consistency (our claim model alone), nli or llm")] = "default",
    model: Annotated[str | None, typer.Option("--model", help="engine model: JSON for default, checkpoint for nli")] = None,
    llm_url: Annotated[str | None, typer.Option("--llm-url", help="OpenAI-compatible base URL (llm engine)")] = None,
    llm_model: Annotated[str | None, typer.Option("--llm-model", help="model name (llm engine)")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="exit 1 on opinion and omissions too")] = False,
    offline: Annotated[bool, typer.Option("--offline", help="never fetch: an http(s) URL input is an error")] = False,
) -> None:
    """Check every claim of DERIVED against its source(s): verdict, evidence, kind of error.

    Exit 0 when nothing is contradicted or unsupported, 1 when something is (with --strict,
    also opinion or left-out denials and caveats), 2 on bad input."""
    from ..check import check as run_check
    from ..read import read_article
    from ..render import audit, html, terminal

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
        _validate(engine, model, llm_url, llm_model, html_)
        with terminal.progress(err, "check") as step:
            step("reading")
            srcs = [read_article(p, fetch=not offline) for p in source_paths]
            der = read_article(derived, fetch=not offline)
            step(f"judging {len(der.sentences)} sentences against {sum(len(s.sentences) for s in srcs)}")
            report = run_check(srcs if len(srcs) > 1 else srcs[0], der, engine, **opts)
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
        print(f"wrote {html_}", file=sys.stderr)
    raise typer.Exit(exit_code(report, strict))


def exit_code(report, strict: bool = False) -> int:
    if report.problems:
        return 1
    if strict and (report.counts.get("opinion") or report.omissions):
        return 1
    return 0
