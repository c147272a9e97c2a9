"""Find the sentences that report claims, before any model reads them: quotes, reporting cues, epistemic markers."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from claimex.service.pipeline.quotes import QuoteScanner
from claimex.service.pipeline.segment import Sentence

_VERBS = (
    r"say|says|said|saying|state|states|stated|stating|tell|tells|told|describe|describes|described|describing|"
    r"declare|declares|declared|declaring|add|adds|added|adding|note|notes|noted|noting|reaffirm\w*|"
    r"claim|claims|claimed|insist\w*|argue|argues|argued|arguing|warn|warns|warned|warning|announc\w+|"
    r"confirm\w*|den(?:y|ies|ied)|suggest|suggests|suggested|hint|hints|hinted|characteri[sz]\w+|"
    r"report|reports|reported|believe|believes|believed|estimat\w+|predict\w*|accus\w+|downplay\w*|"
    r"stress\w*|emphasi[sz]\w+|acknowledg\w+|admit\w*|pledg\w+|vow\w*|urg\w+|fear|fears|feared|"
    r"expect|expects|expected|think|thinks|thought|contend\w*|maintain\w*|assert\w*|allege\w*|"
    r"explain\w*|recall\w*|predicts?|forecast\w*|called|doubt|doubts|doubted"
)
_PHRASES = (
    r"according to|in remarks|in a statement|in an interview|ruled? out|there (?:is|was) speculation|"
    r"fuell?ed speculation|speculation that|it is (?:believed|understood|reported)"
)
CUE_PATTERN = re.compile(rf"\b(?:{_PHRASES}|{_VERBS})\b", re.IGNORECASE)
EPISTEMIC_PATTERN = re.compile(r"\b(?:(?i:appears? to|appeared to|seems? to|indicates?|likely)|may|might|could)\b")
# A reporting sentence often carries further propositions in "that"-clauses: "…, noting that A and that B".
# Whitespace is matched only from the start of its run and never given back: a run of spaces costs one
# linear attempt, not one attempt per space (quadratic).
_CONTINUATION = re.compile(
    r"(?:,\s*+|(?<!\s)\s++)"
    r"(?=(?:and\s++)?(?:noting|adding|saying|stating|arguing|warning|insisting|explaining)\s++that\b)"
    r"|(?<!\s)\s++(?=and\s++that\b)"
)
_NOUN_CUES = frozenset({"report", "reports", "claim", "claims", "fear", "fears", "forecast", "estimate", "estimates"})
_NOUN_USE = re.compile(r"\b(?:the|a|an|these|those|such|its|their|his|her|our|any|no)\s+$", re.I)
_LONGEST_DETERMINER = 6  # "those", "their", plus the character before it for \b
QUOTE_PATTERN = QuoteScanner()  # “…”, "…", «…» in linear time (a regex is quadratic on unclosed quotes)


@dataclass(frozen=True)
class Cue:
    """A reporting verb or phrase found in a sentence (offsets into the article)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Candidate:
    """A sentence likely to report at least one claim.

    Attributes:
        sentence: The sentence.
        cues: Reporting cues in it, in order.
        quotes: Quoted spans in it, as (start, end) offsets into the article.
        epistemic_only: True when only hedging words, not a reporting cue or quote, made it a candidate.
        units: The report units of the sentence as (start, end) offsets: the main clause, then each
            continuation ("noting that …", "and that …"). One unit when the sentence has no continuation.

    """

    sentence: Sentence
    cues: tuple[Cue, ...]
    quotes: tuple[tuple[int, int], ...]
    epistemic_only: bool = False
    units: tuple[tuple[int, int], ...] = ()


def find_cues(sentence: Sentence) -> tuple[Cue, ...]:
    """Reporting cues in ``sentence`` outside its quotations (a verb inside a quote is not the report).

    Args:
        sentence: The sentence to scan.

    Returns:
        The cues, in order of appearance.

    """
    text = sentence.text
    quoted = [(m.start(), m.end()) for m in QUOTE_PATTERN.finditer(text)]
    cues = []
    for match in CUE_PATTERN.finditer(text):
        if _inside(match.start(), quoted):
            continue
        if match.start() > 0 and match.group()[:1].isupper() and not match.group().isupper():
            continue  # a capitalised word mid-sentence is part of a name ("United States"), not a verb
        window = _determiner_window(text, match.start())
        noun_position = match.start() == 0 or _NOUN_USE.search(text, window, match.start())
        if noun_position and match.group().casefold() in _NOUN_CUES:
            continue  # "comment on the reports", "the claims": a noun, not a report
        cues.append(Cue(match.group(), sentence.start + match.start(), sentence.start + match.end()))
    return tuple(cues)


def report_units(sentence: Sentence) -> tuple[tuple[int, int], ...]:
    """Split a sentence at continuation clauses that carry further reported propositions.

    Splits never fall inside a quotation.

    Args:
        sentence: The sentence.

    Returns:
        (start, end) article offsets of each unit, in order, covering the sentence.

    """
    quoted = [(m.start(), m.end()) for m in QUOTE_PATTERN.finditer(sentence.text)]
    cuts = [m for m in _CONTINUATION.finditer(sentence.text) if m.start() > 0 and not _inside(m.start(), quoted)]
    units, start = [], 0
    for cut in cuts:
        units.append((sentence.start + start, sentence.start + cut.start()))
        start = cut.end()
    units.append((sentence.start + start, sentence.end))
    return tuple((a, b) for a, b in units if b > a)


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``offset`` falls in one of ``spans`` (sorted, non-overlapping), by bisection."""
    i = bisect_right(spans, offset, key=lambda span: span[0]) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


def _determiner_window(text: str, end: int) -> int:
    """Where a determiner before ``end`` could start: back over the whitespace, then one word's length.

    ``_NOUN_USE`` is searched from here rather than over the whole sentence before the cue, which made
    every cue re-scan the sentence (quadratic in the number of cues).
    """
    begin = end
    while begin > 0 and text[begin - 1].isspace():
        begin -= 1
    return max(0, begin - _LONGEST_DETERMINER)


def find_candidates(sentences: list[Sentence], *, include_epistemic: bool = False) -> list[Candidate]:
    """Keep the sentences that carry a quotation, a reporting cue or (optionally) an epistemic marker.

    Args:
        sentences: The article's sentences.
        include_epistemic: Also keep sentences whose only signal is a hedge word ("may", "appears to").

    Returns:
        Candidates in article order.

    """
    found = []
    for sentence in sentences:
        cues = find_cues(sentence)
        quotes = tuple(
            (sentence.start + m.start(), sentence.start + m.end()) for m in QUOTE_PATTERN.finditer(sentence.text)
        )
        if cues or quotes:
            found.append(Candidate(sentence, cues, quotes, units=report_units(sentence)))
        elif include_epistemic and EPISTEMIC_PATTERN.search(sentence.text):
            found.append(Candidate(sentence, (), (), epistemic_only=True, units=((sentence.start, sentence.end),)))
    return found
