"""The interface every entailment engine implements.

The check pipeline aligns each derived sentence (a claim) to candidate evidence windows
(1-3 consecutive source sentences), runs the fact checks, then asks an engine how likely
the claim is supported. Engines differ only in how they score: `default` (shipped
calibrated model over alignment + fact features), `nli` (a local HF checkpoint),
`llm` (an OpenAI-compatible judge).
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from ...model import Article, Evidence, Issue, Sentence, VerdictLabel


@dataclass
class ClaimContext:
    claim: Sentence  # the derived sentence, annotated
    windows: list[Evidence]  # candidate evidence, best first (sentence ids + joined text + align score)
    source: Article  # the whole source, annotated
    issues: list[Issue] = field(default_factory=list)  # what the fact checks found
    features: dict[str, float] = field(default_factory=dict)  # alignment/lexical/fact features


@dataclass
class Judgement:
    score: float  # P(supported), 0..1
    label: VerdictLabel | None = None  # engines that can name a label (llm) may; else thresholds decide
    issues: list[Issue] = field(default_factory=list)  # extra issues the engine found
    evidence: int = 0  # index into ctx.windows of the window the engine relied on


class Engine(ABC):
    name: str = "base"
    # True for engines whose Judgement.label is None only when they could not judge (llm:
    # an unusable answer): the pipeline then never counts the sentence as supported.
    abstains: bool = False

    @abstractmethod
    def judge(self, contexts: list[ClaimContext]) -> list[Judgement]:
        """Score a batch of claims (batched so model engines can run efficiently)."""
