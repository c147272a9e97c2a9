"""The uvicorn server, hardened against slow and numerous clients, with errors in the documented shape.

uvicorn has an idle keep-alive timeout but no limit on how long a client may take to send its request head,
so clients that never finish their headers hold connections (and file descriptors) forever. This protocol
adds that limit, refuses connections past a cap at once, and answers malformed HTTP with the JSON error body
every other error has.
"""

from __future__ import annotations

import asyncio
import json
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
    """uvicorn's h11 protocol with a request-head timeout, a connection cap and JSON 400s.

    Subclassed per server by ``server_config`` to set the class attributes from settings.
    """

    header_timeout_s: float = 10.0
    max_connections: int = 200

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_timer: asyncio.TimerHandle | None = None
        self._timed_cycle: object = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Refuse past the cap; otherwise start the clock for the request head."""
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            self.connections.discard(self)
            transport.write(
                error_bytes(
                    503,
                    "Service Unavailable",
                    "too_many_connections",
                    f"the server has {self.max_connections} open connections (CLAIMEX_MAX_CONNECTIONS); retry shortly.",
                )
            )
            transport.close()
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

    def send_400_response(self, msg: str) -> None:
        """Malformed HTTP (or a head over the size limit): a JSON 400, then close."""
        body = json.dumps(
            {
                "error": {
                    "type": "bad_request",
                    "message": f"{msg} Send well-formed HTTP/1.1 with a request head of at most "
                    f"{self.conn._max_incomplete_event_size} bytes (CLAIMEX_MAX_HEADER_BYTES).",
                    "field": None,
                }
            }
        ).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        try:
            self.transport.write(self.conn.send(h11.Response(status_code=400, headers=headers, reason=b"Bad Request")))
            self.transport.write(self.conn.send(h11.Data(data=body)) or b"")
            self.transport.write(self.conn.send(h11.EndOfMessage()) or b"")
        except h11.LocalProtocolError:  # a response was already under way: just close
            pass
        self.transport.close()

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
        self.transport.close()


def server_config(app: FastAPI, settings: Settings, *, host: str, port: int, **options: Any) -> uvicorn.Config:
    """The uvicorn configuration for ``claimex serve`` (and the loopback load tests).

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
    protocol = type(
        "ClaimexH11Protocol",
        (GuardedH11Protocol,),
        {"header_timeout_s": settings.header_timeout_s, "max_connections": settings.max_connections},
    )
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol,
        timeout_keep_alive=settings.keep_alive_s,  # type: ignore[arg-type]  # uvicorn passes it to call_later
        h11_max_incomplete_event_size=settings.max_header_bytes,
        **options,
    )
