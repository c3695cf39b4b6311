"""Terminal output of check and digest.

On a terminal: colour, an icon and a label per verdict, the wrong words underlined, text
wrapped to the terminal's width with a hanging indent. Piped: plain lines, no colour, no
wrapping, no progress, so `grep` and `less` see one verdict per line.
Input text goes through rich `Text` (never markup), which also drops control characters.
"""
from __future__ import annotations

import sys
import threading
import time
from contextlib import contextmanager

from rich.console import Console
from rich.text import Text

from ..model import CheckReport, Digest, DigestSentence, Verdict

STYLE = {"supported": "green", "contradicted": "bold red", "unsupported": "red", "opinion": "yellow", "not a claim": "dim"}
MARK = {"supported": "✔", "contradicted": "✘", "unsupported": "?", "opinion": "~", "not a claim": "·"}
PROBLEMS = ("contradicted", "unsupported", "opinion")
RULE = "\u2500" * 40


def confidence(v: Verdict) -> float | None:
    """Confidence in the label shown. `score` is P(supported), so a label saying "not supported"
    is as sure as 1 - score. Uses the verdict's own field once the JSON contract carries one."""
    c = getattr(v, "confidence", None)
    if isinstance(c, (int, float)):
        return float(c)
    if v.label == "supported":
        return v.score
    if v.label in ("contradicted", "unsupported"):
        return 1 - v.score
    return None


def wrong_words(v: Verdict) -> list[tuple[int, int]]:
    """Character ranges of the claim's words that a finding names: its offsets, or else where
    its quoted words occur. A range covering the whole sentence ("invented") marks nothing new."""
    text = v.sentence.text
    out = []
    for i in v.issues:
        s, e = i.derived_start, i.derived_end
        if s is None or e is None or not 0 <= s < e <= len(text):
            if not i.derived_span or i.kind == "invented":
                continue
            s = text.find(i.derived_span)
            if s < 0:
                continue
            e = s + len(i.derived_span)
        if e - s < 0.9 * len(text):
            out.append((s, e))
    return sorted(out)


def _verdict_lines(v: Verdict, multi: bool = False) -> list[tuple[int, Text]]:
    st = STYLE[v.label]
    c = confidence(v)
    head = Text.assemble((f"{MARK[v.label]} {v.label.upper()}", st), (f" {c:.0%}" if c is not None else "", st),
                         (f"  {v.sentence.id}", "dim"))
    body = Text(v.sentence.text)
    for s, e in wrong_words(v):
        body.stylize("bold underline", s, e)
    lines = [(0, head), (4, body)]
    if v.label == "not a claim":
        return lines
    for i in v.issues:
        t = Text.assemble((i.kind, st), ": ", i.detail)
        if i.source_span:
            t.append_text(Text.assemble(("   source" + (f" {i.source_id}" if i.source_id else "") + ": ", "dim"), i.source_span))
        lines.append((6, t))
    if v.evidence:
        e = v.evidence[0]
        where = f"{e.source}:" if multi and e.source else ""
        lines.append((6, Text.assemble((f"evidence {where}{','.join(e.sentence_ids)} ({e.score:.2f}): ", "dim"), (e.text, "italic"))))
    return lines


def summary(r: CheckReport) -> Text:
    t = Text.assemble((f"{len(r.verdicts)} claims", "bold"))
    for k, n in r.counts.items():
        t.append("  ")
        t.append(f"{MARK[k]} {k} {n}", STYLE[k])
    if r.omissions:
        t.append(f"  omitted {len(r.omissions)}", "yellow")
    t.append(f"  {r.problem_share:.0%} of claims contradicted or unsupported")
    t.append(f"  score {r.score:.2f} (lowest factual claim)", "dim")
    return t


def _omission_lines(r: CheckReport) -> list[tuple[int, Text]]:
    lines = []
    for o in r.omissions:
        lines.append((0, Text.assemble((f"- OMITTED {o.kind}", "yellow"), (f"  {o.source_id}", "dim"))))
        lines.append((4, Text(o.text)))
        lines.append((6, Text.assemble((o.detail, "dim"), (f"; kept in {', '.join(o.kept)}" if o.kept else "", "dim"))))
    return lines


def emit(out: Console, lines: list[tuple[int, Text]]) -> None:
    if out.is_terminal:
        for indent, t in lines:
            # wrap by hand (not Padding, which pads every line with spaces to the full width)
            for line in t.wrap(out, max(20, out.width - indent)) if t.plain else [t]:
                line.rstrip()
                out.print(Text(" " * indent) + line, soft_wrap=True)
    else:  # piped: plain text, one line per item, however long
        out.file.write("".join(" " * indent + t.plain.replace("\n", " ") + "\n" for indent, t in lines))


def check(r: CheckReport, out: Console, only_problems: bool = False) -> None:
    lines: list[tuple[int, Text]] = [(0, Text.assemble(("warning: ", "yellow"), w)) for w in r.warnings]
    shown = [v for v in r.verdicts if not only_problems or v.label in PROBLEMS]
    for v in shown:
        lines += _verdict_lines(v, multi=len(r.sources) > 1)
    if only_problems and not shown:
        lines.append((0, Text("No problems: every claim is supported.", "green")))
    lines += _omission_lines(r)
    lines += [(0, Text("")), (0, summary(r))]
    emit(out, lines)


# --- digest ---------------------------------------------------------------------------------


def _sent(s: DigestSentence, cite: bool) -> str:
    return f"{s.text} [{', '.join(s.source_ids)}]" if cite else s.text


def digest_text(d: Digest, cite: bool = False) -> str:
    """Lead, a rule, body paragraphs, the source line (and what was dropped), blank-line separated."""
    parts = [" ".join(_sent(s, cite) for s in d.lead), RULE]
    parts += [" ".join(_sent(s, cite) for s in para) for para in d.body]
    parts.append(d.source_line)
    if d.dropped:
        parts.append("Dropped as unsupported by the source:\n" + "\n".join(f"- {t}" for t in d.dropped))
    return "\n\n".join(p for p in parts if p)


def digest(d: Digest, out: Console, cite: bool = False) -> None:
    if not out.is_terminal:
        out.file.write(digest_text(d, cite) + "\n")
        return
    if d.source.title:
        out.print(Text(d.source.title, "bold"), "\n", soft_wrap=False)
    blocks = digest_text(d, cite).split("\n\n")
    out.print(Text(blocks[0], "bold"), "\n", soft_wrap=False)
    for b in blocks[1:]:
        out.print(Text(b), "\n", soft_wrap=False)


# --- progress ---------------------------------------------------------------------------------


@contextmanager
def progress(err: Console, what: str, after: float = 2.0):
    """A progress line on stderr for work that takes longer than `after` seconds; nothing for
    quick work and nothing when stderr is not a terminal. Yields `step(text)` to name the stage."""
    if not err.is_terminal:
        yield lambda _text: None
        return
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                   console=err, transient=True)
    task = bar.add_task(what, total=None)
    lock = threading.Lock()
    state = {"started": False, "done": False}

    def start():
        with lock:
            if not state["done"]:
                bar.start()
                state["started"] = True

    timer = threading.Timer(after, start)
    timer.daemon = True
    timer.start()
    t0 = time.monotonic()
    try:
        yield lambda text: bar.update(task, description=f"{what}: {text}")
    finally:
        timer.cancel()
        with lock:
            state["done"] = True
            if state["started"]:
                bar.stop()
        if state["started"]:
            err.print(Text(f"{what}: done in {time.monotonic() - t0:.1f} s", "dim"))


def stdout_console() -> Console:
    return Console(file=sys.stdout, highlight=False)
