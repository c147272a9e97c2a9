"""Outlets: find "according to reports by X", "reported by Y", and carry them to the claims they govern.

What an outlet is called (a phrase cleaned to its name, the article's news media) is ``outlet_names``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass

from claimex.service.pipeline.lexicon import load_lexicon
from claimex.service.pipeline.outlet_names import MEDIA_NOUNS_PATTERN, clean_outlet, is_news_medium
from claimex.service.pipeline.segment import Sentence
from claimex.service.pipeline.speakers import TITLE_WORDS

# Day and month names (the calendar, not a fitted list): "said on Monday" names a day, not a channel.
_CALENDAR = (
    "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August"
    "|September|October|November|December"
)
_OUTLET_CUES = (
    re.compile(
        r"\baccording to (?:\w+ )?(?:reports?|a report|an? (?:article|broadcast|statement))\b[^,.;]*?\bby ([^,.;]+)",
        re.I,
    ),
    re.compile(r"\b(?:reported|carried|published|broadcast|aired|quoted) by ([^,.;]+)", re.I),
    # "a letter seen by the Lune Times says …": the medium that saw it, a name (the report's words follow)
    re.compile(r"\b(?:seen|obtained) by ((?:the )?[A-Z][\w’'&.-]*+(?:[ \t]++[A-Z][\w’'&.-]*+)*+)"),
    re.compile(  # "according to Lune Wire", "According to Lunese press agency Tirpress"
        rf"\b(?i:according to) ((?:the )?(?:[A-Z][\w’'&.-]*+[ \t]++(?:{MEDIA_NOUNS_PATTERN})[ \t]++)?"
        r"[A-Z][\w’'&.-]*+(?:\s++[A-Z][\w’'&.-]*+)*+)"
    ),
    re.compile(r"(?i:\b(?:told|(?<!to )tells?|in an interview with|speaking to|writing in)) ([^,.;]{2,80}?)(?=[,.;]| that\b|$|[ \t]*+[\"“])"),
    re.compile(
        r"(?i:\b(?:telling|said to|quoted in|in an? (?:\w+ )?(?:interview|statement|remarks|comments|e-?mail) to))"
        r" ([^,.;]{2,80}?)(?=[,.;]| that\b| as\b|$|[ \t]*+[\"“])"
    ),
    re.compile(
        rf"\b(?:said|wrote|posted|announced|stated|commented|tweeted|appeared|saying|writing|posting) on "
        rf"((?!(?:{_CALENDAR})\b)[A-Z][^,.;]{{0,80}}?)(?=[,.;]| that\b| as\b|$)"
    ),
)
# "According to X" names the source, "seen by X" a reader: X is also the channel only when it is a news medium.
_MEDIA_ONLY_CUES = frozenset(_OUTLET_CUES[2:4])
_CHANNEL_CUES = frozenset(_OUTLET_CUES[-2:])  # their phrase may run on into the report: "telling the Gazette she had …"
_TOLD_CUES = frozenset(_OUTLET_CUES[4:6])  # "told X", "telling X": X may run on into the quoted words
_REPORTED_BY = _OUTLET_CUES[1]
_A_DAY = re.compile(_CALENDAR)
_QUOTE_OR_COLON = re.compile(r"[:\"“”]")
_AS_OR_WHEN = re.compile(rf"\s(?:as|(?:on|in|at|since|until|last|this|next)(?=\s(?:{_CALENDAR})\b))\s")
_CLAUSE_OPENERS = frozenset({"he", "she", "they", "it", "we", "i", "there", "his", "her", "their"})
# The first cue's lazy "[^,.;]*?by" fails by scanning to the next punctuation; it is tried only from where
# its opening words occur (below), never twice over the same stretch.
_REPORT_OPENING = re.compile(
    r"\baccording to (?:\w+ )?(?:reports?|a report|an? (?:article|broadcast|statement))\b", re.I
)
_CLAUSE_END = re.compile(r"[,.;]")


@dataclass(frozen=True)
class OutletMention:
    """An outlet named in a sentence."""

    sentence_index: int
    outlet: str


def _names_a_person(outlet: str, people: Container[str], surnames: Container[str]) -> bool:
    """Whether the words name a person, who is no outlet: one the article names, or a given name and a surname."""
    words = [w for w in outlet.split() if w not in TITLE_WORDS]  # "told President Ana Ruiz"
    if not words or " ".join(words).casefold() in people or words[-1].casefold() in surnames:
        return True
    return len(words) > 1 and words[0].casefold() in load_lexicon().given_names


def _name_before_its_words(phrase: str) -> str:
    """The name a told-phrase opens with, before the report's own words ("Lune Radio any plan must …" → "Lune Radio").

    A lower-case word after a capitalised one ends the name unless the name owns what follows ("Lune TV's
    evening service"). A phrase that opens with a lower-case word ("the paper") is left whole.
    """
    words = phrase.strip().rstrip(":").split()
    start = 1 if words and words[0].casefold() == "the" else 0
    if len(words) <= start or words[start][:1].islower():
        return " ".join(words)  # "told reporters the government …": no name opens it
    for i in range(start + 1, len(words)):
        if words[i][:1].islower() and words[i - 1][:1].isupper() and not words[i - 1].endswith(("'s", "’s")):
            return " ".join(words[:i])
    return " ".join(words)


def _name_at_either_end(phrase: str) -> str:
    """A reported-by phrase cut to its name, before any quotation or colon.

    "Lunese state news agency Tirpress" (a descriptor, then the name) stays whole for ``clean_outlet``; "Lune Radio
    replying to the mayor" (the name, then its words) is cut after the name.
    """
    phrase = _QUOTE_OR_COLON.split(phrase, maxsplit=1)[0]
    words = phrase.split()
    lower = next((i for i, w in enumerate(words) if i and w[:1].islower()), len(words))
    return phrase if any(w[:1].isupper() for w in words[lower:]) else _name_before_its_words(phrase)


def _before_a_clause(phrase: str) -> str:
    """The phrase up to a reported clause that opens without "that" ("the Gazette she had known" → "the Gazette")."""
    words = phrase.split()
    cut = next((i for i, word in enumerate(words) if word.casefold() in _CLAUSE_OPENERS), len(words))
    return " ".join(words[:cut])


def _first_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """``pattern.search(text)``, but the report cue's lazy scan runs at most once per stretch of clause."""
    if pattern is not _OUTLET_CUES[0]:
        return pattern.search(text)
    failed_until = pos = 0
    while opening := _REPORT_OPENING.search(text, pos):
        pos = opening.start() + 1
        if opening.start() < failed_until:
            continue  # a later start in a stretch already scanned without finding "by X"
        match = pattern.match(text, opening.start())
        if match:
            return match
        end = _CLAUSE_END.search(text, opening.end())
        failed_until = end.start() if end else len(text)
    return None


def find_outlets(
    sentences: list[Sentence],
    *,
    known_people: list[str] | None = None,
    names: Iterable[str] = (),
    media: Container[str] = frozenset(),
) -> list[OutletMention]:
    """Outlets named by the sentences, one per sentence at most.

    Args:
        sentences: The article's sentences.
        known_people: Persons who speak in the article: no outlets ("told Tomas Varga").
        names: Capitalised names in the article; those that open with a given name (census lists) are people too.
            Neither a person nor a person's surname alone ("said to Varga") is an outlet.
        media: The article's news media (``news_media``). "According to X" makes X the source and "seen by X" a
            reader; X is also the channel only when it is a news medium ("according to the Lune Times", not
            "according to the Trust").

    Returns:
        The mentions in article order.

    """
    given = load_lexicon().given_names
    people = {p.casefold() for p in [*(known_people or []), *(n for n in names if n.split()[0].casefold() in given)]}
    surnames = {p.split()[-1] for p in people if len(p.split()) > 1}
    found = []
    for sentence in sentences:
        for pattern in _OUTLET_CUES:
            match = _first_match(pattern, sentence.text)
            if not match:
                continue
            phrase = _before_a_clause(match.group(1)) if pattern in _CHANNEL_CUES else match.group(1)
            if pattern is _REPORTED_BY:  # "quoted by X as saying …", "reported by X on Monday": X, not what follows
                phrase = _name_at_either_end(_AS_OR_WHEN.split(phrase, maxsplit=1)[0])
            outlet = clean_outlet(_name_before_its_words(phrase) if pattern in _TOLD_CUES else phrase)
            if pattern in _MEDIA_ONLY_CUES and not is_news_medium(outlet, media) or _A_DAY.fullmatch(outlet):
                continue  # "speaking to journalists on Friday": the day is no channel
            if outlet[:1].isupper() and not _names_a_person(outlet, people, surnames) and len(outlet.split()) <= 8:
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
    claims: list[Attributed],
    mentions: list[OutletMention],
    speakers_by_sentence: Mapping[int, Container[str]],
    media: Container[str] = frozenset(),
) -> None:
    """Give each claim the outlet that governs it, in place.

    An outlet named in a sentence governs the claims of that sentence and the later claims of the unbroken
    run of claims by the same speaker, until another outlet is named. A change of speaker ends the run.
    Earlier claims are never back-filled: an interview named later need not be where earlier words came from.

    Args:
        claims: Claims in article order.
        mentions: Outlets named in the article.
        speakers_by_sentence: For each sentence, the speakers it mentions (to tie a mention to a run).
        media: The article's news media (``news_media``): a claim a medium makes itself has it as its outlet.

    """
    by_sentence = {m.sentence_index: m.outlet for m in mentions}
    runs: list[list[Attributed]] = []
    for claim in claims:
        if runs and runs[-1][0].speaker == claim.speaker and claim.speaker is not None:
            runs[-1].append(claim)
        else:
            runs.append([claim])
    indices = sorted(by_sentence)
    for run in runs:
        speaker = run[0].speaker
        first, last = run[0].sentence_index, run[-1].sentence_index
        in_run = {c.sentence_index for c in run}
        run_mentions = [
            i
            for i in indices[bisect_left(indices, first) : bisect_right(indices, last)]
            if speaker is None or speaker in speakers_by_sentence.get(i, ()) or i in in_run
        ]
        current: str | None = None
        for claim in run:
            latest = bisect_right(run_mentions, claim.sentence_index)
            if latest:
                current = by_sentence[run_mentions[latest - 1]]
            own = clean_outlet(speaker) if speaker and is_news_medium(speaker, media) else None
            claim.outlet = current or own  # "Tirpress reported …": a medium reporting is its own channel
