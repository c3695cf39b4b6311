"""Fetch one web page for the command line (`wellsourced read https://...`).

Only front ends that act for the person running them fetch: the CLI does unless --offline
is given; the HTTP API never does (a client must not make the server open URLs). Limits:
bytes are counted as they arrive (a server may lie about or omit Content-Length), the whole
transfer has a deadline, redirects are capped, and only http(s) is followed.
"""
from __future__ import annotations

import re
import time

from .. import __version__
from ..errors import InputError

MAX_BYTES = 10 * 1024 * 1024  # a news page with its markup is well under 5 MB
TIMEOUT_S = 20.0  # the whole transfer, not each read
MAX_REDIRECTS = 5
USER_AGENT = f"wellsourced/{__version__} (news reader; +https://pypi.org/project/wellsourced/)"
URL = re.compile(r"^https?://[^\s/]+", re.I)
TEXTUAL = ("text/", "application/xhtml", "application/xml", "application/rss", "application/atom",
           "application/json", "application/ld+json", "application/x-ndjson")


def is_url(s: str) -> bool:
    return bool(URL.match(s.strip()))


def fetch(url: str, *, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT_S,
          max_redirects: int = MAX_REDIRECTS) -> tuple[bytes, str]:
    """(body bytes, final URL after redirects). Raises InputError naming the URL."""
    import httpx

    deadline = time.monotonic() + timeout
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5"}
    try:
        with httpx.Client(follow_redirects=True, max_redirects=max_redirects, timeout=min(timeout, 10.0),
                          headers=headers, trust_env=False) as client:
            with client.stream("GET", url) as r:
                if r.status_code >= 400:
                    raise InputError(url, f"cannot fetch: HTTP {r.status_code} {r.reason_phrase}".rstrip())
                ctype = r.headers.get("content-type", "").split(";")[0].strip().lower()
                if ctype and not ctype.startswith(TEXTUAL):
                    raise InputError(url, f"not a web page or feed (content type {ctype})")
                declared = r.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise InputError(url, f"page is {int(declared) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB")
                chunks: list[bytes] = []
                size = 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise InputError(url, f"page is over the {max_bytes / 1e6:.0f} MB limit")
                    if time.monotonic() > deadline:
                        raise InputError(url, f"cannot fetch: took over {timeout:g} s")
                    chunks.append(chunk)
                return b"".join(chunks), str(r.url)
    except InputError:
        raise
    except httpx.TooManyRedirects:
        raise InputError(url, f"cannot fetch: more than {max_redirects} redirects") from None
    except httpx.TimeoutException:
        raise InputError(url, f"cannot fetch: no answer within {min(timeout, 10.0):g} s") from None
    except httpx.UnsupportedProtocol:
        raise InputError(url, "cannot fetch: redirected to a scheme other than http(s)") from None
    except httpx.InvalidURL as e:
        raise InputError(url, f"invalid URL ({e})") from None
    except httpx.HTTPError as e:
        reason = str(e).split("\n")[0] or type(e).__name__
        raise InputError(url, f"cannot fetch: {reason}") from None
