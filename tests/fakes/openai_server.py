"""An OpenAI-compatible HTTP server on loopback that can be told to misbehave in each way a real one does."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

GOOD = json.dumps({"claims": [{"speaker": "Tomas Varga", "claim": "The cables were corroded.", "hedge": "certain"}]})


class FakeOpenAIServer:
    """Serves ``POST /v1/chat/completions``. Queue behaviours with ``script``; the default is a good answer.

    Behaviours: "ok", "500", "429", "slow" (sleeps past client timeouts), "malformed" (body is not JSON),
    "truncated" (JSON cut off mid-body), "wrong_schema" (valid completion, content not matching the model),
    "cut_off" (finish_reason=length).
    """

    def __init__(self) -> None:
        self.behaviours: deque[str] = deque()
        self.hits = 0
        self.slow_s = 3.0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                self.rfile.read(length)
                server.hits += 1
                behaviour = server.behaviours.popleft() if server.behaviours else "ok"
                if behaviour == "slow":
                    time.sleep(server.slow_s)
                    behaviour = "ok"
                if behaviour in {"500", "429"}:
                    self._send(int(behaviour), json.dumps({"error": {"message": behaviour}}).encode())
                    return
                if behaviour == "malformed":
                    self._send(200, b"<html>proxy error</html>", "text/html")
                    return
                content = GOOD if behaviour != "wrong_schema" else json.dumps({"answer": 42})
                body = json.dumps(_completion(content, "length" if behaviour == "cut_off" else "stop")).encode()
                if behaviour == "truncated":
                    body = body[: len(body) // 2]
                self._send(200, body)

            def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("content-type", content_type)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def script(self, *behaviours: str) -> None:
        self.behaviours.extend(behaviours)

    def __enter__(self) -> FakeOpenAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _completion(content: str, finish_reason: str) -> dict[str, Any]:
    return {
        "id": "x",
        "object": "chat.completion",
        "created": 0,
        "model": "fake",
        "choices": [{"index": 0, "finish_reason": finish_reason, "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }
