"""`wellsourced serve`: the HTTP API, its web page and its docs."""
from __future__ import annotations

from typing import Annotated

import typer

from . import app, fail


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
    index: Annotated[str | None, typer.Option("--index", help="index directory that POST /trace searches")] = None,
) -> None:
    """Serve the HTTP API (POST /read, /check, /digest, /trace with --index), the web page at / and offline API docs at /docs."""
    import os

    if index:
        from ..errors import InputError
        from ..index import Index

        try:
            Index.open(index)  # fail now, not on the first request
        except InputError as e:
            fail(e)
        os.environ["WELLSOURCED_INDEX"] = os.path.abspath(index)
    try:
        import uvicorn
    except ImportError:
        fail("the HTTP API needs `pip install wellsourced[http]`")
    uvicorn.run("wellsourced.http:app", host=host, port=port, log_level="info")
