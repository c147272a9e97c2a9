"""Quotations, found in one linear pass over the article.

A quote left open at a paragraph's end runs on (the newswire convention for a quote that continues into the next
paragraph): its span ends with the paragraph and is marked as not closed.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from claimex.service.pipeline.segment import Sentence

_OPENING = {"“": "”", "«": "»", "„": "“"}
_CLOSING = frozenset("”»")
_STRAIGHT = '"'
_ANY_CLOSER = "any"


@dataclass(frozen=True)
class QuoteSpan:
    """A quotation: from its opening mark to just past its closing mark (or to its paragraph's end).

    Attributes:
        start: Offset of the opening mark.
        end: Offset just past the closing mark, or the paragraph's end when the quote runs on.
        paragraph: The paragraph it opens in.
        closed: False when the paragraph ended before the quote closed.

    """

    start: int
    end: int
    paragraph: int
    closed: bool


def find_quotes(article: str, sentences: list[Sentence]) -> list[QuoteSpan]:
    """Every quotation in the article, in order; a quote never spans two paragraphs (it runs on instead).

    Args:
        article: The article text.
        sentences: Its sentences (they give the paragraphs).

    Returns:
        Non-overlapping spans in article order.

    """
    paragraphs: dict[int, tuple[int, int]] = {}
    for s in sentences:
        start, _ = paragraphs.get(s.paragraph, (s.start, s.end))
        paragraphs[s.paragraph] = (start, s.end)
    spans: list[QuoteSpan] = []
    running = False  # the previous paragraph ended inside a quotation
    for number in sorted(paragraphs):
        start, end = paragraphs[number]
        opened_at, closer = (start, _ANY_CLOSER) if running else (-1, "")
        for i in range(start, end):
            ch = article[i]
            closes = ch == closer or (closer == _ANY_CLOSER and _closes(article, i, start))
            if opened_at >= 0 and closes and (i > opened_at or closer == _ANY_CLOSER):
                spans.append(QuoteSpan(opened_at, i + 1, number, True))
                opened_at = -1
                continue
            if opened_at < 0:
                if ch in _OPENING:
                    opened_at, closer = i, _OPENING[ch]
                elif ch == _STRAIGHT and not _closes(article, i, start):
                    opened_at, closer = i, _STRAIGHT
        running = opened_at >= 0
        if running:
            spans.append(QuoteSpan(opened_at, end, number, False))
    return spans


def _closes(article: str, i: int, paragraph_start: int) -> bool:
    """Whether the quotation mark at ``i`` closes a quote.

    A closing curly mark does; a straight one does when it follows a word or punctuation rather than a space.
    """
    ch = article[i]
    if ch in _CLOSING:
        return True
    if ch != _STRAIGHT or i == paragraph_start:
        return False
    return not article[i - 1].isspace() and article[i - 1] not in "([{"


class QuoteIndex:
    """The article's quotations, indexed by offset so that each look-up is logarithmic.

    Args:
        spans: Non-overlapping quotations in article order (``find_quotes``).

    """

    def __init__(self, spans: list[QuoteSpan]) -> None:
        self.spans = spans
        self._starts = [q.start for q in spans]

    def at(self, offset: int) -> QuoteSpan | None:
        """The quotation that contains ``offset``, if any."""
        i = bisect_right(self._starts, offset) - 1
        return self.spans[i] if i >= 0 and self.spans[i].start <= offset < self.spans[i].end else None

    def contains(self, offset: int) -> bool:
        """Whether ``offset`` falls inside a quotation."""
        return self.at(offset) is not None

    def overlapping(self, start: int, end: int) -> list[QuoteSpan]:
        """The quotations that overlap ``start:end``, in order."""
        i = max(0, bisect_right(self._starts, start) - 1)
        found = []
        while i < len(self.spans) and self.spans[i].start < end:
            if self.spans[i].end > start:
                found.append(self.spans[i])
            i += 1
        return found

    def share(self, start: int, end: int) -> float:
        """The share of ``start:end`` that lies inside quotations."""
        if end <= start:
            return 0.0
        covered = sum(min(end, q.end) - max(start, q.start) for q in self.overlapping(start, end))
        return covered / (end - start)
