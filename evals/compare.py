"""Compare two eval reports metric by metric; fail when a headline metric drops by more than allowed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from claimex.evals.metrics import HEADLINE, Counts, summarise

RATE_METRICS = (
    *HEADLINE,
    "claim_precision_strict",
    "claim_recall_strict",
    "role_accuracy",
    "hedge_exact",
    "quote_type_accuracy",
    "claim_precision_lenient",
    "claim_recall_lenient",
)


def compare_reports(
    old_path: Path, new_path: Path, *, max_drop: float = 0.02, splits: list[str] | None = None
) -> tuple[str, bool]:
    """A table of deltas and whether the new report passes the gate.

    Args:
        old_path: The baseline report.json.
        new_path: The candidate report.json.
        max_drop: Largest allowed drop of any headline metric.
        splits: Only these splits are compared and gated (default: every split both reports have).

    Returns:
        The printable table and True when no headline metric dropped by more than ``max_drop``.

    """
    old = json.loads(old_path.read_text(encoding="utf-8"))
    new = json.loads(new_path.read_text(encoding="utf-8"))
    lines = [
        f"old: {old.get('model')} {old.get('prompt_version')} ({old.get('git_revision', '?')[:10]})",
        f"new: {new.get('model')} {new.get('prompt_version')} ({new.get('git_revision', '?')[:10]})",
        f"{'metric':28} {'old':>8} {'new':>8} {'delta':>8}",
    ]
    passed = True
    for split, (a_metrics, b_metrics, note) in _common_splits(old, new).items():
        if splits and split not in splits:
            continue
        lines.append(f"[{split}]{note}")
        for metric in RATE_METRICS:
            a, b = a_metrics.get(metric), b_metrics.get(metric)
            if a is None or b is None:
                continue
            delta = b - a
            flag = ""
            if metric in HEADLINE and delta < -max_drop:
                flag, passed = "  FAIL", False
            lines.append(f"{metric:28} {a:8.3f} {b:8.3f} {delta:+8.3f}{flag}")
    lines.append("PASS" if passed else f"FAIL: a headline metric dropped by more than {max_drop}")
    return "\n".join(lines), passed


def _common_splits(old: dict[str, Any], new: dict[str, Any]) -> dict[str, tuple[dict[str, Any], dict[str, Any], str]]:
    """Metrics of each split present in both reports (older single-set reports count as 'all').

    When the gold of a split grew or changed between the reports, both are scored on the articles they share (from
    their per-article counts), so the gate compares like with like; the note says so.
    """

    def by_split(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
        splits: dict[str, dict[str, Any]] = report.get("splits") or {"all": {"overall": report["overall"]}}
        return splits

    a, b = by_split(old), by_split(new)
    common = {}
    for name in (n for n in a if n in b):
        shared = _shared_ids(a[name], b[name])
        if shared is None:
            common[name] = (a[name]["overall"], b[name]["overall"], "")
        else:
            note = f" on the {len(shared)} articles both scored (old {_count(a[name])}, new {_count(b[name])})"
            common[name] = (_summary_of(a[name], shared), _summary_of(b[name], shared), note)
    return common


def _shared_ids(a: dict[str, Any], b: dict[str, Any]) -> set[str] | None:
    """The article ids two reports of a split share, or None when they scored the same articles (or say nothing)."""
    if "per_article" not in a or "per_article" not in b:
        return None
    ids_a, ids_b = ({e["id"] for e in split["per_article"]} for split in (a, b))
    return None if ids_a == ids_b else ids_a & ids_b


def _count(split: dict[str, Any]) -> int:
    return len(split["per_article"])


def _summary_of(split: dict[str, Any], ids: set[str]) -> dict[str, Any]:
    """A split's overall metrics recomputed from the per-article counts of the given articles."""
    total = Counts()
    for entry in split["per_article"]:
        if entry["id"] in ids:
            total += Counts(**entry["metrics"]["counts"])
    return summarise(total)
