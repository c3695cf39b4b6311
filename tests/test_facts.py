"""Facts in sentences: numbers with hedges and units, quotations with speakers, entity aliases."""
import pytest

from wellsourced.facts.entities import names_match, normalise
from wellsourced.facts.numbers import find_numbers
from wellsourced.read import read_article, read_string


def num(text: str, i: int = 0):
    ns = find_numbers(text)
    assert ns, text
    n = ns[i]
    return n.text, n.value, n.unit, n.hedge


# --- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Baghdad condemned the massacre of at least 1,383 civilians.", ("at least 1,383 civilians", 1383, "civilians", "at least")),
        ("Police arrested over a dozen Syrians on Monday.", ("over a dozen Syrians", 12, "Syrians", "over")),
        ("Iraqi forces arrested at least 13 Syrians.", ("at least 13 Syrians", 13, "Syrians", "at least")),
        ("They found 13 bodies.", ("13 bodies", 13, "bodies", None)),
        ("The deal is worth $5.2 million.", ("$5.2 million", 5_200_000, "$", None)),
        ("Water levels fell 3.5% overnight.", ("3.5%", 3.5, "%", None)),
        ("Unemployment rose to 7 percent.", ("7 percent", 7, "%", None)),
        ("during a 13-year civil war", ("13-year", 13, "years", None)),  # a duration; "year" is a calendar year
        ("More than 100 protesters were killed.", ("More than 100 protesters", 100, "protesters", "over")),
        ("nearly 40 people died", ("nearly 40 people", 40, "people", "nearly")),
        ("Thousands of people marched.", ("Thousands of people", 1000, "people", "about")),
        ("The plant employs about 2.5bn workers", ("about 2.5bn workers", 2.5e9, "workers", "about")),
    ],
)
def test_numbers(text, expected):
    t, v, u, h = num(text)
    assert (t, v, u, h) == (expected[0], pytest.approx(expected[1]), expected[2], expected[3])


def test_number_offsets_point_into_sentence():
    s = "Baghdad condemned the massacre of at least 1,383 civilians in coastal Syria."
    for n in find_numbers(s):
        assert s[n.start : n.end] == n.text


def test_years_and_plain_words_are_not_counts():
    ns = find_numbers("He was targeted by US sanctions in 2023.")
    assert [(n.value, n.unit) for n in ns] == [(2023, "year")]
    assert find_numbers("It was one of the most dangerous places.") == []


# --- quotes and speakers -------------------------------------------------------------------


@pytest.fixture(scope="module")
def source(seeds):
    return read_article(str(seeds / "source.txt"), annotate=True)


def quote_starting(art, prefix):
    for s in art.sentences:
        for q in s.quotes:
            if q.text.startswith(prefix):
                return q
    raise AssertionError(f"no quote starting {prefix!r}")


@pytest.mark.parametrize(
    "prefix, speaker",
    [
        ("reinforce cooperation", "Syria's interim foreign minister"),  # not "Baghdad"
        ("Security is a shared responsibility", "Shaibani"),
        ("was considered one of the most dangerous", "Sudani"),
        ("tangible results", "Hussein"),
        ("We discussed what happened", "he"),
        ("promoting terrorist groups", "two interior ministry officials"),
    ],
)
def test_quote_speakers_in_source(source, prefix, speaker):
    assert quote_starting(source, prefix).speaker == speaker


def test_quote_spanning_two_sentences_is_one_quote(source):
    q = quote_starting(source, "We are ready to reinforce cooperation")
    assert q.text.endswith("Terrorism knows no borders")


def test_scare_quotes_are_not_quotations(source):
    assert not any(q.text == "so-called" for s in source.sentences for q in s.quotes)


@pytest.mark.parametrize(
    "text, speaker",
    [
        ('"We will rebuild the bridge," said Mayor Jane Smith, adding that work would start soon.', "Mayor Jane Smith"),
        ('"It is over," according to the ministry.', "the ministry"),
        ("\u201cThis was a black eye for the agency,\u201d she said.", "she"),
        ('In a statement, Shaibani stated, \u201cSecurity is a shared responsibility.\u201d', "Shaibani"),
        ('The company has also said in a statement that it "regrets the long delay".', "The company"),
    ],
)
def test_quote_speakers(text, speaker):
    art = read_string(text, fmt="text")
    quotes = [q for s in art.sentences for q in s.quotes]
    assert [q.speaker for q in quotes] == [speaker]


