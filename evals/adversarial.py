"""``claimex bench --adversarial``: time and peak memory of hostile inputs at two sizes, and how they grow.

Each input is built at every size (default 10 kB and 100 kB) and extracted with the fake backend in a fresh
child process, so that its peak RSS is its own and a runaway input can be stopped by a timeout without taking
the bench down. Linear work grows about 10x from 10 kB to 100 kB; quadratic work about 100x. "s, 1 call" is the
same extraction allowed a single model call: segmentation, candidates, outlets and the article-wide lookups
without the per-claim work; the total also holds the fake model's calls (up to ``CLAIMEX_MAX_LLM_CALLS``, each
validated by instructor) and assembling their claims.
"""

from __future__ import annotations

import contextlib
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

_NAMES = ("Ana Ruiz", "Tomas Varga", "Lucia Ferreira", "Ingrid Solberg", "Pavel Novak", "Mira Holm")


def _fill(unit: Callable[[int], str], size: int, *, head: str = "", tail: str = "") -> str:
    """Repeat ``unit(i)`` between ``head`` and ``tail`` until the text is ``size`` characters long."""
    room = size - len(head) - len(tail)
    parts: list[str] = []
    length = i = 0
    while length < room:
        parts.append(unit(i))
        length += len(parts[-1])
        i += 1
    return head + "".join(parts)[:room] + tail


def _ordinary(i: int) -> str:
    name = _NAMES[i % len(_NAMES)]
    return (
        f"{name}, director of the harbour authority, said the {i}th crane would be repaired by June. "
        f"The council met on day {i % 28 + 1}. “We will pay,” {name.split()[1]} added.\n"
    )


# Every reproduction from issue 11, as a generator of an article of (about) the requested size.
INPUTS: dict[str, Callable[[int], str]] = {
    # outlets._PROPER_TAIL backtracked exponentially in the number of capitals.
    "proper_tail": lambda n: _fill(lambda i: "It was reported by " + "A" * 27 + "!\n", n),
    # segment._BOUNDARY on a run of punctuation.
    "dots": lambda n: "Officials said it. " + "." * (n - 19),
    # candidates._CONTINUATION on a run of whitespace inside a reporting sentence.
    "spaces": lambda n: _fill(lambda i: " ", n, head="Officials said", tail="that it rained."),
    # find_cues/assemble re-scanning the prefix per cue and per draft.
    "noting_chain": lambda n: _fill(lambda i: ", noting that y", n, head="Ana Ruiz said x", tail="."),
    # ordinary news-like text with thousands of candidate sentences.
    "ordinary": lambda n: _fill(_ordinary, n),
    # ten thousand short reporting sentences (about 10 characters each at 100 kB).
    "short_sentences": lambda n: _fill(lambda i: f"Ana said {i % 10}. ", n),
    # quotations that never close: each opening quote scanned to the end of the text.
    "open_quotes": lambda n: _fill(lambda i: "“a ", n, head="Officials said "),
    # quotes and cues interleaved in one sentence (cues x quotes checks).
    "quotes_and_cues": lambda n: _fill(lambda i: "“a” said ", n, tail="."),
    # abbreviations that never end the sentence (prefix re-scan per boundary).
    "abbreviations": lambda n: _fill(lambda i: "Mr. ", n, head="Officials said ", tail="x."),
    # outlet cue without "by" repeated in one sentence.
    "according_to": lambda n: _fill(lambda i: "according to reports ", n, head="Officials said "),
    # whitespace runs inside an outlet phrase.
    "outlet_spaces": lambda n: _fill(lambda i: " ", n, head="It was reported by Reuters", tail="and AP."),
    # a news-medium noun, then a run of spaces, then the same noun before a long capitalised run (news_media).
    "media_spaces": lambda n: _fill(lambda i: " ", n, head="the newspaper", tail="x. Ana " * 50 + "newspaper said."),
    # one capitalised run the length of the article.
    "capitals": lambda n: _fill(lambda i: "Ana ", n, head="Officials said ", tail="x."),
    # the same person credited in every sentence (names, roles, outlets looked up per claim).
    "one_speaker": lambda n: _fill(lambda i: "Ana Ruiz, the mayor, told Harbour News it rained. ", n),
}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_one(name: str, size: int) -> dict[str, Any]:
    """Extract one input in this process with the fake backend; time it and read peak RSS.

    Args:
        name: A key of ``INPUTS``.
        size: Article length in characters.

    Returns:
        Seconds, peak RSS before and after (MB), model calls, claims and the outcome.

    """
    from claimex.service.backends import create_backend
    from claimex.service.config import Settings
    from claimex.service.errors import ClaimexError
    from claimex.service.pipeline import Extractor

    settings = Settings(backend="fake", result_cache_size=0, max_article_chars=max(size, 100_000))
    extractor = Extractor(create_backend(settings), settings)
    extractor.extract("Ana Ruiz said it rained.", use_cache=False)  # imports and first-call costs out of the way
    text = INPUTS[name](size)
    rss_before = _rss_mb()
    began = time.perf_counter()
    outcome: dict[str, Any]
    try:
        response = extractor.extract(text, use_cache=False)
        outcome = {
            "outcome": "partial" if getattr(response, "partial", False) else "ok",
            "claims": len(response.claims),
            "llm_calls": response.usage.llm_calls,
        }
    except ClaimexError as exc:
        outcome = {"outcome": exc.error_type, "claims": 0, "llm_calls": None}
    seconds = time.perf_counter() - began
    outcome["pipeline_seconds"] = _pipeline_seconds(settings, text)
    return {"seconds": round(seconds, 3), "rss_before_mb": round(rss_before, 1), "peak_rss_mb": round(_rss_mb(), 1), **outcome}


