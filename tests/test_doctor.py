"""``claimex doctor`` reports versions and CPU features, and exits non-zero with a fix when something is broken."""

import pytest

from claimex.service.cli import main
from claimex.service.config import Settings
from claimex.service.doctor import run_doctor


def test_doctor_reports_versions_and_a_missing_endpoint(capsys):
    assert main(["doctor", "--backend", "openai"]) == 1
    out = capsys.readouterr().out
    assert "instructor" in out and "cpu features seen" in out and "parser" in out
    assert "PROBLEM: backend 'openai' has no endpoint" in out


def test_doctor_flags_a_missing_model_file(tmp_path):
    report = run_doctor(
        Settings(backend="llama", model_path=tmp_path / "missing.gguf", cache_dir=tmp_path), speed=False
    )
    assert any("CLAIMEX_MODEL_PATH" in p for p in report.problems)


@pytest.mark.slow
def test_doctor_measures_the_embedded_model(capsys, tmp_path):
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "model sha256" in out and " ok" in out and "extra buffer types" in out
    assert "prompt" in out and "tok/s" in out
