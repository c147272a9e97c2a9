"""Backend faults against a real misbehaving HTTP server on loopback, through the real openai client."""

import socket
import tempfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from claimex.schemas import SentenceDraft
from claimex.service.api.app import create_app
from claimex.service.backends.instructed import InstructorBackend
from claimex.service.backends.openai_compat import make_openai_create
from claimex.service.config import Settings
from claimex.service.errors import (
    BackendError,
    BackendUnavailableError,
    DeadlineExceededError,
    InvalidModelOutputError,
)

from .fakes.openai_server import FakeOpenAIServer

ARTICLE = "Tomas Varga said the cables were corroded."
MESSAGES = [{"role": "user", "content": "Sentence [1]: " + ARTICLE}]


_CACHE = tempfile.TemporaryDirectory(prefix="claimex-faults-")


@pytest.fixture()
def server():
    with FakeOpenAIServer() as s:
        yield s


def backend_for(url, **overrides):
    # A private cache dir: the app opens its job store there.
    options = {"request_timeout_s": 1.0, "transient_retries": 2, "cache_dir": Path(_CACHE.name), **overrides}
    settings = Settings(backend="openai", base_url=url, model="fake", rule_clauses=False, rule_unquoted=False, **options)
    return InstructorBackend(make_openai_create(settings, wait_max_s=0.05), model_name="fake"), settings


def ask(backend):
    return backend.extract(MESSAGES, SentenceDraft, max_retries=1, context={"article": ARTICLE})


def test_transient_500_and_429_are_retried_then_succeed(server):
    backend, _ = backend_for(server.url)
    server.script("500", "429")
    assert ask(backend).value.claims[0].speaker == "Tomas Varga"
    assert server.hits == 3


def test_persistent_5xx_becomes_unavailable_after_bounded_retries(server):
    backend, _ = backend_for(server.url)
    server.script("500", "500", "500", "500")
    with pytest.raises(BackendUnavailableError, match="server error"):
        ask(backend)
    assert server.hits == 3  # 1 + transient_retries


def test_timeout_becomes_deadline_error(server):
    backend, _ = backend_for(server.url, request_timeout_s=0.3)
    server.slow_s = 1.0
    server.script("slow", "slow", "slow")
    with pytest.raises(DeadlineExceededError):
        ask(backend)


def test_connection_refused_is_unavailable():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    backend, _ = backend_for(f"http://127.0.0.1:{port}/v1")
    with pytest.raises(BackendUnavailableError, match="cannot reach"):
        ask(backend)


@pytest.mark.parametrize("behaviour", ["malformed", "truncated"])
def test_malformed_or_truncated_bodies_are_backend_errors(server, behaviour):
    backend, _ = backend_for(server.url)
    server.script(behaviour, behaviour, behaviour, behaviour)
    with pytest.raises((BackendError, InvalidModelOutputError)):
        ask(backend)


def test_wrong_schema_is_reasked_then_reported(server):
    backend, _ = backend_for(server.url)
    server.script("wrong_schema")
    assert ask(backend).value.claims  # second attempt is good
    server.script("wrong_schema", "wrong_schema")
    with pytest.raises(InvalidModelOutputError):
        ask(backend)


def test_cut_off_answer_says_to_raise_max_tokens(server):
    backend, _ = backend_for(server.url)
    server.script("cut_off", "cut_off")
    # One runaway answer fails its question like an invalid one, so the article's other questions still count.
    with pytest.raises(InvalidModelOutputError, match="max_tokens"):
        ask(backend)


@pytest.mark.parametrize(
    ("behaviours", "status", "kind"),
    [
        (["500"] * 4, 503, "backend_unavailable"),
        (["wrong_schema"] * 2, 502, "invalid_model_output"),
        (["slow"] * 3, 504, "deadline_exceeded"),
    ],
)
def test_api_maps_backend_faults_to_typed_5xx(server, behaviours, status, kind):
    backend, settings = backend_for(server.url, request_timeout_s=0.3)
    server.slow_s = 1.0
    server.script(*behaviours)
    with TestClient(create_app(settings, backend=backend)) as client:
        response = client.post("/v1/extract", json={"text": ARTICLE})
    assert response.status_code == status, response.text
    assert response.json()["error"]["type"] == kind


def test_valid_claims_from_other_sentences_survive_one_invalid_answer(server):
    backend, settings = backend_for(server.url)
    text = ARTICLE + " Tomas Varga added that the cables were corroded."
    server.script("wrong_schema", "wrong_schema")  # first sentence stays invalid; second is fine
    with TestClient(create_app(settings, backend=backend)) as client:
        response = client.post("/v1/extract", json={"text": text})
    assert response.status_code == 200
    body = response.json()
    assert body["claims"] and any("stayed invalid" in w for w in body["warnings"])
