"""Compare two eval reports metric by metric; fail when a headline metric drops by more than allowed."""

from __future__ import annotations

import json
from pathlib import Path

from claimex.evals.metrics import HEADLINE

RATE_METRICS = (
    *HEADLINE,
    "claim_precision_strict",
    "claim_recall_strict",
    "role_accuracy",
    "hedge_exact",
    "quote_type_accuracy",
)


def compare_reports(old_path: Path, new_path: Path, *, max_drop: float = 0.02) -> tuple[str, bool]:
    """A table of deltas and whether the new report passes the gate.

    Args:
        old_path: The baseline report.json.
        new_path: The candidate report.json.
        max_drop: Largest allowed drop of any headline metric.

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
    for metric in RATE_METRICS:
        a, b = old["overall"].get(metric), new["overall"].get(metric)
        if a is None or b is None:
            continue
        delta = b - a
        flag = ""
        if metric in HEADLINE and delta < -max_drop:
            flag, passed = "  FAIL", False
        lines.append(f"{metric:28} {a:8.3f} {b:8.3f} {delta:+8.3f}{flag}")
    lines.append("PASS" if passed else f"FAIL: a headline metric dropped by more than {max_drop}")
    return "\n".join(lines), passed
