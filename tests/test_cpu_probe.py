"""A CPU feature the host advertises but cannot run must end in a fallback with a message, never a segfault."""

import logging
import os
import signal
import subprocess
import sys

import pytest

from claimex.service.backends.cpu_probe import choose_runtime
from claimex.service.errors import ConfigurationError

CRASH_IN_CHILD = "import os, signal, sys; os.kill(os.getpid(), signal.SIGSEGV) if sys.argv[1] == '1' else None"


def child_probe(crash_with_extra: bool, crash_without: bool = False):
    """A real child process that dies by SIGSEGV in the configurations told to crash (like an AMX fault)."""
    calls = []

    def probe(model_path, n_threads, extra):
        calls.append(extra)
        crash = crash_with_extra if extra else crash_without
        return subprocess.run([sys.executable, "-c", CRASH_IN_CHILD, "1" if crash else "0"], check=False).returncode

    return probe, calls


def test_a_crashing_fast_path_falls_back_warns_and_is_remembered(tmp_path, caplog):
    probe, calls = child_probe(crash_with_extra=True)
    with caplog.at_level(logging.WARNING, logger="claimex"):
        choice = choose_runtime(tmp_path / "m.gguf", n_threads=2, cache_dir=tmp_path, runtime_id="x", probe=probe)
    assert not choice.extra_buffer_types and "SIGSEGV" in choice.reason and calls == [True, False]
    assert "CLAIMEX_EXTRA_BUFFER_TYPES" in caplog.text
    again = choose_runtime(tmp_path / "m.gguf", n_threads=2, cache_dir=tmp_path, runtime_id="x", probe=probe)
    assert not again.extra_buffer_types and "remembered" in again.reason and calls == [True, False]


def test_a_working_fast_path_is_kept(tmp_path):
    probe, calls = child_probe(crash_with_extra=False)
    choice = choose_runtime(tmp_path / "m.gguf", n_threads=2, cache_dir=tmp_path, runtime_id="y", probe=probe)
    assert choice.extra_buffer_types and calls == [True]


def test_when_everything_crashes_the_error_says_how_to_rebuild(tmp_path):
    probe, _ = child_probe(crash_with_extra=True, crash_without=True)
    with pytest.raises(ConfigurationError, match="GGML_NATIVE=OFF"):
        choose_runtime(tmp_path / "m.gguf", n_threads=2, cache_dir=tmp_path, runtime_id="z", probe=probe)


def test_an_explicit_setting_skips_the_probe(tmp_path):
    def probe(*_):
        raise AssertionError("no probe when the setting is explicit")

    choice = choose_runtime(tmp_path / "m", n_threads=1, cache_dir=tmp_path, runtime_id="w", setting="off", probe=probe)
    assert not choice.extra_buffer_types


def test_signal_names_in_messages():
    assert signal.Signals(11).name == "SIGSEGV" and os.name == "posix"