def _pipeline_seconds(settings: Any, text: str) -> float | None:
    """The same extraction allowed one model call: nearly all of its time is the pipeline's own work."""
    from claimex.service.backends import create_backend
    from claimex.service.errors import ClaimexError
    from claimex.service.pipeline import Extractor

    if "max_llm_calls" not in type(settings).model_fields:
        return None  # a revision without the cap cannot be measured this way
    one_call = settings.model_copy(update={"max_llm_calls": 1})
    extractor = Extractor(create_backend(one_call), one_call)
    began = time.perf_counter()
    with contextlib.suppress(ClaimexError):  # an error still took its time
        extractor.extract(text, use_cache=False)
    return round(time.perf_counter() - began, 3)


def _measure_in_child(name: str, size: int, timeout_s: float) -> dict[str, Any]:
    command = [sys.executable, "-m", "claimex.evals.adversarial", name, str(size)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired:
        return {"outcome": "timeout", "seconds": None, "peak_rss_mb": None}
    if done.returncode != 0:
        return {"outcome": "crashed", "seconds": None, "peak_rss_mb": None, "stderr": done.stderr[-500:]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run_adversarial(
    *, sizes: tuple[int, ...] = (10_000, 100_000), timeout_s: float = 60.0, names: list[str] | None = None
) -> dict[str, Any]:
    """Measure every hostile input at every size, each in its own child process.

    Args:
        sizes: Article lengths in characters, smallest first.
        timeout_s: Longest a single measurement may run before it is stopped and reported as a timeout.
        names: Only these inputs (default: all).

    Returns:
        ``{"sizes": [...], "timeout_s": ..., "inputs": {name: {size: measurement}}}``.

    """
    results: dict[str, dict[str, Any]] = {}
    for name in names or list(INPUTS):
        results[name] = {}
        for size in sizes:
            results[name][str(size)] = _measure_in_child(name, size, timeout_s)
            if results[name][str(size)]["outcome"] == "timeout":
                break  # a larger size can only take longer
    return {"sizes": list(sizes), "timeout_s": timeout_s, "inputs": results}


def format_table(result: dict[str, Any]) -> str:
    """A Markdown table: per input, seconds and peak RSS at each size, and the growth ratios."""
    sizes = [str(s) for s in result["sizes"]]
    labels = [f"{int(s) // 1000} kB" for s in sizes]
    header = [
        "input",
        *(f"s @ {x}" for x in labels),
        "time ratio",
        *(f"s, 1 call @ {x}" for x in labels),
        *(f"peak MB @ {x}" for x in labels),
        "outcome",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name, by_size in result["inputs"].items():
        cells = [by_size.get(s, {}) for s in sizes]
        times = [c.get("seconds") for c in cells]
        rss = [c.get("peak_rss_mb") for c in cells]
        ratio = f"{times[-1] / max(times[0], 1e-3):.1f}" if None not in times and len(times) > 1 else "–"
        row = [
            name,
            *(_cell(t, c, result["timeout_s"]) for t, c in zip(times, cells, strict=True)),
            ratio,
            *(f"{c['pipeline_seconds']:.2f}" if c.get("pipeline_seconds") is not None else "–" for c in cells),
            *(f"{r:.0f}" if r is not None else "–" for r in rss),
            ", ".join(f"{c.get('outcome', 'not run')}" for c in cells),
        ]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def _cell(seconds: float | None, cell: dict[str, Any], timeout_s: float) -> str:
    if seconds is not None:
        return f"{seconds:.2f}"
    if cell.get("outcome") == "timeout":
        return f"> {timeout_s:.0f}"
    return "–"


if __name__ == "__main__":  # the child process of _measure_in_child
    print(json.dumps(measure_one(sys.argv[1], int(sys.argv[2]))))
