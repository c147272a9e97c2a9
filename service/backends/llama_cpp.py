"""The embedded model: llama.cpp in-process, one instance per process, calls serialised by a lock."""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from typing import Any

from claimex.service.backends.model_files import ensure_model_file
from claimex.service.config import Settings
from claimex.service.errors import ConfigurationError

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


def make_llama_create(settings: Settings) -> Callable[..., Any]:
    """Build an OpenAI-style ``create`` over the embedded model, for instructor to wrap.

    Args:
        settings: Model and generation settings.

    Returns:
        A thread-safe function taking chat-completion keyword arguments.

    """
    llm = load_llama(settings)
    call_lock = threading.Lock()

    def create(**kwargs: Any) -> Any:
        kwargs.pop("model", None)
        kwargs.pop("timeout", None)
        kwargs["response_format"] = _llama_response_format(kwargs.get("response_format"), settings.grammar)
        kwargs.setdefault("temperature", 0.0)
        kwargs.setdefault("max_tokens", settings.max_tokens)
        with call_lock:
            return llm.create_chat_completion_openai_v1(**kwargs)

    return create


def _llama_response_format(requested: Any, grammar: bool) -> dict[str, Any] | None:
    """Translate instructor's ``json_schema`` request into llama-cpp-python's ``json_object`` + schema."""
    if not grammar or not isinstance(requested, dict):
        return None
    if requested.get("type") == "json_schema":
        return {"type": "json_object", "schema": requested["json_schema"]["schema"]}
    return dict(requested)
