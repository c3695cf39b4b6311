"""Engine registry. Engines are imported lazily by name so `nli` (torch) and `llm` (httpx)
cost nothing unless asked for. `lexical` is `default` without the optional model packages;
`consistency` is our claim model alone."""
from __future__ import annotations

import importlib

from .base import ClaimContext, Engine, Judgement

ENGINES = {"default": ".default:DefaultEngine", "lexical": ".default:LexicalEngine", "consistency": ".consistency:ConsistencyEngine", "nli": ".nli:NLIEngine",
           "llm": ".llm:LLMEngine"}


def get_engine(name: str, **opts) -> Engine:
    if isinstance(name, Engine):
        return name
    if name not in ENGINES:
        from ...errors import InputError

        raise InputError("--engine", f"unknown engine '{name}'; choose one of {', '.join(ENGINES)}")
    module, cls = ENGINES[name].split(":")
    return getattr(importlib.import_module(module, __name__), cls)(**opts)


__all__ = ["ClaimContext", "Engine", "Judgement", "get_engine", "ENGINES"]
