"""The FastAPI application factory."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from claimex.service.api.admission import Admission
from claimex.service.api.cors import ALLOWED_HEADERS, ErrorShapedCORSMiddleware
from claimex.service.api.deps import ServiceState
from claimex.service.api.jobs import router as jobs_router
from claimex.service.api.observe import ObserveMiddleware
from claimex.service.api.observe import router as observe_router
from claimex.service.api.routes import REQUEST_SCHEMAS, router
from claimex.service.backends.base import Backend
from claimex.service.config import Settings
from claimex.service.errors import ClaimexError, InputError, OverloadedError
from claimex.service.jobs.runtime import job_runtime
from claimex.service.pipeline import Extractor

log = logging.getLogger("claimex")


def create_app(settings: Settings, backend: Backend | None = None) -> FastAPI:
    """Build the app. With ``backend`` it is ready at once; otherwise the configured model loads in the background.

    Args:
        settings: Loaded once by the caller and kept for the app's life.
        backend: A ready backend (tests pass a fake one); None to create the configured one.

    Returns:
        The FastAPI application.

    """
    workers = backend.parallel_calls if backend is not None else (1 if settings.backend == "llama" else 4)
    state = ServiceState(
        settings=settings,
        admission=Admission(workers=workers, queue_size=settings.queue_size, deadline_s=settings.deadline_s),
    )
    if backend is not None:
        state.extractor = Extractor(backend, settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        task = None if state.extractor is not None else asyncio.create_task(_load(state))
        async with job_runtime(settings, lambda: state.extractor) as jobs:
            state.jobs = jobs
            yield
            state.jobs = None
        if task is not None:
            task.cancel()

    app = FastAPI(
        title="claimex",
        version="0.1.0",
        summary="Attributed claims from news articles, as validated JSON.",
        lifespan=lifespan,
    )
    app.state.claimex = state
    if settings.cors_origins:
        app.add_middleware(
            ErrorShapedCORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=ALLOWED_HEADERS,
        )
    _include_request_schemas(app)
    app.add_middleware(ObserveMiddleware)
    app.include_router(router)
    app.include_router(jobs_router)
    app.include_router(observe_router)
    _install_error_handlers(app)
    return app


async def _load(state: ServiceState) -> None:
    from claimex.service.backends import create_backend

    try:
        backend = await asyncio.to_thread(create_backend, state.settings)
        state.extractor = Extractor(backend, state.settings)
        log.info("model ready: %s", backend.model_name)
    except ClaimexError as exc:
        state.load_error = exc
        log.error("model failed to load: %s", exc)


def _include_request_schemas(app: FastAPI) -> None:
    """Add the models that hand-read request bodies reference to the OpenAPI components."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = build()
            spec.setdefault("components", {}).setdefault("schemas", {}).update(
                {k: v for k, v in REQUEST_SCHEMAS.items() if k not in spec["components"]["schemas"]}
            )
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _error(
    status: int, type_: str, message: str, field: str | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        status_code=status, content={"error": {"type": type_, "message": message, "field": field}}, headers=headers
    )


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ClaimexError)
    async def claimex_error(_: Request, exc: ClaimexError) -> JSONResponse:
        headers = {"Retry-After": str(exc.retry_after_s)} if isinstance(exc, OverloadedError) else None
        detail = exc.message
        errors = exc.context.get("validation_errors")
        if errors:
            detail = f"{detail}: " + "; ".join(str(e) for e in errors)[:2000]
        field = exc.field if isinstance(exc, InputError) else None
        return _error(exc.status_code, exc.error_type, detail, field, headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": ("body",), "msg": "invalid request"}
        where = ".".join(str(p) for p in first["loc"])
        return _error(422, "invalid_input", f"{where}: {first['msg']}", where)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, "http_error", str(exc.detail), None, dict(exc.headers or {}))

    @app.exception_handler(ClientDisconnect)
    async def client_gone(_: Request, exc: ClientDisconnect) -> JSONResponse:
        # Nobody will read this answer; the access log records the disconnect at INFO.
        return _error(499, "client_disconnected", "the client closed the connection before sending the body.")

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return _error(
            500, "internal_error", f"an unexpected {type(exc).__name__}; this is a claimex bug, please report it."
        )
