"""Engine registry. Engines are imported lazily by name so `nli` (torch) and `llm` (httpx)
cost nothing unless asked for."""
from __future__ import annotations

import importlib

from .base import ClaimContext, Engine, Judgement

ENGINES = {"default": ".default", "nli": ".nli", "llm": ".llm"}


def get_engine(name: str, **opts) -> Engine:
    if isinstance(name, Engine):
        return name
    if name not in ENGINES:
        from ...errors import InputError

        raise InputError("--engine", f"unknown engine '{name}'; choose one of {', '.join(ENGINES)}")
    mod = importlib.import_module(ENGINES[name], __name__)
    cls = getattr(mod, "ENGINE", None) or next(
        v for v in vars(mod).values() if isinstance(v, type) and issubclass(v, Engine) and v is not Engine and v.__module__ == mod.__name__
    )
    return cls(**opts)


__all__ = ["ClaimContext", "Engine", "Judgement", "get_engine", "ENGINES"]
