"""Bounded admission: a fixed number of requests may wait for the model; the rest get 429 at once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

import anyio.to_thread
from anyio import CapacityLimiter

from claimex.service.errors import DeadlineExceededError, OverloadedError

T = TypeVar("T")


class Admission:
    """Admit up to ``workers + queue_size`` requests; run at most ``workers`` in threads at once.

    Every admitted request gets an answer: its result, its error, or a deadline error.
    """

    def __init__(self, *, workers: int, queue_size: int, deadline_s: float) -> None:
        self.capacity = workers + queue_size
        self.deadline_s = deadline_s
        self._limiter = CapacityLimiter(workers)
        self._admitted = 0
        self.completed = 0
        self.rejected = 0

    @property
    def in_flight(self) -> int:
        """Requests admitted and not yet answered."""
        return self._admitted

    async def run(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` in a worker thread if there is room, else raise ``OverloadedError``.

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
        try:
            return await asyncio.wait_for(
                anyio.to_thread.run_sync(fn, limiter=self._limiter), timeout=self.deadline_s + 5.0
            )
        except TimeoutError as exc:
            raise DeadlineExceededError(
                "the extraction did not finish within the deadline; "
                "send a shorter article or raise CLAIMEX_DEADLINE_S.",
                deadline_s=self.deadline_s,
            ) from exc
        finally:
            self._admitted -= 1
            self.completed += 1
