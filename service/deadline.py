"""One deadline per request, shared by queueing, the pipeline and every model call, and able to stop them.

Work checks its deadline between steps (before each model call, between pipeline stages) and passes what is
left of it to each model call as that call's timeout, so an expired or cancelled request stops within one
step instead of running on after its answer was given.
"""

from __future__ import annotations

import threading
import time

from claimex.service.errors import DeadlineExceededError


class Deadline:
    """A point in time after which a request's work must stop, and a switch to stop it sooner.

    Args:
        seconds: Time allowed from now.

    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expires_at = time.monotonic() + seconds
        self._cancelled = threading.Event()

    def remaining(self) -> float:
        """Seconds left (0 once expired or cancelled)."""
        if self._cancelled.is_set():
            return 0.0
        return max(0.0, self.expires_at - time.monotonic())

    @property
    def expired(self) -> bool:
        """Whether the work must stop now (time is up or the request was cancelled)."""
        return self.remaining() <= 0.0

    @property
    def cancelled(self) -> bool:
        """Whether ``cancel`` was called (the request went away)."""
        return self._cancelled.is_set()

    def cancel(self) -> None:
        """Stop the work at its next check (the client left or the server is shutting down)."""
        self._cancelled.set()

    def check(self, step: str = "the extraction") -> None:
        """Raise when the work must stop.

        Args:
            step: What was about to run, for the message.

        Raises:
            DeadlineExceededError: The deadline passed or the request was cancelled.

        """
        if self.cancelled:
            raise DeadlineExceededError(f"{step} was cancelled: the request was abandoned.", deadline_s=self.seconds)
        if self.expired:
            raise DeadlineExceededError(
                f"{step} did not finish within the deadline; send a shorter article or raise CLAIMEX_DEADLINE_S.",
                deadline_s=self.seconds,
            )

    def call_timeout(self, step: str = "a model call") -> float:
        """The timeout to give one model call: the time left, after checking that there is some.

        Raises:
            DeadlineExceededError: Nothing is left.

        """
        self.check(step)
        return self.remaining()
