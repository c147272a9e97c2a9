"""``claimex batch``: many articles in, one JSON line per article out, with a progress bar, resumable.

Every output line is written whole and flushed, so an interrupted run leaves a valid file and ``--resume`` skips
the ids already in it. Locally the articles run in this process's threads; with ``CLAIMEX_DATABASE_URL`` set
they become one job in the shared store and run on every ``claimex worker`` (the same engine as the service).
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from claimex.schemas.api import ErrorDetail, ExtractResponse
from claimex.schemas.jobs import JobArticle
from claimex.service import metrics
from claimex.service.config import Settings
from claimex.service.errors import InputError
from claimex.service.jobs.execute import error_detail, extract_counted


@dataclass(frozen=True)
class Record:
    """One input article, or the error that made it unreadable."""

    id: str
    article: JobArticle | None = None
    error: ErrorDetail | None = None


def read_records(source: str, stdin: IO[bytes] | None = None) -> Iterator[Record]:
    """Read a JSONL file of ``{"id", "text", "source"?}``, a directory of ``.txt`` files, or ``-`` (JSONL on stdin).

    Bad lines become error records (id ``line-N`` when the line names none); they never stop the run.

    Raises:
        InputError: ``source`` does not exist.

    """
    if source != "-" and Path(source).is_dir():
        for path in sorted(Path(source).glob("*.txt")):
            try:
                yield Record(path.stem, article=JobArticle(id=path.stem, text=path.read_text(encoding="utf-8")))
            except (UnicodeDecodeError, ValidationError) as exc:
                yield Record(path.stem, error=_bad(f"{path.name}: {_reason(exc)}", "text"))
        return
    if source != "-" and not Path(source).is_file():
        raise InputError(f"no such file or directory: {source}", field="IN")
    seen: set[str] = set()
    if source == "-":
        yield from _parse_lines(stdin or sys.stdin.buffer, seen)
        return
    with Path(source).open("rb") as handle:
        yield from _parse_lines(handle, seen)


def _parse_lines(handle: IO[bytes], seen: set[str]) -> Iterator[Record]:
    for number, raw in enumerate(handle, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield Record(f"line-{number}", error=_bad(f"line {number} is not UTF-8 text", "line"))
            continue
        if line.strip():
            yield _parse_line(line, number, seen)


def _parse_line(line: str, number: int, seen: set[str]) -> Record:
    fallback = f"line-{number}"
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return Record(fallback, error=_bad(f"line {number} is not JSON ({exc.msg})", "line"))
    if not isinstance(data, dict):
        return Record(fallback, error=_bad(f"line {number} is not a JSON object", "line"))
    record_id = str(data["id"]) if data.get("id") not in (None, "") else fallback
    if record_id in seen:
        return Record(f"{record_id}#line-{number}", error=_bad(f"line {number} repeats id {record_id!r}", "id"))
    seen.add(record_id)
    try:
        return Record(record_id, article=JobArticle.model_validate({**data, "id": record_id}))
    except ValidationError as exc:
        return Record(record_id, error=_bad(f"line {number}: {_reason(exc)}", str(exc.errors()[0]["loc"][0])))


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        return f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
    return "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else str(exc)


def _bad(message: str, field: str) -> ErrorDetail:
    return ErrorDetail(type="invalid_input", message=message, field=field)


def done_ids(out: Path) -> set[str]:
    """Ids already written to ``out``; a torn last line (a hard kill mid-write) is cut off so the file stays valid."""
    if not out.exists():
        return set()
    raw = out.read_bytes()
    if raw and not raw.endswith(b"\n"):
        raw = raw[: raw.rfind(b"\n") + 1]
        out.write_bytes(raw)
    ids = set()
    for line in raw.decode("utf-8").splitlines():
        try:
            ids.add(str(json.loads(line)["id"]))
        except (json.JSONDecodeError, KeyError, TypeError):
            continue
    return ids


class Writer:
    """Append one whole, flushed JSON line per article."""

    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle
        self.written = 0

    def write(self, record_id: str, response: ExtractResponse | None = None, error: ErrorDetail | None = None) -> None:
        """Write ``{"id", "response"}`` or ``{"id", "error"}`` as one line."""
        line: dict[str, Any] = {"id": record_id}
        if response is not None:
            line["response"] = response.model_dump(mode="json")
        else:
            line["error"] = (error or _bad("no result", "id")).model_dump()
        self._handle.write(json.dumps(line, ensure_ascii=False) + "\n")
        self._handle.flush()
        self.written += 1
        metrics.ARTICLES.labels("done" if response is not None else "failed").inc()


def run_local(records: list[Record], writer: Writer, settings: Settings, progress: Any) -> None:
    """Run the articles in this process's threads, writing each line as its article finishes."""
    from claimex.service.backends import create_backend
    from claimex.service.jobs.runtime import worker_threads
    from claimex.service.pipeline import Extractor

    extractor = Extractor(create_backend(settings), settings)
    threads = worker_threads(settings, extractor)
    pending = iter(records)
    running: dict[Future[ExtractResponse], Record] = {}
    with ThreadPoolExecutor(threads, thread_name_prefix="claimex-batch") as pool:
        try:
            while True:
                # A small window keeps memory flat on huge inputs and lets ctrl-C stop quickly.
                while len(running) < threads * 2 and (record := next(pending, None)) is not None:
                    assert record.article is not None
                    outlet = record.article.source.outlet if record.article.source else None
                    running[pool.submit(extract_counted, extractor, record.article.text, outlet)] = record
                if not running:
                    return
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    record = running.pop(future)
                    try:
                        writer.write(record.id, response=future.result())
                    except Exception as exc:
                        writer.write(record.id, error=error_detail(exc))
                    progress.update(1)
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def run_on_workers(
    articles: list[JobArticle], wanted: set[str], writer: Writer, settings: Settings, progress: Any
) -> None:
    """Submit the articles as one job to the shared store and write results as ``claimex worker``s finish them.

    The job's idempotency key is the hash of the whole input, so ``--resume`` re-attaches to the same job
    (finished articles are not run again) and only the ``wanted`` ids are written.
    """
    from claimex.service.jobs.runtime import open_store

    store = open_store(settings)
    digest = hashlib.sha256()
    for article in articles:
        digest.update(article.model_dump_json().encode())
    job_id, _ = store.create_job(articles, idempotency_key=f"batch:{digest.hexdigest()}")
    written: set[str] = set()
    while len(written) < len(wanted):
        job = store.get_job(job_id)
        assert job is not None
        for item in job.items:
            key = str(item.article_id)
            if key in wanted and key not in written and item.status in ("done", "failed", "cancelled"):
                error = item.error or (
                    ErrorDetail(type="cancelled", message="the job was cancelled")
                    if item.status == "cancelled"
                    else None
                )
                writer.write(key, response=item.response, error=error)
                written.add(key)
                progress.update(1)
        if len(written) < len(wanted):
            time.sleep(0.5)


