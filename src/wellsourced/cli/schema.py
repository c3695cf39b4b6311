"""`wellsourced schema`: the JSON Schema of the data model, for people consuming --json."""
from __future__ import annotations

import json
from typing import Annotated

import typer

from ..model import Article, CheckReport, Digest
from . import app, fail

MODELS = {"article": Article, "check": CheckReport, "digest": Digest}


@app.command()
def schema(which: Annotated[str, typer.Argument(help="article, check or digest")] = "article") -> None:
    """Print the JSON Schema of an output."""
    if which not in MODELS:
        fail(f"schema {which}: choose one of {', '.join(MODELS)}")
    print(json.dumps(MODELS[which].model_json_schema(), indent=2))
