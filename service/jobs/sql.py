"""One tiny seam over the two SQL engines the job store runs on: SQLite (a file) and PostgreSQL (a URL).

Queries are written once with ``?`` placeholders; each transaction is its own connection, so the store is safe
to share across threads and processes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from claimex.service.errors import StoreError


class Database:
    """Transactions on SQLite or PostgreSQL.

    Args:
        target: A ``postgresql://`` URL or a SQLite file path.

    """

    def __init__(self, target: str | Path) -> None:
        self.target = str(target)
        self.is_postgres = self.target.startswith(("postgresql://", "postgres://"))
        if not self.is_postgres:
            Path(self.target).parent.mkdir(parents=True, exist_ok=True)
            with sqlite3.connect(self.target, timeout=30.0) as lite:  # WAL: readers never block the writer
                lite.execute("PRAGMA journal_mode=WAL")
            lite.close()

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        """One transaction: committed on success, rolled back on error; connection errors become StoreError."""
        try:
            if self.is_postgres:
                import psycopg

                with psycopg.connect(self.target) as pg:  # commits on clean exit
                    yield Cursor(pg.cursor(), "%s")
            else:
                lite = sqlite3.connect(self.target, timeout=30.0, isolation_level=None)
                try:
                    lite.execute("PRAGMA busy_timeout=30000")
                    lite.execute("BEGIN IMMEDIATE")
                    yield Cursor(lite.cursor(), "?")
                    lite.execute("COMMIT")
                except BaseException:
                    if lite.in_transaction:
                        lite.execute("ROLLBACK")
                    raise
                finally:
                    lite.close()
        except (sqlite3.OperationalError, OSError) as exc:
            raise StoreError(f"the job store is unavailable: {exc}") from exc
        except Exception as exc:
            if type(exc).__module__.startswith("psycopg") and not is_integrity_error(exc):
                raise StoreError(f"the job store is unavailable: {type(exc).__name__}: {exc}") from exc
            raise


class Cursor:
    """A DB-API cursor taking ``?`` placeholders on both SQLite and psycopg."""

    def __init__(self, cursor: Any, placeholder: str) -> None:
        self._cursor = cursor
        self._placeholder = placeholder

    def _sql(self, sql: str) -> str:
        return sql if self._placeholder == "?" else sql.replace("?", self._placeholder)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; returns the rows it changed."""
        self._cursor.execute(self._sql(sql), tuple(params))
        return int(self._cursor.rowcount or 0)

    def executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        """Run one statement for each row of parameters."""
        self._cursor.executemany(self._sql(sql), rows)

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a query; returns all its rows."""
        self._cursor.execute(self._sql(sql), tuple(params))
        return list(self._cursor.fetchall())


def is_integrity_error(exc: BaseException) -> bool:
    """A unique-key violation (or similar), on either engine."""
    return any(cls.__name__ == "IntegrityError" for cls in type(exc).__mro__)
