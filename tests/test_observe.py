"""Request ids, JSON logs with ids on every line, Prometheus /metrics, and client disconnects at INFO."""

import asyncio
import io
import json
import logging

import pytest
from fastapi.testclient import TestClient

from claimex.service.api.app import create_app
from claimex.service.backends.fake import FakeChat
from claimex.service.backends.instructed import InstructorBackend
from claimex.service.logs import ContextFilter, JsonFormatter, configure_logging, request_id

from .conftest import sample

ARTICLE = "Tomas Varga said the cables were corroded. Engineers warned that repairs could take a year."


@pytest.fixture()
def client(settings):
    with TestClient(create_app(settings, backend=InstructorBackend(FakeChat().create, model_name="f"))) as c:
        yield c


def test_request_id_is_echoed_or_made(client):
    given = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    made = client.get("/healthz", headers={"X-Request-ID": "bad id with spaces\n"})
    assert len(made.headers["x-request-id"]) == 32 and made.headers["x-request-id"] != given.headers["x-request-id"]


def test_metrics_count_requests_jobs_model_calls_tokens_and_cache_hits(client):
    before = client.get("/metrics").text
    for _ in range(2):  # the second is answered from the cache
        assert client.post("/v1/extract", json={"text": ARTICLE}).status_code == 200
    assert client.post("/v1/extract", json={"text": ""}).status_code == 422
    job = client.post("/v1/jobs", json={"text": ARTICLE + " Again."}).json()
    for _ in range(100):
        if client.get(job["status_url"]).json()["status"] == "done":
            break
    after = client.get("/metrics")
    assert after.headers["content-type"].startswith("text/plain")
    text = after.text

    def grew(name, **labels):
        return sample(text, name, **labels) - sample(before, name, **labels)

    assert grew("claimex_http_requests_total", route="/v1/extract", method="POST", status="200") == 2
    assert grew("claimex_http_requests_total", route="/v1/extract", method="POST", status="422") == 1
    assert grew("claimex_http_request_seconds_count", route="/v1/extract") == 3
    assert grew("claimex_jobs_total", outcome="created") == 1
    assert grew("claimex_job_articles_total", outcome="done") == 1
    assert grew("claimex_extractions_total", outcome="ok") == 3
    assert grew("claimex_cache_hits_total") == 1
    assert grew("claimex_model_calls_total") >= 2
    assert grew("claimex_tokens_total", kind="prompt") > 0 and grew("claimex_tokens_total", kind="completion") > 0
    assert "claimex_queue_depth 0.0" in text
    assert "claimex_extraction_seconds_bucket" in text


def test_every_log_line_is_json_with_the_request_id(settings):
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.addFilter(ContextFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)
    try:
        with TestClient(create_app(settings, backend=InstructorBackend(FakeChat().create, model_name="f"))) as c:
            c.post("/v1/extract", json={"text": ARTICLE}, headers={"X-Request-ID": "req-7"})
            job = c.post("/v1/jobs", json={"text": ARTICLE + " Once more."}, headers={"X-Request-ID": "req-8"})
            for _ in range(100):
                if c.get(job.json()["status_url"]).json()["status"] == "done":
                    break
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    lines = [json.loads(line) for line in buffer.getvalue().splitlines()]
    access = [r for r in lines if r["logger"] == "claimex.http" and r["request_id"] == "req-7"]
    assert access and access[0]["path"] == "/v1/extract" and access[0]["status"] == 200
    job_lines = [r for r in lines if r["logger"] == "claimex.jobs" and r["job_id"] == job.json()["id"]]
    assert {r["message"] for r in job_lines} >= {"article started", "article finished"}
    assert all({"time", "level", "logger", "message", "request_id", "job_id"} <= set(r) for r in lines)


def test_a_client_that_hangs_up_is_not_an_error(settings, caplog):
    app = create_app(settings, backend=InstructorBackend(FakeChat().create, model_name="f"))
    sent: list[dict] = []

    async def receive():
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/extract",
        "raw_path": b"/v1/extract",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"host", b"test")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
        "app": app,
    }
    with caplog.at_level(logging.INFO):
        asyncio.run(app(scope, receive, send))
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    gone = [r for r in caplog.records if r.getMessage() == "client disconnected"]
    assert gone and gone[0].levelno == logging.INFO and gone[0].status == 499


def test_configure_logging_routes_everything_through_one_json_handler(capsys):
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure_logging("json", "INFO")
        token = request_id.set("r-1")
        logging.getLogger("uvicorn.error").info("hello %s", "there")
        request_id.reset(token)
        line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    finally:
        root.handlers[:], _ = saved[0], root.setLevel(saved[1])
    assert line["message"] == "hello there" and line["request_id"] == "r-1" and line["level"] == "INFO"


def test_a_store_outage_does_not_break_the_scrape():
    from prometheus_client import generate_latest

    from claimex.service import metrics
    from claimex.service.errors import StoreError

    def broken() -> int:
        raise StoreError("down")

    metrics.watch_queue_depth(broken)
    assert "claimex_queue_depth NaN" in generate_latest().decode()
    metrics.watch_queue_depth(lambda: 3)
    assert "claimex_queue_depth 3.0" in generate_latest().decode()
