"""Logging: one JSON object a line, each carrying the request or job it belongs to."""

from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime

request_id: ContextVar[str | None] = ContextVar("claimex_request_id", default=None)
job_id: ContextVar[str | None] = ContextVar("claimex_job_id", default=None)

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName", "color_message"}


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON line: time, level, logger, message, ids, and any ``extra`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        """Render ``record`` as JSON."""
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "job_id": getattr(record, "job_id", None),
        }
        line.update({k: v for k, v in vars(record).items() if k not in _STANDARD and k not in line})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


class ContextFilter(logging.Filter):
    """Stamp every record with the current request and job ids (None outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Add ``request_id`` and ``job_id`` to ``record``; never drops it."""
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id.get()
        if getattr(record, "job_id", None) is None:
            record.job_id = job_id.get()
        return True


def configure_logging(fmt: str = "json", level: str = "INFO") -> None:
    """Send every logger (uvicorn's and procrastinate's too) to stderr in one format.

    Args:
        fmt: ``json`` or ``text``.
        level: Root level name.

    """
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(ContextFilter())
    handler.setFormatter(
        JsonFormatter()
        if fmt == "json"
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s [req=%(request_id)s job=%(job_id)s] %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "procrastinate"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
        logger.setLevel(logging.NOTSET)
    # procrastinate's debug chatter is not ours to show at INFO.
    logging.getLogger("procrastinate").setLevel(max(logging.WARNING, root.level))
