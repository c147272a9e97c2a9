"""A bounded load generator for the HTTP service on loopback (used by ``claimex bench`` and the load test)."""

from __future__ import annotations

import asyncio
import statistics
import threading
import time
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

from claimex.service.api.server import server_config
from claimex.service.config import Settings


class ServerThread:
    """Run an app on 127.0.0.1 (ephemeral port) in a background thread, configured as ``claimex serve`` is."""

    def __init__(self, app: FastAPI, settings: Settings | None = None) -> None:
        settings = settings if settings is not None else app.state.claimex.settings
        self.server = uvicorn.Server(server_config(app, settings, host="127.0.0.1", port=0, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


async def hammer(url: str, texts: list[str], concurrency: int, *, timeout_s: float = 600) -> dict[str, Any]:
    """POST every text to ``/v1/extract`` from ``concurrency`` clients; count outcomes and latencies.

    Args:
        url: The service's base URL (loopback only).
        texts: One request body text per request.
        concurrency: Clients sending at once.
        timeout_s: Upper bound on the whole run.

    Returns:
        Sent, completed (200), rejected (429), 5xx and other counts, p50/p95 latency of completed requests,
        throughput, and whether every 429 carried Retry-After.

    """
    statuses: list[int] = []
    latencies: list[float] = []
    retry_after_ok = True
    queue = list(range(len(texts)))

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal retry_after_ok
        while queue:
            n = queue.pop()
            began = time.perf_counter()
            response = await http.post(f"{url}/v1/extract", json={"text": texts[n]})
            latencies.append(time.perf_counter() - began)
            statuses.append(response.status_code)
            if response.status_code == 429:
                retry_after_ok &= response.headers.get("retry-after", "").isdigit()

    began = time.perf_counter()
    async with httpx.AsyncClient(timeout=timeout_s) as http:
        await asyncio.wait_for(asyncio.gather(*(client(http) for _ in range(concurrency))), timeout=timeout_s)
    elapsed = time.perf_counter() - began
    ok = sorted(lat for lat, s in zip(latencies, statuses, strict=True) if s == 200)
    return {
        "sent": len(texts),
        "clients": concurrency,
        "completed": statuses.count(200),
        "rejected_429": statuses.count(429),
        "5xx": sum(s >= 500 for s in statuses),
        "other": sum(s not in (200, 429) and s < 500 for s in statuses),
        "p50_ms": round(statistics.median(ok) * 1000, 1) if ok else None,
        "p95_ms": round(ok[int(0.95 * (len(ok) - 1))] * 1000, 1) if ok else None,
        "throughput_per_s": round(len(ok) / elapsed, 3) if elapsed else 0.0,
        "retry_after_on_every_429": retry_after_ok,
    }
