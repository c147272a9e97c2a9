"""Gold data, scorers, the eval runner, reports and benchmarks."""
