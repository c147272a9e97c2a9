"""A disk cache of raw model answers, keyed by model and the exact request (messages and generation options).

The cache sits under instructor, at the ``create`` function: validation, re-asks and every rule downstream still
run on each read, so a rule change re-scores a whole eval in seconds while a prompt change (different messages)
asks the model again. It is an opt-in tool for evaluations and development (``CLAIMEX_ANSWER_CACHE``), stored
in SQLite so that concurrent evaluations and restarts are safe.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Options that change what the model generates; anything else (timeouts, streaming hooks) does not.
_KEYED_OPTIONS = ("messages", "response_format", "temperature", "max_tokens", "tools", "tool_choice", "seed")


class AnswerCache:
    """Raw chat-completion answers in a SQLite file.

    Args:
        path: The database file (created with its folder when missing).

    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, model TEXT, answer TEXT)")

    def wrap(self, create: Callable[..., Any], model_name: str) -> Callable[..., Any]:
        """Return ``create`` answering from the cache when the same model got the same request before.

        Args:
            create: An OpenAI-style chat-completion function returning ``ChatCompletion`` objects.
            model_name: Part of the key, so that two models never share answers.

        Returns:
            The caching function.

        """
        from openai.types.chat import ChatCompletion

        def cached_create(**kwargs: Any) -> Any:
            key = request_key(model_name, kwargs)
            with self._lock:
                row = self._db.execute("SELECT answer FROM answers WHERE key = ?", (key,)).fetchone()
            if row is not None:
                self.hits += 1
                return ChatCompletion.model_validate_json(row[0])
            self.misses += 1
            answer = create(**kwargs)
            if isinstance(answer, ChatCompletion):
                with self._lock:
                    self._db.execute(
                        "INSERT OR REPLACE INTO answers VALUES (?, ?, ?)", (key, model_name, answer.model_dump_json())
                    )
            return answer

        return cached_create


def request_key(model_name: str, kwargs: dict[str, Any]) -> str:
    """A stable hash of the model name and the generation-relevant parts of a request."""
    material = {"model": model_name, **{k: kwargs[k] for k in _KEYED_OPTIONS if k in kwargs}}
    return hashlib.sha256(json.dumps(material, sort_keys=True, default=str).encode("utf-8")).hexdigest()
