"""The HTML side of the renderer: one template set (templates/render/) for the web page and the
self-contained reports. A report is report.html with the job's JSON, the stylesheet and the
script inlined; the page exports the very same document from the browser."""
from __future__ import annotations

import json
import os
import tempfile
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from markupsafe import Markup

from ..errors import InputError
from ..model import Article, CheckReport, Digest

TITLES = {"check": "wellsourced check report", "digest": "wellsourced digest", "read": "wellsourced read"}


@lru_cache(maxsize=8)
def asset(name: str) -> str:
    return (files("wellsourced") / "templates" / "render" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def env():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(loader=PackageLoader("wellsourced", "templates"), autoescape=select_autoescape(["html"]),
                       undefined=StrictUndefined)


def script_json(obj) -> Markup:
    """JSON that is safe inside <script>: no '<', '>' or '&' survives, so no input text
    ('</script>', '<!--') can end or change the script element."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for a, b in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(a, b)
    return Markup(text)


def report(obj: CheckReport | Digest | Article) -> str:
    """A self-contained HTML report (no outside file, opens offline) of a check, digest or read."""
    kind = "check" if isinstance(obj, CheckReport) else "digest" if isinstance(obj, Digest) else "read"
    title = TITLES[kind]
    if kind == "digest" and obj.source.title:
        title += f": {obj.source.title}"
    return env().get_template("render/report.html").render(
        kind=kind, title=title, data=script_json(obj.model_dump(mode="json")),
        css=Markup(asset("style.css")), js=Markup(asset("app.js")))


def page(config: dict, engines: list[tuple[str, str]], jobs: list[tuple[str, str]], docs_href: str) -> str:
    from .. import __version__

    return env().get_template("render/page.html").render(
        config=script_json(config), engines=engines, jobs=jobs, docs_href=docs_href, version=__version__,
        css=Markup(asset("style.css")), js=Markup(asset("app.js")))


def check_writable(path: str) -> None:
    """Fail before any work when an output file cannot be written (missing folder, a folder
    given as the file, no permission)."""
    p = Path(path)
    folder = p.parent if str(p.parent) else Path(".")
    if p.is_dir():
        raise InputError(path, "is a folder, not a file")
    if not folder.is_dir():
        raise InputError(path, "folder does not exist")
    if not os.access(folder, os.W_OK) or (p.exists() and not os.access(p, os.W_OK)):
        raise InputError(path, "cannot write: permission denied")


def write_atomic(path: str, text: str) -> None:
    """Write to a temp file beside the target, then rename: no half-written page survives."""
    check_writable(path)
    p = Path(path)
    fd, tmp = tempfile.mkstemp(dir=p.parent if str(p.parent) else ".", prefix=f".{p.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a report is meant to be opened and shared
        os.replace(tmp, p)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(path, f"cannot write: {e.strerror or e}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
