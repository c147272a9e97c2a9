"""Thin routes: parse, admit, call the pipeline, answer."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from claimex.schemas.api import ErrorBody, ExtractRequest, ExtractResponse
from claimex.service.api.body import read_extract_request
from claimex.service.api.deps import ServiceState, get_extractor, get_state, require_api_key
from claimex.service.deadline import Deadline
from claimex.service.jobs.execute import extract_counted

router = APIRouter()

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in {
        401: "Missing or invalid API key.",
        400: "Malformed HTTP or a refused CORS preflight.",
        408: "The request body did not arrive in time (CLAIMEX_BODY_TIMEOUT_S).",
        413: "Article over the size limit.",
        415: "Body is neither JSON nor text/plain.",
        422: "Invalid input (empty text, bad JSON, JSON nested too deep, integers too long, unknown fields, not "
        "UTF-8).",
        429: "Too many queued requests; see Retry-After.",
        502: "The model's answer was unusable or stayed invalid.",
        503: "Model not ready or endpoint unreachable.",
        504: "Deadline exceeded before any claim was found (with claims found, 200 and partial=true).",
    }.items()
}
# Request bodies are read by hand (JSON or text/plain), so FastAPI does not list their models; the schemas they
# reference are collected here and added to the OpenAPI components by the app.
REQUEST_SCHEMAS: dict[str, Any] = {}


def request_schema(model: type[BaseModel]) -> dict[str, Any]:
    """``model``'s JSON schema for an ``openapi_extra`` body, its nested models registered as components."""
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    REQUEST_SCHEMAS.update(schema.pop("$defs", {}))
    return schema


ARTICLE_SCHEMA = request_schema(ExtractRequest)
BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ARTICLE_SCHEMA},
            "text/plain": {"schema": {"type": "string", "minLength": 1}},
        },
    }
}


@router.get("/healthz", summary="The process is up")
async def healthz() -> dict[str, str]:
    """Liveness: answers as long as the process serves HTTP."""
    return {"status": "ok"}


@router.get("/readyz", summary="The model is loaded", responses={503: ERRORS[503]})
async def readyz(request: Request) -> Any:
    """Readiness: 200 once the model is loaded, 503 before (or if loading failed)."""
    state = await get_state(request)
    if state.extractor is None:
        detail = state.load_error.message if state.load_error else "the model is still loading"
        return JSONResponse(status_code=503, content={"error": {"type": "not_ready", "message": detail, "field": None}})
    return {
        "status": "ready",
        "model": state.extractor.backend.model_name,
        "prompt_version": state.extractor.prompt_version,
        "in_flight": state.admission.in_flight,
    }


@router.post(
    "/v1/extract",
    response_model=ExtractResponse,
    summary="Extract the claims of one article",
    responses=ERRORS,
    openapi_extra=BODY,
    dependencies=[Depends(require_api_key)],
)
async def extract(request: Request, state: ServiceState = Depends(get_state)) -> Response:
    """Send an ``ExtractRequest`` as JSON, or the article itself as ``text/plain``."""
    body = await read_extract_request(
        request, max_chars=state.settings.max_article_chars, timeout_s=state.settings.body_timeout_s
    )
    extractor = get_extractor(request)
    outlet = body.source.outlet if body.source else None
    deadline = Deadline(state.settings.deadline_s)

    def work() -> Response:
        # Serialised in the worker too: validating and encoding hundreds of claims again on the event loop
        # would hold up every other request, /healthz included.
        response = extract_counted(extractor, body.text, outlet, deadline=deadline)
        return Response(response.model_dump_json(), media_type="application/json")

    watcher = asyncio.create_task(_cancel_when_gone(request, deadline))
    try:
        return await state.admission.run(work, deadline)
    finally:
        watcher.cancel()


async def _cancel_when_gone(request: Request, deadline: Deadline) -> None:
    """Stop the work of a request whose client hung up: nobody is left to read its answer."""
    while (await request.receive())["type"] != "http.disconnect":
        pass
    deadline.cancel()
