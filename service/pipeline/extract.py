"""The pipeline's entry point: article text in, ``ExtractResponse`` out. Usable without FastAPI."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict

from claimex.prompts import load_prompt, parse_ref
from claimex.schemas.api import ExtractResponse, Timings, Usage
from claimex.service.backends.base import Backend
from claimex.service.config import Settings
from claimex.service.deadline import Deadline
from claimex.service.errors import ArticleTooLargeError, DeadlineExceededError, InputError
from claimex.service.pipeline.assemble import assemble_claims
from claimex.service.pipeline.candidates import find_candidates
from claimex.service.pipeline.chunking import chunk_paragraphs
from claimex.service.pipeline.drafting import draft_candidates
from claimex.service.pipeline.propositions import split_propositions
from claimex.service.pipeline.segment import segment_article
from claimex.service.pipeline.sources import attribute_sentences
from claimex.service.pipeline.whole import draft_whole


class Extractor:
    """Runs the pipeline with one backend; remembers results by content hash.

    Args:
        backend: The model seam.
        settings: Mode, prompts, limits and cache size.

    """

    def __init__(self, backend: Backend, settings: Settings) -> None:
        self.backend = backend
        self.settings = settings
        self.template = load_prompt(*parse_ref(settings.whole_prompt if settings.mode == "whole" else settings.prompt))
        self._cache: OrderedDict[str, ExtractResponse] = OrderedDict()
        self._cache_lock = threading.Lock()

    @property
    def prompt_version(self) -> str:
        """The prompt used, as ``name@version``."""
        return self.template.ref

    def extract(
        self, text: str, *, outlet: str | None = None, use_cache: bool = True, deadline: Deadline | None = None
    ) -> ExtractResponse:
        """Extract the claims of one article.

        Args:
            text: The article.
            outlet: The publication that ran the article (``source.outlet``); claims that reached the article
                through no other outlet get it as ``source_outlet``.
            use_cache: Return a remembered result for identical text, outlet, model and prompt.
            deadline: When the work must stop (default: ``deadline_s`` from now). The HTTP service starts it
                when the request arrives, so time spent queueing counts.

        Returns:
            The claims with model, prompt version, usage and timings. ``partial`` is true when the deadline
            or the cap on model calls left part of the article unread (a warning says which).

        Raises:
            InputError: Empty text, or text that is not valid Unicode. ArticleTooLargeError: over
                ``max_article_chars``.
            DeadlineExceededError: The deadline passed before any claim was found.
            ClaimexRuntimeError: The backend failed (see ``service.errors``).

        """
        began = time.perf_counter()
        deadline = deadline if deadline is not None else Deadline(self.settings.deadline_s)
        if not text.strip():
            raise InputError("the article is empty; send its text.", field="text")
        _require_encodable(text)
        if len(text) > self.settings.max_article_chars:
            raise ArticleTooLargeError(
                f"the article has {len(text)} characters; the limit is {self.settings.max_article_chars} "
                "(CLAIMEX_MAX_ARTICLE_CHARS). Split it or raise the limit.",
                field="text",
            )
        outlet = outlet.strip() if outlet and outlet.strip() else None
        key = self._cache_key(text, outlet)
        if use_cache and (hit := self._cached(key)) is not None:
            return hit.model_copy(update={"cached": True, "timings": Timings(total_ms=_ms_since(began))})
        deadline.check("the extraction")  # it may have waited in the queue until too late
        sentences = segment_article(text)
        chunks = chunk_paragraphs(sentences, text, self.settings.chunk_chars)
        deadline.check("the extraction")
        limit = self.settings.max_llm_calls
        parse_warnings: list[str] = []
        if self.settings.mode == "whole":
            run = draft_whole(
                self.backend,
                self.template,
                text,
                sentences,
                chunks,
                max_retries=self.settings.max_retries,
                deadline=deadline,
                max_calls=limit,
            )
        else:
            sources = attribute_sentences(text, sentences, max_parse_chars=self.settings.max_parse_chars)
            deadline.check("the extraction")
            if sources.unparsed_from is not None:
                parse_warnings.append(
                    f"only the first {self.settings.max_parse_chars} characters were parsed "
                    f"(CLAIMEX_MAX_PARSE_CHARS): claims after offset {sources.unparsed_from} are not extracted."
                )
            run = draft_candidates(
                self.backend,
                self.template,
                text,
                find_candidates(sentences, sources, include_epistemic=self.settings.epistemic_candidates),
                chunks,
                max_retries=self.settings.max_retries,
                deadline=deadline,
                max_calls=limit,
                rule_clauses=self.settings.rule_clauses,
                rule_unquoted=self.settings.rule_unquoted,
            )
        claims, dropped = assemble_claims(split_propositions(run.drafts), text, sentences)
        if run.timed_out and not claims:
            deadline.check("the extraction")  # the usual message when the request's own deadline passed
            raise DeadlineExceededError(
                "the model did not answer in time and no claim was found; raise CLAIMEX_REQUEST_TIMEOUT_S "
                "or CLAIMEX_DEADLINE_S, or send less text.",
                deadline_s=deadline.seconds,
            )
        if outlet is not None:
            # No intermediary named: the claim reached the reader through the article's own outlet.
            claims = [c if c.source_outlet else c.model_copy(update={"source_outlet": outlet}) for c in claims]
        response = ExtractResponse(
            claims=claims,
            model=self.backend.model_name,
            prompt_version=self.prompt_version,
            mode=self.settings.mode,
            usage=Usage(
                prompt_tokens=run.prompt_tokens,
                completion_tokens=run.completion_tokens,
                llm_calls=run.calls,
                rule_units=run.rule_units,
            ),
            timings=Timings(total_ms=_ms_since(began), llm_ms=round(run.llm_seconds * 1000, 1)),
            warnings=parse_warnings + run.warnings + dropped,
            partial=run.partial,
        )
        if self.settings.result_cache_size and not response.partial:
            self._remember(key, response)
        return response

    def _cache_key(self, text: str, outlet: str | None) -> str:
        material = "\x1f".join([text, outlet or "", self.backend.model_name, self.prompt_version, self.settings.mode])
        return hashlib.sha256(material.encode("utf-8")).hexdigest()

    def _cached(self, key: str) -> ExtractResponse | None:
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
            return hit

    def _remember(self, key: str, response: ExtractResponse) -> None:
        with self._cache_lock:
            self._cache[key] = response
            while len(self._cache) > self.settings.result_cache_size:
                self._cache.popitem(last=False)


def _require_encodable(text: str) -> None:
    """Refuse text with unpaired surrogates (bytes that were not UTF-8, or a JSON escape of half a pair)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            f"the article is not valid Unicode (an unpaired surrogate at character {exc.start}); it was probably "
            "decoded from bytes that are not UTF-8. Send the article as UTF-8 text.",
            field="text",
        ) from None


def _ms_since(began: float) -> float:
    return round((time.perf_counter() - began) * 1000, 1)
