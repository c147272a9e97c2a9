"""Outlets: find "according to reports by X", "reported by Y", and carry them to the claims they govern."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass

from claimex.service.pipeline.segment import Sentence

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
    re.compile(r"\baccording to ((?:the )?[A-Z][\w’'&.-]*(?:\s+[A-Z][\w’'&.-]*)*)"),
    re.compile(r"(?i:\b(?:told|in an interview with|speaking to|writing in)) ([^,.;]{2,80}?)(?=[,.;]| that\b|$)"),
    re.compile(
        r"(?i:\b(?:telling|said to|quoted in|in an? (?:\w+ )?(?:interview|statement|remarks|comments|e-?mail) to))"
        r" ([^,.;]{2,80}?)(?=[,.;]| that\b| as\b|$)"
    ),
    re.compile(
        rf"\b(?:said|wrote|posted|announced|stated|commented|tweeted|appeared|saying|writing|posting) on "
        rf"((?!(?:{_CALENDAR})\b)[A-Z][^,.;]{{0,80}}?)(?=[,.;]| that\b| as\b|$)"
    ),
)
_CHANNEL_CUES = frozenset(_OUTLET_CUES[-2:])  # their phrase may run on into the report: "telling the Gazette she had …"
_CLAUSE_OPENERS = frozenset({"he", "she", "they", "it", "we", "i", "there", "his", "her", "their"})
# The first cue's lazy "[^,.;]*?by" fails by scanning to the next punctuation; it is tried only from where
# its opening words occur (below), never twice over the same stretch.
_REPORT_OPENING = re.compile(
    r"\baccording to (?:\w+ )?(?:reports?|a report|an? (?:article|broadcast|statement))\b", re.I
)
_CLAUSE_END = re.compile(r"[,.;]")
_AND = re.compile(r"(?<!\s)\s++and\s+")  # from the start of a whitespace run only: linear on long runs
_TAIL_CHARS = frozenset("’'&.-_")


# News media as the language names them: common nouns for a news organisation (WordNet 3.0's newspaper.n.01,
# magazine.n.01, broadcaster.n.01, news_agency.n.01, television_station.n.01 and their synonyms) and the words
# English-language titles conventionally end in ("the Lune Times", "Lune Broadcasting").
_MEDIA_NOUNS = (
    "newspaper|paper|daily|weekly|tabloid|magazine|broadcaster|network|channel|station|news agency|news service"
    "|wire service|news website"
)
_MEDIA_TITLE_WORDS = frozenset(
    {
        "Times",
        "Post",
        "News",
        "Herald",
        "Journal",
        "Gazette",
        "Tribune",
        "Telegraph",
        "Daily",
        "Press",
        "Radio",
        "Television",
        "TV",
        "Broadcasting",
        "Network",
        "Magazine",
        "Chronicle",
        "Observer",
    }
)
_NAME = r"(?:[A-Z][\w’'&.-]*+(?:[ \t]++[A-Z][\w’'&.-]*+)*+)"  # possessive: linear on long runs of spaces
_MEDIA_AFTER_NOUN = re.compile(rf"\b(?:{_MEDIA_NOUNS})(?:[ \t]*+,)?[ \t]++(?:the[ \t]++)?({_NAME})")  # "newspaper X"
_MEDIA_NOUN = re.compile(rf"\b(?:{_MEDIA_NOUNS})\b")


def news_media(article: str, people: Iterable[str] = ()) -> frozenset[str]:
    """Names the article gives to news media: "the newspaper Lune Post", "the Tirpress news agency".

    Args:
        article: The article text.
        people: Named persons who speak: "Lune Weekly magazine editor Ana Ruiz" names a person, not a magazine.

    Returns:
        The names, cleaned as outlets are and in lower case.

    """
    found = {clean_outlet(m.group(1)) for m in _MEDIA_AFTER_NOUN.finditer(article)}
    for noun in _MEDIA_NOUN.finditer(article):  # "the Tirpress news agency": a name just before the noun
        window = article[max(0, noun.start() - 80) : noun.start()]
        if window[-1:].isspace():
            found.add(clean_outlet(proper_tail(window.rstrip()) or ""))
    return frozenset(name.casefold() for name in found if name) - {person.casefold() for person in people}


def is_news_medium(name: str, media: Container[str]) -> bool:
    """Whether a speaker is a news medium: named as one in the article, or titled as newspapers are."""
    cleaned = clean_outlet(name)
    words = cleaned.split()
    return cleaned.casefold() in media or bool(words and words[-1] in _MEDIA_TITLE_WORDS)


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
    for part in _AND.split(phrase.strip()):
        part = re.sub(r"^.*?[’']s\s+", "", part).strip()
        part = re.sub(r"^(?:the|a|an)\s+", "", part, flags=re.I)
        words = part.split()
        tail = proper_tail(part)
        if tail and words and not words[-1][:1].islower() and any(w[:1].islower() for w in words):
            part = tail.strip()
        if part:
            parts.append(part)
    return _without_sentence_stop(" and ".join(parts))


def _before_a_clause(phrase: str) -> str:
    """The phrase up to a reported clause that opens without "that" ("the Gazette she had known" → "the Gazette")."""
    words = phrase.split()
    cut = next((i for i, word in enumerate(words) if word.casefold() in _CLAUSE_OPENERS), len(words))
    return " ".join(words[:cut])


def _without_sentence_stop(outlet: str) -> str:
    """The outlet without the sentence's full stop ("according to the Lune Gazette." → "Lune Gazette").

    A stop that ends an abbreviation stays: "U.S.", "Lune Co." (a short word that is not an acronym).
    """
    if not outlet.endswith("."):
        return outlet
    last = outlet[:-1].rsplit(maxsplit=1)[-1] if outlet[:-1].strip() else ""
    if "." in last or (len(last) <= 3 and not last.isupper()):
        return outlet
    return outlet[:-1]


def proper_tail(text: str) -> str | None:
    r"""The longest run of capitalised words that ends ``text``: what ``((?:[A-Z][\w’'&.-]*\s*)+)$`` finds.

    That regex backtracks exponentially in the number of capitals ("reported by AAAA…A!"), so the tail is
    found by one backward scan instead: every character is a word character, one of ``’'&.-`` or
    whitespace, every word after whitespace starts with A-Z, and the first character is A-Z.

    Args:
        text: A phrase with no trailing whitespace.

    Returns:
        The tail from its first capital to the end, or None when ``text`` does not end in one.

    """
    start = None
    i = len(text) - 1
    while i >= 0:
        char = text[i]
        if char.isspace():
            following = text[i + 1] if i + 1 < len(text) else ""
            if following and not following.isspace() and not ("A" <= following <= "Z"):
                break
        elif not (char.isalnum() or char in _TAIL_CHARS):
            break
        if "A" <= char <= "Z":
            start = i
        i -= 1
    return text[start:] if start is not None else None


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
            match = _first_match(pattern, sentence.text)
            if not match:
                continue
            phrase = _before_a_clause(match.group(1)) if pattern in _CHANNEL_CUES else match.group(1)
            outlet = clean_outlet(phrase)
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
