"""Outlets: find "according to reports by X", "reported by Y", and carry them to the claims they govern."""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimex.service.pipeline.segment import Sentence

_OUTLET_CUES = (
    re.compile(
        r"\baccording to (?:\w+ )?(?:reports?|a report|an? (?:article|broadcast|statement))\b[^,.;]*?\bby ([^,.;]+)",
        re.I,
    ),
    re.compile(r"\b(?:reported|carried|published|broadcast|aired|quoted) by ([^,.;]+)", re.I),
    re.compile(r"\baccording to ((?:the )?[A-Z][\w’'&.-]*(?:\s+[A-Z][\w’'&.-]*)*)"),
    re.compile(r"(?i:\b(?:told|in an interview with|speaking to|writing in)) ([^,.;]{2,80}?)(?=[,.;]| that\b|$)"),
)
_PROPER_TAIL = re.compile(r"((?:[A-Z][\w’'&.-]*\s*)+)$")


@dataclass(frozen=True)
class OutletMention:
    """An outlet named in a sentence."""

    sentence_index: int
    outlet: str


def clean_outlet(phrase: str) -> str:
    """Canonical outlet name: drop possessive lead-ins and descriptors before a proper name.

    "Norway’s Aftenposten and Danish public radio" → "Aftenposten and Danish public radio";
    "the state news agency Ansa" → "Ansa".
    """
    parts = []
    for part in re.split(r"\s+and\s+", phrase.strip()):
        part = re.sub(r"^.*?[’']s\s+", "", part).strip()
        part = re.sub(r"^(?:the|a|an)\s+", "", part, flags=re.I)
        words = part.split()
        tail = _PROPER_TAIL.search(part)
        if tail and words and not words[-1][:1].islower() and any(w[:1].islower() for w in words):
            part = tail.group(1).strip()
        if part:
            parts.append(part)
    return " and ".join(parts)


def find_outlets(sentences: list[Sentence], *, known_people: list[str] | None = None) -> list[OutletMention]:
    """Outlets named by the sentences, one per sentence at most.

    Args:
        sentences: The article's sentences.
        known_people: Names that must not be taken for outlets ("told Tomas Varga").

    Returns:
        The mentions in article order.

    """
    people = {p.casefold() for p in known_people or []}
    found = []
    for sentence in sentences:
        for pattern in _OUTLET_CUES:
            match = pattern.search(sentence.text)
            if not match:
                continue
            outlet = clean_outlet(match.group(1))
            if outlet[:1].isupper() and outlet.casefold() not in people and len(outlet.split()) <= 8:
                found.append(OutletMention(sentence.index, outlet))
                break
    return found


@dataclass
class Attributed:
    """What outlet propagation needs to know of a claim."""

    sentence_index: int
    speaker: str | None
    outlet: str | None = None


def propagate_outlets(
    claims: list[Attributed], mentions: list[OutletMention], speakers_by_sentence: dict[int, set[str]]
) -> None:
    """Give each claim the outlet that governs it, in place.

    An outlet named in a sentence governs the claims of that sentence and the later claims of the unbroken
    run of claims by the same speaker, until another outlet is named. A change of speaker ends the run.
    Earlier claims are never back-filled: an interview named later need not be where earlier words came from.

    Args:
        claims: Claims in article order.
        mentions: Outlets named in the article.
        speakers_by_sentence: For each sentence, the speakers it mentions (to tie a mention to a run).

    """
    by_sentence = {m.sentence_index: m.outlet for m in mentions}
    runs: list[list[Attributed]] = []
    for claim in claims:
        if runs and runs[-1][0].speaker == claim.speaker and claim.speaker is not None:
            runs[-1].append(claim)
        else:
            runs.append([claim])
    for run in runs:
        speaker = run[0].speaker
        first, last = run[0].sentence_index, run[-1].sentence_index
        run_mentions = {
            i: o
            for i, o in by_sentence.items()
            if first <= i <= last
            and (
                speaker is None
                or speaker in speakers_by_sentence.get(i, set())
                or any(c.sentence_index == i for c in run)
            )
        }
        current: str | None = None
        for claim in run:
            for i in sorted(run_mentions):
                if i <= claim.sentence_index:
                    current = run_mentions[i]
            claim.outlet = current
