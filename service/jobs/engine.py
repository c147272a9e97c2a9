"""Multi-machine workers on procrastinate (PostgreSQL): each job article is one procrastinate job.

procrastinate keeps its queue in the same PostgreSQL as the job store, wakes workers with LISTEN/NOTIFY, and
records a heartbeat per worker. A worker that dies mid-article stops beating; any live worker's maintenance loop
then hands its article back to the queue (at-least-once), and the store's conditional write keeps one result.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

from claimex.service.config import Settings
from claimex.service.jobs.execute import run_item
from claimex.service.jobs.store import JobStore
from claimex.service.pipeline import Extractor

log = logging.getLogger("claimex.jobs")
TASK_NAME = "claimex.run_article"
QUEUE = "claimex"


class _Runtime:
    """What the task needs in this process: the store and the extractor (set by ``bind``)."""

    store: JobStore | None = None
    extractor: Callable[[], Extractor | None] = staticmethod(lambda: None)


_runtime = _Runtime()


def make_app(settings: Settings) -> Any:
    """The procrastinate app for ``settings.database_url``, with the article task registered.

    Raises:
        ConfigurationError: procrastinate or psycopg is missing.

    """
    import procrastinate

    assert settings.database_url is not None
    connector = procrastinate.PsycopgConnector(conninfo=settings.database_url.get_secret_value())
    app = procrastinate.App(connector=connector)

    @app.task(name=TASK_NAME, queue=QUEUE)
    def run_article(job_id: str, index: int) -> str:
        # Workers start once the model is loaded; waiting here only covers a re-bind in progress.
        extractor = _runtime.extractor()
        while _runtime.store is None or extractor is None:
            time.sleep(0.5)
            extractor = _runtime.extractor()
        return run_item(_runtime.store, extractor, job_id, index)

    return app


def bind(store: JobStore, extractor: Callable[[], Extractor | None]) -> None:
    """Give this process's tasks the store and extractor they run with."""
    _runtime.store = store
    _runtime.extractor = extractor


def ensure_schema(url: str) -> None:
    """Create procrastinate's tables once (serialised across processes by an advisory lock)."""
    import psycopg
    from procrastinate.schema import SchemaManager

    with psycopg.connect(url) as conn:
        conn.execute("SELECT pg_advisory_xact_lock(7215002)")
        row = conn.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
        if row is None or row[0] is None:
            conn.execute(SchemaManager.get_schema())
            log.info("created procrastinate's schema")


async def dispatch(app: Any, store: JobStore) -> int:
    """Hand every undispatched article to procrastinate, then mark it dispatched.

    Deferring before marking means a crash in between can only defer twice, never lose an article; the
    queueing lock refuses a second copy while the first still waits.

    Returns:
        How many articles were deferred.

    """
    from procrastinate.exceptions import AlreadyEnqueued

    keys = await asyncio.to_thread(store.unfinished, undispatched_only=True)
    task = app.tasks[TASK_NAME]
    for job_id, index in keys:
        with contextlib.suppress(AlreadyEnqueued):
            await task.configure(queueing_lock=f"{job_id}:{index}").defer_async(job_id=job_id, index=index)
    if keys:
        await asyncio.to_thread(store.mark_dispatched, keys)
    return len(keys)


async def recover_stalled(app: Any, settings: Settings) -> int:
    """Requeue the articles of workers whose heartbeat stopped (killed, frozen, cut off).

    Returns:
        How many articles were requeued.

    """
    manager = app.job_manager
    await manager.prune_stalled_workers(settings.stalled_after_s)
    stalled = await manager.get_stalled_jobs(task_name=TASK_NAME, seconds_since_heartbeat=settings.stalled_after_s)
    count = 0
    for job in stalled:
        try:
            await manager.retry_job(job)
            count += 1
        except Exception as exc:  # another worker retried it first
            log.info("stalled article already handled: %s", exc)
    if count:
        log.warning("requeued articles of stalled workers", extra={"articles": count})
    return count


async def sweep(app: Any, store: JobStore, settings: Settings) -> None:
    """One round of upkeep: requeue stalled work, release orphaned articles, defer everything undispatched."""
    await recover_stalled(app, settings)
    if orphans := await asyncio.to_thread(store.undispatch_orphans):
        log.warning("articles without a live queue entry are queued again", extra={"articles": orphans})
    await dispatch(app, store)


async def maintain(app: Any, store: JobStore, settings: Settings) -> None:
    """Forever: ``sweep`` every ``sweep_s`` (any number of processes may do this at once)."""
    while True:
        try:
            await sweep(app, store, settings)
        except Exception:
            log.exception("job maintenance failed; retrying")
        await asyncio.sleep(settings.sweep_s)


async def run_worker(app: Any, store: JobStore, settings: Settings, concurrency: int, *, signals: bool) -> None:
    """Run a procrastinate worker and the maintenance loop until cancelled (or a signal, if ``signals``)."""
    upkeep = asyncio.create_task(maintain(app, store, settings))
    try:
        await app.run_worker_async(
            queues=[QUEUE],
            concurrency=concurrency,
            update_heartbeat_interval=settings.heartbeat_s,
            stalled_worker_timeout=settings.stalled_after_s,
            fetch_job_polling_interval=min(5.0, settings.sweep_s),
            install_signal_handlers=signals,
            delete_jobs="successful",
        )
    finally:
        upkeep.cancel()
