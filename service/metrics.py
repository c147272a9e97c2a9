"""Prometheus metrics of this process (scraped at ``/metrics``; ``claimex worker --metrics-port`` for workers)."""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import Counter, Gauge, Histogram

from claimex.schemas.api import ExtractResponse

_LATENCY_BUCKETS = (0.005, 0.05, 0.25, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)

REQUESTS = Counter("claimex_http_requests", "HTTP requests by route, method and status.", ["route", "method", "status"])
REQUEST_SECONDS = Histogram(
    "claimex_http_request_seconds", "HTTP request latency by route.", ["route"], buckets=_LATENCY_BUCKETS
)
JOBS = Counter("claimex_jobs", "Jobs submitted (created or replayed for an Idempotency-Key).", ["outcome"])
ARTICLES = Counter("claimex_job_articles", "Job and batch articles finished, by outcome.", ["outcome"])
EXTRACTIONS = Counter("claimex_extractions", "Extractions by outcome (ok or the error type).", ["outcome"])
EXTRACTION_SECONDS = Histogram("claimex_extraction_seconds", "Wall time of one extraction.", buckets=_LATENCY_BUCKETS)
MODEL_CALLS = Counter("claimex_model_calls", "Calls to the language model (re-asks included).")
TOKENS = Counter("claimex_tokens", "Language-model tokens.", ["kind"])
CACHE_HITS = Counter("claimex_cache_hits", "Extractions answered from the result cache.")
QUEUE_DEPTH = Gauge("claimex_queue_depth", "Job articles waiting to run.")


def record_extraction(response: ExtractResponse | None, seconds: float, outcome: str = "ok") -> None:
    """Count one extraction: its outcome, time, model calls, tokens and cache hit."""
    EXTRACTIONS.labels(outcome).inc()
    EXTRACTION_SECONDS.observe(seconds)
    if response is None:
        return
    if response.cached:
        CACHE_HITS.inc()
        return
    MODEL_CALLS.inc(response.usage.llm_calls)
    TOKENS.labels("prompt").inc(response.usage.prompt_tokens)
    TOKENS.labels("completion").inc(response.usage.completion_tokens)


def watch_queue_depth(read: Callable[[], int]) -> None:
    """Read the queue depth from ``read`` at every scrape (NaN while the store cannot be read)."""

    def depth() -> float:
        try:
            return float(read())
        except Exception:  # a store outage must not break the scrape that would reveal it
            return float("nan")

    QUEUE_DEPTH.set_function(depth)
