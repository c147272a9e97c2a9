"""Any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, a llama.cpp server): configuration, not a class."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import openai
from tenacity import (
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential_jitter,
)

from claimex.service.config import Settings
from claimex.service.errors import BackendError, BackendUnavailableError, ConfigurationError, DeadlineExceededError

TRANSIENT = (openai.APIConnectionError, openai.RateLimitError, openai.InternalServerError)


def make_openai_create(settings: Settings, *, wait_max_s: float = 8.0) -> Callable[..., Any]:
    """Build an OpenAI-style ``create`` for the configured endpoint, retrying transient faults.

    Args:
        settings: Base URL, key, timeout and retry budget.
        wait_max_s: Longest backoff between transient retries.

    Returns:
        A function taking chat-completion keyword arguments, raising claimex errors on failure.

    Raises:
        ConfigurationError: When neither a base URL nor an API key is configured.

    """
    if settings.base_url is None and settings.api_key is None:
        raise ConfigurationError(
            "backend 'openai' needs an endpoint: set CLAIMEX_BASE_URL (or OPENAI_BASE_URL) and, if it needs one, "
            "CLAIMEX_API_KEY (or OPENAI_API_KEY)."
        )
    client = openai.OpenAI(
        base_url=settings.base_url,
        api_key=settings.api_key.get_secret_value() if settings.api_key else "no-key",
        timeout=settings.request_timeout_s,
        max_retries=0,
    )
    retrying = Retrying(
        stop=stop_after_attempt(settings.transient_retries + 1),
        wait=wait_exponential_jitter(multiplier=0.2, max=wait_max_s),
        retry=retry_if_exception_type(TRANSIENT),
        reraise=True,
    )

    def create(**kwargs: Any) -> Any:
        kwargs.setdefault("model", settings.model)
        kwargs.setdefault("temperature", 0.0)
        kwargs.setdefault("max_tokens", settings.max_tokens)
        # The request's time left caps the configured per-call timeout (and so the retries' total).
        left = kwargs.get("timeout")
        kwargs["timeout"] = min(settings.request_timeout_s, left or settings.request_timeout_s)
        attempts = retrying
        if left is not None:  # transient retries stop when the request's time is spent, too
            attempts = retrying.copy(stop=stop_after_attempt(settings.transient_retries + 1) | stop_after_delay(left))
        try:
            return attempts(client.chat.completions.create, **kwargs)
        except openai.APITimeoutError as exc:
            raise DeadlineExceededError(
                "the model endpoint did not answer in time; raise CLAIMEX_REQUEST_TIMEOUT_S or check the server.",
                timeout_s=settings.request_timeout_s,
            ) from exc
        except openai.APIConnectionError as exc:
            raise BackendUnavailableError(
                "cannot reach the model endpoint; check CLAIMEX_BASE_URL and that the server is running.",
                base_url=settings.base_url,
            ) from exc
        except openai.RateLimitError as exc:
            raise BackendUnavailableError(
                "the model endpoint keeps refusing with 429 (rate limited); try again later.",
                attempts=settings.transient_retries + 1,
            ) from exc
        except openai.InternalServerError as exc:
            raise BackendUnavailableError(
                "the model endpoint keeps failing with a server error; try again later.",
                status=exc.status_code,
            ) from exc
        except openai.AuthenticationError as exc:
            raise ConfigurationError("the model endpoint rejected the API key; set CLAIMEX_API_KEY.") from exc
        except openai.NotFoundError as exc:
            raise ConfigurationError(
                "the model endpoint does not know this model or path; check CLAIMEX_MODEL and CLAIMEX_BASE_URL.",
                model=settings.model,
            ) from exc
        except openai.OpenAIError as exc:
            raise BackendError(f"the model endpoint answered with something unusable: {type(exc).__name__}") from exc

    return create
