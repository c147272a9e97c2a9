"""The ``claimex`` command: extract, serve, eval, bench."""

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

    serve = sub.add_parser("serve", help="run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    add_model_options(serve)

    evaluate = sub.add_parser("eval", help="score extractions against gold data; 'eval compare' gates changes")
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
        return _serve(args)
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


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from claimex.service.api.app import create_app
    from claimex.service.api.server import server_config

    settings = settings_with_options(vars(args))
    uvicorn.Server(server_config(create_app(settings), settings, host=args.host, port=args.port)).run()
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
