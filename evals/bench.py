"""``claimex bench``: wall time, tokens, memory, and the llama.cpp floor measured in the same run.

The floor is the time llama.cpp itself spent on the work the pipeline asked of it, read from its perf
counters (prompt evaluation plus generation; tokens served from the KV cache cost nothing): wall / floor is
what everything outside llama.cpp's decode adds. The ``modelled_floor_s`` beside it prices the same token
counts at rates measured here (the prompt rate of a full batch, the generation rate at the calls' context
length); it stops being a floor under speculative decoding, whose checks are small prompt batches that
llama.cpp counts as prompt tokens.
"""

from __future__ import annotations

import resource
import statistics
import time
from pathlib import Path
from typing import Any

from claimex.service.backends import create_backend
from claimex.service.config import Settings
from claimex.service.pipeline import Extractor


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _llama_rates(llm: Any, context_tokens: int) -> dict[str, float]:
    """Prompt tokens/s, and unconstrained generation tokens/s with ``context_tokens`` already in the KV cache.

    Generation slows as the context grows, so it is timed at the context size the pipeline's calls run at.
    """
    text = "The committee met on Tuesday to discuss the budget, the harbour, the roads and the schools. " * 200
    tokens = llm.tokenize(text.encode())[: max(64, context_tokens)]
    # Plain decoding: prompt lookup would guess this repetitive text perfectly and overstate the rate.
    draft_model, llm.draft_model = llm.draft_model, None
    llm.reset()
    began = time.perf_counter()
    llm.eval(tokens)
    prompt_rate = len(tokens) / (time.perf_counter() - began)
    generated = 0
    began = time.perf_counter()
    for token in llm.generate(tokens, temp=0.0, reset=True):
        generated += 1
        if generated >= 64 or token == llm.token_eos():
            break
    gen_rate = generated / (time.perf_counter() - began)
    llm.reset()
    llm.draft_model = draft_model
    return {
        "prompt_tokens_per_s": round(prompt_rate, 1),
        "gen_tokens_per_s": round(gen_rate, 1),
        "measured_at_context_tokens": len(tokens),
    }


def run_bench(
    settings: Settings, article: str, *, runs: int = 3, http_clients: int = 0, http_requests: int = 0
) -> dict[str, Any]:
    """Measure the full extraction ``runs`` times after a warm-up, and optionally the HTTP service under load.

    Args:
        settings: Backend and pipeline settings.
        article: The text to extract from.
        runs: Measured runs (the result cache is bypassed).
        http_clients: Concurrent clients for the HTTP measurement (0 skips it).
        http_requests: Requests they send in all (distinct texts, so none is a cache hit).

    Returns:
        A JSON-ready dict of measurements.

    """
    load_began = time.perf_counter()
    extractor = Extractor(create_backend(settings), settings)
    load_s = time.perf_counter() - load_began
    llm = None
    if settings.backend == "llama":
        from claimex.service.backends.llama_cpp import load_llama

        llm = load_llama(settings)
    extractor.extract(article, use_cache=False)  # warm-up: shared prompt prefix enters the KV cache
    samples = []
    for _ in range(runs):
        if llm is not None:
            import llama_cpp

            llama_cpp.llama_perf_context_reset(llm.ctx)
        began = time.perf_counter()
        response = extractor.extract(article, use_cache=False)
        wall = time.perf_counter() - began
        sample: dict[str, Any] = {
            "wall_s": round(wall, 2),
            "llm_s": round(response.timings.llm_ms / 1000, 2),
            "pipeline_s": round(wall - response.timings.llm_ms / 1000, 3),
            "claims": len(response.claims),
            **response.usage.model_dump(),
        }
        if llm is not None:
            import llama_cpp

            perf = llama_cpp.llama_perf_context(llm.ctx)
            sample.update(
                evaluated_prompt_tokens=perf.n_p_eval,
                generated_tokens=perf.n_eval,
                llama_s=round((perf.t_p_eval_ms + perf.t_eval_ms) / 1000, 2),
            )
        samples.append(sample)
    walls = [s["wall_s"] for s in samples]
    extractor.extract(article)
    began = time.perf_counter()
    cached = extractor.extract(article)
    cached_ms = (time.perf_counter() - began) * 1000
    result: dict[str, Any] = {
        "model": extractor.backend.model_name,
        "prompt_version": extractor.prompt_version,
        "mode": settings.mode,
        "backend": settings.backend,
        "threads": settings.n_threads,
        "model_load_s": round(load_s, 2),
        "runs": runs,
        "wall_s": {"min": min(walls), "median": statistics.median(walls), "max": max(walls)},
        "samples": samples,
        "cached_repeat_ms": round(cached_ms, 2),
        "cached_hit": cached.cached,
        "peak_rss_mb": _peak_rss_mb(),
    }
    if llm is not None:
        median_sample = sorted(samples, key=lambda s: s["wall_s"])[len(samples) // 2]
        context = median_sample["prompt_tokens"] // max(1, median_sample["llm_calls"])
        rates = _llama_rates(llm, context)
        modelled = (
            median_sample["evaluated_prompt_tokens"] / rates["prompt_tokens_per_s"]
            + median_sample["generated_tokens"] / rates["gen_tokens_per_s"]
        )
        floor = median_sample["llama_s"]
        result["floor"] = {
            **rates,
            "floor_s": floor,
            "modelled_floor_s": round(modelled, 2),
            "wall_over_floor": round(median_sample["wall_s"] / floor, 3),
        }
    if http_clients and http_requests:
        result["http"] = _http_load(settings, extractor, article, http_clients, http_requests)
    return result


def _http_load(settings: Settings, extractor: Extractor, article: str, clients: int, requests: int) -> dict[str, Any]:
    """Serve the already-loaded model on loopback and send ``requests`` from ``clients`` concurrent clients."""
    import asyncio

    from claimex.evals.load import ServerThread, hammer
    from claimex.service.api.app import create_app

    app = create_app(settings.model_copy(update={"result_cache_size": 0}), backend=extractor.backend)
    texts = [f"{article}\nThis is request {n}." for n in range(requests)]
    with ServerThread(app) as url:
        return asyncio.run(hammer(url, texts, clients, timeout_s=settings.deadline_s * requests))


def write_bench(result: dict[str, Any], out: Path | None) -> None:
    """Write the result as JSON when ``out`` is given."""
    import json

    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2), encoding="utf-8")
