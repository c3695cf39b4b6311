"""`wellsourced index build|add|remove|stats`: the on-disk index that `trace` searches.

Exit codes: 0 done (inputs the reader refused are listed as warnings), 2 bad input or a
missing, corrupt or newer-format index.
"""
from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from ..errors import InputError
from . import app, err, fail, out

index_app = typer.Typer(help="Build and maintain an index of articles for `trace`.", no_args_is_help=True)
app.add_typer(index_app, name="index")

IndexOpt = Annotated[str, typer.Option("--index", help="index directory")]


def _warn(errors: list) -> None:
    for e in errors[:5]:
        err.print(f"warning: skipped {e}", markup=False)
    if len(errors) > 5:
        err.print(f"warning: skipped {len(errors) - 5} more inputs", markup=False)


def _done(verb: str, idx) -> None:
    s = idx.stats()
    dups = ", ".join(f"{n} {r}" for r, n in s["duplicates"].items()) or "none"
    emb = "; with embeddings" if s["embeddings"] else ""
    if s["embeddings"] and s.get("vectors_per_article") == 1:
        emb += " (one vector per article: `index build --embed` over it adds the second)"
    out.print(f"{verb}: {s['articles']} articles in {s['path']} ({s['generation']}); duplicates: {dups}{emb}", markup=False)


@index_app.command("build")
def build(
    inputs: Annotated[list[str], typer.Argument(help="files, directories, JSONL records, feeds, or - for stdin")],
    index: IndexOpt,
    workers: Annotated[int, typer.Option("--workers", help="processes reading the inputs (the costly part)")] = 1,
    executor: Annotated[str, typer.Option("--executor", help="local (processes) or ray (Ray Data)")] = "local",
    ray_address: Annotated[str | None, typer.Option("--ray-address", help="a Ray cluster (with --executor ray)")] = None,
    embed: Annotated[bool, typer.Option("--embed", help="add article embeddings: better on one-line abstractive "
                                        "summaries, ~16 articles/s on 2 cores (needs wellsourced[embed])")] = False,
) -> None:
    """Index INPUTs into DIR (a new index, or a new generation replacing the current one).
    With --workers N or --executor ray a killed build resumes when run again with the same inputs.
    An index built with --embed keeps its embeddings through add and remove."""
    from ..index import Index

    errors: list = []
    try:
        idx = Index.build(inputs, index, errors, executor=executor, workers=workers, ray_address=ray_address, embed=embed)
    except InputError as e:
        _warn(errors)
        fail(e)
    _warn(errors)
    _done("indexed", idx)


@index_app.command("add")
def add(inputs: Annotated[list[str], typer.Argument(help="files, directories, JSONL records, feeds, or - for stdin")],
        index: IndexOpt) -> None:
    """Add the articles of INPUTs to the index (rewrites it atomically)."""
    from ..index import Index

    errors: list = []
    try:
        idx = Index.open(index).add(inputs, errors)
    except InputError as e:
        _warn(errors)
        fail(e)
    _warn(errors)
    _done("added", idx)


@index_app.command("remove")
def remove(ids: Annotated[list[str], typer.Argument(help="article ids (as `trace` shows them)")], index: IndexOpt) -> None:
    """Remove articles by id (rewrites the index atomically)."""
    from ..index import Index

    try:
        idx = Index.open(index).remove(ids)
    except InputError as e:
        fail(e)
    _done("removed", idx)


@index_app.command("stats")
def stats(index: IndexOpt, json_: Annotated[bool, typer.Option("--json", help="print JSON")] = False) -> None:
    """What the index holds: articles, sentences, terms, duplicates by reason, bytes on disk."""
    from ..index import Index

    try:
        s = Index.open(index).stats()
    except InputError as e:
        fail(e)
    if json_:
        sys.stdout.write(json.dumps(s, indent=2) + "\n")
        return
    for k, v in s.items():
        out.print(f"{k}: {v}", markup=False)
