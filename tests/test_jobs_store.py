"""The job store on both engines: SQLite (default) and a real PostgreSQL."""

import threading

import pytest

from claimex.schemas.api import ErrorDetail, ExtractResponse
from claimex.schemas.jobs import JobArticle
from claimex.service.jobs.store import JobStore


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    if request.param == "sqlite":
        return JobStore(tmp_path / "jobs.sqlite3")
    return JobStore(request.getfixturevalue("postgres_url"))


def response(n_claims: int = 0) -> ExtractResponse:
    return ExtractResponse(claims=[], model="fake", prompt_version="claims@v3", mode="candidates")


def articles(n: int) -> list[JobArticle]:
    return [
        JobArticle(id=f"a{i}", text=f"Article {i}.", source={"outlet": "Wire"} if i == 0 else None) for i in range(n)
    ]


def test_job_round_trip_keeps_articles_in_order(store):
    job_id, created = store.create_job(articles(3))
    assert created
    job = store.get_job(job_id)
    assert [i.article_id for i in job.items] == ["a0", "a1", "a2"]
    assert [i.status for i in job.items] == ["queued"] * 3
    assert job.items[0].source == {"outlet": "Wire", "url": None, "published_at": None}
    assert store.get_job("missing") is None
    assert sorted(store.unfinished()) == [(job_id, 0), (job_id, 1), (job_id, 2)]
    assert store.queue_depth() == 3


def test_idempotency_key_returns_the_existing_job(store):
    first, created = store.create_job(articles(2), idempotency_key="k-1")
    again, created_again = store.create_job(articles(5), idempotency_key="k-1")
    assert created and not created_again and again == first
    assert len(store.get_job(first).items) == 2


def test_concurrent_creates_with_one_key_make_one_job(store):
    ids: list[str] = []

    def create() -> None:
        ids.append(store.create_job(articles(1), idempotency_key="race")[0])

    threads = [threading.Thread(target=create) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(ids)) == 1 and len(ids) == 4


def test_result_is_written_once_and_a_rerun_changes_nothing(store):
    job_id, _ = store.create_job(articles(1))
    assert store.start_item(job_id, 0, "w1").attempts == 1
    # A crashed worker's article runs again: start is allowed while it is still 'running'.
    assert store.start_item(job_id, 0, "w2").attempts == 2
    assert store.finish_item(job_id, 0, response()) is True
    assert store.finish_item(job_id, 0, error=ErrorDetail(type="x", message="late duplicate")) is False
    assert store.start_item(job_id, 0, "w3") is None
    item = store.get_job(job_id).items[0]
    assert item.status == "done" and item.error is None and item.response is not None and item.ran_by == "w2"


def test_cancel_stops_unfinished_articles_and_keeps_finished_ones(store):
    job_id, _ = store.create_job(articles(3))
    store.start_item(job_id, 0)
    store.finish_item(job_id, 0, response())
    store.start_item(job_id, 1)
    assert store.cancel(job_id) and not store.cancel("missing")
    assert store.finish_item(job_id, 1, response()) is False  # a late result of a cancelled article is dropped
    assert [i.status for i in store.get_job(job_id).items] == ["done", "cancelled", "cancelled"]
    assert store.unfinished() == []


def test_requeue_running_and_dispatch_marks(store):
    job_id, _ = store.create_job(articles(2))
    store.start_item(job_id, 0)
    assert store.requeue_running() == 1
    assert store.get_job(job_id).items[0].status == "queued"
    assert len(store.unfinished(undispatched_only=True)) == 2
    store.mark_dispatched([(job_id, 0)])
    assert store.unfinished(undispatched_only=True) == [(job_id, 1)]


def test_two_stores_on_one_database_see_the_same_jobs(store, tmp_path):
    other = JobStore(store.target)  # a second process would do the same: the schema is created once
    job_id, _ = store.create_job(articles(1))
    assert other.get_job(job_id).items[0].article_id == "a0"
