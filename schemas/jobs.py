"""Bodies of the jobs API: what a job holds, how far it got, and each article's response or error."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from claimex.schemas.api import ErrorDetail, ExtractRequest, ExtractResponse

JobStatus = Literal["queued", "running", "done", "failed", "cancelled"]
ItemStatus = Literal["queued", "running", "done", "failed", "cancelled"]


class JobArticle(ExtractRequest):
    """One article of a job, with the caller's own id for it (echoed in results)."""

    id: str | None = Field(default=None, max_length=200, description="The caller's id for this article.")


class JobRequest(BaseModel):
    """A job: one article or a list. ``POST /v1/jobs`` also accepts a single ``ExtractRequest`` or text/plain."""

    model_config = ConfigDict(extra="forbid")

    articles: list[JobArticle] = Field(min_length=1, description="The articles, run in any order.")


class JobProgress(BaseModel):
    """How far a job got."""

    total: int
    done: int = Field(description="Articles finished with a response.")
    failed: int = Field(description="Articles finished with an error.")
    cancelled: int = 0


class JobItem(BaseModel):
    """One article's state and, once finished, its response or error."""

    index: int
    id: str | None = None
    status: ItemStatus
    attempts: int = Field(description="Times a worker started this article (more than 1 after a crash).")
    worker: str | None = Field(default=None, description="host:pid of the worker that last started it.")
    response: ExtractResponse | None = None
    error: ErrorDetail | None = None


class JobAccepted(BaseModel):
    """The answer to ``POST /v1/jobs``: where to look."""

    id: str
    status: JobStatus
    status_url: str


class JobView(BaseModel):
    """The answer to ``GET /v1/jobs/{id}``."""

    id: str
    status: JobStatus = Field(
        description="queued (nothing started), running, done (all finished, at least one with a response), "
        "failed (all finished with errors), cancelled."
    )
    created_at: datetime
    updated_at: datetime
    progress: JobProgress
    claims_found: int = Field(description="Claims in the responses so far.")
    items: list[JobItem]
