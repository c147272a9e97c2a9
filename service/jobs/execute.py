"""Run one article of a job: start it, extract, write the result once. Shared by every kind of worker."""

from __future__ import annotations

import logging
import os
import socket
import time

from claimex.schemas.api import ErrorDetail, ExtractResponse
from claimex.service import metrics
from claimex.service.deadline import Deadline
from claimex.service.errors import ClaimexError, InputError
from claimex.service.jobs.store import JobStore
from claimex.service.logs import job_id as job_id_var
from claimex.service.pipeline import Extractor

log = logging.getLogger("claimex.jobs")
RUNNER = f"{socket.gethostname()}:{os.getpid()}"


def extract_counted(
    extractor: Extractor, text: str, outlet: str | None = None, *, deadline: Deadline | None = None
) -> ExtractResponse:
    """``extractor.extract`` with its outcome, time, model calls, tokens and cache hit counted in the metrics.

    Raises:
        ClaimexError: Whatever the extraction raised (counted by its type).

    """
    began = time.perf_counter()
    try:
        response = extractor.extract(text, outlet=outlet, deadline=deadline)
    except ClaimexError as exc:
        metrics.record_extraction(None, time.perf_counter() - began, exc.error_type)
        raise
    except Exception:
        metrics.record_extraction(None, time.perf_counter() - began, "internal_error")
        raise
    metrics.record_extraction(response, time.perf_counter() - began)
    return response


def error_detail(exc: BaseException) -> ErrorDetail:
    """The documented error shape for an exception raised while running an article."""
    if isinstance(exc, ClaimexError):
        return ErrorDetail(
            type=exc.error_type, message=exc.message, field=exc.field if isinstance(exc, InputError) else None
        )
    return ErrorDetail(type="internal_error", message=f"an unexpected {type(exc).__name__}: {exc}"[:2000])


def run_item(store: JobStore, extractor: Extractor, job_id: str, index: int) -> str:
    """Run one article unless it is already finished or cancelled.

    Args:
        store: The job store.
        extractor: The ready pipeline.
        job_id: The job.
        index: The article's position in the job.

    Returns:
        ``done``, ``failed``, ``skipped`` (nothing to do) or ``duplicate`` (another run wrote the result first).

    """
    token = job_id_var.set(job_id)
    try:
        item = store.start_item(job_id, index, RUNNER)
        if item is None:
            return "skipped"
        log.info("article started", extra={"index": index, "attempt": item.attempts})
        outlet = (item.source or {}).get("outlet")
        try:
            response: ExtractResponse | None = extract_counted(extractor, item.text, outlet)
            error = None
        except Exception as exc:  # every failure becomes the article's error record, never a lost article
            response, error = None, error_detail(exc)
            log.warning("article failed: %s", error.message, extra={"index": index, "error_type": error.type})
        outcome = "done" if response is not None else "failed"
        if not store.finish_item(job_id, index, response, error):
            outcome = "duplicate"
        metrics.ARTICLES.labels(outcome).inc()
        log.info("article finished", extra={"index": index, "outcome": outcome})
        return outcome
    finally:
        job_id_var.reset(token)
