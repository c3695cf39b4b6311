"""Bad input through the CLI: one line on stderr naming the input and the problem, exit 2,
no traceback, nothing half-written."""
import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wellsourced.cli import app
from wellsourced.read.decode import decode

runner = CliRunner()
BIN = Path(sys.executable).parent / "wellsourced"
SENTENCE = "The mayor said the bridge would open on Monday after years of work and delay."


def bad(args: list[str], *needles: str, stdout: str = ""):
    """Run `wellsourced read ARGS`; expect exit 2, one error line per bad input, no traceback."""
    r = runner.invoke(app, ["read", *args])
    assert r.exit_code == 2, (r.stdout, r.stderr, r.exception)
    assert not isinstance(r.exception, Exception) or isinstance(r.exception, SystemExit), r.exception
    err = r.stderr.strip().splitlines()
    assert err and all(ln.startswith("error: ") for ln in err), r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    for n in needles:
        assert n in r.stderr, (n, r.stderr)
    assert r.stdout == stdout
    return r


def test_missing_file(tmp_path):
    p = tmp_path / "nope.txt"
    bad([str(p)], f"{p}: no such file")


def test_directory_with_no_files(tmp_path):
    (tmp_path / "empty").mkdir()
    bad([str(tmp_path / "empty")], "empty: directory with no files")


def test_directory_with_no_readable_files(tmp_path):
    d = tmp_path / "pics"
    d.mkdir()
    (d / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    bad([str(d)], "pics: directory with no text, HTML or JSON files", ".png")


def test_glob_matching_nothing(tmp_path):
    bad([str(tmp_path / "*.nothing")], "pattern matches no files")


def test_empty_and_blank_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n\t\n")
    r = bad([str(tmp_path / "empty.txt"), str(tmp_path / "blank.txt")], "empty.txt: empty input", "blank.txt: empty input")
    assert len(r.stderr.strip().splitlines()) == 2


def test_binary_png(tmp_path):
    p = tmp_path / "photo.txt"  # the extension lies
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4)
    bad([str(p)], "photo.txt: binary file, not text")


