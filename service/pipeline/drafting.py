"""Ask the model about each report unit (candidates mode); rules read what needs no model."""

from __future__ import annotations

from bisect import bisect_left

from claimex.prompts import PromptTemplate
from claimex.schemas.claims import HedgeLevel
from claimex.schemas.drafts import DraftClaim, SentenceDraft, UnitClaims
from claimex.service.backends.base import Backend, Completion, Messages
from claimex.service.deadline import Deadline
from claimex.service.errors import InvalidModelOutputError
from claimex.service.pipeline.asking import Answer, Draft, DraftRun, map_answers
from claimex.service.pipeline.budget import CallBudget, ask_within
from claimex.service.pipeline.candidates import Candidate
from claimex.service.pipeline.credit import Attribution
from claimex.service.pipeline.denials import denial_claims, negate_copied_clauses
from claimex.service.pipeline.hedges import IMPERSONAL
from claimex.service.pipeline.lexicon import load_lexicon
from claimex.service.pipeline.rules import clause_sentences, contests, plain_clause_claims, quoted, rules_reading

MAX_CLAIMS_PER_UNIT = 2
_NUDGE = (
    "Sentence [{sentence_id}] reports what someone asserts (it says {cue!r}). List that claim with its speaker; "
    'answer {{"claims": []}} again only if it truly reports no claim.'
)


