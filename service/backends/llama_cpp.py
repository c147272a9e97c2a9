"""The embedded model: llama.cpp in-process, one instance per process, calls serialised by a lock."""

from __future__ import annotations

import atexit
import threading
import time
from collections.abc import Callable
from typing import Any

from claimex.service.backends.model_files import ensure_model_file
from claimex.service.config import Settings
from claimex.service.errors import ConfigurationError, DeadlineExceededError

_models: dict[tuple[str, int, int, int], Any] = {}
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
        from llama_cpp import Llama
    except ImportError as exc:  # pragma: no cover - exercised only on broken installs
        raise ConfigurationError(
            "llama-cpp-python is not installed; run pip install -e . (it compiles, ~11 min on 2 cores)."
        ) from exc
    path = ensure_model_file(settings)
    key = (str(path), settings.n_ctx, settings.n_threads, settings.n_batch)
    with _models_lock:
        if key not in _models:
            _models[key] = Llama(
                model_path=str(path),
                n_ctx=settings.n_ctx,
                n_threads=settings.n_threads,
                n_threads_batch=settings.n_threads,
                n_batch=settings.n_batch,
                verbose=False,
            )
        return _models[key]


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
