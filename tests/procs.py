"""Start and stop real claimex processes for the crash, multi-worker and batch tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def claimex(args: list[str], env: dict[str, str], log: Path, **kwargs) -> subprocess.Popen:
    """Start ``claimex ARGS`` with the fake backend and ``env`` added; its output goes to ``log``."""
    full_env = {**os.environ, "CLAIMEX_BACKEND": "fake", "CLAIMEX_RULE_CLAUSES": "false", **env}  # see conftest
    handle = log.open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "claimex.service.cli", *args],
        env=full_env,
        stdout=handle,
        stderr=handle,
        # A test runner started in the background (CI, nohup) ignores SIGINT, and children inherit that: give
        # the child the default disposition so that a ctrl-C test sends a real ctrl-C.
        preexec_fn=_default_sigint,
        **kwargs,
    )


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def wait_ready(url: str, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/readyz", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} did not become ready")


def poll(fn, predicate, timeout_s: float = 60.0, every_s: float = 0.1):
    """Call ``fn`` until ``predicate`` holds for its result; return that result."""
    deadline = time.monotonic() + timeout_s
    value = None
    while time.monotonic() < deadline:
        value = fn()
        if predicate(value):
            return value
        time.sleep(every_s)
    raise AssertionError(f"condition not met in {timeout_s}s; last value: {value!r}")


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM, timeout_s: float = 15.0) -> None:
    """Stop a process started here (SIGKILL if it does not stop in time)."""
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
