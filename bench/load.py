"""Load test: `wellsourced serve` on 127.0.0.1, driven by 1, 20 and 50 concurrent clients (issue 15).

Starts the server the production way (`wellsourced serve`, uvicorn with our guarded HTTP/1.1
protocol; README "Running the server"), POSTs /check with the bundled example article and its
rewrite, and prints per level: requests, req/s, p50/p99 latency, errors (any answer but 200,
or a dropped connection) and the server's RSS (all its processes). Then two checks: past the
concurrency limit the extra requests get 503 + Retry-After, and SIGTERM under load stops the
server within 10 s. Requests and time are bounded: --requests per level, --seconds per level.
Only ever 127.0.0.1.

    python bench/load.py                                   # lexical engine, 1 worker
    python bench/load.py --engine default --workers 2 --seconds 30
"""
from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # never anything else


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """RSS of the server and its children (uvicorn workers), from /proc."""
    total = 0
    pids = [pid]
    try:
        kids = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        pids += [int(k) for k in kids]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


async def level(url: str, body: dict, clients: int, max_requests: int, seconds: float) -> dict:
    lat: list[float] = []
    errors: dict[str, int] = {}
    retry_after = 0
    sent = 0
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        async def worker():
            nonlocal sent, retry_after
            while sent < max_requests and time.perf_counter() < stop:
                sent += 1
                t = time.perf_counter()
                try:
                    r = await client.post(url, json=body)
                    if r.status_code == 200:
                        lat.append(time.perf_counter() - t)
                        continue
                    key = f"HTTP {r.status_code}"
                    retry_after += "retry-after" in r.headers
                except httpx.HTTPError as e:
                    key = type(e).__name__
                errors[key] = errors.get(key, 0) + 1

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        wall = time.perf_counter() - t0
    lat.sort()
    q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] if lat else float("nan")  # noqa: E731
    return {"clients": clients, "ok": len(lat), "rps": len(lat) / wall, "p50": q(0.5), "p99": q(0.99),
            "errors": errors, "retry_after": retry_after}


def start(port: int, a) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    cmd = [sys.executable, "-c", "from wellsourced.cli import main; main()", "--timeout", str(a.deadline), "serve",
           "--host", HOST, "--port", str(port), "--workers", str(a.workers), "--concurrency", str(a.concurrency),
           "--executing", str(a.executing)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    t = time.time()
    while time.time() - t < 180:
        try:
            if httpx.get(f"http://{HOST}:{port}/", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("server did not start within 180 s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engine", default="lexical")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--concurrency", type=int, default=50, help="the server's concurrency limit per worker")
    ap.add_argument("--executing", type=int, default=1, help="the server's requests computed at once per worker")
    ap.add_argument("--clients", type=int, nargs="+", default=[1, 20, 50])
    ap.add_argument("--requests", type=int, default=400, help="at most this many requests per level")
    ap.add_argument("--seconds", type=float, default=20, help="at most this long per level")
    ap.add_argument("--deadline", type=float, default=60, help="the server's deadline per request")
    a = ap.parse_args()
    ex = ROOT / "examples"
    body = {"source": (ex / "ferry-source.txt").read_text(), "derived": (ex / "ferry-rewrite.txt").read_text(),
            "engine": a.engine}
    port = free_port()
    url = f"http://{HOST}:{port}/check"
    proc = start(port, a)
    try:
        asyncio.run(level(url, body, 1, 3, 60))  # warm (first-request costs are not the steady state)
        print(f"engine {a.engine}, {a.workers} worker(s), concurrency limit {a.concurrency}/worker, {a.executing} computed at once, "
              f"<= {a.requests} requests or {a.seconds:g} s per level")
        print(f"{'clients':>7} {'ok':>5} {'req/s':>7} {'p50 s':>7} {'p99 s':>7} {'server RSS MB':>14}  errors")
        for c in a.clients:
            r = asyncio.run(level(url, body, c, a.requests, a.seconds))
            print(f"{c:>7} {r['ok']:>5} {r['rps']:>7.2f} {r['p50']:>7.2f} {r['p99']:>7.2f} {rss_mb(proc.pid):>14.0f}  "
                  f"{r['errors'] or 0}", flush=True)
        over = a.concurrency * a.workers + 20
        r = asyncio.run(level(url, body, over, over, a.seconds))
        n503 = r["errors"].get("HTTP 503", 0)
        print(f"past the limit ({over} clients, one request each): {r['ok']} ok, {n503} x 503 "
              f"({r['retry_after']} with Retry-After), other errors {({k: v for k, v in r['errors'].items() if k != 'HTTP 503'}) or 0}")

        async def load_then_term() -> float:
            task = asyncio.ensure_future(level(url, body, 20, 10_000, 30))
            await asyncio.sleep(2)
            t = time.perf_counter()
            proc.send_signal(signal.SIGTERM)
            while proc.poll() is None and time.perf_counter() - t < 30:
                await asyncio.sleep(0.1)
            took = time.perf_counter() - t
            await task
            return took

        took = asyncio.run(load_then_term())
        err = proc.stderr.read().decode("utf-8", "replace")
        print(f"SIGTERM under 20 clients: stopped in {took:.1f} s (exit {proc.returncode}); "
              f"tracebacks in server log: {err.count('Traceback')}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


if __name__ == "__main__":
    main()
