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

        create, name, mode, parallel = make_llama_create(settings), settings.model, "json_schema", 1
    elif settings.backend == "openai":
        from claimex.service.backends.openai_compat import make_openai_create

        create, name, mode, parallel = (
            make_openai_create(settings),
            settings.model,
            settings.endpoint_mode,
            settings.concurrency,
        )
    else:
        from claimex.service.backends.fake import FakeChat

        # The fake's "model" is CPU work under the GIL: more parallel calls only make threads contend with the
        # event loop (slower /healthz under load), so two suffice to exercise the parallel path.
        fake = FakeChat(delay_s=settings.fake_delay_s, keep=16)
        create, name, mode, parallel = fake.create, "fake", "json_schema", 2
    if settings.answer_cache is not None:
        from claimex.service.backends.answer_cache import AnswerCache

        # Speculative decoding checks guesses in batches, whose arithmetic can tip a near-tie the other way:
        # its answers are kept apart from plain decoding's.
        lookup = (
            f" +prompt-lookup {settings.draft_tokens}" if settings.backend == "llama" and settings.draft_tokens else ""
        )
        create = AnswerCache(settings.answer_cache).wrap(create, name + lookup)
    return InstructorBackend(create, model_name=name, mode=mode, parallel_calls=parallel)


__all__ = ["Backend", "Completion", "create_backend"]
