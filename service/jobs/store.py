"""The job store: jobs and their articles in SQLite (default) or PostgreSQL, written so a re-run cannot duplicate.

Every article is a row keyed by (job id, index). Execution is at-least-once (a crashed worker's article runs again);
the result write is conditional on the row not being finished yet, so whichever run finishes first is the only
result, and a late duplicate changes nothing.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimex.schemas.api import ErrorDetail, ExtractResponse
from claimex.schemas.jobs import JobArticle
from claimex.service.jobs.sql import Database, is_integrity_error

TERMINAL = ("done", "failed", "cancelled")

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS claimex_jobs (
        id TEXT PRIMARY KEY,
        idempotency_key TEXT UNIQUE,
        cancelled INTEGER NOT NULL DEFAULT 0,
        total INTEGER NOT NULL,
        created_at DOUBLE PRECISION NOT NULL,
        updated_at DOUBLE PRECISION NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS claimex_job_items (
        job_id TEXT NOT NULL REFERENCES claimex_jobs(id),
        idx INTEGER NOT NULL,
        article_id TEXT,
        text TEXT NOT NULL,
        source TEXT,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        dispatched INTEGER NOT NULL DEFAULT 0,
        result TEXT,
        error TEXT,
        claims INTEGER NOT NULL DEFAULT 0,
        ran_by TEXT,
        updated_at DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (job_id, idx))""",
    "CREATE INDEX IF NOT EXISTS claimex_job_items_status ON claimex_job_items (status, dispatched)",
)


@dataclass(frozen=True)
class ItemRow:
    """One article as stored."""

    job_id: str
    index: int
    article_id: str | None
    text: str
    source: dict[str, Any] | None
    status: str
    attempts: int
    response: ExtractResponse | None
    error: ErrorDetail | None
    claims: int
    ran_by: str | None = None


@dataclass(frozen=True)
class JobRow:
    """One job as stored, with its articles."""

    id: str
    cancelled: bool
    created_at: float
    updated_at: float
    items: list[ItemRow]