def run_batch(source: str, out: Path | None, *, resume: bool, settings: Settings, workers: bool) -> int:
    """Run ``claimex batch``: read, skip what ``out`` has (``resume``), run the rest, one line each.

    Args:
        source: JSONL path, directory of .txt, or ``-``.
        out: Output JSONL (None: standard output).
        resume: Keep ``out`` and skip its ids (otherwise ``out`` is overwritten).
        settings: Model and store settings.
        workers: Run on the shared store's workers (needs ``database_url``) instead of in this process.

    Returns:
        The number of lines written by this run.

    """
    from tqdm import tqdm

    records = list(read_records(source))
    skip = done_ids(out) if resume and out is not None else set()
    todo = [r for r in records if r.id not in skip]
    handle: IO[str] = sys.stdout if out is None else out.open("a" if resume else "w", encoding="utf-8")
    writer = Writer(handle)
    progress = tqdm(total=len(todo), unit="article", file=sys.stderr, dynamic_ncols=True, desc="claimex batch")
    try:
        for record in todo:
            if record.error is not None:
                writer.write(record.id, error=record.error)
                progress.update(1)
        runnable = [r for r in todo if r.article is not None]
        if workers:
            articles = [r.article for r in records if r.article is not None]
            run_on_workers(articles, {r.id for r in runnable}, writer, settings, progress)
        else:
            run_local(runnable, writer, settings, progress)
    finally:
        progress.close()
        if handle is not sys.stdout:
            handle.close()
    return writer.written
