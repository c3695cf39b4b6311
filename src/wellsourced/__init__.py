"""wellsourced: read, digest, check and trace news text.

Python API (the CLI and HTTP API call the same functions):
    from wellsourced import read_article, read_string, check, digest
"""
from __future__ import annotations

__version__ = "0.1.0"

from .errors import InputError, LanguageNotSupported
from .model import Article, CheckReport, Digest, Sentence, Verdict
from .read import iter_articles, read_article, read_string


def check(source: Article, derived: Article, engine: str = "default", **opts) -> CheckReport:
    """Audit `derived` against `source`, sentence by sentence (see wellsourced.check)."""
    from .check import check as _check

    return _check(source, derived, engine=engine, **opts)


def digest(article: Article, **opts) -> Digest:
    """An attributed digest of `article` (see wellsourced.digest)."""
    from .digest import digest as _digest

    return _digest(article, **opts)


__all__ = [
    "Article", "CheckReport", "Digest", "InputError", "LanguageNotSupported", "Sentence", "Verdict",
    "check", "digest", "iter_articles", "read_article", "read_string",
]
