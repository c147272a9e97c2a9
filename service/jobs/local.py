"""In-process workers for the single-machine default: threads inside ``claimex serve`` run the SQLite store's jobs.

There is one process per SQLite store, so whatever it finds ``running`` at start was cut off by a crash and is
queued again. Work is handed to the threads through an in-memory queue and reloaded from the store at every
start, which is what makes an accepted job survive ``kill -9``.
"""

from __future__ import annotations

import fcntl
import logging
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO

from claimex.service.errors import ConfigurationError
from claimex.service.jobs.execute import run_item
from claimex.service.jobs.store import JobStore
from claimex.service.pipeline import Extractor

log = logging.getLogger("claimex.jobs")
_STOP = ("", -1)


class LocalWorkers:
    """A fixed pool of threads running job articles from one store.

    Args:
        store: The job store (SQLite, owned by this process).
        extractor: Returns the ready extractor, or None while the model loads.
        threads: Articles run at once.

    """

    def __init__(self, store: JobStore, extractor: Callable[[], Extractor | None], threads: int) -> None:
        self.store = store
        self._extractor = extractor
        self._queue: queue.Queue[tuple[str, int]] = queue.Queue()
        self._threads = [
            threading.Thread(target=self._loop, name=f"claimex-job-{n}", daemon=True) for n in range(threads)
        ]
        self._stopping = threading.Event()
        self._lock: IO[bytes] | None = None

    def start(self) -> None:
        """Take the store's lock, requeue what a crash cut off, load every unfinished article, start the threads.

        Raises:
            ConfigurationError: Another process already runs this store's jobs.

        """
        self._lock = _lock_store(self.store.target)
        requeued = self.store.requeue_running()
        pending = self.store.unfinished()
        if pending:
            log.info("resuming unfinished job articles", extra={"articles": len(pending), "requeued": requeued})
        for key in pending:
            self._queue.put(key)
        for thread in self._threads:
            thread.start()

    def submit(self, job_id: str, total: int) -> None:
        """Queue every article of a newly stored job."""
        for index in range(total):
            self._queue.put((job_id, index))

    @property
    def depth(self) -> int:
        """Articles handed to the threads and not yet taken."""
        return self._queue.qsize()

    def stop(self, timeout_s: float = 5.0) -> None:
        """Ask the threads to finish their current article and stop (unfinished work stays in the store)."""
        self._stopping.set()
        for _ in self._threads:
            self._queue.put(_STOP)
        for thread in self._threads:
            thread.join(timeout_s / max(1, len(self._threads)))
        if self._lock is not None:
            self._lock.close()  # releases the lock (the OS releases it too if this process dies)
            self._lock = None

    def _loop(self) -> None:
        while True:
            key = self._queue.get()
            if key == _STOP or self._stopping.is_set():
                return
            extractor = self._extractor()
            while extractor is None and not self._stopping.wait(0.5):
                extractor = self._extractor()
            if extractor is None:
                return
            try:
                run_item(self.store, extractor, *key)
            except Exception:
                # The store failed mid-article: it stays queued/running there and runs again at the next start.
                log.exception("job article could not be recorded", extra={"job": key[0], "index": key[1]})


def _lock_store(target: str) -> IO[bytes]:
    """Hold an exclusive lock beside the SQLite file: a second process would requeue this one's running work."""
    handle = Path(f"{target}.lock").open("wb")  # noqa: SIM115 (held open for the workers' life: it is the lock)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as exc:
        handle.close()
        raise ConfigurationError(
            f"another claimex process runs the jobs of {target}; give each 'claimex serve' its own "
            "CLAIMEX_JOBS_DB, or share work across processes with CLAIMEX_DATABASE_URL (PostgreSQL)."
        ) from exc
    return handle
