"""Turn model drafts into grounded ``Claim`` objects: speakers, roles, hedges, quote types, outlets, merging."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Container, Iterator, Mapping

from pydantic import ValidationError

from claimex.schemas.claims import Claim, QuoteType
from claimex.service.pipeline.candidates import QUOTE_PATTERN, Cue, find_cues
from claimex.service.pipeline.drafting import Draft
from claimex.service.pipeline.hedges import IMPERSONAL, combine_hedges, hedge_of_claim, hedge_of_cue
from claimex.service.pipeline.outlets import Attributed, find_outlets, propagate_outlets
from claimex.service.pipeline.rules import read_by_rules
from claimex.service.pipeline.segment import Sentence
from claimex.service.pipeline.speakers import SpeakerResolution, person_names, resolve_speaker, supported_by_sentence

_WORD = re.compile(r"\w+", re.UNICODE)
_MIN_JACCARD = 0.7  # _prefix assumes this value


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
    cues_of: dict[int, tuple[Cue, ...]] = {}  # per sentence, not per draft: a sentence may carry hundreds
    impersonal: dict[int, bool] = {}
    cue_starts: dict[int, list[int]] = {}
    for draft in ordered:
        if draft.sentence.index not in cues_of:
            cues_of[draft.sentence.index] = find_cues(draft.sentence)
            cue_starts[draft.sentence.index] = [c.start for c in cues_of[draft.sentence.index]]
            impersonal[draft.sentence.index] = bool(IMPERSONAL.search(draft.sentence.text))
        cues = cues_of[draft.sentence.index]
        resolved = resolve_speaker(
            draft.claim.speaker, article, previous_person=previous_person, at=draft.sentence.start
        )
        unit = draft.evidence or (draft.sentence.start, draft.sentence.end)
        # A continuation ("and that …") without a cue of its own carries the cue before it ("noting").
        starts = cue_starts[draft.sentence.index]  # cues are in order: the unit's by bisection
        first, past = bisect_left(starts, unit[0]), bisect_left(starts, unit[1])
        unit_cues = list(cues[first:past]) or list(cues[first - 1 : first] if first else ())
        if impersonal[draft.sentence.index]:
            resolved = SpeakerResolution(None, None, False)
        elif not supported_by_sentence(resolved, draft.sentence.text) or (resolved.name is None and unit_cues):
            # The model's speaker is not in the sentence (or it gave none for a cued clause): read the subject.
            subject = read_by_rules(article, unit, unit_cues[0]).subject if unit_cues else None
            resolved = resolve_speaker(subject, article, previous_person=previous_person, at=draft.sentence.start)
            if not supported_by_sentence(resolved, draft.sentence.text):
                resolved = SpeakerResolution(None, None, False)
        main = main_speakers.get(draft.sentence.index)
        if draft.continuation and main is not None:
            resolved = main  # "…, noting that X": X has the speaker of the main clause
        elif not draft.continuation:
            main_speakers.setdefault(draft.sentence.index, resolved)
        if resolved.is_person:
            previous_person = resolved.name
        start, end = draft.evidence or (draft.sentence.start, draft.sentence.end)
        evidence = article[start:end]
        fields: dict[str, object] = {
            "speaker": resolved.name,
            "speaker_role": resolved.role,
            "claim": draft.claim.claim.strip(),
            "hedge_level": combine_hedges(
                draft.claim.hedge,
                hedge_of_claim(draft.claim.claim, draft.sentence.text)
                or hedge_of_cue(unit_cues[0].text if unit_cues else (cues[0].text if cues else None)),
            ),
            "quote_type": quote_type_of(evidence),
            "cue": cues[0].text if cues else None,
            "evidence": {"text": evidence, "start": start, "end": end},
        }
        rows.append((fields, Attributed(draft.sentence.index, resolved.name)))
    speakers_by_sentence = _SentenceSpeakers(sentences, names, [a for _, a in rows])
    propagate_outlets(
        [a for _, a in rows],
        find_outlets(sentences, known_people=[a.speaker for _, a in rows if a.speaker]),
        speakers_by_sentence,
    )
    valid: list[Claim] = []
    warnings: list[str] = []
    for fields, attributed in rows:
        fields["source_outlet"] = attributed.outlet
        try:
            valid.append(Claim.model_validate(fields, context={"article": article}))
        except ValidationError as exc:
            warnings.append(f"dropped an ungrounded claim ({exc.errors()[0]['msg']}): {str(fields['claim'])[:80]!r}")
    return drop_duplicates(valid), warnings


class _SentenceSpeakers(Mapping[int, Container[str]]):
    """For each sentence, the speakers it mentions: a known name whose surname it contains, or a claim's speaker.

    Answered per question (outlet propagation asks about few sentences) instead of testing every name
    against every sentence, which grows with names x sentences.
    """

    def __init__(self, sentences: list[Sentence], names: list[str], claims: list[Attributed]) -> None:
        self._sentences = {s.index: s.text for s in sentences}
        self._names = set(names)
        self._credited: dict[int, set[str]] = {}
        for claim in claims:
            if claim.speaker:
                self._credited.setdefault(claim.sentence_index, set()).add(claim.speaker)

    def __getitem__(self, index: int) -> Container[str]:
        if index not in self._sentences and index not in self._credited:
            raise KeyError(index)
        return _Mentions(self._sentences.get(index, ""), self._names, self._credited.get(index, set()))

    def __iter__(self) -> Iterator[int]:
        return iter(self._sentences.keys() | self._credited.keys())

    def __len__(self) -> int:
        return len(self._sentences.keys() | self._credited.keys())


class _Mentions(Container[str]):
    def __init__(self, text: str, names: set[str], credited: set[str]) -> None:
        self._text, self._names, self._credited = text, names, credited

    def __contains__(self, speaker: object) -> bool:
        if speaker in self._credited:
            return True
        return isinstance(speaker, str) and speaker in self._names and speaker.split()[-1] in self._text


def drop_duplicates(claims: list[Claim]) -> list[Claim]:
    """Keep each claim unless it repeats one kept before it (see ``_is_duplicate``), in order.

    Only kept claims that share a word from the new claim's prefix (its rarest words) are compared: two sets
    with Jaccard similarity >= 0.7 must share one of them (prefix filtering), so the result is exactly that of
    comparing every pair, without comparing every pair.
    """
    words = [frozenset(w.casefold() for w in _WORD.findall(c.claim)) for c in claims]
    frequency = Counter(w for ws in words for w in ws)
    kept: list[int] = []
    holders: dict[str, list[int]] = {}
    for i, claim in enumerate(claims):
        prefix = _prefix(words[i], frequency)
        seen = {k for w in prefix for k in holders.get(w, ())}
        if any(_is_duplicate(words[i], claim, words[k], claims[k]) for k in sorted(seen)):
            continue
        kept.append(i)
        for w in prefix:
            holders.setdefault(w, []).append(i)
    return [claims[i] for i in kept]


def _prefix(words: frozenset[str], frequency: Counter[str]) -> list[str]:
    ordered = sorted(words, key=lambda w: (frequency[w], w))
    must_share = -(-7 * len(ordered) // 10)  # ceil(0.7 n) in integers: a float product can round up past it
    return ordered[: len(ordered) - must_share + 1]


def _is_duplicate(wa: frozenset[str], a: Claim, wb: frozenset[str], b: Claim) -> bool:
    """Same statement: similar words in overlapping evidence, or near-identical words anywhere."""
    if not wa or not wb:
        return False
    jaccard = len(wa & wb) / len(wa | wb)
    overlap = min(a.evidence.end, b.evidence.end) - max(a.evidence.start, b.evidence.start)
    return jaccard >= 0.9 or (overlap > 0 and jaccard >= _MIN_JACCARD)
