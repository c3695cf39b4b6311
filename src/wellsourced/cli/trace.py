"""`wellsourced trace DERIVED`: which indexed article(s) a derived text came from.

Exit codes: 0 an answer (a source, or "no source in this index"), 2 bad input (empty or
non-English text; a missing, corrupt or newer-format index; neither or both of --index and
--corpus).
"""
from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..errors import InputError
from . import app, fail, out


@app.command()
def trace(
    derived: Annotated[str, typer.Argument(help="the derived text (file, or - for stdin)")],
    index: Annotated[str | None, typer.Option("--index", help="index directory (wellsourced index build)")] = None,
    corpus: Annotated[list[str] | None, typer.Option("--corpus", help="articles to search, indexed in memory")] = None,
    top: Annotated[int, typer.Option("--top", min=1, max=100, help="candidates to list")] = 5,
    json_: Annotated[bool, typer.Option("--json", help="print the TraceReport as JSON")] = False,
    check_: Annotated[bool, typer.Option("--check", help="also check the derived text against the best source")] = False,
    embed: Annotated[bool, typer.Option("--embed", help="with --corpus: embed the articles too (slower; better on "
                                        "one-line summaries). An index has vectors if it was built with --embed")] = False,
) -> None:
    """Find the source article(s) of DERIVED and the source sentence of each derived sentence."""
    from ..index import Index
    from ..read import read_article
    from ..trace import trace as run_trace

    if bool(index) == bool(corpus):
        fail("trace: give exactly one of --index DIR or --corpus FILE")
    if embed and index:
        fail("trace --embed: only with --corpus; an index has vectors when it was built with `index build --embed`")
    try:
        der = read_article(derived, annotate=False)
        if index:
            idx = Index.open(index)
        else:
            errors: list = []
            from ..index import assemble, read_docs

            docs = read_docs(corpus, errors)
            if errors:
                raise errors[0]
            if not docs:
                raise InputError(", ".join(corpus)[:200], "no articles to search")
            idx = Index.from_built(assemble(docs), embed=embed)
        report = run_trace(der, idx, top=top, check=check_)
    except InputError as e:
        fail(e)
    if json_:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
        return
    terminal(report)


def terminal(r) -> None:
    out.print(f"[bold]{r.answer}[/]")
    if r.found:
        out.print(f"covered: {r.covered:.0%} of the derived text (idf-weighted words in matched source sentences)")
    out.print(f"\ncandidates (of {r.index.get('articles')} articles; threshold {r.threshold:.2f}):")
    for c in r.candidates:
        out.print(f"  {c.rank}. {c.id}  score {c.score:.2f}" + (f"  {c.title}" if c.title else ""), markup=False)
        out.print(f"     {c.reason}", markup=False)
        for d in c.duplicates[:3]:
            out.print(f"     duplicate: {d['id']} ({d['reason']})", markup=False)
    if r.found:
        out.print("\nsentences:")
        for t in r.sentences:
            out.print(f"  {t.sentence.id}: {t.sentence.text}", markup=False)
            for s in t.sources or []:
                out.print(f"     <- {s.article_id} {'+'.join(s.sentence_ids)} ({s.coverage:.0%}): {s.text}", markup=False)
            if not t.sources:
                out.print("     <- no source sentence found", markup=False)
    if r.check is not None:
        from ..render.terminal import check as check_terminal

        out.print("\ncheck against the source(s) found:")
        check_terminal(r.check, out)
    for w in r.warnings:
        out.print(f"warning: {w}", markup=False)
