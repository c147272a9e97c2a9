"""``claimex worker``: one process that runs job articles from the PostgreSQL store, on any machine."""

from __future__ import annotations

import asyncio
import logging

from claimex.service.config import Settings
from claimex.service.errors import ConfigurationError

log = logging.getLogger("claimex.jobs")


async def run_worker_process(
    settings: Settings, *, metrics_port: int | None = None, metrics_host: str = "127.0.0.1"
) -> None:
    """Load the model, then run articles until SIGINT/SIGTERM (the current ones finish first).

    Args:
        settings: Needs ``database_url``; model settings as for ``claimex serve``.
        metrics_port: Serve this process's Prometheus metrics on that port.
        metrics_host: The address to serve them on.

    Raises:
        ConfigurationError: No PostgreSQL store is configured.

    """
    if settings.database_url is None:
        raise ConfigurationError(
            "claimex worker needs the shared PostgreSQL store: set CLAIMEX_DATABASE_URL or --database-url "
            "(with the SQLite default, 'claimex serve' runs its own workers)."
        )
    from claimex.service import metrics
    from claimex.service.backends import create_backend
    from claimex.service.jobs import engine
    from claimex.service.jobs.runtime import open_store, worker_threads
    from claimex.service.pipeline import Extractor

    store = await asyncio.to_thread(open_store, settings)
    await asyncio.to_thread(engine.ensure_schema, store.target)
    extractor = Extractor(await asyncio.to_thread(create_backend, settings), settings)
    if metrics_port is not None:
        from prometheus_client import start_http_server

        metrics.watch_queue_depth(store.queue_depth)
        start_http_server(metrics_port, addr=metrics_host)
    app = engine.make_app(settings)
    engine.bind(store, lambda: extractor)
    threads = worker_threads(settings, extractor)
    log.info("worker ready", extra={"model": extractor.backend.model_name, "concurrency": threads})
    async with app.open_async():
        await engine.run_worker(app, store, settings, threads, signals=True)
