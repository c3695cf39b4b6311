"""Sentence splitting on news text."""
import pytest

from wellsourced.read.split import clean_line, split


def sents(text: str) -> list[str]:
    return [text[a:b] for a, b in split(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # abbreviations inside a sentence
        ("U.S. forces left Syria. The army stayed.", ["U.S. forces left Syria.", "The army stayed."]),
        ("The U.S. Treasury imposed sanctions on Friday.", ["The U.S. Treasury imposed sanctions on Friday."]),
        ("Mr. Smith met Mrs. Jones and Dr. Lee. They talked.", ["Mr. Smith met Mrs. Jones and Dr. Lee.", "They talked."]),
        ("Gen. Mark Milley and Sen. Ted Cruz spoke.", ["Gen. Mark Milley and Sen. Ted Cruz spoke."]),
        # initials
        ("John F. Kennedy was shot in Dallas. J. K. Rowling wrote books.",
         ["John F. Kennedy was shot in Dallas.", "J. K. Rowling wrote books."]),
        ("George W. Bush visited Iraq in 2003.", ["George W. Bush visited Iraq in 2003."]),
        # tokenised, lower-cased text (benchmark summaries): every detached stop ends a sentence
        ("billy was last seen on saturday . since then he has n't been seen .",
         ["billy was last seen on saturday .", "since then he has n't been seen ."]),
        # dates and times
        ("The vote is on Jan. 5 in Baghdad. Results follow.", ["The vote is on Jan. 5 in Baghdad.", "Results follow."]),
        ("It opened on Sept. 12, 2024, after delays.", ["It opened on Sept. 12, 2024, after delays."]),
        ("The curfew starts at 9 p.m. on Friday and ends at 6 a.m. on Saturday.",
         ["The curfew starts at 9 p.m. on Friday and ends at 6 a.m. on Saturday."]),
        ("The blast happened at 5 p.m. Police sealed off the area.",
         ["The blast happened at 5 p.m.", "Police sealed off the area."]),
        # an abbreviation that really ends the sentence
        ("He now lives in the U.S. The move was sudden.", ["He now lives in the U.S.", "The move was sudden."]),
        # numbers, decimals, ellipses
        ("Prices rose 3.5% in March. No. 10 said nothing.", ["Prices rose 3.5% in March.", "No. 10 said nothing."]),
        ("We discussed the community... and we expressed concern.", ["We discussed the community... and we expressed concern."]),
        ("Who knew? Nobody did! It was a shock.", ["Who knew?", "Nobody did!", "It was a shock."]),
        # a question in a quotation followed by its speaker stays one sentence
        ('"Why now?" Smith asked. He got no answer.', ['"Why now?" Smith asked.', "He got no answer."]),
        ("iPhone sales fell. iPad sales rose.", ["iPhone sales fell.", "iPad sales rose."]),
    ],
)
def test_split(text, expected):
    assert sents(text) == expected


def test_quote_spanning_sentences_stays_with_speaker():
    text = ('"We are ready to reinforce cooperation along the whole length of the border. '
            'Terrorism knows no borders," he said. Talks resume on Monday.')
    assert sents(text) == [
        '"We are ready to reinforce cooperation along the whole length of the border. '
        'Terrorism knows no borders," he said.',
        "Talks resume on Monday.",
    ]


def test_curly_quote_spanning_sentences():
    text = "\u201cIt is over. We go home now,\u201d she said. Nobody argued."
    assert sents(text) == ["\u201cIt is over. We go home now,\u201d she said.", "Nobody argued."]


def test_unclosed_quote_does_not_swallow_the_paragraph():
    text = 'He called it "a disaster. One. Two. Three. Four. Five. Six.'
    assert len(sents(text)) > 2


def test_spans_cover_text_without_edge_spaces():
    text = "  First one here.   Second one here.  "
    spans = split(text)
    assert [text[a:b] for a, b in spans] == ["First one here.", "Second one here."]


def test_sentence_after_closing_quote_and_open_quote():
    text = 'The vote was close, she said. "It is a win for everyone," Ruiz added.'
    assert sents(text) == ["The vote was close, she said.", '"It is a win for everyone," Ruiz added.']


def test_cjk_full_stops():
    assert len(sents("今日は晴れです。明日は雨です。")) == 2


def test_clean_line_folds_spaces_and_nbsp():
    assert clean_line("  a\u00a0 b\t\tc  ") == "a b c"


def test_fast_enough():
    import time

    para = ("Syria's interim foreign minister said in Baghdad on Friday his government was ready. "
            "Mr. Shaibani met Fuad Hussein at 5 p.m. on Jan. 5 in the U.S. embassy. ") * 20
    t = time.perf_counter()
    for _ in range(200):
        split(para)
    assert time.perf_counter() - t < 2.0  # ~8,000 sentences; spaCy took ~10x longer
