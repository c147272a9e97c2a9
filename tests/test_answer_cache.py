"""The disk cache of model answers: same model and request → no model call; validation still runs."""

import json

from claimex.schemas.drafts import SentenceDraft
from claimex.service.backends.answer_cache import AnswerCache, request_key
from claimex.service.backends.fake import FakeChat
from claimex.service.backends.instructed import InstructorBackend

MESSAGES = [{"role": "user", "content": "Sentence [1]: Tomas Varga said the bridge is safe."}]
ANSWER = json.dumps({"claims": [{"speaker": "Tomas Varga", "claim": "The bridge is safe.", "hedge": "certain"}]})


def test_a_repeated_request_is_answered_from_disk_and_survives_a_restart(tmp_path):
    chat = FakeChat([ANSWER])
    cache = AnswerCache(tmp_path / "answers.sqlite3")
    backend = InstructorBackend(cache.wrap(chat.create, "m"), model_name="m")
    first = backend.extract(MESSAGES, SentenceDraft, max_retries=0, context={})
    again = InstructorBackend(AnswerCache(tmp_path / "answers.sqlite3").wrap(chat.create, "m"), model_name="m")
    second = again.extract(MESSAGES, SentenceDraft, max_retries=0, context={})
    assert len(chat.requests) == 1 and first.value.claims == second.value.claims
    assert cache.misses == 1


def test_the_key_depends_on_model_and_messages_but_not_on_timeouts():
    base = {"messages": MESSAGES, "temperature": 0.0}
    assert request_key("a", base) == request_key("a", {**base, "timeout": 5})
    assert request_key("a", base) != request_key("b", base)
    assert request_key("a", base) != request_key("a", {**base, "messages": MESSAGES * 2})
