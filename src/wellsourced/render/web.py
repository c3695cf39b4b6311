"""The web page and its assets, mounted on the HTTP app by `mount(app)`.

GET / is the page (check, digest, read and trace tabs); it calls the public JSON endpoints, so the page
proves the API. /docs and /redoc serve Swagger UI and ReDoc from the files that the
`fastapi-offline` package ships, because FastAPI's own pages load them from a CDN and stay
blank offline. Without that package, /docs says so and links /openapi.json.
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse

from . import html

ASSETS = "/docs-assets"
ENGINES = [("default", "rules and our claim model"), ("lexical", "rules and word overlap only, fastest"),
           ("consistency", "rules and our claim model alone, no fitted combination")]
JOBS = [("check", "Check"), ("digest", "Digest"), ("read", "Read"), ("trace", "Trace")]
TIMEOUT_S = 180  # the page gives up waiting after this; the server's own deadline may be shorter

router = APIRouter()


def docs_assets() -> Path | None:
    try:
        p = Path(str(files("fastapi_offline") / "static"))
    except ModuleNotFoundError:
        return None
    return p if (p / "swagger-ui-bundle.js").is_file() else None


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def page(request: Request) -> str:
    import os

    from ..http import INDEX_ENV
    from ..read.decode import MAX_BYTES

    paths = {getattr(r, "path", None) for r in request.app.routes}
    # POST /trace always exists, but answers 404 until the server is started with an index:
    # offer the tab only where it can work. Read per request, like the route does.
    has_index = bool(os.environ.get(INDEX_ENV))
    jobs = [j for j in JOBS if f"/{j[0]}" in paths and (j[0] != "trace" or has_index)]
    config = {"root": "", "timeout_s": TIMEOUT_S, "max_bytes": MAX_BYTES, "index": has_index}
    return html.page(config, ENGINES, jobs, docs_href="docs")


def mount(app: FastAPI) -> None:
    """Add the page and offline API docs to `app`, replacing FastAPI's CDN-based doc pages."""
    from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
    from fastapi.staticfiles import StaticFiles

    drop = {app.docs_url, app.redoc_url, app.swagger_ui_oauth2_redirect_url, "/"}
    app.router.routes[:] = [r for r in app.router.routes if getattr(r, "path", None) not in drop]
    app.include_router(router)
    static = docs_assets()
    openapi = app.openapi_url or "/openapi.json"

    if static is None:
        @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
        def no_docs() -> str:
            return ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>wellsourced API</title></head>'
                    '<body><main><h1>wellsourced API</h1><p>The interactive docs need the fastapi-offline package '
                    f'(pip install "wellsourced[http]"). The API description is at <a href="{openapi.lstrip("/")}">'
                    f'{openapi}</a>.</p></main></body></html>')
        return

    app.mount(ASSETS, StaticFiles(directory=str(static)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(openapi_url=root + openapi, title=f"{app.title} API",
                                   swagger_js_url=f"{root}{ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{root}{ASSETS}/swagger-ui.css",
                                   swagger_favicon_url=f"{root}{ASSETS}/favicon.png")

    @app.get("/redoc", include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(openapi_url=root + openapi, title=f"{app.title} API",
                              redoc_js_url=f"{root}{ASSETS}/redoc.standalone.js",
                              redoc_favicon_url=f"{root}{ASSETS}/favicon.png", with_google_fonts=False)
