"""Which store and which workers: SQLite with in-process threads by default, PostgreSQL with procrastinate."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

from claimex.service import metrics
from claimex.service.config import Settings
from claimex.service.errors import ConfigurationError
from claimex.service.jobs.local import LocalWorkers
from claimex.service.jobs.store import JobStore
from claimex.service.pipeline import Extractor

log = logging.getLogger("claimex.jobs")


def open_store(settings: Settings) -> JobStore:
    """The configured job store (PostgreSQL if ``database_url`` is set, else the SQLite file).

    Raises:
        ConfigurationError: ``database_url`` is not a PostgreSQL URL, or psycopg cannot load libpq.

    """
    if settings.database_url is None:
        return JobStore(settings.jobs_db_path())
    url = settings.database_url.get_secret_value()
    if not url.startswith(("postgresql://", "postgres://")):
        raise ConfigurationError("CLAIMEX_DATABASE_URL must be a postgresql:// URL (unset it to use SQLite).")
    try:
        import psycopg  # noqa: F401 (fails here, with a clear message, when libpq is missing)
    except ImportError as exc:
        raise ConfigurationError(
            f"PostgreSQL needs libpq: install 'claimex[postgres]' (bundles it) or the system's libpq ({exc})."
        ) from exc
    return JobStore(url)


def worker_threads(settings: Settings, extractor: Extractor | None) -> int:
    """Articles one process runs at once: ``job_workers``, else what the backend can do in parallel."""
    if settings.job_workers:
        return settings.job_workers
    return extractor.backend.parallel_calls if extractor is not None else 1


@dataclass
class JobRuntime:
    """The store plus a way to hand new jobs to workers."""

    store: JobStore
    submit: Callable[[str, int], Any]
    tasks: list[asyncio.Task[Any]] = field(default_factory=list)


@asynccontextmanager
async def job_runtime(settings: Settings, extractor: Callable[[], Extractor | None]) -> AsyncIterator[JobRuntime]:
    """Open the store and start this process's workers for as long as the context lasts.

    SQLite: threads in this process (the only process using that file). PostgreSQL: jobs go to procrastinate;
    this process also runs a worker unless ``serve_workers`` is false (then only ``claimex worker`` runs them).

    Args:
        settings: Store, worker and timing settings.
        extractor: Returns the ready extractor, or None while the model loads.

    """
    store = await asyncio.to_thread(open_store, settings)
    metrics.watch_queue_depth(store.queue_depth)
    if not store.is_postgres:
        local = LocalWorkers(store, extractor, worker_threads(settings, extractor()))
        await asyncio.to_thread(local.start)

        async def submit_local(job_id: str, total: int) -> None:
            local.submit(job_id, total)

        try:
            yield JobRuntime(store, submit_local)
        finally:
            await asyncio.to_thread(local.stop)
        return

    from claimex.service.jobs import engine

    await asyncio.to_thread(engine.ensure_schema, store.target)
    app = engine.make_app(settings)
    engine.bind(store, extractor)
    async with app.open_async():

        async def submit_engine(job_id: str, total: int) -> None:
            await engine.dispatch(app, store)

        runtime = JobRuntime(store, submit_engine)
        if settings.serve_workers:
            runtime.tasks.append(asyncio.create_task(_worker_when_ready(app, store, settings, extractor)))
        else:
            runtime.tasks.append(asyncio.create_task(engine.maintain(app, store, settings)))
        try:
            yield runtime
        finally:
            for task in runtime.tasks:
                task.cancel()
                with suppress(asyncio.CancelledError, Exception):
                    await task


async def _worker_when_ready(
    app: Any, store: JobStore, settings: Settings, extractor: Callable[[], Extractor | None]
) -> None:
    from claimex.service.jobs import engine

    while (ready := extractor()) is None:
        await asyncio.sleep(0.5)
    await engine.run_worker(app, store, settings, worker_threads(settings, ready), signals=False)
