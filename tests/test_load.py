"""Load on loopback: bounded in count and time. Every accepted request completes; overflow gets 429; no 5xx."""

import asyncio
import json
import statistics
import threading
import time

import httpx
import uvicorn

from service.api.app import create_app
from service.backends.fake import FakeChat
from service.backends.instructed import InstructorBackend

ARTICLE = "Tomas Varga said the cables were corroded. Engineers warned that repairs could take a year."


class ServerThread:
    def __init__(self, app):
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(timeout=10)


async def hammer(url: str, total: int, concurrency: int) -> dict:
    statuses: list[int] = []
    latencies: list[float] = []
    retry_after_ok = True
    queue = list(range(total))

    async def client(http: httpx.AsyncClient):
        nonlocal retry_after_ok
        while queue:
            n = queue.pop()
            began = time.perf_counter()
            response = await http.post(f"{url}/v1/extract", json={"text": f"{ARTICLE} Request {n}."})
            latencies.append(time.perf_counter() - began)
            statuses.append(response.status_code)
            if response.status_code == 429:
                retry_after_ok &= response.headers.get("retry-after", "").isdigit()

    async with httpx.AsyncClient(timeout=30) as http:
        await asyncio.wait_for(asyncio.gather(*(client(http) for _ in range(concurrency))), timeout=120)
    ok = sorted(lat for lat, s in zip(latencies, statuses, strict=True) if s == 200)
    return {
        "sent": total,
        "completed": statuses.count(200),
        "rejected_429": statuses.count(429),
        "5xx": sum(s >= 500 for s in statuses),
        "other": sum(s not in (200, 429) and s < 500 for s in statuses),
        "p50_ms": round(statistics.median(ok) * 1000, 1) if ok else None,
        "p95_ms": round(ok[int(0.95 * (len(ok) - 1))] * 1000, 1) if ok else None,
        "retry_after_on_every_429": retry_after_ok,
    }


def test_500_requests_from_50_clients_against_a_fast_fake(settings):
    chat = FakeChat(delay_s=0.01)
    backend = InstructorBackend(chat.create, model_name="fake", parallel_calls=2)
    small_queue = settings.model_copy(update={"queue_size": 10, "result_cache_size": 0})
    with ServerThread(create_app(small_queue, backend=backend)) as url:
        result = asyncio.run(hammer(url, total=500, concurrency=50))
    print("\nload test:", json.dumps(result))
    assert result["5xx"] == 0 and result["other"] == 0
    assert result["completed"] + result["rejected_429"] == result["sent"]
    assert result["completed"] > 0 and result["retry_after_on_every_429"]