def draft_candidates(
    backend: Backend,
    template: PromptTemplate,
    article: str,
    candidates: list[Candidate],
    chunks: list[tuple[int, int]],
    *,
    max_retries: int,
    deadline: Deadline,
    max_calls: int | None = None,
    rule_clauses: bool = False,
    rule_unquoted: bool = False,
) -> DraftRun:
    """One model call per report unit of each candidate; the article chunk comes first so the prefix is shared.

    A sentence with one unit is asked about whole; a sentence with continuations ("noting that …") is asked
    about one unit at a time, so each reported proposition gets its own answer and its own evidence. A unit
    the rules are certain of (a speaker's whole-sentence quotation) is read without a model call, and so (with
    ``rule_unquoted``) is a named speaker's unquoted, certain report (``unquoted_certain_report``). At most
    ``max_calls`` model calls are made; units past the cap, or left when the deadline passes, are not asked,
    and the run says so (``partial``, with a warning).
    """
    units = [
        (c, k, span) for c in candidates for k, span in enumerate(c.units or ((c.sentence.start, c.sentence.end),))
    ]
    per_question = 1 + max_retries
    budget = CallBudget(max_calls if max_calls is not None else 2 * per_question * len(units))

    def ask(
        unit: tuple[Candidate, int, tuple[int, int]],
    ) -> tuple[Candidate, int, tuple[int, int], Answer[SentenceDraft]] | None:
        candidate, k, span = unit
        attribution = candidate.attribution_for(span)
        certain = _certain_reading(article, candidate, span, attribution, rule_clauses)
        if certain and attribution is not None:
            claims = [
                DraftClaim.model_construct(speaker=attribution.speaker, claim=text, hedge=attribution.hedge)
                for text in certain
            ]
            return candidate, k, span, Answer(value=SentenceDraft.model_construct(claims=claims), rule=True)
        if rule_unquoted and attribution is not None and unquoted_certain_report(article, span, attribution):
            return candidate, k, span, Answer(value=_rules_answer(article, candidate, span, attribution), rule=True)
        granted = budget.reserve(per_question)
        if not granted:
            return None
        messages, focus, sentence_id = _unit_prompt(template, article, chunks, candidate, k, span)
        context = {"article": article, "focus": focus, "examples": template.example_text}
        shape: type[SentenceDraft | UnitClaims] = UnitClaims if template.response == "unit_claims" else SentenceDraft

        def put(question: Messages, reserved: int) -> Completion[SentenceDraft]:
            done = ask_within(
                budget,
                reserved,
                deadline,
                lambda retries, timeout: backend.extract(
                    question, shape, max_retries=retries, context=context, timeout=timeout
                ),
            )
            return Completion(
                as_sentence_draft(done.value, attribution), done.prompt_tokens, done.completion_tokens, done.calls
            )

        answer = Answer[SentenceDraft]()
        nameable = _nameable(candidate, attribution)
        try:
            answer.add(put(messages, granted))
        except InvalidModelOutputError as exc:
            # Every re-ask was invalid (the model kept quoting other sentences): the rules' reading, if any.
            fallback = rules_reading(article, span, attribution, clause=True) if nameable else None
            if fallback is None:
                raise
            answer.calls += int(exc.context.get("calls", granted))
            answer.value, answer.rescued = fallback, True
            errors = "; ".join(exc.context.get("validation_errors", []))[:500]
            run.warnings.append(f"{exc.message}: {errors}; the rules' reading of that unit was used instead")
            return candidate, k, span, answer
        cue_starts = [c.start for c in candidate.cues]  # in order: the unit's cues by bisection
        cues = list(candidate.cues[bisect_left(cue_starts, span[0]) : bisect_left(cue_starts, span[1])])
        if (
            answer.value is not None
            and not answer.value.claims
            and cues
            and answer.calls == 1
            and (granted := budget.reserve(per_question))
        ):
            # The parse saw a reporting cue: an empty first answer gets one nudge. An empty answer to a re-ask
            # is already the model insisting (measured: such nudges never changed the answer), so none then.
            nudge = [
                *messages,
                {"role": "assistant", "content": '{"claims": []}'},
                {"role": "user", "content": _NUDGE.format(sentence_id=sentence_id, cue=cues[0].text)},
            ]
            answer.add(put(nudge, granted))
        if answer.value is not None and answer.value.claims:
            kept = negate_copied_clauses(answer.value.claims, article, span, attribution)
            answer.value = SentenceDraft.model_construct(claims=kept)
        if answer.value is not None and not answer.value.claims and attribution is not None:
            # The model insists there is no claim where the parse sees a report: the rules' reading, if any.
            answer.value = _rules_answer(article, candidate, span, attribution)
        return candidate, k, span, answer

    run = DraftRun()
    # Every asked question costs at least one call: past the cap's count of units none can be asked.
    answered = map_answers(ask, units[: budget.limit], backend.parallel_calls, run)
    if answered and all(answer.rescued for *_, answer in answered) and not run.timed_out:
        # No question got a valid answer: the model is failing, not one sentence; say so rather than answer by rules.
        raise InvalidModelOutputError(
            "every model answer stayed invalid after the allowed re-asks", validation_errors=run.warnings[:5]
        )
    for candidate, k, span, answer in answered:
        run.record(answer)
        evidence = None if len(candidate.units) <= 1 else span
        # At most two claims per report unit: a unit rarely reports more once split at "noting that"; on the dev
        # split the model's third and later claims for one unit were mostly restatements or narration.
        claims = (answer.value.claims if answer.value is not None else [])[:MAX_CLAIMS_PER_UNIT]
        attribution = candidate.attribution_for(span)
        # "…, noting that B" continues the first unit's speaker (the parse of a later verb's subject is often
        # wrong: "called it B"); "…, and according to Y, B" and "…, but Y said B" name a source of their own.
        continues = k > 0 and not candidate.opens_own_report(span)
        run.drafts.extend(
            Draft(claim, candidate.sentence, evidence, continuation=continues, attribution=attribution)
            for claim in claims
        )
    if (budget.refused or len(units) > budget.limit) and not run.timed_out:
        run.unasked = len(units) - len(answered)
        run.warnings.append(
            f"the model was asked about {len(answered)} of {len(units)} report units: the cap of {budget.limit} "
            "model calls per request (CLAIMEX_MAX_LLM_CALLS) was reached, so the claims of the rest are missing."
        )
    return run


def read_without_model(
    article: str,
    candidate: Candidate,
    span: tuple[int, int],
    attribution: Attribution,
    *,
    rule_clauses: bool,
    rule_unquoted: bool,
) -> bool:
    """Whether ``draft_candidates`` reads this unit by rules without asking the model (evals replay this)."""
    if _certain_reading(article, candidate, span, attribution, rule_clauses):
        return True
    return rule_unquoted and unquoted_certain_report(article, span, attribution)


def unquoted_certain_report(article: str, span: tuple[int, int], attribution: Attribution) -> bool:
    """Whether the rules read a unit no worse than the model: a plain report by a named speaker, unquoted.

    That is a unit with no quotation mark whose own cue (not "according to", not a running quote's, not a verb
    that characterises: ``Lexicon.characterises``) asserts with certainty and whose speaker the parse names.
    Measured by replaying the embedded model's reference answers on dev with the rules' claims in such units
    (``claimex eval`` reports of both): the model added 5 matched claims there for 32 false ones (narrated acts
    such as "X announced his resignation").
    """
    if attribution.running or not attribution.speaker or attribution.hedge is not HedgeLevel.certain:
        return False
    if attribution.cue.prepositional or not span[0] <= attribution.cue.start < span[1]:
        return False
    if load_lexicon().characterises(attribution.cue.lemma):
        return False  # "described the plan as costly": the claim must be restated, which the rules cannot do
    return not quoted(article[span[0] : span[1]])


