"""Quotations in linear time: what ``“[^”]+”|"[^"]+"|«[^»]+»`` finds, without its quadratic worst case.

A backtracking engine tries every opening mark and scans to the end of the text when the quotation never
closes, so "“a “a “a …" costs time quadratic in its length. Here each kind of mark keeps a cursor that only
moves forward, so the whole text is scanned a bounded number of times.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

_PAIRS = {"“": "”", '"': '"', "«": "»"}


@dataclass(frozen=True)
class QuoteMatch:
    """One quotation, with the ``re.Match`` methods the pipeline uses."""

    string: str
    span_: tuple[int, int]

    def start(self) -> int:
        """Offset of the opening mark."""
        return self.span_[0]

    def end(self) -> int:
        """Offset just past the closing mark."""
        return self.span_[1]

    def span(self) -> tuple[int, int]:
        """``(start, end)``."""
        return self.span_

    def group(self) -> str:
        """The quotation with its marks."""
        return self.string[self.span_[0] : self.span_[1]]


class QuoteScanner:
    """Finds non-empty quotations left to right, as ``re.finditer`` would with the pattern above."""

    pattern = '“[^”]+”|"[^"]+"|«[^»]+»'

    def finditer(self, text: str) -> Iterator[QuoteMatch]:
        """Yield the quotations of ``text`` in order (non-overlapping, leftmost first)."""
        next_open = dict.fromkeys(_PAIRS, -1)
        next_close = dict.fromkeys(_PAIRS, -1)
        alive = set(_PAIRS)
        pos = 0
        while alive:
            for mark in list(alive):
                if next_open[mark] < pos:
                    next_open[mark] = text.find(mark, pos)
                    if next_open[mark] == -1:
                        alive.discard(mark)
            if not alive:
                return
            mark = min(alive, key=next_open.__getitem__)
            opening = next_open[mark]
            if next_close[mark] <= opening:
                next_close[mark] = text.find(_PAIRS[mark], opening + 1)
            closing = next_close[mark]
            if closing == -1:
                alive.discard(mark)  # no closing mark anywhere after: no later quotation of this kind either
                pos = opening + 1
            elif closing == opening + 1:
                pos = opening + 1  # empty quotation: not a match
            else:
                yield QuoteMatch(text, (opening, closing + 1))
                pos = closing + 1

    def search(self, text: str) -> QuoteMatch | None:
        """The first quotation of ``text``, or None."""
        return next(self.finditer(text), None)
