"""Whole mode: one model call per article chunk; each claim's evidence is aligned back to the article."""

from __future__ import annotations

from bisect import bisect_right

from claimex.prompts import PromptTemplate
from claimex.schemas.drafts import ArticleDraft
from claimex.service.backends.base import Backend
from claimex.service.deadline import Deadline
from claimex.service.pipeline.align import align_to_article, best_sentence_span
from claimex.service.pipeline.asking import Answer, Draft, DraftRun, map_answers
from claimex.service.pipeline.budget import CallBudget, ask_within
from claimex.service.pipeline.segment import Sentence


def draft_whole(
    backend: Backend,
    template: PromptTemplate,
    article: str,
    sentences: list[Sentence],
    chunks: list[tuple[int, int]],
    *,
    max_retries: int,
    deadline: Deadline,
    max_calls: int | None = None,
) -> DraftRun:
    """One model call per chunk; each claim's evidence is aligned to the article to find its sentence."""
    per_question = 1 + max_retries
    budget = CallBudget(max_calls if max_calls is not None else per_question * len(chunks))

    def ask(chunk: tuple[int, int]) -> Answer[ArticleDraft] | None:
        granted = budget.reserve(per_question)
        if not granted:
            return None
        messages = template.render(article=article[chunk[0] : chunk[1]])
        answer = Answer[ArticleDraft]()
        answer.add(
            ask_within(
                budget,
                granted,
                deadline,
                lambda retries, timeout: backend.extract(
                    messages,
                    ArticleDraft,
                    max_retries=retries,
                    context={"article": article, "examples": template.example_text},
                    timeout=timeout,
                ),
            )
        )
        return answer

    run = DraftRun()
    spans = [(s.start, s.end) for s in sentences]
    starts = [s.start for s in sentences]
    answered = map_answers(ask, chunks, backend.parallel_calls, run)
    if budget.refused and not run.timed_out:
        run.unasked = len(chunks) - len(answered)
        run.warnings.append(
            f"the model read {len(answered)} of {len(chunks)} chunks: the cap of {budget.limit} model calls per "
            "request (CLAIMEX_MAX_LLM_CALLS) was reached, so the claims of the rest are missing."
        )
    for answer in answered:
        run.record(answer)
        for claim in answer.value.claims if answer.value is not None else []:
            span = align_to_article(claim.evidence, article) or best_sentence_span(claim.evidence, spans, article)
            if span is None:
                run.warnings.append(f"dropped a claim whose evidence is not in the article: {claim.claim[:80]!r}")
                continue
            i = bisect_right(starts, span[0]) - 1  # the sentence holding the span's start, by bisection
            sentence = sentences[i] if i >= 0 and span[0] < sentences[i].end else sentences[-1]
            run.drafts.append(Draft(claim, sentence, span))
    return run
