"""Turn model drafts into grounded ``Claim`` objects: speakers, roles, hedges, quote types, outlets, merging."""

from __future__ import annotations

import re

from pydantic import ValidationError

from claimex.schemas.claims import Claim, QuoteType, clean_speaker
from claimex.service.pipeline.candidates import QUOTE_PATTERN
from claimex.service.pipeline.drafting import Draft
from claimex.service.pipeline.hedges import IMPERSONAL, combine_hedges, hedge_of_claim
from claimex.service.pipeline.outlets import Attributed, find_outlets, propagate_outlets
from claimex.service.pipeline.segment import Sentence
from claimex.service.pipeline.speakers import (
    SpeakerResolution,
    is_generic_person,
    person_names,
    resolve_speaker,
    role_of,
    supported_by_sentence,
)

_WORD = re.compile(r"\w+", re.UNICODE)


def quote_type_of(evidence: str) -> QuoteType:
    """Direct when the evidence opens with a quotation, mixed when it quotes within a paraphrase, else indirect."""
    quotes = list(QUOTE_PATTERN.finditer(evidence))
    if not quotes:
        return QuoteType.indirect
    if quotes[0].start() == 0:
        return QuoteType.direct
    return QuoteType.mixed


def assemble_claims(drafts: list[Draft], article: str, sentences: list[Sentence]) -> tuple[list[Claim], list[str]]:
    """Resolve, complete, ground and de-duplicate drafts.

    Args:
        drafts: Model drafts, each tied to its sentence.
        article: The article text.
        sentences: The article's sentences.

    Returns:
        The claims in article order, and warnings for drafts that were dropped.

    """
    ordered = sorted(drafts, key=lambda d: (d.evidence or (d.sentence.start, 0))[0])
    names = person_names(article)
    previous_person: str | None = None
    main_speakers: dict[int, SpeakerResolution] = {}
    rows: list[tuple[dict[str, object], Attributed]] = []
    for draft in ordered:
        attribution = draft.attribution
        resolved = _speaker(draft, article, previous_person)
        main = main_speakers.get(draft.sentence.index)
        if draft.continuation and main is not None:
            resolved = main  # "…, noting that X": X has the speaker of the main clause
        elif not draft.continuation:
            main_speakers.setdefault(draft.sentence.index, resolved)
        if resolved.is_person:
            previous_person = resolved.name
        start, end = draft.evidence or (draft.sentence.start, draft.sentence.end)
        evidence = article[start:end]
        cue_hedge = attribution.hedge if attribution is not None else None
        fields: dict[str, object] = {
            "speaker": clean_speaker(resolved.name),
            "speaker_role": resolved.role,
            "claim": draft.claim.claim.strip(),
            "hedge_level": combine_hedges(
                draft.claim.hedge, hedge_of_claim(draft.claim.claim, draft.sentence.text) or cue_hedge
            ),
            "quote_type": quote_type_of(evidence),
            "cue": attribution.cue.text if attribution is not None else None,
            "evidence": {"text": evidence, "start": start, "end": end},
        }
        rows.append((fields, Attributed(draft.sentence.index, resolved.name)))
    speakers_by_sentence = _speakers_by_sentence(sentences, names, [a for _, a in rows])
    propagate_outlets(
        [a for _, a in rows],
        find_outlets(sentences, known_people=[a.speaker for _, a in rows if a.speaker]),
        speakers_by_sentence,
    )
    claims: list[Claim] = []
    warnings: list[str] = []
    for fields, attributed in rows:
        fields["source_outlet"] = attributed.outlet
        try:
            claim = Claim.model_validate(fields, context={"article": article})
        except ValidationError as exc:
            warnings.append(f"dropped an ungrounded claim ({exc.errors()[0]['msg']}): {str(fields['claim'])[:80]!r}")
            continue
        if not any(_is_duplicate(claim, kept) for kept in claims):
            claims.append(claim)
    return claims, warnings


def _speaker(draft: Draft, article: str, previous_person: str | None) -> SpeakerResolution:
    """The parse's speaker when it found one; otherwise the model's, if the sentence supports it; else nobody."""
    attribution = draft.attribution
    if IMPERSONAL.search(draft.sentence.text):
        return SpeakerResolution(None, None, False)
    if attribution is not None and attribution.speaker is not None:
        if not attribution.is_person and draft.sentence.paragraph == 0 and is_generic_person(attribution.speaker):
            # "a senior official" in a lede: the named person the article goes on to quote
            return resolve_speaker(
                attribution.speaker, article, previous_person=previous_person, at=draft.sentence.start
            )
        role = role_of(attribution.speaker, article) if attribution.is_person else None
        return SpeakerResolution(attribution.speaker, role, attribution.is_person)
    resolved = resolve_speaker(draft.claim.speaker, article, previous_person=previous_person, at=draft.sentence.start)
    return resolved if supported_by_sentence(resolved, draft.sentence.text) else SpeakerResolution(None, None, False)


def _speakers_by_sentence(sentences: list[Sentence], names: list[str], claims: list[Attributed]) -> dict[int, set[str]]:
    mentioned: dict[int, set[str]] = {}
    for sentence in sentences:
        found = {n for n in names if any(part in sentence.text for part in n.split()[-1:])}
        mentioned[sentence.index] = found
    for claim in claims:
        if claim.speaker:
            mentioned.setdefault(claim.sentence_index, set()).add(claim.speaker)
    return mentioned


def _is_duplicate(a: Claim, b: Claim) -> bool:
    """Same statement: similar words in overlapping evidence, or near-identical words anywhere."""
    wa = {w.casefold() for w in _WORD.findall(a.claim)}
    wb = {w.casefold() for w in _WORD.findall(b.claim)}
    if not wa or not wb:
        return False
    jaccard = len(wa & wb) / len(wa | wb)
    overlap = min(a.evidence.end, b.evidence.end) - max(a.evidence.start, b.evidence.start)
    return jaccard >= 0.9 or (overlap > 0 and jaccard >= 0.7)
