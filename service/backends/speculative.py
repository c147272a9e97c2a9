"""Prompt-lookup speculative decoding for the embedded model, without llama-cpp-python's ``logits_all`` cost.

Claims copy the article: a claim restates its sentence, a speaker is a name in it, and the JSON around them
repeats the few-shot answers. Prompt lookup guesses the next tokens by finding the last few generated tokens
earlier in the context and proposing what followed them there; llama.cpp checks all guesses in one batch and
keeps the ones it would have generated itself, so with greedy decoding the answer is the same, only sooner.

llama-cpp-python supports a draft model only with ``logits_all=True``, which makes llama.cpp compute and
Python copy the logits of *every* evaluated token (n_ctx × vocab × 4 bytes: 2.5 GB for this model at
n_ctx 4096, and a 151,936-wide row per prompt token). Verifying a guess needs logits only at the guessed
positions, i.e. the last ``draft_tokens + 1`` tokens of a batch, so the batch is wrapped to ask for exactly
those and ``logits_all`` stays off.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt


class PromptLookupDraft:
    """Propose the tokens that followed the latest earlier occurrence of the context's last n-gram.

    The longest n-gram (``max_ngram`` down to ``min_ngram`` tokens) with an earlier occurrence wins; among its
    occurrences the latest is used, since the sentence being asked about is shown last in the prompt and the
    answer restates it.

    Args:
        draft_tokens: Most tokens proposed at once.
        max_ngram: Longest suffix looked up.
        min_ngram: Shortest suffix looked up. On this 2-core CPU checking a guess costs nearly as much as
            generating it, so only long matches pay: 3 tokens measured better than 2.

    """

    def __init__(self, draft_tokens: int = 4, max_ngram: int = 4, min_ngram: int = 3) -> None:
        self.draft_tokens = draft_tokens
        self.max_ngram = max_ngram
        self.min_ngram = min_ngram

    def __call__(self, input_ids: npt.NDArray[np.intc], /, **kwargs: Any) -> npt.NDArray[np.intc]:
        """Return up to ``draft_tokens`` proposed next tokens (empty when the suffix occurs nowhere earlier)."""
        length = int(input_ids.shape[0])
        for n in range(min(self.max_ngram, length - 1), self.min_ngram - 1, -1):
            suffix = input_ids[length - n :]
            # Windows starting before the suffix itself, so that every match has at least one token after it.
            windows = np.lib.stride_tricks.sliding_window_view(input_ids[: length - 1], n)
            matches = np.flatnonzero((windows == suffix).all(axis=1))
            if matches.size:
                start = int(matches[-1]) + n
                return np.asarray(input_ids[start : min(start + self.draft_tokens, length)], dtype=np.intc)
        return np.empty(0, dtype=np.intc)


class TailLogitsBatch:
    """A ``LlamaBatch`` stand-in that asks llama.cpp for the logits of a batch's last ``tail`` tokens only.

    ``Llama.generate`` samples the guessed positions by negative index from the end of the batch, so those
    are the only logits a speculative step needs; a long prompt batch still gets just its final few.
    """

    def __init__(self, inner: Any, tail: int) -> None:
        self._inner = inner
        self.tail = tail

    def set_batch(self, batch: Any, n_past: int, logits_all: bool) -> None:
        """Fill the batch as llama-cpp-python does, then mark the last ``tail`` tokens for logits."""
        self._inner.set_batch(batch, n_past, logits_all)
        for i in range(max(0, len(batch) - self.tail), len(batch)):
            self._inner.batch.logits[i] = True

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def enable_prompt_lookup(llm: Any, draft_tokens: int) -> None:
    """Turn on prompt-lookup speculative decoding for an already constructed ``llama_cpp.Llama``.

    Args:
        llm: The model; its ``logits_all`` must be off (the default), which this keeps.
        draft_tokens: Most tokens guessed per step; 0 leaves the model unchanged.

    """
    if draft_tokens <= 0:
        return
    llm._batch = TailLogitsBatch(llm._batch, tail=draft_tokens + 1)
    llm.draft_model = PromptLookupDraft(draft_tokens=draft_tokens)
