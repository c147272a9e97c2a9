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
from claimex.service.config import Settings
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


RULES_ONLY = "rules-only"


def rules_only_extractor(settings: Settings) -> Extractor:
    """The same pipeline with a model that never finds a claim: what the rules alone produce (the ablation)."""
    from claimex.service.backends.fake import FakeChat, silent_responder
    from claimex.service.backends.instructed import InstructorBackend

    backend = InstructorBackend(FakeChat(fallback=silent_responder).create, model_name=RULES_ONLY)
    return Extractor(backend, settings.model_copy(update={"result_cache_size": 0}))


def _score_split(
    articles: list[GoldArticle],
    extractor: Extractor,
    rules_only: Extractor,
    *,
    repeat: int,
    progress: Callable[[str], None] | None,
    latencies: list[float],
    tokens: dict[str, int],
) -> dict[str, Any]:
    total, rules_total, baseline_total = Counts(), Counts(), Counts()
    entries = []
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
                same = rules_only is extractor  # a rules-only evaluation: its answer is the ablation's
                rules_claims = response.claims if same else rules_only.extract(article.text, use_cache=False).claims
                rules_score = score_article(rules_claims, article.claims, article.text)
                rules_total += rules_score.counts
                base_claims = rule_baseline(article.text)
                baseline_total += score_article(base_claims, article.claims, article.text).counts
                extra = {"latency_s": round(seconds, 2), "usage": response.usage.model_dump()}
                extra |= {"warnings": response.warnings, "rules_only": summarise(rules_score.counts)}
                entries.append(_article_entry(article, response.claims, score, extra))
            if progress:
                done = run * len(articles) + index + 1
                progress(
                    f"[{done}/{len(articles) * repeat}] {article.id}: {len(response.claims)} claims in {seconds:.1f}s"
                )
    return {
        "articles": len(articles),
        "overall": summarise(total),
        "rules_only": summarise(rules_total),
        "baseline": summarise(baseline_total),
        "per_article": entries,
        "gold": [a.model_dump(mode="json") for a in articles],
    }


def evaluate(
    splits: dict[str, list[GoldArticle]],
    extractor: Extractor,
    *,
    repeat: int = 1,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Score ``extractor``, the rules-only ablation and the rule baseline on every split, each reported apart.

    Args:
        splits: Gold articles by split name (seed, dev, test, or a dataset file's name).
        extractor: The configured pipeline (results are never taken from its cache here).
        repeat: Runs per article; counts are summed over runs.
        progress: Called with a status line after each article.

    Returns:
        The report as a JSON-ready dict.

    """
    revision = git_revision()  # the code that runs; a long run may end after later commits
    latencies: list[float] = []
    tokens = {"prompt_tokens": 0, "completion_tokens": 0, "llm_calls": 0}
    rules_only = extractor if extractor.backend.model_name == RULES_ONLY else rules_only_extractor(extractor.settings)
    scored = {
        name: _score_split(
            articles, extractor, rules_only, repeat=repeat, progress=progress, latencies=latencies, tokens=tokens
        )
        for name, articles in splits.items()
    }
    settings = extractor.settings.model_dump(mode="json", exclude={"api_key", "service_keys"})
    return {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_revision": revision,
        "model": extractor.backend.model_name,
        "prompt_version": extractor.prompt_version,
        "mode": extractor.settings.mode,
        "settings": settings,
        "repeat": repeat,
        "splits": scored,
        "latency_s_per_article": {
            "mean": round(sum(latencies) / len(latencies), 2) if latencies else 0.0,
            "max": round(max(latencies), 2) if latencies else 0.0,
        },
        "tokens_per_article": {k: round(v / max(1, len(latencies)), 1) for k, v in tokens.items()},
        "baseline_name": "rules (quotes + reporting verbs + according to), no model",
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
