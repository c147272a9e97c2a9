"""A scripted model for tests, load tests and demos: real instructor validation, no real model.

Each call pops the next queued answer; with the queue empty it falls back to a responder that restates the
sentence it was asked about, which is enough to exercise every stage of the pipeline without a model.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from openai.types.chat import ChatCompletion

from claimex.service.errors import DeadlineExceededError

Answer = str | Exception | Callable[[list[dict[str, Any]]], str]
_SENTENCE = re.compile(r"Sentence \[\w+\]: (.+)")
_FOCUS = re.compile(r'Focus: "(.+)"')


def echo_responder(messages: list[dict[str, Any]]) -> str:
    """Answer with one uncredited claim restating the asked-about sentence or part (or no claim)."""
    last = str(messages[-1].get("content", ""))
    found = _FOCUS.search(last) or _SENTENCE.search(last)
    if not found:
        return json.dumps({"claims": []})
    return json.dumps({"claims": [{"speaker": None, "claim": found.group(1)[:300], "hedge": "certain"}]})


def silent_responder(messages: list[dict[str, Any]]) -> str:
    """Answer that the asked-about text reports no claim (the rules-only ablation)."""
    return json.dumps({"claims": []})


class FakeChat:
    """An OpenAI-style ``create`` that returns queued answers and records the latest requests.

    Attributes:
        requests: The keyword arguments of the last ``keep`` calls, oldest first (a long-running service
            must not keep every request it ever answered).
        calls: How many calls were made in all.

    """

    def __init__(
        self,
        answers: list[Answer] | None = None,
        *,
        delay_s: float = 0.0,
        fallback: Callable[[list[dict[str, Any]]], str] = echo_responder,
        keep: int = 1000,
    ) -> None:
        self._answers: deque[Answer] = deque(answers or [])
        self._lock = threading.Lock()
        self._delay_s = delay_s
        self._fallback = fallback
        self.requests: deque[dict[str, Any]] = deque(maxlen=keep)
        self.calls = 0

    def queue(self, *answers: Answer) -> None:
        """Append answers to be returned by the next calls."""
        with self._lock:
            self._answers.extend(answers)

    def create(self, **kwargs: Any) -> ChatCompletion:
        """Return the next answer as a ``ChatCompletion`` (or raise it, if it is an exception)."""
        with self._lock:
            self.requests.append(kwargs)
            self.calls += 1
            answer: Answer = self._answers.popleft() if self._answers else self._fallback
        timeout = kwargs.get("timeout")
        if self._delay_s:
            time.sleep(self._delay_s if timeout is None else min(self._delay_s, timeout))
            if timeout is not None and self._delay_s > timeout:  # as an endpoint's client would time out
                raise DeadlineExceededError("the fake model did not answer within the call's timeout.")
        if isinstance(answer, Exception):
            raise answer
        content = answer(kwargs["messages"]) if callable(answer) else answer
        return completion_of(content, prompt_tokens=sum(len(str(m["content"])) // 4 for m in kwargs["messages"]))


def completion_of(content: str, *, prompt_tokens: int = 0, finish_reason: str = "stop") -> ChatCompletion:
    """Wrap text as an OpenAI ``ChatCompletion``, as any compatible server would send it."""
    return ChatCompletion.model_validate(
        {
            "id": "fake",
            "object": "chat.completion",
            "created": 0,
            "model": "fake",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": finish_reason,
                    "message": {"role": "assistant", "content": content},
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": max(1, len(content) // 4),
                "total_tokens": prompt_tokens + max(1, len(content) // 4),
            },
        }
    )
