from claimex.evals.bench import run_bench, write_bench


def test_bench_reports_timings_tokens_memory_and_cache(tmp_path, settings, coffee):
    result = run_bench(settings, coffee, runs=2, http_clients=3, http_requests=6)
    assert result["http"]["completed"] == 6 and result["http"]["5xx"] == 0
    assert result["runs"] == 2 and len(result["samples"]) == 2
    assert result["wall_s"]["min"] <= result["wall_s"]["median"] <= result["wall_s"]["max"]
    assert all(s["llm_calls"] > 0 and s["claims"] > 0 for s in result["samples"])
    assert result["cached_hit"] and result["cached_repeat_ms"] < 1000
    assert result["peak_rss_mb"] > 0
    assert "floor" not in result  # only the embedded model has a llama.cpp floor
    write_bench(result, tmp_path / "b.json")
    assert (tmp_path / "b.json").read_text().startswith("{")
