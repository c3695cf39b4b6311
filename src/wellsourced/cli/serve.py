"""`wellsourced serve`: the HTTP API, its web page and its docs."""
from __future__ import annotations

from typing import Annotated

import typer

from . import app, fail


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port")] = 8000,
) -> None:
    """Serve the HTTP API (POST /read, /check, /digest), the web page at / and offline API docs at /docs."""
    try:
        import uvicorn
    except ImportError:
        fail("the HTTP API needs `pip install wellsourced[http]`")
    uvicorn.run("wellsourced.http:app", host=host, port=port, log_level="info")