def _nameable(candidate: Candidate, attribution: Attribution | None) -> bool:
    """Whether the rules may read the unit when the model will not.

    The parse knows who reports it (or the report is impersonal speculation), the article asserts it, and the
    cue does not contest its clause.
    """
    return (
        attribution is not None
        and attribution.asserted
        and bool(attribution.speaker or IMPERSONAL.search(candidate.sentence.text))
        and not contests(attribution)
    )


def _rules_answer(article: str, candidate: Candidate, span: tuple[int, int], attribution: Attribution) -> SentenceDraft:
    """The rules' claims for a unit: their reading of the clause, a denial restated, or none."""
    if _nameable(candidate, attribution):
        return rules_reading(article, span, attribution) or SentenceDraft.model_construct(claims=[])
    denied = denial_claims(article, span, attribution) or []
    claims = [DraftClaim.model_construct(speaker=attribution.speaker, claim=t, hedge=attribution.hedge) for t in denied]
    return SentenceDraft.model_construct(claims=claims)


def _certain_reading(
    article: str, candidate: Candidate, span: tuple[int, int], attribution: Attribution | None, rule_clauses: bool
) -> list[str] | None:
    """The claims when the rules are certain of them, so the model has nothing to add; else None.

    A speaker's own whole-sentence quotation (one claim per clause when "and"/"but" joins finite clauses), or
    (with ``rule_clauses``) a named speaker's plain report of finite clauses ("X said <clause>.").
    """
    if attribution is None:
        return None
    if candidate.quoted_claim is not None and len(candidate.quoted_claim) >= 3:
        inside = all(span[0] <= a < b <= span[1] for a, b in attribution.clauses)
        joined = clause_sentences(article, attribution.clauses) if inside and attribution.clauses else None
        return joined or [candidate.quoted_claim]  # a quotation of "A and B" is two claims
    if rule_clauses:
        return plain_clause_claims(article, span, attribution, [c.start for c in candidate.cues])
    return None


def _unit_prompt(
    template: PromptTemplate,
    article: str,
    chunks: list[tuple[int, int]],
    candidate: Candidate,
    k: int,
    span: tuple[int, int],
) -> tuple[Messages, str, str]:
    """The messages asking about one report unit, the unit's text (the focus) and the id it is shown with."""
    start, end = next(((a, b) for a, b in chunks if a <= candidate.sentence.start < b), chunks[-1])
    whole = len(candidate.units) <= 1
    focus = candidate.sentence.text if whole else article[span[0] : span[1]]
    number = str(candidate.sentence.index + 1)
    if "part" in template.variables:  # claims@v2: whole sentence shown, the part named as the focus
        values = {
            "sentence_id": number,
            "sentence": candidate.sentence.text,
            "part": "the whole sentence" if whole else f'"{focus}"',
        }
    else:  # claims@v1, v3: the unit itself is the sentence, numbered [Nb], [Nc] after the first
        values = {"sentence_id": number + ("" if k == 0 else "abcdefgh"[min(k, 7)]), "sentence": focus}
    if "speaker" in template.variables:  # claims@v4: the parse's speaker is given; '?' asks the model for one
        attribution = candidate.attribution_for(span)
        values["speaker"] = attribution.speaker if attribution is not None and attribution.speaker else "?"
    return template.render(article=article[start:end], **values), focus, values["sentence_id"]


def as_sentence_draft(value: SentenceDraft | UnitClaims, attribution: Attribution | None) -> SentenceDraft:
    """Give a compact answer the long form: the parse's speaker (else the model's) and the cue's hedge.

    The hedge set here only stands in: ``assemble`` prefers the cue lexicon and the claim's own hedge words.
    """
    if isinstance(value, SentenceDraft):
        return value
    speaker = attribution.speaker if attribution is not None and attribution.speaker else value.speaker
    hedge = attribution.hedge if attribution is not None else HedgeLevel.certain
    # Built without re-validation: both parts were validated already (the model's against the article).
    return SentenceDraft.model_construct(
        claims=[DraftClaim.model_construct(speaker=speaker, claim=text, hedge=hedge) for text in value.claims]
    )
