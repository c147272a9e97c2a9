"""The jobs API on the default SQLite store, with in-process workers and the fake backend."""

import time

import pytest
from fastapi.testclient import TestClient

from claimex.service.api.app import create_app
from claimex.service.backends.fake import FakeChat
from claimex.service.backends.instructed import InstructorBackend
from claimex.service.config import Settings

ARTICLE = "Tomas Varga said the cables were corroded. Engineers warned that repairs could take a year."


@pytest.fixture()
def client(settings):
    backend = InstructorBackend(FakeChat().create, model_name="fake", parallel_calls=2)
    with TestClient(create_app(settings, backend=backend)) as c:
        yield c


def wait_for(client, url, statuses=("done", "failed", "cancelled"), timeout_s=20.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        view = client.get(url).json()
        if view["status"] in statuses:
            return view
        time.sleep(0.05)
    raise AssertionError(f"job did not reach {statuses}: {view}")


def test_submit_a_list_then_poll_to_done_with_per_article_responses(client):
    body = {"articles": [{"id": "one", "text": ARTICLE}, {"id": "two", "text": "Maria Lopez said it rained."}]}
    accepted = client.post("/v1/jobs", json=body)
    assert accepted.status_code == 202, accepted.text
    data = accepted.json()
    assert data["status"] in {"queued", "running", "done"} and accepted.headers["location"] == data["status_url"]
    view = wait_for(client, data["status_url"])
    assert view["status"] == "done" and view["progress"] == {"total": 2, "done": 2, "failed": 0, "cancelled": 0}
    assert [i["id"] for i in view["items"]] == ["one", "two"]
    speakers = {c["speaker"] for c in view["items"][0]["response"]["claims"]}
    assert "Tomas Varga" in speakers
    assert view["claims_found"] == sum(len(i["response"]["claims"]) for i in view["items"])
    assert all(i["attempts"] == 1 and i["error"] is None and i["worker"] for i in view["items"])


def test_single_article_and_text_plain_are_jobs_too(client):
    one = client.post("/v1/jobs", json={"text": ARTICLE, "source": {"outlet": "Harbour News"}})
    plain = client.post("/v1/jobs", content=ARTICLE.encode(), headers={"content-type": "text/plain"})
    assert one.status_code == plain.status_code == 202
    view = wait_for(client, one.json()["status_url"])
    claims = view["items"][0]["response"]["claims"]
    # The article's own outlet becomes the outlet of claims that name no intermediary.
    assert claims and {c["source_outlet"] for c in claims} == {"Harbour News"}
    assert wait_for(client, plain.json()["status_url"])["progress"]["total"] == 1


def test_idempotency_key_returns_the_existing_job(client):
    headers = {"Idempotency-Key": "order-42"}
    first = client.post("/v1/jobs", json={"text": ARTICLE}, headers=headers)
    again = client.post("/v1/jobs", json={"text": "Something else entirely, said Ana."}, headers=headers)
    assert first.status_code == 202 and again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert wait_for(client, first.json()["status_url"])["progress"]["total"] == 1


def test_failed_article_gets_the_documented_error_shape(settings):
    chat = FakeChat(["garbage", "more garbage"])
    with TestClient(create_app(settings, backend=InstructorBackend(chat.create, model_name="f"))) as c:
        view = wait_for(
            c, c.post("/v1/jobs", json={"text": "Tomas Varga said the cables were corroded."}).json()["status_url"]
        )
    assert view["status"] == "failed" and view["progress"]["failed"] == 1
    error = view["items"][0]["error"]
    assert set(error) == {"type", "message", "field"} and error["type"] == "invalid_model_output"
    assert view["items"][0]["response"] is None


def test_cancel_stops_queued_articles(settings):
    slow = InstructorBackend(FakeChat(delay_s=0.3).create, model_name="slow", parallel_calls=1)
    with TestClient(create_app(settings.model_copy(update={"job_workers": 1}), backend=slow)) as c:
        accepted = c.post("/v1/jobs", json={"articles": [{"text": f"{ARTICLE} Part {n}."} for n in range(5)]}).json()
        cancelled = c.delete(f"/v1/jobs/{accepted['id']}")
        assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
        time.sleep(1.0)
        view = c.get(accepted["status_url"]).json()
    assert view["status"] == "cancelled" and view["progress"]["cancelled"] >= 4
    assert all(i["status"] in {"cancelled", "done"} for i in view["items"])


def test_unknown_job_is_a_typed_404(client):
    for response in (client.get("/v1/jobs/nope"), client.delete("/v1/jobs/nope")):
        assert response.status_code == 404
        assert response.json()["error"]["type"] == "job_not_found"


@pytest.mark.parametrize(
    ("kwargs", "status", "field"),
    [
        ({"json": {"articles": []}}, 422, "articles"),
        ({"json": {"articles": [{"text": " "}]}}, 422, "articles.0.text"),
        ({"json": {"articles": [{"text": "ok", "colour": "red"}]}}, 422, "articles.0.colour"),
        ({"content": b"a=b", "headers": {"content-type": "application/x-www-form-urlencoded"}}, 415, "content-type"),
        ({"json": {"articles": [{"text": "ok"}, {"text": "word " * 100}]}}, 413, "articles.1.text"),
        ({"json": {"articles": [{"text": "ok"}] * 4}}, 422, "articles"),
    ],
)
def test_size_limits_and_bad_input_as_on_extract(settings, kwargs, status, field):
    small = settings.model_copy(update={"max_article_chars": 200, "max_job_articles": 3})
    with TestClient(create_app(small, backend=InstructorBackend(FakeChat().create, model_name="f"))) as c:
        response = c.post("/v1/jobs", **kwargs)
    assert response.status_code == status, response.text
    assert response.json()["error"]["field"] == field


def test_api_keys_guard_every_job_route(settings):
    keyed = settings.model_copy(
        update={"service_keys": Settings.model_validate({"service_keys": ["s3cret"]}).service_keys}
    )
    with TestClient(create_app(keyed, backend=InstructorBackend(FakeChat().create, model_name="f"))) as c:
        assert c.post("/v1/jobs", json={"text": ARTICLE}).status_code == 401
        assert c.get("/v1/jobs/x").status_code == 401
        assert c.delete("/v1/jobs/x").status_code == 401
        ok = c.post("/v1/jobs", json={"text": ARTICLE}, headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 202
        assert c.get(ok.json()["status_url"], headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_jobs_survive_a_clean_restart(settings):
    """Accepted work is in the store, not in memory: a new app on the same store finishes it."""
    stopped = InstructorBackend(FakeChat(delay_s=0.2).create, model_name="f", parallel_calls=1)
    one_worker = settings.model_copy(update={"job_workers": 1})
    with TestClient(create_app(one_worker, backend=stopped)) as c:
        job = c.post("/v1/jobs", json={"articles": [{"text": f"{ARTICLE} {n}"} for n in range(4)]}).json()
    with TestClient(create_app(one_worker, backend=InstructorBackend(FakeChat().create, model_name="f"))) as c:
        view = wait_for(c, f"/v1/jobs/{job['id']}")
    assert view["status"] == "done" and view["progress"]["done"] == 4


def test_a_second_server_on_the_same_sqlite_store_is_refused(settings):
    backend = InstructorBackend(FakeChat().create, model_name="f")
    second = TestClient(create_app(settings, backend=backend))
    with TestClient(create_app(settings, backend=backend)), pytest.raises(Exception, match="another claimex process"):
        second.__enter__()
    with TestClient(create_app(settings, backend=backend)) as again:  # released on stop
        assert again.get("/healthz").status_code == 200


def test_on_postgres_serve_runs_its_own_procrastinate_worker(settings, postgres_url):
    pg = settings.model_copy(
        update={
            "database_url": Settings.model_validate({"database_url": postgres_url}).database_url,
            "sweep_s": 0.3,
        }
    )
    with TestClient(
        create_app(pg, backend=InstructorBackend(FakeChat().create, model_name="f", parallel_calls=2))
    ) as c:
        job = c.post("/v1/jobs", json={"articles": [{"id": f"a{n}", "text": f"{ARTICLE} {n}"} for n in range(3)]})
        assert job.status_code == 202
        view = wait_for(c, job.json()["status_url"])
        assert c.delete(job.json()["status_url"]).json()["status"] == "done"  # cancelling a finished job: no-op
    assert view["status"] == "done" and [i["status"] for i in view["items"]] == ["done"] * 3
    assert not (settings.cache_dir / "jobs.sqlite3").exists()  # the PostgreSQL store, not the SQLite default


def test_openapi_documents_the_job_routes_and_every_reference_resolves(client):
    import json
    import re

    spec = client.get("/openapi.json").json()
    assert {"post"} <= set(spec["paths"]["/v1/jobs"]) and {"get", "delete"} <= set(spec["paths"]["/v1/jobs/{job_id}"])
    body = spec["paths"]["/v1/jobs"]["post"]["requestBody"]["content"]
    assert {"application/json", "text/plain"} <= set(body)
    referenced = set(re.findall(r"#/components/schemas/(\w+)", json.dumps(spec)))
    assert {"JobArticle", "SourceMeta", "JobView"} <= referenced
    assert referenced <= set(spec["components"]["schemas"])  # no dangling $ref
