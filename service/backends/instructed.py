"""The one place where instructor wraps a chat-completion function into a ``Backend``."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import instructor
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import ValidationError

from claimex.schemas.drafts import grounded_in
from claimex.service.backends.answer_repair import repair_answer_json
from claimex.service.backends.base import Completion, Messages, T
from claimex.service.errors import BackendError, ClaimexError, DeadlineExceededError, InvalidModelOutputError

MODES = {
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "tools": instructor.Mode.TOOLS,
    "md_json": instructor.Mode.MD_JSON,
}


class InstructorBackend:
    """A ``Backend`` made from any OpenAI-style ``create`` function.

    The embedded model, a remote endpoint and the test fake differ only in the ``create`` they pass in.
    """

    def __init__(
        self,
        create: Callable[..., Any],
        *,
        model_name: str,
        mode: str = "json_schema",
        parallel_calls: int = 1,
        call_kwargs: dict[str, Any] | None = None,
    ) -> None:
        self.model_name = model_name
        self.parallel_calls = parallel_calls
        self._call_kwargs = call_kwargs or {}
        self._calls = threading.local()

        def counted(**kwargs: Any) -> Any:
            expires = getattr(self._calls, "expires", None)
            if expires is not None:
                left = expires - time.monotonic()
                if left <= 0:  # also stops instructor's re-asks once the time is spent
                    raise DeadlineExceededError(
                        "the request's deadline passed before the next model call; raise CLAIMEX_DEADLINE_S "
                        "or send less text."
                    )
                kwargs["timeout"] = left
            self._calls.n = getattr(self._calls, "n", 0) + 1
            return _mended(create(**kwargs))

        self._create = instructor.patch(create=counted, mode=MODES[mode])

    def extract(
        self,
        messages: Messages,
        response_model: type[T],
        *,
        max_retries: int,
        context: dict[str, Any],
        timeout: float | None = None,
    ) -> Completion[T]:
        """See ``Backend.extract``."""
        self._calls.n = 0
        self._calls.expires = None if timeout is None else time.monotonic() + timeout
        try:
            with grounded_in(context):  # not instructor's context=, which renders the article as a template
                value = self._create(
                    messages=[dict(m) for m in messages],
                    response_model=response_model,
                    max_retries=max_retries,
                    **self._call_kwargs,
                )
        except InstructorRetryException as exc:
            cause = exc.__cause__
            if isinstance(cause, ClaimexError):
                raise cause from None
            if isinstance(cause, IncompleteOutputException):
                raise _cut_off(exc.n_attempts, self._calls.n) from exc
            errors = [_short(a.exception) for a in (exc.failed_attempts or [])]
            if not errors:
                raise BackendError(f"the model call failed: {cause or exc}") from exc
            raise InvalidModelOutputError(
                f"the model's answer stayed invalid after {exc.n_attempts} attempt(s)",
                validation_errors=errors,
                calls=self._calls.n,
            ) from exc
        except IncompleteOutputException as exc:
            raise _cut_off(1, self._calls.n) from exc
        prompt_tokens, completion_tokens = _usage_of(value)
        return Completion(value, prompt_tokens, completion_tokens, calls=self._calls.n)


def _cut_off(attempts: int, calls: int) -> InvalidModelOutputError:
    """A runaway answer is one question's failure, like an invalid one: the rest of the article still counts."""
    return InvalidModelOutputError(
        f"the model's answer was cut off at the token limit after {attempts} attempt(s); raise max_tokens "
        "(CLAIMEX_MAX_TOKENS) if answers are legitimately this long",
        validation_errors=["answer cut off at max_tokens"],
        calls=calls,
    )


def _mended(completion: Any) -> Any:
    """The completion with its text answer's JSON mended where a fence or inner quotes broke it."""
    choices = getattr(completion, "choices", None)
    message = getattr(choices[0], "message", None) if choices else None
    content = getattr(message, "content", None)
    if message is not None and isinstance(content, str):
        message.content = repair_answer_json(content)
    return completion


def _usage_of(value: Any) -> tuple[int, int]:
    usage = getattr(value, "_total_usage", None)
    if usage is None:
        raw = getattr(value, "_raw_response", None)
        usage = getattr(raw, "usage", None)
    return int(getattr(usage, "prompt_tokens", 0) or 0), int(getattr(usage, "completion_tokens", 0) or 0)


def _short(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())[:500]
    return str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__
