"""Ground text in the article: find exact character offsets, tolerating quote styles and whitespace."""

from __future__ import annotations

import re

from claimex.schemas.drafts import normalise_for_match
from claimex.service.pipeline.memo import TextMemo

# Whole-mode claims are aligned one by one; the article's folded form and word sets are built once per article.
_PER_ARTICLE = TextMemo(texts=2)

_WORD = re.compile(r"\w+", re.UNICODE)


def align_to_article(snippet: str, article: str, *, near: int = 0) -> tuple[int, int] | None:
    """Find ``snippet`` in ``article``: exactly first, then ignoring quote style, case and whitespace.

    Args:
        snippet: Text that should be a verbatim part of the article.
        article: The article.
        near: Prefer the occurrence closest to this offset.

    Returns:
        (start, end) offsets such that the article's text there is the snippet (modulo the tolerated
        differences), or None when it is not in the article.

    """
    snippet = snippet.strip()
    if not snippet:
        return None
    exact = _occurrences(article, snippet)
    if exact:
        start = min(exact, key=lambda s: abs(s - near))
        return start, start + len(snippet)
    folded, index_map = _fold_with_map(article)
    target = normalise_for_match(snippet)
    hits = _occurrences(folded, target)
    if not hits:
        return None
    hit = min(hits, key=lambda s: abs(index_map[s] - near))
    return index_map[hit], index_map[hit + len(target) - 1] + 1


def best_sentence_span(
    snippet: str, spans: list[tuple[int, int]], article: str, *, threshold: float = 0.6
) -> tuple[int, int] | None:
    """Fuzzy fallback: the span (e.g. sentence) sharing the most words with ``snippet``, if enough.

    Args:
        snippet: Text the model claims is in the article.
        spans: Candidate (start, end) spans of the article.
        article: The article.
        threshold: Share of the snippet's words that the span must contain.

    Returns:
        The best span, or None when none contains at least ``threshold`` of the snippet's words.

    """
    words = {w.casefold() for w in _WORD.findall(snippet)}
    if not words:
        return None
    best, best_score = None, 0.0
    for start, end in spans:
        have = _words_of(start, end, article)
        score = len(words & have) / len(words)
        if score > best_score:
            best, best_score = (start, end), score
    return best if best_score >= threshold else None


def _occurrences(haystack: str, needle: str) -> list[int]:
    found, start = [], haystack.find(needle)
    while start != -1:
        found.append(start)
        start = haystack.find(needle, start + 1)
    return found


@_PER_ARTICLE
def _words_of(start: int, end: int, article: str) -> frozenset[str]:
    """The casefolded words of ``article[start:end]``, read once per span and article, not once per claim."""
    return frozenset(w.casefold() for w in _WORD.findall(article, start, end))


@_PER_ARTICLE
def _fold_with_map(text: str) -> tuple[str, list[int]]:
    """``normalise_for_match`` applied character by character, remembering each output char's source offset."""
    out: list[str] = []
    index_map: list[int] = []
    pending_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            index_map.append(i - 1)
            pending_space = False
        folded = normalise_for_match(ch) or ch
        for f in folded:
            out.append(f)
            index_map.append(i)
    return "".join(out), index_map
