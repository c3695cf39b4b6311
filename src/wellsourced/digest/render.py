"""Digest output: plain text (for the terminal) and a self-contained HTML page."""
from __future__ import annotations

import os
import tempfile
from importlib.resources import files

from ..errors import InputError
from ..model import Digest, DigestSentence


RULE = "\u2500" * 40


def _sent(s: DigestSentence, cite: bool) -> str:
    return f"{s.text} [{', '.join(s.source_ids)}]" if cite else s.text


def text(d: Digest, cite: bool = False) -> str:
    """Lead, a rule, body paragraphs, the source line (and what was dropped), blank-line separated."""
    parts = [" ".join(_sent(s, cite) for s in d.lead), RULE]
    parts += [" ".join(_sent(s, cite) for s in para) for para in d.body]
    parts.append(d.source_line)
    if d.dropped:
        parts.append("Dropped as unsupported by the source:\n" + "\n".join(f"- {t}" for t in d.dropped))
    return "\n\n".join(p for p in parts if p)


def html(d: Digest) -> str:
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    tpl = env.from_string((files("wellsourced") / "templates" / "digest.html").read_text(encoding="utf-8"))
    used = {i for s in [*d.lead, *(x for p in d.body for x in p)] for i in s.source_ids}
    return tpl.render(digest=d, source=d.source, used=used)


def write_html(d: Digest, path: str) -> None:
    """Write atomically (temp file in the same folder, then rename): a reader never sees half a page."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise InputError(path, "folder does not exist")
    page = html(d)
    fd, tmp = tempfile.mkstemp(prefix=".digest-", suffix=".html.tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(page)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a page is meant to be opened and shared
        os.replace(tmp, path)
    except OSError as e:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise InputError(path, f"cannot write: {e.strerror or e}") from None
