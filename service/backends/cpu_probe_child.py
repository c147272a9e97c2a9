"""The child side of the CPU probe: load the model and decode a few tokens (``python -m`` this module).

It exits 0 on success; a CPU fault kills it by a signal, which the parent reads from the exit code.
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    """Load ``model`` with the given threads and buffer-type choice, evaluate a short prompt, generate 4 tokens."""
    parser = argparse.ArgumentParser(prog="claimex-cpu-probe")
    parser.add_argument("model")
    parser.add_argument("threads", type=int)
    parser.add_argument("--no-extra-buffer-types", action="store_true")
    args = parser.parse_args(argv)
    from claimex.service.backends.llama_cpp import open_llama

    llm = open_llama(
        args.model, n_ctx=256, n_threads=args.threads, n_batch=64, extra_buffer_types=not args.no_extra_buffer_types
    )
    llm.create_completion("The probe checks that the CPU kernels run:", max_tokens=4, temperature=0.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
