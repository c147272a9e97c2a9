"""Field-level metrics over one article's alignment, and their aggregation over a dataset.

A field metric is one function behind one protocol (``FieldMetric``, listed in ``FIELD_METRICS``);
``score_article`` produces the counts, ``summarise`` turns summed counts into rates. Optional gold claims: a prediction matched to one is removed from both sides.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from claimex.evals.align import Pair, align_claims, token_f1
from claimex.evals.dataset import GoldClaim
from claimex.schemas.claims import HEDGE_ORDER, Claim, speaker_in_article

HEADLINE = (
    "claim_f1_strict",
    "claim_f1_lenient",
    "speaker_accuracy",
    "hedge_within_one",
    "outlet_accuracy",
    "cue_accuracy",
)


def _norm(text: str | None) -> str:
    if not text:
        return ""
    text = re.sub(r"[’'`]s\b", "", text.casefold())
    words = [w for w in re.findall(r"\w+", text) if w not in {"the", "a", "an"}]
    return " ".join(words)


def speaker_match(predicted: str | None, gold: str | None) -> bool:
    """Same speaker: both uncredited, equal after normalising, or one's words contained in the other's."""
    a, b = _norm(predicted), _norm(gold)
    if not a or not b:
        return a == b
    wa, wb = set(a.split()), set(b.split())
    return a == b or wa <= wb or wb <= wa


def role_match(predicted: str | None, gold: str | None) -> bool:
    """Same role: both absent, or at least half of the shorter role's words shared."""
    a, b = set(_norm(predicted).split()), set(_norm(gold).split())
    if not a or not b:
        return a == b
    return len(a & b) / min(len(a), len(b)) >= 0.5


def outlet_match(predicted: str | None, gold: str | None) -> bool:
    """Same outlet: both absent, or one name contained in the other."""
    a, b = _norm(predicted), _norm(gold)
    if not a or not b:
        return a == b
    return a in b or b in a


def cue_match(predicted: str | None, gold: str | None) -> bool:
    """Same cue: both absent, or the same words after normalising (one's words contained in the other's)."""
    a, b = set(_norm(predicted).split()), set(_norm(gold).split())
    if not a or not b:
        return a == b
    return a <= b or b <= a


def _hedge_distance(predicted: Claim, gold: GoldClaim) -> int:
    return abs(HEDGE_ORDER.index(predicted.hedge_level) - HEDGE_ORDER.index(gold.hedge_level))


class FieldMetric(Protocol):
    """One field-level metric: whether a matched prediction gets a field right (the ``Scorer`` seam)."""

    def __call__(self, predicted: Claim, gold: GoldClaim) -> bool:
        """True when ``predicted`` agrees with ``gold`` on this metric's field."""
        ...


CLOSE_TEXT_F1 = 0.6
# Each rate over matched pairs is one entry here; adding a field to the scores touches only this table.
FIELD_METRICS: dict[str, FieldMetric] = {
    "speaker_accuracy": lambda p, g: speaker_match(p.speaker, g.speaker),
    "role_accuracy": lambda p, g: role_match(p.speaker_role, g.speaker_role),
    "hedge_exact": lambda p, g: _hedge_distance(p, g) == 0,
    "hedge_within_one": lambda p, g: _hedge_distance(p, g) <= 1,
    "outlet_accuracy": lambda p, g: outlet_match(p.source_outlet, g.source_outlet),
    "quote_type_accuracy": lambda p, g: p.quote_type == g.quote_type,
    "cue_accuracy": lambda p, g: cue_match(p.cue, g.cue),
    # A match needs only a content-word F1 of 0.2; this rate tells a clean restatement from a loose fragment.
    "claim_text_close": lambda p, g: token_f1(p.claim, g.claim) >= CLOSE_TEXT_F1,
}
QUOTE_TYPES = ("direct", "mixed", "indirect")


