"""Choose the sentences the model is asked about, split into report units.

A candidate has a reporting cue or a quotation (from the sources stage); a sentence with continuation clauses
("…, noting that A and that B") is split so that each reported proposition is asked about on its own.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from claimex.service.pipeline.attribution import Cue
from claimex.service.pipeline.credit import Attribution
from claimex.service.pipeline.quote_scan import QuoteScanner
from claimex.service.pipeline.segment import Sentence
from claimex.service.pipeline.sources import ArticleSources

EPISTEMIC_PATTERN = re.compile(r"\b(?:(?i:appears? to|appeared to|seems? to|indicates?|likely)|may|might|could)\b")
# A reporting sentence often carries further propositions in "that"-clauses: "…, noting that A and that B".
# Whitespace is matched only from the start of its run and never given back: a run of spaces costs one
# linear attempt, not one attempt per space (quadratic).
_CONTINUATION = re.compile(
    r"(?:,\s*+|(?<!\s)\s++)"
    r"(?=(?:and\s++)?(?:noting|adding|saying|stating|arguing|warning|insisting|explaining)\s++that\b)"
    r"|(?<!\s)\s++(?=and\s++that\b)"
)
_EDITORS_NOTE = re.compile(r"(?i)editor[’']?s[ \t]+note\b")
QUOTE_PATTERN = QuoteScanner()  # “…”, "…", «…» in linear time (a regex is quadratic on unclosed quotes)


@dataclass(frozen=True)
class Candidate:
    """A sentence likely to report at least one claim.

    Attributes:
        sentence: The sentence.
        attributions: Its reporting cues with their resolved speakers, in order (from ``sources``); a sentence
            inside a quotation attributed elsewhere has one ``running`` attribution.
        units: The report units of the sentence as (start, end) offsets: the main clause, then each
            continuation ("noting that …", "and that …"). One unit when the sentence has no continuation.
        quoted_claim: The claim, verbatim, when rules are certain of it and of its speaker: a sentence of a
            running quotation, or a whole-sentence quote with a short attribution ('"Q," said X.'). No model
            call is needed for it.

    """

    sentence: Sentence
    attributions: tuple[Attribution, ...]
    units: tuple[tuple[int, int], ...] = ()
    quoted_claim: str | None = None

    @property
    def cues(self) -> tuple[Cue, ...]:
        """The reporting cues that stand in this sentence (not a running quote's cue elsewhere)."""
        return tuple(a.cue for a in self.attributions if not a.running)

    def attribution_for(self, span: tuple[int, int]) -> Attribution | None:
        """The attribution that governs a unit: a cue inside it, else the sentence's first one."""
        inside = [a for a in self.attributions if not a.running and span[0] <= a.cue.start < span[1]]
        # a person (or a main "it was alleged": nobody) first, then the one quoted ("according to the paper, quoting the
        # agency": the agency's words)
        ordered = sorted(
            inside or list(self.attributions),
            key=lambda a: (
                not a.frame.reports_content,  # "Lune Radio spoke to X, who said …": X's report, not the talk
                not (a.is_person or a.frame.impersonal and a.root),
                a.cue.lemma != "quote",
                not a.main,
                not a.root,
            ),
        )
        return ordered[0] if ordered else None

    def opens_own_report(self, span: tuple[int, int]) -> bool:
        """Whether a later unit names a source of its own ("…, but Y said B"), so it does not continue the first."""
        attribution = self.attribution_for(span)
        if attribution is None:
            return False
        if attribution.cue.prepositional:
            return True  # "…, and according to Y, B"
        source = attribution.frame.source
        offset = span[0] - self.sentence.start
        if source is None or not span[0] <= source.start < attribution.cue.start:
            return False
        opening = _CONTRASTED_OPENING.match(self.sentence.text[offset : offset + _LEAD_CHARS])
        # "…, and Y admitted B", "While X said A, Y told B": the unit opens with its own source
        return opening is not None or _JOINER_ONLY.fullmatch(self.sentence.text[offset : source.start - self.sentence.start]) is not None


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


def find_candidates(
    sentences: list[Sentence], sources: ArticleSources, *, include_epistemic: bool = False
) -> list[Candidate]:
    """Keep the sentences that carry a reporting cue or a credited quotation, or (optionally) an epistemic marker.

    Args:
        sentences: The article's sentences.
        sources: Attributions by sentence and the quotation index (``sources.attribute_sentences``).
        include_epistemic: Also keep sentences whose only signal is a hedge word ("may", "appears to").

    Returns:
        Candidates in article order.

    """
    found = []
    first_of_paragraph: dict[int, Sentence] = {}
    for s in sentences:
        first_of_paragraph.setdefault(s.paragraph, s)
    notes = {number for number, s in first_of_paragraph.items() if _EDITORS_NOTE.match(s.text)}
    for sentence in sentences:
        if sentence.paragraph in notes:
            continue  # an editor's note speaks about the article; it reports no claim
        attributions = tuple(sources.by_sentence.get(sentence.index, ()))
        # A quotation that nobody is credited with (a scare quote, a title, a headline) reports no claim:
        # measured on the dev split, the model's answers to such sentences were mostly false claims.
        short = len(sentence.text.split()) < _MIN_RUNNING_WORDS
        if attributions and all(a.running for a in attributions) and short and not _opens_a_quote(sentence):
            continue  # "It always was.": a short sentence of a running quote extends the one before it
        reports = any(a.running or (a.reports_content and a.asserted) for a in attributions)
        if attributions and not reports and not sources.quotes.overlapping(sentence.start, sentence.end):
            continue  # "X testified before the court", "forms to determine who …": no report made
        if attributions:
            units = _split_at_semicolon(sentence, report_units(sentence), attributions)
            units = _split_at_coordinated_cues(sentence, units, attributions, sources)
            claim = _quoted_claim(sentence, attributions, sources, units)
            found.append(Candidate(sentence, attributions, units=units, quoted_claim=claim))
        elif include_epistemic and EPISTEMIC_PATTERN.search(sentence.text):
            found.append(Candidate(sentence, (), units=((sentence.start, sentence.end),)))
    return found


def _split_at_semicolon(
    sentence: Sentence, units: tuple[tuple[int, int], ...], attributions: tuple[Attribution, ...]
) -> tuple[tuple[int, int], ...]:
    """Two reports joined by a semicolon, each with its own cue ("X held Y responsible; he said Z"), are two units."""
    if len(units) != 1:
        return units
    quoted = [(m.start(), m.end()) for m in QUOTE_PATTERN.finditer(sentence.text)]
    cues = [a.cue.start - sentence.start for a in attributions if not a.running]
    for at in (i for i, char in enumerate(sentence.text) if char == ";"):
        if not _inside(at, quoted) and any(c < at for c in cues) and any(c > at for c in cues):
            return ((sentence.start, sentence.start + at), (sentence.start + at + 1, sentence.end))
    return units


def _split_at_coordinated_cues(
    sentence: Sentence,
    units: tuple[tuple[int, int], ...],
    attributions: tuple[Attribution, ...],
    sources: ArticleSources,
) -> tuple[tuple[int, int], ...]:
    """Coordinated reports ("He promised A and stressed B") are one unit each (LABELLING.md).

    Each reporting verb after the first, joined by "and" or "but" outside any quotation, starts a unit of its own
    when both verbs report something, as "…, noting that" does. The parse need not give both verbs one subject
    ("said A and called it B" often reads "it" as the second subject); "…, and according to Y, B" is a unit with Y
    as its source. A report only mentioned ("would not say how much it cost, but stated …") leaves the sentence
    whole: it holds no claim. A cut splits whichever unit it falls in, also one that a continuation made.
    """
    reports = sorted((a for a in attributions if not a.running), key=lambda a: a.cue.start)
    cuts: list[int] = []
    for before, after in zip(reports, reports[1:], strict=False):
        if not before.speaker or not all(r.asserted and r.reports_content for r in (before, after)):
            continue
        at = after.cue.start - sentence.start
        lead = _COORDINATED.search(sentence.text[max(0, at - _LEAD_CHARS) : at]) if after.speaker else None
        source = after.frame.source
        if lead is None and after.speaker not in {None, before.speaker} and source is not None:
            # "X said A, and (but, while, although) Y says B": a second source opens a report of its own
            opens = source.start - sentence.start
            if before.cue.end <= source.start < after.cue.start:
                lead = _SECOND_SOURCE.search(sentence.text[max(0, opens - _LEAD_CHARS) : opens])
                if lead is None and _OPENS_WITH_A_CONTRAST.match(sentence.text):
                    lead = _COMMA.search(sentence.text[max(0, opens - _LEAD_CHARS) : opens])  # "While X said A, Y says B"
                at = opens if lead is not None else at
        reported = before.frame.complement is not None or before.frame.judges
        if lead is None and after.speaker:  # "…, according to X, who said B"
            lead = _RELATIVE.search(sentence.text[max(0, at - _LEAD_CHARS) : at])
        if lead is None and after.cue.text.casefold().endswith("ing") and reported:
            # "X said A, telling the paper B", "X described A as B, saying C": two reports, the second with X's
            # voice (the participle's subject); "X criticised Y, saying B" reports one clause, B
            lead = _COMMA.search(sentence.text[max(0, at - _LEAD_CHARS) : at])
        if lead is not None and not sources.quotes.contains(cut := sentence.start + at - len(lead.group(0))):
            cuts.append(cut)  # never inside a quotation: its words, not a report
    split: list[tuple[int, int]] = []
    for start, end in units:  # a cut splits the unit it falls in ("…, noting that" already made units)
        bounds = [start, *(cut for cut in cuts if start < cut < end), end]
        split.extend((a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a)
    return tuple(split)


# "… and stressed", "…, and also warned", "…, but say": the words between two coordinated reporting verbs' cues.
_LEAD_CHARS = 24
_COORDINATED = re.compile(r"(?:,[ \t]*)?\b(?:and|but)[ \t]+(?:also[ \t]+|then[ \t]+|later[ \t]+)?$")
_COMMA = re.compile(r",[ \t]*$")
_RELATIVE = re.compile(r",[ \t]*(?:who|which)[ \t]+(?:also[ \t]+|later[ \t]+)?$")
_CONTRASTS = "but|while|whereas|although|though"  # the conjunctions that set a second source against the first
_SECOND_SOURCE = re.compile(rf"(?:,[ \t]*)?\b(?:and|{_CONTRASTS})[ \t]+$", re.IGNORECASE)  # "…, and Y said B"
_JOINER_ONLY = re.compile(rf"[ \t]*+,?[ \t]*+(?:(?:and|{_CONTRASTS})[ \t]++)?", re.IGNORECASE)  # possessive: linear
_OPENS_WITH_A_CONTRAST = re.compile(r"[ \t]*(?:while|whereas|although|though)[ \t]", re.IGNORECASE)
_CONTRASTED_OPENING = re.compile(rf",?[ \t]*(?:{_CONTRASTS})[ \t]", re.IGNORECASE)  # a unit that opens with one
_SHORT_ATTRIBUTION_WORDS = 8
_MIN_RUNNING_WORDS = 5
_OPENING_MARKS = frozenset('"“«„')


def _opens_a_quote(sentence: Sentence) -> bool:
    """Whether the sentence begins a quotation ('"This is hard work.'): it extends no earlier sentence."""
    return sentence.text.lstrip()[:1] in _OPENING_MARKS


def _quoted_claim(
    sentence: Sentence,
    attributions: tuple[Attribution, ...],
    sources: ArticleSources,
    units: tuple[tuple[int, int], ...],
) -> str | None:
    """The verbatim claim of a sentence whose words are all one speaker's quotation, else None."""
    if len(units) > 1 or len(attributions) != 1:
        return None
    attribution = attributions[0]
    if attribution.speaker is None or not attribution.asserted:
        return None
    quotes = sources.quotes.overlapping(sentence.start, sentence.end)
    if attribution.running:
        share = sources.quotes.share(sentence.start, sentence.end)
        return _unquote(sentence.text) if share >= 0.9 else None
    if len(quotes) != 1 or not quotes[0].closed or quotes[0].start != sentence.start:
        return None
    quote = quotes[0]
    outside = sentence.text[quote.end - sentence.start :]
    if len(outside.split()) > _SHORT_ATTRIBUTION_WORDS or not quote.end <= attribution.cue.start:
        return None
    return _unquote(sentence.text[: quote.end - sentence.start])


def _unquote(text: str) -> str:
    """The quoted words without their marks and without the comma that hands over to the attribution."""
    return text.strip().strip('"“”«»„').strip().rstrip(",").strip()