def test_binary_on_stdin():
    r = runner.invoke(app, ["read", "-"], input=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    assert r.exit_code == 2 and r.stderr.strip() == "error: <stdin>: binary file, not text"


def test_cp1252_and_latin1_decode_right(tmp_path):
    (tmp_path / "latin1.txt").write_bytes(
        "Café owner José Müller said the naïve plan would fail, and the town agreed.".encode("latin-1"))
    (tmp_path / "cp1252.txt").write_bytes(
        "The \u201ccafé\u201d owner José said \u2013 again \u2013 that the plan would fail.".encode("cp1252"))
    r = runner.invoke(app, ["read", str(tmp_path / "latin1.txt"), str(tmp_path / "cp1252.txt"), "--json", "--no-facts"])
    assert r.exit_code == 0, r.stderr
    a, b = (json.loads(ln) for ln in r.stdout.splitlines())
    assert a["paragraphs"][0]["sentences"][0]["text"].startswith("Café owner José Müller said the naïve plan")
    assert b["paragraphs"][0]["sentences"][0]["text"] == "The \u201ccafé\u201d owner José said \u2013 again \u2013 that the plan would fail."


def test_mixed_encoding_does_not_crash(tmp_path):
    p = tmp_path / "mixed.txt"
    p.write_bytes("Café owner José said the plan would fail. ".encode("utf-8") + "Then José said it again.".encode("latin-1"))
    r = runner.invoke(app, ["read", str(p), "--json", "--no-facts"])
    assert r.exit_code == 0, r.stderr
    text = json.loads(r.stdout)["paragraphs"][0]["sentences"]
    assert [s["text"] for s in text] == ["Café owner José said the plan would fail.", "Then José said it again."]


def test_other_8bit_encodings_are_not_read_as_cp1252():
    ru = ("Президент заявил в пятницу, что переговоры продолжатся на следующей неделе. " * 3).encode("cp1251")
    assert decode(ru, "ru.txt").startswith("Президент заявил")


def test_utf16_with_bom():
    assert decode(SENTENCE.encode("utf-16"), "u16.txt") == SENTENCE


def test_html_with_no_article(tmp_path):
    p = tmp_path / "nav.html"
    p.write_text("<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>")
    bad([str(p)], "nav.html: HTML page with no article text")


def test_script_only_page(tmp_path):
    p = tmp_path / "script.html"
    p.write_text("<html><head><script>document.write('The mayor said the bridge would open on Monday.')</script>"
                 "</head><body><script>var x = 'lots of words in a script that is not an article at all';</script></body></html>")
    bad([str(p)], "script.html: HTML page with no article text")


def test_deeply_nested_html(tmp_path):
    p = tmp_path / "deep.html"
    p.write_text("<html><body>" + "<div>" * 20_000 + f"<p>{SENTENCE}</p>" + "</div>" * 20_000 + "</body></html>")
    t = time.perf_counter()
    bad([str(p)], "deep.html: HTML nested 20,00", "levels deep")
    assert time.perf_counter() - t < 10


def test_huge_attribute(tmp_path):
    p = tmp_path / "attr.html"
    p.write_text(f'<html><body><p title="{"x" * 12_000_000}">{SENTENCE}</p></body></html>')
    r = runner.invoke(app, ["read", str(p), "--no-facts"])
    # libxml2 drops everything after an attribute over 10 MB; the reader blanks such attributes
    assert r.exit_code == 0, r.stderr
    assert SENTENCE in r.stdout and "xxxx" not in r.stdout


def test_huge_file_is_refused_fast_without_reading_it(tmp_path):
    p = tmp_path / "big.txt"
    with open(p, "wb") as f:  # sparse: 100 MB on paper, nothing on disk
        f.truncate(100 * 2**20)
    t = time.perf_counter()
    r = subprocess.run([str(BIN), "read", str(p)], capture_output=True, text=True, timeout=60)
    assert time.perf_counter() - t < 15
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip().splitlines() == [f"error: {p}: file is 100 MB; the limit for one input is 50 MB (--max-bytes)"]


def test_gzip_bomb_is_refused(tmp_path):
    p = tmp_path / "bomb.txt.gz"
    p.write_bytes(gzip.compress(b"a" * (60 * 2**20), compresslevel=1))
    bad([str(p)], "bomb.txt.gz: gzip data expands to over 50 MB")


def test_corrupt_gzip(tmp_path):
    p = tmp_path / "bad.txt.gz"
    p.write_bytes(b"\x1f\x8b\x08\x00garbage")
    bad([str(p)], "bad.txt.gz: corrupt gzip data")


def test_malformed_jsonl_line_other_records_still_printed(tmp_path):
    p = tmp_path / "recs.jsonl"
    p.write_text("\n".join([
        json.dumps({"id": "a", "text": SENTENCE}),
        '{"id": "b", "text": "broken',
        json.dumps({"id": "c", "text": "The council voted to close the old library on Friday after a long debate."}),
    ]) + "\n")
    r = runner.invoke(app, ["read", str(p), "--json", "--no-facts"])
    assert r.exit_code == 2
    assert r.stderr.strip().splitlines() == [f"error: {p}:2: malformed JSON line (Unterminated string starting at column 21)"]
    assert [json.loads(ln)["id"] for ln in r.stdout.splitlines()] == ["a", "c"]


def test_invalid_json_document(tmp_path):
    p = tmp_path / "doc.json"
    p.write_text('{"title": "x",\n "text": }')
    bad([str(p)], "doc.json: invalid JSON at line 2")


def test_json_record_without_text(tmp_path):
    p = tmp_path / "rec.json"
    p.write_text(json.dumps({"title": "x", "story": SENTENCE}))
    bad([str(p)], "rec.json: no text field (tried text, body")


def test_one_bad_input_among_good_ones(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(SENTENCE)
    r = runner.invoke(app, ["read", str(tmp_path / "missing.txt"), str(good), "--json", "--no-facts"])
    assert r.exit_code == 2
    assert r.stderr.strip() == f"error: {tmp_path / 'missing.txt'}: no such file"
    assert json.loads(r.stdout)["paragraphs"][0]["sentences"][0]["text"] == SENTENCE


def test_not_english(tmp_path):
    p = tmp_path / "de.txt"
    p.write_text("Die Regierung hat am Freitag beschlossen, dass die Brücke im nächsten Jahr gebaut wird. " * 2)
    bad([str(p)], "de.txt: language not supported")


def test_bad_format_option(tmp_path):
    r = runner.invoke(app, ["read", "x.txt", "--format", "pdf"])
    assert r.exit_code == 2 and "--format pdf" in r.stderr


def test_real_process_gives_one_line_and_no_traceback(tmp_path):
    p = tmp_path / "photo.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    r = subprocess.run([str(BIN), "read", str(p), str(tmp_path / "gone.txt")], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.splitlines() == [f"error: {p}: binary file, not text", f"error: {tmp_path / 'gone.txt'}: no such file"]


def test_unreadable_file(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text(SENTENCE)
    p.chmod(0)
    if os.access(p, os.R_OK):  # root reads anything
        pytest.skip("running as root")
    bad([str(p)], "secret.txt: cannot read")
