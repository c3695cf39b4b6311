"""`wellsourced read`: print the clean article."""
from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.markup import escape

from ..errors import InputError
from ..facts.annotate import annotate
from ..model import Article
from ..read import FORMATS, iter_articles
from ..read.split import strip_controls
from . import app, fail, note, out, parse_fields


@app.command()
def read(
    inputs: Annotated[list[str], typer.Argument(help="files, directories, glob patterns, http(s) URLs, or - for stdin")],
    json_: Annotated[bool, typer.Option("--json", help="print JSON (one object; JSON lines for many)")] = False,
    show_removed: Annotated[bool, typer.Option("--show-removed", help="list what was stripped and why")] = False,
    fmt: Annotated[str, typer.Option("--format", help="auto, text, html or json")] = "auto",
    field: Annotated[list[str] | None, typer.Option("--field", help="JSON field map OURS=THEIRS, e.g. text=article_body")] = None,
    facts: Annotated[bool, typer.Option("--facts/--no-facts", help="extract entities, numbers, quotes")] = True,
    offline: Annotated[bool, typer.Option("--offline", help="never fetch: an http(s) URL input is an error")] = False,
) -> None:
    """Turn raw input (text, HTML, JSON/JSONL, stdin, directories) into clean articles."""
    if fmt not in FORMATS:
        fail(f"--format {fmt}: choose one of {', '.join(FORMATS)}")
    fields = parse_fields(field)
    bad = 0
    n = 0
    try:
        for item in iter_articles(inputs, fmt, fields, fetch=not offline):
            if isinstance(item, InputError):
                bad += 1
                print(f"error: {strip_controls(str(item))}", file=sys.stderr)
                continue
            if facts:
                annotate(item)
            n += 1
            for w in item.warnings:
                note(f"{item.input}: {w}")
            if json_:
                sys.stdout.write(item.model_dump_json(exclude_none=False) + "\n")
            else:
                _show(item, show_removed, first=n == 1)
    except InputError as e:
        fail(e)
    if bad:
        raise typer.Exit(2)


def _show(a: Article, show_removed: bool, first: bool) -> None:
    if not first:
        out.print("\n" + "─" * 60 + "\n")
    if a.title:
        out.print(f"[bold]{escape(a.title)}[/]")
    meta = [x for x in (a.byline, a.outlet, a.published.isoformat() if a.published else None, a.url) if x]
    if meta:
        out.print("[dim]" + escape(" · ".join(meta)) + "[/]")
    out.print()
    for p in a.paragraphs:
        out.print(escape(p.text) + "\n")
    if show_removed:
        if a.removed:
            out.print("[bold]Removed[/]")
            for r in a.removed:
                out.print(f"  [yellow]{escape(r.reason)}[/]: {escape(r.text)}")
        else:
            out.print("[dim]Nothing removed.[/]")