# --- entities and aliases ------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b",
    [("U.S.", "US"), ("US", "United States"), ("the United States", "U.S."), ("IS", "Islamic State"),
     ("Daesh", "Islamic State"), ("the Islamic State group", "ISIS"), ("ISIL", "IS"), ("U.N.", "United Nations"),
     ("Al-Qaeda", "al Qaida")],
)
def test_aliases_normalise_alike(a, b):
    assert normalise(a) == normalise(b)


def test_names_match_parts():
    assert names_match(normalise("Shaibani"), normalise("Asaad al-Shaibani"))
    assert names_match(normalise("Sudani"), normalise("Mohammed Shia al-Sudani"))
    assert not names_match(normalise("Hussein"), normalise("Shaibani"))
    assert normalise("Shaibani's") == "shaibani" and normalise("José") == "jose"


def test_ner_tags_alias_names(source):
    ents = {(e.text, e.label) for s in source.sentences for e in s.entities}
    assert ("Islamic State group", "ORG") in ents  # the small model alone tags only "Islamic"
    assert ("Daesh", "ORG") in ents and ("IS", "ORG") in ents
    norms = {e.norm for s in source.sentences for e in s.entities}
    assert {"islamic state", "united states", "al qaeda"} <= norms  # "Al-Qaeda" (in Iraq)


def test_aliases_across_source_and_derived(seeds, source):
    derived = read_article(str(seeds / "derived.txt"))
    d = {e.norm for s in derived.sentences for e in s.entities}
    s_ = {e.norm for s in source.sentences for e in s.entities}
    assert "islamic state" in d and "islamic state" in s_
    assert "united states" in d and "united states" in s_  # "U.S." there, "US"/"United States" here


def test_spacy_is_loaded_without_torch_and_torch_still_imports():
    """thinc imports torch when it is installed, which cost seconds at every start; our pipeline
    never uses it. In a fresh process: the pipeline loads without it, and torch (when installed,
    for the nli engine and training) can still be imported afterwards."""
    import subprocess
    import sys

    code = ("from wellsourced import nlp; ents = [e.text for e in nlp.ner()('Ana Ruiz flew to Paris.').ents]; "
            "import sys, thinc.compat as c; assert 'Paris' in ents and not c.has_torch and 'torch' not in sys.modules; "
            "import importlib.util as u; spec = u.find_spec('torch'); spec and __import__('torch'); print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-500:]


def test_a_quotation_standing_alone_after_its_speakers_sentence_is_theirs():
    art = read_string('"You cannot run a city on savings," Mayor Ada Brill told reporters. "The council is choosing a headline over a plan."\n\n'
                      '"We will keep talking," she added.', fmt="text", annotate=True)
    assert quote_starting(art, "The council is choosing").speaker == "Mayor Ada Brill"
    # the next paragraph's quotation has its own (pronoun) speaker, and no one named before it
    assert quote_starting(art, "We will keep talking").speaker == "she"


def test_he_or_she_said_after_a_named_speaker_is_that_speaker():
    art = read_string("Manager Ilse Carrow said the row had not affected the team. \"He is a professional,\" she said.\n\n"
                      "Police arrested a man on Monday. \"We are confident,\" he said.", fmt="text", annotate=True)
    assert quote_starting(art, "He is a professional").speaker == "Manager Ilse Carrow"
    assert quote_starting(art, "We are confident").speaker == "he"  # "arrested" is no speech verb


def test_single_quotes_hold_a_quotation_but_apostrophes_do_not():
    art = read_string("Councillor Ivo Marsh said the plan was 'a headline, not a budget'. The workers' union and the "
                      "members' fund said it's fine, and the players ' union agreed.", fmt="text", annotate=True)
    quotes = [q.text for s in art.sentences for q in s.quotes]
    assert quotes == ["a headline, not a budget"], quotes
