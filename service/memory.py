"""Give freed memory back to the operating system after a request.

A 100 kB article leaves many large strings behind; Python frees them, but glibc keeps the pages in its heap,
so the process's RSS would stay at its high-water mark. ``malloc_trim`` returns the free pages.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from typing import Any

_libc: Any = None
_looked_up = False


def give_back_free_memory() -> None:
    """Return free heap pages to the OS where the C library can (glibc); a no-op elsewhere."""
    global _libc, _looked_up
    if not _looked_up:
        _looked_up = True
        name = ctypes.util.find_library("c")
        try:
            libc = ctypes.CDLL(name) if name else None
            _libc = libc if libc is not None and hasattr(libc, "malloc_trim") else None
        except OSError:
            _libc = None
    if _libc is not None:
        _libc.malloc_trim(0)
