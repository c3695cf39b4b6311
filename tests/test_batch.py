"""`wellsourced batch`: one row per record keyed by id, error rows, exit codes, resume after
a kill (torn last line included), and the Ray executor giving the same rows as local."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from typer.testing import CliRunner

from wellsourced.cli import app
from wellsourced.run import Job, run_job
from wellsourced.run import output

runner = CliRunner()
SRC = Path(__file__).resolve().parents[1] / "src"

TOWNS = ["Karsby", "Lowmere", "Fenwick", "Ardley", "Brisco", "Tolland", "Quarrow", "Elmsted"]


def story(k: int) -> str:
    """An invented wire story; k varies the town, the numbers and the officials."""
    town = TOWNS[k % len(TOWNS)]
    return (
        f"Flooding closed {k + 3} roads in {town} on Tuesday after {20 + k} millimetres of rain fell overnight, "
        f"the regional council said. Council spokesperson Mara Idle said crews had cleared {k + 1} of the roads "
        f"by the afternoon. \"We expect the rest to reopen by Thursday,\" she said. The {town} fire service "
        f"rescued {k % 5 + 2} drivers from stranded cars. No injuries were reported. Forecasters said more rain "
        f"was likely at the weekend, and the council urged residents to avoid the river paths."
    )


def corpus(path: Path, n: int, extra: list[str] = ()) -> Path:
    lines = [json.dumps({"id": f"s{k:03d}", "title": f"Roads shut in {TOWNS[k % 8]}", "text": story(k)}) for k in range(n)]
    path.write_text("\n".join([*lines, *extra]) + "\n", encoding="utf-8")
    return path


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_digest_rows_errors_and_exit(tmp_path):
    data = corpus(tmp_path / "in.jsonl", 5, ['not json', '{"id": "blank", "text": ""}', json.dumps({"text": story(9)})])
    out = tmp_path / "out.jsonl"
    r = runner.invoke(app, ["batch", "digest", str(data), "--out", str(out), "--no-progress"])
    assert r.exit_code == 1  # some records failed; the rest were done
    got = rows(out)
    assert len(got) == 8
    by_id = {g["id"]: g for g in got}
    assert {f"s{k:03d}" for k in range(5)} <= set(by_id)
    assert by_id["s002"]["result"]["lead"][0]["source_ids"]
    assert by_id["blank"]["error"]["code"] == "bad_input" and "no text field" in by_id["blank"]["error"]["message"]
    bad = [g for g in got if g.get("error", {}).get("code") == "bad_record"]
    assert len(bad) == 1 and "malformed JSON" in bad[0]["error"]["message"]
    no_id = [g for g in got if "result" in g and not g["id"].startswith("s")]
    assert len(no_id) == 1 and len(no_id[0]["id"]) == 16  # a stable id for a record without one
    assert "done 6, failed 2" in r.stderr


def test_resume_skips_done_and_stable_ids(tmp_path):
    data = corpus(tmp_path / "in.jsonl", 6, [json.dumps({"text": story(11)})])
    out = tmp_path / "out.jsonl"
    s1 = run_job(Job(step="digest", inputs=[str(data)], out=out))
    first = out.read_bytes()
    s2 = run_job(Job(step="digest", inputs=[str(data)], out=out))
    assert (s1.done, s2.done, s2.skipped_done) == (7, 0, 7)
    assert out.read_bytes() == first
    # a torn last line (a kill mid-write) is cut and that record done again, once
    lines = first.split(b"\n")
    out.write_bytes(b"\n".join(lines[:4]) + b"\n" + lines[4][:50])
    s3 = run_job(Job(step="digest", inputs=[str(data)], out=out))
    assert s3.done == 3 and s3.repaired == 1
    assert sorted(out.read_bytes().split(b"\n")) == sorted(first.split(b"\n"))


def test_workers_give_the_same_file(tmp_path):
    data = corpus(tmp_path / "in.jsonl", 12, ["[1, 2]"])
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    run_job(Job(step="digest", inputs=[str(data)], out=a, batch_size=2))
    s = run_job(Job(step="digest", inputs=[str(data)], out=b, workers=2, batch_size=2))
    assert a.read_bytes() == b.read_bytes()
    # each worker that took a batch reports its peak RSS; a fast step may let one worker take them all
    assert 1 <= len(s.rss_mb) <= 2 and all(v > 0 for v in s.rss_mb.values())


def test_duplicate_ids_once_and_max_failures(tmp_path):
    data = corpus(tmp_path / "in.jsonl", 3, [json.dumps({"id": "s001", "text": story(5)})] + ["nope"] * 4)
    out = tmp_path / "out.jsonl"
    s = run_job(Job(step="digest", inputs=[str(data)], out=out))
    assert s.skipped_duplicate == 4 and s.n_failed == 1  # s001 again, and the four "nope" lines share one id
    assert [g["id"] for g in rows(out)].count("s001") == 1
    data2 = corpus(tmp_path / "in2.jsonl", 2, [f"broken {k}" for k in range(6)] + [json.dumps({"id": "late", "text": story(1)})])
    out2 = tmp_path / "out2.jsonl"
    s = run_job(Job(step="digest", inputs=[str(data2)], out=out2, max_failures=2, batch_size=1))
    assert s.stopped and s.n_failed == 2 and "late" not in {g["id"] for g in rows(out2)}
    s = run_job(Job(step="digest", inputs=[str(data2)], out=out2, batch_size=1))  # resume goes on
    assert s.skipped_failed == 2 and "late" in {g["id"] for g in rows(out2)}
    s = run_job(Job(step="digest", inputs=[str(data2)], out=out2, retry_failed=True))
    assert s.n_failed == 6 and s.skipped_failed == 0


def test_read_folder_and_parquet(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(3):
        (folder / f"a{k}.txt").write_text(f"Roads shut in {TOWNS[k]}\n\n{story(k)}\n", encoding="utf-8")
    (folder / "b.html").write_text(f"<html><body><article><h1>Rain</h1><p>{story(4)}</p></article></body></html>")
    (folder / "empty.txt").write_text("")
    out, par = tmp_path / "out.jsonl", tmp_path / "out.parquet"
    r = runner.invoke(app, ["batch", "read", str(folder), "--out", str(out), "--parquet", str(par), "--no-progress"])
    assert r.exit_code == 1
    got = {g["id"]: g for g in rows(out)}
    assert set(got) == {str(folder / n) for n in ("a0.txt", "a1.txt", "a2.txt", "b.html", "empty.txt")}
    assert got[str(folder / "a1.txt")]["result"]["annotated"] is True
    assert got[str(folder / "empty.txt")]["error"]["code"] == "bad_input"
    t = pq.read_table(par)
    assert t.num_rows == 5 and t.column_names == ["id", "error_code", "error_message", "result"]


def test_check_pairs_text_path_url(tmp_path):
    (tmp_path / "src.txt").write_text(story(2), encoding="utf-8")
    pairs = [
        {"id": "ok", "source": story(1), "derived": "Flooding closed 4 roads in Lowmere on Tuesday, the council said."},
        {"id": "bad-number", "source": story(1), "derived": "Flooding closed 40 roads in Lowmere on Tuesday, the council said."},
        {"id": "by-path", "source_path": "src.txt", "derived": "The Fenwick fire service rescued 4 drivers from stranded cars."},
        {"id": "url", "source_url": "https://example.org/a", "derived": "Roads closed."},
        {"id": "both", "source": "x", "source_path": "src.txt", "derived": "Roads closed."},
        {"id": "two-sources", "source": [story(1), story(2)],
         "derived": "Flooding closed 4 roads in Lowmere. The Fenwick fire service rescued 4 drivers from stranded cars."},
    ]
    data = tmp_path / "pairs.jsonl"
    data.write_text("\n".join(json.dumps(p) for p in pairs) + "\n")
    out = tmp_path / "out.jsonl"
    r = runner.invoke(app, ["batch", "check", str(data), "--out", str(out), "--engine", "lexical", "--no-progress",
                            "--offline"])
    assert r.exit_code == 1
    got = {g["id"]: g for g in rows(out)}
    assert got["ok"]["result"]["counts"]["supported"] == 1
    assert got["bad-number"]["result"]["counts"]["contradicted"] == 1
    assert got["by-path"]["result"]["counts"]["supported"] == 1  # relative to the JSONL file's folder
    url_error = got["url"]["error"]  # tests never touch the network
    assert url_error["code"] == "fetch_unavailable" and "fetching is off (--offline)" in url_error["message"]
    assert got["both"]["error"]["code"] == "bad_input" and "exactly one" in got["both"]["error"]["message"]
    two = got["two-sources"]["result"]
    assert len(two["sources"]) == 2 and two["counts"]["supported"] == 2 and two["schema_version"]
    # only the good pairs: exit 0, and 1 with --fail-on-problems (the changed number)
    good = tmp_path / "good.jsonl"
    good.write_text("\n".join(json.dumps(p) for p in pairs[:2]) + "\n")
    args = ["batch", "check", str(good), "--engine", "lexical", "--no-progress", "--out"]
    assert runner.invoke(app, [*args, str(tmp_path / "g1.jsonl")]).exit_code == 0
    assert runner.invoke(app, [*args, str(tmp_path / "g2.jsonl"), "--fail-on-problems"]).exit_code == 1
    assert runner.invoke(app, [*args, str(tmp_path / "g2.jsonl"), "--fail-on-problems"]).exit_code == 1  # on resume too


def test_check_pairs_from_stdin(tmp_path):
    pair = {"id": "p", "source": story(3), "derived": f"The {TOWNS[3]} fire service rescued 5 drivers."}
    out = tmp_path / "o.jsonl"
    r = runner.invoke(app, ["batch", "check", "-", "--out", str(out), "--engine", "lexical", "--no-progress"],
                      input=json.dumps(pair) + "\n")
    assert r.exit_code == 0, r.stderr
    assert [g["id"] for g in rows(out)] == ["p"]


def test_job_that_cannot_start_is_exit_2(tmp_path):
    r = runner.invoke(app, ["batch", "read", str(tmp_path / "*.nothing"), "--out", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 2 and "matches no files" in r.stderr
    r = runner.invoke(app, ["batch", "read", "x.txt", "--out", str(tmp_path / "no" / "o.jsonl")])
    assert r.exit_code == 2 and "folder does not exist" in r.stderr
    r = runner.invoke(app, ["batch", "digest", "x.txt", "--out", str(tmp_path), "--no-progress"])
    assert r.exit_code == 2 and "is a directory" in r.stderr


def test_second_job_on_one_output_is_refused(tmp_path):
    out = tmp_path / "o.jsonl"
    fd = output.lock(out)
    try:
        r = runner.invoke(app, ["batch", "digest", str(corpus(tmp_path / "in.jsonl", 1)), "--out", str(out)])
        assert r.exit_code == 2 and "another batch job" in r.stderr
    finally:
        os.close(fd)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(0, 6), cut=st.integers(0, 2000), junk=st.sampled_from([b"", b"{\"id\"", b"garbage\n", b"\xff\xfe"]))
def test_scan_keeps_whole_rows_only(tmp_path_factory, n, cut, junk):
    """Whatever was cut off or appended, the scan keeps exactly the whole rows before it."""
    path = tmp_path_factory.mktemp("scan") / "o.jsonl"
    lines = [json.dumps({"id": f"r{k}", "result": {"x": "é" * k}}, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
             for k in range(n)]
    data = b"".join(lines)
    data = data[:cut] if cut < len(data) else data + junk
    path.write_bytes(data)
    done = output.scan(path)
    whole = [k for k in range(n) if len(b"".join(lines[:k + 1])) <= len(data)]
    assert sorted(done.ids) == sorted(f"r{k}" for k in whole)
    assert path.read_bytes() == b"".join(lines[k] for k in whole)


# the kill-test tools are bench/batch.py's (its --kill-test runs the full 20 kill points)
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from batch import Lines, cli as _cli  # noqa: E402


def kill_when(cmd: list[str], env: dict, out: Path, rows_at_least: int, timeout: float = 120) -> bool:
    """Start the job and SIGKILL it once the output holds `rows_at_least` lines (a random point
    of the writing phase: mid-batch, mid-fsync interval). False when it finished first."""
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    lines = Lines(out)
    end = time.monotonic() + timeout
    while p.poll() is None and time.monotonic() < end:
        if lines.count() >= rows_at_least:
            p.send_signal(signal.SIGKILL)
            p.wait()
            return True
        time.sleep(0.005)
    p.kill()
    p.wait()
    return False


def test_sigkill_at_random_points_loses_and_duplicates_nothing(tmp_path):
    """A few kill points here; `python bench/batch.py --kill-test 20` runs twenty."""
    data = corpus(tmp_path / "in.jsonl", 60)
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    cmd = _cli("batch", "digest", str(data), "--out", str(out), "--batch-size", "1", "--no-progress")
    rng = random.Random(7)
    kills = sum(kill_when(cmd, env, out, k) for k in sorted(rng.sample(range(1, 60), 3)))
    assert kills >= 2
    assert subprocess.run(cmd, env=env, capture_output=True).returncode == 0
    ids = [g["id"] for g in rows(out)]
    assert sorted(ids) == [f"s{k:03d}" for k in range(60)]


def test_ray_executor_same_rows_as_local(tmp_path):
    ray = pytest.importorskip("ray")
    data = corpus(tmp_path / "in.jsonl", 6, ["not json", '{"id": "blank", "text": ""}'])
    local = tmp_path / "local.jsonl"
    run_job(Job(step="digest", inputs=[str(data)], out=local))
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        shards = tmp_path / "shards"
        s = run_job(Job(step="digest", inputs=[str(data)], out=shards, executor="ray", workers=2, batch_size=2))
        assert s.done == 8 and s.n_failed == 2
        merged = tmp_path / "merged.jsonl"
        output.merge(shards, merged)
        assert sorted(merged.read_bytes().splitlines()) == sorted(local.read_bytes().splitlines())
        s = run_job(Job(step="digest", inputs=[str(data)], out=shards, executor="ray", workers=1))  # resume
        assert s.done == 0 and s.skipped_done == 6 and s.skipped_failed == 2
    finally:
        ray.shutdown()


def test_shards_merge_sorted_once_and_to_parquet(tmp_path):
    """What the Ray executor leaves: shards with a torn tail and an id written twice."""
    folder = tmp_path / "shards"
    folder.mkdir()
    row = lambda i: json.dumps({"id": i, "result": {"n": i}}, separators=(",", ":"))  # noqa: E731
    (folder / "part-a.jsonl").write_text(row("c") + "\n" + row("a") + "\n" + row("b")[:9])
    (folder / "part-b.jsonl").write_text(row("b") + "\n" + row("a") + "\n"
                                         + json.dumps({"id": "e", "error": {"code": "bad_input", "message": "m"}}) + "\n")
    done = output.scan_shards(folder)
    assert sorted(done.ids) == ["a", "b", "c", "e"] and done.ids["e"] == "bad_input" and done.duplicates == 1
    merged = tmp_path / "m.jsonl"
    assert output.merge(folder, merged) == 4
    assert [g["id"] for g in rows(merged)] == ["a", "b", "c", "e"]
    pq = pytest.importorskip("pyarrow.parquet")
    output.to_parquet(folder, tmp_path / "m.parquet")
    t = pq.read_table(tmp_path / "m.parquet").to_pylist()
    assert [r["id"] for r in t] == ["a", "b", "c", "e"] and t[3]["error_code"] == "bad_input" and t[3]["result"] is None


def test_trace_over_an_index(tmp_path):
    data = corpus(tmp_path / "in.jsonl", 8)
    idx = tmp_path / "idx"
    assert runner.invoke(app, ["index", "build", str(data), "--index", str(idx)]).exit_code == 0
    q = tmp_path / "q.jsonl"
    q.write_text(json.dumps({"id": "q1", "text": story(3)}) + "\n" + json.dumps({"id": "q2", "text": ""}) + "\n")
    out = tmp_path / "o.jsonl"
    r = runner.invoke(app, ["batch", "trace", str(q), "--index", str(idx), "--out", str(out), "--no-progress"])
    assert r.exit_code == 1, r.stderr
    got = {g["id"]: g for g in rows(out)}
    assert "result" in got["q1"] and got["q2"]["error"]["code"] == "bad_input"
    assert "s003" in json.dumps(got["q1"]["result"])


def test_ray_input_is_cut_into_a_batch_per_block_up_to_64_per_worker():
    """Ray gives a block to one actor whole: big blocks leave one actor working alone at the end."""
    from wellsourced.run.ray_data import _blocks

    job = lambda bs, w: Job(step="check", inputs=["x"], out=Path("o"), batch_size=bs, workers=w)  # noqa: E731
    assert _blocks(500, job(4, 2)) == 125
    assert _blocks(501, job(4, 2)) == 126  # the last, short batch is a block too
    assert _blocks(10**6, job(32, 2)) == 128
    assert _blocks(0, job(4, 2)) == 1
    assert _blocks(3, job(32, 8)) == 1
