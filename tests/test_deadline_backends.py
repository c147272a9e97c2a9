"""Every backend gets the request's time left as its timeout and stops when it is spent; settings fail clearly."""

import threading
import time

import numpy as np
import pytest

from claimex.schemas.drafts import SentenceDraft
from claimex.service.backends.fake import FakeChat, completion_of
from claimex.service.backends.instructed import InstructorBackend
from claimex.service.backends.llama_cpp import EndAtDeadline, make_llama_create
from claimex.service.config import Settings, load_settings
from claimex.service.deadline import Deadline
from claimex.service.errors import ConfigurationError, DeadlineExceededError

from .conftest import claims_json

MESSAGES = [{"role": "user", "content": "Sentence [1]: Ana Ruiz said it rained."}]
CONTEXT = {"article": "Ana Ruiz said it rained."}


def test_each_call_gets_what_is_left_and_none_starts_after_it(fake_chat):
    backend = InstructorBackend(fake_chat.create, model_name="fake")
    fake_chat.queue('{"claims": "not a list"}')  # invalid: instructor re-asks
    backend.extract(MESSAGES, SentenceDraft, max_retries=1, context=CONTEXT, timeout=5.0)
    first, second = (r["timeout"] for r in list(fake_chat.requests)[-2:])
    assert 0 < second <= first <= 5.0
    with pytest.raises(DeadlineExceededError):
        backend.extract(MESSAGES, SentenceDraft, max_retries=1, context=CONTEXT, timeout=0.0)


def test_without_a_timeout_nothing_is_passed(fake_chat):
    InstructorBackend(fake_chat.create, model_name="fake").extract(
        MESSAGES, SentenceDraft, max_retries=0, context=CONTEXT
    )
    assert "timeout" not in fake_chat.requests[-1]


def test_deadline_cancel_stops_at_the_next_check():
    deadline = Deadline(60)
    deadline.check()
    deadline.cancel()
    assert deadline.expired and deadline.remaining() == 0.0
    with pytest.raises(DeadlineExceededError, match="cancelled"):
        deadline.call_timeout()


class FakeLlama:
    """Stands in for llama_cpp.Llama: generates tokens slowly, applying the logits processors to each."""

    def __init__(self, tokens: int = 50, per_token_s: float = 0.02) -> None:
        self.tokens, self.per_token_s = tokens, per_token_s
        self.generated = 0
        self.kwargs: dict = {}

    def token_eos(self) -> int:
        return 2

    def create_chat_completion_openai_v1(self, **kwargs):
        self.kwargs = kwargs
        for _ in range(self.tokens):
            time.sleep(self.per_token_s)
            scores = np.zeros(8, dtype=np.single)
            for processor in kwargs.get("logits_processor") or []:
                scores = processor(None, scores)
            self.generated += 1
            if int(np.argmax(scores)) == self.token_eos() and np.isinf(scores).sum() == len(scores) - 1:
                break  # llama.cpp ends generation when EOS is sampled
        return completion_of(claims_json())


def test_llama_generation_ends_at_the_deadline_and_the_call_says_so(tmp_path):
    llm = FakeLlama()
    create = make_llama_create(Settings(backend="llama", cache_dir=tmp_path), llm=llm)
    began = time.perf_counter()
    with pytest.raises(DeadlineExceededError, match="stopped at the request's deadline"):
        create(messages=MESSAGES, timeout=0.2)
    assert time.perf_counter() - began < 0.6 and llm.generated < llm.tokens  # not all 50 tokens (1 s)


def test_llama_with_time_enough_answers_normally(tmp_path):
    llm = FakeLlama(tokens=3, per_token_s=0.0)
    create = make_llama_create(Settings(backend="llama", cache_dir=tmp_path), llm=llm)
    assert create(messages=MESSAGES, timeout=5.0).choices[0].message.content == claims_json()
    assert "timeout" not in llm.kwargs and llm.generated == 3


def test_llama_waiting_for_a_busy_model_ends_at_the_deadline(tmp_path):
    llm = FakeLlama(tokens=40, per_token_s=0.02)
    create = make_llama_create(Settings(backend="llama", cache_dir=tmp_path), llm=llm)
    busy = threading.Thread(target=create, kwargs={"messages": MESSAGES})
    busy.start()
    time.sleep(0.05)
    with pytest.raises(DeadlineExceededError, match="busy"):
        create(messages=MESSAGES, timeout=0.1)
    busy.join()


def test_end_at_deadline_leaves_scores_alone_before_it():
    scores = np.arange(4, dtype=np.single)
    assert EndAtDeadline(time.monotonic() + 60, 1)(None, scores) is scores
    forced = EndAtDeadline(time.monotonic() - 1, 1)(None, scores)
    assert int(np.argmax(forced)) == 1 and np.isinf(forced).sum() == 3


def test_an_empty_service_key_is_refused(monkeypatch):
    monkeypatch.setenv("CLAIMEX_SERVICE_KEYS", '[""]')
    with pytest.raises(ConfigurationError, match="empty key"):
        load_settings()


def test_a_malformed_keys_setting_says_how_to_fix_it(monkeypatch, capsys, tmp_path):
    from claimex.service.cli import main

    monkeypatch.setenv("CLAIMEX_SERVICE_KEYS", "abc")
    with pytest.raises(ConfigurationError, match="JSON lists"):
        load_settings()
    article = tmp_path / "a.txt"
    article.write_text("Ana Ruiz said it rained.")
    assert main(["extract", str(article), "--backend", "fake"]) == 2
    assert "JSON lists" in capsys.readouterr().err


def test_the_fake_honours_a_call_timeout():
    chat = FakeChat(delay_s=1.0)
    began = time.perf_counter()
    with pytest.raises(DeadlineExceededError):
        chat.create(messages=MESSAGES, timeout=0.1)
    assert time.perf_counter() - began < 0.5