class JobStore:
    """Jobs in SQLite (a file path) or PostgreSQL (a ``postgresql://`` URL); safe to share across threads.

    Args:
        target: A ``postgresql://`` URL or a SQLite file path.

    """

    def __init__(self, target: str | Path) -> None:
        self._db = Database(target)
        self.target = self._db.target
        self.is_postgres = self._db.is_postgres
        self._tx = self._db.transaction
        with self._tx() as cur:
            if self.is_postgres:
                # Two processes creating the tables at once would race; serialise them.
                cur.execute("SELECT pg_advisory_xact_lock(?)", (7_215_001,))
            for statement in _SCHEMA:
                cur.execute(statement)

    def create_job(self, articles: Sequence[JobArticle], idempotency_key: str | None = None) -> tuple[str, bool]:
        """Store a new job, or find the one already stored under ``idempotency_key``.

        Args:
            articles: The job's articles.
            idempotency_key: The client's key; a second job with the same key is not created.

        Returns:
            The job id and whether it was created now (False: an existing job for the key).

        """
        if idempotency_key and (existing := self._job_for_key(idempotency_key)):
            return existing, False
        job_id = uuid.uuid4().hex
        now = time.time()
        try:
            with self._tx() as cur:
                cur.execute(
                    "INSERT INTO claimex_jobs (id, idempotency_key, total, created_at, updated_at) VALUES (?,?,?,?,?)",
                    (job_id, idempotency_key, len(articles), now, now),
                )
                cur.executemany(
                    "INSERT INTO claimex_job_items (job_id, idx, article_id, text, source, status, updated_at) "
                    "VALUES (?,?,?,?,?,'queued',?)",
                    [
                        (job_id, i, a.id, a.text, a.source.model_dump_json() if a.source else None, now)
                        for i, a in enumerate(articles)
                    ],
                )
        except Exception as exc:
            # A concurrent request with the same key won the insert: answer with its job.
            if idempotency_key and is_integrity_error(exc):
                existing = self._job_for_key(idempotency_key)
                if existing:
                    return existing, False
            raise
        return job_id, True

    def _job_for_key(self, key: str) -> str | None:
        with self._tx() as cur:
            rows = cur.fetch("SELECT id FROM claimex_jobs WHERE idempotency_key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def get_job(self, job_id: str) -> JobRow | None:
        """The job and its articles, or None."""
        with self._tx() as cur:
            jobs = cur.fetch("SELECT id, cancelled, created_at, updated_at FROM claimex_jobs WHERE id = ?", (job_id,))
            if not jobs:
                return None
            rows = cur.fetch(
                "SELECT job_id, idx, article_id, text, source, status, attempts, result, error, claims, ran_by "
                "FROM claimex_job_items WHERE job_id = ? ORDER BY idx",
                (job_id,),
            )
        job = jobs[0]
        return JobRow(str(job[0]), bool(job[1]), float(job[2]), float(job[3]), [_item(r) for r in rows])

    def item(self, job_id: str, index: int) -> ItemRow | None:
        """One article, or None."""
        with self._tx() as cur:
            rows = cur.fetch(
                "SELECT job_id, idx, article_id, text, source, status, attempts, result, error, claims, ran_by "
                "FROM claimex_job_items WHERE job_id = ? AND idx = ?",
                (job_id, index),
            )
        return _item(rows[0]) if rows else None

    def start_item(self, job_id: str, index: int, runner: str = "") -> ItemRow | None:
        """Mark an article running (counting the attempt) unless it is finished or cancelled.

        Args:
            job_id: The job.
            index: The article's position.
            runner: Who runs it (host:pid), shown in the job's items.

        Returns:
            The article to run, or None when there is nothing to do.

        """
        with self._tx() as cur:
            changed = cur.execute(
                "UPDATE claimex_job_items SET status = 'running', attempts = attempts + 1, ran_by = ?, updated_at = ? "
                "WHERE job_id = ? AND idx = ? AND status IN ('queued', 'running')",
                (runner, time.time(), job_id, index),
            )
        return self.item(job_id, index) if changed else None

    def finish_item(
        self, job_id: str, index: int, response: ExtractResponse | None = None, error: ErrorDetail | None = None
    ) -> bool:
        """Write an article's response or error, once: a finished or cancelled article is left as it is.

        Returns:
            Whether this call wrote the result (False for a duplicate run or a cancelled article).

        """
        now = time.time()
        with self._tx() as cur:
            changed = cur.execute(
                "UPDATE claimex_job_items SET status = ?, result = ?, error = ?, claims = ?, updated_at = ? "
                "WHERE job_id = ? AND idx = ? AND status IN ('queued', 'running')",
                (
                    "done" if response is not None else "failed",
                    response.model_dump_json() if response is not None else None,
                    error.model_dump_json() if error is not None else None,
                    len(response.claims) if response is not None else 0,
                    now,
                    job_id,
                    index,
                ),
            )
            cur.execute("UPDATE claimex_jobs SET updated_at = ? WHERE id = ?", (now, job_id))
        return bool(changed)

    def cancel(self, job_id: str) -> bool:
        """Cancel a job: articles not finished yet will not be run (a running one's late result is discarded).

        Returns:
            Whether the job exists.

        """
        now = time.time()
        with self._tx() as cur:
            found = cur.execute("UPDATE claimex_jobs SET cancelled = 1, updated_at = ? WHERE id = ?", (now, job_id))
            cur.execute(
                "UPDATE claimex_job_items SET status = 'cancelled', updated_at = ? "
                "WHERE job_id = ? AND status IN ('queued', 'running')",
                (now, job_id),
            )
        return bool(found)

    def requeue_running(self) -> int:
        """Put every running article back in the queue (only safe when no worker of this store is alive).

        Returns:
            How many were requeued.

        """
        with self._tx() as cur:
            return cur.execute("UPDATE claimex_job_items SET status = 'queued' WHERE status = 'running'", ())

    def unfinished(self, *, undispatched_only: bool = False, limit: int = 10_000) -> list[tuple[str, int]]:
        """(job id, index) of articles still to run, oldest first.

        Args:
            undispatched_only: Only those not yet handed to the queue engine.
            limit: At most this many.

        """
        extra = " AND dispatched = 0" if undispatched_only else ""
        with self._tx() as cur:
            rows = cur.fetch(
                f"SELECT job_id, idx FROM claimex_job_items WHERE status IN ('queued', 'running'){extra} "
                "ORDER BY updated_at, job_id, idx LIMIT ?",
                (limit,),
            )
        return [(str(r[0]), int(r[1])) for r in rows]

    def mark_dispatched(self, keys: Sequence[tuple[str, int]]) -> None:
        """Record that these articles were handed to the queue engine."""
        with self._tx() as cur:
            cur.executemany("UPDATE claimex_job_items SET dispatched = 1 WHERE job_id = ? AND idx = ?", list(keys))

    def undispatch_orphans(self) -> int:
        """PostgreSQL: mark unfinished articles that have no live procrastinate job as undispatched again.

        Covers a defer lost between two writes and a procrastinate job that failed (its worker could not write
        to the store): the next sweep defers them again, so no accepted article is stranded.

        Returns:
            How many articles were released.

        """
        if not self.is_postgres:
            return 0
        with self._tx() as cur:
            return cur.execute(
                "UPDATE claimex_job_items AS i SET dispatched = 0 "
                "WHERE i.status IN ('queued', 'running') AND i.dispatched = 1 AND NOT EXISTS ("
                "  SELECT 1 FROM procrastinate_jobs AS j WHERE j.status IN ('todo', 'doing') "
                "  AND j.args ->> 'job_id' = i.job_id AND (j.args ->> 'index')::int = i.idx)",
                (),
            )

    def queue_depth(self) -> int:
        """Articles waiting to be run."""
        with self._tx() as cur:
            return int(cur.fetch("SELECT COUNT(*) FROM claimex_job_items WHERE status = 'queued'", ())[0][0])


def _item(row: Sequence[Any]) -> ItemRow:
    return ItemRow(
        job_id=str(row[0]),
        index=int(row[1]),
        article_id=row[2],
        text=row[3],
        source=json.loads(row[4]) if row[4] else None,
        status=row[5],
        attempts=int(row[6]),
        response=ExtractResponse.model_validate_json(row[7]) if row[7] else None,
        error=ErrorDetail.model_validate_json(row[8]) if row[8] else None,
        claims=int(row[9]),
        ran_by=row[10],
    )
