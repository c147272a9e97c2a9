"""A cap on model calls per request, so an article with thousands of claim sentences cannot hold the model.

A question may cost up to ``1 + max_retries`` calls (re-asks), and a nudge as many again. Each question
reserves its worst case before it is asked (or what is left, then asked with fewer re-asks) and gives back
what it did not use, so the request never makes more calls than the cap, also when questions run in parallel.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel

from claimex.service.backends.base import Completion
from claimex.service.deadline import Deadline
from claimex.service.errors import InvalidModelOutputError

D = TypeVar("D", bound=BaseModel)


class CallBudget:
    """Model calls one request may still make.

    Args:
        limit: The most calls the request may make.

    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._reserved = 0
        self._lock = threading.Lock()
        self.refused = 0

    def reserve(self, calls: int) -> int:
        """Reserve up to ``calls`` calls and return how many were granted (0, counted as refused, when none is left).

        A question granted fewer calls than it asked for is asked with fewer re-asks.
        """
        with self._lock:
            granted = min(calls, self.limit - self._reserved)
            if granted <= 0:
                self.refused += 1
                return 0
            self._reserved += granted
            return granted

    def settle(self, reserved: int, used: int) -> None:
        """Give back what a question reserved but did not use."""
        with self._lock:
            self._reserved -= max(0, reserved - used)

    @property
    def used(self) -> int:
        """Calls reserved and not given back."""
        return self._reserved


def ask_within(
    budget: CallBudget, granted: int, deadline: Deadline, ask: Callable[[int, float], Completion[D]]
) -> Completion[D]:
    """Ask with at most ``granted`` calls (so ``granted - 1`` re-asks) and the time left; settle the budget.

    Calls made by a question that failed count as spent: the failure says how many, or all granted ones are
    assumed, so the cap is never passed.

    Args:
        budget: The request's budget, from which ``granted`` calls were reserved.
        granted: Calls reserved for this question.
        deadline: The request's deadline; its time left becomes the question's timeout.
        ask: Makes the question, given the re-asks allowed and the timeout.

    Returns:
        The answer.

    """
    used = granted
    try:
        done = ask(granted - 1, deadline.call_timeout())
        used = done.calls
        return done
    except InvalidModelOutputError as exc:
        used = int(exc.context.get("calls", granted))
        raise
    finally:
        budget.settle(granted, used)
