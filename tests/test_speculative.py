from types import SimpleNamespace

import numpy as np

from claimex.service.backends.speculative import PromptLookupDraft, TailLogitsBatch, enable_prompt_lookup


def ids(*tokens):
    return np.array(tokens, dtype=np.intc)


def test_the_latest_earlier_occurrence_of_the_longest_suffix_is_continued():
    draft = PromptLookupDraft(draft_tokens=3, max_ngram=3, min_ngram=2)
    # 7 8 occurs twice before the end; the later occurrence (followed by 4 5 6) wins.
    assert draft(ids(7, 8, 1, 2, 7, 8, 4, 5, 6, 9, 7, 8)).tolist() == [4, 5, 6]
    # A 3-gram match beats a later 2-gram match.
    assert draft(ids(3, 7, 8, 1, 2, 7, 8, 4, 3, 7, 8)).tolist() == [1, 2, 7]


def test_no_guess_without_an_earlier_occurrence_and_never_past_the_end():
    draft = PromptLookupDraft(draft_tokens=5, max_ngram=3, min_ngram=2)
    assert draft(ids(1, 2, 3, 4)).size == 0
    assert draft(ids(1, 2, 9, 1, 2)).tolist() == [9, 1, 2]


class RecordingBatch:
    def __init__(self, size):
        self.batch = SimpleNamespace(logits=[False] * size)

    def set_batch(self, batch, n_past, logits_all):
        for i in range(len(batch)):
            self.batch.logits[i] = logits_all
        self.batch.logits[len(batch) - 1] = True


def test_only_the_last_tail_tokens_of_a_batch_get_logits():
    inner = RecordingBatch(8)
    wrapped = TailLogitsBatch(inner, tail=3)
    wrapped.set_batch(list(range(8)), n_past=0, logits_all=False)
    assert inner.batch.logits == [False] * 5 + [True] * 3
    assert wrapped.batch is inner.batch  # everything else is the real batch's


def test_enabling_wraps_the_batch_and_sets_the_draft_model():
    llm = SimpleNamespace(_batch=RecordingBatch(4), draft_model=None)
    enable_prompt_lookup(llm, 0)
    assert llm.draft_model is None and isinstance(llm._batch, RecordingBatch)
    enable_prompt_lookup(llm, 4)
    assert isinstance(llm.draft_model, PromptLookupDraft) and llm._batch.tail == 5
