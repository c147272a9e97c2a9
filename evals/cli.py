"""``claimex eval`` and ``claimex bench`` (dispatched from service.cli)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from claimex.evals.dataset import SPLITS, GoldArticle, frozen_checksum_ok, load_dataset, load_split
from claimex.service.config import settings_with_options


def _model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--backend", choices=["llama", "openai", "fake"], help="model backend (default: llama)")
    parser.add_argument("--mode", choices=["candidates", "whole"], help="pipeline mode (default: candidates)")
    parser.add_argument("--prompt", help="prompt as name@version (default: the configured prompt, claims@v4)")
    parser.add_argument("--base-url", help="OpenAI-compatible endpoint (backend openai)")
    parser.add_argument("--model", help="model name sent to the endpoint")


def _replay_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="claimex eval replay",
        description="Re-score a model report with the claims of a rules-only report in the units the current "
        "settings (CLAIMEX_RULE_CLAUSES, CLAIMEX_RULE_UNQUOTED) read without a model call; no model is loaded.",
    )
    parser.add_argument("model_report", type=Path, help="report.json of a 'claimex eval' run with a model")
    parser.add_argument("rules_report", type=Path, help="report.json of a 'claimex eval --rules-only' run")
    parser.add_argument("--split", action="append", choices=SPLITS, help="split(s) to replay (default: dev)")
    args = parser.parse_args(argv)
    from claimex.evals.replay import replay, replay_table

    settings = settings_with_options({})
    for split in args.split or ["dev"]:
        print(replay_table(replay(args.model_report, args.rules_report, split, settings), split))
    return 0


def eval_main(argv: list[str]) -> int:
    """``claimex eval [--dataset] [--backend] [--prompt] [--repeat] --out DIR`` or ``claimex eval compare``."""
    if argv[:1] == ["compare"]:
        parser = argparse.ArgumentParser(
            prog="claimex eval compare", description="Delta table; non-zero exit on a drop."
        )
        parser.add_argument("old", type=Path, help="baseline report.json")
        parser.add_argument("new", type=Path, help="candidate report.json")
        parser.add_argument("--max-drop", type=float, default=0.02, help="largest allowed drop of a headline metric")
        parser.add_argument(
            "--split", action="append", help="gate on this split only (repeatable; default: every split in both)"
        )
        args = parser.parse_args(argv[1:])
        from claimex.evals.compare import compare_reports

        table, passed = compare_reports(args.old, args.new, max_drop=args.max_drop, splits=args.split)
        print(table)
        return 0 if passed else 1
    if argv[:1] == ["replay"]:
        return _replay_main(argv[1:])
    parser = argparse.ArgumentParser(
        prog="claimex eval",
        description="Score the pipeline (and the rule baseline) on gold data; writes DIR/report.json and "
        "DIR/report.html. 'claimex eval compare OLD.json NEW.json' gates a change; 'claimex eval replay "
        "MODEL.json RULES.json' re-scores a model report with the rules reading the units they now read.",
    )
    parser.add_argument(
        "--split",
        action="append",
        choices=SPLITS,
        help="gold split(s) to score: seed, dev, test (repeatable; default: all three, reported separately)",
    )
    parser.add_argument("--dataset", type=Path, help="score this gold JSONL instead of the bundled splits")
    parser.add_argument("--article", action="append", help="only the article(s) with this id (repeatable)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per article (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="directory for report.json and report.html")
    parser.add_argument(
        "--answer-cache",
        type=Path,
        help="SQLite file of model answers keyed by model and request: a rule change re-scores in seconds "
        "(default: CLAIMEX_ANSWER_CACHE, else <cache dir>/answers.sqlite3; 'none' turns it off)",
    )
    parser.add_argument(
        "--rules-only",
        action="store_true",
        help="score the rules alone, with a model that never finds a claim (the ablation every report carries): "
        "no model is loaded, so a split scores in a minute or two on any host",
    )
    _model_options(parser)
    args = parser.parse_args(argv)
    from claimex.evals.run import evaluate, rules_only_extractor, stderr_progress, write_report
    from claimex.service.backends import create_backend
    from claimex.service.pipeline import Extractor

    splits: dict[str, list[GoldArticle]] = (
        {args.dataset.stem: load_dataset(args.dataset)}
        if args.dataset
        else {name: load_split(name) for name in (args.split or SPLITS)}
    )
    if args.article:
        wanted = set(args.article)
        splits = {name: [a for a in arts if a.id in wanted] for name, arts in splits.items()}
        splits = {name: arts for name, arts in splits.items() if arts}
    frozen = frozen_checksum_ok()
    if frozen is False:
        print("claimex eval: WARNING: evals/gold/test.jsonl no longer matches test.sha256", file=sys.stderr)
    settings = settings_with_options(vars(args))
    if args.answer_cache is not None:
        cache = None if str(args.answer_cache) == "none" else args.answer_cache
        settings = settings.model_copy(update={"answer_cache": cache})
    elif settings.answer_cache is None:
        settings = settings.model_copy(update={"answer_cache": settings.cache_dir / "answers.sqlite3"})
    extractor = rules_only_extractor(settings) if args.rules_only else Extractor(create_backend(settings), settings)
    report = evaluate(splits, extractor, repeat=args.repeat, progress=stderr_progress)
    report["test_split_checksum_ok"] = frozen
    json_path, html_path = write_report(report, args.out)
    print(
        json.dumps(
            {
                "splits": {name: _headline(entry) for name, entry in report["splits"].items()},
                "test_split_checksum_ok": frozen,
                "report": str(json_path),
                "html": str(html_path),
            },
            indent=2,
        )
    )
    return 0


def _headline(entry: dict[str, Any]) -> dict[str, Any]:
    keys = ("claim_f1_strict", "claim_precision_strict", "claim_recall_strict", "speaker_accuracy", "hedge_within_one")
    return {
        "articles": entry["articles"],
        "claimex": {k: entry["overall"][k] for k in keys},
        "rules_only": {k: entry["rules_only"][k] for k in keys},
        "baseline": {k: entry["baseline"][k] for k in keys},
    }


def bench_main(argv: list[str]) -> int:
    """``claimex bench [--runs N] [--article PATH] [--out FILE]``."""
    parser = argparse.ArgumentParser(
        prog="claimex bench",
        description="Run the full extraction N times after a warm-up; print wall time, tokens, model vs pipeline "
        "time, peak RSS, cached-repeat latency and the llama.cpp floor measured in the same run.",
    )
    parser.add_argument("--runs", type=int, default=3, help="measured runs (default 3)")
    parser.add_argument("--article", type=Path, default=Path("seeds/000_ef2a9120c73b0acb.txt"), help="article file")
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    parser.add_argument("--http-clients", type=int, default=0, help="also load the HTTP service with K clients")
    parser.add_argument("--http-requests", type=int, default=0, help="requests the HTTP clients send in all")
    parser.add_argument(
        "--adversarial",
        action="store_true",
        help="instead: time and peak RSS of every hostile input (fake backend) at each --sizes, with growth ratios; "
        "with --http-clients/--http-requests also the worst inputs over HTTP (status counts, slowest /healthz, "
        "threads and RSS before and after)",
    )
    parser.add_argument("--sizes", default="10000,100000", help="adversarial article sizes in characters")
    parser.add_argument("--timeout-s", type=float, default=60.0, help="adversarial: stop one input after this long")
    parser.add_argument("--only", action="append", help="adversarial: only this input (repeatable)")
    _model_options(parser)
    args = parser.parse_args(argv)
    if args.adversarial:
        from claimex.evals.adversarial import format_table, run_adversarial
        from claimex.evals.bench import write_bench

        sizes = tuple(int(s) for s in args.sizes.split(","))
        adversarial = run_adversarial(sizes=sizes, timeout_s=args.timeout_s, names=args.only)
        if args.http_clients and args.http_requests:
            from claimex.evals.hostile_load import run_hostile_load

            adversarial["http"] = run_hostile_load(
                settings_with_options(vars(args)),
                clients=args.http_clients,
                requests=args.http_requests,
                size=max(sizes),
            )
        write_bench(adversarial, args.out)
        print(format_table(adversarial))
        if "http" in adversarial:
            print(json.dumps(adversarial["http"], indent=2))
        return 0
    from claimex.evals.bench import run_bench, write_bench

    result = run_bench(
        settings_with_options(vars(args)),
        args.article.read_text(encoding="utf-8"),
        runs=args.runs,
        http_clients=args.http_clients,
        http_requests=args.http_requests,
    )
    write_bench(result, args.out)
    print(json.dumps(result, indent=2))
    return 0


def main(command: str, argv: list[str]) -> int:
    """Entry point for ``claimex eval`` and ``claimex bench``."""
    if command == "bench":
        return bench_main(argv)
    return eval_main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
