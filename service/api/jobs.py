"""Thin job routes: submit (202), look (status, progress, results), cancel."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from claimex.schemas.jobs import JobAccepted, JobItem, JobProgress, JobRequest, JobStatus, JobView
from claimex.service import metrics
from claimex.service.api.body import read_job_request
from claimex.service.api.deps import get_jobs, get_settings, require_api_key
from claimex.service.api.routes import ARTICLE_SCHEMA, ERRORS, request_schema
from claimex.service.errors import InputError, JobNotFoundError
from claimex.service.jobs.runtime import JobRuntime
from claimex.service.jobs.store import TERMINAL, JobRow
from claimex.service.logs import job_id as job_id_var

router = APIRouter(prefix="/v1/jobs", dependencies=[Depends(require_api_key)], tags=["jobs"])
_JOB_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "anyOf": [
                        request_schema(JobRequest),
                        ARTICLE_SCHEMA,
                    ]
                }
            },
            "text/plain": {"schema": {"type": "string", "minLength": 1}},
        },
    }
}


_JOB_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: ERRORS[401],
    404: ERRORS[422] | {"description": "No such job."},
    503: ERRORS[503] | {"description": "The job store is unavailable."},
}
_SUBMIT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": JobAccepted, "description": "The job already stored under this Idempotency-Key."},
    **{k: v for k, v in ERRORS.items() if k not in (429, 502, 504)},
}


@router.post(
    "",
    status_code=202,
    response_model=JobAccepted,
    summary="Submit one article or a list; answers at once with where to look",
    responses=_SUBMIT_RESPONSES,
    openapi_extra=_JOB_BODY,
)
async def submit_job(request: Request, jobs: JobRuntime = Depends(get_jobs)) -> Any:
    """Store the job (it survives restarts) and queue its articles; ``Idempotency-Key`` makes retries safe."""
    settings = get_settings(request)
    key = request.headers.get("idempotency-key")
    if key is not None and not 0 < len(key) <= 200:
        raise InputError("Idempotency-Key must be 1 to 200 characters.", field="Idempotency-Key")
    body = await read_job_request(
        request,
        max_chars=settings.max_article_chars,
        max_articles=settings.max_job_articles,
        max_bytes=settings.max_job_bytes,
    )
    job_id, created = await asyncio.to_thread(jobs.store.create_job, body.articles, key)
    job_id_var.set(job_id)
    metrics.JOBS.labels("created" if created else "replayed").inc()
    if created:
        await jobs.submit(job_id, len(body.articles))
    url = str(request.url_for("get_job", job_id=job_id))
    status = _status(await _load(jobs, job_id))
    return JSONResponse(
        status_code=202 if created else 200,
        content=JobAccepted(id=job_id, status=status, status_url=url).model_dump(),
        headers={"Location": url},
    )


@router.get(
    "/{job_id}",
    response_model=JobView,
    summary="Status, progress and per-article results",
    responses=_JOB_RESPONSES,
)
async def get_job(job_id: str, jobs: JobRuntime = Depends(get_jobs)) -> JobView:
    """Everything known about the job; finished articles carry their ``ExtractResponse`` or error."""
    return _view(await _load(jobs, job_id))


@router.delete(
    "/{job_id}",
    response_model=JobView,
    summary="Cancel a job",
    responses=_JOB_RESPONSES,
)
async def cancel_job(job_id: str, jobs: JobRuntime = Depends(get_jobs)) -> JobView:
    """Articles not finished yet are not run; finished ones keep their results."""
    if not await asyncio.to_thread(jobs.store.cancel, job_id):
        raise JobNotFoundError(f"no job {job_id!r}; it was never created here.")
    return _view(await _load(jobs, job_id))


async def _load(jobs: JobRuntime, job_id: str) -> JobRow:
    job = await asyncio.to_thread(jobs.store.get_job, job_id)
    if job is None:
        raise JobNotFoundError(f"no job {job_id!r}; it was never created here.")
    return job


def _status(job: JobRow) -> JobStatus:
    states = [item.status for item in job.items]
    if job.cancelled and "cancelled" in states:  # cancelling a finished job changes nothing
        return "cancelled"
    if all(s in TERMINAL for s in states):
        return "done" if "done" in states else "failed"
    return "queued" if all(s == "queued" for s in states) else "running"


def _view(job: JobRow) -> JobView:
    def count(status: str) -> int:
        return sum(1 for item in job.items if item.status == status)

    return JobView(
        id=job.id,
        status=_status(job),
        created_at=datetime.fromtimestamp(job.created_at, UTC),
        updated_at=datetime.fromtimestamp(job.updated_at, UTC),
        progress=JobProgress(
            total=len(job.items), done=count("done"), failed=count("failed"), cancelled=count("cancelled")
        ),
        claims_found=sum(item.claims for item in job.items),
        items=[
            JobItem(
                index=item.index,
                id=item.article_id,
                status=item.status,  # type: ignore[arg-type]
                attempts=item.attempts,
                worker=item.ran_by,
                response=item.response,
                error=item.error,
            )
            for item in job.items
        ],
    )
