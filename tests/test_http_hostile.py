"""Issue 11's HTTP reproductions: client mistakes are 4xx in the error shape at every layer, slow or numerous
clients cannot starve others, deadlines free a request's place only when its work has stopped.
"""

import json
import logging
import socket
import threading
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from claimex.evals.adversarial import INPUTS
from claimex.evals.hostile_load import run_hostile_load
from claimex.evals.load import ServerThread
from claimex.service.api import admission
from claimex.service.api.app import create_app
from claimex.service.backends.fake import FakeChat, completion_of
from claimex.service.backends.instructed import InstructorBackend

from .conftest import claims_json


def error_of(response):
    body = response.json()
    assert set(body["error"]) == {"type", "message", "field"}
    return body["error"]


@pytest.fixture()
def client(settings, fake_backend):
    with TestClient(create_app(settings, backend=fake_backend)) as c:
        yield c


def test_json_nested_10000_deep_is_422(client):
    response = client.post(
        "/v1/extract", content=b"[" * 10_000 + b"]" * 10_000, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422 and "nested too deeply" in error_of(response)["message"]


def test_an_integer_of_5000_digits_is_422(client):
    body = b'{"text": "Ana Ruiz said it rained.", "n": ' + b"7" * 5000 + b"}"
    response = client.post("/v1/extract", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422 and error_of(response)["field"] == "body"


def test_an_escaped_lone_surrogate_is_422(client):
    response = client.post("/v1/extract", content=b'{"text": "Ana Ruiz said \\ud800 it rained."}')
    assert response.status_code == 422 and error_of(response)["field"] == "text"  # pydantic refuses it first


@pytest.fixture()
def cors_client(settings, fake_backend):
    cors = settings.model_copy(update={"cors_origins": ["https://app.example"], "service_keys": []})
    with TestClient(create_app(cors, backend=fake_backend)) as c:
        yield c


def test_a_browser_may_send_the_api_key(cors_client):
    response = cors_client.options(
        "/v1/extract",
        headers={
            "origin": "https://app.example",
            "access-control-request-method": "POST",
            "access-control-request-headers": "authorization, content-type",
        },
    )
    assert response.status_code == 200
    assert "authorization" in response.headers["access-control-allow-headers"].lower()


def test_a_refused_preflight_has_the_error_shape(cors_client):
    response = cors_client.options(
        "/v1/extract", headers={"origin": "https://evil.example", "access-control-request-method": "POST"}
    )
    assert response.status_code == 400 and error_of(response)["type"] == "cors_rejected"


# --- real server on loopback (uvicorn with the guarded protocol) ------------------------------------------------


def _raw(url: str, payload: bytes, *, wait_s: float = 5.0) -> bytes:
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=wait_s) as sock:
        sock.sendall(payload)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except TimeoutError:
            pass
    return b"".join(chunks)


def _json_body(raw: bytes) -> dict:
    head, _, body = raw.partition(b"\r\n\r\n")
    assert b"application/json" in head.lower(), head
    return json.loads(body)


@pytest.fixture()
def served(settings, fake_backend):
    def serve(**overrides):
        tuned = settings.model_copy(update=overrides)
        return ServerThread(create_app(tuned, backend=fake_backend), tuned)

    return serve


def test_malformed_http_gets_a_json_400(served):
    with served() as url:
        raw = _raw(url, b"NOT HTTP AT ALL\r\n\r\n")
    assert raw.startswith(b"HTTP/1.1 400") and _json_body(raw)["error"]["type"] == "bad_request"


def test_an_oversized_request_head_gets_a_json_400(served):
    with served(max_header_bytes=2048) as url:
        raw = _raw(url, b"GET /healthz HTTP/1.1\r\nhost: x\r\nx-big: " + b"a" * 8000 + b"\r\n\r\n")
    assert raw.startswith(b"HTTP/1.1 400") and "CLAIMEX_MAX_HEADER_BYTES" in _json_body(raw)["error"]["message"]


def test_a_client_that_never_finishes_its_headers_is_timed_out(served):
    with served(header_timeout_s=0.5) as url:
        began = time.perf_counter()
        raw = _raw(url, b"GET /healthz HTTP/1.1\r\nhost: x\r\n")
        assert time.perf_counter() - began < 4.0
        assert httpx.get(f"{url}/healthz").status_code == 200
    assert raw.startswith(b"HTTP/1.1 408") and _json_body(raw)["error"]["type"] == "request_timeout"


def test_a_body_that_never_arrives_is_timed_out(served):
    with served(body_timeout_s=0.5) as url:
        raw = _raw(
            url, b"POST /v1/extract HTTP/1.1\r\nhost: x\r\ncontent-type: text/plain\r\ncontent-length: 100\r\n\r\nAna"
        )
    assert b" 408 " in raw.split(b"\r\n")[0] and _json_body(raw)["error"]["type"] == "request_timeout"


def test_connections_past_the_cap_are_refused_at_once_and_others_still_served(served):
    with served(max_connections=3, header_timeout_s=5.0) as url:
        host, port = url.removeprefix("http://").split(":")
        idle = [socket.create_connection((host, int(port))) for _ in range(3)]
        try:
            time.sleep(0.2)
            raw = _raw(url, b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n")
        finally:
            for sock in idle:
                sock.close()
        time.sleep(0.2)
        assert httpx.get(f"{url}/healthz").status_code == 200
    assert raw.startswith(b"HTTP/1.1 503") and _json_body(raw)["error"]["type"] == "too_many_connections"


def test_one_address_cannot_take_every_connection(served):
    with served(max_connections_per_client=3, header_timeout_s=5.0) as url:
        host, port = url.removeprefix("http://").split(":")
        hog = [socket.create_connection((host, int(port))) for _ in range(4)]  # never send anything
        try:
            time.sleep(0.2)
            refused = hog[-1].recv(4096)
            # Another address (loopback answers on all of 127/8) is still served.
            other = socket.create_connection((host, int(port)), source_address=("127.0.0.2", 0))
            with other:
                other.sendall(b"GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
                answer = other.recv(4096)
        finally:
            for sock in hog:
                sock.close()
    assert refused.startswith(b"HTTP/1.1 503") and b"PER_CLIENT" in refused
    assert answer.startswith(b"HTTP/1.1 200")


def test_a_client_disconnect_is_not_logged_as_an_error(served, caplog):
    uvicorn_log = logging.getLogger("uvicorn.error")
    uvicorn_log.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO), served() as url:
            host, port = url.removeprefix("http://").split(":")
            with socket.create_connection((host, int(port))) as sock:
                sock.sendall(
                    b"POST /v1/extract HTTP/1.1\r\nhost: x\r\ncontent-type: text/plain\r\ncontent-length: 500\r\n\r\nAna"
                )
                time.sleep(0.2)
            time.sleep(0.5)
    finally:
        uvicorn_log.removeHandler(caplog.handler)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
    assert any("disconnected" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("name", ["noting_chain", "short_sentences"])
def test_healthz_answers_within_a_second_while_the_worst_input_runs(served, name):
    text = INPUTS[name](99_000)
    with served(result_cache_size=0) as url:
        outcome: dict = {}
        worker = threading.Thread(
            target=lambda: outcome.update(
                r=httpx.post(
                    f"{url}/v1/extract", content=text.encode(), headers={"content-type": "text/plain"}, timeout=60
                )
            )
        )
        worker.start()
        slowest = 0.0
        while worker.is_alive():
            began = time.perf_counter()
            assert httpx.get(f"{url}/healthz", timeout=10).status_code == 200
            slowest = max(slowest, time.perf_counter() - began)
            time.sleep(0.05)
        worker.join()
    assert outcome["r"].status_code == 200 and "partial" in outcome["r"].json()
    assert slowest < 1.0, slowest


# --- deadlines over HTTP ------------------------------------------------------------------------------------------


def test_deadline_gives_partial_200_with_claims_and_504_without(settings):
    chat = FakeChat(delay_s=0.3)
    backend = InstructorBackend(chat.create, model_name="fake", parallel_calls=1)
    short = settings.model_copy(update={"deadline_s": 1.0, "result_cache_size": 0})
    text = " ".join(f"Ana Ruiz said the {n}th crane was fixed." for n in range(30))
    with TestClient(create_app(short, backend=backend)) as c:
        partial = c.post("/v1/extract", json={"text": text})
        assert partial.status_code == 200 and partial.json()["partial"] and partial.json()["claims"]
        chat._delay_s = 3.0
        timed_out = c.post("/v1/extract", json={"text": "Ana Ruiz said it rained."})
        assert timed_out.status_code == 504 and error_of(timed_out)["type"] == "deadline_exceeded"
        assert c.app.state.claimex.admission.in_flight == 0


def test_a_timed_out_request_keeps_its_place_until_its_work_stops(settings, monkeypatch):
    monkeypatch.setattr(admission, "GRACE_S", 0.1)
    stop_work = threading.Event()

    def deaf_model(**kwargs):  # ignores its timeout, as a misbehaving backend might
        stop_work.wait(10)
        return completion_of(claims_json())

    backend = InstructorBackend(deaf_model, model_name="fake", parallel_calls=1)
    short = settings.model_copy(update={"deadline_s": 0.3, "queue_size": 1, "result_cache_size": 0})
    with TestClient(create_app(short, backend=backend)) as c:
        response = c.post("/v1/extract", json={"text": "Ana Ruiz said it rained."})
        assert response.status_code == 504
        state = c.app.state.claimex.admission
        assert state.in_flight == 1  # answered, but the work has not stopped: its place is still taken
        stop_work.set()
        for _ in range(100):
            if state.in_flight == 0:
                break
            time.sleep(0.05)
        assert state.in_flight == 0


def test_worst_inputs_from_many_clients_get_no_5xx_and_threads_return(settings):
    result = run_hostile_load(settings, clients=6, requests=12, size=20_000, timeout_s=300)
    assert result["5xx"] == 0 and result["errors_in_shape"]
    assert set(result["by_status"]) <= {"200", "429", "504"}
    assert result["in_flight_after"] == 0
    assert result["settled"]["threads"] <= result["before"]["threads"] + 8  # worker pools, bounded, not per request


def test_an_abandoned_request_cancels_its_work_and_keeps_its_place_until_it_stops():
    import asyncio

    from claimex.service.deadline import Deadline

    async def scenario():
        gate = admission.Admission(workers=1, queue_size=1, deadline_s=60)
        deadline = Deadline(60)

        def work():
            while not deadline.expired:  # a pipeline checks its deadline between steps
                time.sleep(0.01)
            return "stopped"

        task = asyncio.create_task(gate.run(work, deadline))
        await asyncio.sleep(0.1)
        task.cancel()  # what uvicorn does to running requests after CLAIMEX_SHUTDOWN_GRACE_S
        with pytest.raises(asyncio.CancelledError):
            await task
        assert deadline.cancelled
        for _ in range(100):
            if gate.in_flight == 0:
                break
            await asyncio.sleep(0.02)
        return gate.in_flight

    assert asyncio.run(scenario()) == 0


def test_a_client_that_hangs_up_stops_its_work(settings):
    chat = FakeChat(delay_s=0.2)
    backend = InstructorBackend(chat.create, model_name="fake", parallel_calls=1)
    tuned = settings.model_copy(update={"result_cache_size": 0})
    app = create_app(tuned, backend=backend)
    text = " ".join(f"Ana Ruiz said the {n}th crane was fixed." for n in range(50)).encode()
    with ServerThread(app, tuned) as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port))) as sock:
            head = f"POST /v1/extract HTTP/1.1\r\nhost: x\r\ncontent-type: text/plain\r\ncontent-length: {len(text)}\r\n\r\n"
            sock.sendall(head.encode() + text)
            time.sleep(0.5)  # a couple of model calls in, the client leaves
        gate = app.state.claimex.admission
        for _ in range(100):
            if gate.in_flight == 0:
                break
            time.sleep(0.05)
        assert gate.in_flight == 0
    assert chat.calls < 10  # 50 would take 10 s
