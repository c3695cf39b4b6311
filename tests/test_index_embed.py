"""Indexes built with --embed: vectors stored per article, kept through add and remove,
independent of batching, and used by trace (model-embed.json)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from wellsourced.check import embed
from wellsourced.errors import InputError
from wellsourced.index import Index, store, vectors
from wellsourced.read import read_string
from wellsourced.trace import model_for, trace

pytestmark = pytest.mark.skipif(not embed.available(), reason="wellsourced[embed] is not installed")

FIX = Path(__file__).parent / "fixtures" / "trace"
ARTICLES = str(FIX / "articles.jsonl")


@pytest.fixture(scope="module")
def emb_path(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("emb") / "news.idx")
    Index.build([ARTICLES], path, embed=True)
    return path


def _ids(idx: Index) -> list[str]:
    return [idx.doc(i)["meta"]["id"] for i in range(len(idx))]


def test_vectors_stored_two_per_article(emb_path):
    idx = Index.open(emb_path)
    assert idx.emb is not None and idx.emb.shape == (len(idx), vectors.CHUNKS, vectors.DIM) and idx.emb.dtype == np.float16
    norms = np.linalg.norm(idx.emb.astype(np.float32), axis=2)
    assert np.allclose(norms, 1.0, atol=2e-3)
    assert idx.stats()["embeddings"] is True and idx.stats()["vectors_per_article"] == vectors.CHUNKS
    meta = json.loads(Path(store.live(emb_path), "meta.json").read_text())
    assert meta["embeddings"] == vectors.INFO and "emb.npy" in meta["files"]
    # the same article embedded alone gives the same stored bytes: batching does not matter
    row = _ids(idx).index("tavuna-masks")
    d = idx.doc(row)
    texts = vectors.doc_texts(d["meta"].get("title"), [s[1] for s in d["sentences"]])
    alone = vectors.embed_articles([texts])[0]
    assert alone.tobytes() == np.asarray(idx.emb[row]).tobytes()
    assert alone[0].tobytes() == vectors.embed([texts[0]]).astype(np.float16)[0].tobytes()
    # an article that fits in one stretch of word-pieces repeats its first vector
    for r in range(len(idx)):
        d = idx.doc(r)
        whole = vectors.doc_texts(d["meta"].get("title"), [s[1] for s in d["sentences"]])[1]
        fits = not vectors.encoder().tok.encode(whole).overflowing
        assert np.array_equal(idx.emb[r, 0], idx.emb[r, 1]) == fits


LONG = " ".join(f"Paragraph {i}: the harbour board of Marlow Bay met again on the ferry timetable, the "
                f"dredging of berth {i} and the price of a season ticket for island residents." for i in range(12))


def test_a_long_article_gets_a_second_vector_for_what_follows_its_opening():
    """The second vector is the article's next PIECES word-pieces: different from the opening,
    and the same whether or not the opening is computed with it."""
    texts = vectors.doc_texts("Harbour board", [LONG])
    v = vectors.embed_articles([texts, vectors.doc_texts("Short", ["One line only."])])
    assert not np.array_equal(v[0, 0], v[0, 1]) and np.array_equal(v[1, 0], v[1, 1])
    enc = vectors.encoder().tok.encode(texts[1])
    assert len(enc.ids) == vectors.PIECES and enc.overflowing  # the whole text is longer than one stretch
    again = vectors.embed_articles([texts], openings=v[:1, 0])
    assert again.tobytes() == v[:1].tobytes()


def test_an_index_with_one_vector_per_article_still_traces_and_gains_the_second_on_rebuild(emb_path, tmp_path):
    """Indexes built before the second vector (emb.npy of shape (articles, DIM)) open as one
    vector each (emb_max is then the opening's cosine); a rebuild from them keeps each
    opening's bytes and computes only the second vectors."""
    path = str(tmp_path / "old")
    shutil.copytree(emb_path, path)
    gen = store.live(path)
    full = np.load(os.path.join(gen, vectors.FILE))
    np.save(os.path.join(gen, vectors.FILE), np.ascontiguousarray(full[:, 0]))
    meta = json.loads(Path(gen, "meta.json").read_text())
    meta["files"][vectors.FILE] = os.path.getsize(os.path.join(gen, vectors.FILE))
    Path(gen, "meta.json").write_text(json.dumps(meta))
    old = Index.open(path)
    assert old.emb.shape == (len(old), 1, vectors.DIM) and old.stats()["vectors_per_article"] == 1
    derived = read_string("Eleven carved masks have gone home to Tavuna from the Lindqvist Museum.",
                          fmt="text", where="one-liner", annotate=False)
    r = trace(derived, old)
    assert r.candidates[0].id == "tavuna-masks"
    assert any("one vector per article" in w for w in r.warnings)
    assert not any("vector" in w for w in trace(derived, Index.open(emb_path)).warnings)
    copy = tmp_path / "gen-copy"
    shutil.copytree(gen, copy)
    os.remove(copy / vectors.FILE)
    vectors.write(str(copy), (gen, old.emb))
    assert np.load(copy / vectors.FILE).tobytes() == full.tobytes()


def test_plain_index_has_no_vectors_and_the_lexical_model(tmp_path):
    path = str(tmp_path / "plain")
    idx = Index.build([ARTICLES], path)
    assert idx.emb is None and idx.stats()["embeddings"] is False
    assert "emb" not in model_for(idx)["features"]


def test_add_and_remove_keep_the_vectors_of_kept_articles(emb_path, tmp_path):
    path = str(tmp_path / "copy")
    shutil.copytree(emb_path, path)
    before = Index.open(path)
    old = {i: np.asarray(before.emb[r]).tobytes() for r, i in enumerate(_ids(before))}
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({"id": "harbour-ferry", "title": "Ferry to Port Avella resumes after repairs",
                                 "text": "The ferry between Marlow Bay and Port Avella sails again on Friday after "
                                         "three weeks of repairs to its engine, the operator said. Tickets bought "
                                         "for cancelled crossings will be honoured until the end of the month."}) + "\n")
    added = before.add([str(extra)])
    assert added.emb is not None and len(added) == len(before) + 1
    ids = _ids(added)
    for r, i in enumerate(ids):
        if i in old:
            assert np.asarray(added.emb[r]).tobytes() == old[i]  # reused, not embedded again
    assert np.linalg.norm(added.emb[ids.index("harbour-ferry")].astype(np.float32)) > 0.99
    removed = added.remove(["tavuna-masks"])
    assert removed.emb is not None and "tavuna-masks" not in _ids(removed)
    for r, i in enumerate(_ids(removed)):
        if i in old:
            assert np.asarray(removed.emb[r]).tobytes() == old[i]


