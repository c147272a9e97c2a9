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
    return Settings(backend="fake", cache_dir=tmp_path / "cache", result_cache_size=16)


@pytest.fixture()
def fake_chat() -> FakeChat:
    return FakeChat()


@pytest.fixture()
def fake_backend(fake_chat: FakeChat) -> InstructorBackend:
    """A backend whose answers come from ``fake_chat`` but pass through instructor's real validation and re-ask."""
    return InstructorBackend(fake_chat.create, model_name="fake-model", mode="json_schema")


def claims_json(*claims: tuple[str | None, str, str]) -> str:
    return json.dumps({"claims": [{"speaker": s, "claim": c, "hedge": h} for s, c, h in claims]})
