"""``claimex batch``: 50 articles with the fake backend, a progress bar, ctrl-C, --resume, error records."""

import json
import os
import re
import signal
import subprocess
import sys

import pytest

from claimex.service.batch import done_ids
from claimex.service.cli import main

from .procs import claimex, poll, stop

ARTICLE = "Tomas Varga said the cables were corroded. Engineers warned that repairs could take a year."


def lines_of(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_fifty_articles_interrupted_then_resumed_give_exactly_fifty_lines(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": f"a{n}", "text": f"{ARTICLE} Item {n}."}) + "\n" for n in range(50)))
    out = tmp_path / "out.jsonl"
    env = {"CLAIMEX_CACHE_DIR": str(tmp_path), "CLAIMEX_FAKE_DELAY_S": "0.1", "CLAIMEX_JOB_WORKERS": "1"}
    env["CLAIMEX_RULE_UNQUOTED"] = "false"  # the fake model's delay paces each article: its plain reports must reach the model
    log = tmp_path / "batch.log"
    proc = claimex(["batch", str(source), "--out", str(out)], env, log)
    poll(lambda: out.exists() and len(out.read_text().splitlines()), lambda n: n and n >= 10, timeout_s=30)
    proc.send_signal(signal.SIGINT)  # ctrl-C
    assert proc.wait(30) == 130
    first = lines_of(out)  # every line parses: the file is valid after the interrupt
    assert 10 <= len(first) < 50
    progress = log.read_text()
    assert re.search(r"\d+/50 \[\d\d:\d\d<\d\d:\d\d, +[\d.]+article/s\]", progress), progress[-500:]  # rate, ETA
    assert "rerun with --resume" in progress

    resumed = subprocess.run(
        [sys.executable, "-m", "claimex.service.cli", "batch", str(source), "--out", str(out), "--resume"],
        env=proc_env(env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert f"{50 - len(first)}/{50 - len(first)}" in resumed.stderr  # only the rest ran
    final = lines_of(out)
    assert len(final) == 50
    assert sorted(r["id"] for r in final) == sorted(f"a{n}" for n in range(50))
    assert all(r["response"]["claims"] for r in final)


def proc_env(extra):
    return {**os.environ, "CLAIMEX_BACKEND": "fake", "CLAIMEX_RULE_CLAUSES": "false", **extra}  # see conftest


@pytest.fixture()
def fake_env(monkeypatch, tmp_path):
    monkeypatch.setenv("CLAIMEX_BACKEND", "fake")
    monkeypatch.setenv("CLAIMEX_RULE_CLAUSES", "false")  # see conftest
    monkeypatch.setenv("CLAIMEX_CACHE_DIR", str(tmp_path / "cache"))


def test_bad_lines_become_error_records_not_a_crash(tmp_path, fake_env):
    source = tmp_path / "in.jsonl"
    source.write_bytes(
        b"\n".join(
            [
                json.dumps({"id": "ok", "text": ARTICLE, "source": {"outlet": "Harbour News"}}).encode(),
                b"{not json",
                json.dumps({"id": "empty", "text": "  "}).encode(),
                json.dumps({"id": "ok", "text": "A repeated id."}).encode(),
                b'{"id": "latin", "text": "caf\xe9"}',
                json.dumps([1, 2]).encode(),
                json.dumps({"text": "No id, said Ana."}).encode(),
            ]
        )
        + b"\n"
    )
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(source), "--out", str(out)]) == 0
    records = {r["id"]: r for r in lines_of(out)}
    assert set(records) == {"ok", "line-2", "empty", "ok#line-4", "line-5", "line-6", "line-7"}
    assert {c["source_outlet"] for c in records["ok"]["response"]["claims"]} == {"Harbour News"}
    assert "response" in records["line-7"]
    for key in ("line-2", "empty", "ok#line-4", "line-5", "line-6"):
        assert records[key]["error"]["type"] == "invalid_input", records[key]
        assert set(records[key]["error"]) == {"type", "message", "field"}


def test_a_directory_of_txt_files(tmp_path, fake_env, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "first.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "second.txt").write_bytes(b"\xff\xfe binary")
    (folder / "notes.md").write_text("ignored")
    assert main(["batch", str(folder)]) == 0
    records = {r["id"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert set(records) == {"first", "second"}
    assert records["first"]["response"]["claims"] and records["second"]["error"]["type"] == "invalid_input"


def test_resume_cuts_a_torn_last_line(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "a", "response": {}}\n{"id": "b", "respo')
    assert done_ids(out) == {"a"}
    assert out.read_text() == '{"id": "a", "response": {}}\n'


def test_missing_input_and_resume_without_out_are_clear_errors(tmp_path, fake_env, capsys):
    assert main(["batch", str(tmp_path / "nope.jsonl")]) == 2
    assert main(["batch", str(tmp_path), "--resume"]) == 2
    assert main(["batch", str(tmp_path), "--on-workers"]) == 2
    err = capsys.readouterr().err
    assert "no such file" in err and "--resume needs --out" in err and "PostgreSQL" in err


def test_on_workers_fans_out_through_the_postgres_store(postgres_url, tmp_path):
    env = {
        "CLAIMEX_DATABASE_URL": postgres_url,
        "CLAIMEX_CACHE_DIR": str(tmp_path),
        "CLAIMEX_SWEEP_S": "0.3",
        "CLAIMEX_JOB_WORKERS": "2",
    }
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": f"a{n}", "text": f"{ARTICLE} Item {n}."}) + "\n" for n in range(6)))
    out = tmp_path / "out.jsonl"
    worker = claimex(["worker"], env, tmp_path / "worker.log")
    try:
        run = subprocess.run(
            [sys.executable, "-m", "claimex.service.cli", "batch", str(source), "--out", str(out), "--on-workers"],
            env=proc_env(env),
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        stop(worker)
    assert run.returncode == 0, run.stderr
    records = lines_of(out)
    assert sorted(r["id"] for r in records) == [f"a{n}" for n in range(6)]
    assert all(r["response"]["claims"] for r in records)
    assert "article finished" in (tmp_path / "worker.log").read_text()  # the worker ran them, not the batch process
