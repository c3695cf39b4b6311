"""Fuzz the CLI and HTTP entry points in-process with generated hostile inputs (issue 15).

Every input goes through `wellsourced read` (typer app, as the command line runs it) and
through POST /read of the HTTP app (FastAPI TestClient), in this process: no process per input.
Counted: crashes (an exception other than the clean exit 2 / 422), tracebacks in any output,
timeouts (an input past --per-input seconds, stopped by an alarm) and peak RSS.
Target: 0 crashes, 0 tracebacks, 0 timeouts.

    python bench/fuzz.py                 # 10,000 inputs, seed 15
    python bench/fuzz.py -n 500 --seed 1
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import resource
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

WORDS = ("the council said that a bridge over the river would open in spring and the mayor agreed police "
         "reported minister announced Monday Mr. U.S. Jan. 5 p.m. “quoted” \"quote\"").split()


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def article(rng: random.Random) -> str:
    return "A headline\n\n" + "\n\n".join(words(rng, rng.randint(5, 40)).capitalize() + "." for _ in range(rng.randint(1, 8)))


def gen(rng: random.Random) -> tuple[str, bytes, str]:
    """(kind, bytes, file suffix)"""
    k = rng.choice(KINDS)
    data, ext = GENERATORS[k](rng)
    return k, data, ext


GENERATORS = {
    "binary": lambda r: (r.randbytes(r.randint(1, 20000)), ".txt"),
    "empty": lambda r: (r.choice([b"", b" ", b"\n\n\t", b"\xef\xbb\xbf", b"\x00"]), r.choice([".txt", ".json", ".html"])),
    "article": lambda r: (article(r).encode(), ".txt"),
    "huge line": lambda r: (("H\n\n" + words(r, r.randint(20_000, 120_000))).encode(), ".txt"),
    "many lines": lambda r: ("\n".join(words(r, 3) for _ in range(r.randint(2000, 30000))).encode(), ".txt"),
    "gzip bomb": lambda r: (gzip.compress(b" " * r.randint(2**20, 60 * 2**20)), ".gz"),
    "bad encoding": lambda r: (r.choice([article(r).encode("utf-16-le"), article(r).encode("utf-8")[:-1] + b"\xc3",
                                         ("Заголовок\n\n" + "Совет сказал. " * 40).encode("cp1251"),
                                         article(r).encode() + r.randbytes(50), b"\xff\xfe" + r.randbytes(101)]), ".txt"),
    "deep JSON": lambda r: (("[" * (d := r.randint(50, 200_000)) + "]" * r.choice([d, d - 1, 0])).encode(), ".json"),
    "odd JSON": lambda r: (r.choice([json.dumps({"text": article(r), "title": {"a": [1]}, "url": 5}),
                                     json.dumps([{"text": article(r)}, 3, None, {"text": ""}]),
                                     "\n".join(json.dumps({"text": article(r)}) if r.random() < .7 else "{bad" for _ in range(20)),
                                     json.dumps({"items": [{"body": "<p>" + article(r) + "</p>"}] * 5}),
                                     '{"text": "' + "\\ud800" * 50 + '"}', "1e999999", '{"text": ' * 3000]).encode(), ".json"),
    "deep HTML": lambda r: (("<div>" * r.randint(100, 100_000) + "<p>" + article(r) + "</p>").encode(), ".html"),
    "odd HTML": lambda r: (r.choice([
        "<html><head><script>" + "x" * 9000 + "</script><style>p{}</style></head><body><p>" + article(r),
        "<!--" + article(r) + "<p>unterminated comment", "<![CDATA[" + article(r) + "]]>",
        "<p>" + "&amp;" * 5000 + "</p><p>" + article(r) + "</p>", "<p " + "a=b " * 20000 + ">" + article(r),
        "<table>" + "<tr><td>" * 3000 + article(r), "<p>" + article(r) + "</p>" + "<br>" * 30000,
        "<svg><foreignObject><math><mi><p>" + article(r), "<p>" + article(r).replace(" ", "\u200b") + "</p>",
    ]).encode(), ".html"),
    "XML feed": lambda r: (r.choice([
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
        '<rss><channel><item><title>&d;</title><description>&d;</description></item></channel></rss>',
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><item>'
        '<title>&x;</title><description>' + article(r) + '</description></item></channel></rss>',
        "<rss><channel>" + "<item><title>t</title><description>" + article(r) + "</description></item>" * 50 + "</channel></rss>",
        "<feed xmlns='http://www.w3.org/2005/Atom'><entry><content type='html'>&lt;p&gt;" + article(r) + "</content></entry>",
    ]).encode(), ".xml"),
    "controls": lambda r: ((article(r) + "".join(r.choice(["\x1b[31m", "\x1b]0;x\x07", "\x07", "\x9b2J", "\u202e", "\x0c", "\r"])
                                                for _ in range(30))).encode(), ".txt"),
    "NUL tail": lambda r: (article(r).encode() * 100 + b"\x00" + r.randbytes(100), ".txt"),
}
KINDS = list(GENERATORS)
WEIGHTS = {"huge line": 0.2, "many lines": 0.3, "gzip bomb": 0.1, "deep HTML": 0.5}  # slow kinds, rarer
KINDS = [k for k in KINDS for _ in range(1 if k in WEIGHTS else 5)]


class Overtime(Exception):
    pass


def _alarm(*_):
    raise Overtime()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=10_000, help="inputs")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--per-input", type=float, default=60, help="seconds before an input counts as a timeout")
    ap.add_argument("--facts", action="store_true", help="also run entity extraction (slower)")
    a = ap.parse_args()

    import typer
    from click.testing import CliRunner
    from fastapi.testclient import TestClient

    from wellsourced.cli import app as cli_app
    from wellsourced.http import app as http_app

    runner = CliRunner()
    command = typer.main.get_command(cli_app)  # what `wellsourced` runs; built once, not per input
    client = TestClient(http_app, raise_server_exceptions=False)
    client.__enter__()  # one event loop for all requests (and the server's warm-up), as in production
    signal.signal(signal.SIGALRM, _alarm)
    rng = random.Random(a.seed)
    stats: Counter = Counter()
    bad: list[str] = []
    slowest: list[tuple[float, str]] = []
    per_kind: Counter = Counter()
    count_kind: Counter = Counter()
    facts = ["--facts"] if a.facts else ["--no-facts"]
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as d:
        for i in range(a.n):
            kind, data, ext = gen(rng)
            path = os.path.join(d, f"in{ext}")
            Path(path).write_bytes(data)
            t = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, a.per_input)
            try:
                r = runner.invoke(command, ["read", "--json", *facts, path], catch_exceptions=True)
                outcome = {0: "ok", 2: "refused"}.get(r.exit_code, f"exit {r.exit_code}")
                if isinstance(r.exception, Overtime):
                    outcome = "timeout"
                elif r.exception is not None and not isinstance(r.exception, SystemExit):
                    outcome = f"crash {type(r.exception).__name__}"
                elif "Traceback" in (r.stdout + r.stderr):
                    outcome = "traceback"
                stats[f"cli {outcome}"] += 1
                text = data.decode("utf-8", "replace")
                if len(data) <= 3 * 2**20:  # the HTTP body cap is the same, bigger is a 413
                    resp = client.post("/read", json={"text": text, "facts": a.facts})
                    ok = resp.status_code in (200, 422) and "error" in resp.json() or resp.status_code == 200
                    h = "ok" if resp.status_code == 200 else "refused" if ok else f"HTTP {resp.status_code}"
                    if "Traceback" in resp.text:
                        h = "traceback"
                    stats[f"http {h}"] += 1
                    if h not in ("ok", "refused"):
                        bad.append(f"{i} {kind}: http {h} {resp.text[:200]}")
            except Overtime:
                outcome = "timeout"
                stats["timeout"] += 1
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            took = time.perf_counter() - t
            slowest = sorted(slowest + [(took, kind)], reverse=True)[:5]
            per_kind[kind] += took
            count_kind[kind] += 1
            if outcome not in ("ok", "refused", "exit 1"):
                bad.append(f"{i} {kind}: cli {outcome}")
            if (i + 1) % 1000 == 0:
                print(f"  {i + 1} inputs, {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    crashes = sum(n for k, n in stats.items() if "crash" in k or "HTTP 5" in k)
    tracebacks = sum(n for k, n in stats.items() if "traceback" in k)
    timeouts = sum(n for k, n in stats.items() if "timeout" in k)
    print(f"inputs {a.n}  seed {a.seed}  time {time.perf_counter() - t0:.0f} s  peak RSS {rss:.0f} MB")
    print(f"crashes {crashes}  tracebacks {tracebacks}  timeouts {timeouts}")
    for k, n in sorted(stats.items()):
        print(f"  {k:<24} {n:>6}")
    print("mean seconds per kind: " + ", ".join(f"{k} {per_kind[k] / count_kind[k]:.2f}" for k in sorted(count_kind)))
    print("slowest inputs: " + ", ".join(f"{k} {s:.1f} s" for s, k in slowest))
    for line in bad[:20]:
        print("  BAD " + line)


if __name__ == "__main__":
    main()
