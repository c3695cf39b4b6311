"""The on-disk index: ids kept, duplicates recorded, atomic generations, clear errors."""
from __future__ import annotations

import importlib
import json
import os
import random
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wellsourced.errors import InputError
from wellsourced.index import Index, assemble, build_batch, read_docs, store

FIX = Path(__file__).parent / "fixtures" / "trace"
ARTICLES = str(FIX / "articles.jsonl")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("idx") / "news.idx")
    Index.build([ARTICLES], path)
    return path


def test_build_keeps_ids_urls_and_records_duplicates(built):
    idx = Index.open(built)
    ids = [idx.doc(i)["meta"]["id"] for i in range(len(idx))]
    assert ids == sorted(ids)  # order by id: input order does not matter
    # the syndicated copy has the same text: stored once, as an alias
    assert "marlow-flood-wall-syndicated" not in ids
    row = ids.index("marlow-flood-wall")
    assert idx.doc(row)["meta"]["url"] == "https://example.org/news/marlow-flood-wall"
    assert idx.doc(row)["aliases"] == [{"id": "marlow-flood-wall-syndicated", "url": "https://example.net/marlow"}]
    reasons = {d["id"]: d for d in idx.dups}
    assert reasons["marlow-flood-wall-syndicated"]["reason"] == "same text"
    # the wire copy is its own article, recorded as a near copy of the original
    assert "northfold-rail-strike-wire" in ids
    near = [d for d in idx.dups if d["reason"].startswith("near copy")]
    # the smaller text is recorded as a near copy of the larger one
    assert [(d["id"], d["of"]) for d in near] == [("northfold-rail-strike", "northfold-rail-strike-wire")]
    s = idx.stats()
    assert s["articles"] == 5 and s["format"] == store.FORMAT and s["duplicates"] == {"near copy": 1, "same text": 1}


def test_same_articles_any_order_same_index_bytes(tmp_path):
    lines = (FIX / "articles.jsonl").read_text().splitlines()
    random.Random(3).shuffle(lines)
    shuffled = tmp_path / "shuffled.jsonl"
    shuffled.write_text("\n".join(lines) + "\n")
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    Index.build([ARTICLES], a)
    Index.build([str(shuffled)], b)
    ga, gb = store.live(a), store.live(b)
    for name in sorted(os.listdir(ga)):
        if name not in ("meta.json", "docs.jsonl", "docs_off.npy"):  # these hold where each was read from
            assert Path(ga, name).read_bytes() == Path(gb, name).read_bytes(), name

    def docs(g):
        recs = [json.loads(line) for line in Path(g, "docs.jsonl").read_text().splitlines()]
        for r in recs:
            r["meta"].pop("input")
        return recs

    assert docs(ga) == docs(gb)


def _docs():
    return read_docs([ARTICLES])


@settings(max_examples=15, deadline=None)
@given(st.permutations(range(6)))
def test_assemble_is_order_free(perm):
    base = assemble(_docs())
    docs = _docs()
    other = assemble([docs[i] for i in perm])
    assert [d.id for d in base.docs] == [d.id for d in other.docs]
    for k in ("tokens", "sent_ptr", "indptr", "indices", "data"):
        assert np.array_equal(getattr(base, k), getattr(other, k)), k
    assert base.dups == other.dups


def test_chunked_disk_build_is_the_same_as_one_chunk(tmp_path, monkeypatch):
    """A disk build works in chunks of documents (bounded memory at 1M articles); the chunk
    size must not change a byte, near copies included."""
    asm = importlib.import_module("wellsourced.index.assemble")

    one = str(tmp_path / "one")
    Index.build([ARTICLES], one)
    monkeypatch.setattr(asm, "CHUNK", 40)  # a chunk per document or two
    many = str(tmp_path / "many")
    Index.build([ARTICLES], many)
    ga, gb = store.live(one), store.live(many)
    assert sorted(os.listdir(ga)) == sorted(os.listdir(gb))
    for name in sorted(os.listdir(ga)):
        assert Path(ga, name).read_bytes() == Path(gb, name).read_bytes(), name
    assert any(d["reason"].startswith("near copy") for d in Index.open(many).dups)
    mem = assemble(_docs())  # and in memory the same arrays
    for k in ("tokens", "sent_ptr", "indptr", "indices", "data", "cos"):
        assert np.array_equal(getattr(mem, k), np.load(os.path.join(gb, k + ".npy"))), k


