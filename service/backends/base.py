"""The backend seam: one protocol with one essential method, ``extract``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel

T = TypeVar("T", bound=BaseModel)
Messages = list[dict[str, str]]


@dataclass
class Completion(Generic[T]):
    """A validated answer and what it cost.

    Attributes:
        value: The response model instance, validated (after any re-asks).
        prompt_tokens: Prompt tokens over every attempt.
        completion_tokens: Generated tokens over every attempt.
        calls: Model calls made (1, plus one per re-ask).

    """

    value: T
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 1


class Backend(Protocol):
    """Anything that turns chat messages into a validated Pydantic object.

    Attributes:
        model_name: The model's name, reported in every response.
        parallel_calls: How many ``extract`` calls may usefully run at once (1 for an in-process model).

    """

    model_name: str
    parallel_calls: int

    def extract(
        self,
        messages: Messages,
        response_model: type[T],
        *,
        max_retries: int,
        context: dict[str, Any],
        timeout: float | None = None,
    ) -> Completion[T]:
        """Ask the model and return its answer validated against ``response_model``.

        Args:
            messages: OpenAI-style chat messages.
            response_model: The Pydantic model the answer must satisfy.
            max_retries: Re-asks allowed after an answer that fails validation.
            context: Validation context (e.g. ``{"article": text}``) for grounding validators.
            timeout: Seconds this question may take in all, re-asks included (the request's time left);
                every model call gets what is left of it, and none starts once it is spent.

        Returns:
            The validated answer with token usage.

        Raises:
            InvalidModelOutputError: The answer stayed invalid after every re-ask.
            BackendUnavailableError: The model could not be reached.
            DeadlineExceededError: The model did not answer in time.

        """
        ...
