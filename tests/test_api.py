import json

import pytest
from fastapi.testclient import TestClient

from claimex.service.api.app import create_app
from claimex.service.config import Settings

from .conftest import claims_json


@pytest.fixture()
def client(settings, fake_backend):
    with TestClient(create_app(settings, backend=fake_backend)) as c:
        yield c


def error_of(response):
    body = response.json()
    assert set(body["error"]) == {"type", "message", "field"}
    return body["error"]


def test_health_ready_and_openapi(client, settings):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["prompt_version"] == settings.prompt
    spec = client.get("/openapi.json").json()
    body = spec["paths"]["/v1/extract"]["post"]["requestBody"]["content"]
    assert {"application/json", "text/plain"} <= set(body)


def test_extract_json_returns_grounded_claims_with_prompt_version(client, fake_chat, coffee):
    fake_chat._fallback = lambda messages: (
        claims_json(("Lucia Ferreira", "The crop would fall by at least a third.", "certain"))
        if "Sentence [2]" in messages[-1]["content"]
        else claims_json()
    )
    response = client.post("/v1/extract", json={"text": coffee, "source": {"outlet": "Test Wire"}})
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["prompt_version"] == Settings().prompt and data["model"] == "fake-model"
    first = next(c for c in data["claims"] if c["speaker"] == "Lucia Ferreira")
    assert first["speaker_role"] == "president of the Valle Alto Coffee Cooperative"
    assert first["quote_type"] == "mixed" and first["cue"] == "said"
    ev = first["evidence"]
    assert coffee[ev["start"] : ev["end"]] == ev["text"]
    assert data["usage"]["llm_calls"] >= 1


def test_text_plain_body_is_the_article(client, coffee):
    response = client.post("/v1/extract", content=coffee.encode(), headers={"content-type": "text/plain"})
    assert response.status_code == 200
    assert response.json()["claims"]


def test_reask_path_works_through_the_api(client, fake_chat):
    text = "Tomas Varga said the cables were corroded."
    fake_chat.queue(
        claims_json(("Maria Lopez", "The cables were corroded.", "certain")),
        claims_json(("Tomas Varga", "The cables were corroded.", "certain")),
    )
    response = client.post("/v1/extract", json={"text": text})
    assert response.status_code == 200
    assert [c["speaker"] for c in response.json()["claims"]] == ["Tomas Varga"]
    assert response.json()["usage"]["llm_calls"] == 2  # the re-ask is a model call too


def test_model_output_invalid_after_reasks_is_a_typed_502(client, fake_chat):
    fake_chat.queue("garbage", "more garbage")
    response = client.post("/v1/extract", json={"text": "Tomas Varga said the cables were corroded."})
    assert response.status_code == 502
    assert error_of(response)["type"] == "invalid_model_output"


@pytest.mark.parametrize(
    ("kwargs", "status", "kind"),
    [
        ({"json": {"text": ""}}, 422, "invalid_input"),
        ({"json": {"text": "   \n "}}, 422, "invalid_input"),
        ({"json": {"text": "ok", "colour": "red"}}, 422, "invalid_input"),
        ({"json": {"words": "x"}}, 422, "invalid_input"),
        ({"json": ["text"]}, 422, "invalid_input"),
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 422, "invalid_input"),
        ({"content": b"\xff\xfe\x00bin", "headers": {"content-type": "text/plain"}}, 422, "invalid_input"),
        (
            {"content": b"a=b", "headers": {"content-type": "application/x-www-form-urlencoded"}},
            415,
            "unsupported_media_type",
        ),
        ({"content": b"", "headers": {"content-type": "text/plain"}}, 422, "invalid_input"),
    ],
)
def test_bad_input_gets_a_typed_4xx(client, kwargs, status, kind):
    response = client.post("/v1/extract", **kwargs)
    assert response.status_code == status, response.text
    assert error_of(response)["type"] == kind


def test_article_over_the_limit_is_413_naming_the_limit(settings, fake_backend):
    small = settings.model_copy(update={"max_article_chars": 200})
    with TestClient(create_app(small, backend=fake_backend)) as c:
        response = c.post("/v1/extract", json={"text": "word " * 100})
        assert response.status_code == 413
        assert "200" in error_of(response)["message"]
        response = c.post("/v1/extract", content=b"x" * 100_000, headers={"content-type": "text/plain"})
        assert response.status_code == 413


def test_api_keys_when_configured(settings, fake_backend):
    keyed = settings.model_copy(
        update={"service_keys": [Settings.model_validate({"service_keys": ["s3cret"]}).service_keys[0]]}
    )
    with TestClient(create_app(keyed, backend=fake_backend)) as c:
        text = {"text": "Tomas Varga said the cables were corroded."}
        assert c.post("/v1/extract", json=text).status_code == 401
        assert c.post("/v1/extract", json=text, headers={"Authorization": "Bearer wrong"}).status_code == 401
        ok = c.post("/v1/extract", json=text, headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200
        assert c.get("/healthz").status_code == 200


def test_unknown_route_and_method_are_typed(client):
    assert error_of(client.get("/nope"))["type"] == "http_error"
    assert client.get("/v1/extract").status_code == 405


def test_cors_is_off_by_default(client):
    response = client.options(
        "/v1/extract", headers={"Origin": "http://x.test", "Access-Control-Request-Method": "POST"}
    )
    assert "access-control-allow-origin" not in response.headers


def test_readyz_is_503_until_the_model_loads(tmp_path):
    broken = Settings(backend="openai", base_url=None, api_key=None, cache_dir=tmp_path)
    with TestClient(create_app(broken)) as c:
        response = c.get("/readyz")
        assert response.status_code == 503
        extract = c.post("/v1/extract", json={"text": "A said B."})
        assert extract.status_code == 503
        assert "CLAIMEX_BASE_URL" in json.dumps(extract.json())