def test_trace_on_an_embedded_index_finds_the_source(emb_path):
    idx = Index.open(emb_path)
    assert "emb_max" in model_for(idx)["features"]
    derived = read_string("Eleven carved masks have gone home to Tavuna from the Lindqvist Museum.",
                          fmt="text", where="one-liner", annotate=False)
    r = trace(derived, idx)
    assert r.candidates[0].id == "tavuna-masks"
    again = trace(derived, Index.open(emb_path))
    assert again.model_dump_json() == r.model_dump_json()


def test_without_the_encoder_an_embedded_index_is_traced_lexically_and_says_so(emb_path, monkeypatch):
    monkeypatch.setattr(vectors, "available", lambda: False)
    idx = Index.open(emb_path)
    assert "emb" not in model_for(idx)["features"]
    r = trace(read_string("The Lindqvist Museum has returned eleven carved masks to the island of Tavuna.",
                          fmt="text", where="copy", annotate=False), idx)
    assert r.found and r.candidates[0].id == "tavuna-masks"
    assert any("embeddings" in w and "not used" in w for w in r.warnings)


def test_embeddings_of_wrong_shape_are_a_corrupt_index(emb_path, tmp_path):
    path = str(tmp_path / "bad")
    shutil.copytree(emb_path, path)
    gen = store.live(path)
    n = len(Index.open(path))
    for shape in ((2, vectors.DIM), (n, 3, vectors.DIM), (n, 2, vectors.DIM - 1), (n, 2, vectors.DIM, 1)):
        np.save(os.path.join(gen, "emb.npy"), np.zeros(shape, np.float16))
        meta = json.loads(Path(gen, "meta.json").read_text())
        meta["files"]["emb.npy"] = os.path.getsize(os.path.join(gen, "emb.npy"))
        Path(gen, "meta.json").write_text(json.dumps(meta))
        with pytest.raises(InputError, match="corrupt index: emb.npy"):
            Index.open(path)


