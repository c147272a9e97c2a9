"""Chunking: whole paragraphs packed into article chunks that the model reads as context."""

from __future__ import annotations

from claimex.service.pipeline.segment import Sentence


def chunk_paragraphs(sentences: list[Sentence], article: str, max_chars: int) -> list[tuple[int, int]]:
    """Pack whole paragraphs into chunks of at most ``max_chars`` (a longer paragraph is its own chunk).

    Consecutive chunks overlap by one paragraph so that a claim split across a boundary is seen whole once.

    Returns:
        (start, end) offsets of each chunk, covering every sentence.

    """
    paragraphs: dict[int, tuple[int, int]] = {}
    for s in sentences:
        start, _ = paragraphs.get(s.paragraph, (s.start, s.end))
        paragraphs[s.paragraph] = (start, s.end)
    spans = [paragraphs[k] for k in sorted(paragraphs)]
    chunks: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        j = i
        while j + 1 < len(spans) and spans[j + 1][1] - spans[i][0] <= max_chars:
            j += 1
        chunks.append((spans[i][0], spans[j][1]))
        if j + 1 >= len(spans):
            break
        i = j if j > i else j + 1
    return chunks or [(0, len(article))]
