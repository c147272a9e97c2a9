"""Run an extractor over a gold dataset, score it beside the rule baseline, and write report.json + .html."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from claimex.evals.baseline import rule_baseline
from claimex.evals.dataset import GoldArticle
from claimex.evals.metrics import ArticleScore, Counts, score_article, summarise
from claimex.schemas.claims import Claim
from claimex.service.pipeline import Extractor


def git_revision() -> str:
    """The current commit, or 'unknown' outside a git checkout."""
    try:
        return subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True, timeout=5
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _article_entry(
    article: GoldArticle, claims: list[Claim], score: ArticleScore, extra: dict[str, Any]
) -> dict[str, Any]:
    return {
        "id": article.id,
        "metrics": summarise(score.counts),
        "predicted": [c.model_dump(mode="json") for c in claims],
        "pairs": [
            {"predicted": p.predicted, "gold": p.gold, "similarity": round(p.similarity, 3)} for p in score.pairs
        ],
        "optional_hits": [{"predicted": p.predicted, "gold": p.gold} for p in score.optional_hits],
        "missed": score.missed,
        "false_claims": score.false_claims,
        **extra,
    }


def evaluate(
    articles: list[GoldArticle],
    extractor: Extractor,
    *,
    repeat: int = 1,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Score ``extractor`` (and the rule baseline) on every article, ``repeat`` times.

    Args:
        articles: The gold dataset.
        extractor: The configured pipeline (results are never taken from its cache here).
        repeat: Runs per article; counts are summed over runs.
        progress: Called with a status line after each article.

    Returns:
        The report as a JSON-ready dict.

    """
    total, baseline_total = Counts(), Counts()
    entries, baseline_entries = [], []
    latencies: list[float] = []
    tokens = {"prompt_tokens": 0, "completion_tokens": 0, "llm_calls": 0}
    steps = len(articles) * repeat
    for run in range(repeat):
        for index, article in enumerate(articles):
            began = time.perf_counter()
            response = extractor.extract(article.text, use_cache=False)
            seconds = time.perf_counter() - began
            latencies.append(seconds)
            score = score_article(response.claims, article.claims, article.text)
            total += score.counts
            for key in tokens:
                tokens[key] += getattr(response.usage, key)
            if run == 0:
                entries.append(
                    _article_entry(
                        article,
                        response.claims,
                        score,
                        {
                            "latency_s": round(seconds, 2),
                            "usage": response.usage.model_dump(),
                            "warnings": response.warnings,
                        },
                    )
                )
                base_claims = rule_baseline(article.text)
                base_score = score_article(base_claims, article.claims, article.text)
                baseline_total += base_score.counts
                baseline_entries.append(_article_entry(article, base_claims, base_score, {}))
            if progress:
                done = run * len(articles) + index + 1
                progress(f"[{done}/{steps}] {article.id}: {len(response.claims)} claims in {seconds:.1f}s")
    settings = extractor.settings.model_dump(mode="json", exclude={"api_key", "service_keys"})
    return {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_revision": git_revision(),
        "model": extractor.backend.model_name,
        "prompt_version": extractor.prompt_version,
        "mode": extractor.settings.mode,
        "settings": settings,
        "repeat": repeat,
        "overall": summarise(total),
        "latency_s_per_article": {
            "mean": round(sum(latencies) / len(latencies), 2) if latencies else 0.0,
            "max": round(max(latencies), 2) if latencies else 0.0,
        },
        "tokens_per_article": {k: round(v / max(1, len(latencies)), 1) for k, v in tokens.items()},
        "articles": entries,
        "baseline": {
            "name": "rules (quotes + reporting verbs + according to)",
            "overall": summarise(baseline_total),
            "articles": baseline_entries,
        },
        "gold": [a.model_dump(mode="json") for a in articles],
    }


def stderr_progress(line: str) -> None:
    """Print a progress line to stderr, overwriting the previous one on a terminal."""
    end = "\r" if sys.stderr.isatty() else "\n"
    print(line.ljust(80), end=end, file=sys.stderr, flush=True)


def write_report(report: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    """Write ``report.json`` and ``report.html`` into ``out_dir``."""
    import json

    from claimex.evals.report_html import render_report

    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, html_path = out_dir / "report.json", out_dir / "report.html"
    json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    html_path.write_text(render_report(report), encoding="utf-8")
    return json_path, html_path
