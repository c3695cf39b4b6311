"""`llm` engine: an LLM judge behind any OpenAI-compatible chat server.

One request per claim: the claim plus its best 1-3 aligned source windows, and the answer
asked for as JSON: {"label": supported|contradicted|unsupported|opinion, "kind": error kind or
null, "evidence": passage number, "explanation": "..."}. Answers are parsed leniently (code
fences, text around the object, <think> blocks, Python-style dicts); an unusable answer gets
one retry, then the judgement has label None (score 0.5) and a line in `engine.warnings`;
the check pipeline turns such an abstention into "unsupported" (never "supported") and
repeats the warning in the report. Server errors (unreachable, HTTP errors, non-OpenAI answers) raise
`LLMError`, an InputError: they are the user's setup to fix, and every claim would fail alike.

Works with Ollama (http://localhost:11434), vLLM (http://localhost:8000), llama.cpp server
(http://localhost:8080) and hosted OpenAI-compatible APIs (api_key).
"""
from __future__ import annotations

import ast
import json
import re
from concurrent.futures import ThreadPoolExecutor
from typing import get_args

from ...errors import InputError
from ...llm import chat
from ...model import ErrorKind, Evidence, Issue
from .base import ClaimContext, Engine, Judgement

KINDS: tuple[str, ...] = get_args(ErrorKind)

# P(supported) for each label the judge can give
LABEL_SCORES: dict[str, float] = {
    "supported": 0.95,
    "not a claim": 0.9,
    "opinion": 0.25,
    "unsupported": 0.1,
    "contradicted": 0.03,
}
UNPARSED_SCORE = 0.5

_SYNONYMS = {
    "supported": "supported", "support": "supported", "supports": "supported", "entailed": "supported",
    "entailment": "supported", "consistent": "supported", "true": "supported", "correct": "supported",
    "contradicted": "contradicted", "contradiction": "contradicted", "contradicts": "contradicted",
    "refuted": "contradicted", "refutes": "contradicted", "false": "contradicted", "inconsistent": "contradicted",
    "unsupported": "unsupported", "not supported": "unsupported", "neutral": "unsupported",
    "not enough info": "unsupported", "not enough information": "unsupported", "unverifiable": "unsupported",
    "opinion": "opinion", "not a claim": "not a claim",
}

SYSTEM_PROMPT = """\
You check one sentence (the CLAIM) from a news summary or rewrite against passages of the \
SOURCE article it was written from. Judge only against the passages, not outside knowledge.

Labels:
- supported: the passages say it (paraphrase is fine) with the same numbers, names, speakers and certainty.
- contradicted: the passages say something incompatible: another number, name or speaker, the opposite.
- unsupported: the passages do not say it: added detail, invented claim or link.
- opinion: a judgement or opinion in the writer's own voice that the source does not attribute to anyone.

Kinds of error (null when supported):
number (changed number, or a hedge such as "at least" lost or changed), entity (changed or swapped \
person, place, organisation), attribution (wrong speaker or actor), quote (quotation not in the source, \
or altered), hedge (allegation or claim stated as fact), negation (polarity flipped), causal (invented \
cause or consequence), invented (nothing in the source about it).

Answer with one JSON object and nothing else:
{"label": "supported|contradicted|unsupported|opinion", "kind": "number|entity|attribution|quote|hedge|negation|causal|invented" or null, "evidence": <number of the passage you relied on>, "explanation": "<one short sentence>"}"""

RETRY_PROMPT = (
    "That answer could not be read. Reply with only the JSON object, for example: "
    '{"label": "unsupported", "kind": "invented", "evidence": 1, "explanation": "The source does not mention it."}'
)