def test_cli_build_with_embed(tmp_path):
    path = tmp_path / "cli.idx"
    p = subprocess.run([sys.executable, "-c", "from wellsourced.cli import main; main()", "index", "build", ARTICLES, "--index", str(path), "--embed"],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert "with embeddings" in p.stdout
    s = subprocess.run([sys.executable, "-c", "from wellsourced.cli import main; main()", "index", "stats", "--index", str(path), "--json"],
                       capture_output=True, text=True)
    assert json.loads(s.stdout)["embeddings"] is True


def test_vectors_written_in_small_chunks_are_the_same_bytes(emb_path, tmp_path):
    gen = store.live(emb_path)
    want = Path(gen, vectors.FILE).read_bytes()
    for prev in (None, (gen, Index.open(emb_path).emb)):
        copy = tmp_path / f"gen-{prev is None}"
        shutil.copytree(gen, copy)
        os.remove(copy / vectors.FILE)
        vectors.write(str(copy), prev, chunk=2)
        assert (copy / vectors.FILE).read_bytes() == want


def test_in_memory_corpus_with_embed_has_the_vectors_of_a_disk_build(emb_path):
    from wellsourced.index import assemble, read_docs

    mem = Index.from_built(assemble(read_docs([ARTICLES])), embed=True)
    disk = Index.open(emb_path)
    assert _ids(mem) == _ids(disk)
    assert np.asarray(mem.emb).tobytes() == np.asarray(disk.emb).tobytes()


def _cli(*args):
    return subprocess.run([sys.executable, "-c", "from wellsourced.cli import main; main()", *args],
                          capture_output=True, text=True)


def test_cli_trace_corpus_embed(tmp_path, emb_path):
    derived = tmp_path / "one-liner.txt"
    derived.write_text("Eleven carved masks have gone home to Tavuna from the Lindqvist Museum.\n")
    p = _cli("trace", str(derived), "--corpus", ARTICLES, "--embed", "--json")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["candidates"][0]["id"] == "tavuna-masks"
    bad = _cli("trace", str(derived), "--index", emb_path, "--embed")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "only with --corpus" in bad.stderr


def test_workers_embed_the_articles_they_read_and_the_index_is_the_same(emb_path, tmp_path, monkeypatch):
    """`index build --embed --workers 2`: the rows carry the vectors (run/steps.py index_batch)
    and the driver embeds nothing itself; the vectors are the bytes a serial build stores."""
    def no_driver_embedding(*a, **k):
        raise AssertionError("the driver embedded an article a worker had embedded")

    monkeypatch.setattr(vectors, "embed_articles", no_driver_embedding)
    path = str(tmp_path / "workers.idx")
    Index.build([ARTICLES], path, workers=2, embed=True)
    gen, want = store.live(path), store.live(emb_path)
    assert Path(gen, vectors.FILE).read_bytes() == Path(want, vectors.FILE).read_bytes()
    assert not any(n.startswith(".parts") for n in os.listdir(path))  # the spilled vectors are gone


def test_given_vectors_skip_damaged_rows(tmp_path):
    given = vectors.Given(str(tmp_path))
    v = vectors.embed_articles([vectors.doc_texts("Harbour board", [LONG])])[0]
    given.add("Harbour board", [LONG], "not base64!")
    given.add("Harbour board", [LONG], vectors.to_text(v[:1]))  # too short: another version's row
    key = vectors._key("\0".join(vectors.doc_texts("Harbour board", [LONG])))
    assert given.get(key) is None
    given.add("Harbour board", [LONG], vectors.to_text(v))
    assert given.get(key).tobytes() == v.tobytes()
    given.close()
    assert not os.path.exists(given.path)
