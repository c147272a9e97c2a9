"""The embedded model: llama.cpp in-process, one instance per process, calls serialised by a lock."""

from __future__ import annotations

import atexit
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from claimex.service.backends.cpu_probe import RuntimeChoice, choose_runtime
from claimex.service.backends.model_files import ensure_model_file
from claimex.service.backends.speculative import enable_prompt_lookup
from claimex.service.config import Settings
from claimex.service.errors import ConfigurationError, DeadlineExceededError

_models: dict[tuple[str, int, int, int, int], Any] = {}
_models_lock = threading.Lock()


def load_llama(settings: Settings) -> Any:
    """Load the GGUF once per process (per path and context settings) and return the ``Llama`` object.

    Args:
        settings: Model path, cache dir, threads, context and batch sizes.

    Returns:
        A ``llama_cpp.Llama`` instance shared by every caller in this process.

    Raises:
        ConfigurationError: When llama-cpp-python is not installed.

    """
    try:
        import llama_cpp  # noqa: F401
    except ImportError as exc:  # pragma: no cover - exercised only on broken installs
        raise ConfigurationError(
            "llama-cpp-python is not installed; run pip install -e '.[model]' (it compiles, ~11 min on 2 cores), "
            "or use an endpoint: --backend openai --base-url URL."
        ) from exc
    path = ensure_model_file(settings)
    key = (str(path), settings.n_ctx, settings.n_threads, settings.n_batch, settings.draft_tokens)
    with _models_lock:
        if key not in _models:
            choice = runtime_choice(settings, path)
            llm = open_llama(
                str(path),
                n_ctx=settings.n_ctx,
                n_threads=settings.n_threads,
                n_batch=settings.n_batch,
                extra_buffer_types=choice.extra_buffer_types,
            )
            enable_prompt_lookup(llm, settings.draft_tokens)
            _models[key] = llm
        return _models[key]


def runtime_choice(settings: Settings, path: Path) -> RuntimeChoice:
    """Whether llama.cpp's extra buffer types are safe on this host (probed once per host, then remembered)."""
    import llama_cpp

    return choose_runtime(
        path,
        n_threads=settings.n_threads,
        cache_dir=settings.cache_dir,
        runtime_id=f"llama-cpp-python {llama_cpp.__version__} {path.name} {path.stat().st_size}",
        setting=settings.extra_buffer_types,
    )


def open_llama(path: str, *, n_ctx: int, n_threads: int, n_batch: int, extra_buffer_types: bool) -> Any:
    """Construct ``llama_cpp.Llama``, optionally with llama.cpp's extra buffer types (weight repacking) off.

    llama-cpp-python does not expose ``use_extra_bufts``, so the default model parameters it starts from are
    adjusted for the duration of this one construction (callers hold the models lock).
    """
    import llama_cpp.llama_cpp as low_level
    from llama_cpp import Llama

    original = low_level.llama_model_default_params

    def without_extra_buffer_types() -> Any:
        params = original()
        params.use_extra_bufts = False
        return params

    if not extra_buffer_types:
        low_level.llama_model_default_params = without_extra_buffer_types
    try:
        return Llama(
            model_path=path,
            n_ctx=n_ctx,
            n_threads=n_threads,
            n_threads_batch=n_threads,
            n_batch=n_batch,
            verbose=False,
        )
    finally:
        low_level.llama_model_default_params = original


@atexit.register
def _close_models() -> None:
    """Free models before interpreter teardown, when llama-cpp-python's own finalizers would fail noisily."""
    with _models_lock:
        for llm in _models.values():
            llm.close()
        _models.clear()


def make_llama_create(settings: Settings, llm: Any = None) -> Callable[..., Any]:
    """Build an OpenAI-style ``create`` over the embedded model, for instructor to wrap.

    A ``timeout`` keyword (the request's time left) bounds the wait for the model and ends generation when it
    passes: from then on every next token is forced to be end-of-sequence, and the call raises
    ``DeadlineExceededError`` instead of returning the cut-off answer.

    Args:
        settings: Model and generation settings.
        llm: An already loaded ``Llama`` (default: load the configured one).

    Returns:
        A thread-safe function taking chat-completion keyword arguments.

    """
    llm = llm if llm is not None else load_llama(settings)
    call_lock = threading.Lock()

    def create(**kwargs: Any) -> Any:
        kwargs.pop("model", None)
        timeout = kwargs.pop("timeout", None)
        kwargs["response_format"] = _llama_response_format(kwargs.get("response_format"), settings.grammar)
        kwargs.setdefault("temperature", 0.0)
        kwargs.setdefault("max_tokens", settings.max_tokens)
        expires = None if timeout is None else time.monotonic() + float(timeout)
        if expires is not None:
            kwargs["logits_processor"] = [EndAtDeadline(expires, llm.token_eos())]
        if not call_lock.acquire(timeout=-1 if timeout is None else max(0.0, float(timeout))):
            raise DeadlineExceededError(
                "the embedded model stayed busy with other requests past this request's deadline; "
                "lower CLAIMEX_QUEUE_SIZE or raise CLAIMEX_DEADLINE_S.",
                timeout_s=timeout,
            )
        try:
            answer = llm.create_chat_completion_openai_v1(**kwargs)
        finally:
            call_lock.release()
        if expires is not None and time.monotonic() >= expires:
            raise DeadlineExceededError(
                "generation was stopped at the request's deadline; raise CLAIMEX_DEADLINE_S or send less text.",
                timeout_s=timeout,
            )
        return answer

    return create


class EndAtDeadline:
    """A llama.cpp logits processor that leaves the logits alone until ``expires``, then forces end-of-sequence.

    llama.cpp's chat completion takes no stopping criterion, but it applies logits processors before every
    token; making EOS the only possible token ends the generation at the next step.
    """

    def __init__(self, expires: float, eos_token: int) -> None:
        self.expires = expires
        self.eos_token = eos_token

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        """Return ``scores`` unchanged before the deadline; after it, -inf everywhere except EOS."""
        if time.monotonic() < self.expires:
            return scores
        forced = scores.copy()
        forced[:] = -float("inf")
        forced[self.eos_token] = 0.0
        return forced


def _llama_response_format(requested: Any, grammar: bool) -> dict[str, Any] | None:
    """Translate instructor's ``json_schema`` request into llama-cpp-python's ``json_object`` + schema."""
    if not grammar or not isinstance(requested, dict):
        return None
    if requested.get("type") == "json_schema":
        return {"type": "json_object", "schema": requested["json_schema"]["schema"]}
    return dict(requested)
