"""The worst inputs over HTTP from many clients at once, with ``/healthz`` timed throughout.

Done means: no 5xx, every error in the documented shape, and threads and memory back to baseline afterwards.
"""

from __future__ import annotations

import asyncio
import gc
import threading
import time
from typing import Any

import httpx

from claimex.evals.adversarial import INPUTS
from claimex.evals.load import ServerThread
from claimex.service.api.app import create_app
from claimex.service.backends import create_backend
from claimex.service.config import Settings

WORST = ("proper_tail", "noting_chain", "ordinary", "one_speaker", "dots", "quotes_and_cues")


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return round(pages * 4096 / 2**20, 1)


async def _send(url: str, texts: list[str], clients: int, timeout_s: float) -> dict[str, Any]:
    statuses: list[int] = []
    shaped = True
    health_ms: list[float] = []
    queue = list(range(len(texts)))
    done = asyncio.Event()

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal shaped
        while queue:
            response = await http.post(
                f"{url}/v1/extract", content=texts[queue.pop()].encode(), headers={"content-type": "text/plain"}
            )
            statuses.append(response.status_code)
            if response.status_code != 200:
                error = response.json().get("error", {})
                shaped &= set(error) == {"type", "message", "field"}

    async def monitor(http: httpx.AsyncClient) -> None:
        while not done.is_set():
            began = time.perf_counter()
            await http.get(f"{url}/healthz")
            health_ms.append((time.perf_counter() - began) * 1000)
            await asyncio.sleep(0.2)

    async with httpx.AsyncClient(timeout=timeout_s) as http, httpx.AsyncClient(timeout=timeout_s) as probe:
        watcher = asyncio.create_task(monitor(probe))
        await asyncio.wait_for(asyncio.gather(*(client(http) for _ in range(clients))), timeout=timeout_s)
        done.set()
        await watcher
    return {
        "sent": len(texts),
        "clients": clients,
        "by_status": {str(s): statuses.count(s) for s in sorted(set(statuses))},
        "5xx": sum(s >= 500 for s in statuses),
        "errors_in_shape": shaped,
        "healthz_max_ms": round(max(health_ms), 1) if health_ms else None,
        "healthz_checks": len(health_ms),
    }


def run_hostile_load(
    settings: Settings, *, clients: int = 20, requests: int = 100, size: int = 100_000, timeout_s: float = 900
) -> dict[str, Any]:
    """Serve the fake backend on loopback and send ``requests`` of the worst inputs from ``clients`` clients.

    Args:
        settings: Service settings (the backend is always the fake).
        clients: Concurrent clients.
        requests: Requests in all, cycling through the worst inputs (each text distinct: no cache hits).
        size: Article size in characters.
        timeout_s: Upper bound on the whole run.

    Returns:
        Statuses, 5xx count, whether every error had the documented shape, the slowest ``/healthz``, and
        thread count and RSS when cold, before the load (after one warm-up pass of each worst input), at its
        end and after it settled.

    """
    settings = settings.model_copy(update={"backend": "fake", "result_cache_size": 0, "max_article_chars": size})
    texts = [INPUTS[WORST[n % len(WORST)]](size - 12) + f"\nRequest {n}." for n in range(requests)]
    app = create_app(settings, backend=create_backend(settings))
    with ServerThread(app) as url:
        httpx.get(f"{url}/healthz")
        cold = {"threads": threading.active_count(), "rss_mb": _rss_mb()}
        # Baseline after a warm-up pass of the worst inputs from as many clients as there are workers: worker
        # threads start, the allocator reaches its working size, imports finish. What matters is that many
        # requests leave nothing more behind than the first few did.
        workers = app.state.claimex.admission.capacity - settings.queue_size
        warm = [INPUTS[name](size - 9) + "\nWarm-up." for name in WORST for _ in range(workers)]
        asyncio.run(_send(url, warm, workers, timeout_s))
        gc.collect()
        before = {"threads": threading.active_count(), "rss_mb": _rss_mb()}
        began = time.perf_counter()
        result = asyncio.run(_send(url, texts, clients, timeout_s))
        result["elapsed_s"] = round(time.perf_counter() - began, 1)
        result["in_flight_after"] = app.state.claimex.admission.in_flight
        loaded = {"threads": threading.active_count(), "rss_mb": _rss_mb()}
        time.sleep(1.0)
        gc.collect()
        after = {"threads": threading.active_count(), "rss_mb": _rss_mb()}
    result.update(cold=cold, before=before, at_end=loaded, settled=after)
    return result
