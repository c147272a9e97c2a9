"""Crash safety of the single-machine default: ``kill -9`` of ``claimex serve`` mid-job, restart, nothing lost."""

import json
import signal

import httpx

from .procs import claimex, free_port, poll, stop, wait_ready

ARTICLE = "Tomas Varga said the cables were corroded. Engineers warned that repairs could take a year."


def test_kill_9_of_the_server_mid_job_then_restart_finishes_every_article_once(tmp_path):
    env = {"CLAIMEX_CACHE_DIR": str(tmp_path), "CLAIMEX_FAKE_DELAY_S": "0.4", "CLAIMEX_JOB_WORKERS": "1"}
    env["CLAIMEX_RULE_UNQUOTED"] = "false"  # the fake model's delay paces each article: its plain reports must reach the model
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    server = claimex(["serve", "--port", str(port)], env, log)
    try:
        wait_ready(url)
        # ~0.8 s an article, one at a time: the kill lands inside an article, not between two.
        body = {"articles": [{"id": f"a{n}", "text": f"{ARTICLE} Item {n}."} for n in range(4)]}
        job = httpx.post(f"{url}/v1/jobs", json=body, headers={"Idempotency-Key": "crash-1"}).json()
        status_url = f"{url}/v1/jobs/{job['id']}"
        # Kill while one article is finished and another is running.
        poll(
            lambda: httpx.get(status_url).json(),
            lambda v: v["progress"]["done"] >= 1 and any(i["status"] == "running" for i in v["items"]),
            every_s=0.02,
        )
        server.send_signal(signal.SIGKILL)
        server.wait(10)

        server = claimex(["serve", "--port", str(port)], env, log)
        wait_ready(url)
        # The client retries its submission after the crash: the key returns the same job, not a second one.
        again = httpx.post(f"{url}/v1/jobs", json=body, headers={"Idempotency-Key": "crash-1"})
        assert again.status_code == 200 and again.json()["id"] == job["id"]
        view = poll(lambda: httpx.get(status_url).json(), lambda v: v["status"] in {"done", "failed"})
    finally:
        stop(server)
    assert view["status"] == "done"
    assert view["progress"] == {"total": 4, "done": 4, "failed": 0, "cancelled": 0}
    ids = [item["id"] for item in view["items"] if item["response"] is not None]
    assert sorted(ids) == [f"a{n}" for n in range(4)]  # 0 lost, 0 duplicated
    assert max(item["attempts"] for item in view["items"]) == 2  # the article cut off by the kill ran again
    lines = [json.loads(line) for line in log.read_text().splitlines()]  # every line of both runs is JSON
    assert any(r["message"] == "resuming unfinished job articles" for r in lines)
    requests = [r for r in lines if r["logger"] == "claimex.http"]
    assert requests and all(r["request_id"] for r in requests)
    assert {r["job_id"] for r in lines if r["message"] == "article finished"} == {job["id"]}