def _near_reference(tokens, doc_tok, ids):
    """The plain-loop form of near_duplicates (every pair within each shingle group counted
    one at a time), kept as the oracle for the vectorised one."""
    from wellsourced.index.assemble import NEAR, NEAR_J, SAMPLE, shingle_table

    n = len(ids)
    h, d, start = shingle_table(tokens, doc_tok)
    size = np.diff(start)
    samp = h % np.uint64(SAMPLE) == 0
    nsamp = np.bincount(d[samp], minlength=n)
    groups: dict = {}
    for hv, r in zip(h[samp].tolist(), d[samp].tolist()):
        groups.setdefault(hv, []).append(r)
    pairs: dict = {}
    for rs in groups.values():
        if 2 <= len(rs) <= 50:
            rs = sorted(rs)
            for i in range(len(rs)):
                for j in range(i + 1, len(rs)):
                    pairs[(rs[i], rs[j])] = pairs.get((rs[i], rs[j]), 0) + 1
    out = []
    for (i, j), shared in sorted(pairs.items()):
        if shared < max(2, 0.5 * min(nsamp[i], nsamp[j])):
            continue
        common = len(set(h[start[i]:start[i + 1]].tolist()) & set(h[start[j]:start[j + 1]].tolist()))
        smaller = min(size[i], size[j])
        jac = common / max(size[i] + size[j] - common, 1)
        if smaller and (common / smaller >= NEAR or (common / smaller >= NEAR_J[0] and jac >= NEAR_J[1])):
            a, c = (i, j) if size[i] >= size[j] else (j, i)
            out.append((ids[c], ids[a]))
    return out


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 30), st.integers(0, 8)), min_size=1, max_size=12),
       st.sampled_from([30, 1 << 24]))
def test_near_duplicates_match_the_plain_loop(specs, chunk):
    """Documents cut from a few shared texts (so copies and partial copies are common)."""
    asm = importlib.import_module("wellsourced.index.assemble")

    base = [np.random.default_rng(k).integers(0, 60, 200).astype(np.int32) for k in range(6)]
    docs = [base[k][a : a + 40 + extra * 20] for k, a, extra in specs]
    doc_tok = np.r_[0, np.cumsum([len(x) for x in docs])].astype(np.int64)
    tokens = np.concatenate(docs)
    ids = [f"d{i:02d}" for i in range(len(docs))]
    old, asm.CHUNK = asm.CHUNK, chunk
    try:
        got = [(d["id"], d["of"]) for d in asm.near_duplicates(tokens, doc_tok, ids)]
    finally:
        asm.CHUNK = old
    assert got == _near_reference(tokens, doc_tok, ids)


def test_add_and_remove(tmp_path, built):
    path = str(tmp_path / "idx")
    shutil.copytree(built, path)
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({"id": "new-one", "title": "Bridge reopens in Harlton",
                                 "text": "The Harlton bridge reopened to traffic on Sunday after eight months of repairs."}) + "\n")
    idx = Index.open(path).add([str(extra)])
    assert idx.stats()["articles"] == 6 and idx.stats()["generation"] == "gen-000002"
    idx = idx.remove(["new-one", "marlow-flood-wall-syndicated"])
    ids = [idx.doc(i)["meta"]["id"] for i in range(len(idx))]
    assert "new-one" not in ids and idx.doc(ids.index("marlow-flood-wall"))["aliases"] == []
    with pytest.raises(InputError, match="no article with id 'nope'"):
        idx.remove(["nope"])
    assert len(store.generations(path)) == 2  # the live one and the one before


