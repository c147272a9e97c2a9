"""Turn model drafts into grounded ``Claim`` objects: speakers, roles, hedges, quote types, outlets, merging."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Iterator, Mapping

from pydantic import ValidationError

from claimex.schemas.claims import Claim, QuoteType, clean_speaker
from claimex.service.pipeline.asking import Draft
from claimex.service.pipeline.assertion import asserts_nothing
from claimex.service.pipeline.candidates import QUOTE_PATTERN
from claimex.service.pipeline.hedges import IMPERSONAL, combine_hedges, hedge_of_claim
from claimex.service.pipeline.lexicon import load_lexicon
from claimex.service.pipeline.outlet_names import news_media
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
_MIN_JACCARD = 0.7  # _prefix assumes this value


def quote_type_of(evidence: str, cue: str | None = None) -> QuoteType:
    """The quote type of a claim's evidence, as the labelling rules define it.

    Direct: the evidence is the speaker's own words: it opens with a quotation, ends a quotation that began in
    an earlier sentence ('… it always was," she said.'), or hands over to one that runs to its end ('She said:
    "…', or 'She said "…' straight after the reporting cue). Mixed: quoted words inside a paraphrase. Indirect:
    no quotation marks.

    Args:
        evidence: The claim's evidence text.
        cue: The reporting word of the claim's attribution, if any.

    Returns:
        The quote type.

    """
    text = evidence.strip()
    marks = [i for i, char in enumerate(text) if char in _QUOTE_MARKS]
    if not marks:
        return QuoteType.indirect
    first = marks[0]
    if first == 0:
        return QuoteType.direct
    quotes = list(QUOTE_PATTERN.finditer(text))
    if not quotes or quotes[0].start() != first:
        # The first mark pairs with nothing here: it closes a quotation opened in an earlier sentence, or opens
        # one that runs on into the next.
        closing = text[first] in "”»" or (text[first] == '"' and not text[first - 1].isspace())
        return QuoteType.direct if closing or _hands_over(text, first, cue) else QuoteType.mixed
    runs_to_end = not text[quotes[0].end() :].strip(" .,;!?")
    return QuoteType.direct if runs_to_end and _hands_over(text, first, cue) else QuoteType.mixed


def _hands_over(text: str, mark: int, cue: str | None = None) -> bool:
    """Whether the words before the quotation mark introduce it ("X said:", "X claimed,", or the cue itself)."""
    before = text[:mark].rstrip()
    if before.endswith((":", ",")):
        return True
    if not cue:
        return False
    words = before.casefold().split()
    return bool(words) and words[-1] == cue.casefold()


_QUOTE_MARKS = frozenset('"“”«»')


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
    people: list[str] = []  # the named persons who speak: never outlets
    impersonal: dict[int, int | None] = {}
    for draft in ordered:
        attribution = draft.attribution
        resolved = _speaker(draft, article, previous_person, impersonal)
        if _only_the_report(draft.claim.claim, resolved.name, attribution.cue.text if attribution else None):
            continue  # "Varga stated,": the report itself, with nothing reported
        if asserts_nothing(draft.claim.claim):
            continue  # a question, an instruction or thanks (LABELLING.md)
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
            "quote_type": quote_type_of(evidence, attribution.cue.text if attribution is not None else None),
            "cue": attribution.cue.text or None if attribution is not None else None,
            "evidence": {"text": evidence, "start": start, "end": end},
        }
        rows.append((fields, Attributed(draft.sentence.index, resolved.name)))
        if resolved.is_person and resolved.name:
            people.append(resolved.name)
    claims = [a for _, a in rows]
    media = news_media(article, people)
    outlets = find_outlets(sentences, known_people=people, names=names, media=media)  # "told Tomas Varga": no outlet
    propagate_outlets(claims, outlets, _SentenceSpeakers(sentences, names, claims), media)
    valid: list[Claim] = []
    warnings: list[str] = []
    for fields, attributed in rows:
        fields["source_outlet"] = attributed.outlet
        try:
            valid.append(Claim.model_validate(fields, context={"article": article}))
        except ValidationError as exc:
            warnings.append(f"dropped an ungrounded claim ({exc.errors()[0]['msg']}): {str(fields['claim'])[:80]!r}")
    return drop_duplicates(valid), warnings


def _only_the_report(claim: str, speaker: str | None, cue: str | None) -> bool:
    """Whether the claim's words are only its speaker's name, the reporting cue and whom it was told to.

    "Varga stated." and "Varga told the Lune Weekly." report that something was said, not what: the words left
    after the speaker and the cue are names (capitalised), articles and prepositions, or people and groups
    ("told reporters"; WordNet's kind of the noun).
    """
    said = {w.casefold() for w in _WORD.findall(f"{speaker or ''} {cue or ''}")} | {"he", "she", "they", "it"}
    words = _WORD.findall(claim)
    if all(w.casefold() in said for w in words):
        return True
    if cue is None or cue.casefold() not in {w.casefold() for w in words}:
        return False
    kinds = load_lexicon().noun_kinds
    return all(
        w.casefold() in said
        or w.casefold() in _ADDRESS_WORDS
        or w[:1].isupper()
        or bool({kinds.get(w.casefold()), kinds.get(w.casefold().removesuffix("s"))} & {"person", "group"})
        for w in words
    )


_ADDRESS_WORDS = frozenset({"the", "a", "an", "to", "in", "on", "at", "with", "by", "of", "s"})


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
    sequences = [[w.casefold() for w in _WORD.findall(c.claim)] for c in claims]
    words = [frozenset(sequence) for sequence in sequences]
    pairs = [frozenset(zip(sequence, sequence[1:], strict=False)) for sequence in sequences]
    frequency = Counter(w for ws in words for w in ws)
    kept: list[int] = []
    holders: dict[str, list[int]] = {}
    for i, claim in enumerate(claims):
        prefix = _prefix(words[i], frequency)
        seen = {k for w in prefix for k in holders.get(w, ())}
        if any(_is_duplicate((words[i], pairs[i], claim), (words[k], pairs[k], claims[k])) for k in sorted(seen)):
            continue
        kept.append(i)
        for w in prefix:
            holders.setdefault(w, []).append(i)
    return [claims[i] for i in kept]


def _speaker(
    draft: Draft, article: str, previous_person: str | None, impersonal: dict[int, int | None]
) -> SpeakerResolution:
    """The parse's speaker when it found one; otherwise the model's, if the sentence supports it; else nobody."""
    attribution = draft.attribution
    if draft.sentence.index not in impersonal:  # once per sentence: a sentence may carry hundreds of drafts
        found = IMPERSONAL.search(draft.sentence.text)
        impersonal[draft.sentence.index] = draft.sentence.start + found.start() if found else None
    framing_at = impersonal[draft.sentence.index]
    if (attribution is not None and attribution.frame.impersonal and attribution.speaker is None) or (
        framing_at is not None
        and not (attribution is not None and attribution.speaker is not None and attribution.cue.start < framing_at)
    ):
        return SpeakerResolution(None, None, False)  # "it is believed …", "it was alleged …": nobody is credited
    if attribution is not None and attribution.speaker is not None:
        if not attribution.is_person and draft.sentence.paragraph == 0 and is_generic_person(attribution.speaker):
            # "a senior official" in a lede: the named person the article goes on to quote
            return resolve_speaker(
                attribution.speaker, article, previous_person=previous_person, at=draft.sentence.start
            )
        role = (attribution.role or role_of(attribution.speaker, article)) if attribution.is_person else None
        return SpeakerResolution(attribution.speaker, role, attribution.is_person)
    resolved = resolve_speaker(draft.claim.speaker, article, previous_person=previous_person, at=draft.sentence.start)
    return resolved if supported_by_sentence(resolved, draft.sentence.text) else SpeakerResolution(None, None, False)


def _prefix(words: frozenset[str], frequency: Counter[str]) -> list[str]:
    ordered = sorted(words, key=lambda w: (frequency[w], w))
    must_share = -(-7 * len(ordered) // 10)  # ceil(0.7 n) in integers: a float product can round up past it
    return ordered[: len(ordered) - must_share + 1]


def _is_duplicate(a: _Words, b: _Words) -> bool:
    """Same statement: similar words in overlapping evidence, or near-identical words in the same order anywhere.

    The order matters apart: "A is in B's interest" and "B is in A's interest" share every word but few of their
    neighbouring pairs, and say two things.
    """
    (wa, pa, ca), (wb, pb, cb) = a, b
    if not wa or not wb:
        return False
    jaccard = len(wa & wb) / len(wa | wb)
    overlap = min(ca.evidence.end, cb.evidence.end) - max(ca.evidence.start, cb.evidence.start)
    if overlap > 0:
        return jaccard >= _MIN_JACCARD
    return jaccard >= 0.9 and (pa == pb or len(pa & pb) / len(pa | pb) >= _MIN_PAIR_JACCARD)


_Words = tuple[frozenset[str], frozenset[tuple[str, str]], Claim]  # a claim's words, word pairs in order, itself
_MIN_PAIR_JACCARD = 0.7
