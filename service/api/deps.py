"""FastAPI dependencies: settings, the extractor, admission, the job runtime, and the optional API-key check."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi import Request

from claimex.service.api.admission import Admission
from claimex.service.config import Settings
from claimex.service.errors import ClaimexError, ConfigurationError, NotReadyError, UnauthorizedError
from claimex.service.pipeline import Extractor

if TYPE_CHECKING:
    from claimex.service.jobs.runtime import JobRuntime


@dataclass
class ServiceState:
    """What the app holds between requests."""

    settings: Settings
    admission: Admission
    extractor: Extractor | None = None
    load_error: ClaimexError | None = None
    jobs: JobRuntime | None = None


async def get_state(request: Request) -> ServiceState:
    """The app's state (settings, extractor, admission); async, so no worker thread is used to get it."""
    return _state(request)


def get_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    return _state(request).settings


def _state(request: Request) -> ServiceState:
    state: ServiceState = request.app.state.claimex
    return state


def get_extractor(request: Request) -> Extractor:
    """The ready extractor, or a 503 that says why there is none yet."""
    state = _state(request)
    if state.extractor is not None:
        return state.extractor
    if state.load_error is not None:
        raise ConfigurationError(f"the model failed to load: {state.load_error.message}")
    raise NotReadyError("the model is still loading; retry in a few seconds (GET /readyz tells when it is ready).")


async def get_jobs(request: Request) -> JobRuntime:
    """The job store and workers (open for the app's life); async, so no worker thread is used to get it."""
    jobs = _state(request).jobs
    if jobs is None:
        raise NotReadyError("the job store is still opening; retry in a few seconds.")
    return jobs


async def require_api_key(request: Request) -> None:
    """Check ``Authorization: Bearer <key>`` in constant time when keys are configured."""
    keys = _state(request).settings.service_keys
    if not keys:
        return
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    presented = token.strip().encode()
    valid = False
    for key in keys:
        valid |= hmac.compare_digest(presented, key.get_secret_value().encode())
    if scheme.lower() != "bearer" or not valid:
        raise UnauthorizedError("send a valid API key as 'Authorization: Bearer <key>'.")
