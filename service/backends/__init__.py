"""Backends, picked by name from settings. Heavy libraries are imported only when their backend is made."""

from __future__ import annotations

from claimex.service.backends.base import Backend, Completion
from claimex.service.config import Settings


def create_backend(settings: Settings) -> Backend:
    """Make the backend that ``settings.backend`` names.

    Args:
        settings: Which backend, and its options.

    Returns:
        A ready backend (for ``llama`` the model is loaded).

    Raises:
        ConfigurationError: When the backend cannot be set up; the message says what to install or set.

    """
    from claimex.service.backends.instructed import InstructorBackend

    if settings.backend == "llama":
        from claimex.service.backends.llama_cpp import make_llama_create

        return InstructorBackend(make_llama_create(settings), model_name=settings.model, mode="json_schema")
    if settings.backend == "openai":
        from claimex.service.backends.openai_compat import make_openai_create

        return InstructorBackend(
            make_openai_create(settings),
            model_name=settings.model,
            mode=settings.endpoint_mode,
            parallel_calls=settings.concurrency,
        )
    from claimex.service.backends.fake import FakeChat

    # The fake's "model" is CPU work under the GIL: more parallel calls only make threads contend with the
    # event loop (slower /healthz under load), so two suffice to exercise the parallel path.
    return InstructorBackend(FakeChat(keep=16).create, model_name="fake", mode="json_schema", parallel_calls=2)


__all__ = ["Backend", "Completion", "create_backend"]
