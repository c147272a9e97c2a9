"""Load on loopback: bounded in count and time. Every accepted request completes; overflow gets 429; no 5xx."""

import asyncio
import json

from claimex.evals.load import ServerThread, hammer
from claimex.service.api.app import create_app
from claimex.service.backends.fake import FakeChat
from claimex.service.backends.instructed import InstructorBackend

ARTICLE = "Tomas Varga said the cables were corroded. Engineers warned that repairs could take a year."


def test_500_requests_from_50_clients_against_a_fast_fake(settings):
    chat = FakeChat(delay_s=0.01)
    backend = InstructorBackend(chat.create, model_name="fake", parallel_calls=2)
    small_queue = settings.model_copy(update={"queue_size": 10, "result_cache_size": 0})
    with ServerThread(create_app(small_queue, backend=backend)) as url:
        texts = [f"{ARTICLE} Request {n}." for n in range(500)]
        result = asyncio.run(hammer(url, texts, concurrency=50, timeout_s=120))
    print("\nload test:", json.dumps(result))
    assert result["5xx"] == 0 and result["other"] == 0
    assert result["completed"] + result["rejected_429"] == result["sent"]
    assert result["completed"] > 0 and result["retry_after_on_every_429"]
