"""Request ids, access logs and metrics for every HTTP request, and the ``/metrics`` route."""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimex.service import metrics
from claimex.service.logs import request_id

log = logging.getLogger("claimex.http")
router = APIRouter()
_VALID_ID = re.compile(r"^[\w.:-]{1,128}$")


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
async def prometheus_metrics() -> Response:
    """Request and job counts by outcome, latencies, model calls, tokens, queue depth, cache hits."""
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


class ObserveMiddleware:
    """Give each request an id (the client's ``X-Request-ID`` if sane), echo it, log and count the request.

    A client that hangs up is logged at INFO: it is the client's choice, not a fault of the service.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Wrap one HTTP request."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        given = headers.get("x-request-id", "")
        rid = given if _VALID_ID.match(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        began = time.perf_counter()
        status = {"code": 500}
        disconnected = {"seen": False}

        async def receive_watching() -> Message:
            message = await receive()
            if message["type"] == "http.disconnect":
                disconnected["seen"] = True
            return message

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive_watching, send_with_id)
        except OSError:
            disconnected["seen"] = True  # the socket went away while we answered
        finally:
            seconds = time.perf_counter() - began
            route = _route_of(scope)
            code = 499 if disconnected["seen"] and status["code"] >= 500 else status["code"]
            metrics.REQUESTS.labels(route, scope["method"], str(code)).inc()
            metrics.REQUEST_SECONDS.labels(route).observe(seconds)
            fields: dict[str, Any] = {
                "method": scope["method"],
                "path": scope["path"],
                "status": code,
                "ms": round(seconds * 1000, 1),
            }
            message = "client disconnected" if disconnected["seen"] else "request"
            log.log(logging.WARNING if code >= 500 else logging.INFO, message, extra=fields)
            request_id.reset(token)


def _route_of(scope: Scope) -> str:
    """The route template (``/v1/jobs/{job_id}``), so metrics do not get one series per job id."""
    route = scope.get("route")
    return str(getattr(route, "path", None) or "unmatched")
