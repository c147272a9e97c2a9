"""The ``claimex`` command: extract, serve, worker, batch, doctor, eval, bench."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimex.service.config import settings_with_options
from claimex.service.errors import ClaimexError


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with help for every option."""
    parser = argparse.ArgumentParser(
        prog="claimex",
        description="Extract attributed claims from news articles as validated JSON. Settings come from "
        "CLAIMEX_* environment variables (see README); options here override them.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def add_model_options(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--backend", choices=["llama", "openai", "fake"], help="model backend (default: llama, embedded)"
        )
        p.add_argument("--mode", choices=["candidates", "whole"], help="pipeline mode (default: candidates)")
        p.add_argument("--prompt", help="prompt as name@version, e.g. claims@v1")
        p.add_argument("--base-url", help="OpenAI-compatible endpoint URL (backend openai)")
        p.add_argument("--model", help="model name sent to the endpoint")

    extract = sub.add_parser("extract", help="print the claims of one article as JSON")
    extract.add_argument("path", help="article text file, or - for standard input")
    add_model_options(extract)

    def add_job_options(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--database-url",
            help="postgresql://... job store shared with 'claimex worker's (default: CLAIMEX_DATABASE_URL; "
            "unset: SQLite in the cache dir, workers in this process)",
        )
        p.add_argument("--job-workers", type=int, help="articles this process runs at once (default: the backend's)")

    serve = sub.add_parser("serve", help="run the HTTP API (with its own job workers)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    add_model_options(serve)
    add_job_options(serve)

    worker = sub.add_parser("worker", help="run job articles from the PostgreSQL store (start one per machine)")
    worker.add_argument("--metrics-port", type=int, help="serve Prometheus metrics on this port")
    worker.add_argument("--metrics-host", default="127.0.0.1", help="address for the metrics (default 127.0.0.1)")
    add_model_options(worker)
    add_job_options(worker)

    batch = sub.add_parser("batch", help="extract many articles: one JSON line each, progress bar, resumable")
    batch.add_argument("input", metavar="IN", help='JSONL of {"id", "text", "source"?}, a directory of .txt, or -')
    batch.add_argument("--out", type=Path, help="output JSONL (default: standard output)")
    batch.add_argument("--resume", action="store_true", help="keep OUT and skip the ids already in it")
    batch.add_argument(
        "--on-workers",
        action="store_true",
        help="submit to the PostgreSQL store and let 'claimex worker's run it (needs --database-url)",
    )
    add_model_options(batch)
    add_job_options(batch)

    doctor = sub.add_parser(
        "doctor", help="check the installation, CPU features, model file and speed; exit 1 with a fix"
    )
    doctor.add_argument("--no-speed", action="store_true", help="skip loading the model and the ~10 s speed probe")
    add_model_options(doctor)

    evaluate = sub.add_parser(
        "eval",
        help="score extractions against gold data; 'eval compare' gates changes; 'eval replay' re-scores a model "
        "report with the rules reading the units they now read",
    )
    evaluate.add_argument("args", nargs=argparse.REMAINDER, help="see 'claimex eval --help'")

    bench = sub.add_parser("bench", help="measure speed and memory of the full extraction")
    bench.add_argument("args", nargs=argparse.REMAINDER, help="see 'claimex bench --help'")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: Arguments (default: ``sys.argv[1:]``).

    Returns:
        The process exit code.

    """
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] in (["eval"], ["bench"]):
        # The CLI is the top of the stack: only here does service reach into evals.
        from claimex.evals import cli as evals_cli

        try:
            return evals_cli.main(argv[0], argv[1:])
        except ClaimexError as exc:
            print(f"claimex: error: {exc}", file=sys.stderr)
            return 2
    args = build_parser().parse_args(argv)
    try:
        if args.command == "extract":
            return _extract(args)
        if args.command == "doctor":
            return _doctor(args)
        if args.command == "batch":
            return _batch(args)
        if args.command == "worker":
            return _worker(args)
        return _serve(args)
    except KeyboardInterrupt:
        print("claimex: interrupted; every line written so far is complete (rerun with --resume).", file=sys.stderr)
        return 130
    except ClaimexError as exc:
        print(f"claimex: error: {exc}", file=sys.stderr)
        return 2


def _extract(args: argparse.Namespace) -> int:
    from claimex.service.backends import create_backend
    from claimex.service.pipeline import Extractor

    text = _read_stdin() if args.path == "-" else _read_article(Path(args.path))
    settings = settings_with_options(vars(args))
    response = Extractor(create_backend(settings), settings).extract(text)
    print(response.model_dump_json(indent=2))
    return 0


def _doctor(args: argparse.Namespace) -> int:
    from claimex.service.doctor import run_doctor

    report = run_doctor(settings_with_options(vars(args)), speed=not args.no_speed)
    print("\n".join(report.lines))
    for problem in report.problems:
        print(f"PROBLEM: {problem}")
    print("claimex doctor: " + ("OK" if not report.problems else f"{len(report.problems)} problem(s)"))
    return 1 if report.problems else 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from claimex.service.api.app import create_app
    from claimex.service.api.server import server_config
    from claimex.service.logs import configure_logging

    settings = settings_with_options(vars(args))
    configure_logging(settings.log_format, settings.log_level)
    # Our middleware writes the access log (with the request id); uvicorn's own would repeat it without one.
    config = server_config(
        create_app(settings), settings, host=args.host, port=args.port, log_config=None, access_log=False
    )
    uvicorn.Server(config).run()
    return 0


def _worker(args: argparse.Namespace) -> int:
    import asyncio

    from claimex.service.jobs.worker import run_worker_process
    from claimex.service.logs import configure_logging

    settings = settings_with_options(vars(args))
    configure_logging(settings.log_format, settings.log_level)
    asyncio.run(run_worker_process(settings, metrics_port=args.metrics_port, metrics_host=args.metrics_host))
    return 0


def _batch(args: argparse.Namespace) -> int:
    from claimex.service.batch import run_batch
    from claimex.service.errors import ConfigurationError
    from claimex.service.logs import configure_logging

    settings = settings_with_options(vars(args))
    configure_logging(settings.log_format, "WARNING")  # the progress bar is the report; logs only for trouble
    if args.on_workers and settings.database_url is None:
        raise ConfigurationError("--on-workers needs a PostgreSQL store: --database-url or CLAIMEX_DATABASE_URL.")
    if args.resume and args.out is None:
        raise ConfigurationError("--resume needs --out (the file whose ids are skipped).")
    run_batch(args.input, args.out, resume=args.resume, settings=settings, workers=args.on_workers)
    return 0


def _read_stdin() -> str:
    from claimex.service.errors import InputError

    try:
        return sys.stdin.buffer.read().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"standard input is not UTF-8 text (bad byte at position {exc.start}); convert it first "
            "(e.g. iconv -t UTF-8).",
            field="stdin",
        ) from exc


def _read_article(path: Path) -> str:
    from claimex.service.errors import InputError

    if not path.is_file():
        raise InputError(f"no such file: {path}", field="path")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 text; convert it first (e.g. iconv -t UTF-8).", field="path") from exc


if __name__ == "__main__":
    raise SystemExit(main())
