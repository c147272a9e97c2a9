"""Read and parse request bodies: JSON (``ExtractRequest``, ``JobRequest``) or ``text/plain`` (the article)."""

from __future__ import annotations

import json
from typing import TypeVar

import anyio
from fastapi import Request
from pydantic import BaseModel, ValidationError

from claimex.schemas.api import ExtractRequest
from claimex.schemas.jobs import JobRequest
from claimex.service.errors import ArticleTooLargeError, InputError, RequestTimeoutError

M = TypeVar("M", bound=BaseModel)


class UnsupportedMediaTypeError(InputError):
    """The body is neither JSON nor plain text."""

    status_code = 415
    error_type = "unsupported_media_type"


async def read_extract_request(request: Request, *, max_chars: int, timeout_s: float = 30.0) -> ExtractRequest:
    """Read the body (refusing more than the limit allows, or slower than ``timeout_s``) and validate it.

    Args:
        request: The incoming request.
        max_chars: The article size limit in characters.
        timeout_s: The whole body must arrive within this time.

    Returns:
        The validated request.

    Raises:
        ArticleTooLargeError: The body or article is over the limit (413).
        UnsupportedMediaTypeError: Neither JSON nor text/plain (415).
        RequestTimeoutError: The body did not arrive within ``timeout_s`` (408).
        InputError: Not UTF-8, malformed JSON, JSON nested too deep or with too long integers, or fields that
            fail validation (422).

    """
    # UTF-8 needs at most 4 bytes a character; JSON escaping can double that. Anything larger cannot fit.
    payload = await _read_payload(request, byte_limit=max_chars * 8 + 16_384, max_chars=max_chars, timeout_s=timeout_s)
    parsed = _validate(ExtractRequest, payload)
    if len(parsed.text) > max_chars:
        raise _too_large(max_chars, len(parsed.text))
    return parsed


async def read_job_request(
    request: Request, *, max_chars: int, max_articles: int, max_bytes: int, timeout_s: float = 30.0
) -> JobRequest:
    """Read a job: ``{"articles": [...]}``, one ``ExtractRequest``, or the article as text/plain.

    Args:
        request: The incoming request.
        max_chars: The size limit of each article in characters.
        max_articles: The most articles one job may hold.
        max_bytes: The largest body accepted.
        timeout_s: The whole body must arrive within this time (408 otherwise).

    Returns:
        The validated job.

    Raises:
        ArticleTooLargeError: The body or an article is over its limit (413).
        UnsupportedMediaTypeError: Neither JSON nor text/plain (415).
        InputError: Not UTF-8, malformed JSON, too many articles or invalid fields (422).

    """
    payload = await _read_payload(request, byte_limit=max_bytes, max_chars=max_chars, timeout_s=timeout_s)
    if isinstance(payload, dict) and "articles" not in payload:
        payload = {"articles": [payload]}
    parsed = _validate(JobRequest, payload)
    if len(parsed.articles) > max_articles:
        raise InputError(
            f"a job holds at most {max_articles} articles (CLAIMEX_MAX_JOB_ARTICLES); this one has "
            f"{len(parsed.articles)}. Split it into several jobs.",
            field="articles",
        )
    for number, article in enumerate(parsed.articles):
        if len(article.text) > max_chars:
            error = _too_large(max_chars, len(article.text))
            error.field = f"articles.{number}.text"
            raise error
    return parsed


async def _read_payload(request: Request, *, byte_limit: int, max_chars: int, timeout_s: float) -> object:
    media_type = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if media_type not in {"application/json", "text/plain"}:
        raise UnsupportedMediaTypeError(
            f"content type {media_type!r} is not accepted; send application/json (an ExtractRequest) "
            "or text/plain (the article itself).",
            field="content-type",
        )
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > byte_limit:
        raise _too_large(max_chars)
    raw = bytearray()
    try:
        with anyio.fail_after(timeout_s):
            async for chunk in request.stream():
                raw.extend(chunk)
                if len(raw) > byte_limit:
                    raise _too_large(max_chars)
    except TimeoutError:
        raise RequestTimeoutError(
            f"the request body did not arrive within {timeout_s:g} s; send it at once (CLAIMEX_BODY_TIMEOUT_S).",
            field="body",
        ) from None
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the body is not UTF-8 text (bad byte at position {exc.start}); send the article as UTF-8.",
            field="body",
        ) from exc
    if media_type == "text/plain":
        return {"text": body}
    try:
        return json.loads(body)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"the body is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno}).", field="body"
        ) from exc
    except RecursionError:
        raise InputError(
            'the JSON body is nested too deeply; send an ExtractRequest ({"text": ...}).', field="body"
        ) from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise InputError(f"the JSON body holds a value Python refuses to read ({exc}).", field="body") from None


def _validate(model: type[M], payload: object) -> M:
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise InputError(f"{where}: {first['msg']}", field=where) from exc


def _too_large(max_chars: int, actual: int | None = None) -> ArticleTooLargeError:
    size = f"{actual} characters" if actual is not None else "a body larger than that allows"
    return ArticleTooLargeError(
        f"the article is over the limit of {max_chars} characters ({size}); split it or raise "
        "CLAIMEX_MAX_ARTICLE_CHARS.",
        field="text",
        limit=max_chars,
    )
