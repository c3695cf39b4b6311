"""The `check` job: is every sentence of a derived text supported by its source?

check(source, derived) -> CheckReport; check_texts() for plain strings. See pipeline.py
for the steps and docs/check.md for how the default engine was trained and measured.
"""
from .. import _api_package
from .pipeline import Prepared, check, check_texts

__all__ = ["check", "check_texts", "Prepared"]

_api_package(__name__)  # wellsourced.check(...) stays the API function