class LLMEngine(Engine):
    name = "llm"
    abstains = True  # label None = no usable answer: the pipeline counts it unsupported, never supported

    def __init__(self, url: str = "", model: str = "", api_key: str | None = None, timeout: float = 120,
                 windows: int = 3, workers: int = 1, max_tokens: int | None = None, *,
                 llm_url: str | None = None, llm_model: str | None = None):
        """url: the server (http://localhost:11434 for Ollama; /v1 is added when missing).
        windows: how many of the best evidence windows to show (1-3 recommended).
        workers: claims judged in parallel (servers such as vLLM batch concurrent requests).
        llm_url / llm_model: the CLI's option names (--llm-url, --llm-model); they win over url / model."""
        url = (llm_url or url or "").strip()
        model = llm_model or model
        if not url:
            raise InputError("llm", "no LLM server given: use --llm-url URL (e.g. http://localhost:11434 for Ollama)")
        if not (model or "").strip():
            raise InputError("llm", "no LLM model given: use --llm-model NAME (e.g. llama3.1)")
        if "://" not in url:
            url = "http://" + url
        self.url = url
        self.model = model.strip()
        self.api_key = api_key
        self.timeout = float(timeout)
        self.windows = max(1, int(windows))
        self.workers = max(1, int(workers))
        self.max_tokens = max_tokens
        self.warnings: list[str] = []  # answers that could not be used, from the last judge()

    # --- prompt ---

    def passages(self, ctx: ClaimContext) -> list[tuple[int, Evidence]]:
        """The windows shown to the judge: the best `self.windows`, skipping ones already covered."""
        chosen: list[tuple[int, Evidence]] = []
        for i, w in enumerate(ctx.windows):
            if len(chosen) >= self.windows:
                break
            ids = set(w.sentence_ids)
            if any(w.text.strip() == c.text.strip() or (ids and ids <= set(c.sentence_ids)) for _, c in chosen):
                continue
            chosen.append((i, w))
        return chosen

    def messages(self, ctx: ClaimContext, passages: list[tuple[int, Evidence]]) -> list[dict]:
        if passages:
            shown = "\n".join(f"[{n}] {w.text.strip()}" for n, (_, w) in enumerate(passages, 1))
        else:
            shown = "(no passage of the source matches this claim)"
        user = f"SOURCE PASSAGES:\n{shown}\n\nCLAIM: {ctx.claim.text.strip()}\n\nAnswer with the JSON object only."
        return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]

    # --- judging ---

    def judge(self, contexts: list[ClaimContext]) -> list[Judgement]:
        self.warnings = []
        if self.workers == 1 or len(contexts) < 2:
            results = [self._judge_one(ctx) for ctx in contexts]
        else:
            with ThreadPoolExecutor(max_workers=self.workers) as pool:
                results = list(pool.map(self._judge_one, contexts))
        out = []
        for judgement, warning in results:
            if warning:
                self.warnings.append(warning)
            out.append(judgement)
        return out

    def _ask(self, messages: list[dict]) -> str:
        return chat(self.url, self.model, messages, temperature=0.0, timeout=self.timeout,
                    api_key=self.api_key, max_tokens=self.max_tokens)

    def _judge_one(self, ctx: ClaimContext) -> tuple[Judgement, str | None]:
        passages = self.passages(ctx)
        messages = self.messages(ctx, passages)
        answer = self._ask(messages)
        parsed = parse_answer(answer)
        if parsed is None:
            retry = messages + [{"role": "assistant", "content": answer}, {"role": "user", "content": RETRY_PROMPT}]
            answer = self._ask(retry)
            parsed = parse_answer(answer)
        if parsed is None:
            snippet = " ".join(answer.split())[:80]
            warning = (f"llm engine: no usable answer for {ctx.claim.id} after one retry, "
                       f"scored {UNPARSED_SCORE} (answer began {snippet!r})")
            return Judgement(score=UNPARSED_SCORE, label=None), warning
        return self._judgement(parsed, passages, ctx), None

    def _judgement(self, parsed: dict, passages: list[tuple[int, Evidence]], ctx: ClaimContext) -> Judgement:
        label = parsed["label"]
        judgement = Judgement(score=LABEL_SCORES[label], label=label)  # type: ignore[arg-type]
        n = parsed.get("evidence")
        if passages:
            judgement.evidence = passages[n - 1][0] if isinstance(n, int) and 1 <= n <= len(passages) else passages[0][0]
        kind = parsed.get("kind")
        # an error kind the fact checks already reported is not repeated (theirs names the spans)
        if kind and label in ("contradicted", "unsupported", "opinion") and kind not in {i.kind for i in ctx.issues}:
            detail = parsed.get("explanation") or f"the LLM judge found a {kind} error"
            judgement.issues.append(Issue(kind=kind, detail=f"llm: {detail}"))
        return judgement


# --- parsing -----------------------------------------------------------------------------------

_THINK = re.compile(r"<think>.*?(</think>|$)", re.S | re.I)
_FENCE = re.compile(r"```[a-zA-Z0-9_-]*\s*\n?(.*?)```", re.S)


def parse_answer(text: str | None) -> dict | None:
    """The judge's answer as {"label", "kind", "evidence", "explanation"}, normalised; None if unusable."""
    if not text:
        return None
    text = _THINK.sub("", text).strip()
    candidates = [m.group(1) for m in _FENCE.finditer(text)] + [text]
    for cand in candidates:
        for obj in _objects(cand):
            norm = _normalise(obj)
            if norm is not None:
                return norm
    return None


def _objects(text: str):
    """Every dict that a '{' in the text starts, as JSON or as a Python literal."""
    decoder = json.JSONDecoder()
    for m in re.finditer(r"\{", text):
        i = m.start()
        try:
            obj, _ = decoder.raw_decode(text, i)
        except ValueError:
            obj = _literal(text, i)
        if isinstance(obj, dict):
            yield obj


def _literal(text: str, start: int):
    """A Python-style dict ({'label': 'supported', 'kind': None}) from a balanced {...}."""
    depth = 0
    for j in range(start, min(len(text), start + 4000)):
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
            if depth == 0:
                chunk = text[start:j + 1]
                chunk = re.sub(r"\bnull\b", "None", chunk)
                chunk = re.sub(r"\btrue\b", "True", chunk)
                chunk = re.sub(r"\bfalse\b", "False", chunk)
                try:
                    return ast.literal_eval(chunk)
                except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                    return None
    return None


def _normalise(obj: dict) -> dict | None:
    keys = {str(k).strip().lower(): v for k, v in obj.items()}
    raw = keys.get("label", keys.get("verdict"))
    if not isinstance(raw, str):
        return None
    label = _SYNONYMS.get(re.sub(r"[\s_-]+", " ", raw.strip().lower()))
    if label is None:
        return None
    kind = keys.get("kind", keys.get("error"))
    kind = kind.strip().lower() if isinstance(kind, str) else None
    if kind not in KINDS:
        kind = None
    evidence = keys.get("evidence")
    if isinstance(evidence, list) and evidence:
        evidence = evidence[0]
    if isinstance(evidence, str):
        digits = re.search(r"\d+", evidence)
        evidence = int(digits.group()) if digits else None
    if isinstance(evidence, bool) or not isinstance(evidence, int):
        evidence = None
    explanation = keys.get("explanation", keys.get("reason"))
    explanation = " ".join(str(explanation).split())[:500] if explanation not in (None, "") else None
    return {"label": label, "kind": kind, "evidence": evidence, "explanation": explanation}


