"""Bounded admission: a fixed number of requests may wait for the model; the rest get 429 at once.

A request keeps its place until its work has stopped, not merely until it was answered: work that outlived
its answer would otherwise run beside newly admitted requests and the limits would mean nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from claimex.service.deadline import Deadline
from claimex.service.errors import DeadlineExceededError, OverloadedError
from claimex.service.memory import give_back_free_memory

T = TypeVar("T")

# After the deadline, how long an answer may wait for work that has been told to stop (a model call that
# ignores its timeout). The request keeps its place until the work really ends.
GRACE_S = 5.0


def _then_trim(fn: Callable[[], T]) -> T:
    try:
        return fn()
    finally:
        give_back_free_memory()


class Admission:
    """Admit up to ``workers + queue_size`` requests; run at most ``workers`` at once, in worker threads.

    Every admitted request gets an answer: its result, its error, or a deadline error.
    """

    def __init__(self, *, workers: int, queue_size: int, deadline_s: float) -> None:
        self.capacity = workers + queue_size
        self.deadline_s = deadline_s
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="claimex-worker")
        self._admitted = 0
        self.completed = 0
        self.rejected = 0

    @property
    def in_flight(self) -> int:
        """Requests admitted whose work has not yet stopped."""
        return self._admitted

    async def run(self, fn: Callable[[], T], deadline: Deadline) -> T:
        """Run ``fn`` in a worker thread if there is room, else raise ``OverloadedError``.

        ``fn`` must check ``deadline`` (the pipeline does, before and between its steps), which covers the
        time it waits here for a worker.

        Raises:
            OverloadedError: The queue is full (the caller should retry after a few seconds).
            DeadlineExceededError: The work did not finish within the deadline.

        """
        if self._admitted >= self.capacity:
            self.rejected += 1
            raise OverloadedError(
                f"{self._admitted} requests are already queued for the model; retry shortly.",
                retry_after_s=max(1, int(self.deadline_s // 60) or 1),
            )
        self._admitted += 1
        work = asyncio.get_running_loop().run_in_executor(self._pool, _then_trim, fn)
        work.add_done_callback(self._release)  # the place is given back when the work ends, whoever waits
        try:
            return await asyncio.wait_for(asyncio.shield(work), timeout=deadline.remaining() + GRACE_S)
        except TimeoutError as exc:
            deadline.cancel()
            raise DeadlineExceededError(
                "the extraction did not finish within the deadline; send a shorter article or raise "
                "CLAIMEX_DEADLINE_S.",
                deadline_s=self.deadline_s,
            ) from exc
        except asyncio.CancelledError:
            deadline.cancel()  # the request is gone (client or server): stop the work at its next check
            raise

    def _release(self, _: object) -> None:
        self._admitted -= 1
        self.completed += 1
