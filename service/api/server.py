"""The uvicorn server, hardened against slow and numerous clients, with errors in the documented shape.

uvicorn has an idle keep-alive timeout but no limit on how long a client may take to send its request head,
so clients that never finish their headers hold connections (and file descriptors) forever. This protocol
adds that limit, refuses connections past a cap at once, and answers malformed HTTP with the JSON error body
every other error has.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import resource
import sys
from typing import Any

import h11
import uvicorn
from fastapi import FastAPI
from uvicorn.protocols.http.h11_impl import H11Protocol

from claimex.service.config import Settings


def error_bytes(status: int, reason: str, type_: str, message: str) -> bytes:
    """A complete HTTP/1.1 response with the error body, closing the connection (for use outside h11)."""
    body = json.dumps({"error": {"type": type_, "message": message, "field": None}}).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a request-head timeout, connection caps (in all and per client) and JSON 400s.

    Subclassed per server by ``server_config`` to set the class attributes from settings.
    """

    header_timeout_s: float = 10.0
    max_connections: int = 512
    max_connections_per_client: int | None = None
    max_head_bytes: int = 16_384

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_timer: asyncio.TimerHandle | None = None
        self._timed_cycle: object = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Refuse past the cap; otherwise start the clock for the request head."""
        super().connection_made(transport)
        host = self.client[0] if self.client else None
        from_host = sum(_host_of(c) == host for c in self.connections) if self.max_connections_per_client else 0
        per_client = self.max_connections_per_client
        if len(self.connections) > self.max_connections or (per_client is not None and from_host > per_client):
            self.connections.discard(self)
            which = (
                f"{per_client} open connections from your address (CLAIMEX_MAX_CONNECTIONS_PER_CLIENT)"
                if per_client is not None and from_host > per_client
                else f"{self.max_connections} open connections (CLAIMEX_MAX_CONNECTIONS)"
            )
            transport.write(
                error_bytes(503, "Service Unavailable", "too_many_connections", f"the server has {which}; retry shortly.")
            )
            _close_after_answer(self.loop, transport)
            return
        self._arm_head_timer()

    def handle_events(self) -> None:
        """Process what arrived; once a new request's head is complete, its clock stops."""
        super().handle_events()
        if self._head_timer is not None and self.cycle is not self._timed_cycle:
            self._head_timer.cancel()
            self._head_timer = None

    def on_response_complete(self) -> None:
        """A kept-alive connection must send its next request head in time, too."""
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        """Stop the clock."""
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        """Refuse a request head larger than the limit, whether it arrives in pieces or at once."""
        if self.conn.their_state is h11.IDLE:
            pending = self.conn.trailing_data[0] + data
            head_end = pending.find(b"\r\n\r\n")
            if head_end > self.max_head_bytes or (head_end == -1 and len(pending) > self.max_head_bytes):
                self.send_400_response("Request head too large.")
                return
        super().data_received(data)

    def send_400_response(self, msg: str) -> None:
        """Malformed HTTP (or a head over the size limit): a JSON 400, then close."""
        self.transport.write(
            error_bytes(
                400,
                "Bad Request",
                "bad_request",
                f"{msg} Send well-formed HTTP/1.1 with a request head of at most {self.max_head_bytes} bytes "
                "(CLAIMEX_MAX_HEADER_BYTES).",
            )
        )
        _close_after_answer(self.loop, self.transport)

    def _arm_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        self._timed_cycle = self.cycle
        self._head_timer = self.loop.call_later(self.header_timeout_s, self._head_timed_out)

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.transport.is_closing():
            return
        if self.conn.their_state is h11.IDLE and not self.conn.trailing_data[0]:
            self.transport.close()  # an idle kept-alive connection: nothing was asked, nothing to answer
            return
        self.transport.write(
            error_bytes(
                408,
                "Request Timeout",
                "request_timeout",
                f"the request head did not arrive within {self.header_timeout_s:g} s (CLAIMEX_HEADER_TIMEOUT_S).",
            )
        )
        _close_after_answer(self.loop, self.transport)


def _host_of(connection: object) -> str | None:
    client = getattr(connection, "client", None)
    return str(client[0]) if client else None


def _close_after_answer(loop: asyncio.AbstractEventLoop, transport: asyncio.Transport) -> None:
    """Send the answer, stop reading, and close shortly after.

    Closing at once with the client's request still unread makes the kernel send a reset, which can destroy
    the answer before the client reads it.
    """
    transport.pause_reading()
    if transport.can_write_eof():
        transport.write_eof()
    loop.call_later(0.5, transport.close)


def _fit_file_limit(connections: int) -> None:
    """Raise the soft open-file limit so the connection cap is reached before descriptors run out."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = connections + 256  # the model, logs, sockets of the endpoint client
    if soft != resource.RLIM_INFINITY and soft < wanted:
        ceiling = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (ceiling, hard))


def server_config(app: FastAPI, settings: Settings, *, host: str, port: int, **options: Any) -> uvicorn.Config:
    """The uvicorn configuration for ``claimex serve`` (and the loopback load tests); sets the GIL switch interval.

    Args:
        app: The application.
        settings: Timeouts and limits (``header_timeout_s``, ``keep_alive_s``, ``max_connections``,
            ``max_header_bytes``).
        host: Address to bind.
        port: Port (0 for any free one).
        **options: Further ``uvicorn.Config`` options (e.g. ``log_level``).

    Returns:
        The configuration.

    """
    # CPU-bound extractions run in worker threads; with Python's default 5 ms GIL switch interval the event
    # loop waits up to 5 ms per runnable thread each time it needs the GIL, and /healthz answers slowly
    # under load. A 1 ms interval halves the slowest /healthz under the worst inputs (measured: 490 -> 212 ms).
    sys.setswitchinterval(0.001)
    _fit_file_limit(settings.max_connections)
    protocol = type(
        "ClaimexH11Protocol",
        (GuardedH11Protocol,),
        {
            "header_timeout_s": settings.header_timeout_s,
            "max_connections": settings.max_connections,
            "max_connections_per_client": settings.max_connections_per_client,
            "max_head_bytes": settings.max_header_bytes,
        },
    )
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol,
        timeout_keep_alive=settings.keep_alive_s,  # type: ignore[arg-type]  # uvicorn passes it to call_later
        h11_max_incomplete_event_size=settings.max_header_bytes,
        timeout_graceful_shutdown=settings.shutdown_grace_s,  # type: ignore[arg-type]  # a float works too
        **options,
    )
