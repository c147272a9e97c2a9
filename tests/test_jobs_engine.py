"""Scale-out on a real PostgreSQL: procrastinate workers in separate processes share one store.

``claimex serve`` (API only) accepts the job, two ``claimex worker`` processes run it, one is killed with
``kill -9`` mid-article and a replacement is started: every article ends with exactly one result.
"""

import asyncio
import json
import os
import signal
import subprocess
import sys

import httpx
import psycopg

from claimex.schemas.jobs import JobArticle
from claimex.service.config import Settings
from claimex.service.jobs import engine
from claimex.service.jobs.store import JobStore

from .conftest import sample
from .procs import claimex, free_port, poll, stop, wait_ready

ARTICLE = "Tomas Varga said the cables were corroded. Engineers warned that repairs could take a year."


def test_two_workers_share_a_job_and_a_kill_9_loses_nothing(postgres_url, tmp_path):
    env = {
        "CLAIMEX_DATABASE_URL": postgres_url,
        "CLAIMEX_CACHE_DIR": str(tmp_path),
        "CLAIMEX_SERVE_WORKERS": "false",
        "CLAIMEX_FAKE_DELAY_S": "0.25",
        "CLAIMEX_JOB_WORKERS": "1",
        "CLAIMEX_HEARTBEAT_S": "0.5",
        "CLAIMEX_STALLED_AFTER_S": "3",
        "CLAIMEX_SWEEP_S": "0.5",
        "CLAIMEX_RULE_UNQUOTED": "false",  # the fake model's delay paces each article: its plain reports must reach the model
    }
    port, worker_metrics = free_port(), free_port()
    url = f"http://127.0.0.1:{port}"
    procs = {
        "serve": claimex(["serve", "--port", str(port)], env, tmp_path / "serve.log"),
        "w1": claimex(["worker"], env, tmp_path / "w1.log"),
        "w2": claimex(["worker", "--metrics-port", str(worker_metrics)], env, tmp_path / "w2.log"),
    }
    try:
        wait_ready(url)
        # Enough work (~8 s for one worker) that the second one always starts in time to share it.
        body = {"articles": [{"id": f"a{n}", "text": f"{ARTICLE} Item {n}."} for n in range(16)]}
        accepted = httpx.post(f"{url}/v1/jobs", json=body)
        assert accepted.status_code == 202, accepted.text
        status_url = accepted.json()["status_url"]

        def runners(view):
            return {i["worker"].split(":")[-1] for i in view["items"] if i["status"] == "done"}

        # Both workers take articles from the one queue.
        view = poll(lambda: httpx.get(status_url).json(), lambda v: len(runners(v)) == 2)
        assert runners(view) == {str(procs["w1"].pid), str(procs["w2"].pid)}

        # Kill worker 1 while it runs an article; start a replacement.
        poll(
            lambda: httpx.get(status_url).json(),
            lambda v: any(i["status"] == "running" and i["worker"].endswith(f":{procs['w1'].pid}") for i in v["items"]),
            every_s=0.02,
        )
        procs["w1"].send_signal(signal.SIGKILL)
        procs["w1"].wait(10)
        procs["w3"] = claimex(["worker"], env, tmp_path / "w3.log")

        view = poll(lambda: httpx.get(status_url).json(), lambda v: v["status"] in {"done", "failed"}, timeout_s=90)
        metrics = httpx.get(f"{url}/metrics").text
        worker_text = httpx.get(f"http://127.0.0.1:{worker_metrics}/metrics").text
    finally:
        for proc in procs.values():
            stop(proc)
    assert view["status"] == "done"
    assert view["progress"] == {"total": 16, "done": 16, "failed": 0, "cancelled": 0}
    ids = sorted(i["id"] for i in view["items"] if i["response"] is not None)
    assert ids == sorted(f"a{n}" for n in range(16))  # 0 lost, 0 duplicated
    assert max(i["attempts"] for i in view["items"]) >= 2  # the killed worker's article ran again elsewhere
    assert 'claimex_jobs_total{outcome="created"} 1.0' in metrics
    assert "claimex_queue_depth 0.0" in metrics  # read from the shared store
    # The worker's own metrics count what it finished (exact counts would race a late duplicate run).
    assert sample(worker_text, "claimex_job_articles_total", outcome="done") >= 1
    assert "claimex_model_calls_total" in worker_text


def test_recipe_workers_on_an_openai_compatible_server(postgres_url, tmp_path):
    """The scale-out recipe's wiring: workers use an OpenAI-compatible server (a loopback stand-in for a
    llama.cpp server), in the endpoint mode the README gives for it, and a batch fans out through the store."""
    from .fakes.openai_server import FakeOpenAIServer

    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": f"a{n}", "text": f"{ARTICLE} Item {n}."}) + "\n" for n in range(4)))
    out = tmp_path / "out.jsonl"
    with FakeOpenAIServer() as model_server:
        env = {
            "CLAIMEX_DATABASE_URL": postgres_url,
            "CLAIMEX_CACHE_DIR": str(tmp_path),
            "CLAIMEX_BACKEND": "openai",
            "CLAIMEX_BASE_URL": model_server.url,
            "CLAIMEX_ENDPOINT_MODE": "md_json",
            "CLAIMEX_SWEEP_S": "0.3",
            "CLAIMEX_RULE_UNQUOTED": "false",  # the article's plain reports must reach the model server
        }
        worker = claimex(["worker", "--job-workers", "2"], env, tmp_path / "worker.log")
        try:
            run = subprocess.run(
                [sys.executable, "-m", "claimex.service.cli", "batch", str(source), "--out", str(out), "--on-workers"],
                env={**os.environ, **env},
                capture_output=True,
                text=True,
                timeout=60,
            )
        finally:
            stop(worker)
        hits = model_server.hits
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(r["id"] for r in records) == [f"a{n}" for n in range(4)]
    assert all(any(c["speaker"] == "Tomas Varga" for c in r["response"]["claims"]) for r in records)
    assert hits >= 4  # every article went through the model server


def queued_entries(url):
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT args ->> 'job_id', (args ->> 'index')::int, status FROM procrastinate_jobs")
        return sorted(rows.fetchall())


def test_sweep_defers_once_and_requeues_a_lost_or_failed_entry(postgres_url):
    settings = Settings(backend="fake", database_url=postgres_url)
    store = JobStore(postgres_url)
    engine.ensure_schema(postgres_url)
    engine.ensure_schema(postgres_url)  # idempotent: a second process finds the schema
    job_id, _ = store.create_job([JobArticle(text="One."), JobArticle(text="Two.")])
    app = engine.make_app(settings)

    async def sweep_twice():
        async with app.open_async():
            await engine.sweep(app, store, settings)
            await engine.sweep(app, store, settings)

    asyncio.run(sweep_twice())
    assert queued_entries(postgres_url) == [(job_id, 0, "todo"), (job_id, 1, "todo")]  # no duplicate defers
    assert store.unfinished(undispatched_only=True) == []

    # The entry of article 1 failed (say its worker could not reach the store): the next sweep defers it again.
    with psycopg.connect(postgres_url) as conn:
        conn.execute("UPDATE procrastinate_jobs SET status = 'failed' WHERE (args ->> 'index')::int = 1")
    asyncio.run(sweep_twice())
    assert queued_entries(postgres_url) == [(job_id, 0, "todo"), (job_id, 1, "failed"), (job_id, 1, "todo")]
