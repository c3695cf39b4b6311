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
        out.print(f"[{st}]{MARK[v.label]} {v.label.upper():<12}[/] [dim]{v.sentence.id} {v.confidence:.2f}[/]  {escape(v.sentence.text)}")
        if v.label == "not a claim":
            continue
        for i in v.issues:
            out.print(f"    [{st}]{i.kind}[/]: {escape(i.detail)}")
            if i.source_span:
                out.print(f"      [dim]source:[/] {escape(i.source_span)}")
        if v.evidence:
            e = v.evidence[0]
            out.print(f"    [dim]evidence {','.join(e.sentence_ids)} ({e.score:.2f}):[/] [italic]{escape(e.text)}[/]")
    for o in r.omissions:
        out.print(f"[yellow]- OMITTED {o.kind:<9}[/] [dim]{o.source_id}[/]  {escape(o.text)}")
        out.print(f"    [dim]{escape(o.detail)}; kept in {', '.join(o.kept)}[/]")
    c = r.counts
    out.print()
    out.print(f"[bold]problems[/] {r.problem_share:.0%} of claims   " + "  ".join(f"[{STYLE[k]}]{k}[/] {n}" for k, n in c.items())
              + (f"   [yellow]omitted[/] {len(r.omissions)}" if r.omissions else ""))


def html_page(r: CheckReport) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("wellsourced", "templates"), autoescape=select_autoescape(["html"]))
    data = {v.sentence.id: {"label": v.label, "score": v.score, "issues": [i.model_dump() for i in v.issues],
                            "evidence": [e.model_dump() for e in v.evidence]} for v in r.verdicts}
    # json embedded in <script>: escape "</" so no text can close the tag
    blob = json.dumps(data).replace("</", "<\\/")
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
