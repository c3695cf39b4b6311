"""URL inputs on the command line: fetched from a local server (127.0.0.1 only), with limits."""
import http.server
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wellsourced.cli import app
from wellsourced.errors import InputError
from wellsourced.read import read_article
from wellsourced.read.fetch import USER_AGENT, fetch

FIX = Path(__file__).parent / "fixtures" / "read"
PAGE = (FIX / "meta_byline.html").read_bytes()
SEEN: list[str] = []


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):
        SEEN.append(self.headers.get("User-Agent", ""))
        if self.path == "/page":
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/page")
            self.end_headers()
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/big":
            # no Content-Length: the cap must count bytes as they arrive
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"<p>" + b"x" * 65536 + b"</p>")
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.path == "/pdf":
            self._send(200, b"%PDF-1.4", "application/pdf")
        else:
            self._send(404, b"not here", "text/plain")

    def _send(self, code, body, ctype):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_read_url_follows_redirect_and_sends_user_agent(server):
    a = read_article(f"{server}/moved", annotate=False, fetch=True)
    assert a.title == "Library hours cut as council trims budget"
    assert a.url == f"{server}/page" and a.id == a.url
    assert SEEN[-1] == USER_AGENT


def test_limits(server):
    with pytest.raises(InputError, match="more than 2 redirects"):
        fetch(f"{server}/loop", max_redirects=2)
    with pytest.raises(InputError, match="over the 1 MB limit"):
        fetch(f"{server}/big", max_bytes=1_000_000)
    with pytest.raises(InputError, match="HTTP 404"):
        fetch(f"{server}/nope")
    with pytest.raises(InputError, match="content type application/pdf"):
        fetch(f"{server}/pdf")


def test_api_does_not_fetch_by_default(server):
    with pytest.raises(InputError, match="fetching is off"):
        read_article(f"{server}/page", annotate=False)


def test_cli_read_check_digest_fetch_and_offline(server):
    r = CliRunner()
    res = r.invoke(app, ["read", f"{server}/page", "--no-facts"])
    assert res.exit_code == 0 and "Library hours cut" in res.output
    res = r.invoke(app, ["read", f"{server}/page", "--offline"])
    assert res.exit_code == 2 and "fetching is off" in res.output
    res = r.invoke(app, ["digest", f"{server}/page"])
    assert res.exit_code == 0 and "Ana Ruiz" in res.output
    res = r.invoke(app, ["digest", f"{server}/page", "--offline"])
    assert res.exit_code == 2
    res = r.invoke(app, ["check", f"{server}/page", f"{server}/nope"])
    assert res.exit_code == 2 and "HTTP 404" in res.output
