"""wellsourced: read, digest, check and trace news text.

Python API (the CLI and HTTP API call the same functions):
    from wellsourced import read_article, read_string, check, digest, trace, Index
"""
from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING

__version__ = "0.1.0"

from .errors import InputError, LanguageNotSupported
from .model import Article, CheckReport, Digest, Sentence, TraceReport, Verdict
from .read import iter_articles, read_article, read_string

if TYPE_CHECKING:
    from .index import Index


def check(source: Article, derived: Article, engine: str = "default", **opts) -> CheckReport:
    """Audit `derived` against `source`, sentence by sentence (see wellsourced.check)."""
    from .check import check as _check

    return _check(source, derived, engine=engine, **opts)


def digest(article: Article, **opts) -> Digest:
    """An attributed digest of `article` (see wellsourced.digest)."""
    from .digest import digest as _digest

    return _digest(article, **opts)


def trace(derived: Article | str, index: Index | str, **opts) -> TraceReport:
    """The source article(s) of `derived` (an Article or text) in `index` (an Index or its
    directory), and the source sentence of each derived sentence (see wellsourced.trace)."""
    from .trace import _api

    return _api(derived, index, **opts)


_API = {"check": check, "digest": digest, "trace": trace}


class _ApiModule(types.ModuleType):
    """`wellsourced.check` names both an API function and a subpackage. Importing the
    subpackage (which the function itself does) makes Python set the package attribute to the
    module, so `import wellsourced as ws; ws.check(a, b)` failed from its second call on. The
    three subpackages take this class: calling the module calls the API function."""

    def __call__(self, *args, **kwargs):
        return _API[self.__name__.rpartition(".")[2]](*args, **kwargs)


def _api_package(name: str) -> None:
    """Called by wellsourced.check, .digest and .trace on import (see _ApiModule)."""
    sys.modules[name].__class__ = _ApiModule


def __getattr__(name: str):
    if name == "Index":  # lazy: numpy and the index code load only when asked for
        from .index import Index

        return Index
    raise AttributeError(name)


__all__ = [
    "Article", "CheckReport", "Digest", "Index", "InputError", "TraceReport", "LanguageNotSupported", "Sentence", "Verdict",
    "check", "digest", "iter_articles", "read_article", "read_string", "trace",
]
