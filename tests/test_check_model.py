"""Our claim model inside `check`: the `consistency` engine, the default engine's use of it, and
the fallbacks when it cannot run. Examples are our own text."""
import pytest

from wellsourced.check import check, claimmodel
from wellsourced.check.engines import consistency, get_engine
from wellsourced.check.pipeline import Prepared
from wellsourced.errors import InputError
from wellsourced.read import read_string

needs_model = pytest.mark.skipif(not claimmodel.available(), reason="the claim model (wellsourced[embed]) is not installed")

SOURCE = ("Westbay council votes for flood barrier\n\n"
          "The Westbay harbour council voted on Tuesday to build a flood barrier at the mouth of the river. "
          "The barrier will cost 48 million pounds and take three years to finish, the council's engineer said. "
          "Residents of the lower town have asked for protection since the floods of 2019. "
          "The opposition leader, Maria Lund, said the council had ignored cheaper plans.")


def art(text, where="t"):
    return read_string(text, fmt="text", where=where, annotate=False)


@pytest.fixture
def no_model(tmp_path, monkeypatch):
    monkeypatch.setenv("WELLSOURCED_CLAIM_MODEL_DIR", str(tmp_path))
    claimmodel.scorer.cache_clear()
    yield
    claimmodel.scorer.cache_clear()


@needs_model
def test_consistency_engine_supports_a_restatement_and_not_a_changed_fact():
    src = art(SOURCE, "source")
    r = check(src, art("The council voted to build a flood barrier at the river mouth. "
                       "The barrier will take three years to finish and cost 48 million pounds.", "derived"), engine="consistency")
    assert r.engine == "consistency"
    assert [v.label for v in r.verdicts] == ["supported", "supported"]
    # an invented cause and an invented payer: what the model catches and word overlap does not
    bad = check(src, art("The council voted on Tuesday to build a flood barrier after a storm destroyed the old sea wall "
                         "last winter. The barrier will be paid for by the national government.", "derived"), engine="consistency")
    assert [v.label for v in bad.verdicts] == ["unsupported", "unsupported"]


@needs_model
def test_default_engine_scores_with_the_claim_model():
    eng = get_engine("default")
    assert eng.claim_model and not eng.warnings
    prep = Prepared(art(SOURCE, "source"))
    ok, invented = (prep.context(s) for s in art("Residents have asked for protection since the 2019 floods. "
                                                  "The barrier was designed by a Dutch firm.", "d").sentences)
    eng.judge([ok, invented])
    assert ok.features["cm_sup"] > invented.features["cm_sup"]
    assert 0 <= ok.features["cm_con"] <= 1


@needs_model
def test_a_pairs_scores_do_not_depend_on_its_batch():
    """The shipped model computes in fp32 (int8 weights folded at load): a pair scores the same
    bytes alone, in a batch, and whatever the order of the other pairs."""
    sents = [s.text for s in art(SOURCE, "source").sentences]
    pairs = [(c, e) for c in ("The barrier will cost 48 million pounds.", "Maria Lund praised the council.",
                              "The council voted on Tuesday.") for e in sents]
    m = claimmodel.scorer()
    together = m.predict(pairs)
    reordered = m.predict(pairs[::-1])[::-1]
    alone = [m.predict([p])[0] for p in pairs]
    assert together.tobytes() == reordered.tobytes() == b"".join(a.tobytes() for a in alone)


@needs_model
def test_copied_sentence_is_not_sent_to_the_model(monkeypatch):
    prep = Prepared(art(SOURCE, "source"))
    ctx = prep.context(art("The Westbay harbour council voted on Tuesday to build a flood barrier at the mouth of the river.").sentences[0])
    assert consistency.copied([ctx]) == [True]
    monkeypatch.setattr(claimmodel.ClaimModel, "predict", lambda self, pairs: pytest.fail("model called") if pairs else
                        __import__("numpy").zeros((0, 3), "float32"))
    assert consistency.scores([ctx]) == [(1.0, 0.0, 0)]


def test_default_falls_back_to_lexical_without_the_model(no_model):
    eng = get_engine("default")
    assert not eng.claim_model and "lexical model was used" in eng.warnings[0] and "claim model file missing" in eng.warnings[0]
    r = check(art(SOURCE, "source"), art("The council will build a flood barrier.", "derived"), engine=eng)
    assert r.verdicts[0].label == "supported"


def test_consistency_engine_without_the_model_is_a_clear_error(no_model):
    with pytest.raises(InputError, match="claim model file missing"):
        get_engine("consistency")


def test_cli_consistency_without_the_model_exits_2(no_model, tmp_path):
    from typer.testing import CliRunner

    from wellsourced.cli import app

    (tmp_path / "s.txt").write_text(SOURCE)
    (tmp_path / "d.txt").write_text("The council will build a flood barrier.")
    res = CliRunner().invoke(app, ["check", str(tmp_path / "s.txt"), str(tmp_path / "d.txt"), "--engine", "consistency"])
    assert res.exit_code == 2 and "claim model" in res.output and "Traceback" not in res.output
