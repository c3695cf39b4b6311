"""Time and peak memory of `wellsourced read --json` on large hostile inputs (issue 15).

Each input runs in its own process (peak RSS is per process), with the default limits
(docs/limits.md), and is either read or refused with a one-line error. Target: peak RSS
< 2 GB for any input up to the byte cap, time linear in size (5 MB one-line text < 30 s, or
refused at once).

    python bench/limits.py                       # 1, 5, 10, 50 MB x 4 shapes
    python bench/limits.py --sizes 1 5 --timeout 60
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = ("the council said that a bridge over the river would open in spring and the mayor agreed "
         "police reported minister announced on Monday after years of work").split()


def _words(n_bytes: int, rng: random.Random) -> str:
    out, size = [], 0
    while size < n_bytes:
        w = rng.choice(WORDS)
        out.append(w)
        size += len(w) + 1
    return " ".join(out)


def one_line(n: int, rng: random.Random) -> str:
    """Sentences with full stops, all on one line."""
    words = _words(n, rng).split()
    return "Headline of the day\n\n" + " ".join(
        " ".join(words[i:i + 18]).capitalize() + "." for i in range(0, len(words), 18))


def no_punctuation(n: int, rng: random.Random) -> str:
    return "Headline of the day\n\n" + _words(n, rng)


def short_lines(n: int, rng: random.Random) -> str:
    lines, size = ["Headline of the day", ""], 0
    while size < n:
        line = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize() + "."
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines)


def deep_html(n: int, rng: random.Random) -> str:
    depth = n // 22
    return ("<html><body><article><h1>Headline of the day</h1>" + "<div><span>" * (depth // 2)
            + "<p>The council said the bridge would open in spring.</p>" + "</span></div>" * (depth // 2)
            + "</article></body></html>")


SHAPES = {"one line": (one_line, ".txt"), "no punctuation": (no_punctuation, ".txt"),
          "short lines": (short_lines, ".txt"), "deep HTML": (deep_html, ".html")}


def run(path: str, timeout: float) -> tuple[int | str, float, float, str]:
    """exit code, seconds, peak RSS in MB, first line of stderr."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    # The child reports its own peak (VmHWM) at exit: ru_maxrss from wait4 would include this
    # process's peak (inherited across fork and exec), and this process holds the input text.
    code_ = ("import atexit, sys\n"
             "def hwm():\n"
             "    kb = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')][0]\n"
             "    sys.stderr.write('\\nvmhwm ' + kb + '\\n')\n"
             "atexit.register(hwm)\n"
             "from wellsourced.cli import main; main()")
    cmd = [sys.executable, "-c", code_, "read", "--json", path]
    t = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        code: int | str
        peak = 0
        while True:
            pid, status, _ = os.wait4(p.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            peak = max(peak, _hwm(p.pid))
            if time.perf_counter() - t > timeout:
                p.kill()
                os.wait4(p.pid, 0)
                code = "timeout"
                break
            time.sleep(0.05)
        secs = time.perf_counter() - t
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").strip().splitlines() or [""]
        for line in lines:
            if line.startswith("vmhwm "):
                peak = max(peak, int(line.split()[1]))
        first = next((ln for ln in lines if ln.strip()), "")
    return code, secs, peak / 1024, first


def _hwm(pid: int) -> int:
    """Peak RSS so far in KB (sampled while running; the exit report is exact)."""
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 10, 50], help="input sizes in MB")
    ap.add_argument("--shapes", nargs="+", default=list(SHAPES), choices=list(SHAPES))
    ap.add_argument("--timeout", type=float, default=120, help="seconds per input before it counts as a hang")
    a = ap.parse_args()
    rng = random.Random(15)
    print(f"{'shape':<15} {'MB':>4} {'exit':>7} {'seconds':>8} {'peak RSS MB':>12}  outcome")
    with tempfile.TemporaryDirectory() as d:
        for shape in a.shapes:
            make, ext = SHAPES[shape]
            for mb in a.sizes:
                path = os.path.join(d, f"in{ext}")
                n = int(mb * 2**20)
                Path(path).write_bytes(make(n, rng).encode("utf-8")[:n])  # exactly the size (the cap is 50 MB)
                code, secs, rss, first = run(path, a.timeout)
                outcome = "read" if code == 0 else first.removeprefix("error: ").split(": ", 1)[-1][:70]
                print(f"{shape:<15} {mb:>4g} {code!s:>7} {secs:>8.1f} {rss:>12.0f}  {outcome}", flush=True)


if __name__ == "__main__":
    main()
