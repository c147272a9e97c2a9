"""The floor: a rule-only extractor (quotation marks + reporting verbs + "according to"), no model."""

from __future__ import annotations

from pydantic import ValidationError

from claimex.schemas.claims import Claim, HedgeLevel
from claimex.service.pipeline.assemble import quote_type_of
from claimex.service.pipeline.candidates import find_candidates
from claimex.service.pipeline.hedges import hedge_of_claim
from claimex.service.pipeline.rules import read_by_rules
from claimex.service.pipeline.segment import segment_article
from claimex.service.pipeline.sources import attribute_sentences
from claimex.service.pipeline.speakers import resolve_speaker


def rule_baseline(article: str) -> list[Claim]:
    """One claim per sentence with a reporting cue: the subject before the cue speaks, the rest is the claim.

    Args:
        article: The article text.

    Returns:
        Grounded claims (evidence = the whole sentence).

    """
    claims: list[Claim] = []
    previous: str | None = None
    sentences = segment_article(article)
    for candidate in find_candidates(sentences, attribute_sentences(article, sentences), include_epistemic=False):
        sentence = candidate.sentence
        if not candidate.cues:
            continue
        cue = candidate.cues[0]
        reading = read_by_rules(article, (sentence.start, sentence.end), cue)
        resolved = resolve_speaker(reading.subject, article, previous_person=previous, at=sentence.start)
        if resolved.is_person:
            previous = resolved.name
        try:
            claims.append(
                Claim.model_validate(
                    {
                        "speaker": resolved.name,
                        "speaker_role": resolved.role,
                        "claim": reading.claim[:500] if len(reading.claim) >= 3 else sentence.text,
                        "hedge_level": hedge_of_claim(reading.claim, sentence.text) or HedgeLevel.certain,
                        "quote_type": quote_type_of(sentence.text),
                        "cue": cue.text,
                        "evidence": {"text": sentence.text, "start": sentence.start, "end": sentence.end},
                    },
                    context={"article": article},
                )
            )
        except ValidationError:
            continue
    return claims
