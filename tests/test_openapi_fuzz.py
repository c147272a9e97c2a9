"""Schemathesis against our OpenAPI schema with a fake backend: no input may produce a 5xx."""

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from claimex.service.api.app import create_app
from claimex.service.backends.fake import FakeChat
from claimex.service.backends.instructed import InstructorBackend
from claimex.service.config import Settings

_CACHE = tempfile.TemporaryDirectory(prefix="claimex-fuzz-")  # the app's job store lives here
app = create_app(
    Settings(backend="fake", max_article_chars=5000, cache_dir=Path(_CACHE.name)),
    backend=InstructorBackend(FakeChat().create, model_name="fake", parallel_calls=2),
)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_produces_a_server_error(case):
    response = case.call()
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        body = response.json()
        assert set(body["error"]) == {"type", "message", "field"}
