"""Make sure the embedded runtime cannot crash the process on a CPU feature the host advertises but cannot run.

llama.cpp's native build compiles kernels for every feature CPUID reports (AVX-512, AMX), and its "extra buffer
types" repack the weights for them on load. A virtual machine may report AMX and still fault on its first
``ldtilecfg``: a segfault, not an exception. So the first load on a host happens in a child process that loads
the model and decodes a few tokens. When the child dies by a signal, claimex turns the extra buffer types off (the
plain AVX2/AVX-512 path, measured about as fast for generation) and probes again; the verdict is remembered in
the cache directory per host, model and llama.cpp version, so later starts pay nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from claimex.service.errors import ConfigurationError

log = logging.getLogger("claimex")

ProbeRunner = Callable[[Path, int, bool], int]
_PROBE_TIMEOUT_S = 300
REBUILD_HINT = (
    'rebuild llama-cpp-python for a portable CPU: CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON '
    '-DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON" pip install --force-reinstall --no-cache-dir llama-cpp-python'
)


@dataclass(frozen=True)
class RuntimeChoice:
    """How the embedded model is loaded on this host.

    Attributes:
        extra_buffer_types: Whether llama.cpp may repack weights for extra CPU kernels (AMX, AVX-512 repack).
        reason: Why, in words fit for ``claimex doctor``.

    """

    extra_buffer_types: bool
    reason: str


def cpu_flags() -> list[str]:
    """The CPU feature flags the kernel reports (empty where /proc/cpuinfo is unavailable)."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("flags"):
                return sorted(set(line.split(":", 1)[1].split()))
    except OSError:
        pass
    return []


def subprocess_probe(model_path: Path, n_threads: int, extra_buffer_types: bool) -> int:
    """Load the model in a child process and decode a few tokens; return its exit code (negative = signal)."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "claimex.service.backends.cpu_probe_child", str(model_path), str(n_threads)]
            + ([] if extra_buffer_types else ["--no-extra-buffer-types"]),
            capture_output=True,
            timeout=_PROBE_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return 124
    return done.returncode


def choose_runtime(
    model_path: Path,
    *,
    n_threads: int,
    cache_dir: Path,
    runtime_id: str,
    setting: str = "auto",
    probe: ProbeRunner = subprocess_probe,
) -> RuntimeChoice:
    """Decide whether extra buffer types are safe here, probing once per host and remembering the verdict.

    Args:
        model_path: The GGUF to probe with.
        n_threads: Threads to probe with.
        cache_dir: Where the verdict is remembered.
        runtime_id: Identifies the llama.cpp build and model (part of the verdict's key).
        setting: ``auto`` (probe), ``on`` or ``off`` (``CLAIMEX_EXTRA_BUFFER_TYPES``).
        probe: Runs one probe and returns the child's exit code (tests pass a simulated crash).

    Returns:
        The configuration to load with.

    Raises:
        ConfigurationError: When even the safe configuration crashes; the message says how to rebuild.

    """
    if setting in {"on", "off"}:
        return RuntimeChoice(setting == "on", f"set by CLAIMEX_EXTRA_BUFFER_TYPES={setting}")
    key = hashlib.sha256(" ".join([runtime_id, *cpu_flags()]).encode()).hexdigest()[:16]
    verdict_path = cache_dir / f"runtime-{key}.json"
    if verdict_path.is_file():
        remembered = json.loads(verdict_path.read_text(encoding="utf-8"))
        return RuntimeChoice(bool(remembered["extra_buffer_types"]), remembered["reason"] + " (remembered)")
    code = probe(model_path, n_threads, True)
    if code == 0:
        choice = RuntimeChoice(True, "probe passed with llama.cpp's extra buffer types (fast path)")
    else:
        fallback = probe(model_path, n_threads, False)
        crash = _describe(code)
        if fallback != 0:
            raise ConfigurationError(
                f"the embedded model crashes on this CPU ({crash}; without extra buffer types: "
                f"{_describe(fallback)}); {REBUILD_HINT}",
                cpu_flags=" ".join(f for f in cpu_flags() if f.startswith(("avx", "amx"))),
            )
        choice = RuntimeChoice(
            False,
            f"the fast path crashed in a probe ({crash}), typically a CPU feature such as AMX that this host "
            "advertises but cannot run; using llama.cpp without extra buffer types",
        )
        log.warning(
            "claimex: %s. To keep the fast path elsewhere nothing is needed; to silence: %s",
            choice.reason,
            "CLAIMEX_EXTRA_BUFFER_TYPES=off",
        )
    cache_dir.mkdir(parents=True, exist_ok=True)
    verdict_path.write_text(json.dumps({"extra_buffer_types": choice.extra_buffer_types, "reason": choice.reason}))
    return choice


def _describe(code: int) -> str:
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    if code == 124:
        return "timed out"
    return f"exit code {code}"
