"""Rendering a CheckReport: the coloured terminal report and the self-contained HTML page."""
from __future__ import annotations

import html
import json
import os
import tempfile
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from ..model import CheckReport

STYLE = {"supported": "green", "contradicted": "bold red", "unsupported": "red", "opinion": "yellow", "not a claim": "dim"}
MARK = {"supported": "✔", "contradicted": "✘", "unsupported": "?", "opinion": "~", "not a claim": "·"}


def terminal(r: CheckReport, out: Console) -> None:
    for w in r.warnings:
        out.print(f"[yellow]warning:[/] {escape(w)}")
    for v in r.verdicts:
        st = STYLE[v.label]
        out.print(f"[{st}]{MARK[v.label]} {v.label.upper():<12}[/] [dim]{v.sentence.id} {v.score:.2f}[/]  {escape(v.sentence.text)}")
        if v.label == "not a claim":
            continue
        for i in v.issues:
            out.print(f"    [{st}]{i.kind}[/]: {escape(i.detail)}")
            if i.source_span:
                out.print(f"      [dim]source:[/] {escape(i.source_span)}")
        if v.evidence:
            e = v.evidence[0]
            out.print(f"    [dim]evidence {','.join(e.sentence_ids)} ({e.score:.2f}):[/] [italic]{escape(e.text)}[/]")
    c = r.counts
    out.print()
    out.print("[bold]score[/] {:.2f}   ".format(r.score) + "  ".join(f"[{STYLE[k]}]{k}[/] {n}" for k, n in c.items()))


def html_page(r: CheckReport) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("wellsourced", "templates"), autoescape=select_autoescape(["html"]))
    data = {v.sentence.id: {"label": v.label, "score": v.score, "issues": [i.model_dump() for i in v.issues],
                            "evidence": [e.model_dump() for e in v.evidence]} for v in r.verdicts}
    # JSON inside <script>: no raw < > & at all, so neither "</script>" nor "<!--<script>" (which
    # would make the parser ignore the closing tag) can appear; \u003c is the same string to JS.
    blob = json.dumps(data).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return env.get_template("check.html").render(r=r, data=blob, style=STYLE, esc=html.escape)


def write_atomic(path: str, text: str) -> None:
    """Write to a temp file beside the target, then rename: no half-written page survives."""
    p = Path(path)
    fd, tmp = tempfile.mkstemp(dir=p.parent if str(p.parent) else ".", prefix=f".{p.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