def test_crash_during_build_leaves_previous_index(tmp_path, built, monkeypatch):
    path = str(tmp_path / "idx")
    shutil.copytree(built, path)
    before = Index.open(path)
    calls = {"n": 0}
    real = np.save

    def failing(*a, **k):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return real(*a, **k)

    monkeypatch.setattr(np, "save", failing)
    with pytest.raises(OSError):
        Index.build([ARTICLES], path)
    monkeypatch.undo()
    after = Index.open(path)
    assert after.stats()["generation"] == before.stats()["generation"]
    assert not [n for n in os.listdir(path) if n.startswith(".build-")]
    assert len(after) == len(before)


def test_reader_keeps_working_while_new_generations_go_live(tmp_path, built):
    path = str(tmp_path / "idx")
    shutil.copytree(built, path)
    reader = Index.open(path)
    q = reader.query_ids(["flood", "wall", "harbour"])
    first = reader.search(q, 3)
    for _ in range(3):  # the reader's generation is retired after two more builds
        Index.build([ARTICLES], path)
    assert reader.search(q, 3) == first
    assert reader.doc(first[0][0])["meta"]["id"] == "marlow-flood-wall"


def test_second_writer_is_refused(tmp_path, built):
    path = str(tmp_path / "idx")
    shutil.copytree(built, path)
    with store.writer_lock(path):
        with pytest.raises(InputError, match="another process is writing"):
            Index.build([ARTICLES], path)


def test_missing_corrupt_and_newer_indexes(tmp_path, built):
    with pytest.raises(InputError, match="no index here"):
        Index.open(str(tmp_path / "nowhere"))
    path = str(tmp_path / "idx")
    shutil.copytree(built, path)
    gen = store.live(path)
    meta = json.loads(Path(gen, "meta.json").read_text())
    Path(gen, "meta.json").write_text(json.dumps({**meta, "format": store.FORMAT + 1}))
    with pytest.raises(InputError, match="newer than this wellsourced reads"):
        Index.open(path)
    Path(gen, "meta.json").write_text(json.dumps(meta))
    with open(Path(gen, "tokens.npy"), "r+b") as f:
        f.truncate(100)
    with pytest.raises(InputError, match="corrupt index"):
        Index.open(path)
    Path(gen, "meta.json").write_text("{not json")
    with pytest.raises(InputError, match="corrupt index: meta.json"):
        Index.open(path)


def test_refuses_to_build_into_a_non_index_directory(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="not an index"):
        Index.build([ARTICLES], str(tmp_path))


def test_build_batch_is_pure():
    from wellsourced.read import iter_articles

    arts = [a for a in iter_articles([ARTICLES]) if not isinstance(a, InputError)]
    one, two = build_batch(arts), build_batch(arts)
    assert [(d.meta, d.terms, d.key) for d in one] == [(d.meta, d.terms, d.key) for d in two]


def _same_index(a: str, b: str) -> None:
    """Same arrays byte for byte and the same documents; `input` (where each was read) names a
    JSONL record by line in a serial build and by id (path#id) on the executors."""
    ga, gb = store.live(a), store.live(b)
    for name in sorted(os.listdir(ga)):
        if name not in ("meta.json", "docs.jsonl", "docs_off.npy"):
            assert Path(ga, name).read_bytes() == Path(gb, name).read_bytes(), name

    def docs(g):
        recs = [json.loads(line) for line in Path(g, "docs.jsonl").read_text().splitlines()]
        for r in recs:
            assert r["meta"].pop("input").startswith(ARTICLES)
        return recs

    assert docs(ga) == docs(gb)


