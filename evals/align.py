"""Pair predicted claims with gold claims one-to-one (Hungarian assignment over a similarity).

Similarity = 0.5 × token F1 of the claim texts + 0.5 × evidence containment (overlap of the two spans divided
by the shorter one). A pair counts as a match when its similarity is at least ``MATCH_THRESHOLD`` (0.35) and
the claim texts share at least ``MIN_TEXT_F1`` (0.2) of their content words: evidence in the same place is not
enough on its own, the statement must be recognisably the same. The thresholds were set on constructed cases
(tests/test_evals.py) and a fake backend that echoes whole sentences, before looking at any model output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from claimex.schemas.claims import Claim

MATCH_THRESHOLD = 0.35
MIN_TEXT_F1 = 0.2
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "that",
        "this",
        "it",
        "its",
        "with",
        "for",
        "by",
        "as",
        "at",
        "from",
    ]
)
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Pair:
    """A predicted claim matched to a gold claim."""

    predicted: int
    gold: int
    similarity: float


def content_words(text: str) -> list[str]:
    """Lower-cased words of ``text`` without function words."""
    return [w for w in (m.casefold() for m in _WORD.findall(text)) if w not in _STOP]


def token_f1(a: str, b: str) -> float:
    """Bag-of-words F1 between two texts (0 when either has no content words)."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    common = sum(min(wa.count(w), wb.count(w)) for w in set(wa))
    if not common:
        return 0.0
    precision, recall = common / len(wa), common / len(wb)
    return 2 * precision * recall / (precision + recall)


def span_containment(a: Claim, b: Claim) -> float:
    """Overlap of two evidence spans divided by the shorter span's length."""
    overlap = min(a.evidence.end, b.evidence.end) - max(a.evidence.start, b.evidence.start)
    shorter = min(a.evidence.end - a.evidence.start, b.evidence.end - b.evidence.start)
    return max(0, overlap) / shorter if shorter > 0 else 0.0


def claim_similarity(predicted: Claim, gold: Claim) -> float:
    """The similarity the aligner maximises (see module docstring)."""
    return 0.5 * token_f1(predicted.claim, gold.claim) + 0.5 * span_containment(predicted, gold)


def align_claims(predicted: list[Claim], gold: list[Claim], threshold: float = MATCH_THRESHOLD) -> list[Pair]:
    """Best one-to-one pairing whose pairs reach ``threshold``.

    Args:
        predicted: Extracted claims.
        gold: Labelled claims.
        threshold: Minimum similarity for a pair to count.

    Returns:
        Matched pairs, by gold index.

    """
    if not predicted or not gold:
        return []
    scores = np.array([[claim_similarity(p, g) for g in gold] for p in predicted])
    rows, cols = linear_sum_assignment(-scores)
    pairs = [Pair(int(r), int(c), float(scores[r, c])) for r, c in zip(rows, cols, strict=True)]
    kept = [
        p
        for p in pairs
        if p.similarity >= threshold and token_f1(predicted[p.predicted].claim, gold[p.gold].claim) >= MIN_TEXT_F1
    ]
    return sorted(kept, key=lambda p: p.gold)
