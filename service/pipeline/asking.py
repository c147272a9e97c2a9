"""Asking the model many questions: each answer with its cost, and the run that gathers them.

``map_answers`` asks in parallel when the backend allows, stops at the request's deadline and turns an answer
that stayed invalid into a warning; ``drafting`` (candidates mode) and ``whole`` (whole-article mode) share it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from claimex.schemas.drafts import DraftClaim
from claimex.service.backends.base import Completion
from claimex.service.errors import DeadlineExceededError, InvalidModelOutputError
from claimex.service.pipeline.credit import Attribution
from claimex.service.pipeline.segment import Sentence

T = TypeVar("T")
U = TypeVar("U")
D = TypeVar("D", bound=BaseModel)


@dataclass
class Draft:
    """A model-written claim tied to the sentence that reports it."""

    claim: DraftClaim
    sentence: Sentence
    evidence: tuple[int, int] | None = None
    continuation: bool = False
    attribution: Attribution | None = None


@dataclass
class Answer(Generic[D]):
    """The final answer to one question, with what all its model calls cost."""

    value: D | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    seconds: float = 0.0
    rule: bool = False
    rescued: bool = False  # every model answer was invalid; the rules read the unit instead
    _began: float = field(default_factory=time.perf_counter, repr=False)

    def add(self, done: Completion[D]) -> None:
        """Take ``done`` as the current answer and add its cost."""
        self.value = done.value
        self.prompt_tokens += done.prompt_tokens
        self.completion_tokens += done.completion_tokens
        self.calls += done.calls
        self.seconds = time.perf_counter() - self._began


@dataclass
class DraftRun:
    """Drafts from all calls, with what they cost and what failed."""

    drafts: list[Draft] = field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    llm_seconds: float = 0.0
    rule_units: int = 0
    warnings: list[str] = field(default_factory=list)
    timed_out: bool = False
    unasked: int = 0

    @property
    def partial(self) -> bool:
        """Whether some questions went unanswered (deadline or call cap), so claims may be missing."""
        return self.timed_out or self.unasked > 0

    def record(self, answer: Answer[Any]) -> None:
        """Add one answer's cost to the run's totals."""
        self.rule_units += answer.rule
        self.calls += answer.calls
        self.prompt_tokens += answer.prompt_tokens
        self.completion_tokens += answer.completion_tokens
        self.llm_seconds += answer.seconds


def map_answers(fn: Callable[[T], U | None], items: Iterable[T], parallel: int, run: DraftRun) -> list[U]:
    """Apply ``fn`` to every item, in parallel when the backend allows; invalid answers become warnings.

    ``fn`` returns None for an item it did not ask about (call cap). When time runs out (the request's
    deadline, or a call's timeout) no further item is asked and the run is marked ``timed_out``; the answers
    already in are kept.
    """
    items = list(items)

    failures_lock = threading.Lock()
    stop = threading.Event()

    def guarded(item: T) -> U | None:
        if stop.is_set():
            return None
        try:
            return fn(item)
        except InvalidModelOutputError as exc:
            with failures_lock:
                run.calls += int(exc.context.get("calls", 0))
            run.warnings.append(f"{exc.message}: {'; '.join(exc.context.get('validation_errors', []))[:500]}")
            return None
        except DeadlineExceededError as exc:
            with failures_lock:
                if not stop.is_set():
                    run.warnings.append(f"partial result: {exc.message}")
                stop.set()
                run.timed_out = True
            return None

    if parallel > 1 and len(items) > 1:
        with ThreadPoolExecutor(max_workers=min(parallel, len(items))) as pool:
            outcomes = list(pool.map(guarded, items))
    else:
        outcomes = [guarded(item) for item in items]
    results = [o for o in outcomes if o is not None]
    if items and not results and run.warnings and not run.timed_out:
        raise InvalidModelOutputError(
            "every model answer stayed invalid after the allowed re-asks", validation_errors=run.warnings[:5]
        )
    return results