def test_build_on_workers_gives_the_same_index_and_resumes(tmp_path):
    bad = tmp_path / "more.jsonl"
    bad.write_text('{"id": "empty-one", "text": ""}\nnot json\n')
    serial, pooled = str(tmp_path / "serial"), str(tmp_path / "pooled")
    e1: list = []
    Index.build([ARTICLES, str(bad)], serial, e1)
    e2: list = []
    Index.build([ARTICLES, str(bad)], pooled, e2, workers=2)
    _same_index(serial, pooled)
    assert len(e1) == len(e2) == 2 and all(str(bad) in str(e) for e in e1 + e2)  # each names its input
    assert not [n for n in os.listdir(pooled) if n.startswith(".parts")]  # the rows go once the index is written
    # a build killed after reading: its rows are reused; rows of other inputs are not
    from wellsourced.index import parallel

    parts = Path(pooled) / ".parts.jsonl"
    Path(pooled, parallel.SIGNATURE).write_text("{}")
    parts.write_text('{"id":"stale","result":{"meta":{"id":"stale"},"sentences":[["p1s1","Stale text."]]}}\n')
    Index.build([ARTICLES, str(bad)], pooled, [], workers=2)
    with pytest.raises(InputError, match="no articles to index"):
        Index.build([str(bad)], str(tmp_path / "none"), [], workers=2)
    assert not [n for n in os.listdir(tmp_path / "none") if n.startswith(".parts")]
    assert "stale" not in [Index.open(pooled).doc(i)["meta"]["id"] for i in range(len(Index.open(pooled)))]


def test_build_on_ray_gives_the_same_index(tmp_path):
    """... with the article vectors too, computed by the Ray actors (index build --embed)."""
    ray = pytest.importorskip("ray")
    from wellsourced.check import embed

    vecs = embed.available()
    serial, on_ray = str(tmp_path / "serial"), str(tmp_path / "ray")
    Index.build([ARTICLES], serial, embed=vecs)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        Index.build([ARTICLES], on_ray, [], executor="ray", workers=2, embed=vecs)
    finally:
        ray.shutdown()
    _same_index(serial, on_ray)
    assert ("emb.npy" in os.listdir(store.live(on_ray))) == vecs


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 6), min_size=0, max_size=40), st.integers(0, 12), st.randoms(use_true_random=False))
def test_top_is_best_scores_then_lowest_rows(scores, k, rnd):
    """The candidate cut: the k best scores, ties to the lower row, at the cut too. The answer
    depends only on the scores and rows given, so restricting the arrays to the articles that
    hold a query term gives the same candidates as the whole index."""
    from wellsourced.index import _top

    rows = list(range(100, 100 + len(scores)))
    rnd.shuffle(rows)
    s, r = np.asarray(scores, dtype=np.float64), np.asarray(rows, dtype=np.int64)
    want = [row for _, row in sorted(zip((-x for x in scores), rows))][:k]
    assert _top(s, r, k).tolist() == want
    keep = s > 0  # dropping the zero scores never changes the positive part of the answer
    assert _top(s[keep], r[keep], k).tolist() == [x for x in want if s[r == x][0] > 0]


def test_common_terms_add_to_scores_but_do_not_choose(built, monkeypatch):
    """In a large index the commonest query terms only add to the chosen candidates' scores.
    Forced here on the small fixture index: every candidate's BM25 and cosine are still the sums
    over all the query's terms, as a search with no term left out gives them."""
    import wellsourced.index as index_module
    from wellsourced.index.tokens import terms

    idx = Index.open(built)
    text = " ".join(s for d in idx.stored_docs() for _, s in d.sentences[:2])
    q = idx.query_ids(terms(text))
    exact = {row: (b, c) for row, b, c in idx.search(q)}
    monkeypatch.setattr(index_module, "COMMON", 0.3)
    monkeypatch.setattr(index_module, "COMMON_MIN", 0)
    monkeypatch.setattr(index_module, "DRIVERS", 2)
    pruned = idx.search(q)
    assert pruned and all(row in exact for row, _, _ in pruned)
    for row, b, c in pruned:
        assert b == pytest.approx(exact[row][0], rel=1e-9) and c == pytest.approx(exact[row][1], rel=1e-9)
    assert [r for r, _, _ in pruned] == sorted((r for r, _, _ in pruned), key=lambda r: (-exact[r][0], r))


def test_a_build_that_read_nothing_does_not_block_the_next(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    path = str(tmp_path / "idx")
    with pytest.raises(InputError):
        Index.build([str(empty)], path)
    Index.build([ARTICLES], path)
    assert len(Index.open(path)) > 0
