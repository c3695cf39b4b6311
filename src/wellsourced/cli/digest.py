"""`wellsourced digest`: lead summary, condensed body and source line of one article."""
from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..errors import InputError
from ..read import FORMATS, read_article
from . import app, err, fail, out


@app.command()
def digest(
    input: Annotated[str, typer.Argument(help="one article: a file, an http(s) URL, or - for stdin")],
    words: Annotated[int, typer.Option("--words", help="lead summary length limit, in words")] = 60,
    sentences: Annotated[int | None, typer.Option("--sentences", help="condensed body length, in sentences (besides the lead)")] = None,
    ratio: Annotated[float | None, typer.Option("--ratio", help="condensed body length, share of the article's sentences")] = None,
    cite: Annotated[bool, typer.Option("--cite", help="follow each sentence with the ids of its source sentences")] = False,
    json_: Annotated[bool, typer.Option("--json", help="print the Digest as JSON (ids and character spans per sentence)")] = False,
    html: Annotated[str | None, typer.Option("--html", help="also write a side-by-side HTML page to this file")] = None,
    llm_url: Annotated[str | None, typer.Option("--llm-url", help="OpenAI-compatible server: write the digest in fresh words")] = None,
    llm_model: Annotated[str | None, typer.Option("--llm-model", help="model name on the --llm-url server")] = None,
    fmt: Annotated[str, typer.Option("--format", help="auto, text, html or json")] = "auto",
    offline: Annotated[bool, typer.Option("--offline", help="never fetch: an http(s) URL input is an error")] = False,
) -> None:
    """Digest one article: a short lead, a condensed body in source order, and a source line."""
    from ..digest import digest as make_digest
    from ..render import audit, terminal
    from ..render import html as render_html

    if fmt not in FORMATS:
        fail(f"--format {fmt}: choose one of {', '.join(FORMATS)}")
    try:
        if html:
            render_html.check_writable(html)  # before any work
        if llm_url and not llm_model:
            raise InputError(llm_url, "--llm-model is required with --llm-url")
        with terminal.progress(err, "digest") as step:
            step("reading")
            # Extractive digests need no NER (select.py uses regex names/numbers); the LLM path
            # runs `check`, which annotates what it needs itself.
            article = read_article(input, fmt, annotate=False, fetch=not offline)
            step(f"choosing among {len(article.sentences)} sentences")
            d = make_digest(article, words=words, sentences=sentences, ratio=ratio, llm_url=llm_url, llm_model=llm_model)
            audit.stamp(d, llm_model=llm_model)
            if html:
                render_html.write_atomic(html, render_html.report(d))
    except InputError as e:
        fail(e)
        return
    if json_:
        sys.stdout.write(d.model_dump_json() + "\n")
    else:
        terminal.digest(d, out, cite)
    for w in d.warnings:
        print(f"note: {w}", file=sys.stderr)
    if html and not json_:
        print(f"wrote {html}", file=sys.stderr)
