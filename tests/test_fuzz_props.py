"""Property tests: whatever the input, reading gives an Article or an InputError (never another
exception), sentences respect the length cap, offsets stay exact, no control characters get
through. Short runs (CI); bench/fuzz.py runs 10k inputs."""
import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wellsourced.errors import InputError
from wellsourced.limits import LIMITS, from_env
from wellsourced.model import Article
from wellsourced.read import iter_text, read_string
from wellsourced.read.decode import decode
from wellsourced.read.split import cap_spans, split, strip_controls

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WORDS = ("the council said on Monday that bridge river would open mayor police " 
         "Mr. U.S. Jan. 5 p.m. 3.5 “quoted” \"quote\" ( ) [ ] { } < > & ... ! ? . , ; :").split()
ODD = ["\x1b[31m", "\x1b]0;t\x07", "\x00", "\x07", "\x9b", "\u202e", "\ufeff", "\t", "\n", "\n\n", "\r\n", "  ",
       "<p>", "</p>", "<script>", "<!--", "-->", "&amp;", "&#0;", "\ud7ff", "\U0001f600", "é", "ß", "ﬁ"]
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

texts = st.lists(st.sampled_from(WORDS + ODD), min_size=0, max_size=300).map(" ".join)


def check_article(art: Article, cap: int) -> None:
    body = art.body
    for s in art.sentences:
        assert 0 < len(s.text) <= cap
        assert body[s.start:s.end] == s.text
        assert not CONTROL.search(s.text), repr(s.text)


@FAST
@given(texts, st.sampled_from(["auto", "text", "html"]), st.integers(20, 400))
def test_any_text_reads_or_is_refused(text, fmt, cap):
    LIMITS.max_sentence_chars = cap
    try:
        art = read_string("Headline words\n\n" + text, fmt, annotate=False)
    except InputError:
        return
    finally:
        LIMITS.__dict__.update(from_env().__dict__)
    check_article(art, cap)


@FAST
@given(st.binary(max_size=3000))
def test_any_bytes_decode_or_are_refused(data):
    try:
        text = decode(data, "bytes")
    except InputError:
        return
    assert isinstance(text, str) and "\x00" not in text and text.strip()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.sampled_from(["text", "title", "items", "url", "x"]), kids, max_size=4),
    max_leaves=30,
)


@FAST
@given(json_values)
def test_any_json_gives_articles_or_errors(value):
    for item in iter_text(json.dumps(value), "doc.json", "json"):
        assert isinstance(item, (Article, InputError))
        if isinstance(item, Article):
            check_article(item, LIMITS.max_sentence_chars)


@FAST
@given(st.text(max_size=1000), st.integers(5, 200))
def test_cap_spans_cuts_every_sentence_and_drops_no_words(text, cap):
    spans, _ = cap_spans(split(text), text, cap)
    assert all(0 < b - a <= cap for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))
    kept = "".join(text[a:b] for a, b in spans)
    assert "".join(kept.split()) == "".join("".join(text[a:b] for a, b in split(text)).split())


@FAST
@given(st.text(max_size=500))
def test_strip_controls_leaves_no_control_and_is_idempotent(s):
    out = strip_controls(s)
    assert not CONTROL.search(re.sub(r"[\t\n\r\f\v]", "", out))
    assert strip_controls(out) == out