@dataclass
class Counts:
    """Tallies for one article (or, summed, for a dataset)."""

    predicted: int = 0
    gold_required: int = 0
    matched: int = 0
    matched_strict: int = 0
    matched_optional: int = 0
    grounded: int = 0
    speaker_not_in_article: int = 0
    fields: dict[str, int] = field(default_factory=dict)
    gold_by_quote_type: dict[str, int] = field(default_factory=dict)
    matched_by_quote_type: dict[str, int] = field(default_factory=dict)

    def __add__(self, other: Counts) -> Counts:
        def add(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
            return {k: a.get(k, 0) + b.get(k, 0) for k in a.keys() | b.keys()}

        merged: dict[str, Any] = {
            k: (add(v, getattr(other, k)) if isinstance(v, dict) else v + getattr(other, k))
            for k, v in asdict(self).items()
        }
        return Counts(**merged)


@dataclass
class ArticleScore:
    """Counts plus the pairs behind them, for reports."""

    counts: Counts
    pairs: list[Pair] = field(default_factory=list)
    missed: list[int] = field(default_factory=list)
    false_claims: list[int] = field(default_factory=list)
    optional_hits: list[Pair] = field(default_factory=list)


def score_article(predicted: list[Claim], gold: list[GoldClaim], article: str) -> ArticleScore:
    """Align and tally one article.

    Args:
        predicted: Extracted claims.
        gold: Labelled claims (required and optional).
        article: The article text, for grounding checks.

    Returns:
        The counts, the matched pairs and the indices of misses and false claims.

    """
    pairs = align_claims(predicted, list(gold))
    required_pairs = [p for p in pairs if gold[p.gold].required]
    optional_pairs = [p for p in pairs if not gold[p.gold].required]
    matched_preds = {p.predicted for p in pairs}
    counts = Counts(
        predicted=len(predicted) - len(optional_pairs),
        gold_required=sum(g.required for g in gold),
        matched=len(required_pairs),
        matched_optional=len(optional_pairs),
        fields={name: 0 for name in FIELD_METRICS},
        gold_by_quote_type={q: sum(g.required and g.quote_type.value == q for g in gold) for q in QUOTE_TYPES},
        matched_by_quote_type={q: 0 for q in QUOTE_TYPES},
    )
    for pair in required_pairs:
        p, g = predicted[pair.predicted], gold[pair.gold]
        counts.matched_strict += speaker_match(p.speaker, g.speaker)
        counts.matched_by_quote_type[g.quote_type.value] += 1
        for name, metric in FIELD_METRICS.items():
            counts.fields[name] += metric(p, g)
    for claim in predicted:
        counts.grounded += article[claim.evidence.start : claim.evidence.end] == claim.evidence.text
        counts.speaker_not_in_article += bool(claim.speaker) and not speaker_in_article(claim.speaker or "", article)
    return ArticleScore(
        counts=counts,
        pairs=required_pairs,
        missed=[i for i, g in enumerate(gold) if g.required and i not in {p.gold for p in pairs}],
        false_claims=[i for i in range(len(predicted)) if i not in matched_preds],
        optional_hits=optional_pairs,
    )


def _rate(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 4) if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0


def summarise(counts: Counts) -> dict[str, Any]:
    """Rates from counts: precision/recall/F1 (lenient and strict) and per-field accuracies over matches."""
    p_l, r_l = _rate(counts.matched, counts.predicted), _rate(counts.matched, counts.gold_required)
    p_s, r_s = _rate(counts.matched_strict, counts.predicted), _rate(counts.matched_strict, counts.gold_required)
    return {
        "claim_precision_lenient": p_l,
        "claim_recall_lenient": r_l,
        "claim_f1_lenient": _f1(p_l, r_l),
        "claim_precision_strict": p_s,
        "claim_recall_strict": r_s,
        "claim_f1_strict": _f1(p_s, r_s),
        **{name: _rate(counts.fields.get(name, 0), counts.matched) for name in FIELD_METRICS},
        "recall_by_quote_type": {
            q: _rate(counts.matched_by_quote_type.get(q, 0), counts.gold_by_quote_type.get(q, 0)) for q in QUOTE_TYPES
        },
        # Checks, not headline metrics: the schema already refuses ungrounded evidence and unknown speakers.
        "checks": {
            "grounding_rate": _rate(counts.grounded, counts.predicted + counts.matched_optional),
            "speaker_not_in_article": counts.speaker_not_in_article,
        },
        "counts": asdict(counts),
    }
