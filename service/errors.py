"""One error root. Configuration errors are fixed by the operator, runtime errors by retrying or by the caller."""

from __future__ import annotations

from typing import Any


class ClaimexError(Exception):
    """Root of every error claimex raises on purpose.

    Attributes:
        message: What went wrong and how to fix it.
        context: Facts that help diagnose it (never secrets).

    """

    status_code = 500
    error_type = "claimex_error"

    def __init__(self, message: str, **context: Any) -> None:
        super().__init__(message)
        self.message = message
        self.context = context

    def __str__(self) -> str:
        if not self.context:
            return self.message
        details = ", ".join(f"{k}={v!r}" for k, v in self.context.items())
        return f"{self.message} ({details})"


class ConfigurationError(ClaimexError):
    """The installation or settings are wrong; nothing will work until they are fixed."""

    status_code = 503
    error_type = "configuration_error"


class ModelFileError(ConfigurationError):
    """The embedded model's file is missing, incomplete or corrupt."""

    error_type = "model_file_error"


class ClaimexRuntimeError(ClaimexError):
    """Something failed while serving one request."""


class InputError(ClaimexRuntimeError):
    """The caller sent something claimex cannot process."""

    status_code = 422
    error_type = "invalid_input"

    def __init__(self, message: str, field: str | None = None, **context: Any) -> None:
        super().__init__(message, **context)
        self.field = field


class RequestTimeoutError(InputError):
    """The client did not send its request body in time."""

    status_code = 408
    error_type = "request_timeout"


class ArticleTooLargeError(InputError):
    """The article is over the configured size limit."""

    status_code = 413
    error_type = "article_too_large"


class OverloadedError(ClaimexRuntimeError):
    """Too many requests are waiting for the model."""

    status_code = 429
    error_type = "overloaded"

    def __init__(self, message: str, retry_after_s: int = 5, **context: Any) -> None:
        super().__init__(message, **context)
        self.retry_after_s = retry_after_s


class BackendError(ClaimexRuntimeError):
    """The model answered, but not usefully (malformed or still invalid after re-asks)."""

    status_code = 502
    error_type = "backend_error"


class InvalidModelOutputError(BackendError):
    """The model's answer stayed invalid after every allowed re-ask."""

    error_type = "invalid_model_output"


class BackendUnavailableError(ClaimexRuntimeError):
    """The model endpoint could not be reached or refused the work."""

    status_code = 503
    error_type = "backend_unavailable"


class DeadlineExceededError(ClaimexRuntimeError):
    """The request ran past its deadline or the endpoint timed out."""

    status_code = 504
    error_type = "deadline_exceeded"


class UnauthorizedError(ClaimexRuntimeError):
    """The request lacks a valid API key."""

    status_code = 401
    error_type = "unauthorized"


class NotReadyError(ClaimexRuntimeError):
    """The model is still loading (or failed to load)."""

    status_code = 503
    error_type = "not_ready"


class JobNotFoundError(ClaimexRuntimeError):
    """No job has that id."""

    status_code = 404
    error_type = "job_not_found"


class StoreError(ClaimexRuntimeError):
    """The job store could not be reached or refused a write."""

    status_code = 503
    error_type = "store_unavailable"
