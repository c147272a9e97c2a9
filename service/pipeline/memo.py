"""Remember pure functions of a text for the last few texts, so per-claim lookups do not rescan the article.

The pipeline asks the same questions of one article once per claim (who is named, what role a name has, how a
group is written). Each answer needs a scan of the whole article; asked per claim, that work grows with
claims x article length. A ``TextMemo`` keeps the answers for the few texts most recently used, so each
question costs one scan per article. Only a handful of texts are held, so memory returns to its baseline.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

F = TypeVar("F", bound=Callable[..., Any])


class TextMemo:
    """A decorator for functions whose last positional argument is the text they read.

    Args:
        texts: How many distinct texts to keep answers for (least recently used are dropped).

    """

    def __init__(self, texts: int) -> None:
        self._texts = texts
        self._tables: OrderedDict[str, dict[Hashable, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def table(self, text: str) -> dict[Hashable, Any]:
        """The answers remembered for ``text`` (created empty, evicting the oldest text if needed)."""
        with self._lock:
            table = self._tables.get(text)
            if table is None:
                table = self._tables[text] = {}
                while len(self._tables) > self._texts:
                    self._tables.popitem(last=False)
            else:
                self._tables.move_to_end(text)
            return table

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._tables.clear()

    def __call__(self, fn: F) -> F:
        """Memoise ``fn(*args, text)`` by ``args`` within the table of ``text``."""

        @functools.wraps(fn)
        def memoised(*args: Any) -> Any:
            key = (fn.__name__, *args[:-1])
            table = self.table(args[-1])
            if key not in table:
                table[key] = fn(*args)  # a race computes the same pure answer twice; harmless
            return table[key]

        return cast(F, memoised)
